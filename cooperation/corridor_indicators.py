"""The corridor measures a proposal is meant to move (a port's cargo, TEU, calls, …), from trade's corridor series.

A proposal names its own corridor measures, or takes its sector's. Each line gives the baseline (the
proposal's baseline year, a full year), the latest period published (a quarter or part of a year as
printed), the change on the same months a year before as published or computed, and the change
since the baseline where both are full years.

The lists' corridor headline (cooperation.models.CorridorIndicator, stored by
cooperation.indicator_store) is the line of the first measure named, as `headlines` computes it
with this same `line_for`: staff put the measure that matters most first.
"""

from dataclasses import dataclass

from django.db.models import Q
from django.utils.translation import gettext as _

from cooperation.models import CorridorTarget
from cooperation.proposal_indicators import Headline
from trade import corridor_series, indicators
from trade.corridor_charts import series_chart
from trade.corridors import BASE_UNIT, Measure
from trade.indicators import MISSING_VALUE, REPORTED, Period


@dataclass
class CorridorLine:
    target: CorridorTarget
    series: corridor_series.CorridorSeries
    baseline: indicators.Value
    baseline_period: Period | None
    latest: indicators.Value
    latest_period: Period | None
    latest_change: indicators.Value
    change: indicators.Value
    chart: object

    @property
    def unit(self):
        return self.series.unit


def targets_for(proposal):
    """The proposal's own corridor measures, or its sector's when it names none: both read in one query (and
    one for the places' economies, when there are any); none when the proposal's own query found none."""
    if getattr(proposal, "has_corridor_targets", True) is False:
        return []
    both = CorridorTarget.objects.filter(Q(proposal=proposal) | Q(sector_id=proposal.sector_id)).for_display()
    targets = list(both)
    own = [target for target in targets if target.proposal_id == proposal.pk]
    return own or targets


def baseline_period_of(proposal):
    return Period(proposal.baseline_year, 1, 12) if proposal.baseline_year else None


def for_proposal(proposal):
    """[CorridorLine] for the proposal's corridor measures: the figures of all their places in one query."""
    targets = targets_for(proposal)
    if not targets:
        return []
    places = {target.place_id: target.place for target in targets}
    by_place = corridor_series.series_for_places(places.values())
    return [line_for(target, by_place, baseline_period_of(proposal)) for target in targets]


def line_for(target, by_place, baseline_period, *, chart=True):
    """One corridor measure's line from its place's series ({place pk: [CorridorSeries]})."""
    series = next(
        (s for s in by_place[target.place_id] if s.key == target.key),
        corridor_series.CorridorSeries(target.place, target.measure, target.direction, target.counterpart),
    )
    base_row = series.row_for(baseline_period) if baseline_period else None
    latest_row = series.latest
    latest_yearly = series.yearly[-1] if series.yearly else None
    later = latest_yearly and base_row and latest_yearly.period.year > baseline_period.year
    return CorridorLine(
        target=target,
        series=series,
        baseline=base_row.value if base_row else MISSING_VALUE,
        baseline_period=baseline_period,
        latest=latest_row.value if latest_row else MISSING_VALUE,
        latest_period=latest_row.period if latest_row else None,
        latest_change=latest_row.change if latest_row else MISSING_VALUE,
        change=indicators.change_pct(latest_yearly.value, base_row.value) if later else MISSING_VALUE,
        chart=series_chart(series, _("%(place)s: %(measure)s") % {"place": target.place.name, "measure": series.label})
        if chart and series.has_data
        else None,
    )


def first_targets(proposals):
    """{proposal pk: its first corridor measure} (its own, else its sector's; none: left out), in one query and
    one for the places' economies."""
    proposals = list(proposals)
    named = CorridorTarget.objects.filter(
        Q(proposal__in=[p.pk for p in proposals]) | Q(sector__in={p.sector_id for p in proposals})
    ).for_display()
    own, by_sector = {}, {}
    for target in named:  # in the order staff gave them
        if target.proposal_id:
            own.setdefault(target.proposal_id, target)
        else:
            by_sector.setdefault(target.sector_id, target)
    firsts = {p.pk: own.get(p.pk) or by_sector.get(p.sector_id) for p in proposals}
    return {pk: target for pk, target in firsts.items() if target is not None}


def headlines(proposals):
    """{proposal pk: (target, Headline)}: each proposal's first corridor measure, as its page computes its line.

    The value is in the measure's base unit (tonnes, TEU, …). Contradicted: a change % some source
    published for the baseline, the latest period or the latest full year that its values cannot give
    (trade.indicators.contradicted_changes, through the series' flags).
    """
    proposals = list(proposals)
    firsts = first_targets(proposals)
    if not firsts:
        return {}
    by_place = corridor_series.series_for_places({t.place_id: t.place for t in firsts.values()}.values())
    result = {}
    for proposal in proposals:
        target = firsts.get(proposal.pk)
        if target is None:
            continue
        line = line_for(target, by_place, baseline_period_of(proposal), chart=False)
        series = line.series
        latest_yearly = series.yearly[-1].period if series.yearly else None
        periods = {p for p in (line.baseline_period, line.latest_period, latest_yearly) if p}
        result[proposal.pk] = (
            target,
            Headline(
                measure=target.measure,
                unit=BASE_UNIT[Measure(target.measure)].value,
                baseline_period=line.baseline_period,
                baseline=line.baseline,
                baseline_sources=sources_of(line.baseline),
                latest_period=line.latest_period,
                latest=line.latest,
                latest_sources=sources_of(line.latest),
                change=line.change,
                contradicted=any(row.flags for row in map(series.row_for, periods) if row),
            ),
        )
    return result


def sources_of(value):
    return [value.figure.source_id] if value.how == REPORTED else []
