"""Formatting of indicator values; no computing here, only printing.

Numbers are printed in the active language's separators (529.4 in English is 529,4 in Russian), with
exactly the digits a plain print gives: never rounded again, never re-computed. Exports do not use
these filters: a CSV or spreadsheet keeps plain numbers with a decimal point.
"""

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from common.numbers import localized_number, millions, published_number, signed_percent
from trade import indicators

register = template.Library()


@register.filter
def musd(value):
    """USD as millions with one decimal: 529400000 -> "529.4"; a Value or a Decimal."""
    return millions(getattr(value, "amount", value))


@register.filter
def pct(value):
    """A change in % with its sign and one decimal: "+14.3 %"."""
    return signed_percent(getattr(value, "amount", value))


@register.filter
def published_pct(figure):
    """A source's published change as it printed it: "+40 %", "-17.3 %", never "+4E+1 %"."""
    if figure is None or figure.change_pct is None:
        return ""
    return f"{published_number(figure.change_pct, figure.change_pct_step, sign=True)} %"


@register.filter
def published_musd(figure):
    """A source's value in USD million to the digits it printed: "529.4", "1,234,567.891" (in English)."""
    return localized_number(indicators.published_musd(figure))


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
        return reported_html(amount, value, lambda other: musd(other.value_usd))
    label = _("derived") if value.how == "derived" else _("computed")
    return format_html('{} <span class="how" title="{}">{}</span>', amount, value.formula, label)


def reported_html(text, value, other_text):
    """A reported value's `text` marked reported and linked to its source, with the other sources' values
    (`other_text(figure)` each) in a note beside it."""
    html = format_html(
        '{} <a class="how" href="{}" title="{}">{}</a>',
        text,
        value.source.get_absolute_url(),
        value.source,
        _("reported"),
    )
    others = value.disagreeing
    if others:
        detail = "; ".join(f"{other.source}: {other_text(other)}" for other in others)
        label = ngettext("%(n)d other value", "%(n)d other values", len(others)) % {"n": len(others)}
        html += format_html(' <span class="how flag" title="{}">{}</span>', detail, label)
    return html


@register.simple_tag
def change_cell(value, flags=None, period=None, measure=None):
    """A change in % marked published (linked to its source) or computed, with a mark where a source's claim is flagged.

    `flags` maps (period, measure) to the flags on that key's figures (trade.consistency.SeriesFlags.by_cell).
    """
    if value.missing:
        html = format_html("{}", _("n/a"))
    elif value.how == "reported":
        html = format_html(
            '{} <a class="how" href="{}" title="{}">{}</a>',
            published_pct(value.figure),
            value.source.get_absolute_url(),
            value.source,
            _("published"),
        )
    else:
        html = format_html(
            '{} <span class="how" title="{}">{}</span>', pct(value), _("worked out from the values"), _("computed")
        )
    for check in (flags or {}).get((period, measure), ()):
        label = _("explained") if check.explained else _("contradicted")
        html += format_html(
            ' <a class="how flag" href="#flag-{}" title="{}">{}</a>', check.pk, check.figure.source, label
        )
    return html


@register.simple_tag
def flag_item(check, with_pair=False):
    """One stored flag as a list item: what is wrong, the source that printed it (linked), and any explanation."""
    figure = check.figure
    where = figure.period_label
    if with_pair:
        where = f"{figure.reporter.code}–{figure.partner.code}, {figure.product_group.code}, {where}"
    html = format_html(
        '<li id="flag-{}" class="flag">{}: {} <a href="{}">{}</a>',
        check.pk,
        where,
        check.message,
        figure.source.get_absolute_url(),
        figure.source,
    )
    if check.explained:
        html += format_html(' <span class="how">{}</span> {}', _("explained"), check.explanation)
    return html + mark_safe("</li>")  # noqa: S308 - a constant closing tag
