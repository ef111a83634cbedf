from django.contrib import admin
from django.db import models
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from trade.models import DataSource, Economy, ProductGroup, TradeFigure


@admin.register(Economy)
class EconomyAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "parent"]
    list_filter = ["kind"]
    search_fields = ["code", "alpha3", "name"]
    autocomplete_fields = ["parent"]
    list_select_related = ["parent"]


@admin.register(ProductGroup)
class ProductGroupAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "level", "parent"]
    list_filter = ["level"]
    search_fields = ["code", "name"]
    list_select_related = ["parent"]
    list_per_page = 200


@admin.register(DataSource)
class DataSourceAdmin(admin.ModelAdmin):
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ["publisher", "title", "kind", "economy", "published_on", "retrieved_on"]
    list_filter = ["kind", "economy", "publisher"]
    search_fields = ["publisher", "title", "url"]
    date_hierarchy = "published_on"
    autocomplete_fields = ["economy"]
    list_select_related = ["economy"]


class PairFilter(admin.SimpleListFilter):
    title = _("pair")
    parameter_name = "pair"

    def lookups(self, request, model_admin):
        pairs = (
            TradeFigure.objects.values_list("reporter__code", "partner__code").order_by(
                "reporter__code", "partner__code"
            )
        ).distinct()
        return [(f"{a}/{b}", f"{a} → {b}") for a, b in pairs]

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        reporter, _sep, partner = self.value().partition("/")
        return queryset.filter(reporter__code=reporter, partner__code=partner)


@admin.register(TradeFigure)
class TradeFigureAdmin(admin.ModelAdmin):
    list_display = [
        "reporter",
        "partner",
        "period",
        "measure",
        "product_group",
        "value_musd",
        "change_pct",
        "source",
        "pinned",
    ]
    list_filter = [PairFilter, "year", "measure", "source", "pinned"]
    search_fields = ["reporter__code", "partner__code", "product_group__code", "source__title"]
    autocomplete_fields = ["reporter", "partner", "product_group", "source"]
    list_select_related = ["reporter", "partner", "product_group", "source"]
    show_full_result_count = False

    @admin.display(description=_("period"), ordering=F("year"))
    def period(self, obj):
        return obj.period_label

    @admin.display(description=_("value (USD million)"), ordering="value_usd")
    def value_musd(self, obj):
        return f"{obj.value_usd / 1_000_000:,.1f}"
