"""Bar charts laid out on the server for an SVG: readable without JavaScript.

Only the layout is here: bars start at zero, the axis has round ticks, a missing value draws no bar
and leaves a gap that says "n/a", and the unit is printed on the axis. What the numbers are, and how
they are scaled to the unit, is the caller's (trade.charts for trade values in USD million). The
markup is templates/includes/bar_chart.html.
"""

import math
from dataclasses import dataclass, field

from common.numbers import grouped


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


def bar_chart(title, categories, series, *, unit, width=640, height=260, places=1):
    """`categories`: labels; `series`: [(name, css class, [bar, ...]), ...], one bar per category.

    A bar is (amount in `unit`, a note for its tooltip, e.g. how the value was obtained), or None
    where there is no value; its tooltip prints the amount with `places` decimals (none for counts).
    """
    top, bottom, left, right = 28, 30, 56, 8
    amounts = [bar[0] for _n, _c, bars in series for bar in bars if bar is not None]
    chart = Chart(width, height, title, unit, left=left, right=width - right)
    chart.legend = [(name, css) for name, css, _bars in series]
    chart.baseline = height - bottom
    if not amounts or max(amounts) <= 0:
        return chart
    step = nice_step(float(max(amounts)))
    top_value = step * math.ceil(float(max(amounts)) / step)
    plot_height = height - top - bottom
    scale = plot_height / top_value
    for i in range(int(round(top_value / step)) + 1):
        value = i * step
        chart.ticks.append({"y": round(chart.baseline - value * scale, 1), "label": grouped(value)})
    group = (width - left - right) / len(categories)
    bar_width = group * 0.8 / len(series)
    for i, category in enumerate(categories):
        x0 = left + i * group + group * 0.1
        chart.labels.append({"x": round(left + i * group + group / 2, 1), "label": category})
        for j, (name, css, bars) in enumerate(series):
            bar = bars[i]
            x = round(x0 + j * bar_width, 1)
            if bar is None:
                chart.gaps.append({"x": round(x + bar_width / 2, 1), "name": name, "category": category})
                continue
            amount, note = float(bar[0]), bar[1]
            bar_height = round(amount * scale, 1)
            chart.bars.append(
                {
                    "x": x,
                    "y": round(chart.baseline - bar_height, 1),
                    "width": round(bar_width - 2, 1),
                    "height": bar_height,
                    "css": css,
                    "title": f"{name}, {category}: {grouped(amount, places)} {unit} ({note})",
                }
            )
    return chart
