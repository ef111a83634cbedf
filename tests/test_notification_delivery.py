"""Delivery against a real SMTP server: a server that is down, a worker killed mid-batch, two workers at once."""

import asyncio
import datetime
import socket
import threading
import time
from email import message_from_bytes

import pytest
from aiosmtpd.controller import Controller
from django.db import connection
from django.test import override_settings
from django.utils import timezone

from notifications.models import Notification, State
from notifications.sending import LEASE, backoff, send_pending
from tests.factories import FollowUpFactory, NotificationFactory, StaffFactory

pytestmark = pytest.mark.django_db


class Inbox:
    """An aiosmtpd handler that keeps what it accepts.

    `refuse = N` turns message N away (451); `hold = N` stalls it, unaccepted, until `release` is set.
    """

    def __init__(self):
        self.received = []
        self.refuse = self.hold = self.unknown = None
        self.port = None
        self.entered = threading.Event()
        self.release = threading.Event()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address == self.unknown:
            return "550 No such mailbox"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        number = len(self.received) + 1
        if self.hold == number:
            self.entered.set()
            while not self.release.is_set():
                await asyncio.sleep(0.01)
            return "451 Try again later"
        if self.refuse == number:
            return "451 Try again later"
        self.received.append(message_from_bytes(envelope.content))
        return "250 OK"

    def ids(self):
        return [m["Message-ID"] for m in self.received]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp():
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    inbox.port = controller.port
    with override_settings(
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=controller.port,
        EMAIL_TIMEOUT=5,
    ):
        yield inbox
    inbox.release.set()
    controller.stop()


def pending_reminders(count):
    """Reminders of follow-ups due in 3 days: still the "7 days before" step a lease later, even across
    midnight, so what these tests send does not depend on the time of day they run at."""
    user = StaffFactory(email="owner@example.org")
    due = timezone.localdate() + datetime.timedelta(days=3)
    return [
        NotificationFactory(
            user=user,
            follow_up=FollowUpFactory(assignee=user, due_on=due),
            key=f"reminder:{n}",
            stage="before-7",
        )
        for n in range(count)
    ]


def fix_keys():
    """The factory's keys stand in for the planner's; the composer reads the due date from the key."""
    for n in Notification.objects.select_related("follow_up"):
        n.key = f"reminder:{n.follow_up_id}:{n.follow_up.due_on.isoformat()}:{n.stage}:{n.user_id}"
        n.save(update_fields=["key"])


def test_a_real_smtp_server_receives_each_message_once_with_both_parts(smtp):
    pending_reminders(3)
    fix_keys()
    assert send_pending()["sent"] == 3
    assert send_pending()["sent"] == 0
    assert len(smtp.received) == 3
    assert len(set(smtp.ids())) == 3
    message = smtp.received[0]
    assert message["To"] == "owner@example.org"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert {part.get_content_type() for part in message.walk()} >= {"text/plain", "text/html"}
    assert Notification.objects.filter(state=State.SENT).count() == 3


def test_a_mail_server_that_is_down_is_retried_with_back_off_and_shown_to_staff(admin_client):
    pending_reminders(3)
    fix_keys()
    port = free_port()  # nothing listens there
    now = timezone.now()
    with override_settings(
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend", EMAIL_HOST="127.0.0.1", EMAIL_PORT=port
    ):
        counts = send_pending(now)
    assert counts == {"sent": 0, "not sent": 0, "failed": 1}  # the batch stops at the first: the rest wait
    failed = Notification.objects.get(attempts=1)
    assert failed.state == State.PENDING
    assert "Connection refused" in failed.last_error or "ConnectionRefused" in failed.last_error
    assert now + backoff(1) <= failed.next_attempt_at < now + backoff(1) + datetime.timedelta(seconds=30)
    page = admin_client.get("/admin/notifications/notification/?delivery=failing")
    content = page.content.decode()
    assert "1 e-mail could not be sent and waits to be tried again" in content
    assert "Connection" in content
    # Back up: everything goes, the failed one once its back-off has passed.
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        with override_settings(
            EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend", EMAIL_HOST="127.0.0.1", EMAIL_PORT=port
        ):
            assert send_pending(now)["sent"] == 2
            assert send_pending(now + backoff(1) + datetime.timedelta(seconds=30))["sent"] == 1
    finally:
        controller.stop()
    assert len(inbox.received) == 3


