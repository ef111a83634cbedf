from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from cooperation.backups import BackupError, restore


class Command(BaseCommand):
    @property
    def help(self):
        """In the language the command runs in; argparse takes no lazy text."""
        return _("Replace the database's content with a copy made by `backup`. Stop the app servers first.")

    def add_arguments(self, parser):
        parser.add_argument("path")

    def handle(self, *args, path, **options):
        try:
            restore(path)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(_("Restored from %(path)s.") % {"path": path})
