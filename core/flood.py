"""Flood limits for the public forms (volunteer registration, service requests,
certificate look-ups, public nominations and votes): how often one address, device or
phone may act within a window.

Counts live in the cache (Redis in production). When the cache cannot be reached the
limits fail safe, not open: the same limits are counted in the database
(`core.FloodHit`) for as long as the outage lasts, so the citizen's form is still
accepted and a flood is still refused (see docs/decisions.md)."""

import datetime as dt
import logging
from dataclasses import dataclass

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Limit:
    key: str
    limit: int  # hits allowed …
    seconds: int  # … within this window
    message: str = ""  # what to tell the person refused, when the caller needs one per limit


class _CacheDown(Exception):
    pass


def over_limit(*limits: Limit) -> Limit | None:
    """Count one hit against every limit and return None, or return the first limit that
    is already used up and count nothing (a refused attempt does not use up the others)."""
    try:
        return _in_cache(limits)
    except _CacheDown:
        logger.warning("flood limits: cache unreachable, counting in the database")
        return _in_database(limits)


def _in_cache(limits) -> Limit | None:
    counted = []
    for lim in limits:
        try:
            if cache.add(lim.key, 0, lim.seconds) is None:  # django-redis with IGNORE_EXCEPTIONS: no server
                raise _CacheDown
            count = cache.incr(lim.key)
        except ValueError:  # expired between add and incr
            cache.set(lim.key, 1, lim.seconds)
            count = 1
        except _CacheDown:
            raise
        except Exception as exc:  # a cache backend that raises instead of failing open
            raise _CacheDown from exc
        if count is None:
            raise _CacheDown
        counted.append(lim)
        if count > lim.limit:
            for done in counted:
                _uncount(done.key)
            return lim
    return None


def _uncount(key: str) -> None:
    try:
        cache.decr(key)
    except Exception:  # gone or unreachable: the window forgets it either way
        pass


def _in_database(limits) -> Limit | None:
    from .models import FloodHit

    now = timezone.now()
    with transaction.atomic():
        for lim in limits:
            since = now - dt.timedelta(seconds=lim.seconds)
            if FloodHit.objects.filter(key=lim.key, at__gte=since).count() >= lim.limit:
                return lim
        FloodHit.objects.bulk_create([FloodHit(key=lim.key, at=now) for lim in limits])
        FloodHit.objects.filter(at__lt=now - dt.timedelta(days=2)).delete()  # windows are a day at most
    return None
