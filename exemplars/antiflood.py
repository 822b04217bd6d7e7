"""Counters in the Django cache that cap how often one IP or device may act."""

from django.core.cache import cache


def hit(key: str, limit: int, ttl: int) -> bool:
    """Count one hit on `key`; False once the count is over `limit` within `ttl` seconds."""
    cache.add(key, 0, ttl)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, ttl)
        count = 1
    return count <= limit


def under(key: str, limit: int) -> bool:
    """True while `key` has been hit fewer than `limit` times (does not count a hit)."""
    return (cache.get(key) or 0) < limit
