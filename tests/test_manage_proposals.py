"""The managers' status list: filters, sorting, pagination, exports."""

import csv
import datetime
import io
import re

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from cooperation.indicator_store import refresh_pending
from cooperation.models import Proposal, Sector
from tests.factories import (
    DraftProposalFactory,
    EconomyFactory,
    FollowUpFactory,
    ManagerFactory,
    MeetingFactory,
    OfficialFactory,
    OverdueFollowUpFactory,
    ProposalFactory,
    RaisingFactory,
)

pytestmark = pytest.mark.django_db
URL = reverse("cooperation:manage-proposals")


@pytest.fixture
def manager_client(client):
    client.force_login(ManagerFactory())
    return client


def titles(response):
    return [row.record.title for row in response.context["table"].page.object_list]


def test_columns_show_status_facts(manager_client, demo):
    fleet = Proposal.objects.get(slug="caspian-cargo-fleet")
    FollowUpFactory(proposal=fleet, due_on=datetime.date(2030, 1, 1), owner=OfficialFactory(full_name="Port Officer"))
    response = manager_client.get(URL, {"q": "fleet"})
    content = response.content.decode()
    assert "KZ-47 → AZ" in content
    assert "In implementation" in content
    assert "2024-06-07" in content  # last meeting where it was raised
    assert "2030-01-01" in content
    assert "Port Officer" in content


def test_overdue_follow_up_is_highlighted(manager_client, demo):
    OverdueFollowUpFactory(proposal=Proposal.objects.get(slug="tourism-ties"))
    content = manager_client.get(URL).content.decode()
    assert re.search(r'<tr class="overdue (odd|even)"', content)
    assert "(overdue)" in content


def test_filter_by_several_statuses(manager_client, demo):
    ProposalFactory(title="Agreed one", status="agreed")
    response = manager_client.get(URL, {"status": ["agreed", "in_implementation"]})
    assert sorted(titles(response)) == ["Agreed one", "Larger cargo fleet of the two state maritime companies"]


def test_filter_by_sector_partner_visibility(manager_client, demo):
    DraftProposalFactory(title="Draft with Georgia", to_economy=EconomyFactory(code="GE"))
    assert titles(manager_client.get(URL, {"sector": "tourism"})) == [
        "Stronger tourism ties between Azerbaijan and Mangystau"
    ]
    assert titles(manager_client.get(URL, {"partner": "GE"})) == ["Draft with Georgia"]
    assert titles(manager_client.get(URL, {"visibility": "draft"})) == ["Draft with Georgia"]


def test_filter_overdue_only(manager_client, demo):
    OverdueFollowUpFactory(proposal=Proposal.objects.get(slug="tourism-ties"))
    FollowUpFactory(proposal=Proposal.objects.get(slug="textiles-trade"), due_on=datetime.date(2099, 1, 1))
    assert titles(manager_client.get(URL, {"overdue": "on"})) == [
        "Stronger tourism ties between Azerbaijan and Mangystau"
    ]


def test_filter_stale(manager_client, demo):
    ProposalFactory(title="Fresh", status_changed_at=timezone.now())
    stale = titles(manager_client.get(URL, {"stale_days": "30"}))
    assert "Fresh" not in stale
    assert len(stale) == 9


def test_filter_raised_between(manager_client, demo):
    RaisingFactory(proposal=ProposalFactory(title="Raised in 2025"), meeting=MeetingFactory(date="2025-03-01"))
    response = manager_client.get(URL, {"raised_after": "2025-01-01", "raised_before": "2025-12-31"})
    assert titles(response) == ["Raised in 2025"]


def test_sort_by_any_column(manager_client, demo):
    table = manager_client.get(URL).context["table"]
    for column in table.columns:
        if not column.orderable:
            continue
        for direction in ("", "-"):
            response = manager_client.get(URL, {"sort": f"{direction}{column.name}"})
            assert response.status_code == 200, column.name
    names = titles(manager_client.get(URL, {"sort": "-title"}))
    assert names == sorted(names, reverse=True)


@pytest.mark.parametrize("sort", ["next_due", "-next_due", "last_meeting_date", "next_owner"])
def test_sorting_by_a_fact_orders_every_row(manager_client, demo, sort):
    FollowUpFactory(proposal=Proposal.objects.get(slug="tourism-ties"), due_on=datetime.date(2030, 1, 1))
    FollowUpFactory(proposal=Proposal.objects.get(slug="textiles-trade"), due_on=datetime.date(2031, 1, 1))
    response = manager_client.get(URL, {"sort": sort})
    dues = [row.record.next_due for row in response.context["table"].page.object_list if row.record.next_due]
    if "next_due" in sort:
        assert dues == sorted(dues, reverse=sort.startswith("-"))
    assert len(dues) == 2


def test_sort_by_days_in_status_puts_the_oldest_first(manager_client, demo):
    ProposalFactory(title="Fresh", status_changed_at=timezone.now())
    assert titles(manager_client.get(URL, {"sort": "-days_in_status"}))[-1] == "Fresh"
    assert titles(manager_client.get(URL, {"sort": "days_in_status"}))[0] == "Fresh"


