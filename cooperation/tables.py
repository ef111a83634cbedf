from decimal import Decimal

import django_tables2 as tables
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.timezone import template_localtime
from django.utils.translation import gettext_lazy as _

from cooperation.content import render_content
from cooperation.models import (
    FollowUp,
    IndicatorKind,
    Meeting,
    Movement,
    Proposal,
    Visibility,
    days_in_status,
    indicator_value,
)
from trade.corridors import Unit
from trade.models import DataSource, TradeFigure


def nulls_last(value, descending):
    return value.desc(nulls_last=True) if descending else value.asc(nulls_last=True)


def plain(amount):
    """A stored amount for a spreadsheet, as a number: no trailing zeros, never an exponent (529400000, -14.3)."""
    if amount is None:
        return ""
    normal = amount.normalize()
    return normal.quantize(Decimal(1)) if normal == normal.to_integral_value() else normal


def indicator_field(record, name, related="indicator"):
    indicator = getattr(record, related, None)
    return getattr(indicator, name) if indicator else None


HOW = {"reported": _("reported"), "derived": _("derived"), "computed": _("computed"), "missing": _("n/a")}


def how_label(how):
    return HOW.get(how, "")


CONTRADICTED_TITLE = {
    IndicatorKind.TRADE: _("Published figures behind this value contradict each other; see the pair's page."),
    IndicatorKind.CORRIDOR: _(
        "Published figures behind this value contradict each other; see the port's or route's page."
    ),
}


def indicator_change_html(indicator, kind=IndicatorKind.TRADE):
    """A change since baseline as a sign and a percentage, marked when published figures contradict it."""
    if indicator is None or indicator.change_pct is None:
        html = format_html('<span class="muted">{}</span>', _("n/a"))
    else:
        arrow = {Movement.UP: "▲", Movement.DOWN: "▼"}.get(indicator.movement, "≈")
        html = format_html(
            '<span class="movement movement-{}" title="{}">{} {}</span>',
            indicator.movement,
            indicator.get_movement_display(),
            arrow,
            indicator.change_text,
        )
    if indicator is not None and indicator.contradicted:
        html += format_html(
            ' <span class="flag" title="{}">⚑ {}</span>',
            CONTRADICTED_TITLE[kind],
            _("contradicted"),
        )
    return html


def corridor_latest_html(indicator):
    """A corridor headline's latest value in its unit with its period, what it measures under it, linked to the
    place's page (where every source is); a dash for a proposal meant to move no corridor measure."""
    if indicator is None:
        return format_html('<span class="muted" title="{}">–</span>', _("No corridor measure named"))
    if indicator.latest_value is None:
        value = format_html('<span class="muted">{}</span>', _("n/a"))
    else:
        value = format_html(
            '<a href="{}">{}</a> <span class="how">{}</span>',
            indicator.place.get_absolute_url(),
            indicator.amount_text("latest"),
            indicator.latest_period_label,
        )
    return format_html('{}<br><span class="small">{}</span>', value, indicator.label)


def corridor_change_html(indicator):
    if indicator is None:
        return format_html('<span class="muted" title="{}">–</span>', _("No corridor measure named"))
    return indicator_change_html(indicator, IndicatorKind.CORRIDOR)


class IsoDateColumn(tables.Column):
    """A date as YYYY-MM-DD, on the page and in exports (tables2's DateColumn compiles a template per cell)."""

    def render(self, value):
        return value.isoformat()


class LabelColumn(tables.Column):
    """A choice field shown by its label, looked up in the choices read once: for each cell, tables2
    calls the model's `get_FOO_display`, which rebuilds the choices and translates every label to
    hash it. Sorted by the field; the cell reads the record (its accessor is the key, not a choice)."""

    def __init__(self, field, choices, **kwargs):
        self.field, self.labels = field, dict(choices)
        super().__init__(accessor="pk", order_by=(field,), **kwargs)

    def render(self, record):
        value = getattr(record, self.field)
        return self.labels.get(value, value)

    def value(self, record):
        return str(self.render(record))


class LeanTable(tables.Table):
    """A django-tables2 table whose body rows are written here rather than by a template tag per cell.

    A page of 25-100 rows is hundreds of cells, and the stock template resolves each cell's attributes
    and context anew. The cells are still tables2's own (`BoundRow.get_cell`: accessors, choices'
    labels, `render_*` methods, links) and so are the header, pagination and exports; only the markup
    around each cell is written here, with each column's attributes read once per page. A column of
    a lean table therefore has the same `td` attributes in every row.
    """

    class Meta:
        template_name = "django_tables2/lean_table.html"

    def rows_html(self):
        columns = [(column.name, column.attrs["td"].as_html(), column.localize) for column in self.columns]
        rows = [
            format_html(
                "<tr {}>{}</tr>",
                row.attrs.as_html(),
                format_html_join(
                    "", "<td {}>{}</td>", ((attrs, cell(row.get_cell(name), local)) for name, attrs, local in columns)
                ),
            )
            for row in self.paginated_rows
        ]
        if not rows and self.empty_text:
            return format_html('<tr><td colspan="{}">{}</td></tr>', len(columns), self.empty_text)
        return mark_safe("".join(rows))  # noqa: S308 - each part above is escaped by format_html


