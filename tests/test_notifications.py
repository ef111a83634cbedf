"""Reminders, digests and status notices: the right people, on the right days, in their language, once."""

import datetime
import io

import pytest
import time_machine
from django.core import mail, signing
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone, translation
from django.utils.translation import gettext, ngettext

from cooperation.models import Proposal, Visibility
from cooperation.services import change_status
from notifications import services
from notifications.messages import stop_token
from notifications.models import Digest, Kind, Notification, Profile, SkipReason, State
from notifications.sending import send_due, send_pending
from tests.factories import (
    DraftProposalFactory,
    FollowUpFactory,
    InternalMeetingFactory,
    ManagerFactory,
    MeetingFactory,
    OfficialFactory,
    ProfileFactory,
    ProposalFactory,
    SectorFactory,
    StaffFactory,
    UserFactory,
    WatchFactory,
)

pytestmark = pytest.mark.django_db

DUE = datetime.date(2026, 12, 10)


def at(day, hour=9):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def owner_account(language="en", staff=True, **profile):
    """A user linked to an official, as an admin links them; returns (user, official)."""
    user = (StaffFactory if staff else UserFactory)(email="")
    user.email = f"{user.username}@example.org"
    user.save()
    official = OfficialFactory()
    ProfileFactory(user=user, official=official, language=language, **profile)
    return user, official


def run(day, hour=9):
    """What the worker does at that moment; returns the e-mails it sent."""
    before = len(mail.outbox)
    send_due(at(day, hour))
    return mail.outbox[before:]


@pytest.mark.parametrize(
    ("today", "stage"),
    [
        (DUE - datetime.timedelta(days=8), None),
        (DUE - datetime.timedelta(days=7), "before-7"),
        (DUE - datetime.timedelta(days=2), "before-7"),
        (DUE - datetime.timedelta(days=1), "before-1"),
        (DUE, "due"),
        (DUE + datetime.timedelta(days=1), "overdue-0"),
        (DUE + datetime.timedelta(days=7), "overdue-0"),
        (DUE + datetime.timedelta(days=8), "overdue-1"),
        (DUE + datetime.timedelta(days=15), "overdue-2"),
    ],
)
def test_reminder_stage(today, stage):
    assert services.reminder_stage(DUE, today) == stage


def test_the_owner_is_reminded_on_the_right_days_and_once_each():
    user, official = owner_account()
    follow_up = FollowUpFactory(owner=official, due_on=DUE, action="Send the price list")
    sent = {}
    for offset in range(-10, 20):
        day = DUE + datetime.timedelta(days=offset)
        sent[offset] = [m.subject for m in run(day)]
    assert {offset for offset, subjects in sent.items() if subjects} == {-7, -1, 0, 1, 8, 15}
    assert sent[-7] == ["Reminder: “Send the price list” is due in 7 days"]
    assert sent[-1] == ["Reminder: “Send the price list” is due in 1 day"]
    assert sent[0] == ["Due today: “Send the price list”"]
    assert sent[1] == ["Overdue by 1 day: “Send the price list”"]
    assert sent[8] == ["Overdue by 8 days: “Send the price list”"]
    message = mail.outbox[0]
    assert message.to == [user.email]
    text, html = message.body, message.alternatives[0][0]
    for body in (text, html):
        assert "Send the price list" in body
        assert follow_up.proposal.title in body
        assert "2026-12-10" in body
        assert f"/proposals/{follow_up.proposal.slug}/" in body
    # Done: no more.
    follow_up.mark_done(DUE + datetime.timedelta(days=20))
    assert run(DUE + datetime.timedelta(days=22)) == []


def test_a_second_run_sends_nothing_new():
    _user, official = owner_account()
    FollowUpFactory(owner=official, due_on=DUE)
    assert len(run(DUE)) == 1
    assert run(DUE) == []
    assert run(DUE, hour=18) == []
    assert Notification.objects.count() == 1


def test_a_worker_that_was_down_sends_where_the_follow_up_is_now_not_every_step_missed():
    _user, official = owner_account()
    FollowUpFactory(owner=official, due_on=DUE, action="Call back")
    assert [m.subject for m in run(DUE + datetime.timedelta(days=3))] == ["Overdue by 3 days: “Call back”"]


