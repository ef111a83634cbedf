"""Open-data files: the public proposals, meetings, trade figures and port and route figures as CSV and JSON.

Each file is read through the same rule as the public pages (`visible_to` an anonymous visitor), so
it holds exactly what a visitor can see, and is streamed row by row, so a million trade figures cost
no more memory than a hundred. Each column is described once, in DATASETS, for the files and the page.
"""

import csv
import json

from django.contrib.auth.models import AnonymousUser
from django.db.models import Max, OuterRef, Prefetch, Subquery
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from cooperation.exports import neutralise
from cooperation.models import CorridorTarget, Meeting, Proposal
from pagecache.views import cached_page
from trade.models import CorridorFigure, DataSource, TradeFigure

VISITOR = AnonymousUser()


def latest(queryset, field):
    """The newest value of `field` in `queryset`: walked down its index to the first row that qualifies."""
    return queryset.order_by(f"-{field}").values_list(field, flat=True).first()


CHUNK = 2000


def _proposals():
    rows = (
        Proposal.objects.visible_to(VISITOR)
        .select_related("sector", "from_economy", "to_economy", "proposed_by")
        .prefetch_related(
            "target_product_groups",
            Prefetch("corridor_targets", queryset=CorridorTarget.objects.select_related("place", "counterpart")),
        )
        .order_by("pk")
    )
    for p in rows.iterator(chunk_size=CHUNK):
        yield {
            "slug": p.slug,
            "title_en": p.title_en,
            "title_kk": p.title_kk or "",
            "title_ru": p.title_ru or "",
            "title_az": p.title_az or "",
            "status": p.status,
            "status_since": p.status_changed_at.isoformat(),
            "sector": p.sector.slug,
            "from_economy": p.from_economy.code,
            "to_economy": p.to_economy.code,
            "proposed_by": p.proposed_by.full_name if p.proposed_by else "",
            "baseline_year": p.baseline_year,
            "target_direction": p.target_direction,
            "target_product_groups": ";".join(g.code for g in p.target_product_groups.all()),
            "corridor_measures": ";".join(_corridor_measure(t) for t in p.corridor_targets.all()),
            "page": p.get_absolute_url(),
        }


def _source(figure):
    """The columns naming a figure's source, trade or corridor (SOURCE_COLUMNS)."""
    source = figure.source
    return {
        "source_id": figure.source_id,
        "source_publisher": source.publisher,
        "source_title": source.title,
        "source_url": source.url,
        "source_published_on": source.published_on.isoformat(),
    }


def _corridor_measure(target):
    """AKTAU:cargo, or AKTAU:cargo:to:BAKU for the part of it going to another place."""
    parts = [target.place.code, target.measure]
    if target.counterpart_id:
        parts += [target.direction, target.counterpart.code]
    return ":".join(parts)


def _corridor_figures():
    rows = CorridorFigure.objects.select_related("place", "counterpart", "source").order_by("pk")
    for f in rows.iterator(chunk_size=CHUNK):
        yield {
            "place": f.place.code,
            "direction": f.direction,
            "counterpart": f.counterpart.code if f.counterpart_id else "",
            "year": f.year,
            "month_from": f.month_from,
            "month_to": f.month_to,
            "measure": f.measure,
            "value": str(f.value),
            "value_step": str(f.value_step),
            "qualifier": f.qualifier,
            "published_value": f.published_number,
            "published_unit": f.unit,
            "change_pct": "" if f.change_pct is None else str(f.change_pct),
            **_source(f),
        }


def _meetings():
    for m in Meeting.objects.visible_to(VISITOR).order_by("pk").iterator(chunk_size=CHUNK):
        yield {
            "id": m.pk,
            "date": m.date.isoformat(),
            "date_is_reported": m.date_is_reported,
            "title_en": m.title_en,
            "title_kk": m.title_kk or "",
            "title_ru": m.title_ru or "",
            "title_az": m.title_az or "",
            "place": m.place_en,
            "kind": m.kind,
            "source_title": m.source_title,
            "source_url": m.source_url,
            "page": m.get_absolute_url(),
        }


def _trade_figures():
    rows = TradeFigure.objects.select_related("reporter", "partner", "product_group", "source").order_by("pk")
    for f in rows.iterator(chunk_size=CHUNK):
        yield {
            "reporter": f.reporter.code,
            "partner": f.partner.code,
            "year": f.year,
            "month_from": f.month_from,
            "month_to": f.month_to,
            "measure": f.measure,
            "product_group": f.product_group.code,
            "value_usd": str(f.value_usd),
            "value_step_usd": str(f.value_step),
            "change_pct": "" if f.change_pct is None else str(f.change_pct),
            **_source(f),
        }


