"""Every change staff make is traceable: who changed what and when, visible in the admin."""

import pytest
from django.urls import reverse

from cooperation.models import Meeting, Proposal
from cooperation.services import change_status
from tests.factories import EditorFactory, ManagerFactory, MeetingFactory, SuperuserFactory, TradeFigureFactory
from tests.test_concurrency import meeting_form
from trade.services import pin

pytestmark = pytest.mark.django_db


def test_admin_edit_records_who_changed_what(client):
    editor = EditorFactory(username="aigerim")
    client.force_login(editor)
    meeting = MeetingFactory(place="Aktau")
    client.post(reverse("admin:cooperation_meeting_change", args=[meeting.pk]), meeting_form(meeting, place="Baku"))

    latest = Meeting.objects.get(pk=meeting.pk).history.first()
    assert latest.history_user == editor
    assert latest.history_type == "~"
    delta = latest.diff_against(latest.prev_record)
    assert [(c.field, c.old, c.new) for c in delta.changes] == [
        ("place", "Aktau", "Baku"),
        ("place_en", "Aktau", "Baku"),
        ("version", 1, 2),
    ]


def test_history_is_shown_in_the_admin(client):
    client.force_login(SuperuserFactory())
    meeting = MeetingFactory()
    client.post(reverse("admin:cooperation_meeting_change", args=[meeting.pk]), meeting_form(meeting, place="Baku"))
    content = client.get(reverse("admin:cooperation_meeting_history", args=[meeting.pk])).content.decode()
    assert "Changed" in content or "Place" in content
    assert content.count("<tr") >= 3  # header, the creation, the change


def test_pinning_is_in_the_history():
    figure = TradeFigureFactory()
    pin(figure)
    latest = figure.history.first()
    delta = latest.diff_against(latest.prev_record)
    assert sorted((c.field, c.old, c.new) for c in delta.changes) == [("pinned", False, True), ("version", 1, 2)]


def test_a_status_change_is_in_the_proposals_history_with_who_and_what(demo):
    manager = ManagerFactory(username="dana")
    proposal = Proposal.objects.get(slug="tourism-ties")
    before = proposal.updated_at
    change_status(proposal, to="under_discussion", by=manager, note="Talks opened")

    proposal.refresh_from_db()
    latest = proposal.history.first()
    assert latest.history_user == manager
    assert latest.history_change_reason == "Status changed to “Under discussion”"
    delta = latest.diff_against(latest.prev_record)
    changed = {c.field: (c.old, c.new) for c in delta.changes}
    assert changed["status"] == ("proposed", "under_discussion")
    assert changed["version"] == (1, 2)
    assert "status_changed_at" in changed
    assert proposal.updated_at > before


def test_public_timeline_shows_the_status_history(client, demo):
    content = client.get(Proposal.objects.get(slug="caspian-cargo-fleet").get_absolute_url()).content.decode()
    assert "Status history" in content
    assert "In implementation" in content
