"""Reading trade statistics files into TradeFigure rows.

Two formats, told apart by their header: this project's own CSV and the CSV
that UN Comtrade's data portal and API export. Files are streamed twice:
the first pass checks every row (nothing is written if any row is bad,
and every problem names its line and column), the second writes in chunks
inside one transaction. Memory stays flat however long the file is.
"""

import csv
import functools
import io
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from trade.codes import UnknownCode, canonical_code
from trade.models import DataSource, Economy, ProductGroup, TradeFigure, validate_web_url

CHUNK = 2000
MAX_ERRORS = 1000
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
KEY_FIELDS = ("reporter_id", "partner_id", "year", "month_from", "month_to", "measure", "product_group_id")
VALUE_FIELDS = ("value_usd", "value_step", "change_pct", "change_pct_step")


class RowError(ValueError):
    def __init__(self, column, message):
        super().__init__(message)
        self.column = column


class Skip(Exception):  # noqa: N818 - a row that is read but not kept, with the reason
    pass


class Unreadable(Exception):  # noqa: N818 - the CSV reader cannot go on past this line
    def __init__(self, line, message):
        super().__init__(message)
        self.line = line


def _unreadable(reader, exc):
    if "field limit" in str(exc):
        message = _(
            "a field is longer than %(limit)s characters, more than any trade file holds; the file is not read "
            "past this line."
        ) % {"limit": f"{csv.field_size_limit():,}"}
    else:
        message = _("this line cannot be read as CSV (%(problem)s); the file is not read past it.") % {"problem": exc}
    return Unreadable(max(reader.line_num, 1), message)


@functools.lru_cache(maxsize=256)
def _url_problem(url, language):
    """Why `url` cannot be stored as a source's link (the admin's rule: http and https only), or None.

    Kept per language, as the message is in the reader's."""
    if len(url) > DataSource._meta.get_field("url").max_length:
        return _("is longer than 500 characters.")
    try:
        validate_web_url(url)
    except ValidationError:
        return _("%(url)s is not a web address starting with http:// or https://.") % {"url": repr(url[:100])}
    return None


def _unknown_code(code):
    """Why a code names no economy: the words of trade.codes, in the reader's language."""
    code = (code or "").strip().upper()
    if "-" in code:
        return _("%(code)s is not an ISO 3166-2 region code.") % {"code": repr(code)}
    return _("%(code)s is not an ISO 3166-1 country code.") % {"code": repr(code)}


def _web_url(column, url):
    problem = _url_problem(url, get_language()) if url else None
    if problem:
        raise RowError(column, problem)
    return url


@dataclass
class SourceDefaults:
    publisher: str = ""
    title: str = ""
    published_on: date | None = None
    url: str = ""
    kind: str = ""
    economy_code: str = ""


@dataclass
class ImportResult:
    format: str = ""
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: dict = field(default_factory=dict)  # reason -> count
    errors: list = field(default_factory=list)  # (line, column, message)
    changes: list = field(default_factory=list)  # (figure label, old value, new value), the first 1000
    dry_run: bool = False

    @property
    def ok(self):
        return not self.errors

    def summary(self):
        skipped = "".join(
            _(", %(count)s skipped (%(reason)s)") % {"count": n, "reason": reason} for reason, n in self.skipped.items()
        )
        return _("%(rows)s rows: %(created)s created, %(updated)s updated, %(unchanged)s unchanged%(skipped)s.") % {
            "rows": self.rows,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "skipped": skipped,
        }


@dataclass(frozen=True)
class ImportRow:
    """One checked row, ready to store: ids, not objects, to keep memory small."""

    line: int
    reporter_id: int
    partner_id: int
    year: int
    month_from: int
    month_to: int
    measure: str
    product_group_id: int
    source: tuple  # (publisher, title, published_on, url, kind, economy_id)
    value_usd: Decimal
    value_step: Decimal
    change_pct: Decimal | None
    change_pct_step: Decimal | None

    @property
    def key(self):
        return (
            self.reporter_id,
            self.partner_id,
            self.year,
            self.month_from,
            self.month_to,
            self.measure,
            self.product_group_id,
        )


def step_of(text):
    """The unit of the last digit written: "529.4" -> 0.1, "73" -> 1."""
    exponent = Decimal(text).as_tuple().exponent
    return Decimal(1).scaleb(min(exponent, 0))


