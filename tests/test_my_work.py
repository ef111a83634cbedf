"""A user's "My work" page, watching a proposal, and their settings."""

import datetime

import pytest
from django.urls import reverse

from cooperation.models import Visibility
from notifications.models import Digest, Profile, Watch
from tests.factories import (
    DraftProposalFactory,
    FollowUpFactory,
    ManagerFactory,
    OfficialFactory,
    ProfileFactory,
    ProposalFactory,
    SectorFactory,
    StaffFactory,
    UserFactory,
    WatchFactory,
)

pytestmark = pytest.mark.django_db
MY = "/my/"


def logged_in(client, user):
    client.force_login(user)
    return client


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(MY)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    proposal = ProposalFactory()
    response = client.post(reverse("notifications:watch", args=[proposal.slug]), {"watch": "1"})
    assert response.status_code == 302
    assert not Watch.objects.exists()


def test_my_work_lists_my_follow_ups_and_watched_proposals_only(client):
    me = StaffFactory(email="me@example.org")
    official = OfficialFactory()
    ProfileFactory(user=me, official=official)
    FollowUpFactory(owner=official, action="Mine through my official", due_on=datetime.date(2020, 1, 1))
    FollowUpFactory(assignee=me, action="Mine directly")
    FollowUpFactory(owner=official, assignee=StaffFactory(), action="Given to someone else")
    FollowUpFactory(action="Someone else's")
    watched = WatchFactory(user=me, proposal=ProposalFactory(title="Watched ferry")).proposal
    ProposalFactory(title="Unwatched port")
    content = logged_in(client, me).get(MY).content.decode()
    assert "Mine through my official" in content
    assert "Mine directly" in content
    assert "Given to someone else" not in content
    assert "Someone else&#x27;s" not in content
    assert "Someone else's" not in content
    assert "Watched ferry" in content
    assert watched.slug in content
    assert "Unwatched port" not in content
    assert "overdue" in content


def test_my_work_shows_nothing_i_may_not_see(client):
    me = UserFactory(email="me@example.org")
    official = OfficialFactory()
    ProfileFactory(user=me, official=official)
    FollowUpFactory(owner=official, action="LEAKMARKER internal", visibility=Visibility.INTERNAL)
    FollowUpFactory(owner=official, action="LEAKMARKER on a draft", proposal=DraftProposalFactory())
    WatchFactory(user=me, proposal=DraftProposalFactory(title="LEAKMARKER draft watched"))
    content = logged_in(client, me).get(MY).content.decode()
    assert "LEAKMARKER" not in content


def test_query_count_of_my_work_does_not_grow(client, django_assert_num_queries):
    me = ManagerFactory(email="me@example.org")
    official = OfficialFactory()
    profile = ProfileFactory(user=me, official=official)
    profile.sectors.add(SectorFactory())
    logged_in(client, me)
    counts = []
    for rows in (2, 20):
        for _ in range(rows):
            FollowUpFactory(owner=official)
            WatchFactory(user=me)
        # session, user, profile, the form's sectors (hidden ones kept, choices, those chosen), permissions x2,
        # follow-ups, watched proposals, my sectors named, e-mails to me, footer publishers
        with django_assert_num_queries(13) as captured:
            assert client.get(MY).status_code == 200
        counts.append(len(captured))
    assert counts[0] == counts[1]


