"""Two people edit the same record: the second save is refused, shows what changed, overwrites nothing."""

import pytest
from django.test import Client
from django.urls import reverse

from cooperation.models import Meeting, Official, Proposal
from cooperation.services import change_status
from tests.factories import (
    EditorFactory,
    MeetingFactory,
    OfficialFactory,
    ProposalFactory,
    SuperuserFactory,
    TradeFigureFactory,
)
from tests.test_admin import MEETING_TEXT, in_english, inline_management, meeting_post, proposal_post
from tests.test_admin_trade import trade_figure_post
from trade.models import TradeFigure

pytestmark = pytest.mark.django_db


def editor(user=None):
    client = Client()
    client.force_login(user or EditorFactory())
    return client


def meeting_form(meeting, **changes):
    data = meeting_post(
        title=meeting.title,
        date=meeting.date.isoformat(),
        place=meeting.place,
        visibility=meeting.visibility,
        summary=meeting.summary,
        version=meeting.version,
        **{**inline_management("participations", 0), **inline_management("raisings", 0)},
    )
    data.update(changes)
    return in_english(data, *MEETING_TEXT)


def test_second_meeting_save_is_refused_with_what_changed():
    meeting = MeetingFactory(title="Talks in Aktau", place="Aktau")
    alice, bob = EditorFactory(username="alice"), EditorFactory(username="bob")
    url = reverse("admin:cooperation_meeting_change", args=[meeting.pk])
    opened_by_bob = Meeting.objects.get(pk=meeting.pk)  # Bob opens the form at version 1

    assert editor(alice).post(url, meeting_form(meeting, place="Baku")).status_code == 302
    response = editor(bob).post(url, meeting_form(opened_by_bob, summary="Bob's summary"))

    assert response.status_code == 200
    content = response.content.decode()
    assert "Someone else saved this meeting since you opened it (alice" in content
    assert "place: “Aktau” → “Baku”" in content
    meeting.refresh_from_db()
    assert (meeting.place, meeting.summary, meeting.version) == ("Baku", "Talks on trade.", 2)


def test_saves_one_after_another_each_raise_the_version():
    meeting = MeetingFactory()
    url = reverse("admin:cooperation_meeting_change", args=[meeting.pk])
    client = editor()
    for version, place in enumerate(["Baku", "Aktau", "Astana"], start=1):
        meeting.version = version
        assert client.post(url, meeting_form(meeting, place=place)).status_code == 302
    meeting.refresh_from_db()
    assert (meeting.place, meeting.version) == ("Astana", 4)
    assert meeting.history.count() == 4  # created, then three saves


def test_second_proposal_save_is_refused():
    proposal = ProposalFactory(title="Old title")
    url = reverse("admin:cooperation_proposal_change", args=[proposal.pk])
    stale = Proposal.objects.get(pk=proposal.pk)
    assert editor().post(url, proposal_post(proposal, title="New title")).status_code == 302
    response = editor().post(url, proposal_post(stale, summary="overwrite"))
    assert "Someone else saved this proposal" in response.content.decode()
    proposal.refresh_from_db()
    assert (proposal.title, proposal.summary) == ("New title", "A proposal.")


def test_status_change_on_the_manage_page_makes_an_open_admin_form_stale():
    proposal = ProposalFactory()
    stale = Proposal.objects.get(pk=proposal.pk)
    change_status(proposal, to="under_discussion", by=SuperuserFactory())
    response = editor().post(
        reverse("admin:cooperation_proposal_change", args=[proposal.pk]), proposal_post(stale, title="Renamed")
    )
    assert "Someone else saved this proposal" in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.title != "Renamed"


def test_second_official_save_is_refused():
    official = OfficialFactory(full_name="Nurdaulet Kilybay")
    url = reverse("admin:cooperation_official_change", args=[official.pk])
    data = {
        "full_name": official.full_name,
        "slug": official.slug,
        "economy": official.economy_id,
        "version": 1,
        **inline_management("positions", 0),
    }
    assert editor().post(url, {**data, "full_name": "N. Kilybay"}).status_code == 302
    response = editor().post(url, {**data, "full_name": "Nurdaulet K."})
    assert "Someone else saved this official" in response.content.decode()
    assert Official.objects.get(pk=official.pk).full_name == "N. Kilybay"


def test_second_trade_figure_save_is_refused():
    figure = TradeFigureFactory()
    url = reverse("admin:trade_tradefigure_change", args=[figure.pk])
    data = trade_figure_post(figure, value_usd="529400000.00", value_step="100000")
    assert editor().post(url, {**data, "value_usd": "530000000.00"}).status_code == 302
    response = editor().post(url, {**data, "value_usd": "1.00"})
    assert "Someone else saved this trade figure" in response.content.decode()
    assert TradeFigure.objects.get(pk=figure.pk).value_usd == 530000000
