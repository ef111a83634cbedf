"""Sending what is recorded: never twice, never lost.

Each pending message is claimed before it is sent, by one conditional UPDATE that only one worker can
win (it sets a lease and a token; on both SQLite and PostgreSQL the second writer finds the lease
taken). It is marked sent, under that token, as soon as the mail server has accepted it. So:

- two workers never send the same message: only the claim's winner sends;
- a worker killed before the server accepted a message leaves it claimed but unsent; its lease runs
  out (LEASE) and the next run sends it. What was marked sent is never sent again;
- a mail server that is down or refuses gets the message back in the queue with a growing delay
  (BACKOFF), its error kept for the admin's e-mail list; a server that cannot be reached stops the
  batch, so the rest wait untouched.

The one gap no outbox closes: a worker killed after the server accepted a message and before it was
marked sent sends it again once the lease runs out. Its Message-ID is the same both times.
"""

import datetime
import logging
import smtplib
import uuid

from django.core.mail import get_connection
from django.db.models import Q
from django.utils import timezone, translation

from notifications.messages import Skip, compose
from notifications.models import Notification, SkipReason, State
from notifications.services import plan_digests, plan_reminders, profile_of

log = logging.getLogger(__name__)

LEASE = datetime.timedelta(minutes=15)
BATCH = 100
UNREACHABLE = "unreachable"


def backoff(attempts):
    """The wait before attempt `attempts + 1`: one minute, doubling, at most six hours."""
    return datetime.timedelta(seconds=min(60 * 2 ** max(attempts - 1, 0), 6 * 3600))


def pending(now):
    return Notification.objects.filter(state=State.PENDING, next_attempt_at__lte=now).filter(
        Q(claimed_until__isnull=True) | Q(claimed_until__lt=now)
    )


def moment(run_at):
    """Now, or the run's own moment when that is later (a run replayed for a future moment, as in tests):
    a lease or a back-off counts from when it is taken, not from when a long run began."""
    return max(run_at, timezone.now())


def claim(pk, run_at):
    """Take message `pk` for this worker; returns the claim's token, or None if another worker has it."""
    token = uuid.uuid4().hex
    won = pending(run_at).filter(pk=pk).update(claim_token=token, claimed_until=moment(run_at) + LEASE)
    return token if won else None


def send_due(now=None):
    """Plan what is due at `now` and send everything pending: what the worker and `send_reminders` run."""
    now = now or timezone.now()
    counts = {"reminders planned": plan_reminders(now), "digests planned": plan_digests(now)}
    counts.update(send_pending(now))
    return counts


def send_pending(now=None):
    """Send the messages pending at `now`; returns counts of sent, not sent (not needed) and failed."""
    now = now or timezone.now()
    counts = {"sent": 0, "not sent": 0, "failed": 0}
    connection = get_connection()
    connection_open = False
    last = 0
    try:
        while ids := list(pending(now).filter(pk__gt=last).order_by("pk").values_list("pk", flat=True)[:BATCH]):
            for pk in ids:
                last = pk
                token = claim(pk, now)
                if token is None:
                    continue
                if not connection_open:
                    # One SMTP session for the batch (opened here, not per message); a server that
                    # cannot be reached fails the first message and stops the batch.
                    connection_open = open_connection(connection, pk, token, now)
                    if not connection_open:
                        counts["failed"] += 1
                        return counts
                outcome = deliver(pk, token, connection, now)
                counts["failed" if outcome == UNREACHABLE else outcome] += 1
                if outcome == UNREACHABLE:
                    return counts  # the rest wait, untouched, for the next run
    finally:
        connection.close()
    return counts


def open_connection(connection, pk, token, now):
    try:
        connection.open()
    except (smtplib.SMTPException, OSError) as exc:
        log.warning("Mail server unreachable: %s", exc)
        notification = Notification.objects.get(pk=pk)
        fail(Notification.objects.filter(pk=pk, claim_token=token), notification, exc, now)
        return False
    return True


def permanent(exc):
    """A refusal the server means for good (5xx: no such mailbox, address refused), not a hiccup."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _message in exc.recipients.values())
    return isinstance(exc, smtplib.SMTPResponseException) and exc.smtp_code >= 500


def unreachable(exc):
    """The server, not this message: it could not be reached or dropped the connection."""
    refused = (smtplib.SMTPResponseException, smtplib.SMTPRecipientsRefused)
    return isinstance(exc, OSError) and (isinstance(exc, smtplib.SMTPConnectError) or not isinstance(exc, refused))


def deliver(pk, token, connection, now):
    """Compose and send one claimed message; returns "sent", "not sent", "failed" or UNREACHABLE.

    No error in here stops the run: each is recorded against its own message.
    """
    notification = Notification.objects.select_related("user").get(pk=pk)
    profile = profile_of(notification.user)
    mine = Notification.objects.filter(pk=pk, claim_token=token)
    with translation.override(profile.language):
        try:
            message = compose(notification, profile, now)
        except Skip as skip:
            mine.update(state=State.SKIPPED, skip_reason=skip.reason, claimed_until=None, language=profile.language)
            return "not sent"
        except Exception as exc:  # a fault in the words: kept for the admin, tried again later
            log.exception("Could not compose e-mail %s", pk)
            fail(mine, notification, exc, now)
            return "failed"
        message.connection = connection
        try:
            message.send()
        except Exception as exc:
            log.warning("E-mail %s not sent: %s", pk, exc)
            if permanent(exc):
                mine.update(
                    state=State.SKIPPED,
                    skip_reason=SkipReason.REFUSED,
                    last_error=describe(exc),
                    claimed_until=None,
                    language=profile.language,
                )
                return "failed"
            fail(mine, notification, exc, now)
            if unreachable(exc):
                connection.close()
                return UNREACHABLE
            return "failed"
    marked = mine.update(
        state=State.SENT,
        sent_at=moment(now),
        claimed_until=None,
        language=profile.language,
        subject=message.subject[:300],
        last_error="",
    )
    if not marked:  # only if this run outlived its lease and another took the message over
        log.error("E-mail %s was sent but its claim had been taken over; it may go twice", pk)
    return "sent"


def describe(exc):
    return f"{type(exc).__name__}: {exc}"[:2000]


def fail(mine, notification, exc, now):
    attempts = notification.attempts + 1
    mine.update(
        attempts=attempts,
        last_error=describe(exc),
        next_attempt_at=moment(now) + backoff(attempts),
        claimed_until=None,
    )


def retry_now(queryset, now=None):
    """Send these pending messages at the next run instead of after their back-off (the admin's action)."""
    return queryset.filter(state=State.PENDING).update(next_attempt_at=now or timezone.now())
