"""The corridor CSV: this project's CSV for ports and routes, a sibling of the trade one, told by its header.

    place,year,months,measure,value,unit,change_pct,source_publisher,source_title,source_published,source_url,source_kind

`value` is written as the source printed it, qualifier included: "3.8", "over 3.8", "about 1.5",
"~52,300". The digits written are the published precision; after a qualifier ("about", "~", "over",
"almost") the zeros that end a whole number are not digits the source vouched for: "~52,300" is a
precision of 100.
"""

import re
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from trade.corridors import UNIT_SCALE, CorridorFigure, Measure, Qualifier, Unit
from trade.importers.formats import NativeFormat, required
from trade.importers.validation import RowError, parse_decimal, parse_months, parse_year, step_of

CORRIDOR_REQUIRED = ["place", "year", "months", "measure", "value", "unit"]
CORRIDOR_COLUMNS = [
    *CORRIDOR_REQUIRED,
    "change_pct",
    "source_publisher",
    "source_title",
    "source_published",
    "source_url",
    "source_kind",
]
UNITS = {unit.value.lower(): unit for unit in Unit}
QUALIFIERS = [
    (re.compile(r"^(about|approximately|approx\.?|around|~|≈)\s*", re.IGNORECASE), Qualifier.ABOUT),
    (re.compile(r"^(over|more than|above|>)\s*", re.IGNORECASE), Qualifier.OVER),
    (re.compile(r"^(almost|nearly|under|<)\s*", re.IGNORECASE), Qualifier.ALMOST),
]
LARGEST = Decimal("1e15")


@dataclass(frozen=True)
class CorridorRow:
    """One checked row of a corridor file: ids, not objects."""

    line: int
    place_id: int
    year: int
    month_from: int
    month_to: int
    measure: str
    source: tuple  # (publisher, title, published_on, url, kind, economy_id)
    value: Decimal
    unit: str
    value_step: Decimal
    qualifier: str
    change_pct: Decimal | None
    change_pct_step: Decimal | None

    direction = ""
    counterpart_id = None

    @property
    def key(self):
        return tuple(getattr(self, name) for name in CorridorFigure.KEY)

    @property
    def values(self):
        return tuple(getattr(self, name) for name in CorridorFigure.VALUE_FIELDS)


def parse_published(column, text, scale):
    """(value, step, qualifier) in base units from a number as printed: "over 3.8" million -> 3800000, 100000."""
    text = text.strip()
    qualifier = Qualifier.EXACT
    for pattern, meaning in QUALIFIERS:
        stripped = pattern.sub("", text, count=1)
        if stripped != text:
            text, qualifier = stripped.strip(), meaning
            break
    if not text:
        raise RowError(column, _("is empty."))
    number = parse_decimal(column, text)
    if number < 0:
        raise RowError(column, _("%(text)s is negative; corridor figures are never below zero.") % {"text": repr(text)})
    if number * scale >= LARGEST:
        raise RowError(column, _("%(text)s is too large to be a corridor figure.") % {"text": repr(text)})
    step = step_of(str(number))
    if qualifier != Qualifier.EXACT and number == number.to_integral_value() and number != 0:
        whole = str(int(number))
        step = Decimal(10) ** (len(whole) - len(whole.rstrip("0")))
    return (number * scale).quantize(Decimal("0.01")), (step * scale).quantize(Decimal("0.01")), qualifier


class CorridorFormat(NativeFormat):
    """The trade CSV's sibling: its source columns and defaults are read as the trade CSV's."""

    name = "corridor"
    required = CORRIDOR_REQUIRED

    def parse(self, line, row):
        place_id = self.lookups.place("place", required(row, "place"))
        year = parse_year("year", required(row, "year"))
        month_from, month_to = parse_months(required(row, "months"))
        measure_text = required(row, "measure").lower()
        if measure_text not in Measure.values:
            raise RowError(
                "measure",
                _("%(text)s is not one of: %(choices)s.")
                % {"text": repr(measure_text), "choices": ", ".join(Measure.values)},
            )
        unit_text = required(row, "unit")
        unit = UNITS.get(unit_text.lower())
        if unit is None:
            raise RowError(
                "unit",
                _("%(text)s is not one of: %(choices)s.")
                % {"text": repr(unit_text), "choices": ", ".join(u.value for u in Unit)},
            )
        unit_measure, scale = UNIT_SCALE[unit]
        if unit_measure != measure_text:
            raise RowError(
                "unit",
                _("%(unit)s does not measure %(measure)s.") % {"unit": unit.value, "measure": measure_text},
            )
        value, step, qualifier = parse_published("value", required(row, "value"), scale)
        change_text = (row.get("change_pct") or "").strip().rstrip("%").strip()
        change = parse_decimal("change_pct", change_text) if change_text else None
        return CorridorRow(
            line=line,
            place_id=place_id,
            year=year,
            month_from=month_from,
            month_to=month_to,
            measure=measure_text,
            source=self._source(row),
            value=value,
            unit=unit.value,
            value_step=step,
            qualifier=qualifier.value,
            change_pct=change,
            change_pct_step=step_of(str(change)) if change is not None else None,
        )
