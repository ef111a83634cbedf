"""Script typed into any text field through the admin comes out escaped on every page."""

import csv
import datetime
import io

import pytest
from django.test import Client
from django.urls import reverse

from cooperation.models import Meeting, Official, Proposal
from tests.factories import (
    CorridorFigureFactory,
    DataSourceFactory,
    EconomyFactory,
    ManagerFactory,
    SectorFactory,
    SuperuserFactory,
)
from tests.test_admin import in_english, inline_management
from trade.models import Place

pytestmark = pytest.mark.django_db
PAYLOAD = '<script>alert("xss")</script><img src=x onerror=alert(1)>'
RAW = ["<script>alert(", "<img src=x onerror"]


@pytest.fixture
def entered():
    """Every text field of a meeting, its participants, a proposal, an official and a follow-up."""
    client = Client()
    client.force_login(SuperuserFactory())
    kz, az = EconomyFactory(code="KZ"), EconomyFactory(code="AZ")
    sector = SectorFactory(name="Sector " + PAYLOAD, slug="xss-sector", description=PAYLOAD)

    response = client.post(reverse("admin:cooperation_organization_add"), in_english({
        "name": "Org " + PAYLOAD, "short_name": "O" + PAYLOAD[:40], "kind": "akimat", "economy": kz.pk, "website": "",
    }, "name", "short_name"))  # fmt: skip
    assert response.status_code == 302
    organization_id = Official._meta.apps.get_model("cooperation", "Organization").objects.get().pk

    response = client.post(reverse("admin:trade_place_add"), in_english({
        "code": "XSS", "name": "Port " + PAYLOAD, "kind": "port", "economies": [kz.pk],
    }, "name"))  # fmt: skip
    assert response.status_code == 302
    place = Place.objects.get(code="XSS")
    CorridorFigureFactory(place=place, source=DataSourceFactory(title="Release " + PAYLOAD))

    response = client.post(reverse("admin:cooperation_official_add"), {
        "full_name": "Official " + PAYLOAD, "slug": "xss-official", "economy": kz.pk,
        **inline_management("positions", 1),
        "positions-0-title_en": "Post " + PAYLOAD, "positions-0-organization": organization_id,
        "positions-0-start": "2020-01-01",
    })  # fmt: skip
    assert response.status_code == 302
    official = Official.objects.get()

    response = client.post(reverse("admin:cooperation_proposal_add"), in_english({
        "title": "Proposal " + PAYLOAD, "title_kk": "Ұсыныс " + PAYLOAD,
        "slug": "xss-proposal", "summary": PAYLOAD, "sector": sector.pk,
        "proposed_by": official.pk, "visibility": "public", "status": "proposed", "status_note": PAYLOAD,
        "from_economy": kz.pk, "to_economy": az.pk, "target_direction": "turnover", "baseline_year": "2023",
        **inline_management("raisings", 0),
        **inline_management("follow_ups", 1),
        "follow_ups-0-action": "Action " + PAYLOAD, "follow_ups-0-due_on": "2020-01-01",
        "follow_ups-0-visibility": "public", "follow_ups-0-owner": official.pk,
        **inline_management("status_changes", 0),
        **inline_management("details", 0),
        **inline_management("corridor_targets", 1),
        "corridor_targets-0-place": place.pk, "corridor_targets-0-measure": "cargo", "corridor_targets-0-position": "0",
    }, "title", "summary"))  # fmt: skip
    assert response.status_code == 302
    proposal = Proposal.objects.get()

    response = client.post(reverse("admin:cooperation_meeting_add"), in_english({
        "title": "Meeting " + PAYLOAD, "date": "2024-06-07", "place": "Place " + PAYLOAD, "kind": "meeting",
        "visibility": "public", "summary": PAYLOAD, "source_title": "Source " + PAYLOAD, "source_url": "",
        **inline_management("participations", 1),
        "participations-0-official": official.pk, "participations-0-side": "host",
        **inline_management("raisings", 1),
        "raisings-0-proposal": proposal.pk, "raisings-0-raised_by": official.pk, "raisings-0-statement": PAYLOAD,
        "raisings-0-statement_language": "ru",
    }, "title", "place", "summary"))  # fmt: skip
    assert response.status_code == 302
    return {"proposal": proposal, "meeting": Meeting.objects.get(), "official": official}


