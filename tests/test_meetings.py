import pytest
from django.urls import reverse

from cooperation.models import Meeting
from tests.factories import (
    DraftProposalFactory,
    InternalMeetingFactory,
    MeetingFactory,
    ParticipationFactory,
    RaisingFactory,
    StaffFactory,
)

pytestmark = pytest.mark.django_db
LIST = reverse("cooperation:meetings")


def detail(meeting):
    return reverse("cooperation:meeting", args=[meeting.pk])


def test_list_shows_the_seed_meeting_with_participants_posts(client, demo):
    content = client.get(LIST).content.decode()
    assert "Head of Mangystau Region meets Azerbaijan&#x27;s Consul General in Aktau" in content
    assert "Nurdaulet Kilybay (Akim (head) of Mangystau Region)" in content
    assert "Elchin Mammadov (Consul General of Azerbaijan in Aktau)" in content


def test_detail_shows_date_place_participants_summary_and_proposals(client, demo):
    meeting = Meeting.objects.get()
    response = client.get(detail(meeting))
    content = response.content.decode()
    assert "7 June 2024" in content
    assert "the date it was reported" in content
    assert "Aktau" in content
    assert "Akim (head) of Mangystau Region, Akimat of Mangystau Region" in content
    assert "Consul General of Azerbaijan in Aktau, Consulate General of the Republic of Azerbaijan in Aktau" in content
    assert "Trend News Agency, 7 June 2024" in content
    assert len({r.proposal_id for r in response.context["raisings"]}) == 9
    assert len(response.context["raisings"]) == 13  # four proposals were voiced by both


def test_filter_by_year_and_search(client, demo):
    MeetingFactory(title="Forum in Baku", date="2025-05-01", place="Baku")
    assert [m.title for m in client.get(LIST, {"year": "2025"}).context["object_list"]] == ["Forum in Baku"]
    assert [m.title for m in client.get(LIST, {"q": "baku"}).context["object_list"]] == ["Forum in Baku"]


def test_internal_meeting_is_hidden_from_anonymous(client, demo):
    internal = InternalMeetingFactory(title="SECRET-INTERNAL-MEETING")
    assert "SECRET-INTERNAL-MEETING" not in client.get(LIST).content.decode()
    assert "1 meeting" in client.get(LIST).content.decode()
    assert client.get(detail(internal)).status_code == 404
    client.force_login(StaffFactory())
    assert "SECRET-INTERNAL-MEETING" in client.get(LIST).content.decode()
    assert client.get(detail(internal)).status_code == 200


def test_draft_proposal_raised_at_a_public_meeting_is_hidden(client, demo):
    meeting = Meeting.objects.get()
    RaisingFactory(meeting=meeting, proposal=DraftProposalFactory(title="SECRET-DRAFT-PROPOSAL"))
    assert "SECRET-DRAFT-PROPOSAL" not in client.get(detail(meeting)).content.decode()
    client.force_login(StaffFactory())
    assert "SECRET-DRAFT-PROPOSAL" in client.get(detail(meeting)).content.decode()


@pytest.mark.parametrize("bad", ["/meetings/999999/", "/meetings/abc/", "/meetings/?page=zz"])
def test_bad_urls_are_404(client, demo, bad):
    assert client.get(bad).status_code == 404


@pytest.mark.parametrize("rows", [5, 50])
def test_list_query_count_does_not_grow(client, demo, django_assert_num_queries, rows):
    for meeting in MeetingFactory.create_batch(rows):
        ParticipationFactory(meeting=meeting)
    # 1 count, 2 the page's keys, 3 the page of meetings, 4 their participants with officials and posts,
    # 5 footer publishers
    with django_assert_num_queries(5):
        assert client.get(LIST).status_code == 200


@pytest.mark.parametrize("rows", [5, 50])
def test_detail_query_count_does_not_grow(client, demo, django_assert_num_queries, rows):
    meeting = Meeting.objects.get()
    for _ in range(rows):
        ParticipationFactory(meeting=meeting)
    RaisingFactory.create_batch(rows, meeting=meeting)
    # 1 the meeting, 2 participants with officials and posts, 3 proposals raised, 4 footer publishers
    with django_assert_num_queries(4):
        assert client.get(detail(meeting)).status_code == 200
