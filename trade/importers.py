"""Reading trade statistics files into TradeFigure rows.

A file is read whole and checked before anything is written: one bad row
and the import writes nothing. Every problem names its line and column.
"""

import csv
import io
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

from django.db import transaction

from trade.codes import UnknownCode, canonical_code
from trade.models import DataSource, Economy, ProductGroup, TradeFigure

NATIVE_COLUMNS = [
    "reporter",
    "partner",
    "year",
    "months",
    "measure",
    "product",
    "value",
    "unit",
    "change_pct",
    "source_publisher",
    "source_title",
    "source_published",
    "source_url",
    "source_kind",
    "source_economy",
]
REQUIRED_NATIVE = ["reporter", "partner", "year", "months", "measure", "product", "value", "unit"]
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
KEY_FIELDS = ("reporter_id", "partner_id", "year", "month_from", "month_to", "measure", "product_group_id", "source_id")
VALUE_FIELDS = ("value_usd", "value_step", "change_pct", "change_pct_step")


class RowError(ValueError):
    def __init__(self, column, message):
        super().__init__(message)
        self.column = column


@dataclass
class ImportResult:
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list = field(default_factory=list)  # (line, column, message)
    changes: list = field(default_factory=list)  # (figure label, old value, new value)

    @property
    def ok(self):
        return not self.errors


@dataclass
class SourceDefaults:
    publisher: str = ""
    title: str = ""
    published_on: date | None = None
    url: str = ""
    kind: str = DataSource.Kind.OFFICIAL
    economy_code: str = ""


def decode(raw):
    """Text of a file that may be UTF-8 (with or without BOM) or Latin-1."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


def step_of(text):
    """The unit of the last digit written: "529.4" -> 0.1, "73" -> 1."""
    exponent = Decimal(text).as_tuple().exponent
    return Decimal(1).scaleb(min(exponent, 0))


class Lookups:
    """Economies, product groups and sources, each read from the database once."""

    def __init__(self):
        self.economies = {e.code: e for e in Economy.objects.all()}
        self.groups = {g.code: g for g in ProductGroup.objects.all()}
        self.sources = {}

    def economy(self, column, code):
        try:
            canonical = canonical_code(code)
        except UnknownCode as exc:
            raise RowError(column, str(exc)) from None
        if canonical not in self.economies:
            raise RowError(column, f"Economy {canonical!r} is not in the database; add it first.")
        return self.economies[canonical]

    def group(self, column, code):
        code = code.strip().upper()
        if code.isdigit() and len(code) == 1:
            code = "0" + code
        if code not in self.groups:
            raise RowError(column, f"{code!r} is not a known product group (TOTAL, an HS section or chapter).")
        return self.groups[code]

    def source(self, spec):
        if spec not in self.sources:
            publisher, title, published_on, url, kind, economy = spec
            self.sources[spec] = DataSource(
                publisher=publisher, title=title, published_on=published_on, url=url, kind=kind, economy=economy
            )
        return self.sources[spec]


def _required(row, column):
    value = (row.get(column) or "").strip()
    if not value:
        raise RowError(column, "is empty.")
    return value


def _decimal(column, text):
    try:
        value = Decimal(text.replace(" ", "").replace(",", ""))
    except InvalidOperation:
        raise RowError(column, f"{text!r} is not a number.") from None
    if not value.is_finite():
        raise RowError(column, f"{text!r} is not a number.")
    return value


def _year(text):
    if not text.isdigit() or not 1900 <= int(text) <= 2100:
        raise RowError("year", f"{text!r} is not a year between 1900 and 2100.")
    return int(text)


def _months(text):
    parts = text.replace("–", "-").split("-")
    try:
        first, last = (int(parts[0]), int(parts[-1])) if len(parts) <= 2 else (None, None)
    except ValueError:
        first = last = None
    if first is None or not (1 <= first <= last <= 12):
        raise RowError("months", f"{text!r} is not a month range such as 1-12 or 1-6.")
    return first, last


def _date(column, text):
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise RowError(column, f"{text!r} is not a date in the form YYYY-MM-DD.") from None


def parse_native_row(row, lookups, defaults):
    reporter = lookups.economy("reporter", _required(row, "reporter"))
    partner = lookups.economy("partner", _required(row, "partner"))
    if reporter == partner:
        raise RowError("partner", "is the same as the reporter.")
    year = _year(_required(row, "year"))
    month_from, month_to = _months(_required(row, "months"))
    measure_text = _required(row, "measure")
    if measure_text.lower() not in MEASURES:
        raise RowError("measure", f"{measure_text!r} is not export, import or turnover.")
    group = lookups.group("product", _required(row, "product"))
    unit_text = _required(row, "unit")
    if unit_text.lower() not in UNITS:
        raise RowError("unit", f"{unit_text!r} is not one of: {', '.join(UNITS)}.")
    unit = UNITS[unit_text.lower()]
    value_text = _required(row, "value")
    value = _decimal("value", value_text)
    if value < 0:
        raise RowError("value", f"{value_text!r} is negative; trade values are never below zero.")
    change_text = (row.get("change_pct") or "").strip().rstrip("%").strip()
    change = _decimal("change_pct", change_text) if change_text else None

    publisher = (row.get("source_publisher") or "").strip() or defaults.publisher
    title = (row.get("source_title") or "").strip() or defaults.title
    published_text = (row.get("source_published") or "").strip()
    published_on = _date("source_published", published_text) if published_text else defaults.published_on
    if not (publisher and title and published_on):
        raise RowError("source_title", "no source: give source columns or --source-title/--published.")
    kind = (row.get("source_kind") or "").strip() or defaults.kind
    if kind not in DataSource.Kind.values:
        raise RowError("source_kind", f"{kind!r} is not one of: {', '.join(DataSource.Kind.values)}.")
    economy_code = (row.get("source_economy") or "").strip() or defaults.economy_code
    source_economy = lookups.economy("source_economy", economy_code) if economy_code else None
    url = (row.get("source_url") or "").strip() or defaults.url

    return TradeFigure(
        reporter=reporter,
        partner=partner,
        year=year,
        month_from=month_from,
        month_to=month_to,
        measure=MEASURES[measure_text.lower()],
        product_group=group,
        value_usd=(value * unit).quantize(Decimal("0.01")),
        value_step=(step_of(str(value)) * unit).quantize(Decimal("0.01")),
        change_pct=change,
        change_pct_step=step_of(str(change)) if change is not None else None,
        source=lookups.source((publisher, title, published_on, url, kind, source_economy)),
    )


def read_rows(text):
    """(line number, row dict) for each data row; raises RowError on a bad header."""
    reader = csv.DictReader(io.StringIO(text))
    header = [name.strip().lower() for name in (reader.fieldnames or [])]
    missing = [column for column in REQUIRED_NATIVE if column not in header]
    if missing:
        raise RowError(missing[0], f"missing column(s): {', '.join(missing)}.")
    reader.fieldnames = header
    for row in reader:
        yield reader.line_num, row


def import_native(raw, *, defaults=None, dry_run=False):
    """Import a native CSV file's bytes; writes nothing unless every row is good."""
    defaults = defaults or SourceDefaults()
    result = ImportResult()
    lookups = Lookups()
    figures = []
    seen = {}
    try:
        for line, row in read_rows(decode(raw)):
            result.rows += 1
            try:
                figure = parse_native_row(row, lookups, defaults)
            except RowError as exc:
                result.errors.append((line, exc.column, str(exc)))
                continue
            key = _key(figure)
            if key in seen:
                result.errors.append((line, "reporter", f"the same figure as line {seen[key]}."))
                continue
            seen[key] = line
            figures.append(figure)
    except RowError as exc:
        result.errors.append((1, exc.column, str(exc)))
    if result.errors:
        return result
    with transaction.atomic():
        _write(figures, lookups, result)
        if dry_run:
            transaction.set_rollback(True)
    return result


