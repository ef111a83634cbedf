import django_tables2 as tables
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django_tables2.rows import BoundRows

from cooperation.content import render_content
from cooperation.models import FollowUp, Meeting, Proposal, days_in_status
from trade.pagination import late_rows


class LateRowTablePaginator(Paginator):
    """django-tables2's paging with deep pages fetched by key first (see `trade.pagination.late_rows`)."""

    def _get_page(self, object_list, number, paginator):
        if isinstance(object_list.data, QuerySet):
            rows = late_rows(self.object_list.data.data, object_list.data)  # the table's queryset, the page's slice
            object_list = BoundRows(rows, object_list.table, object_list.pinned_data)
        return super()._get_page(object_list, number, paginator)


class ProposalStatusTable(tables.Table):
    title = tables.Column(linkify=("cooperation:manage-proposal", [tables.A("slug")]), verbose_name=_("Title"))
    sector = tables.Column(accessor="sector__name", verbose_name=_("Sector"))
    economies = tables.Column(
        accessor="from_economy__code", order_by=("from_economy__code", "to_economy__code"), verbose_name=_("From → to")
    )
    status = tables.Column(verbose_name=_("Status"))
    days_in_status = tables.Column(
        accessor="status_changed_at", order_by=("-status_changed_at",), verbose_name=_("Days in status")
    )
    last_meeting_date = tables.DateColumn(format="Y-m-d", verbose_name=_("Last raised"), default="")
    next_due = tables.DateColumn(format="Y-m-d", verbose_name=_("Next follow-up due"), default="")
    next_owner = tables.Column(verbose_name=_("Owner"), default="")
    visibility = tables.Column(verbose_name=_("Visibility"))

    class Meta:
        model = Proposal
        fields = [
            "title",
            "sector",
            "economies",
            "status",
            "days_in_status",
            "last_meeting_date",
            "next_due",
            "next_owner",
            "visibility",
        ]
        template_name = "django_tables2/table.html"
        attrs = {"class": "status-table"}
        row_attrs = {
            "class": lambda record: "overdue" if record.next_due and record.next_due < timezone.localdate() else ""
        }
        order_by = ("title",)

    # Titles and names in the reader's language, the original marked where there is none; exports
    # (value_*) carry the same text without the mark.
    def render_title(self, record):
        return render_content(record, "title")

    def value_title(self, record):
        return record.title

    def render_sector(self, record):
        return render_content(record.sector, "name")

    def value_sector(self, record):
        return record.sector.name

    def render_economies(self, record):
        return f"{record.from_economy.code} → {record.to_economy.code}"

    def value_economies(self, record):
        return f"{record.from_economy.code} → {record.to_economy.code}"

    def render_days_in_status(self, value):
        return days_in_status(value)

    def value_days_in_status(self, value):
        return days_in_status(value)

    def render_next_due(self, value):
        if value is None:
            return ""
        if value < timezone.localdate():
            return format_html('<strong class="flag">{} ({})</strong>', value.isoformat(), _("overdue"))
        return value.isoformat()

    def value_next_due(self, value):
        return value

    def value_last_meeting_date(self, value):
        return value

    def value_status(self, record):
        return record.get_status_display()


class FollowUpTable(tables.Table):
    action = tables.Column(verbose_name=_("Action"))
    proposal = tables.Column(
        accessor="proposal__title",
        linkify=("cooperation:manage-proposal", [tables.A("proposal__slug")]),
        verbose_name=_("Proposal"),
    )
    owner = tables.Column(accessor="owner__full_name", verbose_name=_("Owner"), default="")
    due_on = tables.DateColumn(format="Y-m-d", verbose_name=_("Due"))
    done_on = tables.DateColumn(format="Y-m-d", verbose_name=_("Done"), default="")
    mark = tables.TemplateColumn(
        template_name="cooperation/manage/_mark_done.html", verbose_name="", orderable=False, exclude_from_export=True
    )

    class Meta:
        model = FollowUp
        fields = ["action", "proposal", "owner", "due_on", "done_on", "mark"]
        template_name = "django_tables2/table.html"
        row_attrs = {"class": lambda record: "overdue" if record.is_overdue() else ""}

    def render_proposal(self, record):
        return render_content(record.proposal, "title")

    def value_proposal(self, record):
        return record.proposal.title


class MeetingTable(tables.Table):
    date = tables.DateColumn(format="Y-m-d", verbose_name=_("Date"))
    title = tables.Column(linkify=True, verbose_name=_("Title"))
    place = tables.Column(verbose_name=_("Place"))
    partner = tables.Column(empty_values=(), orderable=False, verbose_name=_("Partner"))
    participants = tables.Column(empty_values=(), orderable=False, verbose_name=_("Participants"))
    proposal_count = tables.Column(verbose_name=_("Proposals raised"), attrs={"td": {"class": "num"}})
    visibility = tables.Column(verbose_name=_("Visibility"))

    class Meta:
        model = Meeting
        fields = ["date", "title", "place", "partner", "participants", "proposal_count", "visibility"]
        template_name = "django_tables2/table.html"
        order_by = ("-date",)

    def render_title(self, record):
        return render_content(record, "title")

    def value_title(self, record):
        return record.title

    def render_place(self, record):
        return render_content(record, "place")

    def value_place(self, record):
        return record.place

    def render_participants(self, record):
        return "; ".join(str(p.official) for p in record.participations.all())

    value_participants = render_participants

    def render_partner(self, record):
        economies = {str(p.official.economy) for p in record.participations.all() if p.side == p.Side.PARTNER}
        return "; ".join(sorted(economies))

    value_partner = render_partner
