import pytest
from django.urls import reverse

from tests.factories import DraftProposalFactory, InternalMeetingFactory, MeetingFactory, ProposalFactory, StaffFactory

pytestmark = pytest.mark.django_db
URL = reverse("cooperation:home")


def test_home_shows_the_seed_headline_figures(client, demo):
    content = client.get(URL).content.decode()
    assert "Trade of Mangystau Region with Azerbaijan, 2023" in content
    assert "these are the figures of Kazakhstan" in content
    for figure in ("529.4", "+14.2 %", "456.3", "+21.6 %", "73.0", "-17.3 %", "383.3"):
        assert figure in content
    assert "Trend News Agency" in content


def test_home_lists_the_seed_meeting_and_active_proposals(client, demo):
    content = client.get(URL).content.decode()
    assert "Head of Mangystau Region meets Azerbaijan&#x27;s Consul General in Aktau" in content
    assert "Larger cargo fleet of the two state maritime companies" in content
    assert "Tourism" in content


def test_drafts_and_internal_meetings_are_absent_for_anonymous(client, demo):
    DraftProposalFactory(title="SECRET-DRAFT-PROPOSAL", sector=demo_sector())
    InternalMeetingFactory(title="SECRET-INTERNAL-MEETING")
    content = client.get(URL).content.decode()
    assert "SECRET-DRAFT-PROPOSAL" not in content
    assert "SECRET-INTERNAL-MEETING" not in content


def test_staff_see_drafts_marked(client, demo):
    DraftProposalFactory(title="SECRET-DRAFT-PROPOSAL", sector=demo_sector())
    InternalMeetingFactory(title="SECRET-INTERNAL-MEETING")
    client.force_login(StaffFactory())
    content = client.get(URL).content.decode()
    assert "SECRET-DRAFT-PROPOSAL" in content
    assert "SECRET-INTERNAL-MEETING" in content
    assert "badge-draft" in content
    assert "badge-internal" in content


def demo_sector():
    from cooperation.models import Sector

    return Sector.objects.get(slug="tourism")


@pytest.mark.parametrize("rows", [5, 50])
def test_home_query_count_does_not_grow(client, demo, django_assert_num_queries, rows):
    ProposalFactory.create_batch(rows, sector=demo_sector())
    MeetingFactory.create_batch(rows)
    # 1 active proposals counted by sector, 2 those sectors, 3 the most recently moved proposals,
    # 4 latest meetings, 5 the home pair's economies with their countries, 6 TOTAL product group,
    # 7 the pair's figures with sources, 8 footer publishers
    with django_assert_num_queries(8):
        assert client.get(URL).status_code == 200
