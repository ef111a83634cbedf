"""Bad input gets a clear message and changes nothing; random query strings never cause a 500."""

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cooperation.models import Meeting, Proposal
from tests.factories import EditorFactory, ManagerFactory, ProposalFactory, TradeFigureFactory
from tests.test_admin import meeting_post, proposal_post
from tests.test_admin_trade import trade_figure_post
from trade.models import TradeFigure

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client):
    client.force_login(EditorFactory())
    return client


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"title": "x" * 301}, "Ensure this value has at most 300 characters"),
        ({"date": "2024-02-30"}, "Enter a valid date"),
        ({"date": "yesterday"}, "Enter a valid date"),
        ({"visibility": "secret"}, "Select a valid choice"),
        ({"source_url": "javascript:alert(1)"}, "Enter a valid URL"),
        ({"title": ""}, "This field is required"),
    ],
)
def test_bad_meeting_input_is_refused_clearly(editor_client, change, message):
    response = editor_client.post(reverse("admin:cooperation_meeting_add"), meeting_post(**change))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Meeting.objects.exists()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"baseline_year": "-5"}, "greater than or equal to 0"),
        ({"baseline_year": "1066"}, "greater than or equal to 1990"),
        ({"baseline_year": "twenty"}, "Enter a whole number"),
        ({"sector": "999999"}, "Select a valid choice"),
        ({"slug": "not a slug!"}, "Enter a valid “slug”"),
    ],
)
def test_bad_proposal_input_is_refused_clearly(editor_client, change, message):
    proposal = ProposalFactory(title="Unchanged")
    response = editor_client.post(
        reverse("admin:cooperation_proposal_change", args=[proposal.pk]), proposal_post(proposal, title="New", **change)
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Proposal.objects.get().title == "Unchanged"


def test_same_economies_are_refused_clearly(editor_client):
    proposal = ProposalFactory()
    data = proposal_post(proposal, to_economy=proposal.from_economy.pk)
    response = editor_client.post(reverse("admin:cooperation_proposal_change", args=[proposal.pk]), data)
    assert "The partner economy must differ from the first one" in response.content.decode()


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"value_usd": "-1"}, "Trade values are never below zero"),
        ({"month_from": "7", "month_to": "3"}, "the first no later than the last"),
        ({"month_to": "13"}, "less than or equal to 12"),
        ({"value_usd": "lots"}, "Enter a number"),
        ({"year": "1800"}, "greater than or equal to 1900"),
    ],
)
def test_bad_trade_figure_input_is_refused_clearly(editor_client, change, message):
    figure = TradeFigureFactory()
    data = trade_figure_post(figure, **change)
    response = editor_client.post(reverse("admin:trade_tradefigure_change", args=[figure.pk]), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert TradeFigure.objects.get().value_usd == figure.value_usd


@pytest.mark.parametrize(
    "url",
    [
        "/proposals/does-not-exist/",
        "/meetings/0/",
        "/meetings/99999999999999999999/",
        "/officials/%00/",
        "/trade/KZ/NOPE/",
        "/trade/sources/123456/",
        "/manage/proposals/does-not-exist/",
    ],
)
def test_unknown_ids_and_slugs_are_404(url):
    client = Client()
    client.force_login(ManagerFactory())
    assert client.get(url).status_code == 404


LIST_PAGES = ["/proposals/", "/meetings/", "/manage/proposals/", "/manage/follow-ups/", "/manage/meetings/", "/"]
KEYS = ["q", "sector", "status", "partner", "year", "sort", "page", "per_page", "visibility", "overdue",
        "stale_days", "raised_after", "raised_before", "kind", "state", "_export", "movement", "contradicted",
        "x"]  # fmt: skip
query_values = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=30) | st.sampled_from(
    ["-1", "0", "1e9", "99999999999999999999", "2024-13-01", "NaN", "%", "' OR 1=1 --", "csv", "xlsx", "-title"]
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(page=st.sampled_from(LIST_PAGES), params=st.lists(st.tuples(st.sampled_from(KEYS), query_values), max_size=5))
def test_random_query_strings_never_cause_a_server_error(manager_client_for_hypothesis, page, params):
    response = manager_client_for_hypothesis.get(page, params)
    export = dict(params).get("_export")  # the last one given, as the view reads it
    refused = page.startswith("/manage/") and export and export not in ("csv", "xlsx")
    assert response.status_code in ((400,) if refused else (200, 404)), (page, params)


@pytest.fixture
def manager_client_for_hypothesis(client):
    ProposalFactory.create_batch(3)
    client.force_login(ManagerFactory())
    return client


@pytest.mark.parametrize("link", ["ftp://example.org/minutes.pdf", "javascript:alert(1)", "data:text/html,hi"])
def test_meeting_and_organization_links_are_web_addresses_only(link):
    from django.core.exceptions import ValidationError

    from tests.factories import MeetingFactory, OrganizationFactory

    for record, field in ((MeetingFactory.build(source_url=link), "source_url"),
                          (OrganizationFactory.build(website=link), "website")):  # fmt: skip
        with pytest.raises(ValidationError) as caught:
            record.full_clean(exclude=[f.name for f in record._meta.fields if f.name != field])
        assert field in caught.value.message_dict
