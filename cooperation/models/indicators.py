"""Proposal indicators as stored rows: the headlines each list sorts and filters by, and the queue of what changed.

A proposal has two headlines, one per kind of measure, each a row of its own table with the same
columns (IndicatorRow): the trade in goods it is meant to move (ProposalIndicator, in USD, computed by
cooperation.proposal_indicators) and the first corridor measure it or its sector names
(CorridorIndicator, in tonnes, TEU, calls …, computed by cooperation.corridor_indicators). Values are
kept in their measure's base unit and carry it; the change since the baseline is a percentage, so
proposals sort by it across units. Both are derived data kept in step by cooperation.indicator_store.
"""

from django.db import connection, models
from django.db.models import F, OuterRef, Subquery
from django.utils.translation import gettext_lazy as _

from common.numbers import signed_percent
from trade.models import period_label


class Movement(models.TextChoices):
    """Which way a proposal's indicator went since its baseline, rounding allowed for."""

    UP = "up", _("Moved up")
    DOWN = "down", _("Moved down")
    FLAT = "flat", _("No change beyond rounding")
    NO_DATA = "none", _("No data")


class IndicatorKind(models.TextChoices):
    """Which headline of a proposal: the trade in goods, or a port's or route's traffic."""

    TRADE = "trade", _("Trade in goods")
    CORRIDOR = "corridor", _("Ports and routes")


def indicator_value(field, kind=IndicatorKind.TRADE):
    """A proposal's stored indicator figure (`change_pct`, `latest_value`) of one kind, to sort proposals by.

    On SQLite it is read by a subquery per proposal: joined, SQLite scans the proposals by an index
    without their titles and reads every row for the sort, four times slower at 20,000 proposals.
    PostgreSQL joins.
    """
    model = INDICATOR_MODELS[kind]
    if connection.vendor == "sqlite":
        return Subquery(model.objects.filter(proposal=OuterRef("pk")).values(field)[:1])
    return F(f"{model.RELATED_NAME}__{field}")


class IndicatorRow(models.Model):
    """The columns of a stored headline, whatever its measure: USD for trade in goods, tonnes or TEU for a corridor.

    Derived data: written only by cooperation.indicator_store, which recomputes a proposal's rows
    whenever a figure, source, economy, place or target they depend on changes (database triggers
    queue the change; every read of the rows refreshes the queue first).
    """

    measure = models.CharField(_("measure"), max_length=32)
    unit = models.CharField(_("unit"), max_length=20)  # the measure's base unit: USD, tonnes, TEU, calls …
    baseline_year = models.PositiveSmallIntegerField(_("baseline year"), null=True)
    baseline_value = models.DecimalField(_("baseline"), max_digits=24, decimal_places=4, null=True)
    baseline_how = models.CharField(_("baseline: how obtained"), max_length=10)
    latest_year = models.PositiveSmallIntegerField(_("latest year"), null=True)
    latest_value = models.DecimalField(_("latest value"), max_digits=24, decimal_places=4, null=True)
    latest_how = models.CharField(_("latest: how obtained"), max_length=10)
    change_pct = models.DecimalField(_("change since baseline, %"), max_digits=32, decimal_places=4, null=True)
    change_low = models.DecimalField(max_digits=32, decimal_places=4, null=True)
    change_high = models.DecimalField(max_digits=32, decimal_places=4, null=True)
    movement = models.CharField(_("movement"), max_length=4, choices=Movement.choices, default=Movement.NO_DATA)
    contradicted = models.BooleanField(_("contradicted"), default=False)
    sources = models.JSONField(_("sources"), default=dict)  # {"baseline": [source ids], "latest": [...]}
    computed_at = models.DateTimeField(_("computed"))

    class Meta:
        abstract = True

    def __str__(self):
        return str(self.proposal_id)

    def amount_text(self, which):
        """The baseline or latest value in its unit, in the reader's language: "529.4 USD million"."""
        from cooperation.proposal_indicators import amount_text

        return amount_text(getattr(self, f"{which}_value"), self.unit)

    @property
    def change_text(self):
        return signed_percent(self.change_pct)


