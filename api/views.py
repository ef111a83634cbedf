"""The read-only API: every queryset through `visible_to(request.user)`, as the pages are."""

from django.db.models import F, Prefetch
from django.http import Http404
from django.utils import translation
from django.utils.translation import gettext as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import exceptions, filters, viewsets
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.views import APIView

from api import serializers
from cooperation.content import in_every_language
from cooperation.filters import ProposalFilter
from cooperation.models import (
    CorridorTarget,
    FollowUp,
    Meeting,
    Official,
    Organization,
    Participation,
    Position,
    Proposal,
    ProposalDetail,
    Raising,
    Sector,
    StatusChange,
)
from trade import indicators
from trade.models import DataSource, Economy, ProductGroup

LANG = OpenApiParameter(
    "lang",
    OpenApiTypes.STR,
    enum=["en", "kk", "ru", "az"],
    description="The language of texts; without it, the Accept-Language header's.",
)


class LanguageMixin:
    """`?lang=kk` chooses the language of texts (else Accept-Language); a language we do not have is refused."""

    def initial(self, request, *args, **kwargs):
        wanted = request.query_params.get("lang")
        if wanted is None:
            # The site's pages take the language from their address; the API from the caller's languages.
            translation.activate(translation.get_language_from_request(request, check_path=False))
        else:
            if wanted not in ("en", "kk", "ru", "az"):
                raise exceptions.ValidationError(
                    {"lang": [_("“%(lang)s” is not one of the languages: en, kk, ru, az.") % {"lang": wanted[:10]}]}
                )
            translation.activate(wanted)
        super().initial(request, *args, **kwargs)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        response["Content-Language"] = translation.get_language()
        return response


class NamedOnly:
    """A filter set holding only the filters its request names. Building every filter's form field, then a
    form of them all, cost more than the rest of a list; a filter left unnamed would leave the list as it is."""

    # Right for every filter that does nothing when its parameter is absent, as all the API's do; not for a
    # checkbox's BooleanFilter, which reads an absent parameter as False.
    def __init__(self, data=None, **kwargs):
        if data is not None:
            self.base_filters = {
                name: item
                for name, item in self.base_filters.items()
                if any(key == name or key.startswith(f"{name}_") for key in data)  # a range's name_after, ...
            }
        super().__init__(data, **kwargs)


class FilterBackend(DjangoFilterBackend):
    """The pages' filters (django-filter), each built only when the request names it."""

    classes = {}

    def get_filterset_class(self, view, queryset=None):
        # Once per view: django-filter makes a class of a view's `filterset_fields` for every request.
        if type(view) in self.classes:
            return self.classes[type(view)]
        filterset_class = super().get_filterset_class(view, queryset)
        if filterset_class is None:  # none, or none yet: `filterset_fields` need the queryset's model
            return None
        named_only = type(filterset_class.__name__, (NamedOnly, filterset_class), {"__doc__": filterset_class.__doc__})
        self.classes[type(view)] = named_only
        return named_only


class ReadOnly(LanguageMixin, viewsets.ReadOnlyModelViewSet):
    filter_backends = [FilterBackend, filters.OrderingFilter]