def test_its_own_account_comes_before_the_officials():
    linked, official = owner_account()
    assignee = StaffFactory(email="assignee@example.org")
    FollowUpFactory(owner=official, assignee=assignee, due_on=DUE)
    assert [m.to for m in run(DUE)] == [["assignee@example.org"]]
    assert linked.email not in str([m.to for m in mail.outbox])


def test_an_owner_with_no_account_is_named_as_such():
    follow_up = FollowUpFactory(owner=OfficialFactory(), due_on=DUE)
    assert run(DUE) == []
    assert str(services.reminder_problem(follow_up)) == "Its owner has no account to remind."
    no_owner = FollowUpFactory(owner=None, due_on=DUE)
    assert str(services.reminder_problem(no_owner)) == "It has no owner."
    user, official = owner_account()
    user.email = ""
    user.save()
    assert str(services.reminder_problem(FollowUpFactory(owner=official))) == (
        "The owner's account has no e-mail address."
    )


def test_the_admin_says_whom_reminders_go_to(admin_client):
    user, official = owner_account()
    with_account = FollowUpFactory(owner=official, action="Linked action")
    FollowUpFactory(owner=OfficialFactory(), action="Orphan action")
    response = admin_client.get("/admin/cooperation/followup/")
    content = response.content.decode()
    assert f"Reminders go to {user.username}" in content
    assert "Its owner has no account to remind." in content
    change = admin_client.get(f"/admin/cooperation/followup/{with_account.pk}/change/").content.decode()
    assert f"Reminders go to {user.username}" in change


def test_a_changed_due_date_gets_its_own_reminders_and_the_old_one_is_not_sent():
    _user, official = owner_account()
    follow_up = FollowUpFactory(owner=official, due_on=DUE)
    send_due_plan_only = services.plan_reminders(at(DUE))
    assert send_due_plan_only == 1
    follow_up.due_on = DUE + datetime.timedelta(days=30)
    follow_up.save()
    assert run(DUE) == []
    assert Notification.objects.get().skip_reason == SkipReason.CHANGED


def test_done_before_sending_is_not_sent():
    _user, official = owner_account()
    follow_up = FollowUpFactory(owner=official, due_on=DUE)
    services.plan_reminders(at(DUE))
    follow_up.mark_done(DUE)
    send_pending(at(DUE))
    assert mail.outbox == []
    assert Notification.objects.get().state == State.SKIPPED
    assert Notification.objects.get().skip_reason == SkipReason.DONE


def test_an_owner_without_staff_rights_is_not_reminded_of_an_internal_follow_up():
    user, official = owner_account(staff=False)
    internal = FollowUpFactory(owner=official, due_on=DUE, visibility=Visibility.INTERNAL, action="LEAK-internal")
    on_a_draft = FollowUpFactory(owner=official, due_on=DUE, proposal=DraftProposalFactory(), action="LEAK-draft")
    public = FollowUpFactory(owner=official, due_on=DUE, action="Public action")
    sent = run(DUE)
    assert [m.subject for m in sent] == ["Due today: “Public action”"]
    assert str(services.reminder_problem(internal)) == "The owner's account may not see this follow-up."
    assert str(services.reminder_problem(on_a_draft)) == "The owner's account may not see this follow-up."
    assert services.reminder_problem(public) is None


def test_reminders_turned_off_are_not_sent():
    _user, official = owner_account(reminders=False)
    FollowUpFactory(owner=official, due_on=DUE)
    assert run(DUE) == []


@pytest.mark.parametrize("language", ["kk", "ru", "az"])
def test_each_e_mail_is_in_its_recipients_language(language):
    _user, official = owner_account(language=language)
    FollowUpFactory(owner=official, due_on=DUE, action="Send the price list")
    [message] = run(DUE - datetime.timedelta(days=7))
    with translation.override(language):
        expected = ngettext(
            "Reminder: “%(action)s” is due in %(days)d day", "Reminder: “%(action)s” is due in %(days)d days", 7
        ) % {"action": "Send the price list", "days": 7}
        footer = gettext("Stop this kind of e-mail:")
    assert message.subject == expected
    assert not message.subject.startswith("Reminder")  # translated, not the English text
    assert footer in message.body
    assert "Stop this kind of e-mail" not in message.body
    assert f"/{language}/" in message.body  # links open the pages in that language


# Status notices


