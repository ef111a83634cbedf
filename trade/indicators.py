"""The indicator engine: honest numbers from stored figures.

Pure functions over a handful of querysets. Every value says how it was
obtained: reported (by which source), derived from other reported values
(exports = turnover - imports), or computed (balance, change, share).
Missing stays missing: nothing is filled in or interpolated.

Rounding is carried along as an interval: a figure published as 529.4
million stands for anything in [529.35, 529.45] million, and every derived
or computed value carries the interval its inputs allow.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from common.numbers import MILLION, plain_decimal, plain_millions
from trade.claims import ClaimCheck, claim_message
from trade.models import DataSource, Economy, ProductGroup, TradeFigure, period_label

REPORTED, DERIVED, COMPUTED, MISSING = "reported", "derived", "computed", "missing"
EXPORT, IMPORT, TURNOVER = TradeFigure.Measure.EXPORT, TradeFigure.Measure.IMPORT, TradeFigure.Measure.TURNOVER
MIRROR_OF = {EXPORT: IMPORT, IMPORT: EXPORT, TURNOVER: TURNOVER}
HUNDRED = Decimal(100)


@dataclass(frozen=True)
class Value:
    amount: Decimal | None = None
    how: str = MISSING
    low: Decimal | None = None
    high: Decimal | None = None
    figure: TradeFigure | None = None  # the reported figure that counts
    others: tuple = ()  # other sources' figures for the same key
    formula: str = ""

    @property
    def missing(self):
        return self.amount is None

    @property
    def source(self):
        return self.figure.source if self.figure else None

    @property
    def disagreeing(self):
        return tuple(f for f in self.others if f.amount != self.amount)

    def __add__(self, other):
        return combine(self, other, lambda a, b: a + b, lambda s, o: (s.low + o.low, s.high + o.high))

    def __sub__(self, other):
        return combine(self, other, lambda a, b: a - b, lambda s, o: (s.low - o.high, s.high - o.low))


MISSING_VALUE = Value()


def combine(a, b, op, bounds, how=COMPUTED, formula=""):
    if a.missing or b.missing:
        return MISSING_VALUE
    low, high = bounds(a, b)
    return Value(op(a.amount, b.amount), how, low, high, formula=formula)


def reported(figure, others=()):
    """A published figure (trade or corridor) as a Value, with the interval its published rounding allows."""
    low, high = figure.interval
    return Value(figure.amount, REPORTED, low, high, figure, tuple(others))


def change_pct(current, previous):
    """Change in % on the same months a year before, with the interval rounding allows."""
    if current.missing or previous.missing or previous.amount <= 0 or previous.low <= 0:
        return MISSING_VALUE
    amount = (current.amount / previous.amount - 1) * HUNDRED
    return Value(
        amount, COMPUTED, (current.low / previous.high - 1) * HUNDRED, (current.high / previous.low - 1) * HUNDRED
    )


def best_change(value, computed):
    """The published change where the source gave one that its values allow; else the computed one.

    A published % was worked out from unrounded values, so when it agrees with
    the interval the rounded values allow it is the more precise of the two.
    """
    figure = value.figure
    if figure is None or figure.change_pct is None:
        return computed
    low, high = published_change_interval(figure)
    if computed.missing or overlaps(computed.low, computed.high, low, high):
        return Value(figure.change_pct, REPORTED, low, high, figure)
    return computed


def published_change_interval(figure):
    half = figure.change_pct_step / 2
    return figure.change_pct - half, figure.change_pct + half


def overlaps(a_low, a_high, b_low, b_high):
    return a_low <= b_high and b_low <= a_high


SECONDARY = {DataSource.Kind.NEWS, DataSource.Kind.OTHER}


def is_own_statistics(figure, own_ids):
    """The figures of whom they are about (`own_ids`: the reporter, or a port's economies): their own
    release, or what they reported to an international database."""
    source = figure.source
    return source.economy_id in own_ids or (source.kind == DataSource.Kind.INTERNATIONAL and not source.economy_id)


def _rank(figure, own_ids):
    source = figure.source
    return (
        figure.pinned,
        is_own_statistics(figure, own_ids),
        source.kind not in SECONDARY,
        source.published_on,
        figure.pk or 0,
    )


def counting_figure(figures, own_ids):
    """Which source's value counts for one key, by the visible rule (RULE); `own_ids`: whose own statistics."""
    return max(figures, key=lambda f: _rank(f, own_ids))


def counting_reason(figure, others, own_ids):
    """Why `figure` counts over `others`: the first step of the rule that tells them apart."""
    mine = _rank(figure, own_ids)
    best_other = max((_rank(f, own_ids) for f in others), default=None)
    reasons = [
        _("pinned by staff"),
        _("the reporter's own statistics"),
        _("the publisher's own release, not a report quoting it"),
        _("the newest publication"),
        _("the latest entered"),
    ]
    if best_other is None:
        return reasons[1] if mine[1] else reasons[3]
    for step, reason in enumerate(reasons):
        if mine[step] != best_other[step]:
            return reason
    return reasons[-1]


RULE = _(
    "Which value counts: a value staff have pinned; otherwise the reporter's own statistics, its own "
    "release before a report quoting it; otherwise the newest publication. The others are shown beside it."
)


@dataclass(frozen=True)
class Period:
    year: int
    month_from: int
    month_to: int

    @property
    def label(self):
        return period_label(self.year, self.month_from, self.month_to)

    @property
    def full_year(self):
        return (self.month_from, self.month_to) == (1, 12)

    def year_before(self):
        return Period(self.year - 1, self.month_from, self.month_to)


@dataclass
class PeriodRow:
    """Exports, imports, turnover and balance of one period, and their changes."""

    period: Period
    values: dict  # measure -> Value, plus "balance"
    changes: dict = field(default_factory=dict)  # measure -> Value (%)
    mirror: dict = field(default_factory=dict)  # measure -> Value as the partner reports it
    gaps: dict = field(default_factory=dict)  # measure -> Value (% the mirror differs)
    flags: list = field(default_factory=list)

    @property
    def exports(self):
        return self.values[EXPORT]

    @property
    def imports(self):
        return self.values[IMPORT]

    @property
    def turnover(self):
        return self.values[TURNOVER]

    @property
    def balance(self):
        return self.values["balance"]


class PeriodRows:
    """A series' rows by period, oldest first (`rows`, each with its `period` and `flags`): a pair's or a port's."""

    @property
    def has_data(self):
        return bool(self.rows)

    @property
    def yearly(self):
        return [row for row in self.rows if row.period.full_year]

    @property
    def latest(self):
        return self.rows[-1] if self.rows else None

    def row_for(self, period):
        return next((row for row in self.rows if row.period == period), None)

    @property
    def flags(self):
        return [(row.period, flag) for row in self.rows for flag in row.flags]


@dataclass
class Series(PeriodRows):
    reporter: Economy  # as asked
    partner: Economy
    group: ProductGroup
    used_reporter: Economy  # as the figures are: a region may fall back to its country
    used_partner: Economy
    rows: list

    @property
    def fallback(self):
        return self.used_reporter != self.reporter or self.used_partner != self.partner

    @property
    def disagreements(self):
        """(period, measure label, counting value, why it counts) wherever sources published different values."""
        return [
            (
                row.period,
                TradeFigure.Measure(measure).label,
                value,
                counting_reason(value.figure, value.others, (value.figure.reporter_id,)),
            )
            for row in self.rows
            for measure, value in row.values.items()
            if measure != "balance" and value.disagreeing
        ]


def _complete(values):
    """Fill what can be derived: each of exports, imports and turnover from the other two."""
    x, m, t = values.get(EXPORT, MISSING_VALUE), values.get(IMPORT, MISSING_VALUE), values.get(TURNOVER, MISSING_VALUE)
    if x.missing and not (t.missing or m.missing):
        d = t - m
        x = Value(d.amount, DERIVED, d.low, d.high, formula=str(_("turnover − imports")))
    if m.missing and not (t.missing or x.missing):
        d = t - x
        m = Value(d.amount, DERIVED, d.low, d.high, formula=str(_("turnover − exports")))
    if t.missing and not (x.missing or m.missing):
        s = x + m
        t = Value(s.amount, DERIVED, s.low, s.high, formula=str(_("exports + imports")))
    balance = x - m
    if not balance.missing:
        balance = Value(balance.amount, COMPUTED, balance.low, balance.high, formula=str(_("exports − imports")))
    return {EXPORT: x, IMPORT: m, TURNOVER: t, "balance": balance}


@dataclass(frozen=True)
class Claim:
    """A published number its values contradict: `figure` is the figure that printed it."""

    figure: TradeFigure
    kind: str
    params: dict

    @property
    def message(self):
        return claim_message(self.kind, self.params)

    def __str__(self):
        return str(self.message)


def published_musd(figure):
    """A figure's value in USD million to the digits its source printed: "529.4", never "5.294E+2"."""
    return plain_decimal(figure.value_usd / MILLION, figure.value_step / MILLION, grouping=True)


def _value_label(value):
    return published_musd(value.figure) if value.how == REPORTED else plain_millions(value.amount)


def _checks(row, before=None):
    """Claims where published numbers cannot all be true at once, rounding allowed for (the one rule).

    Every published change %, from whichever source, counting or not, is checked: against that
    source's own value a year before when it published one, else against the value that counts
    for the year before. A reported turnover that counts is checked against exports + imports.
    """
    claims = []
    x, m, t = row.exports, row.imports, row.turnover
    if all(v.how == REPORTED for v in (x, m, t)):
        total = x + m
        if not overlaps(total.low, total.high, t.low, t.high):
            claims.append(
                Claim(
                    t.figure,
                    ClaimCheck.Kind.TOTAL,
                    {"turnover": published_musd(t.figure), "sum": plain_millions(total.amount)},
                )
            )
    for measure in (EXPORT, IMPORT, TURNOVER):
        previous = before.values[measure] if before else MISSING_VALUE
        for figure, own, base, change in contradicted_changes(row.values[measure], previous):
            params = {
                "measure": str(measure),
                "published": plain_decimal(figure.change_pct, figure.change_pct_step, sign=True),
                "current": published_musd(figure),
                "base": "own" if own else "counting",
                "period": before.period.label,
                "value": _value_label(base),
                "low": f"{change.low:.2f}",
                "high": f"{change.high:.2f}",
            }
            claims.append(Claim(figure, ClaimCheck.Kind.CHANGE, params))
    return claims


def contradicted_changes(value, previous):
    """(figure, own, base, change) for every published change % its values cannot give (the one rule).

    Every source's change % printed for `value`'s key (counting or not) is checked against that
    source's own value a year before (`own`) when it published one, else against the value that counts
    for the year before (`previous`); `change` is the interval the values allow, rounding included.
    """
    if value.how != REPORTED:
        return
    previous_figures = (previous.figure, *previous.others) if previous.how == REPORTED else ()
    for figure in (value.figure, *value.others):
        if figure.change_pct is None:
            continue
        own = next((f for f in previous_figures if f.source_id == figure.source_id), None)
        base = reported(own) if own else previous
        change = change_pct(reported(figure), base)
        if change.missing:
            continue
        low, high = published_change_interval(figure)
        if not overlaps(change.low, change.high, low, high):
            yield figure, own, base, change


def _values_by_period(figures, reporter_id):
    by_key = defaultdict(list)
    for figure in figures:
        by_key[(Period(figure.year, figure.month_from, figure.month_to), figure.measure)].append(figure)
    periods = defaultdict(dict)
    own_ids = (reporter_id,)
    for (period, measure), candidates in by_key.items():
        chosen = counting_figure(candidates, own_ids)
        periods[period][measure] = reported(chosen, [f for f in candidates if f is not chosen])
    return periods


def _pick(candidates, figures_by_pair):
    for reporter, partner in candidates:
        if figures_by_pair.get((reporter.pk, partner.pk)):
            return reporter, partner
    return candidates[0]


def pair_series(reporter, partner, group=None):
    """Exports, imports, turnover and balance of `reporter` with `partner`, by period.

    Reads one query whatever the table holds. A region with no figures of its
    own falls back to its country (Series.fallback says so). What the partner
    reports about the same trade comes as the mirror, never mixed in.
    """
    group = group or ProductGroup.objects.get(code=ProductGroup.TOTAL_CODE)
    return pair_series_many(reporter, partner, [group])[group.code]


def pair_series_many(reporter, partner, groups, *, fallback=True):
    """pair_series for several product groups in one query: {group code: Series}."""
    ours = [reporter, *([reporter.parent] if reporter.parent_id and fallback else [])]
    theirs = [partner, *([partner.parent] if partner.parent_id and fallback else [])]
    ids = [e.pk for e in ours + theirs]
    figures = TradeFigure.objects.filter(
        reporter_id__in=ids, partner_id__in=ids, product_group__in=groups
    ).select_related("source")
    by_group_pair = defaultdict(lambda: defaultdict(list))
    for figure in figures:
        by_group_pair[figure.product_group_id][(figure.reporter_id, figure.partner_id)].append(figure)

    candidates = [(r, p) for r in ours for p in theirs]
    result = {}
    for group in groups:
        by_pair = by_group_pair[group.pk]
        used_reporter, used_partner = _pick(candidates, by_pair)
        own = _values_by_period(by_pair.get((used_reporter.pk, used_partner.pk), []), used_reporter.pk)
        mirror = _values_by_period(by_pair.get((used_partner.pk, used_reporter.pk), []), used_partner.pk)
        rows = {}
        for period in sorted(set(own) | set(mirror), key=lambda p: (p.year, p.month_to, p.month_from)):
            rows[period] = PeriodRow(period, _complete(own.get(period, {})))
            mirrored = _complete(mirror.get(period, {}))
            rows[period].mirror = {measure: mirrored[MIRROR_OF[measure]] for measure in MIRROR_OF}
        for period, row in rows.items():
            before = rows.get(period.year_before())
            for measure in (EXPORT, IMPORT, TURNOVER):
                row.changes[measure] = (
                    change_pct(row.values[measure], before.values[measure]) if before else MISSING_VALUE
                )
                row.gaps[measure] = change_pct(row.mirror[measure], row.values[measure])
            row.flags = _checks(row, before)
            row.changes = {measure: best_change(row.values[measure], row.changes[measure]) for measure in row.changes}
        result[group.code] = Series(reporter, partner, group, used_reporter, used_partner, list(rows.values()))
    return result


def cagr(first, last, years):
    """Compound annual growth in % between two values `years` apart."""
    if first.missing or last.missing or years <= 0 or first.amount <= 0 or last.amount <= 0:
        return MISSING_VALUE
    ratio = float(last.amount / first.amount)
    return Value(Decimal(str((ratio ** (1 / years) - 1) * 100)), COMPUTED)


def share(part, whole):
    """A product group's share of the total, in %."""
    if part.missing or whole.missing or whole.amount <= 0:
        return MISSING_VALUE
    return Value(part.amount / whole.amount * HUNDRED, COMPUTED)


def sum_groups(values):
    """The sum of several groups' values, only when every one is there."""
    values = list(values)
    if not values or any(v.missing for v in values):
        return MISSING_VALUE
    total = values[0]
    for value in values[1:]:
        total = total + value
    return total
