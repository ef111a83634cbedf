"""Changing a proposal's status from its manage page."""

import pytest
from django.test import Client
from django.urls import reverse

from cooperation.models import Proposal, StatusChange
from cooperation.services import change_status
from tests.factories import (
    EditorFactory,
    FollowUpFactory,
    InternalMeetingFactory,
    ManagerFactory,
    MeetingFactory,
    OverdueFollowUpFactory,
    ProposalFactory,
    RaisingFactory,
    StatusChangeFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager():
    return ManagerFactory()


@pytest.fixture
def manager_client(client, manager):
    client.force_login(manager)
    return client


def url(proposal):
    return reverse("cooperation:manage-proposal", args=[proposal.slug])


def test_form_offers_only_legal_statuses(manager_client):
    proposal = ProposalFactory(status="under_discussion")
    form = manager_client.get(url(proposal)).context["form"]
    assert [value for value, _label in form.fields["to"].choices] == ["agreed", "on_hold", "declined", "withdrawn"]


def test_legal_change_with_note_and_meeting_is_recorded(manager_client, manager):
    raising = RaisingFactory()
    proposal = raising.proposal
    response = manager_client.post(
        url(proposal),
        {"to": "under_discussion", "note": "Discussed in Baku.", "meeting": raising.meeting.pk, "expected": "proposed"},
    )
    assert response.status_code == 302
    change = StatusChange.objects.get(proposal=proposal)
    assert (change.from_status, change.to_status, change.changed_by, change.meeting) == (
        "proposed",
        "under_discussion",
        manager,
        raising.meeting,
    )
    assert change.note == "Discussed in Baku."
    follow = manager_client.get(response.url)
    assert "Status changed to “Under discussion”" in follow.content.decode()


def test_illegal_transition_is_refused_and_changes_nothing(manager_client):
    proposal = ProposalFactory(status="proposed")
    response = manager_client.post(url(proposal), {"to": "completed", "note": "done", "expected": "proposed"})
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.status == "proposed"
    assert not StatusChange.objects.exists()


@pytest.mark.parametrize("target", ["on_hold", "declined", "withdrawn"])
def test_missing_note_is_refused(manager_client, target):
    proposal = ProposalFactory(status="agreed")
    response = manager_client.post(url(proposal), {"to": target, "note": "  ", "expected": "agreed"})
    assert response.status_code == 400
    assert "required" in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.status == "agreed"
    assert not StatusChange.objects.exists()


def test_completion_needs_a_note(manager_client):
    proposal = ProposalFactory(status="in_implementation")
    response = manager_client.post(url(proposal), {"to": "completed", "expected": "in_implementation"})
    assert response.status_code == 400
    assert not StatusChange.objects.exists()


def test_stale_form_is_refused_and_nothing_is_overwritten(manager_client):
    proposal = ProposalFactory(status="proposed")
    manager_client.get(url(proposal))  # the form is opened while the status is "proposed"
    change_status(proposal, to="under_discussion", by=ManagerFactory())  # someone else moves it

    response = manager_client.post(url(proposal), {"to": "declined", "note": "No.", "expected": "proposed"})

    assert response.status_code == 400
    assert "someone else" in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.status == "under_discussion"
    assert StatusChange.objects.count() == 1


def test_stale_form_to_a_status_still_legal_is_refused_too(manager_client):
    proposal = ProposalFactory(status="proposed")
    change_status(proposal, to="under_discussion", by=ManagerFactory())
    response = manager_client.post(url(proposal), {"to": "on_hold", "note": "wait", "expected": "proposed"})
    assert response.status_code == 400
    proposal.refresh_from_db()
    assert proposal.status == "under_discussion"


def test_foreign_csrf_token_is_refused(manager):
    proposal = ProposalFactory(status="proposed")
    client = Client(enforce_csrf_checks=True)
    client.force_login(manager)
    client.get(url(proposal))
    response = client.post(
        url(proposal), {"to": "under_discussion", "expected": "proposed", "csrfmiddlewaretoken": "x" * 64}
    )
    assert response.status_code == 403
    proposal.refresh_from_db()
    assert proposal.status == "proposed"


def test_own_csrf_token_is_accepted(manager):
    proposal = ProposalFactory(status="proposed")
    client = Client(enforce_csrf_checks=True)
    client.force_login(manager)
    token = client.get(url(proposal)).context["csrf_token"]
    response = client.post(
        url(proposal), {"to": "under_discussion", "expected": "proposed", "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302


def test_page_shows_the_full_timeline(manager_client, demo):
    proposal = Proposal.objects.get(slug="tourism-ties")
    FollowUpFactory(proposal=proposal, action="Draft a tourism route")
    content = manager_client.get(url(proposal)).content.decode()
    assert "Head of Mangystau Region meets" in content
    assert "As reported by Trend News Agency" in content
    assert "Draft a tourism route" in content


def test_closed_proposal_offers_no_change(manager_client):
    proposal = ProposalFactory(status="completed")
    assert "can no longer change" in manager_client.get(url(proposal)).content.decode()


def test_editor_sees_the_page_without_the_form(client):
    client.force_login(EditorFactory())
    response = client.get(url(ProposalFactory()))
    assert response.context["form"] is None
    assert "Only managers" in response.content.decode()


@pytest.mark.parametrize("rows", [5, 50])
def test_query_count_does_not_grow(manager_client, django_assert_num_queries, rows):
    proposal = ProposalFactory()
    RaisingFactory.create_batch(rows, proposal=proposal)
    FollowUpFactory.create_batch(rows, proposal=proposal)
    OverdueFollowUpFactory.create_batch(rows, proposal=proposal)
    for meeting in MeetingFactory.create_batch(rows):
        StatusChangeFactory(proposal=proposal, meeting=meeting)
    # 1 session, 2 user, 3-4 permissions, 5 the proposal, 6 meetings for the form,
    # 7 raisings, 8 history, 9 the meetings it was decided at, 10 follow-ups, 11 footer publishers,
    # 12 whether the user watches it
    with django_assert_num_queries(12):
        assert manager_client.get(url(proposal)).status_code == 200


@pytest.mark.parametrize("published", [True, False])
def test_the_writer_decides_whether_the_note_is_published(manager_client, client, published):
    proposal = ProposalFactory(status="proposed")
    form_page = manager_client.get(url(proposal)).content.decode()
    assert "Publish the note on the public proposal page" in form_page
    assert "Left empty, only staff see it." in form_page
    data = {"to": "under_discussion", "note": "Talks moved to Baku.", "meeting": "", "expected": "proposed"}
    if published:
        data["note_is_public"] = "on"

    assert manager_client.post(url(proposal), data).status_code == 302

    assert StatusChange.objects.get(proposal=proposal).note_is_public is published
    client.logout()
    public_page = client.get(proposal.get_absolute_url()).content.decode()
    assert "Under discussion" in public_page
    assert ("Talks moved to Baku." in public_page) is published


def test_the_form_offers_only_meetings_the_manager_may_see(client):
    proposal = ProposalFactory()
    public, internal = RaisingFactory(proposal=proposal).meeting, InternalMeetingFactory()
    RaisingFactory(proposal=proposal, meeting=internal)
    client.force_login(ManagerFactory(is_staff=False))
    form = client.get(url(proposal)).context["form"]
    assert list(form.fields["meeting"].queryset) == [public]
    response = client.post(
        url(proposal), {"to": "under_discussion", "note": "", "meeting": internal.pk, "expected": "proposed"}
    )
    assert response.status_code == 400
    assert not StatusChange.objects.filter(proposal=proposal).exists()
