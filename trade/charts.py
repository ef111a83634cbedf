"""Trade's bar charts: values in USD million, each bar saying how its value was obtained.

The layout (axis, ticks, bars, gaps) is common.charts'; here trade Values become its bars.
"""

from django.utils.translation import gettext

from common import charts
from common.numbers import MILLION


def bar_chart(title, categories, series, *, width=640, height=260, unit=None):
    """`categories`: labels; `series`: [(name, css class, [Value, ...]), ...], one value per category."""
    bars = [
        (name, css, [None if value.missing else (value.amount / MILLION, gettext(value.how)) for value in values])
        for name, css, values in series
    ]
    return charts.bar_chart(title, categories, bars, unit=unit or gettext("USD million"), width=width, height=height)
