from django.conf import settings
from django.core.checks import Warning


def required_in_production(app_configs, **kwargs):
    """Staff sign in to the admin: in production a stolen password alone must not be enough."""
    if settings.TWO_FACTOR_REQUIRED:
        return []
    return [
        Warning(
            "TWO_FACTOR_REQUIRED is off: staff can sign in with a password alone.",
            hint="Unset TWO_FACTOR_REQUIRED (it is on by default in production) or set it to 1.",
            id="twofactor.W001",
        )
    ]
