"""The trade a proposal is meant to move, read through the trade engine."""

from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from common.numbers import grouped, millions
from cooperation.models import Movement
from trade import indicators
from trade.charts import bar_chart
from trade.corridors import BASE_UNIT
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
    mirror: indicators.Value = indicators.MISSING_VALUE  # the latest value as the partner reports it


@dataclass
class ProposalIndicators:
    measure: str
    groups: list
    lines: list = field(default_factory=list)
    chart: object = None
    context: indicators.Series | None = None  # total trade, when the goods have no figures yet
    baseline_year: int | None = None
    unit: str = "USD"

    @property
    def has_goods(self):
        return bool(self.groups)

    @property
    def has_data(self):
        return any(line.series.has_data for line in self.lines)

    @property
    def fallback(self):
        return next((line.series for line in self.lines if line.series.fallback), None)

    @property
    def years(self):
        """Every full year some targeted group has figures for, in order."""
        return sorted({row.period for line in self.lines for row in line.series.yearly}, key=lambda p: p.year)

    def rows_for(self, period):
        return [line.series.row_for(period) for line in self.lines]

    def total_for(self, period):
        """The targeted goods together in one period: the sum over the groups, only when each has a value."""
        return indicators.sum_groups(
            row.values[self.measure] if row else indicators.MISSING_VALUE for row in self.rows_for(period)
        )

    @cached_property
    def headline(self):
        """Baseline, latest and change of all the targeted goods together: what lists sort and filter by."""
        baseline_period = Period(self.baseline_year, 1, 12) if self.baseline_year else None
        baseline = self.total_for(baseline_period) if baseline_period else indicators.MISSING_VALUE
        latest_period, latest = None, indicators.MISSING_VALUE
        for period in reversed(self.years):
            value = self.total_for(period)
            if not value.missing:
                latest_period, latest = period, value
                break
        later = latest_period and baseline_period and latest_period.year > baseline_period.year
        change = indicators.change_pct(latest, baseline) if later else indicators.MISSING_VALUE
        periods = [p for p in (baseline_period, latest_period) if p]
        contradicted = any(row and row.flags for p in periods for row in self.rows_for(p))
        return Headline(
            measure=self.measure,
            unit=self.unit,
            baseline_period=baseline_period,
            baseline=baseline,
            baseline_sources=self.sources_for(baseline_period),
            latest_period=latest_period,
            latest=latest,
            latest_sources=self.sources_for(latest_period),
            change=change,
            contradicted=contradicted,
        )

    @property
    def flags(self):
        """(group, period, claim) of every published number the figures behind the headline contradict."""
        periods = {p for p in (self.headline.baseline_period, self.headline.latest_period) if p}
        return [
            (line.group, period, claim)
            for line in self.lines
            for period, claim in line.series.flags
            if period in periods
        ]

    def sources_for(self, period):
        """The sources of the reported figures a period's value rests on (derived values included)."""
        if period is None or self.total_for(period).missing:
            return []
        measures = {self.measure}
        ids = set()
        for row in self.rows_for(period):
            value = row.values[self.measure]
            used = measures if value.how == indicators.REPORTED else set(indicators.MIRROR_OF)
            ids |= {row.values[m].figure.source_id for m in used if row.values[m].how == indicators.REPORTED}
        return sorted(ids)


@dataclass(frozen=True)
class Headline:
    measure: str
    unit: str
    baseline_period: Period | None
    baseline: indicators.Value
    baseline_sources: list
    latest_period: Period | None
    latest: indicators.Value
    latest_sources: list
    change: indicators.Value
    contradicted: bool

    @property
    def movement(self):
        """Up or down only when the whole interval rounding allows is on that side of zero."""
        if self.change.missing:
            return Movement.NO_DATA
        if self.change.low > 0:
            return Movement.UP
        if self.change.high < 0:
            return Movement.DOWN
        return Movement.FLAT


# How a unit's amounts are printed: the function that prints the number, and the unit's name. A corridor
# measure's base unit (tonnes, TEU, …) prints its amount whole, with the unit's name in the reader's language.
UNITS = {"USD": (millions, _lazy("USD million"))} | {unit.value: (grouped, unit.label) for unit in BASE_UNIT.values()}


def amount_text(amount, unit):
    """An indicator amount in its unit, in the reader's language: "529.4 USD million", "3,800,000 tonnes";
    "n/a" when there is none."""
    if amount is None:
        return str(_lazy("n/a"))
    number, name = UNITS.get(unit, (grouped, unit))
    return f"{number(amount)} {name}"


def latest_yearly(series, measure):
    for row in reversed(series.yearly):
        if not row.values[measure].missing:
            return row.period, row.values[measure]
    return None, indicators.MISSING_VALUE


def target_groups(proposal):
    """The product groups a proposal is meant to move: its own, or its sector's."""
    return list(proposal.target_product_groups.all()) or list(proposal.sector.product_groups.all())


def for_proposal(proposal):
    """Indicators of the flow a proposal targets: its groups, or its sector's."""
    groups = target_groups(proposal)
    if not groups:
        return ProposalIndicators(measure=proposal.target_direction, groups=groups)
    total = ProductGroup.objects.get(code=ProductGroup.TOTAL_CODE)
    wanted = groups if total in groups else [*groups, total]
    by_code = indicators.pair_series_many(proposal.from_economy, proposal.to_economy, wanted)
    result = build(proposal, groups, by_code)
    if not result.has_data and total not in groups:
        result.context = by_code[total.code]
    return result


def for_proposals(proposals):
    """{proposal pk: ProposalIndicators} for many proposals, one figures query per pair of economies.

    The proposals come with their target groups, their sector's groups and their economies (and
    the economies' parents) fetched: see `indicator_store.refresh`.
    """
    by_pair = defaultdict(list)
    for proposal in proposals:
        by_pair[(proposal.from_economy_id, proposal.to_economy_id)].append((proposal, target_groups(proposal)))
    result = {}
    for members in by_pair.values():
        wanted = {group.pk: group for _proposal, groups in members for group in groups}
        first = members[0][0]
        by_code = (
            indicators.pair_series_many(first.from_economy, first.to_economy, list(wanted.values())) if wanted else {}
        )
        for proposal, groups in members:
            result[proposal.pk] = build(proposal, groups, by_code)
    return result


def build(proposal, groups, by_code):
    """The proposal's lines, chart and headline from its pair's series ({group code: Series})."""
    measure = proposal.target_direction
    result = ProposalIndicators(measure=measure, groups=groups, baseline_year=proposal.baseline_year)
    if not groups:
        return result
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
        latest_row = series.row_for(latest_period) if latest_period else None
        mirror = latest_row.mirror[measure] if latest_row else indicators.MISSING_VALUE
        result.lines.append(GroupLine(group, series, baseline, latest, latest_period, change, mirror))
    years = result.years
    label = str(indicators.TradeFigure.Measure(measure).label)
    result.chart = bar_chart(
        _("%(measure)s of the goods this proposal targets, by year") % {"measure": label},
        [p.label for p in years],
        [(label, measure, [result.total_for(p) for p in years])],
    )
    return result
