"""Corridor series: a port's or route's figures by measure and period, read by the trade engine's rules.

Which source's value counts, the interval each published number stands for and the check of every
published change % are trade.indicators' own functions; here they are applied per place and measure.
Missing stays missing; no corridor value is derived from others.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common.numbers import localized_number, plain_decimal
from trade import indicators
from trade.corridors import BASE_UNIT, UNIT_SCALE, CorridorFigure, Measure, Place, Qualifier, Unit
from trade.indicators import MISSING_VALUE, Period

RULE = gettext_lazy(
    "Which value counts: a value staff have pinned; otherwise the statistics of the place's own country "
    "(its port or railway, or the national statistics), its own release before a report quoting it; otherwise "
    "the newest publication. The others are shown beside it."
)
QUALIFIED = {
    Qualifier.ABOUT: gettext_lazy("about %(value)s"),
    Qualifier.OVER: gettext_lazy("over %(value)s"),
    Qualifier.ALMOST: gettext_lazy("almost %(value)s"),
}


def published_text(figure, *, unit=True):
    """A figure as its source printed it, in the reader's separators: “over 3.8 million tonnes”."""
    number = localized_number(figure.published_digits(grouping=True))
    text = f"{number} {Unit(figure.unit).label}" if unit else number
    return QUALIFIED[figure.qualifier] % {"value": text} if figure.qualifier in QUALIFIED else text


def amount_in(amount, unit):
    """An amount in base units printed in `unit`, to the digits that matter: 3800000 in million tonnes -> “3.8”."""
    scale = UNIT_SCALE[Unit(unit)][1]
    return localized_number(plain_decimal(Decimal(amount) / scale, grouping=True))


@dataclass(frozen=True)
class CorridorClaim:
    """A published change % its values contradict, rounding allowed for."""

    figure: CorridorFigure
    params: dict

    @property
    def message(self):
        params = {key: localized_number(value) for key, value in self.params.items()}
        if self.params["base"] == "own":
            against = _("its own %(period)s value, %(value)s") % params
        else:
            against = _("the %(period)s value that counts, %(value)s") % params
        return _(
            "%(measure)s: published %(published)s %%, but %(current)s against %(against)s "
            "gives %(low)s %% to %(high)s %%."
        ) % {
            **params,
            "measure": Measure(self.figure.measure).label,
            "current": published_text(self.figure),
            "against": against,
        }

    def __str__(self):
        return f"{self.figure.place.code} {self.figure.period_label}: {self.message}"


@dataclass
class CorridorRow:
    period: Period
    value: indicators.Value
    change: indicators.Value = MISSING_VALUE
    flags: list = field(default_factory=list)


@dataclass
class CorridorSeries(indicators.PeriodRows):
    place: Place
    measure: str
    direction: str = ""
    counterpart: Place | None = None
    rows: list = field(default_factory=list)

    @property
    def key(self):
        return (self.measure, self.direction, self.counterpart.pk if self.counterpart else None)

    @property
    def label(self):
        measure = Measure(self.measure).label
        if self.counterpart is None:
            return str(measure)
        part = CorridorFigure.Direction(self.direction).label
        return f"{measure}, {part} {self.counterpart.name}"

    @property
    def unit(self):
        """The unit the series is shown in: the one its latest counting figure was printed in."""
        for row in reversed(self.rows):
            if row.value.figure is not None:
                return Unit(row.value.figure.unit)
        return BASE_UNIT[Measure(self.measure)]

    @property
    def disagreements(self):
        """(period, counting value, why it counts) wherever sources published different values."""
        own_ids = economy_ids(self.place)
        return [
            (row.period, row.value, indicators.counting_reason(row.value.figure, row.value.others, own_ids))
            for row in self.rows
            if row.value.disagreeing
        ]


def economy_ids(place):
    """Whose own statistics a place's figures are: its economies and their countries (prefetched with the place)."""
    economies = place.economies.all()
    return {economy.pk for economy in economies} | {economy.parent_id for economy in economies if economy.parent_id}


def _claims(row, before):
    previous = before.value if before else MISSING_VALUE
    claims = []
    for figure, own, base, change in indicators.contradicted_changes(row.value, previous):
        base_figure = own or base.figure
        claims.append(
            CorridorClaim(
                figure,
                {
                    "published": plain_decimal(figure.change_pct, figure.change_pct_step, sign=True),
                    "base": "own" if own else "counting",
                    "period": before.period.label,
                    "value": published_text(base_figure) if base_figure else amount_in(base.amount, figure.unit),
                    "low": f"{change.low:.2f}",
                    "high": f"{change.high:.2f}",
                },
            )
        )
    return claims


def build_series(place, figures, places=None):
    """The place's series ([CorridorSeries], by measure, then parts) from its figures, already read."""
    places = places or {}
    own_ids = economy_ids(place)
    by_key = defaultdict(lambda: defaultdict(list))
    for figure in figures:
        key = (figure.measure, figure.direction, figure.counterpart_id)
        by_key[key][Period(figure.year, figure.month_from, figure.month_to)].append(figure)
    order = {measure: i for i, measure in enumerate(Measure.values)}
    result = []
    for key in sorted(by_key, key=lambda k: (order[k[0]], k[2] is not None, k[1], k[2] or 0)):
        measure, direction, counterpart_id = key
        counterpart = places.get(counterpart_id) if counterpart_id else None
        rows = {}
        for period in sorted(by_key[key], key=lambda p: (p.year, p.month_to, p.month_from)):
            candidates = by_key[key][period]
            chosen = indicators.counting_figure(candidates, own_ids)
            rows[period] = CorridorRow(period, indicators.reported(chosen, [f for f in candidates if f is not chosen]))
        for period, row in rows.items():
            before = rows.get(period.year_before())
            computed = indicators.change_pct(row.value, before.value) if before else MISSING_VALUE
            row.flags = _claims(row, before)
            row.change = indicators.best_change(row.value, computed)
        result.append(CorridorSeries(place, measure, direction, counterpart, list(rows.values())))
    return result


def place_series(place):
    """Every series of one place: one query for the figures with their sources and the places they name."""
    figures = list(CorridorFigure.objects.for_places([place]))
    places = {f.counterpart_id: f.counterpart for f in figures if f.counterpart_id}
    return build_series(place, figures, places)


def series_for_places(places):
    """{place pk: [CorridorSeries]} for several places (with their economies prefetched): one query."""
    places = list(places)
    by_place = defaultdict(list)
    counterparts = {}
    for figure in CorridorFigure.objects.for_places(places):
        by_place[figure.place_id].append(figure)
        if figure.counterpart_id:
            counterparts[figure.counterpart_id] = figure.counterpart
    return {place.pk: build_series(place, by_place[place.pk], counterparts) for place in places}


def all_flags():
    """Every contradicted published change among the corridor figures, place by place: two queries."""
    places = Place.objects.prefetch_related("economies")
    for series_list in series_for_places(places).values():
        for series in series_list:
            yield from (claim for _period, claim in series.flags)
