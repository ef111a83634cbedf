"""What is due to whom: reminders, digests and status notices are planned here, each recorded once.

Planning only records messages (`Notification` rows, unique by key); notifications.sending sends them.
Every function takes `now`, so a run can be replayed for any moment.
"""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import BooleanField, ExpressionWrapper, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from cooperation.models import FollowUp, Proposal, sees_everything
from cooperation.models.partners import audience, preload_audiences
from notifications.models import Digest, Kind, Notification, Profile, SkipReason, State, Watch

MANAGER_PERMISSION = "cooperation.view_proposal"
BATCH = 1000


def profile_of(user):
    """The user's settings, with the defaults for a user who never saved any (nothing is written)."""
    try:
        return user.profile
    except Profile.DoesNotExist:
        return Profile(user=user)


def profiles_for(users):
    """{user id: profile} for many users in one query, defaults for those without one."""
    users = list(users)
    found = {p.user_id: p for p in Profile.objects.filter(user__in=[u.pk for u in users])}
    return {u.pk: found.get(u.pk) or Profile(user=u) for u in users}


def is_manager(user):
    return user.is_active and user.has_perm(MANAGER_PERMISSION)


# Why a follow-up's owner cannot be reminded; None when they can.
NO_OWNER = _("It has no owner.")
NO_ACCOUNT = _("Its owner has no account to remind.")
INACTIVE = _("The owner's account is switched off.")
NO_ADDRESS = _("The owner's account has no e-mail address.")
CANNOT_SEE = _("The owner's account may not see this follow-up.")
TURNED_OFF = _("The owner turned reminders off.")


def reminder_account(follow_up):
    """The account a follow-up's reminders go to: its own, else the one linked to its owner official."""
    if follow_up.assignee_id:
        return follow_up.assignee
    if follow_up.owner_id is None:
        return None
    try:
        return follow_up.owner.account.user
    except Profile.DoesNotExist:
        return None


def may_see_follow_up(user, follow_up):
    """The list pages' rule (FollowUp.objects.visible_to), for one follow-up already read."""
    if sees_everything(user):
        return True
    # The rule lets every other account see the same follow-ups: read with it, the answer is at hand.
    shown_to_others = getattr(follow_up, "shown_to_others", None)
    if shown_to_others is not None and audience(user) == "public":
        return shown_to_others
    return FollowUp.objects.visible_to(user).filter(pk=follow_up.pk).exists()


def with_reminder_accounts(follow_ups):
    """Follow-ups read with all `reminder_problem` asks of them, rather than with up to four queries each."""
    return follow_ups.select_related(
        *("owner__account__user__profile", "owner__account__user__partner_account"),
        *("assignee__profile", "assignee__partner_account"),
    ).annotate(shown_to_others=ExpressionWrapper(FollowUp.objects.visible_q(None), output_field=BooleanField()))


def reminder_problem(follow_up, user=None, profile=None):
    """Why `follow_up` cannot be reminded to its owner (a text to show), or None when it can."""
    user = user or reminder_account(follow_up)
    if user is None:
        return NO_OWNER if follow_up.owner_id is None and not follow_up.assignee_id else NO_ACCOUNT
    if not user.is_active:
        return INACTIVE
    if not user.email:
        return NO_ADDRESS
    if not (profile or profile_of(user)).reminders:
        return TURNED_OFF
    if not may_see_follow_up(user, follow_up):
        return CANNOT_SEE
    return None


def reminder_stage(due_on, today):
    """The reminder a follow-up due on `due_on` has reached by `today`, or None before the first.

    "before-7", "before-1" (NOTIFY_REMIND_DAYS_BEFORE), "due" on the day, then "overdue-0" from the
    day after, "overdue-1" a NOTIFY_OVERDUE_EVERY_DAYS later, and so on until it is done. Only the
    latest is planned: a worker that was down sends where the follow-up is now, not every step missed.
    """
    days_left = (due_on - today).days
    if days_left > 0:
        started = [days for days in settings.NOTIFY_REMIND_DAYS_BEFORE if days >= days_left]
        return f"before-{min(started)}" if started else None
    if days_left == 0:
        return "due"
    return f"overdue-{(-days_left - 1) // settings.NOTIFY_OVERDUE_EVERY_DAYS}"