def _decimal(column, text):
    try:
        value = Decimal(text.strip().replace(" ", "").replace(",", ""))
    except InvalidOperation:
        raise RowError(column, _("%(text)s is not a number.") % {"text": repr(text)}) from None
    if not value.is_finite():
        raise RowError(column, _("%(text)s is not a number.") % {"text": repr(text)})
    return value


def _value(column, text, unit=Decimal(1)):
    if not text.strip():
        raise RowError(column, _("is empty."))
    value = _decimal(column, text)
    if value < 0:
        raise RowError(column, _("%(text)s is negative; trade values are never below zero.") % {"text": repr(text)})
    if value * unit >= Decimal("1e16"):
        raise RowError(column, _("%(text)s is too large to be a trade value in USD.") % {"text": repr(text)})
    return (value * unit).quantize(Decimal("0.01")), (step_of(str(value)) * unit).quantize(Decimal("0.01"))


def _year(column, text):
    text = text.strip()
    if not text.isdigit() or not 1900 <= int(text) <= 2100:
        raise RowError(column, _("%(text)s is not a year between 1900 and 2100.") % {"text": repr(text)})
    return int(text)


def _months(text):
    parts = text.strip().replace("–", "-").split("-")
    first = last = None
    if len(parts) <= 2 and all(p.strip().isdigit() for p in parts):
        first, last = int(parts[0]), int(parts[-1])
    if first is None or not (1 <= first <= last <= 12):
        raise RowError("months", _("%(text)s is not a month range such as 1-12 or 1-6.") % {"text": repr(text)})
    return first, last


def _date(column, text):
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise RowError(column, _("%(text)s is not a date in the form YYYY-MM-DD.") % {"text": repr(text)}) from None


class Lookups:
    """Economies and product groups, each read from the database once."""

    def __init__(self):
        self.economies = dict(Economy.objects.values_list("code", "pk"))
        self.groups = dict(ProductGroup.objects.values_list("code", "pk"))
        self.found = {}  # each code as written to its economy: a file repeats a few codes a million times

    def economy(self, column, code):
        if code in self.found:
            return self.found[code]
        try:
            canonical = canonical_code(code)
        except UnknownCode:
            raise RowError(column, _unknown_code(code)) from None
        if canonical not in self.economies:
            raise RowError(
                column, _("Economy %(code)s is not in the database; add it first.") % {"code": repr(canonical)}
            )
        self.found[code] = self.economies[canonical]
        return self.found[code]

    def group(self, column, code):
        code = code.strip().upper()
        if code.isdigit() and len(code) == 1:
            code = "0" + code
        if code not in self.groups:
            if code.isdigit() and len(code) > 2:
                raise RowError(
                    column,
                    _("HS code %(code)s is finer than the chapters kept here; use 2-digit chapters.")
                    % {"code": repr(code)},
                )
            raise RowError(
                column,
                _("%(code)s is not a known product group (TOTAL, an HS section or chapter).") % {"code": repr(code)},
            )
        return self.groups[code]


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
        year = _year("year", self._required(row, "year"))
        month_from, month_to = _months(self._required(row, "months"))
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
        value, step = _value("value", row["value"], UNITS[unit_text.lower()])
        change_text = (row.get("change_pct") or "").strip().rstrip("%").strip()
        change = _decimal("change_pct", change_text) if change_text else None
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
        value = (row.get(column) or "").strip()
        if not value:
            raise RowError(column, _("is empty."))
        return value

    def _source(self, row):
        defaults = self.defaults
        publisher = (row.get("source_publisher") or "").strip() or defaults.publisher
        title = (row.get("source_title") or "").strip() or defaults.title
        published_text = (row.get("source_published") or "").strip()
        published_on = _date("source_published", published_text) if published_text else defaults.published_on
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
        economy = self.lookups.economy("source_economy", economy_code) if economy_code else None
        url = _web_url("source_url", (row.get("source_url") or "").strip() or defaults.url)
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
            _web_url("source_url", defaults.url) or "https://comtradeplus.un.org/",
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
        year = _year("refYear", row.get("refYear") or "")
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
        value, step = _value("primaryValue", row.get("primaryValue") or "")
        return ImportRow(
            line, reporter, partner, year, month_from, month_to, COMTRADE_FLOWS[flow], group, self.source, value, step,
            None, None,
        )  # fmt: skip


