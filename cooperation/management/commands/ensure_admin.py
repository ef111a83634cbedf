import os
import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _


class Command(BaseCommand):
    @property
    def help(self):
        """In the language the command runs in; argparse takes no lazy text."""
        return _(
            "Make sure a superuser exists. Its password comes from ADMIN_PASSWORD (which must pass the "
            "password validators), or is generated and printed once; an existing account is left as it is."
        )

    def add_arguments(self, parser):
        parser.add_argument("--username", default=os.environ.get("ADMIN_USERNAME", "admin"))

    def handle(self, *args, username, **options):
        User = get_user_model()
        if User.objects.filter(username=username).exists():
            self.stdout.write(
                _("Admin account %(username)s exists; its password is unchanged.") % {"username": repr(username)}
            )
            return
        given = os.environ.get("ADMIN_PASSWORD")
        if given:
            try:
                validate_password(given, user=User(username=username))
            except ValidationError as exc:
                raise CommandError(
                    _("ADMIN_PASSWORD is refused, no account was created: %(problems)s")
                    % {"problems": " ".join(exc.messages)}
                ) from None
        password = given or secrets.token_urlsafe(12)
        User.objects.create_superuser(username=username, email="", password=password)
        if given:
            self.stdout.write(
                _("Created admin account %(username)s with the password from ADMIN_PASSWORD.")
                % {"username": repr(username)}
            )
        else:
            self.stdout.write(
                self.style.WARNING(
                    _("Created admin account %(username)s with password: %(password)s  (shown once)")
                    % {"username": repr(username), "password": password}
                )
            )
