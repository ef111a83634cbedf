"""The corridor measures a proposal is meant to move (a port's cargo, TEU, calls, …), from trade's corridor series.

A proposal names its own corridor measures, or takes its sector's. Each line gives the baseline (the
proposal's baseline year, a full year), the latest period published (a quarter or part of a year as
printed), the change on the same months a year before as published or computed, and the change
since the baseline where both are full years.
"""

from dataclasses import dataclass

from django.db.models import Q
from django.utils.translation import gettext as _

from cooperation.models import CorridorTarget
from trade import corridor_series, indicators
from trade.corridor_charts import series_chart
from trade.indicators import MISSING_VALUE, Period


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


def for_proposal(proposal):
    """[CorridorLine] for the proposal's corridor measures: the figures of all their places in one query."""
    targets = targets_for(proposal)
    if not targets:
        return []
    places = {target.place_id: target.place for target in targets}
    by_place = corridor_series.series_for_places(places.values())
    baseline_period = Period(proposal.baseline_year, 1, 12) if proposal.baseline_year else None
    lines = []
    for target in targets:
        series = next(
            (s for s in by_place[target.place_id] if s.key == target.key),
            corridor_series.CorridorSeries(target.place, target.measure, target.direction, target.counterpart),
        )
        base_row = series.row_for(baseline_period) if baseline_period else None
        latest_row = series.latest
        latest_yearly = series.yearly[-1] if series.yearly else None
        later = latest_yearly and base_row and latest_yearly.period.year > baseline_period.year
        lines.append(
            CorridorLine(
                target=target,
                series=series,
                baseline=base_row.value if base_row else MISSING_VALUE,
                baseline_period=baseline_period,
                latest=latest_row.value if latest_row else MISSING_VALUE,
                latest_period=latest_row.period if latest_row else None,
                latest_change=latest_row.change if latest_row else MISSING_VALUE,
                change=indicators.change_pct(latest_yearly.value, base_row.value) if later else MISSING_VALUE,
                chart=series_chart(
                    series, _("%(place)s: %(measure)s") % {"place": target.place.name, "measure": series.label}
                )
                if series.has_data
                else None,
            )
        )
    return lines