def manager_with_address(**kwargs):
    user = ManagerFactory(**kwargs)
    user.email = f"{user.username}@example.org"
    user.save()
    return user


def test_a_watcher_is_told_of_a_status_change_and_its_author_is_not():
    proposal = ProposalFactory(title="Ferry line")
    watcher = WatchFactory(proposal=proposal).user
    author = manager_with_address(first_name="Aigerim", last_name="Sadykova")
    WatchFactory(proposal=proposal, user=author)
    change_status(proposal, to=Proposal.Status.UNDER_DISCUSSION, by=author, note="Talks began")
    send_pending()
    [message] = mail.outbox
    assert message.to == [watcher.email]
    assert message.subject == "“Ferry line” is now “Under discussion”"
    assert "Proposed → Under discussion" in message.body
    assert "Changed by: Aigerim Sadykova" in message.body
    assert author.username not in message.body  # a login name never goes to someone without staff rights


def test_staff_watchers_see_the_authors_account_when_it_has_no_name():
    proposal = ProposalFactory()
    WatchFactory(proposal=proposal, user=StaffFactory(email="staff@example.org"))
    outsider = WatchFactory(proposal=proposal).user
    author = manager_with_address()
    change_status(proposal, to=Proposal.Status.UNDER_DISCUSSION, by=author)
    send_pending()
    by_address = {m.to[0]: m.body for m in mail.outbox}
    assert f"Changed by: {author.username}" in by_address["staff@example.org"]
    assert "Changed by" not in by_address[outsider.email]


def test_a_watcher_without_staff_rights_never_learns_an_internal_meeting_or_note():
    proposal = ProposalFactory(title="Ferry line")
    visitor_watch = WatchFactory(proposal=proposal)
    staff = StaffFactory(email="staff@example.org")
    WatchFactory(proposal=proposal, user=staff)
    meeting = InternalMeetingFactory(title="LEAKMARKER closed session")
    change_status(
        proposal,
        to=Proposal.Status.UNDER_DISCUSSION,
        by=manager_with_address(),
        note="LEAKMARKER internal note",
        meeting=meeting,
    )
    send_pending()
    by_address = {m.to[0]: m for m in mail.outbox}
    outsider = by_address[visitor_watch.user.email]
    for body in (outsider.subject, outsider.body, outsider.alternatives[0][0]):
        assert "LEAKMARKER" not in body
    insider = by_address["staff@example.org"]
    assert "LEAKMARKER closed session" in insider.body
    assert "LEAKMARKER internal note" in insider.body


def test_a_published_note_and_public_meeting_reach_every_watcher():
    proposal = ProposalFactory()
    watch = WatchFactory(proposal=proposal)
    change_status(
        proposal,
        to=Proposal.Status.UNDER_DISCUSSION,
        by=manager_with_address(),
        note="Agreed to talk",
        note_is_public=True,
        meeting=MeetingFactory(title="Public talks"),
    )
    send_pending()
    [message] = mail.outbox
    assert message.to == [watch.user.email]
    assert "Agreed to talk" in message.body
    assert "Public talks" in message.body


def test_no_notice_about_a_draft_to_someone_who_may_not_see_it():
    draft = DraftProposalFactory(title="LEAKMARKER draft")
    WatchFactory(proposal=draft)  # watched while it was public, say
    change_status(draft, to=Proposal.Status.UNDER_DISCUSSION, by=manager_with_address())
    send_pending()
    assert mail.outbox == []


def test_a_proposal_made_a_draft_before_sending_is_not_told():
    proposal = ProposalFactory(title="LEAKMARKER soon hidden")
    WatchFactory(proposal=proposal)
    change_status(proposal, to=Proposal.Status.UNDER_DISCUSSION, by=manager_with_address())
    Proposal.objects.filter(pk=proposal.pk).update(visibility=Visibility.DRAFT)
    send_pending()
    assert mail.outbox == []
    assert Notification.objects.get().skip_reason == SkipReason.CANNOT_SEE


def test_managers_are_told_of_their_sectors_changes_by_default():
    sector = SectorFactory()
    manager = manager_with_address()
    ProfileFactory(user=manager).sectors.add(sector)
    other = manager_with_address()
    ProfileFactory(user=other).sectors.add(SectorFactory())
    proposal = ProposalFactory(sector=sector)
    change_status(proposal, to=Proposal.Status.UNDER_DISCUSSION, by=StaffFactory())
    send_pending()
    assert [m.to for m in mail.outbox] == [[manager.email]]
    with override_settings(NOTIFY_MANAGERS_WATCH_SECTORS=False):
        change_status(proposal, to=Proposal.Status.AGREED, by=StaffFactory())
    send_pending()
    assert len(mail.outbox) == 1


