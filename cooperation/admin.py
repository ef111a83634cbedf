from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, OuterRef, Subquery
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

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
from cooperation.services import IllegalTransition, change_status, check_transition, record_initial_status
from pagecache.views import CachedChangelistMixin
from trade.concurrency import VersionedModelForm

STATUS_PERMISSION = "cooperation.change_proposal_status"


HTTPS_URLS = {models.URLField: {"assume_scheme": "https"}}


@admin.register(Organization)
class OrganizationAdmin(CachedChangelistMixin, SimpleHistoryAdmin):
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
class OfficialAdmin(CachedChangelistMixin, SimpleHistoryAdmin):
    form = VersionedModelForm
    list_display = ["full_name", "economy"]
    list_filter = ["economy"]
    search_fields = ["full_name", "positions__title"]
    prepopulated_fields = {"slug": ["full_name"]}
    autocomplete_fields = ["economy"]
    list_select_related = ["economy"]
    inlines = [PositionInline]


@admin.register(Position)
class PositionAdmin(CachedChangelistMixin, SimpleHistoryAdmin):
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
class MeetingAdmin(CachedChangelistMixin, SimpleHistoryAdmin):
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
class SectorAdmin(CachedChangelistMixin, SimpleHistoryAdmin):
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
    status_note = forms.CharField(
        label=_("Note on the status change"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when putting on hold, declining, withdrawing or completing."),
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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        status = self.fields.get("status")
        if status is not None and self.instance.pk:
            current = self.instance.status
            allowed = [current, *Proposal.allowed_transitions(current)]
            status.choices = [(value, label) for value, label in Proposal.Status.choices if value in allowed]

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk and "status" in self.changed_data and "status" in cleaned:
            try:
                check_transition(current=self.initial["status"], to=cleaned["status"], note=cleaned.get("status_note"))
            except IllegalTransition as exc:
                self.add_error("status", exc)
        return cleaned


@admin.register(Proposal)
class ProposalAdmin(CachedChangelistMixin, SimpleHistoryAdmin):
    form = ProposalAdminForm
    list_display = ["title", "sector", "from_economy", "to_economy", "status", "status_changed_at", "visibility"]
    list_filter = ["status", "visibility", "sector", "to_economy"]
    search_fields = ["title", "summary"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["sector", "proposed_by", "from_economy", "to_economy", "target_product_groups"]
    list_select_related = ["sector", "from_economy", "to_economy"]
    ordering = ["title", "pk"]  # a total order the title index serves; the admin's own "-pk" tie-break sorts every row
    inlines = [ProposalRaisingInline, FollowUpInline, StatusChangeInline]

    def get_fieldsets(self, request, obj=None):
        status_fields = ["status", "status_changed_at", "status_note"]
        if not request.user.has_perm(STATUS_PERMISSION):
            status_fields = ["status", "status_changed_at"]
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
        if request.user.has_perm(STATUS_PERMISSION):
            return ["status_changed_at"]
        return ["status", "status_changed_at"]

    def save_model(self, request, obj, form, change):
        note = form.cleaned_data.get("status_note", "")
        if not change:
            super().save_model(request, obj, form, change)
            record_initial_status(obj, by=request.user, note=note)
            return
        # The status is never written by a plain save: only the workflow moves it.
        fields = [f.name for f in obj._meta.concrete_fields if f.name not in ("id", "status", "status_changed_at")]
        new_status, old_status = obj.status, form.initial.get("status", obj.status)
        obj.status = old_status
        obj.save(update_fields=fields)
        if new_status != old_status:
            try:
                change_status(obj, to=new_status, by=request.user, note=note, expected=old_status)
            except IllegalTransition as exc:
                messages.error(request, exc.message)


@admin.register(FollowUp)
class FollowUpAdmin(CachedChangelistMixin, SimpleHistoryAdmin):
    list_display = ["action", "proposal", "owner", "due_on", "done_on", "visibility"]
    list_filter = ["visibility", "due_on", "done_on"]
    search_fields = ["action", "proposal__title"]
    autocomplete_fields = ["proposal", "owner"]
    list_select_related = ["proposal", "owner"]
    date_hierarchy = "due_on"


@admin.register(StatusChange)
class StatusChangeAdmin(CachedChangelistMixin, admin.ModelAdmin):
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
