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
from notifications.models import Kind, Notification, Profile, State
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


def claim(pk, now):
    """Take message `pk` for this worker; returns the claim's token, or None if another worker has it."""
    token = uuid.uuid4().hex
    won = pending(now).filter(pk=pk).update(claim_token=token, claimed_until=now + LEASE)
    return token if won else None


def send_due(now=None):
    """Plan what is due at `now` and send everything pending: what the worker and `send_reminders` run."""
    now = now or timezone.now()
    counts = {"reminders planned": plan_reminders(now), "digests planned": plan_digests(now)}
    counts.update(send_pending(now))
    return counts


def send_pending(now=None, limit=None):
    """Send the pending messages (at most `limit`); returns counts of sent, skipped and failed."""
    now = now or timezone.now()
    counts = {"sent": 0, "not sent": 0, "failed": 0}
    connection = get_connection()
    connection_open = False
    last = 0
    try:
        while limit is None or counts["sent"] + counts["not sent"] + counts["failed"] < limit:
            ids = list(pending(now).filter(pk__gt=last).order_by("pk").values_list("pk", flat=True)[:BATCH])
            if not ids:
                break
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
                if limit is not None and sum(counts.values()) >= limit:
                    return counts
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


def deliver(pk, token, connection, now):
    """Compose and send one claimed message; returns "sent", "not sent", "failed" or UNREACHABLE."""
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
        except (smtplib.SMTPException, OSError) as exc:
            log.warning("E-mail %s not sent: %s", pk, exc)
            fail(mine, notification, exc, now)
            refused = (smtplib.SMTPResponseException, smtplib.SMTPRecipientsRefused)  # this message, not the server
            if isinstance(exc, smtplib.SMTPConnectError) or not isinstance(exc, refused):
                connection.close()
                return UNREACHABLE
            return "failed"
    mine.update(
        state=State.SENT,
        sent_at=now,
        claimed_until=None,
        language=profile.language,
        subject=message.subject[:300],
        last_error="",
    )
    if notification.kind == Kind.DIGEST:
        Profile.objects.update_or_create(user=notification.user, defaults={"digest_sent_at": now})
    return "sent"


def fail(mine, notification, exc, now):
    attempts = notification.attempts + 1
    mine.update(
        attempts=attempts,
        last_error=f"{type(exc).__name__}: {exc}"[:2000],
        next_attempt_at=now + backoff(attempts),
        claimed_until=None,
    )


def retry_now(queryset, now=None):
    """Send these pending messages at the next run instead of after their back-off (the admin's action)."""
    return queryset.filter(state=State.PENDING).update(next_attempt_at=now or timezone.now())
