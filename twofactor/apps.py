from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TwoFactorConfig(AppConfig):
    name = "twofactor"
    verbose_name = _("Two-factor sign-in")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.contrib.auth.signals import user_logged_in
        from django.core import checks

        from twofactor.checks import required_in_production
        from twofactor.services import remember_pending_step

        # Django's own hook on every sign-in (the site's form, the admin's, the test client's): the one place
        # that knows a password was just accepted. It only notes what the session still owes.
        user_logged_in.connect(remember_pending_step, dispatch_uid="twofactor.remember_pending_step")
        checks.register(required_in_production, deploy=True)