class _CountingReader(io.RawIOBase):
    """A binary file that counts the bytes read, for the progress bar."""

    def __init__(self, raw, progress):
        self.raw, self.progress = raw, progress

    def readable(self):
        return True

    def readinto(self, buffer):
        n = self.raw.readinto(buffer)
        if n and self.progress:
            self.progress(n)
        return n


def _open(path, encoding, progress=None):
    """The open file, a CSV reader over it, and its header; streamed, never read whole."""
    raw = open(path, "rb")  # noqa: SIM115 - closed by _rows
    text = io.TextIOWrapper(io.BufferedReader(_CountingReader(raw, progress)), encoding=encoding, newline="")
    reader = csv.reader(text)
    try:
        header = [name.strip().lstrip("\ufeff") for name in next(reader, [])]
    except csv.Error as exc:
        raw.close()
        raise _unreadable(reader, exc) from None
    return raw, reader, header


def _detect(header, lookups, defaults):
    """The format a header announces, and the keys its rows are read with."""
    if all(column in header for column in COMTRADE_REQUIRED):
        return ComtradeFormat(lookups, defaults), header
    lowered = [name.lower() for name in header]
    if all(column in lowered for column in NATIVE_REQUIRED):
        return NativeFormat(lookups, defaults), lowered
    missing = [column for column in NATIVE_REQUIRED if column not in lowered]
    raise RowError(
        missing[0],
        _("the header is neither this project's CSV format (missing: %(missing)s) nor UN Comtrade's.")
        % {"missing": ", ".join(missing)},
    )


def _rows(raw, reader, keys):
    try:
        for values in reader:
            if any(value.strip() for value in values):
                yield reader.line_num, dict(zip(keys, values, strict=False))
    except csv.Error as exc:  # e.g. a field over the csv module's limit: a row error, not a crash
        raise _unreadable(reader, exc) from None
    finally:
        raw.close()


def _check(path, encoding, lookups, defaults, result, progress):
    """First pass: every row parsed and checked. Returns the format, or None if the header is bad."""
    try:
        raw, reader, header = _open(path, encoding, progress)
    except Unreadable as exc:
        result.errors.append((exc.line, "", str(exc)))
        return None
    try:
        fmt, keys = _detect(header, lookups, defaults)
    except RowError as exc:
        raw.close()
        result.errors.append((1, exc.column, str(exc)))
        return None
    result.format = fmt.name
    try:
        _check_rows(fmt, _rows(raw, reader, keys), result)
    except Unreadable as exc:
        result.errors.append((exc.line, "", str(exc)))
    return fmt


def _check_rows(fmt, rows, result):
    seen = {}  # a hash of each key to its line: small enough for millions of rows
    for line, row in rows:
        result.rows += 1
        try:
            parsed = fmt.parse(line, row)
        except Skip as skip:
            result.skipped[str(skip)] = result.skipped.get(str(skip), 0) + 1
            continue
        except RowError as exc:
            if len(result.errors) < MAX_ERRORS:
                result.errors.append((line, exc.column, str(exc)))
            continue
        digest = hash((parsed.key, parsed.source))
        if digest in seen:
            result.errors.append((line, "", _("the same figure as line %(line)s.") % {"line": seen[digest]}))
            continue
        seen[digest] = line


def _parsed_rows(path, encoding, lookups, defaults):
    raw, reader, header = _open(path, encoding)
    fmt, keys = _detect(header, lookups, defaults)
    for line, row in _rows(raw, reader, keys):
        try:
            yield fmt.parse(line, row)
        except Skip:
            continue


def _chunks(iterable, size):
    chunk = []
    for item in iterable:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


