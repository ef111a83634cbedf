"""The admin of flags on published figures: the "contradicted" filter on figures, and explaining a flag."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from common.admin_base import GuardedHistoryAdmin
from common.admin_widgets import ChangeFormRelatedMixin
from trade import consistency
from trade.claims import ClaimCheck


class ContradictedFilter(admin.SimpleListFilter):
    """Figures with a flag: reads the small flag table, never checks the figures on request."""

    title = _("contradicted")
    parameter_name = "contradicted"

    def lookups(self, request, model_admin):
        return [
            ("yes", _("Yes")),
            ("unexplained", _("Yes, not explained")),
            ("explained", _("Yes, explained")),
        ]

    def queryset(self, request, queryset):
        flags = {
            "yes": ClaimCheck.objects.all(),
            "unexplained": ClaimCheck.objects.filter(explanation=""),
            "explained": ClaimCheck.objects.exclude(explanation=""),
        }.get(self.value())
        if flags is None:
            return queryset
        return queryset.filter(pk__in=flags.values("figure_id"))


class ExplainedFilter(admin.SimpleListFilter):
    title = _("explained")
    parameter_name = "explained"

    def lookups(self, request, model_admin):
        return [("no", _("No")), ("yes", _("Yes"))]

    def queryset(self, request, queryset):
        if self.value() == "no":
            return queryset.filter(explanation="")
        if self.value() == "yes":
            return queryset.exclude(explanation="")
        return queryset


@admin.register(ClaimCheck)
class ClaimCheckAdmin(ChangeFormRelatedMixin, GuardedHistoryAdmin):
    list_display = ["figure_link", "source", "kind", "message", "explained", "explained_by", "explained_at"]
    list_filter = ["kind", ExplainedFilter]
    list_select_related = [
        "figure__reporter",
        "figure__partner",
        "figure__product_group",
        "figure__source",
        "explained_by",
    ]
    change_form_select_related = list_select_related
    search_fields = ["figure__reporter__code", "figure__partner__code", "figure__source__title", "explanation"]
    fields = ["figure_link", "source", "kind", "message", "found_at", "explanation", "explained_by", "explained_at"]
    readonly_fields = ["figure_link", "source", "kind", "message", "found_at", "explained_by", "explained_at"]
    ordering = ["-id"]

    def has_add_permission(self, request):
        return False  # flags come from the checks, never by hand

    def has_delete_permission(self, request, obj=None):
        return False  # a flag goes when the figures no longer contradict each other

    def save_model(self, request, obj, form, change):
        if "explanation" in form.changed_data:
            consistency.explain(obj, obj.explanation, request.user)

    @admin.display(description=_("figure"))
    def figure_link(self, obj):
        figure = obj.figure
        return format_html(
            '<a href="{}">{} {} {}</a>',
            reverse("admin:trade_tradefigure_change", args=[figure.pk]),
            figure,
            figure.product_group.code,
            figure.pk,
        )

    @admin.display(description=_("source"))
    def source(self, obj):
        source = obj.figure.source
        return format_html('<a href="{}">{}</a>', source.get_absolute_url(), source)

    @admin.display(description=_("problem"))
    def message(self, obj):
        return obj.message

    @admin.display(description=_("explained"), boolean=True)
    def explained(self, obj):
        return obj.explained
