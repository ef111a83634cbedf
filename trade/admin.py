from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import models
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST, require_safe
from modeltranslation.admin import TranslationAdmin

from common.admin_base import GuardedHistoryAdmin, GuardedModelAdmin
from common.admin_widgets import ChangeFormRelatedMixin, PreloadedAutocompleteMixin, PreloadedChoicesForm
from common.concurrency import VersionedModelForm
from common.numbers import millions
from common.pagination import CappedCountPaginator
from trade import consistency, services
from trade.admin_claims import ContradictedFilter
from trade.admin_published import PublishedFigureAdminMixin
from trade.models import DataSource, Economy, ProductGroup, TradeFigure, TradeImport, validate_web_url

MAX_UPLOAD = 50 * 1024 * 1024


@admin.register(Economy)
class EconomyAdmin(GuardedHistoryAdmin):
    list_display = ["code", "name", "kind", "parent"]
    list_filter = ["kind"]
    search_fields = ["code", "alpha3", "name"]
    autocomplete_fields = ["parent"]
    list_select_related = ["parent"]


# The name is edited per language (name_en, name_kk, …), as cooperation's translated content is.
@admin.register(ProductGroup)
class ProductGroupAdmin(TranslationAdmin, GuardedModelAdmin):
    list_display = ["code", "name", "level", "parent"]
    list_filter = ["level"]
    search_fields = ["code", "name"]
    list_select_related = ["parent"]
    list_per_page = 200


@admin.register(DataSource)
class DataSourceAdmin(GuardedHistoryAdmin):
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ["publisher", "title", "kind", "economy", "published_on", "retrieved_on"]
    list_filter = ["kind", "economy", "publisher"]
    search_fields = ["publisher", "title", "url"]
    date_hierarchy = "published_on"
    autocomplete_fields = ["economy"]
    list_select_related = ["economy"]


class YearFilter(admin.SimpleListFilter):
    """Years as a fixed list: listing the years present would read every figure."""

    title = _("year")
    parameter_name = "year"

    def lookups(self, request, model_admin):
        return [(str(year), str(year)) for year in range(timezone.now().year, 1989, -1)]

    def queryset(self, request, queryset):
        if self.value() and self.value().isdigit():
            return queryset.filter(year=int(self.value()))
        return queryset


class TradeFigureForm(PreloadedChoicesForm, VersionedModelForm):
    """A figure's form: its economies, product group and source are shown as read with it."""


@admin.register(TradeFigure)
class TradeFigureAdmin(
    PublishedFigureAdminMixin, ChangeFormRelatedMixin, PreloadedAutocompleteMixin, GuardedHistoryAdmin
):
    form = TradeFigureForm
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
    list_filter = ["reporter", "partner", YearFilter, "measure", "source", "pinned", ContradictedFilter]
    readonly_fields = ["trade_import"]
    ordering = ["-id"]  # the model's order sorts a million rows by economy name
    search_fields = ["reporter__code", "partner__code", "product_group__code", "source__title"]
    autocomplete_fields = ["reporter", "partner", "product_group", "source"]
    list_select_related = ["reporter", "partner", "product_group", "source"]
    change_form_select_related = ["reporter", "partner", "product_group", "source"]
    show_full_result_count = False
    paginator = CappedCountPaginator  # the admin must not count a million rows on every page
    change_list_template = "admin/trade/tradefigure/change_list.html"

    def get_urls(self):
        extra = [
            path("import/", self.admin_site.admin_view(self.import_view), name="trade_tradefigure_import"),
            path(
                "import/<int:pk>/confirm/",
                self.admin_site.admin_view(require_POST(self.confirm_view)),
                name="trade_tradefigure_import_confirm",
            ),
            path(
                "checks/", self.admin_site.admin_view(require_safe(self.checks_view)), name="trade_tradefigure_checks"
            ),
        ]
        return extra + super().get_urls()

    def may_import(self, request):
        # An import adds figures and updates those already there.
        return self.has_add_permission(request) and self.has_change_permission(request)

    def import_view(self, request):
        if not self.may_import(request):
            return self._refuse(request)
        form = UploadForm(request.POST or None, request.FILES or None)
        context = {**self.admin_site.each_context(request), "opts": self.model._meta, "form": form}
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            source = {k: v for k, v in form.cleaned_data.items() if k != "file"}
            trade_import, result = services.preview_import(
                filename=upload.name, content=upload.read(), by=request.user, source=source
            )
            context.update(trade_import=trade_import, result=result)
        return TemplateResponse(request, "admin/trade/tradefigure/import.html", context)

    def confirm_view(self, request, pk):
        if not self.may_import(request):
            return self._refuse(request)
        trade_import = get_object_or_404(TradeImport, pk=pk)
        try:
            result = services.confirm_import(trade_import, by=request.user)
        except ValueError as exc:
            self.message_user(request, str(exc), messages.ERROR)
        else:
            self.message_user(
                request,
                _("Imported %(file)s: %(summary)s") % {"file": trade_import.filename, "summary": result.summary()},
            )
        return redirect("admin:trade_tradefigure_changelist")

    def checks_view(self, request):
        if not self.has_view_permission(request):
            return self._refuse(request)
        flags = consistency.ShownFlags(list(consistency.stored_flags()))
        context = {**self.admin_site.each_context(request), "opts": self.model._meta, "flags": flags}
        return TemplateResponse(request, "admin/trade/tradefigure/checks.html", context)

    def _refuse(self, request):
        raise PermissionDenied

    @admin.display(description=_("value (USD million)"), ordering="value_usd")
    def value_musd(self, obj):
        return millions(obj.value_usd)


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"), help_text=_("This project's trade or corridor CSV, or a UN Comtrade export.")
    )
    source_publisher = forms.CharField(label=_("Publisher"), required=False, max_length=200)
    source_title = forms.CharField(label=_("Title"), required=False, max_length=300)
    source_url = forms.URLField(
        label=_("URL"), required=False, max_length=500, assume_scheme="https", validators=[validate_web_url]
    )
    source_kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", "—"), *DataSource.Kind.choices])
    source_published_on = forms.DateField(
        label=_("Published"), required=False, help_text=_("YYYY-MM-DD; for UN Comtrade, the download date.")
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD:
            raise forms.ValidationError(
                _("The file is over 50 MB: import it with `manage.py import_trade` on the server.")
            )
        return upload


@admin.register(TradeImport)
class TradeImportAdmin(GuardedModelAdmin):
    list_display = ["filename", "uploaded_at", "origin", "uploaded_by", "system_user", "status", "summary"]
    list_filter = ["status", "origin"]
    exclude = ["content"]

    def has_delete_permission(self, request, obj=None):
        return False  # the record of where figures came from: deleting it would cut their trail

    readonly_fields = [
        "filename",
        "origin",
        "uploaded_by",
        "system_user",
        "uploaded_at",
        "size",
        "checksum",
        "source_publisher",
        "source_title",
        "source_url",
        "source_kind",
        "source_published_on",
        "status",
        "summary",
        "created_count",
        "updated_count",
        "unchanged_count",
        "imported_at",
        "figures_link",
    ]
    list_select_related = ["uploaded_by"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("figures"))
    def figures_link(self, obj):
        if obj.status != TradeImport.Status.IMPORTED:
            return "—"
        url = reverse("admin:trade_tradefigure_changelist") + f"?trade_import__id__exact={obj.pk}"
        return format_html('<a href="{}">{}</a>', url, _("The figures this import last wrote"))


# Ports, routes and their figures, registered from their own module.
from trade import admin_corridors  # noqa: E402, F401
