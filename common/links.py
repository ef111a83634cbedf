"""Reversing the URLs of records, remembered: with language-prefixed URLs `reverse` is slow; lists call it per row."""

import functools

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language


@functools.lru_cache(maxsize=8192)
def _reverse(viewname, args, language, default_language, script_prefix, urlconf):
    # A pure function of its key: the URL patterns do not change while the process runs, and everything
    # else reverse() reads (the active language, the default one, the script prefix, the URL conf) is in it.
    return reverse(viewname, args=args, urlconf=urlconf)


def record_url(viewname, *args):
    """reverse(viewname, args=args), remembered per language and script prefix (no database content)."""
    return _reverse(
        viewname,
        args,
        get_language(),
        settings.LANGUAGE_CODE,
        get_script_prefix(),
        get_urlconf() or settings.ROOT_URLCONF,
    )
