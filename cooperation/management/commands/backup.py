from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from cooperation.backups import BackupError, backup


class Command(BaseCommand):
    @property
    def help(self):
        """In the language the command runs in; argparse takes no lazy text."""
        return _("Write a consistent copy of the database to PATH while the app runs (SQLite backup API or pg_dump).")

    def add_arguments(self, parser):
        parser.add_argument("path")

    def handle(self, *args, path, **options):
        try:
            backup(path)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(_("Backup written to %(path)s.") % {"path": path})
