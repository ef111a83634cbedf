import time

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from notifications.sending import send_due


class Command(BaseCommand):
    @property
    def help(self):
        return _(
            "Send the reminders, digests and notices due now, then exit (for cron, or a check by hand). "
            "Safe to run beside the worker: nothing is sent twice."
        )

    def handle(self, *args, **options):
        started = time.perf_counter()
        counts = send_due()
        self.stdout.write(
            _(
                "Reminders planned: %(reminders)s; digests planned: %(digests)s; e-mails sent: %(sent)s, "
                "not needed: %(skipped)s, failed (to be tried again): %(failed)s; in %(seconds).1f s."
            )
            % {
                "reminders": counts["reminders planned"],
                "digests": counts["digests planned"],
                "sent": counts["sent"],
                "skipped": counts["not sent"],
                "failed": counts["failed"],
                "seconds": time.perf_counter() - started,
            }
        )