class _Sources:
    """DataSource rows for the source tuples rows name; created on first use unless in a dry run."""

    def __init__(self, dry_run):
        self.dry_run, self.ids = dry_run, {}
        self.new = set()  # sources this import created: none of their figures can be stored yet

    def id(self, spec):
        if spec not in self.ids:
            publisher, title, published_on, url, kind, economy_id = spec
            source = DataSource.objects.filter(publisher=publisher, title=title, published_on=published_on).first()
            if source is None and not self.dry_run:
                source = DataSource.objects.create(
                    publisher=publisher, title=title, published_on=published_on, url=url, kind=kind,
                    economy_id=economy_id,
                )  # fmt: skip
                self.new.add(source.pk)
            self.ids[spec] = source.pk if source else None
        return self.ids[spec]


HISTORY_COLUMNS = ("history_date", "history_change_reason", "history_type", "history_user_id")


@functools.cache
def _history_copy_sql():
    """INSERT … SELECT that writes the creation records of an import's new figures from the stored rows.

    The new figures are those the import wrote that have no history yet (a figure it changed has
    its record already). The columns come from simple-history's own model, so the copy follows
    the fields; if that model holds anything this statement does not fill, None, and
    simple-history's bulk_create_with_history writes the records instead.
    """
    history, figures = TradeFigure.history.model, TradeFigure._meta.db_table
    tracked = [f.column for f in history.tracked_fields]
    if {f.column for f in history._meta.concrete_fields} != {*tracked, *HISTORY_COLUMNS, "history_id"}:
        return None
    quote = connection.ops.quote_name
    columns = ", ".join(quote(c) for c in [*tracked, *HISTORY_COLUMNS])
    values = ", ".join(f"f.{quote(c)}" for c in tracked)
    table = quote(history._meta.db_table)
    return (
        f"INSERT INTO {table} ({columns}) SELECT {values}, %s, %s, '+', %s FROM {quote(figures)} f "  # noqa: S608
        f"WHERE f.{quote('trade_import_id')} = %s AND NOT EXISTS (SELECT 1 FROM {table} h WHERE h.{quote('id')} = f.id)"
    )


class _Writer:
    """Writes figures with their audit history: when, by whom, and which import.

    Every figure created or changed gets a history record, all with the same time, the user
    and the import's name as the reason; the figure itself points to the import that last
    wrote its value. Changed figures go through simple-history's bulk_update_with_history.

    New figures, a million in a large file, go in as plain rows (COPY on PostgreSQL), and their
    creation records are copied from the stored rows by the database in one statement at the
    end: the same records bulk_create_with_history writes, without building and compiling two
    million objects in Python. Without an import record to name them by (the demo data), or
    should the history model hold a column that copy does not fill, bulk_create_with_history
    writes them.
    """

    def __init__(self, record, by):
        self.record, self.by = record, by
        self.when = timezone.now()
        self.reason = record.change_reason if record is not None else None
        self.history_sql = _history_copy_sql() if record is not None else None
        self.columns = [f for f in TradeFigure._meta.concrete_fields if not f.primary_key]
        # The model's own defaults fill the columns a file does not give (pinned, version, …).
        self.base = {f.attname: f.get_db_prep_save(f.get_default(), connection) for f in self.columns}
        self.base["trade_import_id"] = record.pk if record is not None else None

    def create(self, new):
        """`new`: [(source id, ImportRow)]."""
        if self.history_sql is None:
            figures = [
                TradeFigure(source_id=source_id, trade_import=self.record, **_fields(row)) for source_id, row in new
            ]
            bulk_create_with_history(
                figures, TradeFigure, batch_size=CHUNK, default_user=self.by, default_change_reason=self.reason,
                default_date=self.when,
            )  # fmt: skip
            return
        rows = []
        for source_id, row in new:
            values = {**self.base, **_fields(row), "source_id": source_id, "measure": str(row.measure)}
            rows.append(tuple(values[f.attname] for f in self.columns))
        quote = connection.ops.quote_name
        table = quote(TradeFigure._meta.db_table)
        names = ", ".join(quote(f.column) for f in self.columns)
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                with cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                    for values in rows:
                        copy.write_row(values)
            else:
                placeholders = ", ".join(["%s"] * len(self.columns))
                cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({placeholders})", rows)  # noqa: S608

    def finish(self):
        """The creation records of the figures this import added."""
        if self.history_sql is not None:
            user_id = self.by.pk if self.by is not None else None
            when = connection.ops.adapt_datetimefield_value(self.when)
            with connection.cursor() as cursor:
                cursor.execute(self.history_sql, [when, self.reason, user_id, self.record.pk])

    def update(self, new_values):
        """`new_values`: {pk: values}. The rows are locked and read whole, so that the history holds
        the complete record and the version is raised from the one stored."""
        figures = TradeFigure.objects.select_for_update().in_bulk(list(new_values))
        for pk, figure in figures.items():
            for name, value in zip(VALUE_FIELDS, new_values[pk], strict=True):
                setattr(figure, name, value)
            figure.trade_import = self.record
        # TradeFigure's queryset raises each version in its bulk_update, as for every save.
        bulk_update_with_history(
            list(figures.values()), TradeFigure, [*VALUE_FIELDS, "trade_import"], batch_size=CHUNK,
            default_user=self.by, default_change_reason=self.reason, default_date=self.when,
        )  # fmt: skip


