"""Partner organizations' own accounts, their invitations, and their word on the record of a meeting.

A partner user belongs to one organization (for example the Consulate General of Azerbaijan in
Aktau). What such a user may see beyond the public record is their organization's **scope**: the
meetings one of its officials took part in (by the post held that day), the proposals raised at
them, and the internal follow-ups of those proposals that staff chose to share with partners.
Drafts stay with staff. `partner_scope(user)` reads the scope once per request; `visible_q` in
cooperation.models.visibility is where it widens what a user sees, so every page, export and API
call goes through it.

A partner user confirms a meeting's record or disputes a part of it with a comment
(`MeetingResponse`, never edited: each step is a new row); staff answer a dispute
(`DisputeAnswer`, also kept). What the pages show is read by cooperation.signoff.
"""

import hashlib
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cooperation.models.reference import Organization


class PartnerAccount(models.Model):
    """A user who speaks for a partner organization; never staff."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="partner_account", verbose_name=_("user")
    )
    organization = models.ForeignKey(
        Organization, models.PROTECT, related_name="partner_accounts", verbose_name=_("organization")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("partner account")
        verbose_name_plural = _("partner accounts")

    def __str__(self):
        return f"{self.user} ({self.organization})"

    def clean(self):
        if self.user_id is not None and (self.user.is_staff or self.user.is_superuser):
            raise ValidationError({"user": _("A staff account cannot speak for a partner organization.")})


@dataclass(frozen=True)
class PartnerScope:
    """What one partner organization may see beyond the public record (ids read once per request)."""

    organization_id: int
    organization_name: str = ""
    meetings: frozenset = field(default_factory=frozenset)
    proposals: frozenset = field(default_factory=frozenset)


def partner_scope(user):
    """The scope of a partner user, or None for everyone else; read once and kept on the user object."""
    if user is None or not user.is_authenticated or user.is_staff:
        return None
    if hasattr(user, "_partner_scope"):
        return user._partner_scope
    if user._state.fields_cache.get("partner_account", True) is None:  # read with the user: none
        user._partner_scope = None
        return None
    from cooperation.models.meetings import Meeting
    from cooperation.models.proposals import Raising
    from cooperation.models.visibility import Visibility

    scope = None
    account = (
        PartnerAccount.objects.filter(user=user, user__is_active=True)
        .values_list("organization_id", "organization__name")
        .first()
    )
    if account is not None:
        organization, name = account
        meetings = frozenset(
            Meeting.objects.filter(participations__position__organization=organization)
            .exclude(visibility=Visibility.DRAFT)
            .values_list("pk", flat=True)
        )
        proposals = frozenset(
            Raising.objects.filter(meeting__in=meetings)
            .exclude(proposal__visibility=Visibility.DRAFT)
            .values_list("proposal_id", flat=True)
            if meetings
            else ()
        )
        scope = PartnerScope(organization, name, meetings, proposals)
    user._partner_scope = scope
    return scope


def preload_audiences(users):
    """Mark, in one query, which of `users` speak for no partner, so `audience` asks nothing more of them."""
    users = [u for u in users if not hasattr(u, "_partner_scope")]
    partners = set(PartnerAccount.objects.filter(user__in=users).values_list("user_id", flat=True))
    for user in users:
        if user.pk not in partners:
            user._partner_scope = None


def audience(user):
    """Who sees the same records as `user`: everyone who is neither staff nor a partner sees the same, and
    the users of one partner organization see the same; a key to ask the rule once per audience."""
    from cooperation.models.visibility import sees_everything

    if sees_everything(user):
        return "staff"
    scope = partner_scope(user)
    return "public" if scope is None else ("partner", scope.organization_id)


def invitation_digest(token):
    return hashlib.sha256(token.encode()).hexdigest()


class Invitation(models.Model):
    """An e-mailed link that makes one partner account: it works once and only until it expires.

    Only a digest of the link's token is stored, so a copy of the database opens no account.
    """

    email = models.EmailField(_("e-mail address"))
    organization = models.ForeignKey(
        Organization, models.PROTECT, related_name="invitations", verbose_name=_("organization")
    )
    token_digest = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("invited by")
    )
    created_at = models.DateTimeField(_("sent"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"))
    used_at = models.DateTimeField(_("used"), null=True, blank=True)
    account = models.ForeignKey(
        PartnerAccount, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("account made")
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self):
        return f"{self.email} ({self.organization})"

    @property
    def is_open(self):
        """Whether the link still works: not used and not expired."""
        return self.used_at is None and self.expires_at > timezone.now()


class MeetingResponse(models.Model):
    """A partner organization's word on a meeting's record: it confirms it, or disputes a part of it."""

    class Kind(models.TextChoices):
        CONFIRM = "confirm", _("Confirmed")
        DISPUTE = "dispute", _("Disputed")

    class Part(models.TextChoices):
        PARTICIPANTS = "participants", _("Who took part")
        POSTS = "posts", _("Posts held")
        STATEMENT = "statement", _("What our side said")
        OTHER = "other", _("Something else")

    meeting = models.ForeignKey(
        "cooperation.Meeting", models.CASCADE, related_name="responses", verbose_name=_("meeting")
    )
    organization = models.ForeignKey(
        Organization, models.PROTECT, related_name="meeting_responses", verbose_name=_("organization")
    )
    kind = models.CharField(_("response"), max_length=8, choices=Kind.choices)
    part = models.CharField(_("part disputed"), max_length=12, choices=Part.choices, blank=True)
    raising = models.ForeignKey(
        "cooperation.Raising",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="responses",
        verbose_name=_("statement disputed"),
    )
    comment = models.TextField(_("comment"), blank=True)
    meeting_version = models.PositiveIntegerField(_("version of the record"))
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("responded by")
    )
    responded_at = models.DateTimeField(_("responded"), default=timezone.now)

    class Meta:
        ordering = ["-responded_at", "-pk"]
        verbose_name = _("response to a meeting record")
        verbose_name_plural = _("responses to meeting records")
        indexes = [
            models.Index(fields=["meeting", "organization", "-responded_at"], name="response_latest"),
            models.Index(fields=["kind", "-responded_at"], name="response_by_kind"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind="confirm", part="", raising__isnull=True)
                | (models.Q(kind="dispute") & ~models.Q(part="") & ~models.Q(comment="")),
                name="response_dispute_says_what",
                violation_error_message=_("A dispute names the part it disputes and says why."),
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.meeting} ({self.organization})"


class DisputeAnswer(models.Model):
    """Staff's answer to a dispute, and whether they corrected the record; a dispute may get several."""

    response = models.ForeignKey(MeetingResponse, models.CASCADE, related_name="answers", verbose_name=_("dispute"))
    text = models.TextField(_("answer"))
    corrected = models.BooleanField(_("the record was corrected"), default=False)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("answered by")
    )
    answered_at = models.DateTimeField(_("answered"), default=timezone.now)

    class Meta:
        ordering = ["answered_at", "pk"]
        verbose_name = _("answer to a dispute")
        verbose_name_plural = _("answers to disputes")

    def __str__(self):
        return f"{self.response} — {self.answered_at:%Y-%m-%d}"


def signoff_fields():
    """Annotations for a participation query (with `position__organization`): whether its organization has
    partner accounts, and that organization's latest response on the meeting. cooperation.signoff reads
    a meeting's sign-off from its participations, so a page that lists them pays no query for it."""
    latest = MeetingResponse.objects.filter(
        meeting=OuterRef("meeting_id"), organization=OuterRef("position__organization_id")
    ).order_by("-responded_at", "-pk")
    return {
        "partner_asked": Exists(PartnerAccount.objects.filter(organization=OuterRef("position__organization_id"))),
        "response_kind": Subquery(latest.values("kind")[:1]),
        "response_at": Subquery(latest.values("responded_at")[:1]),
        "response_version": Subquery(latest.values("meeting_version")[:1]),
        "response_raising": Subquery(latest.values("raising_id")[:1]),
    }