SOURCE_COLUMNS = {
    "source_id": _("The source's number, as in its page's address (/trade/sources/<number>/)."),
    "source_publisher": _("Who published it."),
    "source_title": _("The publication."),
    "source_url": _("The publication's address."),
    "source_published_on": _("When it was published."),
}
DATASETS = {
    "proposals": {
        "title": _("Proposals"),
        "rows": _proposals,
        "changed": lambda: latest(Proposal.objects.visible_to(VISITOR), "updated_at"),
        "columns": {
            "slug": _("The proposal's short name, as in its page's address."),
            "title_en": _("Its title in English (the original)."),
            "title_kk": _("Its title in Kazakh, where translated."),
            "title_ru": _("Its title in Russian, where translated."),
            "title_az": _("Its title in Azerbaijani, where translated."),
            "status": _(
                "Its status: proposed, under_discussion, agreed, in_implementation, completed, on_hold, "
                "declined or withdrawn."
            ),  # fmt: skip
            "status_since": _("When it took that status (ISO 8601, with the time zone)."),
            "sector": _("Its sector's short name."),
            "from_economy": _("The economy proposing it (ISO 3166 code)."),
            "to_economy": _("The partner economy (ISO 3166 code)."),
            "proposed_by": _("The official who proposed it."),
            "baseline_year": _("The year its trade indicators are measured from."),
            "target_direction": _("Which trade flow it is meant to move: export, import or turnover."),
            "target_product_groups": _("The HS product groups it is meant to move, separated by “;”."),
            "corridor_measures": _(
                "The port and route measures it is meant to move, separated by “;”: AKTAU:cargo, or "
                "AKTAU:cargo:to:BAKU for the part going to another place."
            ),
            "page": _("Its public page on this site."),
        },
    },
    "meetings": {
        "title": _("Meetings"),
        "rows": _meetings,
        "changed": lambda: latest(Meeting.objects.visible_to(VISITOR), "updated_at"),
        "columns": {
            "id": _("The meeting's number, as in its page's address."),
            "date": _("The day it took place (ISO 8601)."),
            "date_is_reported": _("True when the day is the day it was reported, not known to be the day itself."),
            "title_en": _("Its title in English (the original)."),
            "title_kk": _("Its title in Kazakh, where translated."),
            "title_ru": _("Its title in Russian, where translated."),
            "title_az": _("Its title in Azerbaijani, where translated."),
            "place": _("Where it took place."),
            "kind": _(
                "meeting, visit (official visit), forum (forum or conference), video (video call) or signing "
                "(signing ceremony)."
            ),  # fmt: skip
            "source_title": _("The publication it is recorded from."),
            "source_url": _("That publication's address."),
            "page": _("Its public page on this site."),
        },
    },
    "trade-figures": {
        "title": _("Trade figures"),
        "rows": _trade_figures,
        # The newest source that has figures: each source's first figure is looked up in the figures'
        # index (a LIMIT 1 subquery, which PostgreSQL cannot turn into hashing every figure's source), in no
        # order: the figures' default order would sort every figure of each source first.
        "changed": lambda: (
            DataSource.objects.alias(
                first=Subquery(TradeFigure.objects.filter(source=OuterRef("pk")).order_by().values("pk")[:1])
            )
            .filter(first__isnull=False)
            .aggregate(at=Max("published_on"))["at"]
        ),
        "columns": {
            "reporter": _("The economy whose statistics these are (ISO 3166 code)."),
            "partner": _("The partner economy (ISO 3166 code)."),
            "year": _("The year."),
            "month_from": _("The first month covered (1 to 12)."),
            "month_to": _("The last month covered (12 for a full year)."),
            "measure": _("export, import or turnover, as the reporter counts it."),
            "product_group": _("The HS product group (TOTAL for all goods)."),
            "value_usd": _("The value in US dollars, as published."),
            "value_step_usd": _("The rounding of the published value: the true value is within half of it."),
            "change_pct": _("The change on the year before in %, where the source published one."),
            **SOURCE_COLUMNS,
        },
    },
    "corridor-figures": {
        "title": _("Port and route figures"),
        "rows": _corridor_figures,
        "changed": lambda: latest(DataSource.objects.filter(corridor_figures__isnull=False), "published_on"),
        "columns": {
            "place": _("The port or route (its code, as in its page's address /corridors/<code>/)."),
            "direction": _("For a part of the traffic: to, from or both; empty for all of it."),
            "counterpart": _("For a part of the traffic: the port or route it goes to or comes from."),
            "year": _("The year."),
            "month_from": _("The first month covered (1 to 12)."),
            "month_to": _("The last month covered (12 for a full year)."),
            "measure": _("cargo, containers, vehicles, wagons, passengers or calls."),
            "value": _("The value in the measure's base unit: tonnes, TEU, vehicles, wagons, passengers or calls."),
            "value_step": _("The published precision in the base unit: the last digit the source printed."),
            "qualifier": _("The source's own word: about, over, almost; empty for a number printed plain."),
            "published_value": _("The number as the source printed it, in its unit."),
            "published_unit": _("The unit the source printed: tonnes, thousand tonnes, million tonnes, TEU, …"),
            "change_pct": _("The change on the same months a year before in %, where the source published one."),
            **SOURCE_COLUMNS,
        },
    },
}
FORMATS = ("csv", "json")


class Echo:
    def write(self, value):
        return value


def _csv(name):
    dataset = DATASETS[name]
    writer = csv.writer(Echo())
    yield "\ufeff" + writer.writerow(list(dataset["columns"]))
    for row in dataset["rows"]():
        yield writer.writerow([neutralise(value) for value in row.values()])


def _json(name):
    yield "[\n"
    first = True
    for row in DATASETS[name]["rows"]():
        yield ("" if first else ",\n") + json.dumps(row, ensure_ascii=False)
        first = False
    yield "\n]\n"


def download(request, name, extension):
    if name not in DATASETS or extension not in FORMATS:
        raise Http404(_("There is no such open-data file."))
    content = _csv(name) if extension == "csv" else _json(name)
    kind = "text/csv; charset=utf-8" if extension == "csv" else "application/json"
    response = StreamingHttpResponse(content, content_type=kind)
    response["Content-Disposition"] = f'attachment; filename="{name}.{extension}"'
    return response


@cached_page
def page(request):
    datasets = [
        {"name": name, "title": d["title"], "columns": d["columns"].items(), "changed": d["changed"]()}
        for name, d in DATASETS.items()
    ]
    return render(request, "api/open_data.html", {"datasets": datasets, "formats": FORMATS})
