"""The corridor page, the proposal's corridor measures, the API and the open-data file; the demo's port figures."""

import datetime
from decimal import Decimal

import pytest

from cooperation.models import Proposal
from tests.factories import (
    CorridorFigureFactory,
    CorridorTargetFactory,
    DataSourceFactory,
    DraftProposalFactory,
    PlaceFactory,
    ProposalFactory,
    SectorFactory,
    StaffFactory,
)
from trade.models import CorridorFigure, DataSource, Place

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("code", "year", "months", "measure", "value", "step", "qualifier", "unit", "change", "publisher", "published"),
    [
        ("AKTAU", 2022, (1, 12), "cargo", "3800000", "100000", "over", "million tonnes", "9", "PortNews", "2023-09-26"),
        ("AKTAU", 2024, (1, 3), "containers", "7400", "100", "over", "TEU", "33", "Trend News Agency", "2024-04-09"),
        ("BAKU", 2022, (1, 12), "containers", "52300", "100", "about", "TEU", "16", "Trend News Agency", "2023-04-17"),
        ("KURYK", 2023, (1, 8), "cargo", "1500000", "100000", "about", "million tonnes", "15", "MENAFN", "2023-11-12"),
    ],
)
def test_the_demo_s_port_figures_as_their_sources_printed_them(
    demo, code, year, months, measure, value, step, qualifier, unit, change, publisher, published
):
    figure = CorridorFigure.objects.select_related("source").get(place__code=code, year=year, measure=measure)
    assert (figure.month_from, figure.month_to) == months
    assert (figure.value, figure.value_step, figure.qualifier, figure.unit) == (
        Decimal(value),
        Decimal(step),
        qualifier,
        unit,
    )
    assert figure.change_pct == Decimal(change)
    assert (figure.source.publisher, figure.source.published_on.isoformat()) == (publisher, published)
    assert figure.source.url.startswith("https://")


def test_the_demo_has_the_ports_and_routes_and_nothing_else(demo):
    assert sorted(Place.objects.values_list("code", flat=True)) == [
        "AKTAU",
        "AKTAU-BAKU",
        "BAKU",
        "KURYK",
        "KURYK-ALAT",
        "TITR",
    ]
    assert CorridorFigure.objects.count() == 4  # only what a source printed
    aktau = Place.objects.get(code="AKTAU")
    assert aktau.name_kk == "Ақтау порты"
    assert aktau.name_ru == "Порт Актау"
    assert aktau.name_az == "Aktau limanı"


def test_the_maritime_proposal_shows_its_ports_with_baseline_latest_chart_and_sources(client, demo):
    content = client.get("/proposals/caspian-cargo-fleet/").content.decode()
    assert "The ports and routes it is meant to move" in content
    for text in ("over 3.8", "over 7,400", "about 1.5", "about 52,300", "Jan–Mar 2024", "Jan–Aug 2023", "+33 %"):
        assert text in content
    assert 'href="/corridors/AKTAU/"' in content
    assert 'id="corridor-chart-1-title"' in content
    # The charts print counts as counts and scaled units with their one decimal.
    assert "Jan–Mar 2024: 7,400 TEU (reported)" in content
    assert "7,400.0" not in content
    assert "2022: 3.8 million tonnes (reported)" in content
    for source in DataSource.objects.filter(corridor_figures__isnull=False):
        assert source.get_absolute_url() in content  # each figure's source one click away
    assert "Baseline 2023" in content


def test_a_proposal_without_corridor_measures_shows_its_sector_s(client):
    sector = SectorFactory()
    place = PlaceFactory(code="KURYK")
    CorridorTargetFactory(proposal=None, sector=sector, place=place)
    CorridorFigureFactory(place=place, year=2023, value=Decimal(1500000))
    proposal = ProposalFactory(sector=sector)
    content = client.get(proposal.get_absolute_url()).content.decode()
    assert 'href="/corridors/KURYK/"' in content
    assert "1.5 <a" in content  # 1,500,000 tonnes as printed, in million tonnes


def test_a_proposal_without_any_shows_no_corridor_section(client):
    proposal = ProposalFactory()
    assert "The ports and routes it is meant to move" not in client.get(proposal.get_absolute_url()).content.decode()