def test_notices_turned_off_are_not_recorded():
    proposal = ProposalFactory()
    watch = WatchFactory(proposal=proposal)
    ProfileFactory(user=watch.user, notices=False)
    change_status(proposal, to=Proposal.Status.UNDER_DISCUSSION, by=StaffFactory())
    assert not Notification.objects.exists()


def test_notices_are_sent_by_the_worker_once_the_change_commits(django_capture_on_commit_callbacks):
    proposal = ProposalFactory()
    WatchFactory(proposal=proposal)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        change_status(proposal, to=Proposal.Status.UNDER_DISCUSSION, by=StaffFactory())
    assert Notification.objects.get().state == State.PENDING  # recorded with the change, not sent by it
    assert len(callbacks) == 1
    callbacks[0]()  # the queued task, run here as the worker would
    assert len(mail.outbox) == 1


# Digests


def test_a_managers_digest_lists_what_they_may_see_with_links():
    manager = manager_with_address(is_staff=False)
    ProfileFactory(user=manager, digest=Digest.DAILY, language="en")
    now = at(DUE)
    old = now - datetime.timedelta(days=200)
    stale = ProposalFactory(title="Stale public", status_changed_at=old)
    DraftProposalFactory(title="LEAKMARKER stale draft", status_changed_at=old)
    FollowUpFactory(proposal=stale, due_on=DUE - datetime.timedelta(days=3), action="Overdue public action")
    FollowUpFactory(
        proposal=stale, due_on=DUE - datetime.timedelta(days=3), action="LEAKMARKER", visibility=Visibility.INTERNAL
    )
    MeetingFactory(title="Next week's talks", date=DUE + datetime.timedelta(days=5))
    InternalMeetingFactory(title="LEAKMARKER meeting", date=DUE + datetime.timedelta(days=5))
    sent = run(DUE)
    [digest] = [m for m in sent if m.to == [manager.email]]
    assert digest.subject == "Cooperation Tracker digest, 2026-12-10"
    body = digest.body
    assert "LEAKMARKER" not in body + digest.alternatives[0][0]
    assert "Overdue follow-ups: 1" in body
    assert "Overdue public action" in body
    assert "Open proposals with no status change for 90 days: 1" in body
    assert "Stale public" in body
    assert "Meetings in the next 14 days: 1" in body
    assert "Next week's talks" in body
    assert "/manage/proposals/stale-" in body or f"/manage/proposals/{stale.slug}/" in body
    # the digest's counts are the list's: its link filters the same way
    assert "stale_days=90" in body
    assert run(DUE) == []  # once a day
    assert len([m for m in run(DUE + datetime.timedelta(days=1)) if m.to == [manager.email]]) == 1


def test_a_weekly_digest_goes_once_a_week_from_its_weekday():
    manager = manager_with_address()
    ProfileFactory(user=manager, digest=Digest.WEEKLY)
    ProposalFactory(status_changed_at=at(DUE) - datetime.timedelta(days=200))
    monday = datetime.date(2026, 12, 7)
    days = [monday + datetime.timedelta(days=n) for n in range(14)]
    got = [day for day in days if any(m.to == [manager.email] for m in run(day))]
    assert got == [monday, monday + datetime.timedelta(days=7)]


def test_a_digest_with_nothing_to_report_is_not_sent():
    manager = manager_with_address()
    ProfileFactory(user=manager, digest=Digest.DAILY)
    assert run(DUE) == []
    assert Notification.objects.get().skip_reason == SkipReason.NOTHING


def test_status_changes_in_a_digest_are_those_since_the_last_one():
    manager = manager_with_address()
    ProfileFactory(user=manager, digest=Digest.DAILY)
    proposal = ProposalFactory(title="Ferry line")
    with time_machine.travel(at(DUE - datetime.timedelta(days=1), 12), tick=False):
        change_status(proposal, to=Proposal.Status.UNDER_DISCUSSION, by=StaffFactory())
    [first] = run(DUE)
    assert "Status changes since the last digest: 1" in first.body
    with time_machine.travel(at(DUE, 12), tick=False):
        change_status(proposal, to=Proposal.Status.AGREED, by=StaffFactory())
    [second] = run(DUE + datetime.timedelta(days=1))
    assert "Status changes since the last digest: 1" in second.body
    assert "Under discussion → Agreed" in second.body


