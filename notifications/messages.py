"""Each message's words, written at sending time in the recipient's language from what they may see now.

Everything shown is read through the same `visible_to(user)` rules as the pages: a reminder of a
follow-up the recipient may no longer see, or a notice about a proposal made a draft since, is not
sent, and a status change's meeting and note appear only when the recipient could see them on a page.
"""

import datetime
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cooperation.models import FollowUp, Meeting, Proposal, StatusChange, sees_everything
from notifications.models import Digest, Kind, Notification, SkipReason, State
from notifications.services import MANAGER_PERMISSION, reminder_account, reminder_stage

STOP_SALT = "notifications.stop"
DIGEST_ITEMS = 10
UPCOMING_DAYS = 14


class Skip(Exception):
    """The message is not to be sent; `reason` is a SkipReason."""

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


def absolute(path):
    return settings.SITE_URL + path


def stop_token(user, kind):
    """A link's proof that it was made for this user and kind of message; it cannot be made without the key."""
    return signing.dumps({"u": user.pk, "k": kind}, salt=STOP_SALT)


def read_stop_token(token):
    """(user id, kind) from a token, or signing.BadSignature if it was not made here."""
    data = signing.loads(token, salt=STOP_SALT)
    if not isinstance(data, dict) or data.get("k") not in Kind.values or not isinstance(data.get("u"), int):
        raise signing.BadSignature("not a stop token")
    return data["u"], data["k"]


def proposal_url(user, proposal):
    """The managers' page of a proposal for those who may use it, else its public page."""
    if user.has_perm(MANAGER_PERMISSION):
        return absolute(reverse("cooperation:manage-proposal", args=[proposal.slug]))
    return absolute(proposal.get_absolute_url())


