"""Printing corridor values: the digits and qualifier a source printed, in the series' unit, linked to the source."""

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

from trade.corridor_series import amount_in, published_text
from trade.corridors import Unit
from trade.templatetags.figures import reported_html

register = template.Library()


def _number(value, unit):
    figure = value.figure
    if figure is not None and figure.unit == unit:
        return published_text(figure, unit=False)
    return amount_in(value.amount, unit)


@register.simple_tag
def corridor_value(value, unit):
    """A corridor value in `unit` (as printed, when printed in it), how it was obtained, its source a click away."""
    if value.missing:
        return format_html('<span class="muted">{}</span>', _("n/a"))
    if value.how != "reported":
        return format_html('{} <span class="how">{}</span>', amount_in(value.amount, unit), _("computed"))
    return reported_html(_number(value, unit), value, published_text)


@register.filter
def unit_label(unit):
    return Unit(unit).label


@register.filter
def published(figure):
    """A corridor figure as its source printed it: “over 3.8 million tonnes”."""
    return published_text(figure)
