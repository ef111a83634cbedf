"""What every published figure has, a trade figure or a port's: its period, the change % its source printed, a pin,
and the rules the database holds for them. The indicator engine reads both kinds alike (trade.indicators)."""

import calendar

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from common.concurrency import VersionedModel


def period_label(year, month_from, month_to):
    """ "2023" for a whole year, "Jan–Jun 2023" for part of one."""
    if (month_from, month_to) == (1, 12):
        return str(year)
    if not (1 <= month_from <= 12 and 1 <= month_to <= 12):  # an invalid entry being shown back to its author
        return f"{year} ({month_from}–{month_to})"
    if month_from == month_to:
        return f"{calendar.month_abbr[month_from]} {year}"
    return f"{calendar.month_abbr[month_from]}–{calendar.month_abbr[month_to]} {year}"


def year_field():
    return models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(1900), MaxValueValidator(2100)])


def month_fields():
    """The first and last month of the period: 1 and 12 for a whole year."""
    return tuple(
        models.PositiveSmallIntegerField(
            label, default=default, validators=[MinValueValidator(1), MaxValueValidator(12)]
        )
        for label, default in ((_("first month"), 1), (_("last month"), 12))
    )


def change_fields():
    """The change % the source printed, and the precision it printed it with."""
    return (
        models.DecimalField(
            _("published change %"),
            max_digits=9,
            decimal_places=3,
            null=True,
            blank=True,
            help_text=_("The change on the same months a year before, as the source printed it."),
        ),
        models.DecimalField(
            _("precision of the change %"),
            max_digits=6,
            decimal_places=3,
            null=True,
            blank=True,
            help_text=_("0.1 for “14.2 %”."),
        ),
    )


def import_field(related_name):
    """The import that last wrote a figure's value (trade.TradeImport), kept until staff type in another."""
    return models.ForeignKey(
        "trade.TradeImport",
        models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name=related_name,
        verbose_name=_("import"),
        help_text=_("The import that last wrote this value; empty for a value entered by hand."),
    )


def pinned_field():
    return models.BooleanField(
        _("pinned"), default=False, help_text=_("Count this source's value for its key, whatever the rule says.")
    )


class PublishedFigure(VersionedModel):
    """One value as one source published it. Its fields are declared by each model, from the functions above,
    in the order its forms show them; what reads them is here."""

    VALUE_FIELDS = ()  # the fields an import writes; a hand edit of any of them makes the value staff's

    class Meta:
        abstract = True

    @property
    def period_label(self):
        return period_label(self.year, self.month_from, self.month_to)

    def note_hand_edit(self, changed_fields):
        """A value staff typed in is theirs, no longer the import's."""
        if set(changed_fields) & set(self.VALUE_FIELDS):
            self.trade_import = None


def published_constraints(prefix, value_field, negative_message):
    """The rules of a published value the database holds, named `<prefix>_…`."""
    return [
        models.CheckConstraint(
            condition=Q(**{f"{value_field}__gte": 0}),
            name=f"{prefix}_value_not_negative",
            violation_error_message=negative_message,
        ),
        models.CheckConstraint(
            condition=Q(value_step__gt=0),
            name=f"{prefix}_step_positive",
            violation_error_message=_("The published precision must be above zero."),
        ),
        models.CheckConstraint(
            condition=Q(month_from__gte=1) & Q(month_to__lte=12) & Q(month_from__lte=F("month_to")),
            name=f"{prefix}_month_range_ordered",
            violation_error_message=_("Months run from 1 to 12, the first no later than the last."),
        ),
        models.CheckConstraint(
            condition=Q(year__gte=1900, year__lte=2100),
            name=f"{prefix}_year_plausible",
            violation_error_message=_("The year must be between 1900 and 2100."),
        ),
        models.CheckConstraint(
            condition=Q(change_pct__isnull=True, change_pct_step__isnull=True)
            | Q(change_pct__isnull=False, change_pct_step__isnull=False, change_pct_step__gt=0),
            name=f"{prefix}_change_has_precision",
            # %% : Django puts the constraint's name into the message with %, so a lone % would break it.
            violation_error_message=_("A published change needs its precision (0.1 for “14.2 %%”)."),
        ),
    ]