def test_payload_is_escaped_on_every_page(entered):
    client = Client()
    client.force_login(ManagerFactory())
    pages = [
        "/",
        "/proposals/",
        entered["proposal"].get_absolute_url(),
        "/meetings/",
        entered["meeting"].get_absolute_url(),
        entered["official"].get_absolute_url(),
        "/manage/",
        "/manage/proposals/",
        f"/manage/proposals/{entered['proposal'].slug}/",
        "/manage/follow-ups/",
        "/manage/meetings/",
        "/proposals/?q=" + PAYLOAD,
        "/manage/proposals/?q=" + PAYLOAD,
        "/corridors/XSS/",
        "/trade/",
    ]
    pages += [f"/kk{page}" for page in pages]  # a proposal title of its own, the rest the English original marked
    for page in pages:
        content = client.get(page).content.decode()
        for raw in RAW:
            assert raw not in content, page
    detail = client.get(pages[2]).content.decode()
    assert "&lt;script&gt;alert(&quot;xss&quot;)&lt;/script&gt;" in detail
    kazakh = client.get(f"/kk{pages[2]}").content.decode()
    assert "Ұсыныс &lt;script&gt;" in kazakh  # its own Kazakh title
    assert '<span lang="en" class="untranslated">&lt;script&gt;' in kazakh  # the summary, English only


def test_payload_is_escaped_in_the_admin(entered):
    client = Client()
    client.force_login(SuperuserFactory())
    for url in [
        reverse("admin:cooperation_meeting_changelist"),
        reverse("admin:cooperation_meeting_change", args=[entered["meeting"].pk]),
        reverse("admin:cooperation_proposal_change", args=[entered["proposal"].pk]),
        reverse("admin:cooperation_meeting_history", args=[entered["meeting"].pk]),
    ]:
        content = client.get(url).content.decode()
        for raw in RAW:
            assert raw not in content, url


def test_csv_export_keeps_the_text_as_text(entered):
    client = Client()
    client.force_login(ManagerFactory())
    response = client.get("/manage/proposals/", {"_export": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[1][0] == "Proposal " + PAYLOAD  # data, not a page: no HTML context


def test_exports_do_not_run_formulas(entered):
    Proposal.objects.update(title='=HYPERLINK("http://evil.example","click")')
    client = Client()
    client.force_login(ManagerFactory())
    rows = list(csv.reader(io.StringIO(client.get("/manage/proposals/", {"_export": "csv"}).content.decode())))
    assert rows[1][0] == '\'=HYPERLINK("http://evil.example","click")'


def test_entered_dates_are_kept(entered):
    assert entered["meeting"].date == datetime.date(2024, 6, 7)


@pytest.mark.django_db
@pytest.mark.parametrize("link", ["javascript:alert(1)", "data:text/html,<b>x</b>"])
def test_a_link_stored_before_the_http_rule_is_never_a_link(client, link):
    from tests.factories import DataSourceFactory, MeetingFactory
    from trade.models import DataSource

    meeting = MeetingFactory(source_title="Minutes")
    source = DataSourceFactory()
    Meeting.objects.filter(pk=meeting.pk).update(source_url=link)  # as if written before the rule
    DataSource.objects.filter(pk=source.pk).update(url=link)
    for page in (client.get(meeting.get_absolute_url()), client.get(source.get_absolute_url())):
        assert page.status_code == 200
        assert f'href="{link}' not in page.content.decode()
        assert 'href="javascript:' not in page.content.decode()
