"""Bring the stored proposal indicators up to date, or rebuild them all."""

import time

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from cooperation.indicator_store import refresh_all, refresh_pending


class Command(BaseCommand):
    @property
    def help(self):
        return _(
            "Recompute the proposal indicators whose figures or targets changed (all of them with --all). "
            "Pages do this themselves before they read the indicators; run it after a large import so "
            "that no reader waits."
        )

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", help=_("Rebuild every proposal's indicator."))

    def handle(self, *args, **options):
        started = time.perf_counter()
        count = refresh_all() if options["all"] else refresh_pending()
        self.stdout.write(
            _("%(count)s proposal indicators computed in %(seconds).1f s.")
            % {"count": count, "seconds": time.perf_counter() - started}
        )
