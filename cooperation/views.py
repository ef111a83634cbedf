from django.conf import settings
from django.db.models import Count, Prefetch, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django_filters.views import FilterView

from cooperation import indicators as proposal_indicators
from cooperation.filters import MeetingFilter, ProposalFilter
from cooperation.models import (
    FollowUp,
    Meeting,
    Official,
    Participation,
    Position,
    Proposal,
    Raising,
    Sector,
    StatusChange,
)
from pagecache.views import cached_page
from trade import indicators
from trade.models import Economy
from trade.pagination import LateRowPaginator
from trade.views import series_chart


def healthz(request):
    """Liveness for a load balancer: answers without touching the database."""
    return HttpResponse("ok\n", content_type="text/plain")


@cached_page
def home(request):
    active = Proposal.objects.visible_to(request.user).open()
    counts = dict(active.order_by().values_list("sector").annotate(n=Count("pk")).values_list("sector", "n"))
    sectors = Sector.objects.filter(pk__in=counts).order_by("name")
    recent = active.select_related("sector").order_by("-status_changed_at")[:12]
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
        .prefetch_related("target_product_groups", "sector__product_groups"),
        slug=slug,
    )
    raisings = (
        Raising.objects.visible_to(request.user)
        .filter(proposal=proposal)
        .select_related("meeting", "raised_by")
        .order_by("meeting__date", "pk")
    )
    posts = {
        (p.meeting_id, p.official_id): p.position
        for p in Participation.objects.visible_to(request.user)
        .filter(meeting__raisings__proposal=proposal)
        .select_related("position__organization")
    }
    context = {
        "proposal": proposal,
        "raisings": [(r, posts.get((r.meeting_id, r.raised_by_id))) for r in raisings],
        "history": StatusChange.objects.visible_to(request.user).filter(proposal=proposal).order_by("changed_at", "pk"),
        "follow_ups": FollowUp.objects.visible_to(request.user)
        .filter(proposal=proposal)
        .select_related("owner")
        .order_by("due_on"),
        "indicators": proposal_indicators.for_proposal(proposal),
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
    meeting = get_object_or_404(Meeting.objects.visible_to(request.user).with_participants(), pk=pk)
    raisings = (
        Raising.objects.visible_to(request.user)
        .filter(meeting=meeting)
        .select_related("proposal__sector", "raised_by")
        .order_by("proposal__title", "pk")
    )
    return render(request, "cooperation/meeting_detail.html", {"meeting": meeting, "raisings": raisings})


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