def test_back_off_grows_and_is_capped():
    assert [backoff(n).total_seconds() for n in (1, 2, 3, 4)] == [60, 120, 240, 480]
    assert backoff(30) == datetime.timedelta(hours=6)


def test_a_worker_killed_mid_batch_loses_nothing_and_duplicates_nothing(smtp):
    """The worker dies while the server turns the third message away: it was never accepted."""
    pending_reminders(5)
    fix_keys()
    smtp.refuse = 3
    now = timezone.now()

    class Killed(BaseException):
        """What a SIGKILL looks like from inside: nothing after this point runs, no handler catches it."""

    def killed_when_held(*args, **kwargs):
        raise Killed

    from notifications import sending

    original = sending.fail
    sending.fail = killed_when_held  # the worker dies before it can record the refusal
    try:
        with pytest.raises(Killed):
            send_pending(now)
    finally:
        sending.fail = original
    assert len(smtp.received) == 2
    assert Notification.objects.filter(state=State.SENT).count() == 2
    stuck = Notification.objects.get(state=State.PENDING, claimed_until__isnull=False)
    # Another run while its lease holds leaves the claimed one alone and sends the rest once.
    smtp.refuse = None
    assert send_pending(now)["sent"] == 2
    assert len(smtp.received) == 4
    # Once the dead worker's lease has run out, the one it held goes, once.
    assert send_pending(now + LEASE + datetime.timedelta(seconds=1))["sent"] == 1
    assert send_pending(now + 2 * LEASE)["sent"] == 0
    assert len(smtp.received) == 5
    assert len(set(smtp.ids())) == 5
    assert Notification.objects.get(pk=stuck.pk).state == State.SENT


@pytest.mark.skipif(connection.vendor != "postgresql", reason="two writers at once need PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_two_workers_at_once_never_send_the_same_message_twice(smtp):
    pending_reminders(40)
    fix_keys()
    results = []

    def worker():
        from django.db import connections

        try:
            results.append(send_pending())
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert sum(r["sent"] for r in results) == 40
    assert all(r["sent"] for r in results), results  # both took part
    assert len(smtp.received) == 40
    assert len(set(smtp.ids())) == 40
    assert Notification.objects.filter(state=State.SENT).count() == 40


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="a second process reaches the test database on PostgreSQL"
)
@pytest.mark.django_db(transaction=True)
def test_a_worker_process_killed_for_real_loses_nothing(smtp):
    import os
    import signal
    import subprocess
    import sys

    pending_reminders(4)
    fix_keys()
    smtp.hold = 2
    settings_dict = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{settings_dict['USER']}@{settings_dict['HOST']}:{settings_dict['PORT']}/"
        f"{settings_dict['NAME']}",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp.port),
        "DJANGO_SETTINGS_MODULE": "cooperation.settings",
        "DEBUG": "1",
    }
    worker = subprocess.Popen([sys.executable, "manage.py", "send_reminders"], env=env)
    assert smtp.entered.wait(30)
    worker.send_signal(signal.SIGKILL)
    worker.wait(10)
    smtp.release.set()
    time.sleep(0.1)
    assert len(smtp.received) == 1
    smtp.hold = None
    send_pending(timezone.now() + LEASE + datetime.timedelta(seconds=1))
    assert len(smtp.received) == 4
    assert len(set(smtp.ids())) == 4


def test_an_address_refused_for_good_is_not_tried_again(smtp):
    pending_reminders(2)
    fix_keys()
    gone = Notification.objects.order_by("pk").first()
    gone.user.email = "gone@example.org"
    gone.user.save()
    smtp.unknown = "gone@example.org"
    counts = send_pending()
    assert counts["failed"] == 2  # the same account: both refused
    refused = Notification.objects.filter(skip_reason="refused")
    assert refused.count() == 2
    assert "550" in refused.first().last_error
    assert send_pending(timezone.now() + datetime.timedelta(days=1))["failed"] == 0