@pytest.mark.parametrize(("per_page", "shown"), [("25", 25), ("50", 50), ("100", 60)])
def test_page_sizes(manager_client, db, per_page, shown):
    ProposalFactory.create_batch(60)
    assert len(titles(manager_client.get(URL, {"per_page": per_page}))) == shown


def test_unsupported_page_size_is_refused_clearly(manager_client, demo):
    response = manager_client.get(URL, {"per_page": "100000"})
    assert response.status_code == 200
    assert "were not understood" in response.content.decode()


@pytest.mark.parametrize(
    "query", [{"stale_days": "x"}, {"raised_after": "2024-13-45"}, {"status": "lost"}, {"page": "abc"}, {"sort": "zz"}]
)
def test_bad_query_strings_never_fail(manager_client, demo, query):
    assert manager_client.get(URL, query).status_code == 200


def export(client, fmt, **query):
    response = client.get(URL, {**query, "_export": fmt})
    assert response.status_code == 200
    if fmt == "csv":
        return list(csv.reader(io.StringIO(response.content.decode())))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_is_exactly_the_filtered_sorted_list(manager_client, demo, fmt):
    ProposalFactory.create_batch(30, sector=Sector.objects.get(slug="textiles"))
    query = {"sector": "textiles", "sort": "-title"}
    rows = export(manager_client, fmt, **query)
    header, body = rows[0], rows[1:]
    assert header[:4] == ["Title", "Sector", "From → to", "Status"]
    expected = list(Proposal.objects.filter(sector__slug="textiles").order_by("-title").values_list("title", flat=True))
    assert [row[0] for row in body] == expected  # every row, not only the first page
    assert len(body) == 31


def test_xlsx_export_has_plain_values(manager_client, demo):
    FollowUpFactory(proposal=Proposal.objects.get(slug="tourism-ties"), due_on=datetime.date(2030, 5, 1))
    rows = export(manager_client, "xlsx", q="tourism")
    header, row = rows
    values = dict(zip(header, row, strict=True))
    assert isinstance(values["Days in status"], int)
    assert values["Next follow-up due"] in (datetime.datetime(2030, 5, 1), datetime.date(2030, 5, 1))
    assert values["Status"] == "Proposed"


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_holds_drafts_only_for_those_who_may_see_them(client, demo, fmt):
    DraftProposalFactory(title="SECRET-DRAFT-PROPOSAL")
    client.force_login(ManagerFactory())
    assert "SECRET-DRAFT-PROPOSAL" in [row[0] for row in export(client, fmt)]
    client.logout()
    assert client.get(URL, {"_export": fmt}).status_code == 302


@pytest.mark.parametrize("rows", [5, 50])
def test_query_count_does_not_grow(manager_client, demo, django_assert_num_queries, rows):
    for proposal in ProposalFactory.create_batch(rows):
        FollowUpFactory(proposal=proposal)
        RaisingFactory(proposal=proposal)
    refresh_pending()
    # 1 session, 2 user, 3-4 the user's and its groups' permissions, 5 pending indicator changes (none),
    # 6 count, 7 the page's keys, 8 the page of proposals with their indicators, 9 last meetings of the
    # page's proposals, 10 their open follow-ups, 11 sectors for the filter, 12 partners for the filter,
    # 13 footer publishers
    with django_assert_num_queries(13):
        assert manager_client.get(URL).status_code == 200


def test_every_page_lists_the_right_rows_in_the_sorted_order(manager_client, db):
    """The table's pages are fetched by key first; together they list what the sort gives, once each."""
    ProposalFactory.create_batch(60)
    expected = list(Proposal.objects.values_list("title", flat=True))
    shown = []
    for page in (1, 2, 3):
        shown += titles(manager_client.get(URL, {"sort": "-days_in_status", "page": page}))
    assert sorted(shown) == sorted(expected)
    assert len(set(shown)) == 60
    changed = dict(Proposal.objects.values_list("title", "status_changed_at"))
    assert [changed[t] for t in shown] == sorted(changed[t] for t in shown)  # most days in status first


def test_a_page_shows_the_same_next_follow_up_as_the_sorted_list(manager_client, db):
    """The page's own facts (read for its rows) and the sorted list's (a subquery per row) pick the same one."""
    proposal = ProposalFactory(title="Ferry line")
    due = datetime.date(2030, 5, 1)
    later, first, tied = (OfficialFactory(full_name=name) for name in ("Later Owner", "First Owner", "Tied Owner"))
    FollowUpFactory(proposal=proposal, due_on=datetime.date(2031, 1, 1), owner=later)
    FollowUpFactory(proposal=proposal, due_on=due, owner=first)
    FollowUpFactory(proposal=proposal, due_on=due, owner=tied)  # the same day, made after
    FollowUpFactory(proposal=proposal, due_on=datetime.date(2029, 1, 1), done_on=datetime.date(2029, 1, 2))
    for params in ({}, {"sort": "next_due"}):
        row = manager_client.get(URL, params).context["table"].page.object_list[0].record
        assert (row.next_due, row.next_owner) == (due, "First Owner"), params