def _key(figure):
    source = figure.source
    return (
        figure.reporter.code,
        figure.partner.code,
        figure.year,
        figure.month_from,
        figure.month_to,
        figure.measure,
        figure.product_group.code,
        (source.publisher, source.title, source.published_on),
    )


def _write(figures, lookups, result):
    for source in lookups.sources.values():
        existing = DataSource.objects.filter(
            publisher=source.publisher, title=source.title, published_on=source.published_on
        ).first()
        if existing:
            source.pk = existing.pk
        else:
            source.save()
    for figure in figures:
        figure.source_id = figure.source.pk
    source_ids = {f.source_id for f in figures}
    existing = {
        tuple(getattr(f, name) for name in KEY_FIELDS): f for f in TradeFigure.objects.filter(source_id__in=source_ids)
    }
    to_create, to_update = [], []
    for figure in figures:
        current = existing.get(tuple(getattr(figure, name) for name in KEY_FIELDS))
        if current is None:
            to_create.append(figure)
        elif any(getattr(current, name) != getattr(figure, name) for name in VALUE_FIELDS):
            result.changes.append((str(figure), current.value_usd, figure.value_usd))
            for name in VALUE_FIELDS:
                setattr(current, name, getattr(figure, name))
            to_update.append(current)
        else:
            result.unchanged += 1
    TradeFigure.objects.bulk_create(to_create, batch_size=2000)
    TradeFigure.objects.bulk_update(to_update, VALUE_FIELDS, batch_size=2000)
    result.created = len(to_create)
    result.updated = len(to_update)
