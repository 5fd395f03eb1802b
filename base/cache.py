"""A Redis cache that a stopped Redis cannot take down.

The cache holds what can be computed again or read from the database: sessions (``cached_db`` keeps
them in the database too), rate-limit counters and cached figures (``cached_figures`` below). When
Redis does not answer, each call behaves as a miss (reads return the default, writes do nothing)
and the page is served from the database; the outage is logged once a minute, and the health page
(``/halsa/``) names it.
"""

import logging
import time
import uuid

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

log = logging.getLogger(__name__)

UNAVAILABLE = (RedisConnectionError, RedisTimeoutError, OSError)
LOG_EVERY_SECONDS = 60


class ReusedClientRedisCacheClient(RedisCacheClient):
    """Django's client makes a new ``redis.Redis`` for every call, and with it a table of some 170
    response callbacks: a page reading the cache four times spent more on that than on Redis. One
    ``redis.Redis`` per connection pool serves every call (it is safe to share between threads)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class ResilientRedisCache(RedisCache):
    _last_logged = 0.0

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusedClientRedisCacheClient

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


# Figures computed from many records (the steering dashboard's) --------------------------------------
#
# They are kept in the cache under a version that every change to a record they are computed from
# replaces (``figures_changed``, connected to post_save, post_delete and m2m_changed by
# ``invalidate_figures_on_changes``), so a page never shows a figure older than the last saved
# record. Writes that send no signal (QuerySet.update, bulk_create) are caught by the timeout.

FIGURES_VERSION_KEY = "figures:version"
FIGURES_TIMEOUT = 10 * 60


def _figures_version(cache) -> str:
    version = cache.get(FIGURES_VERSION_KEY)
    if version is None:
        version = uuid.uuid4().hex
        # add: two processes starting at once agree on one version.
        if not cache.add(FIGURES_VERSION_KEY, version, None):
            version = cache.get(FIGURES_VERSION_KEY) or version
    return version


def figures_key(name: str) -> str:
    """The cache key of the figures ``name`` under the current version: a key that every change to a
    record the figures are computed from retires. For figures kept in several entries (read with
    ``get_many``); ``cached_figures`` keeps one value under it."""
    from django.core.cache import cache

    return f"figures:{_figures_version(cache)}:{name}"


def cached_figures(name: str, compute, *, timeout: int = FIGURES_TIMEOUT):
    """``compute()``'s value, kept under ``name`` until a record changes (or ``timeout`` passes)."""
    from django.core.cache import cache

    key = figures_key(name)
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, timeout)
    return value


def reader_of(user) -> str:
    """A person's own copy, in the key of cached figures or rows that depend on what they may see.
    Figures that every reader of a kind sees alike share a name of their own instead ("public",
    "national", revisioner.access.follow_up_reader's "all")."""
    return f"user-{user.pk}"


def figures_changed(**kwargs) -> None:
    from django.core.cache import cache

    cache.set(FIGURES_VERSION_KEY, uuid.uuid4().hex, None)


# Fields no figure is computed from, whose saves alone keep the cached figures.
UNFIGURED_FIELDS = {"last_login"}


def invalidate_figures_on_changes(app_labels) -> None:
    """Forget the cached figures whenever a record of one of the apps ``app_labels()`` names is
    saved or deleted (its historical record, saved along with it, is not looked at). A callable, so
    that the apps can be read from a registry filled after this is connected."""
    from django.db import transaction
    from django.db.models.signals import m2m_changed, post_delete, post_save

    def changed(sender, update_fields=None, **kwargs):
        if update_fields and set(update_fields) <= UNFIGURED_FIELDS:
            return  # a login (last_login) changes no figure; it would empty the cache at every login
        if sender._meta.app_label in app_labels() and not sender.__name__.startswith("Historical"):
            figures_changed()
            # Again once the change is committed: a page that read the database before the commit
            # may have cached the old figures under the new version meanwhile.
            transaction.on_commit(figures_changed)

    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(changed, dispatch_uid=f"figures-changed-{id(signal)}", weak=False)