def test_only_managers_get_digests():
    user = StaffFactory(email="clerk@example.org")
    ProfileFactory(user=user, digest=Digest.DAILY)
    ProposalFactory(status_changed_at=at(DUE) - datetime.timedelta(days=200))
    assert run(DUE) == []


# The command, on a frozen clock


def test_send_reminders_sends_what_is_due_now_and_exits():
    _user, official = owner_account()
    FollowUpFactory(owner=official, due_on=DUE)
    with time_machine.travel(at(DUE), tick=False):
        call_command("send_reminders", stdout=(out := io.StringIO()))
        call_command("send_reminders", stdout=(again := io.StringIO()))
    assert len(mail.outbox) == 1
    assert "e-mails sent: 1" in out.getvalue()
    assert "Reminders planned: 0" in again.getvalue()
    assert "e-mails sent: 0" in again.getvalue()


# Links to stop a kind of message


def test_every_e_mail_carries_a_signed_link_that_stops_its_kind(client):
    user, official = owner_account()
    FollowUpFactory(owner=official, due_on=DUE)
    [message] = run(DUE)
    link = message.extra_headers["List-Unsubscribe"].strip("<>")
    assert link in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    path = link.removeprefix("http://127.0.0.1:8000")
    page = client.get(path)
    assert page.status_code == 200
    assert Profile.objects.get(user=user).reminders  # a GET (a mail scanner) changes nothing
    assert client.post(path).status_code == 200
    profile = Profile.objects.get(user=user)
    assert not profile.reminders
    assert profile.history.first().history_change_reason == "Stopped from the link in an e-mail"
    assert run(DUE + datetime.timedelta(days=1)) == []


@pytest.mark.parametrize(
    "forge",
    [
        lambda token: token[:-2] + ("AA" if not token.endswith("AA") else "BB"),
        lambda token: token.replace(":", "x", 1),
        lambda token: "not-a-token",
    ],
)
def test_a_forged_or_damaged_stop_link_is_refused_and_changes_nothing(client, forge):
    user, _official = owner_account()
    token = forge(stop_token(user, Kind.REMINDER))
    response = client.post(f"/e-mail/stop/{token}/")
    assert response.status_code == 400
    assert "This link is not valid" in response.content.decode()
    assert Profile.objects.get(user=user).reminders


def test_a_link_made_for_one_user_cannot_stop_anothers(client):
    alice, _ = owner_account()
    bob, _ = owner_account()
    client.post(f"/e-mail/stop/{stop_token(alice, Kind.DIGEST)}/")
    assert Profile.objects.get(user=alice).digest == Digest.NEVER
    assert Profile.objects.get(user=bob).digest == Digest.WEEKLY
    other_salt = signing.dumps({"u": bob.pk, "k": "digest"}, salt="another.purpose")
    assert client.post(f"/e-mail/stop/{other_salt}/").status_code == 400
    assert Profile.objects.get(user=bob).digest == Digest.WEEKLY


def test_the_managers_proposal_page_says_whom_reminders_go_to_in_fixed_queries(client, django_assert_num_queries):
    proposal = ProposalFactory()
    client.force_login(manager_with_address())
    url = f"/manage/proposals/{proposal.slug}/"
    counts = []
    for rows in (1, 6):
        for _ in range(rows):
            _user, official = owner_account()
            FollowUpFactory(proposal=proposal, owner=official)
            FollowUpFactory(proposal=proposal, assignee=StaffFactory(email="a@example.org"))
            FollowUpFactory(proposal=proposal, owner=OfficialFactory())
        with django_assert_num_queries(11) as captured:  # the page's own, however many owners and accounts
            content = client.get(url).content.decode()
        counts.append(len(captured))
    assert "Reminders go to" in content
    assert "Its owner has no account to remind." in content
    assert counts[0] == counts[1]


# What can go wrong while sending