class ProposalIndicator(IndicatorRow):
    """A proposal's trade headline, as cooperation.proposal_indicators computes it, kept so lists can sort by it."""

    RELATED_NAME = "indicator"
    proposal = models.OneToOneField(
        "cooperation.Proposal", models.CASCADE, primary_key=True, related_name="indicator", verbose_name=_("proposal")
    )

    class Meta:
        verbose_name = _("proposal indicator")
        verbose_name_plural = _("proposal indicators")
        indexes = [
            models.Index(fields=["change_pct"], name="indicator_change"),
            models.Index(fields=["latest_value"], name="indicator_latest"),
            models.Index(fields=["movement"], name="indicator_movement"),
            # The summary's movements per sector: each proposal's movement read from the index alone.
            models.Index(fields=["proposal", "movement"], name="indicator_proposal_movement"),
        ]


class CorridorIndicator(IndicatorRow):
    """A proposal's corridor headline: the first corridor measure it names (or its sector, when it names none).

    Computed by cooperation.corridor_indicators, the public page's computation. A proposal meant to
    move no corridor measure has no row. The latest value is the latest period published (a quarter
    or part of a year, as printed: `latest_month_from`, `latest_month_to`); the change since the
    baseline is on full years, as on the proposal's page.
    """

    RELATED_NAME = "corridor_indicator"
    proposal = models.OneToOneField(
        "cooperation.Proposal",
        models.CASCADE,
        primary_key=True,
        related_name="corridor_indicator",
        verbose_name=_("proposal"),
    )
    place = models.ForeignKey("trade.Place", models.CASCADE, related_name="+", verbose_name=_("port or route"))
    direction = models.CharField(_("part"), max_length=4, blank=True, default="")
    counterpart = models.ForeignKey(
        "trade.Place", models.CASCADE, null=True, related_name="+", verbose_name=_("to/from")
    )
    latest_month_from = models.PositiveSmallIntegerField(null=True)
    latest_month_to = models.PositiveSmallIntegerField(null=True)

    class Meta:
        verbose_name = _("proposal corridor indicator")
        verbose_name_plural = _("proposal corridor indicators")
        indexes = [
            models.Index(fields=["change_pct"], name="corridor_indicator_change"),
            models.Index(fields=["latest_value"], name="corridor_indicator_latest"),
            models.Index(fields=["movement"], name="corridor_indicator_movement"),
        ]

    @property
    def label(self):
        """What is measured, in the reader's language: “Port of Aktau: Cargo”, as the proposal's page names it."""
        from trade.corridor_series import CorridorSeries

        series = CorridorSeries(self.place, self.measure, self.direction, self.counterpart)
        return f"{self.place.name}: {series.label}"

    @property
    def latest_period_label(self):
        if self.latest_year is None:
            return ""
        return period_label(self.latest_year, self.latest_month_from or 1, self.latest_month_to or 12)


INDICATOR_MODELS = {IndicatorKind.TRADE: ProposalIndicator, IndicatorKind.CORRIDOR: CorridorIndicator}


class IndicatorQueue(models.Model):
    """What changed since proposal indicators were last computed; filled by database triggers only.

    A row names a pair of economies whose figures changed, an economy whose place in the regions
    changed (`economy_b` empty), a proposal whose targets changed, or a port or route whose
    figures or economies changed.
    """

    economy_a = models.IntegerField(null=True)
    economy_b = models.IntegerField(null=True)
    proposal_id = models.IntegerField(null=True)
    place_id = models.IntegerField(null=True)

    class Meta:
        indexes = [models.Index(fields=["economy_a", "economy_b"], name="indicator_queue_pair")]

    def __str__(self):
        return f"{self.economy_a}-{self.economy_b} {self.proposal_id} {self.place_id}"
