"""Checking one row's fields: numbers, years, months, dates, links, and the codes of economies and product groups.

A bad field raises `RowError` naming its column; a row that is read but not kept raises `Skip` with
the reason. A row that passes becomes an `ImportRow`, ids rather than objects.
"""

import functools
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from trade.codes import UnknownCode, canonical_code
from trade.models import DataSource, Economy, ProductGroup, validate_web_url

# A figure's fields as an ImportRow gives them: the key a stored figure is found by, and the values written.
KEY_FIELDS = ("reporter_id", "partner_id", "year", "month_from", "month_to", "measure", "product_group_id")
VALUE_FIELDS = ("value_usd", "value_step", "change_pct", "change_pct_step")


class RowError(ValueError):
    def __init__(self, column, message):
        super().__init__(message)
        self.column = column


class Skip(Exception):  # noqa: N818 - a row that is read but not kept, with the reason
    pass


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


def web_url(column, url):
    problem = _url_problem(url, get_language()) if url else None
    if problem:
        raise RowError(column, problem)
    return url


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


def parse_decimal(column, text):
    try:
        value = Decimal(text.strip().replace(" ", "").replace(",", ""))
    except InvalidOperation:
        raise RowError(column, _("%(text)s is not a number.") % {"text": repr(text)}) from None
    if not value.is_finite():
        raise RowError(column, _("%(text)s is not a number.") % {"text": repr(text)})
    return value


def parse_value(column, text, unit=Decimal(1)):
    if not text.strip():
        raise RowError(column, _("is empty."))
    value = parse_decimal(column, text)
    if value < 0:
        raise RowError(column, _("%(text)s is negative; trade values are never below zero.") % {"text": repr(text)})
    if value * unit >= Decimal("1e16"):
        raise RowError(column, _("%(text)s is too large to be a trade value in USD.") % {"text": repr(text)})
    return (value * unit).quantize(Decimal("0.01")), (step_of(str(value)) * unit).quantize(Decimal("0.01"))


def parse_year(column, text):
    text = text.strip()
    if not text.isdigit() or not 1900 <= int(text) <= 2100:
        raise RowError(column, _("%(text)s is not a year between 1900 and 2100.") % {"text": repr(text)})
    return int(text)


def parse_months(text):
    parts = text.strip().replace("–", "-").split("-")
    first = last = None
    if len(parts) <= 2 and all(p.strip().isdigit() for p in parts):
        first, last = int(parts[0]), int(parts[-1])
    if first is None or not (1 <= first <= last <= 12):
        raise RowError("months", _("%(text)s is not a month range such as 1-12 or 1-6.") % {"text": repr(text)})
    return first, last


def parse_date(column, text):
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
        self.places = None  # read on the first corridor row

    def place(self, column, code):
        from trade.corridors import Place

        if self.places is None:
            self.places = dict(Place.objects.values_list("code", "pk"))
        key = code.strip().upper()
        if key not in self.places:
            raise RowError(
                column, _("No port or route has the code %(code)s; add it in the admin first.") % {"code": repr(code)}
            )
        return self.places[key]

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
