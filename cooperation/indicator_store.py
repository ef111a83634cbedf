"""Proposal indicators kept ready for lists: computed by cooperation.proposal_indicators, refreshed when inputs change.

Lists sort and filter tens of thousands of proposals by the change of the trade each one is
meant to move, and of the port or route traffic, so both headlines of every proposal are stored:
the trade in goods (ProposalIndicator, by cooperation.proposal_indicators) and the first corridor
measure it or its sector names (CorridorIndicator, by cooperation.corridor_indicators, the proposal
page's own computation; a proposal naming none has no corridor row). They stay honest by
construction:

- Database triggers, installed by a migration, queue every change an indicator depends on, in
  the same transaction as the change: figures (inserted, updated, deleted, by any path: admin,
  imports, bulk writes, hand-written SQL), a source's kind, economy or date (which value counts),
  an economy's parent (a region falls back to its country), a proposal's economies, baseline,
  flow, sector or target groups, and a sector's groups; for corridors (migration 0029) corridor
  figures, the economies a place belongs to, and the corridor measures a proposal or sector names.
- Every reader calls `refresh_pending()` first: it takes the queue and recomputes the proposals
  it names before anything is read, so a list never shows a figure older than the data.
- Refreshes run one at a time (SQLite has one writer; PostgreSQL takes an advisory lock), and a
  refresh takes its part of the queue in the same transaction in which it reads the figures, so a
  change committed meanwhile stays queued for the next one.
"""

from decimal import localcontext

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from cooperation import change_queue, corridor_indicators, proposal_indicators
from cooperation.models import CorridorIndicator, CorridorTarget, IndicatorQueue, Proposal, ProposalIndicator
from trade.corridors import Place
from trade.models import Economy

LOCK_KEY = 7_140_815  # PostgreSQL advisory lock held while a refresh runs
BATCH = 500
PRECISE_PAIRS = 100  # more pairs than this: refresh every proposal between any of their economies
FIELDS = [f.name for f in ProposalIndicator._meta.concrete_fields if not f.primary_key]
CORRIDOR_FIELDS = [f.name for f in CorridorIndicator._meta.concrete_fields if not f.primary_key]


def refresh_pending():
    """Recompute the proposals whose inputs changed since the last refresh; returns how many."""
    return change_queue.take(
        IndicatorQueue, ("economy_a", "economy_b", "proposal_id", "place_id"), LOCK_KEY, _refresh_queued
    )


def _refresh_queued(queued):
    affected = affected_proposals(queued)
    return refresh(affected) if affected is not None else 0


def affected_proposals(queued):
    """The proposals whose indicators the queued changes may move (a superset is fine, never fewer)."""
    pairs = {(a, b) for a, b, _proposal, _place in queued if a is not None and b is not None}
    moved = {a for a, b, _proposal, _place in queued if a is not None and b is None}
    proposals = {proposal for _a, _b, proposal, _place in queued if proposal is not None}
    places = {place for _a, _b, _proposal, place in queued if place is not None}
    if not (pairs or moved or proposals or places):
        return None
    economies = {e for pair in pairs for e in pair} | moved
    children = {}
    for pk, parent in Economy.objects.filter(parent_id__in=economies).values_list("pk", "parent_id"):
        children.setdefault(parent, set()).add(pk)

    def family(pk):  # a region's proposals read its country's figures when it has none
        return {pk, *children.get(pk, ())}

    where = Q(pk__in=proposals)
    if moved:  # a place's own statistics are its economies' and their countries'
        places |= set(Place.objects.filter(economies__in=moved).values_list("pk", flat=True))
    if places:  # proposals naming a measure of the place, and every proposal of a sector naming one
        naming = CorridorTarget.objects.filter(place__in=places)
        where |= Q(pk__in=naming.filter(proposal__isnull=False).values("proposal"))
        where |= Q(sector__in=naming.filter(sector__isnull=False).values("sector"))
    for pk in moved:
        where |= Q(from_economy__in=family(pk)) | Q(to_economy__in=family(pk))
    if len(pairs) > PRECISE_PAIRS:
        everyone = set().union(*(family(pk) for pk in economies))
        where |= Q(from_economy__in=everyone, to_economy__in=everyone)
    else:
        for a, b in pairs:  # figures of a with b feed a-b and, as the mirror, b-a
            where |= Q(from_economy__in=family(a), to_economy__in=family(b))
            where |= Q(from_economy__in=family(b), to_economy__in=family(a))
    return Proposal.objects.filter(where)


def refresh_all():
    """Recompute every proposal's indicator (after a restore, or to check the stored rows)."""
    with transaction.atomic():
        change_queue.one_at_a_time(LOCK_KEY)
        IndicatorQueue.objects.all().delete()
        return refresh(Proposal.objects.all())


def refresh(proposals):
    """Compute and store both headlines of the given proposals (a queryset), in batches."""
    ids = list(proposals.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(ids), BATCH):
        batch = list(
            Proposal.objects.filter(pk__in=ids[start : start + BATCH])
            .select_related("from_economy__parent", "to_economy__parent", "sector")
            .prefetch_related("target_product_groups", "sector__product_groups")
        )
        computed = proposal_indicators.for_proposals(batch)
        now = timezone.now()
        rows = [row_for(pk, result.headline, now) for pk, result in computed.items()]
        ProposalIndicator.objects.bulk_create(
            rows, update_conflicts=True, unique_fields=["proposal"], update_fields=FIELDS
        )
        corridors = corridor_indicators.headlines(batch)
        rows = [corridor_row_for(pk, target, headline, now) for pk, (target, headline) in corridors.items()]
        CorridorIndicator.objects.bulk_create(
            rows, update_conflicts=True, unique_fields=["proposal"], update_fields=CORRIDOR_FIELDS
        )
        CorridorIndicator.objects.filter(proposal__in=[p.pk for p in batch if p.pk not in corridors]).delete()
    return len(ids)


def stored(amount):
    """An amount to 4 decimals, however large (a change from a tiny baseline runs to many digits)."""
    if amount is None:
        return None
    with localcontext() as context:
        context.prec = 60
        return round(amount, 4)


def row_for(proposal_id, headline, now, model=ProposalIndicator, **extra):
    change = headline.change
    return model(
        proposal_id=proposal_id,
        measure=headline.measure,
        unit=headline.unit,
        baseline_year=headline.baseline_period.year if headline.baseline_period else None,
        baseline_value=stored(headline.baseline.amount),
        baseline_how=headline.baseline.how,
        latest_year=headline.latest_period.year if headline.latest_period else None,
        latest_value=stored(headline.latest.amount),
        latest_how=headline.latest.how,
        change_pct=stored(change.amount),
        change_low=None if change.missing else stored(change.low),
        change_high=None if change.missing else stored(change.high),
        movement=headline.movement,
        contradicted=headline.contradicted,
        sources={"baseline": headline.baseline_sources, "latest": headline.latest_sources},
        computed_at=now,
        **extra,
    )


def corridor_row_for(proposal_id, target, headline, now):
    """The stored corridor headline: the row_for columns, with what is measured and the latest period's months."""
    latest = headline.latest_period
    return row_for(
        proposal_id,
        headline,
        now,
        CorridorIndicator,
        place_id=target.place_id,
        direction=target.direction,
        counterpart_id=target.counterpart_id,
        latest_month_from=latest.month_from if latest else None,
        latest_month_to=latest.month_to if latest else None,
    )
