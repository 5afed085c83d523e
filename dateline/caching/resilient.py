"""Django's Redis cache, except that an unreachable Redis is a cache miss.

Everything Dateline keeps in Redis can be rebuilt from the database, so a
Redis outage should cost speed, never pages: reads answer "not cached", writes
and deletes are skipped, and the error is logged. After a failure the cache
stays off for a few seconds (per process) instead of making every call wait
for another connection attempt.
"""

import logging
import time
from collections.abc import Callable
from typing import Any

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger("dateline.caching")

REDIS_DOWN = (RedisConnectionError, RedisTimeoutError)
# A dead Redis on another host would otherwise hold each call for the OS
# connect timeout (minutes); on a LAN a healthy one answers in a millisecond.
DEFAULT_OPTIONS = {"socket_connect_timeout": 0.5, "socket_timeout": 1.0}
RETRY_AFTER_SECONDS = 5.0


class ResilientRedisCache(RedisCache):
    # Shared by every instance in the process (Django makes one per thread).
    _down_until: dict[str, float] = {}

    def __init__(self, server, params: dict[str, Any]) -> None:
        params = {**params, "OPTIONS": {**DEFAULT_OPTIONS, **params.get("OPTIONS", {})}}
        super().__init__(server, params)
        self._where = ",".join(self._servers)

    def _attempt(self, call: Callable[[], Any], miss: Any) -> Any:
        if time.monotonic() < self._down_until.get(self._where, 0.0):
            return miss
        try:
            return call()
        except REDIS_DOWN as exc:
            self._down_until[self._where] = time.monotonic() + RETRY_AFTER_SECONDS
            logger.error(
                "Redis at %s is unreachable (%s); serving without it for %.0f s",
                self._where,
                exc,
                RETRY_AFTER_SECONDS,
            )
            return miss

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._attempt(lambda: super(ResilientRedisCache, self).add(
            key, value, timeout, version), False)  # fmt: skip

    def get(self, key, default=None, version=None):
        return self._attempt(lambda: super(ResilientRedisCache, self).get(
            key, default, version), default)  # fmt: skip

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._attempt(lambda: super(ResilientRedisCache, self).set(
            key, value, timeout, version), None)  # fmt: skip

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._attempt(lambda: super(ResilientRedisCache, self).touch(
            key, timeout, version), False)  # fmt: skip

    def delete(self, key, version=None):
        return self._attempt(lambda: super(ResilientRedisCache, self).delete(key, version), False)

    def get_many(self, keys, version=None):
        return self._attempt(lambda: super(ResilientRedisCache, self).get_many(keys, version), {})

    def has_key(self, key, version=None):
        return self._attempt(lambda: super(ResilientRedisCache, self).has_key(key, version), False)

    def incr(self, key, delta=1, version=None):
        missing = object()
        found = self._attempt(
            lambda: super(ResilientRedisCache, self).incr(key, delta, version), missing
        )
        if found is missing:
            # What Django's caches raise for a key they don't hold.
            raise ValueError(f"Key '{key}' not found (the cache is unreachable)")
        return found

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._attempt(
            lambda: super(ResilientRedisCache, self).set_many(data, timeout, version), list(data)
        )

    def delete_many(self, keys, version=None):
        return self._attempt(
            lambda: super(ResilientRedisCache, self).delete_many(keys, version), None
        )

    def clear(self):
        return self._attempt(lambda: super(ResilientRedisCache, self).clear(), False)
