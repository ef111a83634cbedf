"""The summary matrix, the follow-ups list and the meetings list."""

import csv
import datetime
import io
import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from cooperation import tables
from cooperation.indicator_store import refresh_pending
from cooperation.models import FollowUp, Meeting, Proposal
from tests.factories import (
    DraftProposalFactory,
    FollowUpFactory,
    ManagerFactory,
    MeetingFactory,
    OverdueFollowUpFactory,
    ParticipationFactory,
    ProposalFactory,
    RaisingFactory,
    SectorFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager_client(client):
    client.force_login(ManagerFactory())
    return client


def test_summary_counts_by_status_and_sector_with_links(manager_client, demo):
    content = manager_client.get(reverse("cooperation:manage")).content.decode()
    assert '<a href="/manage/proposals/?sector=investment&amp;status=proposed">2</a>' in content
    assert '<a href="/manage/proposals/?sector=maritime-transport&amp;status=in_implementation">1</a>' in content
    assert '<a href="/manage/proposals/?status=proposed">8</a>' in content


def test_summary_counts_drafts_for_staff(manager_client, demo):
    DraftProposalFactory(sector=SectorFactory(slug="tourism"), status="proposed")
    content = manager_client.get(reverse("cooperation:manage")).content.decode()
    assert '<a href="/manage/proposals/?status=proposed">9</a>' in content


def test_follow_ups_overdue_first_then_by_due_date(manager_client):
    proposal = ProposalFactory()
    FollowUpFactory(proposal=proposal, action="later", due_on=datetime.date(2099, 1, 1))
    FollowUpFactory(proposal=proposal, action="sooner", due_on=datetime.date(2098, 1, 1))
    FollowUpFactory(
        proposal=proposal, action="done", due_on=datetime.date(2000, 1, 1), done_on=datetime.date(2000, 1, 2)
    )
    OverdueFollowUpFactory(proposal=proposal, action="overdue")
    response = manager_client.get(reverse("cooperation:manage-follow-ups"))
    actions = [row.record.action for row in response.context["table"].page.object_list]
    assert actions == ["overdue", "sooner", "later", "done"]


def test_mark_done_sets_today_and_returns_to_the_list(manager_client):
    follow_up = OverdueFollowUpFactory()
    response = manager_client.post(
        reverse("cooperation:manage-follow-up-done", args=[follow_up.pk]), {"next": "/manage/follow-ups/?state=open"}
    )
    assert response.url == "/manage/follow-ups/?state=open"
    follow_up.refresh_from_db()
    assert follow_up.done_on == timezone.localdate()


def test_mark_done_ignores_a_foreign_next_url(manager_client):
    follow_up = FollowUpFactory()
    response = manager_client.post(
        reverse("cooperation:manage-follow-up-done", args=[follow_up.pk]), {"next": "https://evil.example/"}
    )
    assert response.url == reverse("cooperation:manage-follow-ups")


def test_marking_done_twice_keeps_the_first_date(manager_client):
    follow_up = FollowUpFactory(done_on=datetime.date(2024, 1, 1))
    manager_client.post(reverse("cooperation:manage-follow-up-done", args=[follow_up.pk]))
    assert FollowUp.objects.get(pk=follow_up.pk).done_on == datetime.date(2024, 1, 1)


def test_follow_ups_filter_by_state(manager_client):
    OverdueFollowUpFactory(action="late")
    FollowUpFactory(action="fine", due_on=datetime.date(2099, 1, 1))
    response = manager_client.get(reverse("cooperation:manage-follow-ups"), {"state": "overdue"})
    assert [row.record.action for row in response.context["table"].page.object_list] == ["late"]


def test_meetings_list_with_partner_participants_and_proposals(manager_client, demo):
    response = manager_client.get(reverse("cooperation:manage-meetings"), {"_export": "csv"})
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["Date", "Title", "Place", "Partner", "Participants", "Proposals raised", "Visibility"]
    assert rows[1] == [
        "2024-06-07",
        "Head of Mangystau Region meets Azerbaijan's Consul General in Aktau",
        "Aktau",
        "Azerbaijan",
        "Nurdaulet Kilybay; Elchin Mammadov",
        "9",
        "Public",
    ]


def test_each_meeting_counts_the_proposals_raised_at_it_once(manager_client):
    busy = MeetingFactory(title="Busy")
    MeetingFactory(title="Quiet")
    first, second = ProposalFactory(), ProposalFactory()
    RaisingFactory(meeting=busy, proposal=first)
    RaisingFactory(meeting=busy, proposal=second)
    RaisingFactory(meeting=MeetingFactory(title="Elsewhere"), proposal=first)
    response = manager_client.get(reverse("cooperation:manage-meetings"))
    counts = {row.record.title: row.record.proposal_count for row in response.context["table"].page.object_list}
    assert counts == {"Busy": 2, "Quiet": 0, "Elsewhere": 1}


@pytest.mark.parametrize("rows", [5, 50])
def test_follow_ups_query_count_does_not_grow(manager_client, django_assert_num_queries, rows):
    FollowUpFactory.create_batch(rows, proposal=ProposalFactory())
    # 1 session, 2 user, 3-4 permissions, 5 count, 6 the page's keys, 7 the page with proposals and owners,
    # 8 footer
    with django_assert_num_queries(8):
        assert manager_client.get(reverse("cooperation:manage-follow-ups")).status_code == 200


@pytest.mark.parametrize("rows", [5, 50])
def test_meetings_query_count_does_not_grow(manager_client, django_assert_num_queries, rows):
    for meeting in MeetingFactory.create_batch(rows):
        ParticipationFactory(meeting=meeting)
    # 1 session, 2 user, 3-4 permissions, 5 count, 6 the page's keys, 7 the page, 8 participants, 9 footer
    with django_assert_num_queries(9):
        assert manager_client.get(reverse("cooperation:manage-meetings")).status_code == 200


@pytest.mark.parametrize("rows", [5, 50])
def test_summary_query_count_does_not_grow(manager_client, django_assert_num_queries, rows):
    ProposalFactory.create_batch(rows)
    refresh_pending()
    # 1 session, 2 user, 3-4 permissions, 5 counts, 6 sectors, 7 pending indicator changes (none),
    # 8 indicator movements by sector, 9 footer
    with django_assert_num_queries(9):
        assert manager_client.get(reverse("cooperation:manage")).status_code == 200
    assert Proposal.objects.count() == rows


@pytest.mark.parametrize("table_name", ["ProposalStatusTable", "MeetingTable", "FollowUpTable"])
def test_lean_rows_are_the_stock_templates_rows(rf, demo, table_name):
    """The rows written in Python are what django-tables2's own template writes, cell for cell."""
    OverdueFollowUpFactory()
    FollowUpFactory(action="Ship <samples> & prices")
    MeetingFactory(title="<b>Bold & cargo</b>")
    data = {
        "ProposalStatusTable": lambda: Proposal.objects.for_list().with_indicator().with_status_facts(None),
        "MeetingTable": lambda: Meeting.objects.annotate(proposal_count=Count("raisings")),
        "FollowUpTable": lambda: FollowUp.objects.select_related("proposal", "owner"),
    }[table_name]
    request = rf.get("/manage/")
    request.user = AnonymousUser()

    def body(template):
        table = getattr(tables, table_name)(data(), template_name=template)
        table.paginate(per_page=100)
        html = table.as_html(request)
        rows = html[html.index("<tbody") : html.index("</tbody>")]
        return re.sub(r">\s+<", "><", re.sub(r"\s+", " ", rows)).replace(' class=""', "").replace(" >", ">").strip()

    lean, stock = body("django_tables2/lean_table.html"), body("django_tables2/table.html")
    assert lean.count("<tr") > 1
    assert lean == stock
