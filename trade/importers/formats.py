"""The file formats, told apart by their header: this project's own CSV, UN Comtrade's export, and the
corridor CSV (trade.importers.corridor_format).

Each format turns one row (a dict by column) into a checked `ImportRow`; `SourceDefaults` gives what
a file does not say about its source.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext as _

from trade.importers.validation import (
    ImportRow,
    RowError,
    Skip,
    parse_date,
    parse_decimal,
    parse_months,
    parse_value,
    parse_year,
    step_of,
    web_url,
)
from trade.models import DataSource, TradeFigure

NATIVE_REQUIRED = ["reporter", "partner", "year", "months", "measure", "product", "value", "unit"]
# The header UN Comtrade's data portal and API write; only COMTRADE_REQUIRED are read.
COMTRADE_HEADER = (
    "typeCode,freqCode,refPeriodId,refYear,refMonth,period,reporterCode,reporterISO,reporterDesc,flowCode,flowDesc,"
    "partnerCode,partnerISO,partnerDesc,partner2Code,partner2ISO,partner2Desc,classificationCode,"
    "classificationSearchCode,isOriginalClassification,cmdCode,cmdDesc,aggrLevel,isLeaf,customsCode,customsDesc,"
    "mosCode,motCode,motDesc,qtyUnitCode,qtyUnitAbbr,qty,isQtyEstimated,altQtyUnitCode,altQtyUnitAbbr,altQty,"
    "isAltQtyEstimated,netWgt,isNetWgtEstimated,grossWgt,isGrossWgtEstimated,cifvalue,fobvalue,primaryValue,"
    "legacyEstimationFlag,isReported,isAggregate\n"
)
COMTRADE_REQUIRED = [
    "freqCode",
    "refYear",
    "refMonth",
    "reporterISO",
    "flowCode",
    "partnerISO",
    "cmdCode",
    "primaryValue",
]
UNITS = {"usd": Decimal(1), "thousand usd": Decimal(1000), "million usd": Decimal(1_000_000)}
MEASURES = {
    "export": TradeFigure.Measure.EXPORT,
    "exports": TradeFigure.Measure.EXPORT,
    "x": TradeFigure.Measure.EXPORT,
    "import": TradeFigure.Measure.IMPORT,
    "imports": TradeFigure.Measure.IMPORT,
    "m": TradeFigure.Measure.IMPORT,
    "turnover": TradeFigure.Measure.TURNOVER,
}
COMTRADE_FLOWS = {"X": TradeFigure.Measure.EXPORT, "M": TradeFigure.Measure.IMPORT}
COMTRADE_SOURCE = ("UN Statistics Division", "UN Comtrade database")
WORLD = {"W00", "WLD", "_X", "X1"}  # Comtrade's "World" and unspecified partners: not an economy


@dataclass
class SourceDefaults:
    publisher: str = ""
    title: str = ""
    published_on: date | None = None
    url: str = ""
    kind: str = ""
    economy_code: str = ""


class NativeFormat:
    name = "native"
    required = NATIVE_REQUIRED

    def __init__(self, lookups, defaults):
        self.lookups, self.defaults = lookups, defaults

    def parse(self, line, row):
        lookups = self.lookups
        reporter = lookups.economy("reporter", self._required(row, "reporter"))
        partner = lookups.economy("partner", self._required(row, "partner"))
        if reporter == partner:
            raise RowError("partner", _("is the same as the reporter."))
        year = parse_year("year", self._required(row, "year"))
        month_from, month_to = parse_months(self._required(row, "months"))
        measure_text = self._required(row, "measure")
        if measure_text.lower() not in MEASURES:
            raise RowError("measure", _("%(text)s is not export, import or turnover.") % {"text": repr(measure_text)})
        group = lookups.group("product", self._required(row, "product"))
        unit_text = self._required(row, "unit")
        if unit_text.lower() not in UNITS:
            raise RowError(
                "unit",
                _("%(text)s is not one of: %(choices)s.") % {"text": repr(unit_text), "choices": ", ".join(UNITS)},
            )
        value, step = parse_value("value", row["value"], UNITS[unit_text.lower()])
        change_text = (row.get("change_pct") or "").strip().rstrip("%").strip()
        change = parse_decimal("change_pct", change_text) if change_text else None
        return ImportRow(
            line,
            reporter,
            partner,
            year,
            month_from,
            month_to,
            MEASURES[measure_text.lower()],
            group,
            self._source(row),
            value,
            step,
            change,
            step_of(str(change)) if change is not None else None,
        )

    @staticmethod
    def _required(row, column):
        return required(row, column)

    def _source(self, row):
        return read_source(row, self.defaults, self.lookups)


def required(row, column):
    value = (row.get(column) or "").strip()
    if not value:
        raise RowError(column, _("is empty."))
    return value


def read_source(row, defaults, lookups):
    """The source a row names in its source_* columns, else the file's (SourceDefaults): a tuple for writer.Sources."""
    publisher = (row.get("source_publisher") or "").strip() or defaults.publisher
    title = (row.get("source_title") or "").strip() or defaults.title
    published_text = (row.get("source_published") or "").strip()
    published_on = parse_date("source_published", published_text) if published_text else defaults.published_on
    if not (publisher and title and published_on):
        raise RowError(
            "source_title",
            _("no source: give the source columns, or --source-publisher/--source-title/--published."),
        )
    for column, name, text in (("source_publisher", "publisher", publisher), ("source_title", "title", title)):
        limit = DataSource._meta.get_field(name).max_length
        if len(text) > limit:
            raise RowError(column, _("is longer than %(limit)s characters.") % {"limit": limit})
    kind = (row.get("source_kind") or "").strip() or defaults.kind or DataSource.Kind.OFFICIAL
    if kind not in DataSource.Kind.values:
        raise RowError(
            "source_kind",
            _("%(text)s is not one of: %(choices)s.")
            % {"text": repr(kind), "choices": ", ".join(DataSource.Kind.values)},
        )
    economy_code = (row.get("source_economy") or "").strip() or defaults.economy_code
    economy = lookups.economy("source_economy", economy_code) if economy_code else None
    url = web_url("source_url", (row.get("source_url") or "").strip() or defaults.url)
    return (publisher, title, published_on, url, kind, economy)


