"""How many e-mails a run sends over the data that is here, and how long it takes, through a real SMTP
server (aiosmtpd, started here on a free port). Meant for the generated national scale:

    manage.py generate_scale && manage.py bench_reminders

Three runs at one moment: the first sends what is due; the second, at the same moment, finds
nothing new (what the worker costs every few minutes); then a burst of status changes has its
notices sent. Writes to the database it runs on: use a scratch one.
"""

import datetime
import logging
import socket
import time

from django.core.management.base import BaseCommand
from django.db import connection
from django.test import override_settings
from django.utils import timezone

from cooperation.models import Proposal
from cooperation.services import change_status
from notifications.models import Kind, Notification, State
from notifications.sending import send_due, send_pending


class Inbox:
    def __init__(self):
        self.count = 0

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        return "250 OK"


class Command(BaseCommand):
    help = "Time a reminder run over the data here, through a local SMTP server; prints the figures."

    def add_arguments(self, parser):
        parser.add_argument("--changes", type=int, default=200, help="status changes in the burst")

    def handle(self, *args, changes, **options):
        from aiosmtpd.controller import Controller

        logging.getLogger("mail.log").setLevel(logging.WARNING)

        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        inbox = Inbox()
        controller = Controller(inbox, hostname="127.0.0.1", port=port)
        controller.start()
        try:
            with override_settings(
                EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend", EMAIL_HOST="127.0.0.1", EMAIL_PORT=port
            ):
                self.runs(inbox, changes)
        finally:
            controller.stop()

    def runs(self, inbox, changes):
        now = timezone.now().replace(hour=9) if timezone.localtime().hour < 9 else timezone.now()
        self.stdout.write(f"{connection.vendor}: {Notification.objects.count():,} e-mails recorded before")
        for label in ("first run", "second run, same moment"):
            before, started = inbox.count, time.perf_counter()
            counts = send_due(now)
            seconds = time.perf_counter() - started
            received = inbox.count - before
            self.stdout.write(
                f"{label}: {counts['reminders planned']:,} reminders and {counts['digests planned']:,} digests "
                f"planned; {counts['sent']:,} sent ({received:,} received by the server), {counts['not sent']:,} "
                f"not needed, {counts['failed']:,} failed; {seconds:.1f} s"
                + (f", {counts['sent'] / seconds:.0f} e-mails/s" if counts["sent"] else "")
            )
        by_kind = {kind: Notification.objects.filter(kind=kind, state=State.SENT).count() for kind in Kind.values}
        self.stdout.write("sent by kind: " + ", ".join(f"{kind} {count:,}" for kind, count in by_kind.items()))
        proposals = list(Proposal.objects.filter(status=Proposal.Status.PROPOSED).order_by("pk")[:changes])
        started = time.perf_counter()
        for proposal in proposals:
            change_status(proposal, to=Proposal.Status.UNDER_DISCUSSION, by=None, note="Benchmark")
        recorded = time.perf_counter() - started
        before, started = inbox.count, time.perf_counter()
        counts = send_pending(now + datetime.timedelta(minutes=1))
        seconds = time.perf_counter() - started
        self.stdout.write(
            f"burst: {len(proposals):,} status changes recorded in {recorded:.1f} s "
            f"({recorded / max(len(proposals), 1) * 1000:.1f} ms each, notices included); "
            f"{counts['sent']:,} notices sent ({inbox.count - before:,} received) in {seconds:.1f} s"
        )
