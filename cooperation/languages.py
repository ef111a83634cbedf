"""The language of a page: from its URL, else the reader's choice (cookie), else the browser, else the default.

Every page but the default language's carries its language in the URL (/kk/proposals/), so a page can be
bookmarked and shared in the language it was read in. An unprefixed URL is always the default language's
page; a reader who chose, or whose browser asks for, another language is sent on to that language's URL.
"""

from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.http import HttpResponseRedirect
from django.urls import NoReverseMatch, reverse, translate_url
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.encoding import iri_to_uri
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import check_for_language, get_language_from_path, get_language_from_request
from django.utils.translation.trans_real import get_supported_language_variant
from django.views.decorators.cache import never_cache

SAFE_METHODS = ("GET", "HEAD")


def supported(code):
    """The supported language a code names ("ru-RU" -> "ru"), or None."""
    try:
        return get_supported_language_variant(code or "")
    except LookupError:
        return None


def translated(url, language):
    """A local URL in another language: "/kk/proposals/?q=x" in Russian is "/ru/proposals/?q=x".

    The URL is read in the language its own prefix names (none: the default language), whatever
    language is active; a URL that is no page of ours comes back as it is.
    """
    source = get_language_from_path(urlsplit(url).path) or settings.LANGUAGE_CODE
    with translation.override(source):
        return translate_url(url, language)


class PreferredLanguageRedirectMiddleware:
    """Send a GET for an unprefixed page on to the language the reader prefers, when that is not the default.

    The reader's preference is the language cookie, or without one the browser's Accept-Language. A
    cookie naming the default language keeps the reader on the unprefixed page; a POST is never
    redirected (it would lose its body). Pages outside the language prefix (/healthz) are left alone.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        unprefixed = request.method in SAFE_METHODS and get_language_from_path(request.path_info) is None
        if unprefixed:
            wanted = get_language_from_request(request, check_path=False)
            if wanted != settings.LANGUAGE_CODE:
                target = translated(request.get_full_path(), wanted)
                if target != request.get_full_path():
                    response = HttpResponseRedirect(target)
                    patch_vary_headers(response, ("Cookie", "Accept-Language"))
                    return response
        response = self.get_response(request)
        if unprefixed:
            # The same unprefixed URL redirects or not by the cookie and the browser's languages.
            patch_vary_headers(response, ("Cookie", "Accept-Language"))
        return response


@never_cache
def switch_language(request):
    """Remember the reader's choice of language and go to the page they were on, in that language.

    A GET link, not a form: a form needs a CSRF token, and a page carrying a visitor's token cannot be
    shared from the page cache. Choosing a language changes nothing but the reader's own cookie.
    """
    language = supported(request.GET.get("language"))
    next_url = request.GET.get("next") or "/"
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "/"
    if language is None or not check_for_language(language):
        return HttpResponseRedirect(next_url)
    response = HttpResponseRedirect(translated(next_url, language))
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response


def in_language(request, language):
    """The current page's URL in `language`: `translated`, from the URL pattern the request was already matched
    to (instead of matching its path again for each language)."""
    match = request.resolver_match
    if match is None or not match.url_name:
        return translated(request.get_full_path(), language)
    with translation.override(language):
        try:
            url = reverse(match.view_name, args=match.args, kwargs=match.kwargs)
        except NoReverseMatch:
            return translated(request.get_full_path(), language)
    query = request.META.get("QUERY_STRING")
    return f"{url}?{iri_to_uri(query)}" if query else url


def language_links(request):
    """Each language's code and own name, the current page's URL in it, its switch link, and whether it is current."""
    current = translation.get_language()
    switch = reverse("switch_language")
    links = []
    for code, name in settings.LANGUAGES:
        url = in_language(request, code)
        links.append(
            {
                "code": code,
                "name": name,
                "url": url,
                "switch_url": f"{switch}?{urlencode({'language': code, 'next': url})}",
                "current": code == current,
            }
        )
    return links
