"""Whole pages from the cache, keyed by the database's write stamp, so a cached page is never stale.

A page is served from the cache only under the stamp it was rendered at, so it is always the page a
fresh render would give, up to the last committed write. The key also holds everything else a page
depends on: the path and query, the language, the local date (days in status, overdue follow-ups),
and who is asking. Anonymous visitors share one copy; a logged-in user gets their own (their name,
their permissions, the form token drawn from their CSRF cookie).

Put the decorator after the access checks: a page is cached per user, but it is the check that
decides whether that user may see it at all.
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
    return settings.PAGE_CACHE and request.method == "GET" and not connection.in_atomic_block


def audience(request):
    user = request.user
    if not user.is_authenticated:
        return "anonymous"
    return f"user:{user.pk}:{request.session.session_key}:{request.META.get('CSRF_COOKIE', '')}"


def cache_key(request, at):
    parts = [str(at), timezone.localdate().isoformat(), get_language() or "", audience(request),
             request.get_full_path()]  # fmt: skip
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
        # A page that drew a new form token for this request must not be given to the next one,
        # and a visitor's page with a form token is theirs alone (visitors share one copy).
        and request.META.get("CSRF_COOKIE", "") == csrf_cookie
        and (request.user.is_authenticated or not request.META.get("CSRF_COOKIE_NEEDS_UPDATE"))
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


class CachedChangelistMixin:
    """A ModelAdmin whose changelist pages come from the page cache (the admin has checked access first)."""

    def changelist_view(self, request, extra_context=None):
        return cached_page(super().changelist_view)(request, extra_context)