def cell(value, local):
    """A cell's value as the stock template's `{{ cell }}` (or `|localize`, `|unlocalize`) shows it."""
    return conditional_escape(formats.localize(template_localtime(value), use_l10n=local is not False))


CORRIDOR = "corridor_indicator"


class ProposalStatusTable(LeanTable):
    title = tables.Column(linkify=("cooperation:manage-proposal", [tables.A("slug")]), verbose_name=_("Title"))
    sector = tables.Column(accessor="sector__name", verbose_name=_("Sector"))
    economies = tables.Column(
        accessor="from_economy__code", order_by=("from_economy__code", "to_economy__code"), verbose_name=_("From → to")
    )
    status = LabelColumn("status", Proposal.Status.choices, verbose_name=_("Status"))
    days_in_status = tables.Column(
        accessor="status_changed_at", order_by=("-status_changed_at",), verbose_name=_("Days in status")
    )
    last_meeting_date = IsoDateColumn(verbose_name=_("Last raised"), default="")
    next_due = IsoDateColumn(verbose_name=_("Next follow-up due"), default="")
    next_owner = tables.Column(verbose_name=_("Owner"), default="")
    visibility = LabelColumn("visibility", Visibility.choices, verbose_name=_("Visibility"))
    # Rendered even when empty: a missing value says "n/a", never a blank.
    latest = tables.Column(accessor="indicator__latest_value", verbose_name=_("Latest indicator"), empty_values=())
    change = tables.Column(accessor="indicator__change_pct", verbose_name=_("Change since baseline"), empty_values=())
    # Exports only: what the value is, and where each value comes from.
    measure = tables.Column(accessor="indicator__measure", verbose_name=_("Trade flow"), visible=False, default="")
    unit = tables.Column(accessor="indicator__unit", verbose_name=_("Unit"), visible=False, default="")
    latest_year = tables.Column(accessor="indicator__latest_year", verbose_name=_("Latest year"), visible=False)
    latest_how = tables.Column(accessor="indicator__latest_how", verbose_name=_("Latest: how obtained"), visible=False)
    latest_sources = tables.Column(accessor="indicator__sources", verbose_name=_("Latest: sources"), visible=False)
    baseline_year = tables.Column(accessor="indicator__baseline_year", verbose_name=_("Baseline year"), visible=False)
    baseline_value = tables.Column(accessor="indicator__baseline_value", verbose_name=_("Baseline"), visible=False)
    baseline_how = tables.Column(
        accessor="indicator__baseline_how", verbose_name=_("Baseline: how obtained"), visible=False
    )
    baseline_sources = tables.Column(accessor="indicator__sources", verbose_name=_("Baseline: sources"), visible=False)
    movement = tables.Column(accessor="indicator__movement", verbose_name=_("Movement"), visible=False)
    contradicted = tables.Column(
        accessor="indicator__contradicted", verbose_name=_("Contradicted by published figures"), visible=False
    )
    # The corridor headline (the first port or route measure named), beside the trade one; in its base unit.
    corridor_latest = tables.Column(
        accessor="corridor_indicator__latest_value", verbose_name=_("Corridor: latest"), empty_values=()
    )
    corridor_change = tables.Column(
        accessor="corridor_indicator__change_pct", verbose_name=_("Corridor: change since baseline"), empty_values=()
    )
    corridor_measure = tables.Column(accessor="pk", verbose_name=_("Corridor measure"), visible=False, orderable=False)
    corridor_unit = tables.Column(
        accessor="corridor_indicator__unit", verbose_name=_("Corridor: unit"), visible=False, default=""
    )
    corridor_latest_period = tables.Column(
        accessor="pk", verbose_name=_("Corridor: latest period"), visible=False, orderable=False
    )
    corridor_latest_how = tables.Column(
        accessor="corridor_indicator__latest_how", verbose_name=_("Corridor: latest, how obtained"), visible=False
    )
    corridor_latest_sources = tables.Column(
        accessor="corridor_indicator__sources", verbose_name=_("Corridor: latest, sources"), visible=False
    )
    corridor_baseline_year = tables.Column(
        accessor="corridor_indicator__baseline_year", verbose_name=_("Corridor: baseline year"), visible=False
    )
    corridor_baseline_value = tables.Column(
        accessor="corridor_indicator__baseline_value", verbose_name=_("Corridor: baseline"), visible=False
    )
    corridor_baseline_how = tables.Column(
        accessor="corridor_indicator__baseline_how", verbose_name=_("Corridor: baseline, how obtained"), visible=False
    )
    corridor_baseline_sources = tables.Column(
        accessor="corridor_indicator__sources", verbose_name=_("Corridor: baseline, sources"), visible=False
    )
    corridor_movement = tables.Column(
        accessor="corridor_indicator__movement", verbose_name=_("Corridor: movement"), visible=False
    )
    corridor_contradicted = tables.Column(
        accessor="corridor_indicator__contradicted",
        verbose_name=_("Corridor: contradicted by published figures"),
        visible=False,
    )

    class Meta:
        model = Proposal
        fields = [
            "title",
            "sector",
            "economies",
            "status",
            "days_in_status",
            "last_meeting_date",
            "next_due",
            "next_owner",
            "visibility",
            "latest",
            "change",
            "corridor_latest",
            "corridor_change",
        ]
        template_name = "django_tables2/lean_table.html"
        attrs = {"class": "status-table"}
        row_attrs = {
            "class": lambda record: "overdue" if record.next_due and record.next_due < timezone.localdate() else ""
        }
        order_by = ("title",)

    # Titles and names in the reader's language, the original marked where there is none; exports
    # (value_*) carry the same text without the mark.
    def render_title(self, record):
        return render_content(record, "title")

    def value_title(self, record):
        return record.title

    def render_sector(self, record):
        return render_content(record.sector, "name")

    def value_sector(self, record):
        return record.sector.name

    def render_economies(self, record):
        return f"{record.from_economy.code} → {record.to_economy.code}"

    def value_economies(self, record):
        return f"{record.from_economy.code} → {record.to_economy.code}"

    def render_days_in_status(self, value):
        return days_in_status(value)

    def value_days_in_status(self, value):
        return days_in_status(value)

    def render_next_due(self, value):
        if value is None:
            return ""
        if value < timezone.localdate():
            return format_html('<strong class="flag">{} ({})</strong>', value.isoformat(), _("overdue"))
        return value.isoformat()

    def value_next_due(self, value):
        return value

    def value_last_meeting_date(self, value):
        return value

    def value_status(self, record):
        return record.get_status_display()

    # Indicators: the stored headline of cooperation.proposal_indicators, the sources one click away (the pair's page).
    def render_latest(self, record):
        indicator = getattr(record, "indicator", None)
        if indicator is None or indicator.latest_value is None:
            return format_html('<span class="muted">{}</span>', _("n/a"))
        url = reverse("trade:pair", args=[record.from_economy.code, record.to_economy.code])
        return format_html(
            '<a href="{}">{}</a> <span class="how">{}</span>',
            url,
            indicator.amount_text("latest"),
            indicator.latest_year,
        )

    def render_change(self, record):
        return indicator_change_html(getattr(record, "indicator", None))

    def order_latest(self, queryset, is_descending):
        return queryset.order_by(nulls_last(indicator_value("latest_value"), is_descending), "title", "pk"), True

    def order_change(self, queryset, is_descending):
        return queryset.order_by(nulls_last(indicator_value("change_pct"), is_descending), "title", "pk"), True

    def render_corridor_latest(self, record):
        return corridor_latest_html(getattr(record, "corridor_indicator", None))

    def render_corridor_change(self, record):
        return corridor_change_html(getattr(record, "corridor_indicator", None))

    def order_corridor_latest(self, queryset, is_descending):
        value = indicator_value("latest_value", IndicatorKind.CORRIDOR)
        return queryset.order_by(nulls_last(value, is_descending), "title", "pk"), True

    def order_corridor_change(self, queryset, is_descending):
        value = indicator_value("change_pct", IndicatorKind.CORRIDOR)
        return queryset.order_by(nulls_last(value, is_descending), "title", "pk"), True

    def value_latest(self, record):
        return plain(indicator_field(record, "latest_value"))

    def value_baseline_value(self, record):
        return plain(indicator_field(record, "baseline_value"))

    def value_change(self, record):
        return plain(indicator_field(record, "change_pct"))

    def value_latest_how(self, record):
        return how_label(indicator_field(record, "latest_how"))

    def value_baseline_how(self, record):
        return how_label(indicator_field(record, "baseline_how"))

    def value_latest_sources(self, record):
        return self.source_names(record, "latest")

    def value_baseline_sources(self, record):
        return self.source_names(record, "baseline")

    def value_measure(self, record):
        measure = indicator_field(record, "measure")
        return TradeFigure.Measure(measure).label if measure in TradeFigure.Measure.values else measure

    def value_movement(self, record):
        indicator = getattr(record, "indicator", None)
        return indicator.get_movement_display() if indicator else Movement.NO_DATA.label

    def value_contradicted(self, record):
        return _("yes") if indicator_field(record, "contradicted") else _("no")

    # The corridor headline in exports: each value in the measure's base unit, with its provenance.
    def value_corridor_latest(self, record):
        return plain(indicator_field(record, "latest_value", CORRIDOR))

    def value_corridor_change(self, record):
        return plain(indicator_field(record, "change_pct", CORRIDOR))

    def value_corridor_baseline_value(self, record):
        return plain(indicator_field(record, "baseline_value", CORRIDOR))

    def value_corridor_measure(self, record):
        indicator = getattr(record, CORRIDOR, None)
        return indicator.label if indicator else ""

    def value_corridor_unit(self, value):
        return Unit(value).label if value in Unit.values else value or ""

    def value_corridor_latest_period(self, record):
        return indicator_field(record, "latest_period_label", CORRIDOR) or ""

    def value_corridor_latest_how(self, record):
        return how_label(indicator_field(record, "latest_how", CORRIDOR))

    def value_corridor_baseline_how(self, record):
        return how_label(indicator_field(record, "baseline_how", CORRIDOR))

    def value_corridor_latest_sources(self, record):
        return self.source_names(record, "latest", CORRIDOR)

    def value_corridor_baseline_sources(self, record):
        return self.source_names(record, "baseline", CORRIDOR)

    def value_corridor_movement(self, record):
        indicator = getattr(record, CORRIDOR, None)
        return indicator.get_movement_display() if indicator else ""

    def value_corridor_contradicted(self, record):
        indicator = getattr(record, CORRIDOR, None)
        return (_("yes") if indicator.contradicted else _("no")) if indicator else ""

    def source_names(self, record, which, related="indicator"):
        if not hasattr(self, "_sources"):
            self._sources = {source.pk: str(source) for source in DataSource.objects.all()}  # dozens, not millions
        ids = (indicator_field(record, "sources", related) or {}).get(which, [])
        return "; ".join(self._sources.get(pk, "") for pk in ids)


