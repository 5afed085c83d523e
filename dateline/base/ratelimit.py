"""How many writes an address may make in a window: the one counter behind
the public forms (comments, newsletter signups).

A count per address lives in the default cache for the window. With the cache
unreachable this fails open (the count reads as 0): every public write also
passes CSRF and its form's own checks, so an outage costs at most some extra
posts, while failing closed would turn a cache outage into refusing every
reader.
"""

from django.conf import settings
from django.core.cache import cache

from .invalidation import cache_key, register_prefix


class RateLimit:
    """At most `settings.<setting>[0]` counted writes per address in
    `settings.<setting>[1]` seconds. Only what the caller counts uses up a turn
    (an accepted post, not one sent back with a slip)."""

    def __init__(self, prefix: str, purpose: str, setting: str):
        self.prefix = register_prefix(prefix, purpose)
        self.setting = setting

    def _key(self, address: str) -> str:
        return cache_key(self.prefix, address)

    def exceeded(self, address: str) -> bool:
        limit, _ = getattr(settings, self.setting)
        return cache.get(self._key(address), 0) >= limit

    def count(self, address: str) -> None:
        _, window = getattr(settings, self.setting)
        key = self._key(address)
        cache.add(key, 0, window)
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, window)
