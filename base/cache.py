"""A Redis cache that a stopped Redis cannot take down.

The cache holds what can be computed again or read from the database: sessions (``cached_db`` keeps
them in the database too), rate-limit counters and cached figures. When Redis does not answer, each
call behaves as a miss (reads return the default, writes do nothing) and the page is served from the
database; the outage is logged once a minute, and the health page (``/halsa/``) names it.
"""

import logging
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

log = logging.getLogger(__name__)

UNAVAILABLE = (RedisConnectionError, RedisTimeoutError, OSError)
LOG_EVERY_SECONDS = 60


class ResilientRedisCache(RedisCache):
    _last_logged = 0.0

    def _miss(self, error, default=None):
        now = time.monotonic()
        if now - ResilientRedisCache._last_logged > LOG_EVERY_SECONDS:
            ResilientRedisCache._last_logged = now
            log.warning("Redis does not answer (%s); the cache is bypassed", error)
        return default

    def get(self, key, default=None, version=None):
        try:
            return super().get(key, default, version)
        except UNAVAILABLE as error:
            return self._miss(error, default)

    def get_many(self, keys, version=None):
        try:
            return super().get_many(keys, version)
        except UNAVAILABLE as error:
            return self._miss(error, {})

    def has_key(self, key, version=None):
        try:
            return super().has_key(key, version)
        except UNAVAILABLE as error:
            return self._miss(error, False)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        # "Not added" would tell a rate limit the key exists; with no counter, let the request through.
        try:
            return super().add(key, value, timeout, version)
        except UNAVAILABLE as error:
            return self._miss(error, True)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().set(key, value, timeout, version)
        except UNAVAILABLE as error:
            return self._miss(error)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().set_many(data, timeout, version)
        except UNAVAILABLE as error:
            return self._miss(error, [])

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        try:
            return super().touch(key, timeout, version)
        except UNAVAILABLE as error:
            return self._miss(error, False)

    def incr(self, key, delta=1, version=None):
        try:
            return super().incr(key, delta, version)
        except UNAVAILABLE as error:
            return self._miss(error, delta)

    def delete(self, key, version=None):
        try:
            return super().delete(key, version)
        except UNAVAILABLE as error:
            return self._miss(error, False)

    def delete_many(self, keys, version=None):
        try:
            return super().delete_many(keys, version)
        except UNAVAILABLE as error:
            return self._miss(error)

    def clear(self):
        try:
            return super().clear()
        except UNAVAILABLE as error:
            return self._miss(error, False)
