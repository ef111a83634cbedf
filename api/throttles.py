"""Rate limits: per token for token callers, per address for everyone (a token does not lift the
address's limit), counted in the default cache.

Each limit counts the requests of the current window (an hour for "1000/hour") in one cache entry,
raised with the cache's own increment. DRF's throttles keep a list of every request's time instead,
read and written back whole: two requests at once both read the same list and one of them is lost,
and every request reads and writes as many timestamps as came before it in the hour. A window that
starts afresh lets a caller make up to twice the rate across its boundary; the limit is there to stop
floods, not to meter.
"""

import math

from rest_framework.throttling import SimpleRateThrottle


class CountingThrottle(SimpleRateThrottle):
    def allow_request(self, request, view):
        if self.rate is None:
            return True
        ident = self.get_cache_key(request, view)
        if ident is None:
            return True
        self.now = self.timer()
        window = int(self.now // self.duration)
        self.window_ends = (window + 1) * self.duration
        key = f"{ident}:{window}"
        try:
            count = self.cache.incr(key)
        except ValueError:  # the window's first request (or the cache is away)
            # Kept until its window ends: a later window counts under another key.
            if self.cache.add(key, 1, math.ceil(self.window_ends - self.now) + 1):
                count = 1
            else:
                try:
                    count = self.cache.incr(key)  # another request added it first
                except ValueError:  # the cache is away: the request is not counted
                    return True
        return count <= self.num_requests

    def wait(self):
        return max(self.window_ends - self.now, 0)


class TokenRateThrottle(CountingThrottle):
    scope = "token"

    def get_cache_key(self, request, view):
        if request.auth is None or not hasattr(request.auth, "pk"):
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.auth.pk}


class AddressRateThrottle(CountingThrottle):
    scope = "address"

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}
