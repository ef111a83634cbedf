import html

import django_filters
from django import forms
from django.db.models import Q
from django.utils.functional import lazy
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cooperation.content import in_every_language
from cooperation.models import (
    FollowUp,
    IndicatorKind,
    Meeting,
    Movement,
    Proposal,
    Raising,
    SearchKind,
    Sector,
    Visibility,
)
from cooperation.search import search
from trade.models import Economy


def _escaped(text):
    """conditional_escape(text), without the lazy wrapper it is called through."""
    return text.__html__() if hasattr(text, "__html__") else html.escape(str(text))


class InlineOptionsSelect(forms.Select):
    """A select whose options are written here in one pass: Django's own renders two templates for
    every option, which for a hundred partners was most of the time of a list's filter form."""

    template_name = "cooperation/widgets/select.html"

    def get_context(self, name, value, attrs):
        choices = list(iter(self.choices))  # iter: list() of the choices asks their len(), a COUNT query
        if any(isinstance(label, (list, tuple)) for _value, label in choices):  # groups: Django's own way
            context = super().get_context(name, value, attrs)
            rows = (
                (option["value"], " selected" if option["selected"] else "", option["label"])
                for _group, options, _index in context["widget"]["optgroups"]
                for option in options
            )
        else:
            # Straight from the choices, as ChoiceWidget.optgroups selects (the first option whose value is
            # the field's), without the dict of attributes it builds for every option and this template ignores.
            context = forms.Widget.get_context(self, name, value, attrs)
            rows = self._rows(choices, context["widget"]["value"])
        # As format_html_join would write it, without its lazy wrappers: they were half the time of a long list.
        context["widget"]["options_html"] = mark_safe(  # noqa: S308 - every value and label escaped here
            "".join(
                f'<option value="{_escaped(value)}"{selected}>{_escaped(label)}</option>'
                for value, selected, label in rows
            )
        )
        return context

    @staticmethod
    def _rows(choices, selected_values):
        has_selected = False
        for option_value, label in choices:
            option_value = "" if option_value is None else option_value
            selected = not has_selected and str(option_value) in selected_values
            has_selected |= selected
            yield option_value, " selected" if selected else "", label


def descending(label):
    return gettext("%s (descending)") % label


class LanguageOrderingFilter(django_filters.OrderingFilter):
    """Sort choices in the reader's language: django-filter words "(descending)" once, in the language
    active when the filter class is built."""

    def build_choices(self, fields, labels):
        ascending = [(param, labels.get(field, param)) for field, param in fields.items()]
        descending_choices = [(f"-{param}", lazy(descending, str)(label)) for param, label in ascending]
        return [choice for pair in zip(ascending, descending_choices, strict=True) for choice in pair]


class BaseProposalFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_q", max_length=200)
    sector = django_filters.ModelChoiceFilter(
        queryset=lambda request: Sector.objects.visible_to(getattr(request, "user", None)),
        to_field_name="slug",
        label=_("Sector"),
        empty_label=_("All sectors"),
        widget=InlineOptionsSelect,
    )
    partner = django_filters.ModelChoiceFilter(
        queryset=Economy.objects.filter(kind=Economy.Kind.COUNTRY),
        to_field_name="code",
        label=_("Partner"),
        method="filter_partner",
        empty_label=_("All partners"),
        widget=InlineOptionsSelect,
    )

    def filter_q(self, queryset, name, value):
        return search(queryset, in_every_language("title", "summary"), value, SearchKind.PROPOSAL)

    def filter_partner(self, queryset, name, value: str):  # an Economy, asked for by its code (the hint is the query's)
        return queryset.filter(
            Q(to_economy=value) | Q(to_economy__parent=value) | Q(from_economy=value) | Q(from_economy__parent=value)
        )


class ProposalFilter(BaseProposalFilter):
    status = django_filters.ChoiceFilter(choices=Proposal.Status.choices, label=_("Status"), empty_label=_("Any"))
    year = django_filters.NumberFilter(label=_("Raised in year"), method="filter_year", min_value=1990, max_value=2100)
    sort = LanguageOrderingFilter(
        fields=[("title", "title"), ("status_changed_at", "updated"), ("status", "status")],
        field_labels={"title": _("Title"), "status_changed_at": _("Last status change"), "status": _("Status")},
        label=_("Sort by"),
    )

    class Meta:
        model = Proposal
        fields = ["q", "sector", "status", "partner", "year"]

    def filter_year(self, queryset, name, value):
        raisings = Raising.objects.visible_to(self.request.user).filter(meeting__date__year=value)
        return queryset.filter(pk__in=raisings.values("proposal"))


