"""Formatting of indicator values; no computing here, only printing."""

from decimal import Decimal

from django import template
from django.utils.translation import gettext as _

register = template.Library()
MILLION = Decimal(1_000_000)


@register.filter
def musd(value):
    """USD as millions with one decimal: 529400000 -> "529.4"; a Value or a Decimal."""
    amount = getattr(value, "amount", value)
    if amount is None:
        return _("n/a")
    return f"{amount / MILLION:,.1f}"


@register.filter
def pct(value):
    """A change in % with its sign and one decimal: "+14.3 %"."""
    amount = getattr(value, "amount", value)
    if amount is None:
        return _("n/a")
    return f"{amount:+.1f} %"


@register.filter
def get(mapping, key):
    return mapping.get(key)
