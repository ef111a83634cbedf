from django.conf import settings
from django.core.checks import Warning


def email_is_sent(app_configs, **kwargs):
    """In production, e-mails printed on the console would be marked sent and reach nobody."""
    if settings.EMAIL_HOST:
        return []
    return [
        Warning(
            "EMAIL_HOST is not set: reminders and notices would be printed on the worker's console, not sent.",
            hint="Set EMAIL_HOST to the SMTP server (with EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD, "
            "EMAIL_USE_TLS).",
            id="notifications.W001",
        )
    ]
