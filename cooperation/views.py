from urllib.parse import urlencode

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django_filters.views import FilterView

from common.pagination import LateRowPaginator
from cooperation import corridor_indicators, proposal_indicators, search_index, signoff
from cooperation.filters import MeetingFilter, ProposalFilter
from cooperation.models import (
    CorridorTarget,
    FollowUp,
    Meeting,
    Official,
    Participation,
    Position,
    Proposal,
    ProposalDetail,
    Raising,
    SearchKind,
    Sector,
    StatusChange,
)
from cooperation.models.partners import signoff_fields
from pagecache.views import cached_page
from trade import indicators
from trade.models import Economy
from trade.views import series_chart


def healthz(request):
    """Liveness for a load balancer: answers without touching the database."""
    return HttpResponse("ok\n", content_type="text/plain")


@cached_page
def home(request):
    active = Proposal.objects.visible_to(request.user).open()
    counts = dict(active.order_by().values_list("sector").annotate(n=Count("pk")).values_list("sector", "n"))
    sectors = Sector.objects.filter(pk__in=counts).order_by("name")
    # Not joined to the sectors (read above): joined, SQLite's planner walks every open proposal of each sector.
    recent = list(active.order_by("-status_changed_at")[:12])
    context = {
        "meetings": Meeting.objects.visible_to(request.user).order_by("-date", "-pk")[:5],
        "sectors": [(sector, counts[sector.pk], [p for p in recent if p.sector_id == sector.pk]) for sector in sectors],
    }
    economies = {
        e.code: e
        for e in Economy.objects.select_related("parent").filter(
            code__in=[settings.HOME_ECONOMY, settings.HOME_PARTNER]
        )
    }
    if len(economies) == 2:
        reporter, partner = economies[settings.HOME_ECONOMY], economies[settings.HOME_PARTNER]
        series = indicators.pair_series(reporter, partner)
        context.update(
            reporter=reporter,
            partner=partner,
            series=series,
            chart=series_chart(series, _("Exports and imports by year")),
        )
    return render(request, "cooperation/home.html", context)


@method_decorator(cached_page, name="get")
class ProposalListView(FilterView):
    filterset_class = ProposalFilter
    template_name = "cooperation/proposal_list.html"
    paginate_by = 20
    paginator_class = LateRowPaginator

    def get_queryset(self):
        return Proposal.objects.visible_to(self.request.user).for_list().order_by("title")


@cached_page
def proposal_detail(request, slug):
    proposal = get_object_or_404(
        Proposal.objects.visible_to(request.user)
        .for_list()
        .select_related("from_economy__parent", "to_economy__parent")
        .prefetch_related("target_product_groups", "sector__product_groups")
        .annotate(
            has_details=ProposalDetail.objects.any_for(request.user),
            has_corridor_targets=CorridorTarget.objects.any_for_proposal(),
        ),
        slug=slug,
    )
    raisings = list(
        Raising.objects.visible_to(request.user)
        .filter(proposal=proposal)
        .select_related("meeting", "raised_by")
        .order_by("meeting__date", "pk")
    )
    participations = list(
        Participation.objects.visible_to(request.user)
        .filter(meeting__raisings__proposal=proposal)
        .select_related("position__organization")
        .annotate(**signoff_fields())
    )
    posts = {(p.meeting_id, p.official_id): p.position for p in participations}
    meeting_signoffs = signoff.signoffs_from(participations, {r.meeting_id: r.meeting.version for r in raisings})
    context = {
        "proposal": proposal,
        "raisings": [
            (r, posts.get((r.meeting_id, r.raised_by_id)), meeting_signoffs.get(r.meeting_id)) for r in raisings
        ],
        "history": StatusChange.objects.visible_to(request.user).filter(proposal=proposal).order_by("changed_at", "pk"),
        "follow_ups": FollowUp.objects.visible_to(request.user)
        .filter(proposal=proposal)
        .select_related("owner")
        .order_by("due_on"),
        "indicators": proposal_indicators.for_proposal(proposal),
        "details": ProposalDetail.objects.shown(proposal, request.user),
        "corridors": corridor_indicators.for_proposal(proposal),
    }
    return render(request, "cooperation/proposal_detail.html", context)


@method_decorator(cached_page, name="get")
class MeetingListView(FilterView):
    filterset_class = MeetingFilter
    template_name = "cooperation/meeting_list.html"
    paginate_by = 20
    paginator_class = LateRowPaginator

    def get_queryset(self):
        return Meeting.objects.visible_to(self.request.user).with_participants()


@cached_page
def meeting_detail(request, pk):
    meeting = get_object_or_404(Meeting.objects.visible_to(request.user).with_participants(signoff=True), pk=pk)
    raisings = (
        Raising.objects.visible_to(request.user)
        .filter(meeting=meeting)
        .select_related("proposal__sector", "raised_by")
        .order_by("proposal__title", "pk")
    )
    state = signoff.signoffs_from(meeting.participations.all(), {meeting.pk: meeting.version}).get(meeting.pk)
    context = {"meeting": meeting, "raisings": raisings, "signoff": state}
    return render(request, "cooperation/meeting_detail.html", context)


@cached_page
def official_detail(request, slug):
    official = get_object_or_404(
        Official.objects.select_related("economy").prefetch_related(
            Prefetch("positions", queryset=Position.objects.select_related("organization"))
        ),
        slug=slug,
    )
    participations = (
        Participation.objects.visible_to(request.user)
        .filter(official=official)
        .select_related("meeting", "position__organization")
        .order_by("-meeting__date")
    )
    proposals = (
        Proposal.objects.visible_to(request.user)
        .filter(
            Q(proposed_by=official)
            | Q(pk__in=Raising.objects.visible_to(request.user).filter(raised_by=official).values("proposal"))
        )
        .select_related("sector")
        .order_by("title")
    )
    context = {"official": official, "participations": participations, "proposals": proposals}
    return render(request, "cooperation/official_detail.html", context)


RESULTS_PER_PAGE = 20


@cached_page
def search_page(request):
    """One ranked list of everything the viewer may see that holds every word searched for."""
    text = request.GET.get("q", "").replace("\x00", "")
    kind = request.GET.get("kind", "")
    kinds = dict(SearchKind.choices)
    context = {"q": text[: search_index.MAX_QUERY], "kind": kind, "kinds": SearchKind.choices, "too_long": False}
    if kind and kind not in kinds:
        context["error"] = _("There is no kind of record called “%(kind)s”; showing every kind.") % {"kind": kind[:40]}
        kind = context["kind"] = ""
    found = search_index.search(text, request.user)
    if found is None:
        context["hint"] = bool(text.strip())
        return render(request, "cooperation/search.html", context)
    context["too_long"] = len(text) > search_index.MAX_QUERY
    counts = found.counts_by_kind()
    query = context["q"]
    context["all_url"] = "?" + urlencode({"q": query})
    context["counts"] = [
        (value, label, counts.get(value, 0), "?" + urlencode({"q": query, "kind": value}))
        for value, label in SearchKind.choices
    ]
    context["total"] = sum(counts.values())
    found.total = context["total"]
    shown = found.of_kind(kind, counts.get(kind, 0)) if kind else found
    page = Paginator(shown, RESULTS_PER_PAGE).get_page(request.GET.get("page"))
    context["page_obj"] = page
    context["by_relevance"], context["ranked_at_most"] = shown.by_relevance, search_index.RANKED_AT_MOST
    context["results"] = search_index.shown(page.object_list, search_index.query_words(text))
    return render(request, "cooperation/search.html", context)