def test_the_corridor_page_shows_each_measure_with_its_sources_and_proposals(client, demo):
    content = client.get("/corridors/AKTAU/").content.decode()
    assert "Port of Aktau" in content
    for text in ("over 3.8", "over 7,400", "+9 %", "+33 %"):
        assert text in content
    assert DataSource.objects.get(publisher="PortNews").get_absolute_url() in content
    assert "Larger cargo fleet of the two state maritime companies" in content
    assert 'id="corridor-chart-1-title"' in content


def test_the_corridor_page_is_in_each_language(client, demo):
    assert "Порт Актау" in client.get("/ru/corridors/AKTAU/").content.decode()
    assert "Ақтау порты" in client.get("/kk/corridors/AKTAU/").content.decode()
    assert "Aktau limanı" in client.get("/az/corridors/AKTAU/").content.decode()


def test_an_unknown_code_is_404_with_a_message(client, demo):
    response = client.get("/corridors/NOWHERE/")
    assert response.status_code == 404
    assert "No port or route with the code “NOWHERE”." in response.content.decode()


def test_a_code_in_small_letters_is_sent_to_the_page(client, demo):
    response = client.get("/corridors/aktau/")
    assert (response.status_code, response["Location"]) == (301, "/corridors/AKTAU/")


def test_a_draft_proposal_naming_a_port_is_not_shown_to_visitors(client, demo):
    aktau = Place.objects.get(code="AKTAU")
    CorridorTargetFactory(proposal=DraftProposalFactory(title="SECRET-DRAFT-PORT"), place=aktau)
    assert "SECRET-DRAFT-PORT" not in client.get("/corridors/AKTAU/").content.decode()
    client.force_login(StaffFactory())
    assert "SECRET-DRAFT-PORT" in client.get("/corridors/AKTAU/").content.decode()


def test_the_trade_pages_link_to_the_ports_and_routes(client, demo):
    for url in ("/trade/", "/trade/KZ-47/AZ/"):
        content = client.get(url).content.decode()
        assert 'href="/corridors/AKTAU/"' in content
        assert 'href="/corridors/TITR/"' in content


def test_a_source_page_lists_its_port_figures(client, demo):
    source = DataSource.objects.get(publisher="PortNews")
    content = client.get(source.get_absolute_url()).content.decode()
    assert "over 3.8 million tonnes" in content
    assert 'href="/corridors/AKTAU/"' in content


def _grow(place, rows, proposals=True):
    for n in range(rows):
        source = DataSourceFactory(published_on=datetime.date(2020, 1, 1) + datetime.timedelta(days=n))
        CorridorFigureFactory(place=place, year=2000 + n, source=source, change_pct=Decimal(5), change_pct_step=1)
        CorridorFigureFactory(place=place, year=2000 + n, measure="calls", unit="calls", value=Decimal(400 + n))
        if proposals:
            CorridorTargetFactory(place=place, proposal=ProposalFactory())


@pytest.mark.parametrize("rows", [3, 30])
def test_the_corridor_page_query_count_does_not_grow(client, django_assert_num_queries, rows):
    place = PlaceFactory(code="AKTAU")
    _grow(place, rows)
    # 1 the place, 2 its economies, 3 its figures with sources and counterparts,
    # 4 the proposals meant to move them with sector and economies, 5 footer publishers
    with django_assert_num_queries(5):
        assert client.get("/corridors/AKTAU/").status_code == 200


@pytest.mark.parametrize("rows", [3, 30])
def test_the_proposal_page_s_corridor_reads_do_not_grow(client, django_assert_num_queries, rows):
    place = PlaceFactory(code="AKTAU")
    proposal = ProposalFactory()
    for n in range(rows):
        other = PlaceFactory(code=f"PORT-{n}")
        CorridorTargetFactory(proposal=proposal, place=other)
        CorridorFigureFactory(place=other, year=2020)
    _grow(place, rows, proposals=False)
    # 1 the proposal, 2 its target groups, 3 its sector's groups, 4 raisings, 5 posts, 6 status history,
    # 7 follow-ups, 8 its corridor measures with places, 9 the places' economies, 10 their figures,
    # 11 footer publishers
    with django_assert_num_queries(11):
        assert client.get(proposal.get_absolute_url()).status_code == 200


