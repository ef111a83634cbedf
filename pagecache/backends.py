"""A Redis cache shared by several app servers that never turns a Redis outage into an error page.

Django's `RedisCache` raises when Redis cannot be reached, so a page that reads the cache would
answer 500. Everything this project keeps in a cache can be recomputed (rendered pages keyed by the
write stamp, the API's throttle counts), so here a failed call answers as a miss: the page is
rendered afresh, a little slower, and nothing is stored. After a failure Redis is left alone for
`RETRY_AFTER` seconds, so an outage costs one connection attempt per process every few seconds, not
one per cache call; the first call after that tries again, and the cache is back by itself.

The connection and socket timeouts are short (a cache answers in a millisecond or it is down); the
`OPTIONS` of the cache setting can change them.
"""

import logging
import threading
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

log = logging.getLogger(__name__)

RETRY_AFTER = 5.0
DEFAULT_OPTIONS = {"socket_connect_timeout": 0.25, "socket_timeout": 0.5}


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        params = {**params, "OPTIONS": {**DEFAULT_OPTIONS, **params.get("OPTIONS", {})}}
        super().__init__(server, params)
        self._down_until = 0.0
        self._lock = threading.Lock()

    @property
    def available(self):
        return time.monotonic() >= self._down_until

    def _failed(self, error):
        with self._lock:
            first = self.available
            self._down_until = time.monotonic() + RETRY_AFTER
        if first:
            log.warning("Cache unavailable, pages are rendered without it for %ss: %s", RETRY_AFTER, error)

    def _call(self, name, fallback, *args, **kwargs):
        if not self.available:
            return fallback
        try:
            return getattr(super(), name)(*args, **kwargs)
        except RedisError as error:
            self._failed(error)
            return fallback

    def get(self, key, default=None, version=None):
        return self._call("get", default, key, default, version)

    def get_many(self, keys, version=None):
        return self._call("get_many", {}, keys, version)

    def has_key(self, key, version=None):
        return self._call("has_key", False, key, version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("add", False, key, value, timeout, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set", None, key, value, timeout, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set_many", list(data), data, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("touch", False, key, timeout, version)

    def delete(self, key, version=None):
        return self._call("delete", False, key, version)

    def delete_many(self, keys, version=None):
        return self._call("delete_many", None, keys, version)

    def clear(self):
        return self._call("clear", False)

    def incr(self, key, delta=1, version=None):
        """Raises ValueError, as for a missing key, while Redis is away: callers already handle that."""
        missing = object()
        value = self._call("incr", missing, key, delta, version)
        if value is missing:
            raise ValueError(f"Key {key!r} not found (the cache is unavailable).")
        return value
