from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SecondFactorEvent(models.Model):
    """The history of an account's second factor: set up, new backup codes, a backup code used, removed, reset.

    Kept apart from django-otp's device tables, whose rows hold the secret keys: a history copy of those
    would keep every key after the device is gone."""

    class Action(models.TextChoices):
        ENROLLED = "enrolled", _("Authenticator app set up")
        BACKUP_CODES = "backup_codes", _("New backup codes made")
        BACKUP_CODE_USED = "backup_code_used", _("Signed in with a backup code")
        REMOVED = "removed", _("Second factor turned off by its owner")
        RESET = "reset", _("Second factor reset after a lost device")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="second_factor_events", verbose_name=_("account")
    )
    action = models.CharField(_("what happened"), max_length=20, choices=Action.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("by")
    )
    at = models.DateTimeField(_("when"), default=timezone.now)
    reason = models.TextField(_("why"), blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("second-factor event")
        verbose_name_plural = _("second-factor events")

    def __str__(self):
        return f"{self.user} · {self.get_action_display()} · {self.at:%Y-%m-%d %H:%M}"
