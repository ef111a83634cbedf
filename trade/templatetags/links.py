"""Links from stored addresses: only http and https ever become a link."""

from django import template
from django.core.exceptions import ValidationError

from trade.models import validate_web_url

register = template.Library()


@register.filter
def is_web_url(value):
    """True for an http(s) address. Stored addresses are checked on every write; this keeps a link
    saved before that rule, or typed into the database by hand, from ever reaching a page as a link."""
    try:
        validate_web_url(value or "")
    except ValidationError:
        return False
    return True
