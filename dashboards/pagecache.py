"""The rendered body of a region dashboard, cached so that a page served from snapshots
costs the login check and two cache reads (no query for the region, its breadcrumb or
its figures).

An entry is keyed on region, year, language, the figure registry and the viewer's
*scope root* — the region code below which the viewer may look ("*" for superusers).
For office staff and officials that root is all core.scoping's region rule depends on
(region subtree by GB/T code prefix), and an entry is only written after
`get_scoped_or_404` admitted a viewer with that root. So a hit proves the viewer may
open the region; the view still checks the prefix before using it.

Freshness: every snapshot refresh of a region sets a new version for it (after commit);
an entry built under another version is ignored. Entries also expire after
PAGE_CACHE_SECONDS, so units or region names changed meanwhile show up then."""

import time

from django.core.cache import cache
from django.db import transaction

PAGE_CACHE_SECONDS = 10 * 60


def version_key(code: str) -> str:
    return f"dashboards:ver:{code}"


def page_key(code: str, year: int, language: str, root: str, digest: str) -> str:
    return f"dashboards:page:{code}:{year}:{language}:{root}:{digest}"


def lookup(code: str, key: str) -> tuple[dict | None, int | None]:
    """(the cached entry if it was built under the region's current version, the version)."""
    got = cache.get_many([version_key(code), key])
    version = got.get(version_key(code))
    entry = got.get(key)
    if entry is None or version is None or entry.get("version") != version:
        return None, version
    return entry, version


def current_version(code: str, known: int | None) -> int:
    """The region's version, created if the cache has none."""
    if known is not None:
        return known
    version = time.time_ns()
    if not cache.add(version_key(code), version, None):
        version = cache.get(version_key(code), version)
    return version


def store(key: str, version: int, **parts) -> None:
    cache.set(key, {"version": version, **parts}, PAGE_CACHE_SECONDS)


def bump(codes) -> None:
    """Give the regions a new version once the surrounding transaction has committed."""
    codes = list(codes)

    def _bump():
        version = time.time_ns()
        cache.set_many({version_key(code): version for code in codes}, None)

    transaction.on_commit(_bump)
