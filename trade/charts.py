"""Bar charts drawn on the server as SVG: readable without JavaScript.

Bars start at zero; a missing value draws no bar and says "n/a"; the unit
is USD million and is printed on the axis.
"""

import math
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext

from common.numbers import localized_number

MILLION = Decimal(1_000_000)


@dataclass
class Chart:
    width: int
    height: int
    title: str
    unit: str
    bars: list = field(default_factory=list)
    ticks: list = field(default_factory=list)
    labels: list = field(default_factory=list)
    gaps: list = field(default_factory=list)
    legend: list = field(default_factory=list)
    baseline: float = 0
    left: int = 0
    right: int = 0

    @property
    def empty(self):
        return not self.bars


def nice_step(maximum, count=4):
    """A round step (1, 2 or 5 times a power of ten) that covers `maximum` in about `count` ticks."""
    raw = maximum / count
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 5, 10):
        if raw <= factor * power:
            return factor * power
    return 10 * power


def bar_chart(title, categories, series, *, width=640, height=260, unit=None):
    """`categories`: labels; `series`: [(name, css class, [Value, ...]), ...], one value per category."""
    unit = unit or gettext("USD million")
    top, bottom, left, right = 28, 30, 56, 8
    amounts = [v.amount / MILLION for _n, _c, values in series for v in values if not v.missing]
    chart = Chart(width, height, title, unit, left=left, right=width - right)
    chart.legend = [(name, css) for name, css, _values in series]
    chart.baseline = height - bottom
    if not amounts or max(amounts) <= 0:
        return chart
    step = nice_step(float(max(amounts)))
    top_value = step * math.ceil(float(max(amounts)) / step)
    plot_height = height - top - bottom
    scale = plot_height / top_value
    for i in range(int(round(top_value / step)) + 1):
        value = i * step
        chart.ticks.append({"y": round(chart.baseline - value * scale, 1), "label": localized_number(f"{value:,.0f}")})
    group = (width - left - right) / len(categories)
    bar_width = group * 0.8 / len(series)
    for i, category in enumerate(categories):
        x0 = left + i * group + group * 0.1
        chart.labels.append({"x": round(left + i * group + group / 2, 1), "label": category})
        for j, (name, css, values) in enumerate(series):
            value = values[i]
            x = round(x0 + j * bar_width, 1)
            if value.missing:
                chart.gaps.append({"x": round(x + bar_width / 2, 1), "name": name, "category": category})
                continue
            amount = float(value.amount / MILLION)
            bar_height = round(amount * scale, 1)
            chart.bars.append(
                {
                    "x": x,
                    "y": round(chart.baseline - bar_height, 1),
                    "width": round(bar_width - 2, 1),
                    "height": bar_height,
                    "css": css,
                    "title": f"{name}, {category}: {localized_number(f'{amount:,.1f}')} {unit} ({gettext(value.how)})",
                }
            )
    return chart
