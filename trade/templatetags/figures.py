"""Formatting of indicator values; no computing here, only printing."""

from decimal import Decimal

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

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


@register.simple_tag
def value_cell(value):
    """A value in USD million with how it was obtained, linked to its source: one tag, not an include per cell."""
    if value.missing:
        return format_html('<span class="muted">{}</span>', _("n/a"))
    amount = musd(value)
    if value.how == "reported":
        html = format_html(
            '{} <a class="how" href="{}" title="{}">{}</a>',
            amount,
            value.source.get_absolute_url(),
            value.source,
            _("reported"),
        )
        others = value.disagreeing
        if others:
            detail = "; ".join(f"{other.source}: {musd(other.value_usd)}" for other in others)
            label = ngettext("%(n)d other value", "%(n)d other values", len(others)) % {"n": len(others)}
            html += format_html(' <span class="how flag" title="{}">{}</span>', detail, label)
        return html
    label = _("derived") if value.how == "derived" else _("computed")
    return format_html('{} <span class="how" title="{}">{}</span>', amount, value.formula, label)


@register.simple_tag
def change_cell(value):
    """A change in % marked published (linked to its source) or computed."""
    if value.missing:
        return _("n/a")
    if value.how == "reported":
        return format_html(
            '{} <a class="how" href="{}" title="{}">{}</a>',
            pct(value),
            value.source.get_absolute_url(),
            value.source,
            _("published"),
        )
    return format_html(
        '{} <span class="how" title="{}">{}</span>', pct(value), _("worked out from the values"), _("computed")
    )
