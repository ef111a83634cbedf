"""Open-data files: what the public pages show, every column explained on the page."""

import csv
import io
import json

import pytest

from cooperation.models import Meeting, Proposal
from tests.factories import DraftProposalFactory, InternalMeetingFactory, ProposalFactory
from trade.models import TradeFigure

pytestmark = pytest.mark.django_db


def read(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return b"".join(response.streaming_content).decode("utf-8-sig")


@pytest.mark.parametrize("name", ["proposals", "meetings", "trade-figures"])
def test_each_file_holds_what_a_visitor_sees_in_both_formats(client, demo, name):
    DraftProposalFactory(title="LEAKMARKER draft")
    InternalMeetingFactory(title="LEAKMARKER meeting")
    rows = list(csv.DictReader(io.StringIO(read(client, f"/open-data/{name}.csv"))))
    objects = json.loads(read(client, f"/open-data/{name}.json"))
    expected = {
        "proposals": Proposal.objects.filter(visibility="public").count(),
        "meetings": Meeting.objects.filter(visibility="public").count(),
        "trade-figures": TradeFigure.objects.count(),
    }[name]
    assert len(rows) == len(objects) == expected > 0
    assert "LEAKMARKER" not in json.dumps(objects, ensure_ascii=False)
    assert [list(row.keys()) for row in rows[:1]] == [list(objects[0].keys())]
    page = client.get("/open-data/").content.decode()
    for column in rows[0]:
        assert f"<code>{column}</code>" in page  # every column is explained


def test_the_seed_figure_keeps_its_source(client, demo):
    rows = list(csv.DictReader(io.StringIO(read(client, "/open-data/trade-figures.csv"))))
    turnover = next(r for r in rows if r["measure"] == "turnover" and r["year"] == "2023")
    assert turnover["value_usd"] == "529400000.00"
    assert turnover["source_publisher"]


def test_a_title_a_spreadsheet_would_run_is_kept_as_text(client):
    ProposalFactory(title='=HYPERLINK("http://evil.example")', slug="formula")
    text = read(client, "/open-data/proposals.csv")
    assert "'=HYPERLINK" in text


def test_the_page_says_when_each_file_last_changed_and_the_licence(client, demo):
    page = client.get("/open-data/").content.decode()
    assert "CC BY 4.0" in page
    assert "Last changed: 20" in page


@pytest.mark.parametrize("url", ["/open-data/nothing.csv", "/open-data/proposals.xml"])
def test_an_unknown_file_is_not_found(client, url):
    assert client.get(url).status_code == 404


def test_a_files_queries_do_not_grow_with_its_rows(client, django_assert_num_queries):
    for rows in (3, 30):
        for _ in range(rows):
            ProposalFactory()
        with django_assert_num_queries(3):  # the proposals, their product groups, their corridor measures
            read(client, "/open-data/proposals.csv")


def test_when_the_figures_last_changed_is_read_without_sorting_them(client, demo):
    """Each source's first figure is found through the figures' source index: a sort in the subquery (the
    figures' default order) would read and sort a million figures at national scale."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get("/open-data/").status_code == 200
    lookups = [q["sql"] for q in queries.captured_queries if "trade_tradefigure" in q["sql"]]
    assert lookups
    assert not any("ORDER BY" in sql.split("trade_tradefigure", 1)[1].split(")")[1] for sql in lookups)