def _write_chunk(chunk, sources, result, writer):
    """Sort a chunk into new, changed and unchanged figures; `writer` writes them (None in a dry run)."""
    by_source = defaultdict(list)
    for row in chunk:
        by_source[sources.id(row.source)].append(row)
    to_create, to_update = [], {}
    for source_id, rows in by_source.items():
        existing = {}
        if source_id is not None and source_id not in sources.new:
            stored = TradeFigure.objects.filter(
                source_id=source_id,
                reporter_id__in={r.reporter_id for r in rows},
                partner_id__in={r.partner_id for r in rows},
                year__in={r.year for r in rows},
                product_group_id__in={r.product_group_id for r in rows},
            ).values_list("pk", *KEY_FIELDS, *VALUE_FIELDS)
            existing = {tuple(values[1:8]): (values[0], values[8:]) for values in stored}
        for row in rows:
            new_values = (row.value_usd, row.value_step, row.change_pct, row.change_pct_step)
            current = existing.get(row.key)
            if current is None:
                to_create.append((source_id, row))
            elif current[1] != new_values:
                if len(result.changes) < 1000:
                    result.changes.append((_label(row), current[1][0], row.value_usd))
                to_update[current[0]] = new_values
            else:
                result.unchanged += 1
    result.created += len(to_create)
    result.updated += len(to_update)
    if writer is not None:
        if to_create:
            writer.create(to_create)
        if to_update:
            writer.update(to_update)


def _fields(row):
    return {
        name: getattr(row, name) for name in (*KEY_FIELDS, "value_usd", "value_step", "change_pct", "change_pct_step")
    }


def _label(row):
    return _("line %(line)s (%(year)s, %(measure)s)") % {"line": row.line, "year": row.year, "measure": row.measure}


def import_file(path, *, defaults=None, dry_run=False, progress=None, record=None, by=None):
    """Import a trade CSV file; writes nothing unless every row is good.

    `record` is the TradeImport this run is kept as (saved here, in the same transaction as the
    figures, if it is new), `by` the user the history names. Every figure created or changed
    gets a history record naming them both.
    `progress(phase, n)` is called with bytes read while checking and with rows
    written while importing, for a progress bar.
    """
    defaults = defaults or SourceDefaults()
    result = ImportResult(dry_run=dry_run)
    lookups = Lookups()
    encoding = "utf-8-sig"
    check_progress = (lambda n: progress("check", n)) if progress else None
    try:
        fmt = _check(path, encoding, lookups, defaults, result, check_progress)
    except UnicodeDecodeError:  # not UTF-8: the other encoding statistics offices use
        encoding = "latin-1"
        result = ImportResult(dry_run=dry_run)
        fmt = _check(path, encoding, lookups, defaults, result, check_progress)
    if result.errors or fmt is None:
        return result
    sources = _Sources(dry_run)
    with transaction.atomic():
        writer = None
        if not dry_run:
            if record is not None and record.pk is None:
                record.save()
            writer = _Writer(record, by)
        for chunk in _chunks(_parsed_rows(path, encoding, lookups, defaults), CHUNK):
            _write_chunk(chunk, sources, result, writer)
            if progress:
                progress("write", len(chunk))
        if writer is not None:
            writer.finish()

        # Published claims: recheck the series this file touched, in the same transaction.
        if not dry_run:
            from trade.consistency import check_sources

            check_sources(sources.ids.values())
        if record is not None and not dry_run:
            record.record_result(result)
    return result
