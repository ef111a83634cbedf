import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cooperation.models import Meeting, Proposal, Sector
from trade.models import Economy


def search(queryset, fields, value):
    query = Q()
    for name in fields:
        query |= Q(**{f"{name}__icontains": value})
    return queryset.filter(query)


class ProposalFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_q", max_length=200)
    sector = django_filters.ModelChoiceFilter(
        queryset=Sector.objects.all(), to_field_name="slug", label=_("Sector"), empty_label=_("All sectors")
    )
    status = django_filters.ChoiceFilter(choices=Proposal.Status.choices, label=_("Status"), empty_label=_("Any"))
    partner = django_filters.ModelChoiceFilter(
        queryset=Economy.objects.filter(kind=Economy.Kind.COUNTRY),
        to_field_name="code",
        label=_("Partner"),
        method="filter_partner",
        empty_label=_("All partners"),
    )
    year = django_filters.NumberFilter(label=_("Raised in year"), method="filter_year", min_value=1990, max_value=2100)
    sort = django_filters.OrderingFilter(
        fields=[("title", "title"), ("status_changed_at", "updated"), ("status", "status")],
        field_labels={"title": _("Title"), "status_changed_at": _("Last status change"), "status": _("Status")},
        label=_("Sort by"),
    )

    class Meta:
        model = Proposal
        fields = ["q", "sector", "status", "partner", "year"]

    def filter_q(self, queryset, name, value):
        return search(queryset, ["title", "summary"], value)

    def filter_partner(self, queryset, name, value):
        return queryset.filter(
            Q(to_economy=value) | Q(to_economy__parent=value) | Q(from_economy=value) | Q(from_economy__parent=value)
        )

    def filter_year(self, queryset, name, value):
        return queryset.filter(pk__in=Proposal.objects.filter(meetings__date__year=value).values("pk"))


class MeetingFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_q", max_length=200)
    year = django_filters.NumberFilter(field_name="date__year", label=_("Year"), min_value=1990, max_value=2100)
    kind = django_filters.ChoiceFilter(choices=Meeting.Kind.choices, label=_("Kind"), empty_label=_("Any"))

    class Meta:
        model = Meeting
        fields = ["q", "year", "kind"]

    def filter_q(self, queryset, name, value):
        return search(queryset, ["title", "place", "summary"], value)