class ComtradeFormat:
    """UN Comtrade's CSV: ISO alpha-3 codes, flows X and M, values in USD, annual or monthly."""

    name = "UN Comtrade"
    required = COMTRADE_REQUIRED

    def __init__(self, lookups, defaults):
        self.lookups = lookups
        if not defaults.published_on:
            raise RowError("refYear", _("a UN Comtrade file needs --published: the date the data was downloaded."))
        self.source = (
            defaults.publisher or COMTRADE_SOURCE[0],
            defaults.title or COMTRADE_SOURCE[1],
            defaults.published_on,
            web_url("source_url", defaults.url) or "https://comtradeplus.un.org/",
            defaults.kind or DataSource.Kind.INTERNATIONAL,
            None,
        )

    def parse(self, line, row):
        for column, total in (("partner2Code", "0"), ("motCode", "0"), ("customsCode", "C00")):
            value = (row.get(column) or "").strip()
            if value and value != total:
                raise Skip(_("breakdowns by second partner, transport mode or customs regime"))
        flow = (row.get("flowCode") or "").strip().upper()
        if flow not in COMTRADE_FLOWS:
            if flow in {"RX", "RM", "DX", "FM"}:
                raise Skip(_("flows other than X and M (%(flow)s)") % {"flow": flow})
            raise RowError("flowCode", _("%(flow)s is not X (export) or M (import).") % {"flow": repr(flow)})
        partner_code = (row.get("partnerISO") or "").strip().upper()
        if partner_code in WORLD:
            raise Skip(_("world totals"))
        reporter = self.lookups.economy("reporterISO", (row.get("reporterISO") or "").strip())
        partner = self.lookups.economy("partnerISO", partner_code)
        if reporter == partner:
            raise RowError("partnerISO", _("is the same as the reporter."))
        year = parse_year("refYear", row.get("refYear") or "")
        frequency = (row.get("freqCode") or "").strip().upper()
        if frequency == "A":
            month_from, month_to = 1, 12
        elif frequency == "M":
            text = (row.get("refMonth") or "").strip()
            if not text.isdigit() or not 1 <= int(text) <= 12:
                raise RowError("refMonth", _("%(text)s is not a month from 1 to 12.") % {"text": repr(text)})
            month_from = month_to = int(text)
        else:
            raise RowError("freqCode", _("%(text)s is not A (annual) or M (monthly).") % {"text": repr(frequency)})
        group = self.lookups.group("cmdCode", row.get("cmdCode") or "")
        value, step = parse_value("primaryValue", row.get("primaryValue") or "")
        return ImportRow(
            line, reporter, partner, year, month_from, month_to, COMTRADE_FLOWS[flow], group, self.source, value, step,
            None, None,
        )  # fmt: skip


def detect_format(header, lookups, defaults):
    """The format a header announces, and the keys its rows are read with."""
    if all(column in header for column in COMTRADE_REQUIRED):
        return ComtradeFormat(lookups, defaults), header
    lowered = [name.lower() for name in header]
    from trade.importers.corridor_format import CORRIDOR_REQUIRED, CorridorFormat

    if "place" in lowered and "reporter" not in lowered:
        missing = [column for column in CORRIDOR_REQUIRED if column not in lowered]
        if missing:
            raise RowError(
                missing[0],
                _("the header is not the corridor CSV format (missing: %(missing)s).")
                % {"missing": ", ".join(missing)},
            )
        return CorridorFormat(lookups, defaults), lowered
    if all(column in lowered for column in NATIVE_REQUIRED):
        return NativeFormat(lookups, defaults), lowered
    missing = [column for column in NATIVE_REQUIRED if column not in lowered]
    raise RowError(
        missing[0],
        _("the header is neither this project's CSV format (missing: %(missing)s) nor UN Comtrade's.")
        % {"missing": ", ".join(missing)},
    )
