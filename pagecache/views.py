"""Whole pages for visitors from the cache, keyed by the database's write stamp, so never stale.

A page is served from the cache only under the stamp it was rendered at, so it is always the page a
fresh render would give, up to the last committed write. The key also holds everything else a page
depends on: the path and query, the language and the local date.

Only visitors who are not logged in are served from the cache: they share one copy of each page, so
under load one render serves every visitor until the next write. A logged-in user's pages are their
own (their name, their permissions, their form token, what staff may see), so a copy would only ever
serve that one user, and only until anyone writes; staff write all day, so such copies were almost
never read again and only pushed the shared ones out of the cache. Their pages are always rendered.
"""

import functools
import hashlib

from django.conf import settings
from django.contrib import messages
from django.core.cache import caches
from django.db import connection
from django.utils import timezone
from django.utils.translation import get_language

from pagecache.stamp import stamp


def enabled(request):
    # Inside a transaction (a test case, or a request that has written) the stamp may count writes
    # that are later rolled back, so nothing is cached or served from the cache there.
    return (
        settings.PAGE_CACHE
        and request.method == "GET"
        and not request.user.is_authenticated
        and not connection.in_atomic_block
    )


def cache_key(request, at):
    parts = [str(at), timezone.localdate().isoformat(), get_language() or "", request.get_full_path()]
    return "page:" + hashlib.sha256("\n".join(parts).encode()).hexdigest()


def storable(request, response, csrf_cookie):
    return (
        response.status_code == 200
        and not response.streaming
        # No cookie but the CSRF cookie the request came with (the admin's views renew it on every page).
        and all(
            name == settings.CSRF_COOKIE_NAME and morsel.value == csrf_cookie
            for name, morsel in response.cookies.items()
        )  # fmt: skip
        and not len(messages.get_messages(request))
        and not messages.get_messages(request).used
        # A page with a form token is that visitor's alone: visitors share one copy.
        and request.META.get("CSRF_COOKIE", "") == csrf_cookie
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
    )


def cached_page(view):
    """Serve a GET page from the cache when nothing it shows has changed since it was rendered."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        # A page with messages waiting shows them once; it is neither served from nor put in the cache.
        if not enabled(request) or len(messages.get_messages(request)):
            return view(request, *args, **kwargs)
        cache = caches[settings.PAGE_CACHE_ALIAS]
        key = cache_key(request, stamp())
        response = cache.get(key)
        if response is not None:
            return response
        csrf_cookie = request.META.get("CSRF_COOKIE", "")
        response = view(request, *args, **kwargs)
        if callable(getattr(response, "render", None)):
            response = response.render()
        if storable(request, response, csrf_cookie):
            cache.set(key, response, settings.PAGE_CACHE_SECONDS)
        return response

    return wrapper
