"""Ports, routes and their figures in the API: each value with how it was obtained, its interval and its source."""

from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from api.serializers import InLanguage
from api.views import LANG, LanguageMixin, ReadOnly, _value
from trade import corridor_series
from trade.corridors import BASE_UNIT, Measure
from trade.models import Place


class PlaceSerializer(serializers.ModelSerializer):
    name = InLanguage()
    economies = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    figures = serializers.SerializerMethodField()

    class Meta:
        model = Place
        fields = ["code", "kind", "name", "economies", "figures"]

    def get_figures(self, place) -> str:
        return self.context["request"].build_absolute_uri(f"/api/v1/corridors/{place.code}/")


@extend_schema_view(list=extend_schema(parameters=[LANG]), retrieve=extend_schema(parameters=[LANG]))
class PlaceViewSet(ReadOnly):
    """Ports and routes, each with the economies it belongs to and the address of its figures."""

    lookup_field = "code"
    serializer_class = PlaceSerializer
    ordering_fields = ["code"]
    ordering = ["code"]
    queryset = Place.objects.prefetch_related("economies")


def _corridor_value(value):
    data = _value(value, "amount")
    if data is None:
        return None
    figure = value.figure
    if figure is not None:
        data.update(published=figure.published_number, published_unit=figure.unit, qualifier=figure.qualifier)
    return data


class CorridorSeriesView(LanguageMixin, APIView):
    """A port's or route's figures by measure and period, each value with its provenance and the flags on
    published changes its values cannot give; amounts in the measure's base unit (tonnes, TEU, …)."""

    @extend_schema(parameters=[LANG], responses={200: OpenApiTypes.OBJECT})
    def get(self, request, code):
        place = Place.objects.prefetch_related("economies").filter(code=code.upper()).first()
        if place is None:
            raise Http404(_("No port or route with the code “%(code)s”.") % {"code": code[:20]})
        return Response(corridor_data(request, place))


def corridor_data(request, place):
    series_list = corridor_series.place_series(place)
    sources = {
        figure.source.pk: figure.source
        for series in series_list
        for row in series.rows
        for figure in (row.value.figure, *row.value.others)
        if figure is not None
    }
    return {
        "place": place.code,
        "name": place.name,
        "kind": place.kind,
        "economies": [economy.code for economy in place.economies.all()],
        "rule": str(corridor_series.RULE),
        "series": [
            {
                "measure": series.measure,
                "unit": str(BASE_UNIT[Measure(series.measure)].value),
                "direction": series.direction,
                "counterpart": series.counterpart.code if series.counterpart else None,
                "periods": [
                    {
                        "year": row.period.year,
                        "months": [row.period.month_from, row.period.month_to],
                        "value": _corridor_value(row.value),
                        "change_pct": _value(row.change, "amount"),
                        "flags": [{"figure": c.figure.pk, "message": str(c.message)} for c in row.flags],
                    }
                    for row in series.rows
                ],
            }
            for series in series_list
        ],
        "sources": [
            {"id": s.pk, "publisher": s.publisher, "title": s.title, "url": s.url, "published_on": s.published_on}
            for s in sources.values()
        ],
        "page": request.build_absolute_uri(place.get_absolute_url()),
    }
