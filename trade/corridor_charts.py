"""A corridor series as a bar chart (common.charts' layout): one bar per period, in the series' unit."""

from django.utils.translation import gettext

from common import charts
from trade.corridors import UNIT_SCALE


def series_chart(series, title=None):
    unit = series.unit
    scale = UNIT_SCALE[unit][1]
    rows = series.rows
    return charts.bar_chart(
        title or series.label,
        [row.period.label for row in rows],
        [(series.label, "corridor", [(row.value.amount / scale, gettext(row.value.how)) for row in rows])],
        unit=str(unit.label),
        places=0 if scale == 1 else 1,  # counts in their own unit have no decimals: 7,400 TEU, not 7,400.0
    )