def test_settings_are_saved_with_their_history(client):
    me = ManagerFactory(email="old@example.org")
    sector = SectorFactory(name="Ports")
    ProposalFactory(sector=sector)
    logged_in(client, me)
    response = client.post(
        MY,
        {
            "email": "new@example.org",
            "language": "kk",
            "reminders": "on",
            "digest": Digest.DAILY,
            "sectors": [sector.pk],
        },
    )
    assert response.status_code == 302
    profile = Profile.objects.get(user=me)
    me.refresh_from_db()
    assert me.email == "new@example.org"
    assert (profile.language, profile.reminders, profile.notices, profile.digest) == ("kk", True, False, Digest.DAILY)
    assert list(profile.sectors.all()) == [sector]
    assert profile.history.count() >= 1
    assert profile.history.first().history_user == me


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("email", "not-an-address", "Enter a valid email address."),
        ("language", "xx", "Select a valid choice."),
        ("digest", "hourly", "Select a valid choice."),
    ],
)
def test_bad_settings_are_refused_with_a_message_and_change_nothing(client, field, value, message):
    me = ManagerFactory(email="me@example.org")
    logged_in(client, me)
    data = {"email": "me@example.org", "language": "ru", "digest": Digest.WEEKLY, "reminders": "on", field: value}
    response = client.post(MY, data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Profile.objects.filter(user=me).exists()
    me.refresh_from_db()
    assert me.email == "me@example.org"


def test_someone_without_manager_rights_has_no_digest_or_sector_choice(client):
    me = UserFactory(email="me@example.org")
    content = logged_in(client, me).get(MY).content.decode()
    assert 'name="digest"' not in content
    assert 'name="sectors"' not in content
    assert 'name="reminders"' in content


def test_a_sector_only_drafts_use_is_not_offered_to_a_manager_without_staff_rights(client):
    me = ManagerFactory(is_staff=False)
    DraftProposalFactory(sector=SectorFactory(name="LEAKMARKER sector"))
    ProposalFactory(sector=SectorFactory(name="Public sector"))
    content = logged_in(client, me).get(MY).content.decode()
    assert "Public sector" in content
    assert "LEAKMARKER" not in content


def test_watching_and_unwatching_from_the_proposal_page(client):
    me = UserFactory()
    proposal = ProposalFactory()
    logged_in(client, me)
    page = client.get(proposal.get_absolute_url()).content.decode()
    assert "Watch this proposal" in page
    url = reverse("notifications:watch", args=[proposal.slug])
    response = client.post(url, {"watch": "1", "next": proposal.get_absolute_url()})
    assert response.status_code == 302
    assert response["Location"] == proposal.get_absolute_url()
    assert Watch.objects.filter(user=me, proposal=proposal).exists()
    assert "Stop watching" in client.get(proposal.get_absolute_url()).content.decode()
    client.post(url, {"watch": "1"})
    assert Watch.objects.filter(user=me, proposal=proposal).count() == 1
    client.post(url, {"watch": "0"})
    assert not Watch.objects.filter(user=me).exists()
    assert Watch.history.filter(history_type="-").count() == 1  # the audit history keeps the stop


def test_a_visitor_sees_no_watch_button(client):
    proposal = ProposalFactory()
    assert "Watch this proposal" not in client.get(proposal.get_absolute_url()).content.decode()


@pytest.mark.parametrize("value", ["", "yes", "2"])
def test_a_bad_watch_request_changes_nothing_and_says_why(client, value):
    me = UserFactory()
    proposal = ProposalFactory()
    logged_in(client, me)
    response = client.post(reverse("notifications:watch", args=[proposal.slug]), {"watch": value}, follow=True)
    assert "Say whether to watch the proposal or stop; nothing was changed." in response.content.decode()
    assert not Watch.objects.exists()


def test_a_proposal_one_may_not_see_cannot_be_watched(client):
    logged_in(client, UserFactory())
    draft = DraftProposalFactory()
    response = client.post(reverse("notifications:watch", args=[draft.slug]), {"watch": "1"})
    assert response.status_code == 404
    assert not Watch.objects.exists()


def test_watch_redirects_only_within_the_site(client):
    logged_in(client, UserFactory())
    proposal = ProposalFactory()
    response = client.post(
        reverse("notifications:watch", args=[proposal.slug]), {"watch": "1", "next": "https://evil.example/"}
    )
    assert response["Location"] == proposal.get_absolute_url()


def test_my_sectors_named_on_my_work_are_only_those_i_may_see(client):
    me = ManagerFactory(is_staff=False)
    profile = ProfileFactory(user=me)
    hidden = SectorFactory(name="LEAKMARKER sector")
    DraftProposalFactory(sector=hidden)
    shown = SectorFactory(name="Ports")
    ProposalFactory(sector=shown)
    profile.sectors.add(hidden, shown)  # as an admin may set them
    content = logged_in(client, me).get(MY).content.decode()
    assert "Ports" in content
    assert "LEAKMARKER" not in content
    client.post(MY, {"email": "", "language": "en", "digest": Digest.WEEKLY, "sectors": [shown.pk]})
    assert set(profile.sectors.all()) == {hidden, shown}  # the one not offered is kept, not dropped


def test_a_changed_address_is_in_the_settings_history(client):
    me = UserFactory(email="old@example.org")
    logged_in(client, me).post(MY, {"email": "new@example.org", "language": "en", "reminders": "on"})
    record = Profile.objects.get(user=me).history.first()
    assert record.history_change_reason == "E-mail address changed from “old@example.org” to “new@example.org”"
    assert record.history_user == me
