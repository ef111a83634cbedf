"""Follow-ups: the actions agreed on a proposal, who owns them, when they are due and when they were done."""

from django.conf import settings
from django.db import models
from django.db.models import Case, Q, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cooperation.models.partners import partner_scope
from cooperation.models.reference import Official
from cooperation.models.visibility import Visibility, VisibleQuerySet, visible_q


class FollowUpQuerySet(VisibleQuerySet):
    visibility_via = ("", "proposal__")

    def visible_q(self, user):
        """As for every record, and a partner user also sees the internal follow-ups shared with partners
        of the proposals in their organization's scope."""
        query = super().visible_q(user)
        scope = partner_scope(user)
        if scope is None:
            return query
        shared = Q(visibility=Visibility.INTERNAL, shared_with_partners=True, proposal_id__in=scope.proposals)
        return (Q(visibility=Visibility.PUBLIC) | shared) & visible_q(user, "proposal__")

    def overdue(self, today=None):
        return self.filter(done_on__isnull=True, due_on__lt=today or timezone.localdate())

    def order_by_urgency(self, today=None):
        """Overdue first, then open ones by due date, then those done."""
        today = today or timezone.localdate()
        return self.annotate(
            urgency=Case(When(done_on__isnull=False, then=2), When(due_on__lt=today, then=0), default=1)
        ).order_by("urgency", "due_on", "pk")


class FollowUp(models.Model):
    proposal = models.ForeignKey(
        "cooperation.Proposal", models.CASCADE, related_name="follow_ups", verbose_name=_("proposal")
    )
    action = models.CharField(_("action"), max_length=300)
    owner = models.ForeignKey(
        Official, models.PROTECT, null=True, blank=True, related_name="follow_ups", verbose_name=_("owner")
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="follow_ups",
        verbose_name=_("owner's account"),
        help_text=_("The account reminded of it. Left empty, the account linked to the owner official is."),
    )
    due_on = models.DateField(_("due"))
    done_on = models.DateField(_("done"), null=True, blank=True)
    visibility = models.CharField(
        _("visibility"), max_length=10, choices=Visibility.choices, default=Visibility.INTERNAL
    )
    shared_with_partners = models.BooleanField(
        _("shared with partners"),
        default=False,
        help_text=_(
            "An internal follow-up is shown to the partner organizations at whose meetings the proposal was raised."
        ),
    )

    history = HistoricalRecords()
    objects = FollowUpQuerySet.as_manager()

    class Meta:
        ordering = ["done_on", "due_on", "pk"]
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        indexes = [
            models.Index(fields=["done_on", "due_on"], name="followup_open_by_due"),
            models.Index(fields=["proposal", "done_on", "due_on"], name="followup_proposal_open"),
        ]

    def __str__(self):
        return self.action

    def mark_done(self, day=None):
        """Record the action as done on `day` (today); an action already done keeps its date."""
        if self.done_on is None:
            self.done_on = day or timezone.localdate()
            self.save(update_fields=["done_on"])
        return self.done_on

    def is_overdue(self, today=None):
        return self.done_on is None and self.due_on < (today or timezone.localdate())
