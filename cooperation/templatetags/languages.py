"""The language switcher and the current page's address in every language."""

from django import template

from cooperation.languages import language_links

register = template.Library()


@register.simple_tag(takes_context=True)
def languages(context):
    """The current page in each language (see cooperation.languages.language_links); none without a request."""
    request = context.get("request")
    return language_links(request) if request is not None else []


@register.filter
def under(path, prefix):
    """Whether a path is the page at `prefix` or below it: "/kk/proposals/x/" is under "/kk/proposals/"."""
    return bool(prefix) and str(path).startswith(str(prefix))
