"""A proposal's commercial details: the companies involved, a contract value, a contact person.

Each detail is public or private on its own record. A private detail is shown only to those who may
see the proposal's private details (`may_see_private`: staff, and the partner users of the
organizations at whose meetings it was raised); a public proposal's page, search, exports, the API
and the open-data files show everyone else only its public details, and search and the files show
none at all.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cooperation.models.partners import partner_scope
from cooperation.models.visibility import VisibleQuerySet, sees_everything


def private_q(user, via=""):
    """Which proposals' private details a user reads: staff all, a partner user those of their scope, others none."""
    if sees_everything(user):
        return models.Q()
    scope = partner_scope(user)
    if scope is None or not scope.proposals:
        return None
    return models.Q(**{f"{via}pk__in": scope.proposals})


def may_see_private(user, proposal=None):
    """Whether a user reads private details: of every proposal (staff), or of `proposal` (also its partners)."""
    if sees_everything(user):
        return True
    scope = partner_scope(user)
    return proposal is not None and scope is not None and proposal.pk in scope.proposals


class ProposalDetailQuerySet(VisibleQuerySet):
    visibility_via = ("proposal__",)

    def visible_q(self, user):
        query = super().visible_q(user)
        if sees_everything(user):
            return query
        private = private_q(user, "proposal__")
        return query & (models.Q(private=False) | private if private is not None else models.Q(private=False))

    def any_for(self, user):
        """An annotation for a proposal query: whether it has details this user may see (read with it, not after)."""
        return models.Exists(self.visible_to(user).filter(proposal=models.OuterRef("pk")))

    def shown(self, proposal, user):
        """The details of a proposal its page shows this user; no query when `any_for` found none."""
        if getattr(proposal, "has_details", True) is False:
            return self.none()
        return self.visible_to(user).filter(proposal=proposal)


class ProposalDetail(models.Model):
    class Kind(models.TextChoices):
        COMPANIES = "companies", _("Companies involved")
        CONTRACT_VALUE = "contract_value", _("Contract value")
        CONTACT = "contact", _("Contact person")

    proposal = models.ForeignKey(
        "cooperation.Proposal", models.CASCADE, related_name="details", verbose_name=_("proposal")
    )
    kind = models.CharField(_("detail"), max_length=20, choices=Kind.choices)
    value = models.TextField(_("value"), max_length=1000)
    private = models.BooleanField(
        _("private"),
        default=True,
        help_text=_(
            "Shown only to staff: never on the public page, in search, exports, the API or the open-data files, "
            "even when the proposal is public."
        ),
    )

    history = HistoricalRecords()
    objects = ProposalDetailQuerySet.as_manager()

    class Meta:
        ordering = ["proposal", "kind"]
        verbose_name = _("commercial detail")
        verbose_name_plural = _("commercial details")
        constraints = [
            models.UniqueConstraint(
                fields=["proposal", "kind"],
                name="proposal_detail_once",
                violation_error_message=_("A proposal has each kind of detail once."),
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.value}"
