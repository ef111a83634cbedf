"""Re-read every record into the search index."""

import time

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from cooperation.search_index import rebuild


class Command(BaseCommand):
    @property
    def help(self):
        return _(
            "Re-read every proposal, meeting, statement, official, organization and data source into the "
            "search index. Searches keep the index in step themselves; this rebuilds it from scratch."
        )

    def handle(self, *args, **options):
        started = time.perf_counter()
        count = rebuild()
        self.stdout.write(
            _("%(count)s records indexed in %(seconds).1f s.")
            % {"count": count, "seconds": time.perf_counter() - started}
        )