@extend_schema_view(list=extend_schema(parameters=[LANG]), retrieve=extend_schema(parameters=[LANG]))
class ProposalViewSet(ReadOnly):
    """Proposals with their status, sector and economies; one proposal adds where it was raised, its status
    history and its follow-ups, all as its public page shows them to the caller."""

    lookup_field = "slug"
    filterset_class = ProposalFilter
    ordering_fields = ["title", "status_changed_at", "status"]
    ordering = ["title"]

    def get_queryset(self):
        user = self.request.user
        # Lookups on `title` stay on the original column (the order's, indexed), not the active language's:
        # the cursor's "after this title" must compare the column the list is ordered by.
        # The sector and economies are named by their codes, read as columns of the proposal's row: no model
        # of each to build for every row.
        proposals = (
            Proposal.objects.rewrite(False)
            .visible_to(user)
            .annotate(
                sector_slug=F("sector__slug"),
                from_economy_code=F("from_economy__code"),
                to_economy_code=F("to_economy__code"),
            )
        )
        if self.action == "list":  # the list's own columns: a model with every translation costs more to build
            return proposals.only(
                "slug", "title", "status", "status_changed_at", "visibility", *in_every_language("title")
            )
        if self.action == "retrieve":
            proposals = proposals.annotate(proposed_by_slug=F("proposed_by__slug")).prefetch_related(
                "target_product_groups",
                Prefetch("corridor_targets", queryset=CorridorTarget.objects.select_related("place", "counterpart")),
                Prefetch(
                    "raisings",  # with what the list of meetings shows of each, not every column of the meeting
                    queryset=Raising.objects.visible_to(user)
                    .select_related("meeting")
                    .only("proposal", "meeting__date", *in_every_language("meeting__title"))
                    .annotate(raised_by_slug=F("raised_by__slug"))
                    .order_by("meeting__date", "pk"),
                    to_attr="visible_raisings",
                ),
                Prefetch(
                    "status_changes",
                    queryset=StatusChange.objects.visible_to(user).order_by("changed_at", "pk"),
                    to_attr="visible_changes",
                ),
                Prefetch(
                    "follow_ups",
                    queryset=FollowUp.objects.visible_to(user).order_by("due_on", "pk"),
                    to_attr="visible_follow_ups",
                ),
                Prefetch("details", queryset=ProposalDetail.objects.visible_to(user), to_attr="visible_details"),
            )
        return proposals

    def get_serializer_class(self):
        return serializers.ProposalDetailSerializer if self.action == "retrieve" else serializers.ProposalSerializer


@extend_schema_view(list=extend_schema(parameters=[LANG]), retrieve=extend_schema(parameters=[LANG]))
class MeetingViewSet(ReadOnly):
    """Meetings; one meeting adds its participants with the post each held that day and the proposals raised."""

    filterset_fields = {"date": ["gte", "lte"], "kind": ["exact"]}
    ordering_fields = ["date", "title"]
    ordering = ["-date", "pk"]

    def get_queryset(self):
        user = self.request.user
        meetings = Meeting.objects.rewrite(False).visible_to(user)  # see ProposalViewSet
        if self.action == "list":  # the list's own columns (see ProposalViewSet)
            return meetings.only("date", "date_is_reported", "kind", "visibility", *in_every_language("title", "place"))
        if self.action == "retrieve":
            meetings = meetings.prefetch_related(
                Prefetch(
                    "participations",
                    queryset=Participation.objects.visible_to(user).select_related("official", "position"),
                ),
                Prefetch(
                    "raisings",
                    queryset=Raising.objects.visible_to(user).select_related("proposal").order_by("proposal__title"),
                    to_attr="visible_raisings",
                ),
            )
        return meetings

    def get_serializer_class(self):
        return serializers.MeetingDetailSerializer if self.action == "retrieve" else serializers.MeetingSerializer


@extend_schema_view(list=extend_schema(parameters=[LANG]), retrieve=extend_schema(parameters=[LANG]))
class OfficialViewSet(ReadOnly):
    lookup_field = "slug"
    serializer_class = serializers.OfficialSerializer
    ordering_fields = ["full_name"]
    ordering = ["full_name", "pk"]

    def get_queryset(self):
        return Official.objects.select_related("economy").prefetch_related(
            Prefetch("positions", queryset=Position.objects.select_related("organization").order_by("start", "pk"))
        )


@extend_schema_view(list=extend_schema(parameters=[LANG]), retrieve=extend_schema(parameters=[LANG]))
class OrganizationViewSet(ReadOnly):
    serializer_class = serializers.OrganizationSerializer
    ordering_fields = ["name"]
    ordering = ["name", "pk"]
    queryset = Organization.objects.rewrite(False).select_related("economy")  # see ProposalViewSet


@extend_schema_view(list=extend_schema(parameters=[LANG]), retrieve=extend_schema(parameters=[LANG]))
class SectorViewSet(ReadOnly):
    lookup_field = "slug"
    serializer_class = serializers.SectorSerializer
    ordering_fields = ["name"]
    ordering = ["name", "pk"]

    def get_queryset(self):
        return Sector.objects.rewrite(False).visible_to(self.request.user).prefetch_related("product_groups")


