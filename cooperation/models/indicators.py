"""Proposal indicators as stored rows: the headline each list sorts and filters by, and the queue of what changed.

Derived data, computed by cooperation.proposal_indicators and kept in step by
cooperation.indicator_store.
"""

from django.db import connection, models
from django.db.models import F, OuterRef, Subquery
from django.utils.translation import gettext_lazy as _

from common.numbers import signed_percent


class Movement(models.TextChoices):
    """Which way a proposal's indicator went since its baseline, rounding allowed for."""

    UP = "up", _("Moved up")
    DOWN = "down", _("Moved down")
    FLAT = "flat", _("No change beyond rounding")
    NO_DATA = "none", _("No data")


def indicator_value(field):
    """A proposal's stored indicator figure (`change_pct`, `latest_value`), to sort proposals by.

    On SQLite it is read by a subquery per proposal: joined, SQLite scans the proposals by an index
    without their titles and reads every row for the sort, four times slower at 20,000 proposals.
    PostgreSQL joins.
    """
    if connection.vendor == "sqlite":
        return Subquery(ProposalIndicator.objects.filter(proposal=OuterRef("pk")).values(field)[:1])
    return F(f"indicator__{field}")


class ProposalIndicator(models.Model):
    """A proposal's headline indicator, as cooperation.proposal_indicators computes it, kept so lists can sort by it.

    Derived data: written only by cooperation.indicator_store, which recomputes a proposal's row
    whenever a figure, source, economy or target it depends on changes (database triggers queue
    the change; every read of the rows refreshes the queue first). Any measure fits: USD for trade
    in goods, tonnes or TEU for a corridor.
    """

    proposal = models.OneToOneField(
        "cooperation.Proposal", models.CASCADE, primary_key=True, related_name="indicator", verbose_name=_("proposal")
    )
    measure = models.CharField(_("measure"), max_length=32)
    unit = models.CharField(_("unit"), max_length=8)
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
        verbose_name = _("proposal indicator")
        verbose_name_plural = _("proposal indicators")
        indexes = [
            models.Index(fields=["change_pct"], name="indicator_change"),
            models.Index(fields=["latest_value"], name="indicator_latest"),
            models.Index(fields=["movement"], name="indicator_movement"),
            # The summary's movements per sector: each proposal's movement read from the index alone.
            models.Index(fields=["proposal", "movement"], name="indicator_proposal_movement"),
        ]

    def __str__(self):
        return str(self.proposal_id)

    def amount_text(self, which):
        """The baseline or latest value in its unit, in the reader's language: "529.4 USD million"."""
        from cooperation.proposal_indicators import amount_text

        return amount_text(getattr(self, f"{which}_value"), self.unit)

    @property
    def change_text(self):
        return signed_percent(self.change_pct)


class IndicatorQueue(models.Model):
    """What changed since proposal indicators were last computed; filled by database triggers only.

    A row names a pair of economies whose figures changed, an economy whose place in the regions
    changed (`economy_b` empty), or a proposal whose targets changed.
    """

    economy_a = models.IntegerField(null=True)
    economy_b = models.IntegerField(null=True)
    proposal_id = models.IntegerField(null=True)

    class Meta:
        indexes = [models.Index(fields=["economy_a", "economy_b"], name="indicator_queue_pair")]

    def __str__(self):
        return f"{self.economy_a}-{self.economy_b} {self.proposal_id}"