class LabelledDateRange(django_filters.widgets.DateRangeWidget):
    """Two date inputs, each with its own accessible name."""

    def __init__(self, attrs=None):
        super().__init__(attrs)
        for widget, label in zip(self.widgets, (_("from"), _("to")), strict=True):
            widget.attrs["aria-label"] = label


class ManageProposalFilter(BaseProposalFilter):
    """The managers' status list: every filter lives in the query string."""

    status = django_filters.MultipleChoiceFilter(
        choices=Proposal.Status.choices, label=_("Status"), widget=forms.CheckboxSelectMultiple, distinct=False
    )
    visibility = django_filters.ChoiceFilter(choices=Visibility.choices, label=_("Visibility"), empty_label=_("Any"))
    overdue = django_filters.BooleanFilter(
        label=_("Overdue follow-up only"), method="filter_overdue", widget=forms.CheckboxInput
    )
    stale_days = django_filters.NumberFilter(
        label=_("No status change in (days)"), method="filter_stale", min_value=1, max_value=36500
    )
    raised = django_filters.DateFromToRangeFilter(
        label=_("Raised between"),
        method="filter_raised",
        widget=LabelledDateRange(attrs={"type": "date"}),
    )
    movement = django_filters.ChoiceFilter(
        choices=Movement.choices, label=_("Indicator"), method="filter_movement", empty_label=_("Any")
    )
    # The corridor headline's own: "no data" lists only proposals that name a corridor measure.
    corridor_movement = django_filters.ChoiceFilter(
        choices=Movement.choices, label=_("Corridor indicator"), method="filter_corridor_movement", empty_label=_("Any")
    )
    contradicted = django_filters.BooleanFilter(
        field_name="indicator__contradicted",
        label=_("Contradicted figures only"),
        method="filter_contradicted",
        widget=forms.CheckboxInput,
    )
    per_page = django_filters.ChoiceFilter(
        choices=[("25", "25"), ("50", "50"), ("100", "100")], label=_("Per page"), method="keep", empty_label="25"
    )

    class Meta:
        model = Proposal
        fields = [
            "q",
            "status",
            "sector",
            "partner",
            "visibility",
            "overdue",
            "stale_days",
            "raised",
            "movement",
            "corridor_movement",
            "contradicted",
            "per_page",
        ]

    def filter_movement(self, queryset, name, value):
        return queryset.by_movement(value)

    def filter_corridor_movement(self, queryset, name, value):
        return queryset.by_movement(value, IndicatorKind.CORRIDOR)

    def filter_contradicted(self, queryset, name, value):
        return queryset.contradicted() if value else queryset

    def filter_overdue(self, queryset, name, value):
        return queryset.with_overdue_follow_up(self.request.user) if value else queryset

    def filter_stale(self, queryset, name, value):
        return queryset.stale(int(value))

    def filter_raised(self, queryset, name, value):
        if not value or not (value.start or value.stop):
            return queryset
        return queryset.raised_between(self.request.user, value.start, value.stop)

    def keep(self, queryset, name, value):
        return queryset  # read by the table's paginator; a filter here so that a bad value is refused


class MeetingFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_q", max_length=200)
    year = django_filters.NumberFilter(field_name="date__year", label=_("Year"), min_value=1990, max_value=2100)
    kind = django_filters.ChoiceFilter(choices=Meeting.Kind.choices, label=_("Kind"), empty_label=_("Any"))

    class Meta:
        model = Meeting
        fields = ["q", "year", "kind"]

    def filter_q(self, queryset, name, value):
        return search(queryset, in_every_language("title", "place", "summary"), value, SearchKind.MEETING)


class FollowUpFilter(django_filters.FilterSet):
    STATES = [("open", _("Open")), ("overdue", _("Overdue")), ("done", _("Done"))]

    state = django_filters.ChoiceFilter(choices=STATES, label=_("State"), method="filter_state", empty_label=_("Any"))
    q = django_filters.CharFilter(label=_("Search"), method="filter_q", max_length=200)

    class Meta:
        model = FollowUp
        fields = ["state", "q"]

    def filter_state(self, queryset, name, value):
        if value == "overdue":
            return queryset.overdue()
        return queryset.filter(done_on__isnull=value == "open")

    def filter_q(self, queryset, name, value):
        return search(queryset, ["action", *in_every_language("proposal__title"), "owner__full_name"], value)
