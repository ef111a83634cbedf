from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.db.models import Count, OuterRef, Subquery
from django.forms.models import BaseInlineFormSet
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from common.admin_base import GuardedHistoryAdmin, GuardedModelAdmin, ReadOnlyAdminMixin
from common.admin_widgets import (
    ChangeFormRelatedMixin,
    PreloadedAutocompleteMixin,
    PreloadedChoicesForm,
    PreloadedModelForm,
)
from common.concurrency import VersionedModelForm
from common.pagination import LateRowPaginator
from cooperation import names, proposal_indicators, signoff
from cooperation.content import in_every_language
from cooperation.forms import StatusChangeForm
from cooperation.indicator_store import refresh_pending
from cooperation.models import (
    CORRIDOR_INDICATOR,
    CorridorTarget,
    FollowUp,
    IndicatorKind,
    Meeting,
    Movement,
    Official,
    Organization,
    Participation,
    Position,
    Proposal,
    ProposalDetail,
    Raising,
    SearchKind,
    Sector,
    StatusChange,
    indicator_value,
)
from cooperation.search import likely_duplicates, officials_named
from cooperation.search_index import matching_ids
from cooperation.services import record_initial_status
from cooperation.tables import corridor_change_html, corridor_latest_html, indicator_change_html
from notifications.services import with_reminder_accounts
from notifications.templatetags.watching import reminders_go_to
from trade.models import TradeFigure

STATUS_PERMISSION = "cooperation.change_proposal_status"


HTTPS_URLS = {models.URLField: {"assume_scheme": "https"}}


# Records kept per language (cooperation/translation.py) show their language fields one below the other,
# each labelled with its language, in place of the field itself: modeltranslation's TranslationAdmin,
# without its tabs (those need a script from another site). Their searches look in every language.
@admin.register(Organization)
class OrganizationAdmin(TranslationAdmin, GuardedHistoryAdmin):
    formfield_overrides = HTTPS_URLS
    list_display = ["name", "short_name", "kind", "economy"]
    list_filter = ["kind", "economy"]
    search_fields = in_every_language("name", "short_name")
    autocomplete_fields = ["economy"]
    list_select_related = ["economy"]


