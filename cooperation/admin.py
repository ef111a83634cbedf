from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import Count, OuterRef, Subquery
from django.forms.models import BaseInlineFormSet
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext_lazy as _

from cooperation.forms import StatusChangeForm
from cooperation.models import (
    FollowUp,
    Meeting,
    Official,
    Organization,
    Participation,
    Position,
    Proposal,
    Raising,
    Sector,
    StatusChange,
)
from cooperation.services import record_initial_status
from pagecache.views import CachedChangelistMixin
from trade.admin_base import GuardedHistoryAdmin, GuardedModelAdmin
from trade.concurrency import VersionedModelForm

STATUS_PERMISSION = "cooperation.change_proposal_status"


HTTPS_URLS = {models.URLField: {"assume_scheme": "https"}}


@admin.register(Organization)
class OrganizationAdmin(CachedChangelistMixin, GuardedHistoryAdmin):
    formfield_overrides = HTTPS_URLS
    list_display = ["name", "short_name", "kind", "economy"]
    list_filter = ["kind", "economy"]
    search_fields = ["name", "short_name"]
    autocomplete_fields = ["economy"]
    list_select_related = ["economy"]


class PositionInline(admin.TabularInline):
    model = Position
    extra = 1
    autocomplete_fields = ["organization"]


@admin.register(Official)
class OfficialAdmin(CachedChangelistMixin, GuardedHistoryAdmin):
    form = VersionedModelForm
    list_display = ["full_name", "economy"]
    list_filter = ["economy"]
    search_fields = ["full_name", "positions__title"]
    prepopulated_fields = {"slug": ["full_name"]}
    autocomplete_fields = ["economy"]
    list_select_related = ["economy"]
    inlines = [PositionInline]


@admin.register(Position)
class PositionAdmin(CachedChangelistMixin, GuardedHistoryAdmin):
    list_display = ["official", "title", "organization", "start", "end"]
    search_fields = ["official__full_name", "title", "organization__name"]
    autocomplete_fields = ["official", "organization"]
    list_select_related = ["official", "organization"]


class ParticipationFormSet(BaseInlineFormSet):
    """Fills in, or checks, the post each participant held on the meeting's date."""

    def clean(self):
        super().clean()
        day = self.instance.date
        if day is None:
            return
        for form in self.forms:
            data = getattr(form, "cleaned_data", None) or {}
            if data.get("DELETE") or not data.get("official"):
                continue
            try:
                form.instance.assign_post(day)
            except ValidationError as exc:
                form.add_error(None, exc)


class ParticipationInline(admin.TabularInline):
    model = Participation
    formset = ParticipationFormSet
    extra = 2
    autocomplete_fields = ["official", "position"]


class RaisingInline(admin.StackedInline):
    model = Raising
    extra = 1
    autocomplete_fields = ["proposal", "raised_by"]


@admin.register(Meeting)
class MeetingAdmin(CachedChangelistMixin, GuardedHistoryAdmin):
    form = VersionedModelForm
    formfield_overrides = HTTPS_URLS
    list_display = ["title", "date", "place", "kind", "visibility", "participant_count"]
    list_filter = ["visibility", "kind", "date"]  # no date hierarchy: its year list reads every meeting
    search_fields = ["title", "place", "summary"]
    inlines = [ParticipationInline, RaisingInline]
    fieldsets = [
        (None, {"fields": ["title", ("date", "date_is_reported"), "place", "kind", "visibility", "version"]}),
        (_("Record"), {"fields": ["summary", "source_title", "source_url"]}),
    ]

    def get_queryset(self, request):
        # A subquery, not a join with GROUP BY: only the rows on the page are counted.
        count = Participation.objects.filter(meeting=OuterRef("pk")).values("meeting").annotate(n=Count("pk"))
        return super().get_queryset(request).annotate(participant_count=Subquery(count.values("n")))

    @admin.display(description=_("participants"), ordering="participant_count")
    def participant_count(self, obj):
        return obj.participant_count


