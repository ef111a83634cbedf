from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from cooperation.demo import load_demo


class Command(BaseCommand):
    @property
    def help(self):
        """In the language the command runs in; argparse takes no lazy text."""
        return _("Load the seed story (Mangystau and Azerbaijan, June 2024). Running it again changes nothing.")

    def handle(self, *args, **options):
        result = load_demo()
        if not result.ok:
            raise CommandError(
                "; ".join(
                    _("line %(line)s: %(column)s: %(message)s") % {"line": line, "column": column, "message": message}
                    for line, column, message in result.errors
                )
            )
        if options["verbosity"]:
            self.stdout.write(
                _("Demo loaded. Trade figures: %(created)s created, %(updated)s updated, %(unchanged)s unchanged.")
                % {"created": result.created, "updated": result.updated, "unchanged": result.unchanged}
            )
