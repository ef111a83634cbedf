import datetime

import pytest
from django.urls import reverse

from cooperation.models import Proposal
from tests.factories import (
    CorridorFigureFactory,
    DraftProposalFactory,
    FollowUpFactory,
    InternalMeetingFactory,
    MeetingFactory,
    RaisingFactory,
    StaffFactory,
    StatusChangeFactory,
    TradeFigureFactory,
)
from trade.models import Place, ProductGroup, TradeFigure

pytestmark = pytest.mark.django_db


def url(slug):
    return reverse("cooperation:proposal", args=[slug])


def test_shows_who_proposed_it_with_the_post_held_that_day(client, demo):
    content = client.get(url("food-and-fruit-supply-from-azerbaijan")).content.decode()
    assert "Nurdaulet Kilybay</a>, Akim (head) of Mangystau Region" in content
    assert "Elchin Mammadov</a>, Consul General of Azerbaijan in Aktau" in content
    assert "7 June 2024" in content


def test_shows_the_status_timeline(client, demo):
    content = client.get(url("caspian-cargo-fleet")).content.decode()
    assert "In implementation" in content
    assert "As reported by Trend News Agency" in content


def test_total_trade_proposal_shows_the_seed_figures_with_their_source(client, demo):
    response = client.get(url("caspian-cargo-fleet"))
    content = response.content.decode()
    assert "these are the figures of Kazakhstan" in content
    for figure in ("529.4", "463.3", "456.3", "73.0", "88.3", "+14.2 %"):
        assert figure in content
    source = TradeFigure.objects.first().source
    assert source.get_absolute_url() in content
    assert "<svg" in content


def test_sector_without_goods_says_so_instead_of_a_number(client, demo):
    content = client.get(url("tourism-ties")).content.decode()
    assert "is not trade in goods" in content
    assert "529.4" not in content
    assert "<svg" not in content


def test_goods_without_figures_say_so_and_show_total_only_as_context(client, demo):
    content = client.get(url("food-and-fruit-supply-from-azerbaijan")).content.decode()
    assert "No figures have been published yet for these goods" in content
    assert "For context: all goods" in content


def test_goods_with_figures_show_baseline_latest_and_change(client, demo):
    proposal = Proposal.objects.get(slug="food-and-fruit-supply-from-azerbaijan")
    kz = proposal.from_economy.parent
    for code, values in {"07": ("10.0", "12.0"), "08": ("20.0", "18.0")}.items():
        group = ProductGroup.objects.get(code=code)
        for year, value in zip((2023, 2024), values, strict=True):
            TradeFigureFactory(
                reporter=kz,
                partner=proposal.to_economy,
                measure=TradeFigure.Measure.IMPORT,
                product_group=group,
                year=year,
                value_usd=f"{value}e6",
            )
    content = client.get(url(proposal.slug)).content.decode()
    assert "Baseline 2023" in content
    assert "+20.0 %" in content  # chapter 07: 10.0 -> 12.0
    assert "-10.0 %" in content  # chapter 08: 20.0 -> 18.0
    assert "For context" not in content


def test_draft_is_404_for_anonymous_and_shown_marked_to_staff(client, demo):
    draft = DraftProposalFactory(title="SECRET-DRAFT-PROPOSAL")
    assert client.get(url(draft.slug)).status_code == 404
    client.force_login(StaffFactory())
    content = client.get(url(draft.slug)).content.decode()
    assert "SECRET-DRAFT-PROPOSAL" in content
    assert "badge-draft" in content


def test_internal_meetings_and_follow_ups_are_hidden_from_anonymous(client, demo):
    proposal = Proposal.objects.get(slug="tourism-ties")
    RaisingFactory(proposal=proposal, meeting=InternalMeetingFactory(title="SECRET-INTERNAL-MEETING"))
    FollowUpFactory(proposal=proposal, action="SECRET-INTERNAL-ACTION", visibility="internal")
    FollowUpFactory(proposal=proposal, action="Public action", due_on=datetime.date(2020, 1, 1))
    content = client.get(url(proposal.slug)).content.decode()
    assert "SECRET-INTERNAL-MEETING" not in content
    assert "SECRET-INTERNAL-ACTION" not in content
    assert "Public action" in content
    assert "overdue" in content
    client.force_login(StaffFactory())
    content = client.get(url(proposal.slug)).content.decode()
    assert "SECRET-INTERNAL-MEETING" in content
    assert "SECRET-INTERNAL-ACTION" in content


def test_unknown_slug_is_404(client, demo):
    assert client.get(url("no-such-proposal")).status_code == 404


@pytest.mark.parametrize("rows", [5, 50])
def test_query_count_does_not_grow(client, demo, django_assert_num_queries, rows):
    proposal = Proposal.objects.get(slug="caspian-cargo-fleet")
    RaisingFactory.create_batch(rows, proposal=proposal)
    FollowUpFactory.create_batch(rows, proposal=proposal)
    for meeting in MeetingFactory.create_batch(rows):
        StatusChangeFactory(proposal=proposal, meeting=meeting)
    aktau = Place.objects.get(code="AKTAU")
    for year in range(2000, 2000 + rows):
        TradeFigureFactory(reporter=proposal.from_economy.parent, partner=proposal.to_economy, year=year)
        CorridorFigureFactory(place=aktau, year=year)
    # 1 the proposal with sector, economies and proposer; 2 its target groups; 3 its sector's groups;
    # 4 raisings with meetings and speakers; 5 posts held at those meetings; 6 status history;
    # 7 the meetings it was decided at; 8 follow-ups with owners; 9 TOTAL group; 10 the pair's figures
    # with sources; 11 its corridor measures with their places, 12 those places' economies, 13 their figures
    # with sources; 14 footer publishers
    with django_assert_num_queries(14):
        assert client.get(url(proposal.slug)).status_code == 200