@admin.register(Sector)
class SectorAdmin(CachedChangelistMixin, GuardedHistoryAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["product_groups"]


class FollowUpInline(admin.TabularInline):
    model = FollowUp
    extra = 1
    autocomplete_fields = ["owner"]


class StatusChangeInline(admin.TabularInline):
    """The history, read-only: it is written by the workflow alone."""

    model = StatusChange
    extra = 0
    fields = ["changed_at", "from_status", "to_status", "changed_by", "note", "meeting"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ProposalRaisingInline(admin.TabularInline):
    model = Raising
    extra = 0
    autocomplete_fields = ["meeting", "raised_by"]
    verbose_name_plural = _("raised at meetings")


class ProposalAdminForm(VersionedModelForm):
    """Status is chosen only when a proposal is entered; afterwards it moves through *Change status*."""

    status_note = forms.CharField(
        label=_("Note on the first status"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Where the status comes from, e.g. the news item that reported it."),
    )

    class Meta:
        model = Proposal
        fields = [
            "title",
            "slug",
            "summary",
            "sector",
            "proposed_by",
            "visibility",
            "status",
            "from_economy",
            "to_economy",
            "target_direction",
            "target_product_groups",
            "baseline_year",
            "version",
        ]


@admin.register(Proposal)
class ProposalAdmin(CachedChangelistMixin, GuardedHistoryAdmin):
    form = ProposalAdminForm
    change_form_template = "admin/cooperation/proposal/change_form.html"
    list_display = ["title", "sector", "from_economy", "to_economy", "status", "status_changed_at", "visibility"]
    list_filter = ["status", "visibility", "sector", "to_economy"]
    search_fields = ["title", "summary"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["sector", "proposed_by", "from_economy", "to_economy", "target_product_groups"]
    list_select_related = ["sector", "from_economy", "to_economy"]
    ordering = ["title", "pk"]  # a total order the title index serves; the admin's own "-pk" tie-break sorts every row
    inlines = [ProposalRaisingInline, FollowUpInline, StatusChangeInline]

    def get_fieldsets(self, request, obj=None):
        status_fields = ["status", "status_changed_at"] if obj else ["status", "status_note"]
        if obj is None and not request.user.has_perm(STATUS_PERMISSION):
            status_fields = ["status"]
        return [
            (None, {"fields": ["title", "slug", "summary", "sector", "proposed_by", "visibility", "version"]}),
            (_("Status"), {"fields": status_fields}),
            (
                _("Trade it is meant to move"),
                {
                    "fields": [
                        "from_economy",
                        "to_economy",
                        "target_direction",
                        "target_product_groups",
                        "baseline_year",
                    ]
                },
            ),
        ]

    def get_readonly_fields(self, request, obj=None):
        # An existing proposal's status moves only through the workflow (the Change status page); a new
        # one is entered with the status it has reached only by those who may decide statuses.
        if obj is None and request.user.has_perm(STATUS_PERMISSION):
            return []
        return ["status", "status_changed_at"]

    def get_urls(self):
        return [
            path(
                "<path:object_id>/status/",
                self.admin_site.admin_view(self.change_status_view),
                name="cooperation_proposal_status",
            ),
            *super().get_urls(),
        ]

    def change_status_view(self, request, object_id):
        """The admin's door to the same workflow service and form as the managers' page."""
        proposal = self.get_object(request, unquote(object_id))
        if proposal is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not request.user.has_perm(STATUS_PERMISSION):
            raise PermissionDenied
        form = StatusChangeForm(request.POST or None, proposal=proposal, user=request.user)
        if request.method == "POST" and form.save(by=request.user):
            self.message_user(
                request,
                _("Status changed to “%(status)s”.") % {"status": proposal.get_status_display()},
                messages.SUCCESS,
            )
            return redirect("admin:cooperation_proposal_change", proposal.pk)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": proposal,
            "title": _("Change status: %(proposal)s") % {"proposal": proposal},
            "form": form,
        }
        return TemplateResponse(
            request,
            "admin/cooperation/proposal/change_status.html",
            context,
            status=400 if form.errors else 200,
        )

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change:
            record_initial_status(obj, by=request.user, note=form.cleaned_data.get("status_note", ""))


@admin.register(FollowUp)
class FollowUpAdmin(CachedChangelistMixin, GuardedHistoryAdmin):
    list_display = ["action", "proposal", "owner", "due_on", "done_on", "visibility"]
    list_filter = ["visibility", "due_on", "done_on"]
    search_fields = ["action", "proposal__title"]
    autocomplete_fields = ["proposal", "owner"]
    list_select_related = ["proposal", "owner"]
    date_hierarchy = "due_on"


@admin.register(StatusChange)
class StatusChangeAdmin(CachedChangelistMixin, GuardedModelAdmin):
    list_display = ["proposal", "from_status", "to_status", "changed_at", "changed_by"]
    list_filter = ["to_status"]
    search_fields = ["proposal__title", "note"]
    list_select_related = ["proposal", "changed_by"]
    date_hierarchy = "changed_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
