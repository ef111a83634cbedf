from django.conf import settings
from django.db.models import Count, Prefetch, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django_filters.views import FilterView

from cooperation import indicators as proposal_indicators
from cooperation.filters import MeetingFilter, ProposalFilter
from cooperation.models import FollowUp, Meeting, Official, Participation, Position, Proposal, Raising
from trade import indicators
from trade.models import Economy
from trade.views import series_chart


def healthz(request):
    """Liveness for a load balancer: answers without touching the database."""
    return HttpResponse("ok\n", content_type="text/plain")


def home(request):
    context = {
        "meetings": Meeting.objects.visible_to(request.user)[:5],
        "proposals": Proposal.objects.visible_to(request.user)
        .open()
        .select_related("sector")
        .order_by("sector__name", "-status_changed_at")[:12],
        "sector_counts": Proposal.objects.visible_to(request.user)
        .open()
        .values("sector__name", "sector__slug")
        .annotate(count=Count("pk"))
        .order_by("sector__name"),
    }
    economies = {e.code: e for e in Economy.objects.filter(code__in=[settings.HOME_ECONOMY, settings.HOME_PARTNER])}
    if len(economies) == 2:
        reporter = economies[settings.HOME_ECONOMY]
        partner = economies[settings.HOME_PARTNER]
        if reporter.parent_id:
            reporter = Economy.objects.select_related("parent").get(pk=reporter.pk)
        series = indicators.pair_series(reporter, partner)
        context.update(
            reporter=reporter,
            partner=partner,
            series=series,
            chart=series_chart(series, _("Exports and imports by year")),
        )
    return render(request, "cooperation/home.html", context)


class ProposalListView(FilterView):
    filterset_class = ProposalFilter
    template_name = "cooperation/proposal_list.html"
    paginate_by = 20

    def get_queryset(self):
        return Proposal.objects.visible_to(self.request.user).for_list().order_by("title")


def proposal_detail(request, slug):
    proposal = get_object_or_404(
        Proposal.objects.visible_to(request.user)
        .for_list()
        .select_related("from_economy__parent", "to_economy__parent")
        .prefetch_related("target_product_groups", "sector__product_groups"),
        slug=slug,
    )
    raisings = (
        Raising.objects.filter(proposal=proposal, meeting__in=Meeting.objects.visible_to(request.user))
        .select_related("meeting", "raised_by")
        .order_by("meeting__date", "pk")
    )
    posts = {
        (p.meeting_id, p.official_id): p.position
        for p in Participation.objects.filter(meeting__raisings__proposal=proposal).select_related(
            "position__organization"
        )
    }
    context = {
        "proposal": proposal,
        "raisings": [(r, posts.get((r.meeting_id, r.raised_by_id))) for r in raisings],
        "history": proposal.status_changes.select_related("meeting").order_by("changed_at", "pk"),
        "follow_ups": FollowUp.objects.filter(proposal=proposal)
        .visible_to(request.user)
        .select_related("owner")
        .order_by("due_on"),
        "indicators": proposal_indicators.for_proposal(proposal),
    }
    return render(request, "cooperation/proposal_detail.html", context)


class MeetingListView(FilterView):
    filterset_class = MeetingFilter
    template_name = "cooperation/meeting_list.html"
    paginate_by = 20

    def get_queryset(self):
        return Meeting.objects.visible_to(self.request.user).with_participants()


def meeting_detail(request, pk):
    meeting = get_object_or_404(Meeting.objects.visible_to(request.user).with_participants(), pk=pk)
    raisings = (
        meeting.raisings.filter(proposal__in=Proposal.objects.visible_to(request.user))
        .select_related("proposal__sector", "raised_by")
        .order_by("proposal__title", "pk")
    )
    return render(request, "cooperation/meeting_detail.html", {"meeting": meeting, "raisings": raisings})


def official_detail(request, slug):
    official = get_object_or_404(
        Official.objects.select_related("economy").prefetch_related(
            Prefetch("positions", queryset=Position.objects.select_related("organization"))
        ),
        slug=slug,
    )
    visible_meetings = Meeting.objects.visible_to(request.user)
    participations = (
        official.participations.filter(meeting__in=visible_meetings)
        .select_related("meeting", "position__organization")
        .order_by("-meeting__date")
    )
    proposals = (
        Proposal.objects.visible_to(request.user)
        .filter(Q(proposed_by=official) | Q(pk__in=Raising.objects.filter(raised_by=official).values("proposal")))
        .select_related("sector")
        .order_by("title")
    )
    context = {"official": official, "participations": participations, "proposals": proposals}
    return render(request, "cooperation/official_detail.html", context)
