"""The managers' pages under /manage/: status lists, the summary matrix, status changes."""

from collections import Counter

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.contrib.auth.mixins import PermissionRequiredMixin
from django.core.exceptions import PermissionDenied
from django.db.models import Count, OuterRef, Prefetch, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_filters.views import FilterView
from django_tables2 import SingleTableMixin
from django_tables2.export.views import ExportMixin

from common.pagination import LateRowTablePaginator
from cooperation.exports import SafeTableExport
from cooperation.filters import FollowUpFilter, ManageProposalFilter, MeetingFilter
from cooperation.forms import StatusChangeForm
from cooperation.models import (
    STATUS_FACTS,
    FollowUp,
    Meeting,
    Movement,
    Participation,
    Proposal,
    ProposalDetail,
    Raising,
    Sector,
    StatusChange,
    add_status_facts,
    visible_q,
)
from cooperation.tables import FollowUpTable, MeetingTable, ProposalStatusTable

VIEW = "cooperation.view_proposal"
CHANGE_STATUS = "cooperation.change_proposal_status"
PER_PAGE = {"25": 25, "50": 50, "100": 100}


def may_mark_done(user):
    return user.has_perm("cooperation.change_followup") or user.has_perm(CHANGE_STATUS)


class ManageMixin(PermissionRequiredMixin):
    """Anonymous users go to the login page; logged-in users without the permission get 403."""

    permission_required = VIEW


class ManageTableMixin(ManageMixin, ExportMixin, SingleTableMixin):
    """A sortable, paginated, exportable table; the page size is one of PER_PAGE, never any number."""

    export_formats = ("csv", "xlsx")
    export_class = SafeTableExport
    default_per_page = 25

    def get(self, request, *args, **kwargs):
        # Only the offered formats: tables2 knows more (json, latex, ...), some of which fail without their packages.
        export_format = request.GET.get(self.export_trigger_param)
        if export_format and export_format not in self.export_formats:
            message = _("Unknown export format. The list can be exported as: %(formats)s.") % {
                "formats": ", ".join(self.export_formats)
            }
            return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
        return super().get(request, *args, **kwargs)

    def get_table_kwargs(self):
        # Only the filtered page size is read; tables2's own per_page parameter is switched off.
        return {"per_page_field": "_per_page"}

    def get_table_pagination(self, table):
        return {
            "per_page": PER_PAGE.get(self.request.GET.get("per_page"), self.default_per_page),
            "paginator_class": LateRowTablePaginator,
        }


class ProposalStatusListView(ManageTableMixin, FilterView):
    table_class = ProposalStatusTable
    filterset_class = ManageProposalFilter
    template_name = "cooperation/manage/proposal_list.html"
    export_name = "proposals"

    def get_queryset(self):
        proposals = Proposal.objects.visible_to(self.request.user).for_list().with_indicator()
        sort = self.request.GET.get("sort", "").lstrip("-")
        if sort in STATUS_FACTS or self.request.GET.get(self.export_trigger_param):
            return proposals.with_status_facts(self.request.user)  # sorted or exported by them: every row needs them
        return proposals

    def get_table(self, **kwargs):
        table = super().get_table(**kwargs)
        page = getattr(table, "page", None)
        if page is not None and not table.data.data.query.annotations:
            add_status_facts(
                (row.record for row in page.object_list), self.request.user
            )  # the rows the page will render
        return table


@login_required
@permission_required(VIEW, raise_exception=True)
def summary(request):
    """Proposal counts by status and sector, each cell a link to the filtered list."""
    counts = {
        (row["sector"], row["status"]): row["n"]
        for row in Proposal.objects.visible_to(request.user).values("sector", "status").annotate(n=Count("pk"))
    }
    statuses = Proposal.Status.choices
    sectors = Sector.objects.visible_to(request.user).order_by("name")
    rows = [(sector, [(value, counts.get((sector.pk, value), 0)) for value, _label in statuses]) for sector in sectors]
    totals = [(value, sum(counts.get((s.pk, value), 0) for s in sectors)) for value, _label in statuses]
    # Both headlines' movements in one read: trade (no row counts as no data), and corridors (only the
    # proposals that name a corridor measure are counted).
    moved, corridor_moved = Counter(), Counter()
    by_movement = (
        Proposal.objects.visible_to(request.user)
        .with_indicator()
        .values("sector", "indicator__movement", "corridor_indicator__movement")
    )
    for row in by_movement.annotate(n=Count("pk")).order_by():
        moved[(row["sector"], row["indicator__movement"] or Movement.NO_DATA)] += row["n"]
        if row["corridor_indicator__movement"]:
            corridor_moved[(row["sector"], row["corridor_indicator__movement"])] += row["n"]
    movements = Movement.choices
    context = {
        "statuses": statuses,
        "rows": rows,
        "totals": totals,
        "movements": movements,
        "movement_rows": per_sector(moved, sectors, movements),
        "movement_totals": sector_totals(moved, sectors, movements),
        "corridor_movement_rows": per_sector(corridor_moved, sectors, movements),
        "corridor_movement_totals": sector_totals(corridor_moved, sectors, movements),
    }
    return render(request, "cooperation/manage/summary.html", context)


