"""Admin of ports, routes and their figures: search, filters, autocomplete, history and pins as for trade figures."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from common.admin_base import GuardedHistoryAdmin
from common.admin_widgets import (
    ChangeFormRelatedMixin,
    PreloadedAutocompleteMixin,
    PreloadedChoicesForm,
    PreloadedModelForm,
)
from common.concurrency import VersionedModelForm
from common.pagination import CappedCountPaginator
from trade.admin_published import PublishedFigureAdminMixin
from trade.corridor_series import published_text
from trade.corridors import CorridorFigure, Place


@admin.register(Place)
class PlaceAdmin(PreloadedAutocompleteMixin, TranslationAdmin, GuardedHistoryAdmin):
    form = PreloadedModelForm  # its economies are shown as the form read them
    list_display = ["code", "name", "kind"]
    list_filter = ["kind", "economies"]
    search_fields = ["code", "name_en", "name_kk", "name_ru", "name_az"]
    autocomplete_fields = ["economies"]


class CorridorFigureForm(PreloadedChoicesForm, VersionedModelForm):
    """A corridor figure's form: its place, counterpart and source are shown as read with it."""


class CorridorYearFilter(admin.SimpleListFilter):
    title = _("year")
    parameter_name = "year"

    def lookups(self, request, model_admin):
        years = CorridorFigure.objects.order_by("-year").values_list("year", flat=True).distinct()
        return [(str(year), str(year)) for year in years]

    def queryset(self, request, queryset):
        if self.value() and self.value().isdigit():
            return queryset.filter(year=int(self.value()))
        return queryset


@admin.register(CorridorFigure)
class CorridorFigureAdmin(
    PublishedFigureAdminMixin, ChangeFormRelatedMixin, PreloadedAutocompleteMixin, GuardedHistoryAdmin
):
    form = CorridorFigureForm
    list_display = ["place", "period", "measure", "as_published", "change_pct", "source", "pinned"]
    list_filter = ["place", CorridorYearFilter, "measure", "unit", "qualifier", "source", "pinned"]
    readonly_fields = ["trade_import"]
    ordering = ["-id"]
    search_fields = ["place__code", "place__name", "source__title", "source__publisher"]
    autocomplete_fields = ["place", "counterpart", "source"]
    list_select_related = ["place", "source"]
    change_form_select_related = ["place", "counterpart", "source"]
    show_full_result_count = False
    paginator = CappedCountPaginator
    pin_key = CorridorFigure.KEY

    @admin.display(description=_("as published"), ordering="value")
    def as_published(self, obj):
        return published_text(obj)