def stage_label(stage):
    """A reminder's stage in words: "7 days before", "on the day", "overdue (reminder 2)"."""
    kind, _sep, number = stage.partition("-")
    if kind == "before":
        return ngettext("%(days)d day before", "%(days)d days before", int(number)) % {"days": int(number)}
    if kind == "overdue":
        return _("overdue (reminder %(number)d)") % {"number": int(number) + 1}
    return _("on the day")


def plan_reminders(now=None):
    """Record the reminders due at `now` that are not recorded yet; returns how many were new."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    horizon = today + datetime.timedelta(days=max(settings.NOTIFY_REMIND_DAYS_BEFORE, default=0))
    follow_ups = (
        FollowUp.objects.filter(done_on__isnull=True, due_on__lte=horizon)
        .filter(Q(assignee__isnull=False) | Q(owner__account__isnull=False))
        .select_related("assignee__partner_account", "owner__account__user__partner_account", "proposal")
        .order_by("pk")
    )
    candidates = []
    for follow_up in follow_ups.iterator(chunk_size=BATCH):
        user = reminder_account(follow_up)
        stage = reminder_stage(follow_up.due_on, today)
        if user is not None and stage and user.is_active and user.email:
            candidates.append((follow_up, user, stage))
    profiles = profiles_for({user.pk: user for _f, user, _s in candidates}.values())
    visible = _visible_follow_ups({user for _f, user, _s in candidates}, [f.pk for f, _u, _s in candidates])
    planned = [
        Notification(
            key=f"reminder:{follow_up.pk}:{follow_up.due_on.isoformat()}:{stage}:{user.pk}",
            user=user,
            kind=Kind.REMINDER,
            follow_up=follow_up,
            stage=stage,
            next_attempt_at=now,
        )
        for follow_up, user, stage in candidates
        if profiles[user.pk].reminders and follow_up.pk in visible[user.pk]
    ]
    # A reminder skipped because its due date or owner had changed is due again once they are back.
    keys = [n.key for n in planned]
    for start in range(0, len(keys), BATCH):
        Notification.objects.filter(
            key__in=keys[start : start + BATCH], state=State.SKIPPED, skip_reason=SkipReason.CHANGED
        ).update(state=State.PENDING, skip_reason="", next_attempt_at=now, claimed_until=None)
    return _record(planned)


def follow_ups_of(user):
    """The follow-ups whose reminders go to `user` (reminder_account's rule, as a query), that they may see."""
    return FollowUp.objects.visible_to(user).filter(
        Q(assignee=user) | Q(assignee__isnull=True, owner__account__user=user)
    )


def _visible_follow_ups(users, ids):
    """{user id: ids of those follow-ups the user may see}: staff see all, others by the list rule
    (the same for everyone in one audience: the public, or one partner organization's users; asked once each)."""
    every = set(ids)
    by_audience = {}
    result = {}
    preload_audiences([u for u in users if not sees_everything(u)])
    for user in users:
        if sees_everything(user):
            result[user.pk] = every
            continue
        key = audience(user)
        if key not in by_audience:
            seen = set()
            for start in range(0, len(ids), BATCH):
                visible = FollowUp.objects.visible_to(user).filter(pk__in=ids[start : start + BATCH])
                seen.update(visible.values_list("pk", flat=True))
            by_audience[key] = seen
        result[user.pk] = by_audience[key]
    return result


def digest_period(profile, now):
    """The period a digest due at `now` covers ("2026-11-28", "2026-W48"), or None if none is due yet."""
    local = timezone.localtime(now)
    if profile.digest == Digest.NEVER or local.hour < settings.NOTIFY_DIGEST_HOUR:
        return None
    if profile.digest == Digest.DAILY:
        return local.date().isoformat()
    if local.weekday() < settings.NOTIFY_DIGEST_WEEKDAY:
        return None
    year, week, _day = local.isocalendar()
    return f"{year}-W{week:02d}"


def managers():
    """Active users who may use the managers' pages, in one query (superusers, groups and own permissions)."""
    return (
        get_user_model()
        .objects.with_perm(MANAGER_PERMISSION, backend="django.contrib.auth.backends.ModelBackend")
        .filter(is_active=True)
    )


def plan_digests(now=None):
    """Record the managers' digests due at `now`; returns how many were new."""
    now = now or timezone.now()
    recipients = list(managers().exclude(email=""))
    profiles = profiles_for(recipients)
    planned = []
    for user in recipients:
        period = digest_period(profiles[user.pk], now)
        if period:
            planned.append(
                Notification(
                    key=f"digest:{user.pk}:{period}",
                    user=user,
                    kind=Kind.DIGEST,
                    period=period,
                    next_attempt_at=now,
                )
            )
    return _record(planned)


def watchers(proposal):
    """Users told of `proposal`'s status changes: those watching it and, when the setting is on,
    managers who chose its sector; only those who may see it and want notices."""
    users = set(get_user_model().objects.filter(watches__proposal=proposal, is_active=True).exclude(email=""))
    if settings.NOTIFY_MANAGERS_WATCH_SECTORS:
        users |= set(managers().filter(profile__sectors=proposal.sector_id).exclude(email=""))
    profiles = profiles_for(users)
    # Whether the proposal is visible is the same for everyone in one audience (staff, the public, one
    # partner organization's users), so the rule is asked once per audience, not once per watcher.
    seen_by = {}
    chosen = []
    preload_audiences([u for u in users if not sees_everything(u) and profiles[u.pk].notices])
    for user in sorted(users, key=lambda u: u.pk):
        if not profiles[user.pk].notices:
            continue
        if not sees_everything(user):
            key = audience(user)
            if key not in seen_by:
                seen_by[key] = Proposal.objects.visible_to(user).filter(pk=proposal.pk).exists()
            if not seen_by[key]:
                continue
        chosen.append(user)
    return chosen


def record_status_notices(change):
    """Record a notice of `change` for each watcher but its author, in the change's own transaction,
    and have the worker send them once that commits (`change_status` calls this)."""
    now = timezone.now()
    count = _record(
        Notification(
            key=f"notice:{change.pk}:{user.pk}",
            user=user,
            kind=Kind.NOTICE,
            status_change=change,
            next_attempt_at=now,
        )
        for user in watchers(change.proposal)
        if user.pk != change.changed_by_id
    )
    if count:
        from notifications.tasks import send_pending_task

        # robust: a queue that cannot be reached must not fail a change already committed; the
        # worker's next run sends these notices anyway.
        transaction.on_commit(send_pending_task, robust=True)
    return count


def _record(notifications):
    """Insert the notifications whose key is new; returns how many were.

    Keys already recorded are read first, so a run that finds nothing new writes nothing; two planners
    racing both insert with ON CONFLICT DO NOTHING, and the unique key keeps one.
    """
    by_key = {n.key: n for n in notifications}
    keys = list(by_key)
    existing = set()
    for start in range(0, len(keys), BATCH):
        batch = keys[start : start + BATCH]
        existing.update(Notification.objects.filter(key__in=batch).values_list("key", flat=True))
    new = [n for key, n in by_key.items() if key not in existing]
    Notification.objects.bulk_create(new, batch_size=BATCH, ignore_conflicts=True)
    return len(new)


def watch(user, proposal):
    """`user` watches `proposal` from now on (a proposal they may see); True if they did not already."""
    _watch, created = Watch.objects.get_or_create(user=user, proposal=proposal)
    return created


def unwatch(user, proposal):
    deleted = 0
    for existing in Watch.objects.filter(user=user, proposal=proposal):
        existing.delete()  # one by one, so the audit history records each
        deleted += 1
    return bool(deleted)


# The kinds of message a link in an e-mail can stop, and the setting each one turns off.
STOPPABLE = {
    Kind.REMINDER: ("reminders", False),
    Kind.DIGEST: ("digest", Digest.NEVER),
    Kind.NOTICE: ("notices", False),
}


def stop(user, kind, reason):
    """Turn off one kind of message for `user` (from an e-mail's link); the profile's history keeps who and why."""
    field, value = STOPPABLE[kind]
    profile, _created = Profile.objects.get_or_create(user=user)
    if getattr(profile, field) == value:
        return False
    setattr(profile, field, value)
    profile._change_reason = reason
    profile.save(update_fields=[field])
    return True
