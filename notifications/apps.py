from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Reminders and notifications")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.core import checks

        from notifications.checks import email_is_sent

        checks.register(email_is_sent, deploy=True)