def test_a_line_break_in_a_title_does_not_break_the_subject_or_the_run():
    _user, official = owner_account()
    FollowUpFactory(owner=official, due_on=DUE, action="Send the\nprice list")
    FollowUpFactory(owner=official, due_on=DUE, action="Call back")
    subjects = sorted(m.subject for m in run(DUE))
    assert subjects == ["Due today: “Call back”", "Due today: “Send the price list”"]


def test_an_unexpected_error_while_sending_fails_that_message_only(monkeypatch):
    _user, official = owner_account()
    FollowUpFactory(owner=official, due_on=DUE, action="First")
    FollowUpFactory(owner=official, due_on=DUE, action="Second")
    original = mail.EmailMultiAlternatives.send

    def send(message, *args, **kwargs):
        if "First" in message.subject:
            raise ValueError("boom")
        return original(message, *args, **kwargs)

    monkeypatch.setattr(mail.EmailMultiAlternatives, "send", send)
    sent = run(DUE)
    assert [m.subject for m in sent] == ["Due today: “Second”"]
    failed = Notification.objects.get(attempts=1)
    assert failed.state == State.PENDING
    assert failed.last_error == "ValueError: boom"
    assert failed.claimed_until is None


def test_after_an_outage_only_the_current_reminder_goes():
    _user, official = owner_account()
    FollowUpFactory(owner=official, due_on=DUE, action="Call")
    services.plan_reminders(at(DUE - datetime.timedelta(days=1)))  # "due in 1 day", never sent
    assert [m.subject for m in run(DUE)] == ["Due today: “Call”"]
    assert Notification.objects.get(stage="before-1").skip_reason == SkipReason.SUPERSEDED


def test_a_due_date_changed_and_changed_back_is_reminded_again():
    _user, official = owner_account()
    follow_up = FollowUpFactory(owner=official, due_on=DUE, action="Call")
    services.plan_reminders(at(DUE))
    follow_up.due_on = DUE + datetime.timedelta(days=30)
    follow_up.save()
    assert run(DUE) == []
    follow_up.due_on = DUE
    follow_up.save()
    assert [m.subject for m in run(DUE, hour=15)] == ["Due today: “Call”"]


def test_the_day_is_the_local_day_not_the_utc_one():
    _user, official = owner_account()
    FollowUpFactory(owner=official, due_on=DUE, action="Call")
    early = at(DUE, hour=1)  # 01:00 in Aktau is still the day before in UTC
    assert early.astimezone(datetime.UTC).date() == DUE - datetime.timedelta(days=1)
    before = len(mail.outbox)
    send_due(early)
    assert [m.subject for m in mail.outbox[before:]] == ["Due today: “Call”"]


@override_settings(NOTIFY_DIGEST_WEEKDAY=3)
def test_a_weekly_digest_waits_for_its_weekday():
    manager = manager_with_address()
    ProfileFactory(user=manager, digest=Digest.WEEKLY)
    ProposalFactory(status_changed_at=at(DUE) - datetime.timedelta(days=200))
    monday = datetime.date(2026, 12, 7)
    got = [monday + datetime.timedelta(days=n) for n in range(10) if run(monday + datetime.timedelta(days=n))]
    assert got == [monday + datetime.timedelta(days=3)]  # Thursday; the next Thursday is beyond the ten days


def test_a_digest_kept_back_by_an_outage_gives_way_to_the_next():
    manager = manager_with_address()
    ProfileFactory(user=manager, digest=Digest.DAILY)
    ProposalFactory(status_changed_at=at(DUE) - datetime.timedelta(days=200))
    services.plan_digests(at(DUE))
    assert len(run(DUE + datetime.timedelta(days=1))) == 1
    assert Notification.objects.get(period=DUE.isoformat()).skip_reason == SkipReason.SUPERSEDED


def test_a_claims_lease_counts_from_when_it_is_taken():
    from notifications.sending import LEASE, claim

    notification = Notification.objects.create(key="k", user=StaffFactory(), kind=Kind.DIGEST, next_attempt_at=at(DUE))
    long_ago = timezone.now() - datetime.timedelta(hours=2)  # a run that began long ago
    Notification.objects.filter(pk=notification.pk).update(next_attempt_at=long_ago)
    assert claim(notification.pk, long_ago)
    notification.refresh_from_db()
    assert notification.claimed_until > timezone.now() + LEASE - datetime.timedelta(minutes=1)
