"""Who gets told what: each user's settings, the proposals they watch, and every message due or sent.

A message is recorded (`Notification`) before it is sent and marked after, under a unique key per
reminder, digest or notice; see notifications.sending for how that makes it "never twice, never lost".
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cooperation.models import FollowUp, Official, Proposal, Sector, StatusChange


class Digest(models.TextChoices):
    NEVER = "never", _("Never")
    DAILY = "daily", _("Daily")
    WEEKLY = "weekly", _("Weekly")


class Profile(models.Model):
    """A user's language and what they want to receive. Users without one get the defaults."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="profile", verbose_name=_("user")
    )
    official = models.OneToOneField(
        Official,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="account",
        verbose_name=_("official"),
        help_text=_("The official this account belongs to: follow-ups owned by that official are reminded to it."),
    )
    language = models.CharField(
        _("language"),
        max_length=8,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
        help_text=_("The language of the e-mails sent to this account."),
    )
    reminders = models.BooleanField(_("reminders of my follow-ups"), default=True)
    digest = models.CharField(_("digest"), max_length=8, choices=Digest.choices, default=Digest.WEEKLY)
    notices = models.BooleanField(_("notices when a proposal I watch changes status"), default=True)
    sectors = models.ManyToManyField(
        Sector,
        blank=True,
        related_name="+",
        verbose_name=_("my sectors"),
        help_text=_("A manager is told of every status change in these sectors, as if watching each proposal."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("notification settings")
        verbose_name_plural = _("notification settings")

    def __str__(self):
        return str(self.user)


class Watch(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="watches", verbose_name=_("user"))
    proposal = models.ForeignKey(Proposal, models.CASCADE, related_name="watches", verbose_name=_("proposal"))
    created_at = models.DateTimeField(_("since"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("watched proposal")
        verbose_name_plural = _("watched proposals")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "proposal"],
                name="watch_once",
                violation_error_message=_("This user already watches this proposal."),
            )
        ]

    def __str__(self):
        return f"{self.user} → {self.proposal}"


class Kind(models.TextChoices):
    REMINDER = "reminder", _("Follow-up reminder")
    DIGEST = "digest", _("Digest")
    NOTICE = "notice", _("Status change notice")


class State(models.TextChoices):
    PENDING = "pending", _("Waiting to be sent")
    SENT = "sent", _("Sent")
    SKIPPED = "skipped", _("Not sent")


class SkipReason(models.TextChoices):
    DONE = "done", _("The follow-up was done before the reminder went out.")
    CHANGED = "changed", _("The follow-up's due date or owner changed; a new reminder follows.")
    NO_ADDRESS = "no_address", _("The account has no e-mail address or is switched off.")
    TURNED_OFF = "turned_off", _("The recipient turned this kind of message off.")
    CANNOT_SEE = "cannot_see", _("The recipient may no longer see what it is about.")
    NOTHING = "nothing", _("Nothing to report.")
    SUPERSEDED = "superseded", _("A later message of the same kind took its place.")
    REFUSED = "refused", _("The mail server refused the address for good.")


class Notification(models.Model):
    """One message to one user, recorded before it is sent. `key` makes each one unique for good."""

    key = models.CharField(_("key"), max_length=200, unique=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="notifications", verbose_name=_("recipient")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    follow_up = models.ForeignKey(
        FollowUp, models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("follow-up")
    )
    stage = models.CharField(_("stage"), max_length=20, blank=True)
    status_change = models.ForeignKey(
        StatusChange, models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("status change")
    )
    period = models.CharField(_("period"), max_length=12, blank=True)
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)
    state = models.CharField(_("state"), max_length=8, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveIntegerField(_("failed attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt"))
    claimed_until = models.DateTimeField(null=True, blank=True, editable=False)
    claim_token = models.CharField(max_length=32, blank=True, editable=False)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    language = models.CharField(_("language"), max_length=8, blank=True)
    subject = models.CharField(_("subject"), max_length=300, blank=True)
    skip_reason = models.CharField(_("why not sent"), max_length=12, choices=SkipReason.choices, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("e-mail")
        verbose_name_plural = _("e-mails")
        indexes = [models.Index(fields=["state", "next_attempt_at"], name="notification_due")]

    def __str__(self):
        return self.subject or self.key
