"""Consistency checks over the stored series: published numbers that cannot all be true.

The rule itself is `indicators._checks`; this module runs it over many series and keeps the
flags it finds (ClaimCheck) in step with the figures, so that lists and filters read them cheaply
and staff explanations stay attached to the flag they explain.
"""

from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from trade import indicators
from trade.claims import ClaimCheck
from trade.models import Economy, ProductGroup, TradeFigure

COMBO = ("reporter_id", "partner_id", "product_group_id")
# Only these figures can be flagged: a published change, or a reported turnover.
CLAIMS = Q(change_pct__isnull=False) | Q(measure=TradeFigure.Measure.TURNOVER)


@dataclass(frozen=True)
class Flag:
    reporter: Economy
    partner: Economy
    group: ProductGroup
    period: indicators.Period
    claim: indicators.Claim

    @property
    def message(self):
        return self.claim.message

    def __str__(self):
        return f"{self.reporter.code}-{self.partner.code} {self.group.code} {self.period.label}: {self.message}"


def _claim_combos(figures=None):
    """(reporter, partner, group) of every series that holds a figure that could be flagged."""
    figures = TradeFigure.objects.all() if figures is None else figures
    return set(figures.filter(CLAIMS).values_list(*COMBO).distinct().iterator())


def inconsistencies(combos=None):
    """Every flag in the given series ((reporter_id, partner_id, group_id) each; all by default).

    A fixed number of queries per pair of economies; each series is checked as stored: a region
    does not fall back to its country here.
    """
    combos = _claim_combos() if combos is None else set(combos)
    by_pair = defaultdict(set)
    for reporter_id, partner_id, group_id in combos:
        by_pair[(reporter_id, partner_id)].add(group_id)
    economies = Economy.objects.in_bulk({i for pair in by_pair for i in pair})
    groups = ProductGroup.objects.in_bulk({i for ids in by_pair.values() for i in ids})
    for (reporter_id, partner_id), group_ids in sorted(by_pair.items()):
        reporter, partner = economies[reporter_id], economies[partner_id]
        series = indicators.pair_series_many(reporter, partner, [groups[i] for i in sorted(group_ids)], fallback=False)
        for one in series.values():
            for period, claim in one.flags:
                yield Flag(reporter, partner, one.group, period, claim)


def check_claims(combos=None):
    """Bring the stored flags in step with the figures of the given series (all by default).

    New contradictions are added, ones that no longer hold are removed, ones that still hold keep
    their explanation. Every change goes through a save, so the history has it.
    Returns (added, removed).
    """
    if combos is not None:
        combos = set(combos)
        if not combos:
            return 0, 0
    existing = {
        (check.figure_id, check.kind): check
        for check in ClaimCheck.objects.select_related("figure")  # few: only contradicted figures have one
        if combos is None or tuple(getattr(check.figure, name) for name in COMBO) in combos
    }
    found = {(flag.claim.figure.pk, flag.claim.kind): flag.claim.params for flag in inconsistencies(combos)}
    removed = 0
    for key, check in existing.items():
        if key not in found:
            check.delete()
            removed += 1
        elif check.params != found[key]:
            check.params = found[key]
            check.save(update_fields=["params"])
    added = 0
    for (figure_id, kind), params in found.items():
        if (figure_id, kind) not in existing:
            ClaimCheck(figure_id=figure_id, kind=kind, params=params).save()
            added += 1
    return added, removed


def check_figure(figure):
    """Recheck the series of one figure, after it was saved or deleted."""
    return check_claims([tuple(getattr(figure, name) for name in COMBO)])


def check_sources(source_ids):
    """Recheck every series in which these sources have a figure: after an import, or a source changed.

    Only series holding a figure that could be flagged are read, so a large file of plain values
    costs one query here.
    """
    source_ids = [i for i in source_ids if i is not None]
    if not source_ids:
        return 0, 0
    touched = TradeFigure.objects.filter(
        source_id__in=source_ids,
        reporter_id=OuterRef("reporter_id"),
        partner_id=OuterRef("partner_id"),
        product_group_id=OuterRef("product_group_id"),
    )
    combos = _claim_combos(TradeFigure.objects.filter(Exists(touched)))
    stale = ClaimCheck.objects.filter(figure__source_id__in=source_ids).values_list(*(f"figure__{n}" for n in COMBO))
    return check_claims(combos | set(stale))


def stored_flags(flags=None):
    """The stored flags (`flags`, a ClaimCheck queryset; all by default) with what they name, in order.

    The flags are chosen in a subquery on their own table and what they name is then looked up by
    key: SQLite's planner, which has no statistics, would otherwise start from the figures' side of
    the join (a million rows) to find the few flags.
    """
    chosen = ClaimCheck.objects.all() if flags is None else flags
    return (
        ClaimCheck.objects.select_related(
            "figure__reporter", "figure__partner", "figure__product_group", "figure__source", "explained_by"
        )
        .filter(pk__in=chosen.values("pk"))
        .order_by(
            "figure__reporter__code",
            "figure__partner__code",
            "figure__product_group_id",
            "figure__year",
            "figure__month_to",
            "figure__measure",
            "figure__source_id",
            "kind",
        )  # fmt: skip
    )


def on_figures(**lookups):
    """The flags whose figure matches `lookups`, each flag's figure tested by its key."""
    return ClaimCheck.objects.filter(Exists(TradeFigure.objects.filter(pk=OuterRef("figure_id"), **lookups)))


def admin_url(check):
    return reverse("admin:trade_tradefigure_change", args=[check.figure_id])


def describe(check):
    """One line for a stored flag: which series and period, what is wrong, which source printed it."""
    figure = check.figure
    return (
        f"{figure.reporter.code}-{figure.partner.code} {figure.product_group.code} {figure.period_label}: "
        f"{check.message} [{figure.source}; {admin_url(check)}]"
    )


def explain(check, note, by):
    """Mark a flag explained with `note` (or no longer explained, when `note` is blank); the history keeps it."""
    check.explanation = note.strip()
    check.explained_by = by if check.explanation else None
    check.explained_at = timezone.now() if check.explanation else None
    check.save(update_fields=["explanation", "explained_by", "explained_at"])


@dataclass
class ShownFlags:
    """The stored flags a page shows: unexplained first, explained apart, and by (period, measure) for the marks."""

    checks: list

    @property
    def unexplained(self):
        return [check for check in self.checks if not check.explained]

    @property
    def explained(self):
        return [check for check in self.checks if check.explained]

    @cached_property
    def figure_ids(self):
        return {check.figure_id for check in self.checks}

    @cached_property
    def by_cell(self):
        cells = defaultdict(list)
        for check in self.checks:
            figure = check.figure
            cells[(indicators.Period(figure.year, figure.month_from, figure.month_to), figure.measure)].append(check)
        return dict(cells)

    def __bool__(self):
        return bool(self.checks)


def flags_for_series(series):
    """The stored flags on the figures of a series as shown (a region's country, when it falls back): one query."""
    return ShownFlags(
        list(
            stored_flags(
                on_figures(reporter=series.used_reporter, partner=series.used_partner, product_group=series.group)
            )
        )
    )


def flags_for_source(source):
    """The stored flags on one source's figures: one query, whatever the number of its figures."""
    return ShownFlags(list(stored_flags(on_figures(source=source))))
