"""The trade a proposal is meant to move, read through the trade engine."""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from trade import indicators
from trade.charts import bar_chart
from trade.indicators import Period
from trade.models import ProductGroup


@dataclass
class GroupLine:
    group: ProductGroup
    series: indicators.Series
    baseline: indicators.Value
    latest: indicators.Value
    latest_period: Period | None
    change: indicators.Value


@dataclass
class ProposalIndicators:
    measure: str
    groups: list
    lines: list = field(default_factory=list)
    chart: object = None
    context: indicators.Series | None = None  # total trade, when the goods have no figures yet

    @property
    def has_goods(self):
        return bool(self.groups)

    @property
    def has_data(self):
        return any(line.series.has_data for line in self.lines)

    @property
    def fallback(self):
        return next((line.series for line in self.lines if line.series.fallback), None)


def latest_yearly(series, measure):
    for row in reversed(series.yearly):
        if not row.values[measure].missing:
            return row.period, row.values[measure]
    return None, indicators.MISSING_VALUE


def for_proposal(proposal):
    """Indicators of the flow a proposal targets: its groups, or its sector's."""
    groups = list(proposal.target_product_groups.all()) or list(proposal.sector.product_groups.all())
    measure = proposal.target_direction
    result = ProposalIndicators(measure=measure, groups=groups)
    if not groups:
        return result
    total = ProductGroup.objects.get(code=ProductGroup.TOTAL_CODE)
    wanted = groups if total in groups else [*groups, total]
    by_code = indicators.pair_series_many(proposal.from_economy, proposal.to_economy, wanted)
    baseline_period = Period(proposal.baseline_year, 1, 12) if proposal.baseline_year else None
    for group in groups:
        series = by_code[group.code]
        base_row = series.row_for(baseline_period) if baseline_period else None
        baseline = base_row.values[measure] if base_row else indicators.MISSING_VALUE
        latest_period, latest = latest_yearly(series, measure)
        change = (
            indicators.change_pct(latest, baseline)
            if latest_period and baseline_period and latest_period.year > baseline_period.year
            else indicators.MISSING_VALUE
        )
        result.lines.append(GroupLine(group, series, baseline, latest, latest_period, change))
    years = sorted({row.period for line in result.lines for row in line.series.yearly}, key=lambda p: p.year)
    label = str(indicators.TradeFigure.Measure(measure).label)
    result.chart = bar_chart(
        _("%(measure)s of the goods this proposal targets, by year") % {"measure": label},
        [p.label for p in years],
        [
            (
                label,
                measure,
                [
                    indicators.sum_groups(
                        (line.series.row_for(p).values[measure] if line.series.row_for(p) else indicators.MISSING_VALUE)
                        for line in result.lines
                    )
                    for p in years
                ],
            )
        ],
    )
    if not result.has_data and total not in groups:
        result.context = by_code[total.code]
    return result