class PositionInline(PreloadedAutocompleteMixin, TranslationTabularInline):
    model = Position
    form = PreloadedModelForm
    extra = 1
    autocomplete_fields = ["organization"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("organization")


class OfficialAdminForm(PreloadedChoicesForm, VersionedModelForm):
    """An official's names; adding one whose name is most likely someone's already recorded needs a confirmation.

    The check folds every spelling given against every recorded one (`search.likely_duplicates`),
    so a name typed in Cyrillic is caught against the same name recorded in Latin letters. Until
    the warning has been answered by ticking "This is a different person", nothing is saved.
    """

    different_person = forms.BooleanField(
        label=_("This is a different person"),
        required=False,
        widget=forms.HiddenInput,
        help_text=_("Tick when the official you are adding is not the one already recorded under a similar name."),
    )

    def clean(self):
        cleaned = super().clean()
        if self.instance._state.adding and not cleaned.get("different_person"):
            spellings = names.all_names(
                cleaned.get("full_name", ""), cleaned.get("name_native", ""), cleaned.get("other_spellings", "")
            )
            duplicates = likely_duplicates(Official.objects.all(), spellings)
            if duplicates:
                self.fields["different_person"].widget = forms.CheckboxInput()
                self.add_error("different_person", self.duplicate_warning(duplicates))
        return cleaned

    @staticmethod
    def duplicate_warning(duplicates):
        links = format_html_join(
            ", ",
            '<a href="{}" target="_blank" rel="noopener">{}</a>',
            (
                (
                    reverse("admin:cooperation_official_change", args=[official.pk]),
                    " / ".join(official.spellings()[:2]),
                )
                for official in duplicates
            ),
        )
        message = _(
            "Most likely already recorded: {officials}. Nothing was saved. "
            "If this is someone else, tick “This is a different person” and save again."
        )
        return ValidationError(format_html(message, officials=links), code="likely_duplicate")

    def save(self, commit=True):
        self.instance.fill_name_key()
        return super().save(commit)


@admin.register(Official)
class OfficialAdmin(ChangeFormRelatedMixin, PreloadedAutocompleteMixin, GuardedHistoryAdmin):
    form = OfficialAdminForm
    list_display = ["full_name", "name_native", "economy"]
    list_filter = ["economy"]
    search_fields = ["full_name", *in_every_language("positions__title")]
    prepopulated_fields = {"slug": ["full_name"]}
    autocomplete_fields = ["economy"]
    list_select_related = ["economy"]
    change_form_select_related = ["economy"]
    inlines = [PositionInline]

    def get_fields(self, request, obj=None):
        fields = [name for name in super().get_fields(request, obj) if name != "different_person"]
        if obj is None:  # asked only when adding, beside the names it is about
            fields.insert(fields.index("other_spellings") + 1, "different_person")
        return fields

    def get_search_results(self, request, queryset, search_term):
        """Also finds officials by any spelling of their name, in any script ("Килыбай", "Mamedov")."""
        found, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        if search_term.strip():
            found = found | officials_named(queryset, search_term)
        return found, may_have_duplicates


@admin.register(Position)
class PositionAdmin(ChangeFormRelatedMixin, PreloadedAutocompleteMixin, TranslationAdmin, GuardedHistoryAdmin):
    form = PreloadedModelForm
    list_display = ["official", "title", "organization", "start", "end"]
    search_fields = ["official__full_name", *in_every_language("title", "organization__name")]
    autocomplete_fields = ["official", "organization"]
    list_select_related = ["official", "organization"]
    change_form_select_related = ["official", "organization"]


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


class ParticipationInline(PreloadedAutocompleteMixin, admin.TabularInline):
    model = Participation
    form = PreloadedModelForm
    formset = ParticipationFormSet
    extra = 2
    autocomplete_fields = ["official", "position"]

    def get_queryset(self, request):
        # Each row's title names its official and meeting, and its fields show the official and post.
        return super().get_queryset(request).select_related("meeting", "official", "position__organization")


class RaisingInline(PreloadedAutocompleteMixin, admin.StackedInline):
    model = Raising
    form = PreloadedModelForm
    extra = 1
    autocomplete_fields = ["proposal", "raised_by"]
    fields = ["proposal", "raised_by", "statement", "statement_language", "indicator"]
    readonly_fields = ["indicator"]

    def get_queryset(self, request):
        # The indicators are brought up to date by MeetingAdmin.changeform_view, before its transaction.
        return (
            super()
            .get_queryset(request)
            .select_related("meeting", "proposal__indicator", "proposal__to_economy", "raised_by")
        )

    @admin.display(description=_("trade indicator"))
    def indicator(self, obj):
        indicator = getattr(obj.proposal, "indicator", None) if obj.proposal_id else None
        return indicator_line(indicator) if indicator else "–"


class IndexedSearchMixin:
    """The admin's search box also finds what the site's search finds for this kind of record."""

    search_kind = None

    def get_search_results(self, request, queryset, search_term):
        found, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        indexed = matching_ids(search_term, self.search_kind) if search_term.strip() else None
        if indexed is not None:
            found = found | queryset.filter(pk__in=indexed)
        return found, may_have_duplicates


def indicator_line(indicator):
    """One line for a proposal's indicator: the flow, the latest value and the change since the baseline."""
    measure = TradeFigure.Measure(indicator.measure).label if indicator.measure in TradeFigure.Measure.values else ""
    if indicator.latest_value is None:
        return format_html("{}: {}", measure, _("no data"))
    return format_html(
        "{}: {} ({}), {} {}",
        measure,
        indicator.amount_text("latest"),
        indicator.latest_year,
        indicator_change_html(indicator),
        _("since %(year)s") % {"year": indicator.baseline_year} if indicator.baseline_year else "",
    )


class MovementFilter(admin.SimpleListFilter):
    title = _("indicator")
    parameter_name = "movement"

    def lookups(self, request, model_admin):
        return Movement.choices

    def queryset(self, request, queryset):
        return queryset.by_movement(self.value()) if self.value() else queryset


class CorridorMovementFilter(admin.SimpleListFilter):
    """The corridor headline's movement; "no data" lists only proposals that name a corridor measure."""

    title = _("corridor indicator")
    parameter_name = "corridor_movement"

    def lookups(self, request, model_admin):
        return Movement.choices

    def queryset(self, request, queryset):
        return queryset.by_movement(self.value(), IndicatorKind.CORRIDOR) if self.value() else queryset


class ContradictedFilter(admin.SimpleListFilter):
    title = _("contradicted figures")
    parameter_name = "contradicted"

    def lookups(self, request, model_admin):
        return [("1", _("Contradicted figures only"))]

    def queryset(self, request, queryset):
        return queryset.contradicted() if self.value() == "1" else queryset


@admin.register(Meeting)
class MeetingAdmin(IndexedSearchMixin, TranslationAdmin, GuardedHistoryAdmin):
    search_kind = SearchKind.MEETING
    form = VersionedModelForm
    formfield_overrides = HTTPS_URLS
    list_display = ["title", "date", "place", "kind", "visibility", "participant_count"]
    list_filter = ["visibility", "kind", "date"]  # no date hierarchy: its year list reads every meeting
    search_fields = in_every_language("title", "place", "summary")
    inlines = [ParticipationInline, RaisingInline]
    fieldsets = [
        (None, {"fields": ["title", ("date", "date_is_reported"), "place", "kind", "visibility", "version"]}),
        (_("Record"), {"fields": ["summary", "source_title", "source_url"]}),
    ]

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        # The raised proposals' indicators are shown stored: bring them up to date first, outside the
        # form's own transaction (which would hold the refresh's lock until the whole form is saved).
        if request.method in ("GET", "HEAD") and object_id:
            refresh_pending()
        return super().changeform_view(request, object_id, form_url, extra_context)

    def get_queryset(self, request):
        # A subquery, not a join with GROUP BY: only the rows on the page are counted.
        count = Participation.objects.filter(meeting=OuterRef("pk")).values("meeting").annotate(n=Count("pk"))
        return super().get_queryset(request).annotate(participant_count=Subquery(count.values("n")))

    @admin.display(description=_("participants"), ordering="participant_count")
    def participant_count(self, obj):
        return obj.participant_count


class CorridorTargetInline(PreloadedAutocompleteMixin, admin.TabularInline):
    """The corridor measures a proposal or sector is meant to move: a port's or route's cargo, TEU, calls, …"""

    model = CorridorTarget
    form = PreloadedModelForm
    extra = 0
    autocomplete_fields = ["place", "counterpart"]
    fields = ["place", "measure", "direction", "counterpart", "position"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("place", "counterpart")


@admin.register(Sector)
class SectorAdmin(PreloadedAutocompleteMixin, TranslationAdmin, GuardedHistoryAdmin):
    form = PreloadedModelForm
    list_display = ["name", "slug"]
    search_fields = in_every_language("name")
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["product_groups"]
    inlines = [CorridorTargetInline]


def reminded_to(follow_up):
    """Whose account a follow-up's reminders go to, or, plainly, why they cannot go anywhere."""
    return "—" if follow_up.pk is None else reminders_go_to(follow_up)


class FollowUpInline(PreloadedAutocompleteMixin, admin.TabularInline):
    model = FollowUp
    form = PreloadedModelForm
    extra = 1
    autocomplete_fields = ["owner", "assignee"]
    fields = [
        "action",
        "owner",
        "assignee",
        "due_on",
        "done_on",
        "visibility",
        "shared_with_partners",
        "reminders_go_to",
    ]
    readonly_fields = ["reminders_go_to"]

    def get_queryset(self, request):
        return with_reminder_accounts(super().get_queryset(request))

    @admin.display(description=_("reminders go to"))
    def reminders_go_to(self, obj):
        return reminded_to(obj)


class ProposalDetailInline(admin.TabularInline):
    """Companies, contract value, contact person: each private (staff only) until unticked."""

    model = ProposalDetail
    extra = 0
    fields = ["kind", "value", "private"]


class StatusChangeInline(ReadOnlyAdminMixin, admin.TabularInline):
    """The history, read-only: it is written by the workflow alone."""

    model = StatusChange
    extra = 0
    fields = ["changed_at", "from_status", "to_status", "changed_by", "note", "meeting"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("proposal", "changed_by", "meeting")


class ProposalRaisingInline(PreloadedAutocompleteMixin, admin.TabularInline):
    model = Raising
    form = PreloadedModelForm
    extra = 0
    autocomplete_fields = ["meeting", "raised_by"]
    verbose_name_plural = _("raised at meetings")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("meeting", "proposal", "raised_by")


def save_raisings(formset):
    """Save raisings entered on a proposal's form; the meetings whose record they change count it as a new
    version of their record, so a partner's confirmation of the record as it was no longer stands."""
    raisings = formset.save()
    meetings = {r.meeting_id for r in raisings} | {r.meeting_id for r in formset.deleted_objects}
    signoff.record_changed(meetings)


class ProposalAdminForm(PreloadedChoicesForm, VersionedModelForm):
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
class ProposalAdmin(
    ChangeFormRelatedMixin,
    PreloadedAutocompleteMixin,
    IndexedSearchMixin,
    TranslationAdmin,
    GuardedHistoryAdmin,
):
    search_kind = SearchKind.PROPOSAL
    form = ProposalAdminForm
    change_form_template = "admin/cooperation/proposal/change_form.html"
    list_display = [
        "title",
        "sector",
        "from_economy",
        "to_economy",
        "status",
        "status_changed_at",
        "visibility",
        "indicator_latest",
        "indicator_change",
        "corridor_latest",
        "corridor_change",
    ]
    list_filter = [
        "status",
        "visibility",
        "sector",
        "to_economy",
        MovementFilter,
        CorridorMovementFilter,
        ContradictedFilter,
    ]
    search_fields = in_every_language("title", "summary")
    prepopulated_fields = {"slug": ["title"]}  # from the English title
    autocomplete_fields = ["sector", "proposed_by", "from_economy", "to_economy", "target_product_groups"]
    list_select_related = ["sector", "from_economy", "to_economy", "indicator", *CORRIDOR_INDICATOR]
    ordering = ["title", "pk"]  # a total order the title index serves; the admin's own "-pk" tie-break sorts every row
    paginator = LateRowPaginator  # sorted by a figure, the rows are sorted by key, and only a page's rows read
    inlines = [ProposalRaisingInline, ProposalDetailInline, FollowUpInline, StatusChangeInline, CorridorTargetInline]

    def save_formset(self, request, form, formset, change):
        if formset.model is Raising:
            save_raisings(formset)
        else:
            super().save_formset(request, form, formset, change)

    # What the form's fields and its indicator panel show, read with the proposal.
    change_form_select_related = ["sector", "proposed_by", "from_economy__parent", "to_economy__parent"]
    change_form_prefetch_related = ["target_product_groups"]

    def get_fieldsets(self, request, obj=None):
        status_fields = ["status", "status_changed_at"] if obj else ["status", "status_note"]
        if obj is None and not request.user.has_perm(STATUS_PERMISSION):
            status_fields = ["status"]
        return self.replace_orig_fieldsets(
            [
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
                            *(["indicator_panel"] if obj else []),
                        ]
                    },
                ),
            ]
        )

    def get_changelist_instance(self, request):
        # The list shows stored indicators: bring them up to date first (a page served from the page
        # cache needs not: any change to their inputs changed the stamp that keys it).
        if request.method in ("GET", "HEAD"):
            refresh_pending()
        return super().get_changelist_instance(request)

    @admin.display(description=_("latest indicator"), ordering=indicator_value("latest_value").asc(nulls_last=True))
    def indicator_latest(self, obj):
        indicator = getattr(obj, "indicator", None)
        if indicator is None or indicator.latest_value is None:
            return _("n/a")
        return format_html('{} <span class="how">{}</span>', indicator.amount_text("latest"), indicator.latest_year)

    @admin.display(description=_("change since baseline"), ordering=indicator_value("change_pct").asc(nulls_last=True))
    def indicator_change(self, obj):
        return indicator_change_html(getattr(obj, "indicator", None))

    @admin.display(
        description=_("corridor: latest"),
        ordering=indicator_value("latest_value", IndicatorKind.CORRIDOR).asc(nulls_last=True),
    )
    def corridor_latest(self, obj):
        return corridor_latest_html(getattr(obj, "corridor_indicator", None))

    @admin.display(
        description=_("corridor: change since baseline"),
        ordering=indicator_value("change_pct", IndicatorKind.CORRIDOR).asc(nulls_last=True),
    )
    def corridor_change(self, obj):
        return corridor_change_html(getattr(obj, "corridor_indicator", None))

    @admin.display(description=_("indicators"))
    def indicator_panel(self, obj):
        """The proposal's indicators as its public page computes them, from what is saved."""
        context = {"proposal": obj, "indicators": proposal_indicators.for_proposal(obj)}
        return render_to_string("admin/cooperation/proposal/indicator_panel.html", context)

    def replace_orig_fieldsets(self, fieldsets):
        """Each field kept per language replaced by its language fields (title: title_en … title_az)."""
        return [
            (name, {**options, "fields": self.replace_orig_field(options["fields"])}) for name, options in fieldsets
        ]

    def get_readonly_fields(self, request, obj=None):
        # An existing proposal's status moves only through the workflow (the Change status page); a new
        # one is entered with the status it has reached only by those who may decide statuses.
        if obj is None and request.user.has_perm(STATUS_PERMISSION):
            return []
        return ["status", "status_changed_at", *(["indicator_panel"] if obj else [])]

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
class FollowUpAdmin(ChangeFormRelatedMixin, PreloadedAutocompleteMixin, GuardedHistoryAdmin):
    form = PreloadedModelForm
    list_display = ["action", "proposal", "owner", "due_on", "done_on", "visibility", "reminders_go_to"]
    list_filter = [
        "visibility",
        "shared_with_partners",
        "due_on",
        "done_on",
    ]  # no date hierarchy: its year list reads every row
    search_fields = ["action", *in_every_language("proposal__title")]
    autocomplete_fields = ["proposal", "owner", "assignee"]
    list_select_related = [
        *("proposal", "owner", "assignee__profile", "assignee__partner_account"),
        "owner__account__user__partner_account",
    ]
    readonly_fields = ["reminders_go_to"]

    def change_form_queryset(self, queryset):
        return with_reminder_accounts(queryset).select_related("proposal")

    @admin.display(description=_("reminders go to"))
    def reminders_go_to(self, obj):
        return reminded_to(obj)


@admin.register(StatusChange)
class StatusChangeAdmin(ReadOnlyAdminMixin, GuardedModelAdmin):
    list_display = ["proposal", "from_status", "to_status", "changed_at", "changed_by"]
    list_filter = ["to_status", "changed_at"]  # no date hierarchy: its year list reads every change
    search_fields = [*in_every_language("proposal__title"), "note"]
    list_select_related = ["proposal", "changed_by"]


from cooperation import admin_partners  # noqa: E402, F401