def per_sector(counts, sectors, movements):
    return [(s, [(value, counts[(s.pk, value)]) for value, _label in movements]) for s in sectors]


def sector_totals(counts, sectors, movements):
    return [(value, sum(counts[(s.pk, value)] for s in sectors)) for value, _label in movements]


@login_required
@permission_required(VIEW, raise_exception=True)
def proposal_manage(request, slug):
    proposal = get_object_or_404(
        Proposal.objects.visible_to(request.user)
        .for_list()
        .annotate(has_details=ProposalDetail.objects.any_for(request.user)),
        slug=slug,
    )
    can_change = request.user.has_perm(CHANGE_STATUS)
    form = StatusChangeForm(proposal=proposal, user=request.user) if can_change else None
    if request.method == "POST":
        if not can_change:
            raise PermissionDenied
        form = StatusChangeForm(request.POST, proposal=proposal, user=request.user)
        if form.save(by=request.user):
            messages.success(request, _("Status changed to “%(status)s”.") % {"status": proposal.get_status_display()})
            return redirect("cooperation:manage-proposal", proposal.slug)
    context = {
        "proposal": proposal,
        "form": form,
        "raisings": Raising.objects.visible_to(request.user)
        .filter(proposal=proposal)
        .select_related("meeting", "raised_by")
        .order_by("meeting__date", "pk"),
        "history": StatusChange.objects.visible_to(request.user)
        .filter(proposal=proposal)
        .select_related("changed_by")
        .order_by("changed_at", "pk"),
        "follow_ups": FollowUp.objects.visible_to(request.user)
        .filter(proposal=proposal)
        .select_related("owner__account__user__partner_account", "assignee__profile", "assignee__partner_account")
        .order_by("done_on", "due_on"),
        "may_mark_done": may_mark_done(request.user),
        "details": ProposalDetail.objects.shown(proposal, request.user),
    }
    return render(request, "cooperation/manage/proposal.html", context, status=400 if form and form.errors else 200)


class FollowUpListView(ManageTableMixin, FilterView):
    table_class = FollowUpTable
    template_name = "cooperation/manage/follow_up_list.html"
    filterset_class = FollowUpFilter
    export_name = "follow-ups"
    default_per_page = 50

    def get_queryset(self):
        return FollowUp.objects.visible_to(self.request.user).select_related("proposal", "owner").order_by_urgency()

    def get_context_data(self, **kwargs):
        return super().get_context_data(**kwargs, may_mark_done=may_mark_done(self.request.user))


@login_required
@require_POST
def follow_up_done(request, pk):
    if not may_mark_done(request.user):
        raise PermissionDenied
    follow_up = get_object_or_404(FollowUp.objects.visible_to(request.user), pk=pk)
    follow_up.mark_done()
    messages.success(request, _("“%(action)s” marked done.") % {"action": follow_up.action})
    next_url = request.POST.get("next", "")
    if next_url.startswith("/manage/"):
        return redirect(next_url)
    return redirect("cooperation:manage-follow-ups")


class MeetingListView(ManageTableMixin, FilterView):
    table_class = MeetingTable
    template_name = "cooperation/manage/meeting_list.html"
    filterset_class = MeetingFilter
    export_name = "meetings"
    default_per_page = 50

    def get_queryset(self):
        # Counted per row in a subquery, not by a join with GROUP BY over every meeting: the page's
        # rows are found by the date index, and only they are counted.
        raised = (
            Raising.objects.filter(visible_q(self.request.user, "proposal__"), meeting=OuterRef("pk"))
            .order_by()
            .values("meeting")
            .annotate(n=Count("proposal", distinct=True))
            .values("n")
        )
        return (
            Meeting.objects.visible_to(self.request.user)
            .annotate(proposal_count=Coalesce(Subquery(raised), 0))
            .order_by("-date", "-pk")
            .prefetch_related(
                Prefetch("participations", queryset=Participation.objects.select_related("official__economy"))
            )
        )