@pytest.mark.parametrize(
    ("url", "queries"),
    [
        ("/api/v1/places/", 2),  # the places, their economies
        ("/api/v1/places/AKTAU/", 2),  # the place, its economies
        ("/api/v1/corridors/AKTAU/", 3),  # the place, its economies, its figures with sources
    ],
)
def test_the_api_query_counts_do_not_grow(client, django_assert_num_queries, url, queries):
    place = PlaceFactory(code="AKTAU")
    for rows in (2, 12):
        _grow(place, rows, proposals=False)
        PlaceFactory.create_batch(rows)
        with django_assert_num_queries(queries):
            assert client.get(url).status_code == 200


def test_the_api_gives_each_value_with_its_provenance(client, demo):
    data = client.get("/api/v1/corridors/AKTAU/").json()
    cargo = next(s for s in data["series"] if s["measure"] == "cargo")
    (period,) = cargo["periods"]
    assert period["value"]["amount"] == "3800000.00"
    assert (period["value"]["low"], period["value"]["high"]) == ("3800000.00", "3900000.00")
    assert (period["value"]["published"], period["value"]["qualifier"]) == ("3.8", "over")
    assert period["value"]["how"] == "reported"
    assert period["change_pct"]["amount"] == "9.000"
    assert {s["publisher"] for s in data["sources"]} == {"PortNews", "Trend News Agency"}
    assert client.get("/api/v1/corridors/NOWHERE/").json() == {"detail": "No port or route with the code “NOWHERE”."}
    proposal = client.get("/api/v1/proposals/caspian-cargo-fleet/").json()
    assert {"place": "AKTAU", "measure": "cargo", "direction": "", "counterpart": None} in proposal["corridor_measures"]


def test_the_api_names_no_draft_proposal_s_corridor_measures(client, demo):
    draft = DraftProposalFactory()
    CorridorTargetFactory(proposal=draft, place=Place.objects.get(code="AKTAU"))
    assert client.get(f"/api/v1/proposals/{draft.slug}/").status_code == 404


def read(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return b"".join(response.streaming_content).decode("utf-8-sig")


def test_the_open_data_file_holds_every_corridor_figure_with_its_source(client, demo):
    content = read(client, "/open-data/corridor-figures.csv")
    assert "AKTAU,,,2022,1,12,cargo,3800000.00,100000.00,over,3.8,million tonnes,9.000" in content
    assert "BAKU,,,2022,1,12,containers,52300.00,100.00,about,52300,TEU,16.000" in content
    assert (
        len(
            client.get("/open-data/corridor-figures.json").streaming_content
            and read(client, "/open-data/corridor-figures.json").splitlines()
        )
        == 6
    )
    assert "AKTAU:cargo;AKTAU:containers;KURYK:cargo;BAKU:containers" in read(client, "/open-data/proposals.csv")
    assert "Port and route figures" in client.get("/open-data/").content.decode()


def test_the_open_data_file_s_queries_do_not_grow(client, django_assert_num_queries):
    place = PlaceFactory(code="AKTAU")
    for rows in (3, 30):
        _grow(place, rows, proposals=False)
        with django_assert_num_queries(1):  # the figures with their places and sources
            read(client, "/open-data/corridor-figures.csv")


def test_a_draft_proposal_s_corridor_measures_are_not_in_the_open_data(client, demo):
    CorridorTargetFactory(proposal=DraftProposalFactory(slug="secret-draft"), place=Place.objects.get(code="AKTAU"))
    assert "secret-draft" not in read(client, "/open-data/proposals.csv")
    assert Proposal.objects.filter(slug="secret-draft").exists()


def test_a_new_corridor_figure_is_on_the_cached_page_at_once(client, demo):
    assert "1.234567" not in client.get("/corridors/BAKU/").content.decode()
    CorridorFigureFactory(place=Place.objects.get(code="BAKU"), year=2023, value=Decimal(1234567), value_step=1)
    assert "1.234567" in client.get("/corridors/BAKU/").content.decode()
