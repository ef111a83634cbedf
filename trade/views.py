from django.core.paginator import InvalidPage, Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from pagecache.views import cached_page
from trade import consistency, indicators
from trade.charts import bar_chart
from trade.models import DataSource, Economy, Place, figure_pairs


def economy_or_404(code):
    try:
        return Economy.objects.select_related("parent").get_by_code(code)
    except Economy.DoesNotExist:
        raise Http404(_("No economy with the code “%(code)s”.") % {"code": code[:12]}) from None


def series_chart(series, title):
    rows = series.yearly
    return bar_chart(
        title,
        [row.period.label for row in rows],
        [
            (_("Exports"), "exports", [row.exports for row in rows]),
            (_("Imports"), "imports", [row.imports for row in rows]),
        ],
    )


@cached_page
def index(request):
    return render(request, "trade/index.html", {"pairs": figure_pairs(), "places": Place.objects.all()})


@cached_page
def pair(request, reporter, partner):
    reporter_economy, partner_economy = economy_or_404(reporter), economy_or_404(partner)
    if reporter_economy == partner_economy:
        raise Http404(_("A pair needs two different economies."))
    if (reporter, partner) != (reporter_economy.code, partner_economy.code):
        return redirect("trade:pair", reporter_economy.code, partner_economy.code, permanent=True)
    series = indicators.pair_series(reporter_economy, partner_economy)
    context = {
        "reporter": reporter_economy,
        "partner": partner_economy,
        "series": series,
        "chart": series_chart(series, _("Exports and imports by year")),
        "rule": indicators.RULE,
        "flags": consistency.flags_for_series(series),
        "places": Place.objects.of_economies([reporter_economy, partner_economy]),
    }
    return render(request, "trade/pair.html", context)


@cached_page
def source_list(request):
    return render(request, "trade/source_list.html", {"sources": DataSource.objects.select_related("economy")})


@cached_page
def source_detail(request, pk):
    source = get_object_or_404(DataSource.objects.select_related("economy"), pk=pk)
    figures = source.figures.select_related("reporter", "partner", "product_group").order_by("pk")
    try:
        page = Paginator(figures, 100).page(request.GET.get("page") or 1)
    except InvalidPage:
        raise Http404(_("No such page.")) from None
    context = {
        "source": source,
        "figures": page.object_list,
        "page_obj": page,
        "flags": consistency.flags_for_source(source),
        # A port's or railway's releases hold a few figures each: the first 500 are shown.
        "corridor_figures": source.corridor_figures.select_related("place").order_by("place__code", "year", "pk")[:500],
    }
    return render(request, "trade/source_detail.html", context)