class EconomyViewSet(ReadOnly):
    lookup_field = "code"
    serializer_class = serializers.EconomySerializer
    ordering_fields = ["code", "name"]
    ordering = ["code"]
    queryset = Economy.objects.select_related("parent")


class DataSourceViewSet(ReadOnly):
    serializer_class = serializers.DataSourceSerializer
    ordering_fields = ["published_on", "publisher"]
    ordering = ["-published_on", "pk"]
    queryset = DataSource.objects.all()


def _value(value, name="amount_usd"):
    """One value as the pages show it: the amount, how it was obtained, its interval and its source."""
    if value.missing:
        return None
    source = value.source
    return {
        name: str(value.amount),
        "how": value.how,
        "low": None if value.low is None else str(value.low),
        "high": None if value.high is None else str(value.high),
        "formula": value.formula,
        "source": source.pk if source else None,
        "other_sources": sorted({f.source_id for f in value.others if f.source_id}),
    }


def _measures(values, name="amount_usd"):
    return {str(measure): _value(value, name) for measure, value in values.items()}


class TradeSeriesView(LanguageMixin, APIView):
    """A pair's exports, imports, turnover and balance by period, each value with its provenance; what the
    partner reports (the mirror) apart, never mixed in; and the rule that chose each value."""

    @extend_schema(
        parameters=[
            LANG,
            OpenApiParameter("group", OpenApiTypes.STR, description="An HS product group code; TOTAL by default."),
        ],
        responses={200: OpenApiTypes.OBJECT},
    )
    def get(self, request, reporter, partner):
        return Response(trade_series(request, reporter, partner))


def trade_series(request, reporter, partner):
    codes = (reporter.upper(), partner.upper())
    economies = {e.code: e for e in Economy.objects.select_related("parent").filter(code__in=codes)}
    if len(economies) != 2:
        raise Http404(_("No such pair of economies."))
    code = request.query_params.get("group", ProductGroup.TOTAL_CODE)
    group = ProductGroup.objects.filter(code=code).first()
    if group is None:
        raise exceptions.ValidationError(
            {"group": [_("“%(code)s” is not a product group code.") % {"code": code[:20]}]}
        )
    series = indicators.pair_series(economies[codes[0]], economies[codes[1]], group)
    sources = {  # every source a value names, read with the figures: no query of their own
        figure.source.pk: figure.source
        for row in series.rows
        for values in (row.values, row.mirror)
        for value in values.values()
        for figure in (value.figure, *value.others)
        if figure is not None
    }
    return {
        "reporter": series.reporter.code,
        "partner": series.partner.code,
        "product_group": group.code,
        "figures_of": [series.used_reporter.code, series.used_partner.code],
        "fallback": series.fallback,
        "rule": str(indicators.RULE),
        "periods": [
            {
                "year": row.period.year,
                "months": [row.period.month_from, row.period.month_to],
                "values": _measures(row.values),
                "change_pct": _measures(row.changes),
                "mirror": _measures(row.mirror),
                "flags": [{"figure": c.figure.pk, "kind": c.kind, "message": str(c)} for c in row.flags],
            }
            for row in series.rows
        ],
        "sources": [
            {"id": s.pk, "publisher": s.publisher, "title": s.title, "url": s.url, "published_on": s.published_on}
            for s in sources.values()
        ],
        "pair_page": request.build_absolute_uri(f"/trade/{series.reporter.code}/{series.partner.code}/"),
    }


class RootView(LanguageMixin, APIView):
    """The endpoints of version 1."""

    @extend_schema(responses={200: OpenApiTypes.OBJECT})
    def get(self, request):
        names = ["proposal", "meeting", "official", "organization", "sector", "economy", "datasource", "place"]
        links = {name: reverse(f"api:{name}-list", request=request) for name in names}
        links["trade"] = reverse("api:trade", args=["KZ-47", "AZ"], request=request)
        links["corridor"] = reverse("api:corridor", args=["AKTAU"], request=request)
        links["schema"] = reverse("api-schema", request=request)
        return Response(links)
