"""The corridor measures a proposal or a sector is meant to move: a port's or route's cargo, TEU, calls, …"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from trade.corridors import CorridorFigure, Measure, Place


class CorridorTargetQuerySet(models.QuerySet):
    """Read only with their proposal or sector, which the reader may already see (Proposal.moving_place)."""

    def for_display(self):
        return self.select_related("place", "counterpart").prefetch_related("place__economies")

    def any_for_proposal(self):
        """An annotation for a proposal query: whether the proposal or its sector names any (read with it)."""
        return models.Exists(self.filter(Q(proposal=models.OuterRef("pk")) | Q(sector=models.OuterRef("sector_id"))))


class CorridorTarget(models.Model):
    """One corridor measure (a place's measure, or the part of it to or from another place) to move."""

    # Whose measure it is: a proposal's, or a sector's (taken by its proposals that name none).
    proposal, sector = (
        models.ForeignKey(
            owner, models.CASCADE, null=True, blank=True, related_name="corridor_targets", verbose_name=label
        )
        for owner, label in (("cooperation.Proposal", _("proposal")), ("cooperation.Sector", _("sector")))
    )
    place = models.ForeignKey(Place, models.PROTECT, related_name="targets", verbose_name=_("port or route"))
    measure = models.CharField(_("measure"), max_length=10, choices=Measure.choices)
    direction = models.CharField(
        _("part"), max_length=4, choices=CorridorFigure.Direction.choices, default="", blank=True
    )
    counterpart = models.ForeignKey(
        Place, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("to/from")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    history = HistoricalRecords()
    objects = CorridorTargetQuerySet.as_manager()

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("corridor measure to move")
        verbose_name_plural = _("corridor measures to move")
        constraints = [
            models.CheckConstraint(
                condition=Q(proposal__isnull=True, sector__isnull=False)
                | Q(proposal__isnull=False, sector__isnull=True),
                name="corridortarget_proposal_or_sector",
                violation_error_message=_("A corridor measure belongs to a proposal or to a sector."),
            ),
            models.CheckConstraint(
                condition=Q(counterpart__isnull=True, direction="")
                | (Q(counterpart__isnull=False) & ~Q(direction="") & ~Q(counterpart=models.F("place"))),
                name="corridortarget_part_names_other_place",
                violation_error_message=_(
                    "A part of the traffic names another place and whether it goes to or from it."
                ),
            ),
        ]

    def __str__(self):
        label = f"{self.place.code} {self.get_measure_display()}"
        if self.counterpart_id:
            label += f" ({self.get_direction_display()} {self.counterpart.code})"
        return label

    @property
    def key(self):
        return (self.measure, self.direction, self.counterpart_id)