def compose(notification, profile, now):
    """The e-mail for `notification`, in the active language; raises Skip when there is nothing to send."""
    user = notification.user
    if not user.is_active or not user.email:
        raise Skip(SkipReason.NO_ADDRESS)
    build = {Kind.REMINDER: _reminder, Kind.NOTICE: _notice, Kind.DIGEST: _digest}[notification.kind]
    wanted = {
        Kind.REMINDER: profile.reminders,
        Kind.NOTICE: profile.notices,
        Kind.DIGEST: profile.digest != Digest.NEVER,
    }[notification.kind]
    if not wanted:
        raise Skip(SkipReason.TURNED_OFF)
    subject, template, context = build(notification, user, profile, now)
    subject = " ".join(subject.split())  # one line: a title typed with a line break must not break the header
    stop_url = absolute(reverse("notifications:stop", args=[stop_token(user, notification.kind)]))
    context = {
        **context,
        "user": user,
        "stop_url": stop_url,
        "settings_url": absolute(reverse("notifications:my-work")) + "#settings",
        "kind_label": Kind(notification.kind).label,
        "subject": subject,
        "language": profile.language,
    }
    text = render_to_string(f"notifications/email/{template}.txt", context)
    html = render_to_string(f"notifications/email/{template}.html", context)
    host = urlsplit(settings.SITE_URL).hostname or "localhost"
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        to=[user.email],
        headers={
            # The same id on every attempt: a message sent twice by a crash is one message to the mail client.
            "Message-ID": f"<notification-{notification.pk}@{host}>",
            "Auto-Submitted": "auto-generated",
            "List-Unsubscribe": f"<{stop_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    message.attach_alternative(html, "text/html")
    return message


def _reminder(notification, user, profile, now):
    follow_up = (
        FollowUp.objects.visible_to(user)
        .select_related("proposal", "owner", "assignee__partner_account", "owner__account__user__partner_account")
        .filter(pk=notification.follow_up_id)
        .first()
    )
    if follow_up is None:
        raise Skip(SkipReason.CANNOT_SEE)
    if follow_up.done_on:
        raise Skip(SkipReason.DONE)
    planned_due = notification.key.split(":")[2]
    account = reminder_account(follow_up)
    if follow_up.due_on.isoformat() != planned_due or account is None or account.pk != user.pk:
        raise Skip(SkipReason.CHANGED)
    today = timezone.localdate(now)
    if reminder_stage(follow_up.due_on, today) != notification.stage:
        raise Skip(SkipReason.SUPERSEDED)  # e.g. yesterday's "due in 1 day", kept back by a mail outage
    days = (follow_up.due_on - today).days
    action = follow_up.action
    if days > 0:
        subject = ngettext(
            "Reminder: “%(action)s” is due in %(days)d day",
            "Reminder: “%(action)s” is due in %(days)d days",
            days,
        ) % {"action": action, "days": days}
    elif days == 0:
        subject = _("Due today: “%(action)s”") % {"action": action}
    else:
        subject = ngettext("Overdue by %(days)d day: “%(action)s”", "Overdue by %(days)d days: “%(action)s”", -days) % {
            "action": action,
            "days": -days,
        }
    context = {
        "follow_up": follow_up,
        "proposal": follow_up.proposal,
        "proposal_url": proposal_url(user, follow_up.proposal),
        "days_left": days,
        "days_over": -days,
        "every": settings.NOTIFY_OVERDUE_EVERY_DAYS,
    }
    return subject, "reminder", context


def _notice(notification, user, profile, now):
    change = (
        StatusChange.objects.visible_to(user)
        .select_related("proposal", "changed_by")
        .filter(pk=notification.status_change_id)
        .first()
    )
    if change is None:
        raise Skip(SkipReason.CANNOT_SEE)
    subject = _("“%(proposal)s” is now “%(status)s”") % {
        "proposal": change.proposal,
        "status": change.get_to_status_display(),
    }
    context = {
        "change": change,
        "proposal": change.proposal,
        "proposal_url": proposal_url(user, change.proposal),
        "who": who(change.changed_by, user),
        "meeting_url": absolute(change.meeting.get_absolute_url()) if change.meeting else "",
    }
    return subject, "notice", context


def who(author, reader):
    """The author of a change as the reader may know them: staff see the account; others only a full
    name (the public pages name nobody), so no login name goes outside."""
    if author is None:
        return ""
    if sees_everything(reader):
        return author.get_full_name() or author.get_username()
    return author.get_full_name()


def digest_sections(user, since, now):
    """What a digest lists for `user`: each a count, its first items and a link to the full list."""
    today = timezone.localdate(now)
    overdue = FollowUp.objects.visible_to(user).overdue(today).select_related("proposal").order_by("due_on", "pk")
    stale = (
        Proposal.objects.visible_to(user)
        .open()
        .stale(settings.NOTIFY_STALE_DAYS, today)
        .order_by("status_changed_at", "pk")
    )
    upcoming = (
        Meeting.objects.visible_to(user)
        .filter(date__gte=today, date__lte=today + datetime.timedelta(days=UPCOMING_DAYS))
        .order_by("date", "pk")
    )
    changes = (
        StatusChange.objects.visible_to(user)
        .filter(changed_at__gt=since, changed_at__lte=now)
        .exclude(from_status="")
        .select_related("proposal", "changed_by")
        .order_by("-changed_at", "-pk")
    )
    manage = absolute(reverse("cooperation:manage-proposals"))
    open_statuses = [("status", status) for status in Proposal.Status.open_values()]
    return [
        {
            "title": _("Overdue follow-ups"),
            "count": overdue.count(),
            "items": [
                (
                    f"{f.action} — {f.proposal}",
                    absolute(reverse("cooperation:manage-proposal", args=[f.proposal.slug])),
                    f.due_on,
                )
                for f in overdue[:DIGEST_ITEMS]
            ],
            "list_url": absolute(reverse("cooperation:manage-follow-ups")) + "?state=overdue",
        },
        {
            "title": ngettext(
                "Open proposals with no status change for %(days)d day",
                "Open proposals with no status change for %(days)d days",
                settings.NOTIFY_STALE_DAYS,
            )
            % {"days": settings.NOTIFY_STALE_DAYS},
            "count": stale.count(),
            "items": [
                (
                    str(p),
                    absolute(reverse("cooperation:manage-proposal", args=[p.slug])),
                    timezone.localdate(p.status_changed_at),
                )
                for p in stale[:DIGEST_ITEMS]
            ],
            "list_url": manage + "?" + urlencode([("stale_days", settings.NOTIFY_STALE_DAYS), *open_statuses]),
        },
        {
            "title": ngettext("Meetings in the next %(days)d day", "Meetings in the next %(days)d days", UPCOMING_DAYS)
            % {"days": UPCOMING_DAYS},
            "count": upcoming.count(),
            "items": [(str(m), absolute(m.get_absolute_url()), m.date) for m in upcoming[:DIGEST_ITEMS]],
            "list_url": absolute(reverse("cooperation:manage-meetings")),
        },
        {
            "title": _("Status changes since the last digest"),
            "count": changes.count(),
            "items": [
                (
                    _("%(proposal)s: %(from)s → %(to)s")
                    % {"proposal": c.proposal, "from": c.get_from_status_display(), "to": c.get_to_status_display()},
                    absolute(reverse("cooperation:manage-proposal", args=[c.proposal.slug])),
                    timezone.localdate(c.changed_at),
                )
                for c in changes[:DIGEST_ITEMS]
            ],
            "list_url": manage,
        },
    ]


def digest_since(user, profile, now):
    """The start of what a digest reports: when the last one was sent, else one period back."""
    last = (
        Notification.objects.filter(user=user, kind=Kind.DIGEST, state=State.SENT, sent_at__lt=now)
        .order_by("-sent_at")
        .values_list("sent_at", flat=True)
        .first()
    )
    return last or now - datetime.timedelta(days=1 if profile.digest == Digest.DAILY else 7)


def _digest(notification, user, profile, now):
    if not user.has_perm(MANAGER_PERMISSION):
        raise Skip(SkipReason.CANNOT_SEE)
    if Notification.objects.filter(user=user, kind=Kind.DIGEST, pk__gt=notification.pk).exists():
        raise Skip(SkipReason.SUPERSEDED)  # a later digest covers the same changes and more
    sections = digest_sections(user, digest_since(user, profile, now), now)
    if not any(section["count"] for section in sections):
        raise Skip(SkipReason.NOTHING)
    subject = _("Cooperation Tracker digest, %(date)s") % {"date": timezone.localdate(now).isoformat()}
    return subject, "digest", {"sections": sections, "more": DIGEST_ITEMS}
