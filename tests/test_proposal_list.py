import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from cooperation.models import Proposal, Sector
from tests.factories import (
    DraftProposalFactory,
    EconomyFactory,
    ProposalFactory,
    RaisingFactory,
    SectorFactory,
    StaffFactory,
)

pytestmark = pytest.mark.django_db
URL = reverse("cooperation:proposals")


def titles(response):
    return [p.title for p in response.context["object_list"]]


def test_lists_every_proposal_of_the_story(client, demo):
    response = client.get(URL)
    assert response.status_code == 200
    assert len(titles(response)) == 9
    assert "9 proposals" in response.content.decode()


def test_filter_by_sector(client, demo):
    response = client.get(URL, {"sector": "tourism"})
    assert titles(response) == ["Stronger tourism ties between Azerbaijan and Mangystau"]


def test_filter_by_status(client, demo):
    response = client.get(URL, {"status": "in_implementation"})
    assert titles(response) == ["Larger cargo fleet of the two state maritime companies"]


def test_filter_by_partner(client, demo):
    ProposalFactory(title="With Georgia", to_economy=EconomyFactory(code="GE"))
    assert titles(client.get(URL, {"partner": "GE"})) == ["With Georgia"]
    assert len(titles(client.get(URL, {"partner": "AZ"}))) == 9


def test_filter_by_year_raised(client, demo):
    RaisingFactory(proposal=ProposalFactory(title="Raised in 2025"), meeting__date="2025-03-01")
    assert titles(client.get(URL, {"year": "2025"})) == ["Raised in 2025"]
    assert len(titles(client.get(URL, {"year": "2024"}))) == 9


def test_search_in_title_and_summary(client, demo):
    assert titles(client.get(URL, {"q": "fleet"})) == ["Larger cargo fleet of the two state maritime companies"]
    assert titles(client.get(URL, {"q": "Turkic"})) == [
        "Events and delegations for Aktau 2025, capital of the Turkic world"
    ]


def test_sort_descending_by_title(client, demo):
    names = titles(client.get(URL, {"sort": "-title"}))
    assert names == sorted(names, reverse=True)


def test_pagination_keeps_the_filters(client, demo):
    ProposalFactory.create_batch(25, sector=Sector.objects.get(slug="textiles"))
    response = client.get(URL, {"sector": "textiles"})
    assert len(titles(response)) == 20
    assert "sector=textiles&amp;page=2" in response.content.decode()
    assert len(titles(client.get(URL, {"sector": "textiles", "page": 2}))) == 6


@pytest.mark.parametrize("query", [{"year": "abc"}, {"sector": "no-such-sector"}, {"status": "lost"}, {"sort": "x"}])
def test_malformed_filters_get_a_clear_message(client, demo, query):
    response = client.get(URL, query)
    assert response.status_code == 200
    assert "were not understood" in response.content.decode()


@pytest.mark.parametrize("page", ["abc", "999", "-1"])
def test_malformed_page_is_404(client, demo, page):
    assert client.get(URL, {"page": page}).status_code == 404


def test_drafts_are_absent_for_anonymous_and_counted_for_staff(client, demo):
    DraftProposalFactory(title="SECRET-DRAFT-PROPOSAL")
    response = client.get(URL, {"q": "SECRET"})
    assert titles(response) == []
    assert "SECRET-DRAFT-PROPOSAL" not in client.get(URL).content.decode()
    assert "9 proposals" in client.get(URL).content.decode()

    client.force_login(StaffFactory())
    assert "10 proposals" in client.get(URL).content.decode()
    assert titles(client.get(URL, {"q": "SECRET"})) == ["SECRET-DRAFT-PROPOSAL"]


@pytest.mark.parametrize("rows", [5, 50])
def test_query_count_does_not_grow(client, demo, django_assert_num_queries, rows):
    ProposalFactory.create_batch(rows)
    # 1 count, 2 the page's keys, 3 the page of proposals with sector, economies and proposer,
    # 4 sectors for the filter form, 5 partner economies for the filter form, 6 footer publishers
    with django_assert_num_queries(6):
        assert client.get(URL).status_code == 200
    assert Proposal.objects.count() == 9 + rows


def test_a_deep_page_lists_the_right_rows_in_order(client):
    """Pages are fetched by key first; what each page lists is what plain slicing would list."""
    ProposalFactory.create_batch(45)
    expected = list(Proposal.objects.visible_to(AnonymousUser()).order_by("title").values_list("title", flat=True))
    shown = []
    for page in (1, 2, 3):
        shown += [p.title for p in client.get(URL, {"page": page}).context["object_list"]]
    assert shown == expected


def test_the_chosen_sector_and_partner_stay_chosen_in_the_filter_form(client, demo):
    Proposal.objects.filter(slug="tourism-ties").update(sector=SectorFactory(name="Salt & <Sand>", slug="salt"))
    html = client.get(URL, {"sector": "salt", "partner": "AZ"}).content.decode()
    assert '<option value="salt" selected>Salt &amp; &lt;Sand&gt;</option>' in html
    assert '<option value="AZ" selected>' in html
    for name in ("sector", "partner"):
        select = re.search(rf'<select name="{name}".*?</select>', html, re.S).group()
        assert select.count(" selected>") == 1, name
    unfiltered = re.search(r'<select name="partner".*?</select>', client.get(URL).content.decode(), re.S).group()
    assert '<option value="" selected>' in unfiltered
    assert unfiltered.count(" selected>") == 1
