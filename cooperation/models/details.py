"""A proposal's commercial details: the companies involved, a contract value, a contact person.

Each detail is public or private on its own record. A private detail is shown only to those who may
see the proposal's private details (staff, and the partner users of the organizations at whose
meetings it was raised: `ProposalDetailQuerySet.visible_q`); a public proposal's page, search, exports, the API
and the open-data files show everyone else only its public details, and search and the files show
none at all.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cooperation.models.partners import partner_scope
from cooperation.models.visibility import VisibleQuerySet, sees_everything


class ProposalDetailQuerySet(VisibleQuerySet):
    visibility_via = ("proposal__",)

    def visible_q(self, user):
        """As for the proposal, and a private detail only for staff and the partners of that proposal."""
        query = super().visible_q(user)
        if sees_everything(user):
            return query
        readable = models.Q(private=False)
        scope = partner_scope(user)
        if scope is not None:
            readable |= models.Q(proposal_id__in=scope.proposals)
        return query & readable

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
