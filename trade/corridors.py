"""Corridor statistics: ports and routes, and what moves through them (tonnes, TEU, vehicles, ...).

A corridor figure is a published value like a trade figure: one value per place, period, measure and
source, with the precision it was printed with and the change % its source printed. The rules that
read them (which source counts, the interval check of published changes) are trade.indicators'.
"""

from decimal import Decimal

from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from common.concurrency import VersionedQuerySet
from common.links import record_url
from trade.published import (
    PublishedFigure,
    change_fields,
    import_field,
    month_fields,
    pinned_field,
    published_constraints,
    year_field,
)
from trade.translated import NameInDefaultLanguage, TranslatedNameQuerySet


class PlaceQuerySet(TranslatedNameQuerySet):
    def of_economies(self, economies):
        """Places that belong to any of these economies (or to a region's country)."""
        ids = {e.pk for e in economies} | {e.parent_id for e in economies if e.parent_id}
        return self.filter(Q(economies__in=ids) | Q(economies__parent__in=ids)).distinct().order_by("code")


class Place(NameInDefaultLanguage):
    """A port or a route; its name is kept per language (trade/translation.py)."""

    class Kind(models.TextChoices):
        PORT = "port", _("Port")
        ROUTE = "route", _("Route")

    code = models.CharField(
        _("code"),
        max_length=20,
        unique=True,
        validators=[RegexValidator(r"^[A-Z0-9]+(-[A-Z0-9]+)*$", _("Capital letters, digits and hyphens: AKTAU-BAKU."))],
        help_text=_("Short code, as files and addresses use it: AKTAU, KURYK-ALAT, TITR."),
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    economies = models.ManyToManyField(
        "trade.Economy", related_name="places", verbose_name=_("economies"), help_text=_("Where it lies or runs.")
    )

    # The audit history is registered in trade/translation.py, after the name's language fields exist.
    objects = PlaceQuerySet.as_manager()

    class Meta:
        app_label = "trade"
        ordering = ["code"]
        verbose_name = _("port or route")
        verbose_name_plural = _("ports and routes")
        constraints = [
            models.CheckConstraint(
                condition=Q(code=models.functions.Upper("code")),
                name="place_code_upper",
                violation_error_message=_("Codes are written in capitals."),
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.code})"

    def get_absolute_url(self):
        return record_url("corridors:place", self.code)


class Measure(models.TextChoices):
    CARGO = "cargo", _("Cargo")
    CONTAINERS = "containers", _("Containers")
    VEHICLES = "vehicles", _("Vehicles")
    WAGONS = "wagons", _("Wagons")
    PASSENGERS = "passengers", _("Passengers")
    CALLS = "calls", _("Vessel and ferry calls")


# Every unit a source may print: (name, as written, label, its measure, how many base units one of it is).
UNITS = [
    ("TONNES", "tonnes", _("tonnes"), Measure.CARGO, 1),
    ("THOUSAND_TONNES", "thousand tonnes", _("thousand tonnes"), Measure.CARGO, 1000),
    ("MILLION_TONNES", "million tonnes", _("million tonnes"), Measure.CARGO, 1_000_000),
    ("TEU", "TEU", _("TEU"), Measure.CONTAINERS, 1),
    ("THOUSAND_TEU", "thousand TEU", _("thousand TEU"), Measure.CONTAINERS, 1000),
    ("VEHICLES", "vehicles", _("vehicles"), Measure.VEHICLES, 1),
    ("THOUSAND_VEHICLES", "thousand vehicles", _("thousand vehicles"), Measure.VEHICLES, 1000),
    ("WAGONS", "wagons", _("wagons"), Measure.WAGONS, 1),
    ("THOUSAND_WAGONS", "thousand wagons", _("thousand wagons"), Measure.WAGONS, 1000),
    ("PASSENGERS", "passengers", _("passengers"), Measure.PASSENGERS, 1),
    ("THOUSAND_PASSENGERS", "thousand passengers", _("thousand passengers"), Measure.PASSENGERS, 1000),
    ("MILLION_PASSENGERS", "million passengers", _("million passengers"), Measure.PASSENGERS, 1_000_000),
    ("CALLS", "calls", _("calls"), Measure.CALLS, 1),
]
# The unit a figure was published in; the value is stored in its measure's base unit.
Unit = models.TextChoices("Unit", [(name, (value, label)) for name, value, label, _m, _s in UNITS])
# unit -> (measure, how many base units one of it is)
UNIT_SCALE = {Unit(value): (measure, Decimal(scale)) for _n, value, _l, measure, scale in UNITS}
BASE_UNIT = {
    Measure.CARGO: Unit.TONNES,
    Measure.CONTAINERS: Unit.TEU,
    Measure.VEHICLES: Unit.VEHICLES,
    Measure.WAGONS: Unit.WAGONS,
    Measure.PASSENGERS: Unit.PASSENGERS,
    Measure.CALLS: Unit.CALLS,
}


class Qualifier(models.TextChoices):
    """How the source qualified its number: it decides the interval the value stands for."""

    EXACT = "", _("as printed")
    ABOUT = "about", _("about")
    OVER = "over", _("over")
    ALMOST = "almost", _("almost")


def interval(value, step, qualifier=Qualifier.EXACT):
    """The values a published number allows: "3.8" ±0.05, "over 3.8" 3.8 to 3.9, "almost 3.8" 3.7 to 3.8."""
    if qualifier == Qualifier.OVER:
        return value, value + step
    if qualifier == Qualifier.ALMOST:
        return value - step, value
    return value - step / 2, value + step / 2


class CorridorFigureQuerySet(VersionedQuerySet):
    def for_places(self, places):
        """The figures of these places with what the series read of them: their sources, the places they name."""
        return self.filter(place__in=places).select_related("source", "counterpart")


class CorridorFigure(PublishedFigure):
    """One value as one source published it, for a port or route."""

    Measure = Measure
    Unit = Unit
    Qualifier = Qualifier

    class Direction(models.TextChoices):
        ALL = "", _("all traffic")
        TO = "to", _("of which to")
        FROM = "from", _("of which from")
        BOTH = "both", _("of which to and from")

    place = models.ForeignKey(Place, models.PROTECT, related_name="figures", verbose_name=_("port or route"))
    direction = models.CharField(_("part"), max_length=4, choices=Direction.choices, default="", blank=True)
    counterpart = models.ForeignKey(
        Place,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("to/from"),
        help_text=_("For a part of the traffic: the port or route it goes to or comes from."),
    )
    year = year_field()
    month_from, month_to = month_fields()
    measure = models.CharField(_("measure"), max_length=10, choices=Measure.choices)
    value = models.DecimalField(
        _("value"), max_digits=18, decimal_places=2, help_text=_("In the base unit: tonnes, TEU, vehicles, …")
    )
    unit = models.CharField(
        _("published unit"), max_length=20, choices=Unit.choices, help_text=_("The unit the source printed.")
    )
    value_step = models.DecimalField(
        _("published precision"),
        max_digits=18,
        decimal_places=2,
        default=Decimal("1"),
        help_text=_("The unit of the last digit as published, in the base unit: 100000 for “3.8 million tonnes”."),
    )
    qualifier = models.CharField(_("qualifier"), max_length=6, choices=Qualifier.choices, default="", blank=True)
    change_pct, change_pct_step = change_fields()
    source = models.ForeignKey(
        "trade.DataSource", models.PROTECT, related_name="corridor_figures", verbose_name=_("source")
    )
    pinned = pinned_field()
    trade_import = import_field("corridor_figures")

    history = HistoricalRecords()
    objects = CorridorFigureQuerySet.as_manager()

    KEY = ("place_id", "direction", "counterpart_id", "year", "month_from", "month_to", "measure")
    VALUE_FIELDS = ("value", "unit", "value_step", "qualifier", "change_pct", "change_pct_step")

    class Meta:
        app_label = "trade"
        ordering = ["place_id", "measure", "year", "month_to"]
        verbose_name = _("corridor figure")
        verbose_name_plural = _("corridor figures")
        constraints = [
            models.UniqueConstraint(
                fields=["place", "year", "month_from", "month_to", "measure", "source"],
                condition=Q(counterpart__isnull=True),
                name="corridorfigure_one_value_per_source",
                violation_error_message=_("This source already has a value for this figure."),
            ),
            models.UniqueConstraint(
                fields=["place", "direction", "counterpart", "year", "month_from", "month_to", "measure", "source"],
                condition=Q(counterpart__isnull=False),
                name="corridorfigure_part_one_value_per_source",
                violation_error_message=_("This source already has a value for this figure."),
            ),
            models.UniqueConstraint(
                fields=["place", "direction", "counterpart", "year", "month_from", "month_to", "measure"],
                condition=Q(pinned=True, counterpart__isnull=False),
                name="corridorfigure_part_one_pin_per_key",
                violation_error_message=_("Another source's value is already pinned for this figure; unpin it first."),
            ),
            models.UniqueConstraint(
                fields=["place", "year", "month_from", "month_to", "measure"],
                condition=Q(pinned=True, counterpart__isnull=True),
                name="corridorfigure_one_pin_per_key",
                violation_error_message=_("Another source's value is already pinned for this figure; unpin it first."),
            ),
            *published_constraints("corridorfigure", "value", _("Corridor figures are never below zero.")),
            models.CheckConstraint(
                condition=Q(counterpart__isnull=True, direction="")
                | (Q(counterpart__isnull=False) & ~Q(direction="") & ~Q(counterpart=F("place"))),
                name="corridorfigure_part_names_other_place",
                violation_error_message=_(
                    "A part of the traffic names another place and whether it goes to or from it."
                ),
            ),
            models.CheckConstraint(
                condition=Q(
                    *[
                        Q(
                            measure=measure.value,
                            unit__in=sorted(u.value for u, (m, _s) in UNIT_SCALE.items() if m == measure),
                        )
                        for measure in Measure
                    ],
                    _connector=Q.OR,
                ),
                name="corridorfigure_unit_fits_measure",
                violation_error_message=_(
                    "The unit does not fit the measure (tonnes for cargo, TEU for containers, …)."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.place.code} {self.period_label} {self.get_measure_display()}"

    @property
    def amount(self):
        """The value in its measure's base unit, as the indicator engine reads every figure."""
        return self.value

    @property
    def interval(self):
        return interval(self.value, self.value_step, self.qualifier)

    @property
    def scale(self):
        return UNIT_SCALE[Unit(self.unit)][1]

    @property
    def published_number(self):
        """The digits the source printed, in its unit, plain: "3.8" for “over 3.8 million tonnes”, "7400"."""
        return self.published_digits()

    def published_digits(self, *, grouping=False):
        from common.numbers import plain_decimal

        return plain_decimal(self.value / self.scale, self.value_step / self.scale, grouping=grouping)