class FollowUpTable(LeanTable):
    action = tables.Column(verbose_name=_("Action"))
    proposal = tables.Column(
        accessor="proposal__title",
        linkify=("cooperation:manage-proposal", [tables.A("proposal__slug")]),
        verbose_name=_("Proposal"),
    )
    owner = tables.Column(accessor="owner__full_name", verbose_name=_("Owner"), default="")
    due_on = IsoDateColumn(verbose_name=_("Due"))
    done_on = IsoDateColumn(verbose_name=_("Done"), default="")
    mark = tables.TemplateColumn(
        template_name="cooperation/manage/_mark_done.html", verbose_name="", orderable=False, exclude_from_export=True
    )

    class Meta:
        model = FollowUp
        fields = ["action", "proposal", "owner", "due_on", "done_on", "mark"]
        template_name = "django_tables2/lean_table.html"
        row_attrs = {"class": lambda record: "overdue" if record.is_overdue() else ""}

    def render_proposal(self, record):
        return render_content(record.proposal, "title")

    def value_proposal(self, record):
        return record.proposal.title


class MeetingTable(LeanTable):
    date = IsoDateColumn(verbose_name=_("Date"))
    title = tables.Column(linkify=True, verbose_name=_("Title"))
    place = tables.Column(verbose_name=_("Place"))
    partner = tables.Column(empty_values=(), orderable=False, verbose_name=_("Partner"))
    participants = tables.Column(empty_values=(), orderable=False, verbose_name=_("Participants"))
    proposal_count = tables.Column(verbose_name=_("Proposals raised"), attrs={"td": {"class": "num"}})
    visibility = LabelColumn("visibility", Visibility.choices, verbose_name=_("Visibility"))

    class Meta:
        model = Meeting
        fields = ["date", "title", "place", "partner", "participants", "proposal_count", "visibility"]
        template_name = "django_tables2/lean_table.html"
        order_by = ("-date",)

    def render_title(self, record):
        return render_content(record, "title")

    def value_title(self, record):
        return record.title

    def render_place(self, record):
        return render_content(record, "place")

    def value_place(self, record):
        return record.place

    def render_participants(self, record):
        return "; ".join(str(p.official) for p in record.participations.all())

    value_participants = render_participants

    def render_partner(self, record):
        economies = {str(p.official.economy) for p in record.participations.all() if p.side == p.Side.PARTNER}
        return "; ".join(sorted(economies))

    value_partner = render_partner
