"""Corridor measures where the work is done: the stored corridor headline and every list, filter, sort,
export and count that shows it beside the trade headline.

The stored row (CorridorIndicator) is the public page's own line (cooperation.corridor_indicators) for
the first corridor measure a proposal or its sector names, kept fresh by the database's queue.
"""

import csv
import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.db import connection
from django.urls import reverse

from cooperation import corridor_indicators
from cooperation.indicator_store import refresh_all, refresh_pending
from cooperation.models import CorridorIndicator, CorridorTarget, IndicatorQueue, Movement, Proposal
from tests.factories import (
    CorridorFigureFactory,
    CorridorIndicatorFactory,
    CorridorTargetFactory,
    DataSourceFactory,
    EconomyFactory,
    ManagerFactory,
    PlaceFactory,
    ProposalFactory,
    SectorFactory,
)
from trade.corridors import CorridorFigure
from trade.models import DataSource

pytestmark = pytest.mark.django_db
LIST = "/manage/proposals/"
MT = CorridorFigure.Unit.MILLION_TONNES
TEU = CorridorFigure.Unit.TEU
CARGO, CONTAINERS = CorridorFigure.Measure.CARGO, CorridorFigure.Measure.CONTAINERS


@pytest.fixture
def manager_client(client):
    client.force_login(ManagerFactory())
    return client


@pytest.fixture
def kz():
    return EconomyFactory(code="KZ")


@pytest.fixture
def aktau(kz):
    return PlaceFactory(code="AKTAU", name="Port of Aktau", economies=[kz])


@pytest.fixture
def baku():
    return PlaceFactory(code="BAKU", name="Port of Baku", economies=[EconomyFactory(code="AZ")])


def tonnes(place, millions, year, **kwargs):
    """Cargo published to a tenth of a million tonnes."""
    value = Decimal(millions) * 1_000_000
    return CorridorFigureFactory(place=place, year=year, measure=CARGO, value=value, unit=MT, **kwargs)


def teu(place, value, year, **kwargs):
    return CorridorFigureFactory(
        place=place, year=year, measure=CONTAINERS, value=Decimal(value), unit=TEU, value_step=Decimal(100), **kwargs
    )


def measured(place, measure=CARGO, baseline=2019, **kwargs):
    item = ProposalFactory(baseline_year=baseline, **kwargs)
    CorridorTargetFactory(proposal=item, place=place, measure=measure)
    return item


def stored(item):
    refresh_pending()
    return CorridorIndicator.objects.filter(proposal=item).first()


FIELDS = ("baseline_value", "latest_value", "change_pct", "movement", "contradicted", "unit", "latest_year")


def as_page_computes(item):
    """The public page's first corridor line, in the stored row's terms."""
    item = Proposal.objects.get(pk=item.pk)
    line = corridor_indicators.for_proposal(item)[0]
    _target, headline = corridor_indicators.headlines([item])[item.pk]
    assert (headline.baseline, headline.latest, headline.change) == (line.baseline, line.latest, line.change)
    change = line.change.amount
    return {
        "baseline_value": line.baseline.amount,
        "latest_value": line.latest.amount,
        "change_pct": None if change is None else round(change, 4),
        "movement": headline.movement,
        "contradicted": headline.contradicted,
        "unit": headline.unit,
        "latest_year": line.latest_period.year if line.latest_period else None,
    }


def as_stored(row):
    return {f: getattr(row, f) for f in FIELDS}


@pytest.fixture
def ports(aktau, baku):
    """Cargo up through Aktau, containers down through Baku, cargo within rounding, and a port without figures."""
    tonnes(aktau, "3.0", 2019)
    tonnes(aktau, "3.8", 2023)
    teu(baku, 10_000, 2019)
    teu(baku, 8_000, 2023)
    kuryk = PlaceFactory(code="KURYK", name="Port of Kuryk")
    tonnes(kuryk, "1.5", 2019)
    tonnes(kuryk, "1.5", 2023)
    alat = PlaceFactory(code="ALAT", name="Port of Alat")
    return {
        "up": measured(aktau, title="Aktau cargo up"),
        "down": measured(baku, CONTAINERS, title="Baku containers down"),
        "flat": measured(kuryk, title="Kuryk cargo flat"),
        "none": measured(alat, title="Alat without figures"),
        "trade only": ProposalFactory(title="Trade only", baseline_year=2019),
    }


def titles(response):
    return [row.record.title for row in response.context["table"].page.object_list]


# The stored row: the public page's computation ---------------------------------------------------


def test_the_stored_row_is_the_public_page_s_first_line(client, ports, aktau):
    tonnes(aktau, "1.0", 2024, month_to=3)  # the latest published: a quarter
    for item in ports.values():
        if item.title != "Trade only":
            assert as_stored(stored(item)) == as_page_computes(item)
    row = stored(ports["up"])
    assert (row.unit, row.latest_value, row.latest_period_label) == ("tonnes", Decimal("1000000"), "Jan–Mar 2024")
    assert row.change_pct == Decimal("26.6667")  # full years, as the page: 2023 against 2019
    assert row.movement == Movement.UP
    assert row.label == "Port of Aktau: Cargo"
    html = client.get(ports["up"].get_absolute_url()).content.decode()
    assert "+26.7 %" in html


def test_a_proposal_naming_none_takes_its_sector_s_first_and_a_proposal_with_none_has_no_row(ports, aktau, baku):
    sector = SectorFactory()
    CorridorTarget.objects.create(sector=sector, place=baku, measure=CONTAINERS, position=1)
    CorridorTarget.objects.create(sector=sector, place=aktau, measure=CARGO, position=0)
    item = ProposalFactory(sector=sector, baseline_year=2019)
    assert (stored(item).place, stored(item).unit) == (aktau, "tonnes")  # the first named
    assert stored(ports["trade only"]) is None
    CorridorTargetFactory(proposal=item, place=baku, measure=CONTAINERS)  # its own come first
    assert (stored(item).place, stored(item).unit, stored(item).movement) == (baku, "TEU", Movement.DOWN)


def test_missing_data_is_never_guessed(ports, aktau):
    row = stored(ports["none"])
    assert (row.latest_value, row.change_pct, row.movement) == (None, None, Movement.NO_DATA)
    late = measured(aktau, baseline=2015)  # no figure for the baseline year
    assert (stored(late).baseline_value, stored(late).change_pct, stored(late).movement) == (
        None,
        None,
        Movement.NO_DATA,
    )
    assert stored(late).latest_value == Decimal("3800000")
    assert stored(late).sources["baseline"] == []


def test_a_published_change_its_values_cannot_give_marks_the_row(aktau):
    tonnes(aktau, "3.0", 2019)
    tonnes(aktau, "3.7", 2022)
    tonnes(aktau, "3.8", 2023, change_pct=Decimal("50"), change_pct_step=Decimal("1"))  # 3.8 / 3.7 is +2.7 %
    item = measured(aktau)
    assert stored(item).contradicted is True
    assert as_stored(stored(item)) == as_page_computes(item)


def test_sources_and_how_each_value_was_obtained(aktau):
    old = DataSourceFactory(title="Port report 2019", kind=DataSource.Kind.OFFICIAL)
    new = DataSourceFactory(title="Port report 2023", kind=DataSource.Kind.OFFICIAL)
    tonnes(aktau, "3.0", 2019, source=old)
    tonnes(aktau, "3.8", 2023, source=new)
    row = stored(measured(aktau))
    assert row.sources == {"baseline": [old.pk], "latest": [new.pk]}
    assert (row.baseline_how, row.latest_how) == ("reported", "reported")


# Freshness: every write path ---------------------------------------------------------------------


def test_every_write_path_to_the_corridor_figures_refreshes_the_stored_row(aktau):
    tonnes(aktau, "3.0", 2019)
    latest = tonnes(aktau, "3.3", 2023)
    item = measured(aktau)
    assert stored(item).change_pct == Decimal("10")

    CorridorFigure.objects.filter(pk=latest.pk).update(value=Decimal("2700000"))  # a queryset update
    assert (stored(item).change_pct, stored(item).movement) == (Decimal("-10"), Movement.DOWN)

    with connection.cursor() as cursor:  # hand-written SQL
        cursor.execute("UPDATE trade_corridorfigure SET value = %s WHERE id = %s", [Decimal("4500000"), latest.pk])
    assert stored(item).change_pct == Decimal("50")

    fields = {f.attname: getattr(latest, f.attname) for f in CorridorFigure._meta.concrete_fields if not f.primary_key}
    CorridorFigure.objects.bulk_create([CorridorFigure(**{**fields, "year": 2024, "value": Decimal("6000000")})])
    assert (stored(item).latest_year, stored(item).change_pct) == (2024, Decimal("100"))

    CorridorFigure.objects.filter(year__gte=2023).delete()
    assert (stored(item).latest_year, stored(item).change_pct) == (2019, None)


def test_which_source_counts_follows_a_source_and_a_place_edit(aktau, kz):
    tonnes(aktau, "3.0", 2019)
    news = DataSourceFactory(kind=DataSource.Kind.NEWS, published_on=datetime.date(2024, 6, 1))
    port = DataSourceFactory(kind=DataSource.Kind.OFFICIAL, published_on=datetime.date(2024, 1, 1))
    tonnes(aktau, "3.3", 2023, source=news)
    tonnes(aktau, "3.6", 2023, source=port)
    item = measured(aktau)
    assert stored(item).latest_value == Decimal("3600000")  # the publisher's own release before a report
    DataSource.objects.filter(pk=news.pk).update(economy=kz)  # the news now counts as Kazakhstan's own
    assert stored(item).latest_value == Decimal("3300000")
    aktau.economies.clear()  # nobody's own any more: the port's release again
    assert stored(item).latest_value == Decimal("3600000")


def test_corridor_measure_edits_refresh_the_rows_of_the_proposal_and_of_its_sector(ports, aktau, baku):
    item = ports["trade only"]
    sector_peer = ProposalFactory(sector=item.sector, baseline_year=2019)
    target = CorridorTarget.objects.create(sector=item.sector, place=aktau, measure=CARGO)
    assert stored(item).place == aktau
    assert stored(sector_peer).place == aktau
    CorridorTarget.objects.filter(pk=target.pk).update(place=baku, measure=CONTAINERS)  # a bulk update
    assert (stored(item).place, stored(sector_peer).unit) == (baku, "TEU")
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM cooperation_corridortarget WHERE id = %s", [target.pk])
    assert stored(item) is None
    assert stored(sector_peer) is None
    Proposal.objects.filter(pk=ports["up"].pk).update(baseline_year=2023)  # no later full year
    assert stored(ports["up"]).change_pct is None


def test_rows_equal_the_page_after_many_writes_and_refresh_all_rebuilds(ports, aktau, baku):
    for year in range(2018, 2025):
        tonnes(aktau, str(Decimal("3.0") + Decimal(year % 5) / 10), year, source=DataSourceFactory())
    CorridorFigure.objects.filter(place=baku, year=2023).update(value=Decimal("12000"))
    refresh_pending()
    for item in (ports["up"], ports["down"], ports["none"]):
        assert as_stored(CorridorIndicator.objects.get(proposal=item)) == as_page_computes(item)
    assert IndicatorQueue.objects.count() == 0
    CorridorIndicator.objects.filter(proposal=ports["up"]).update(change_pct=Decimal("999"))  # a forged stale row
    refresh_all()
    assert as_stored(stored(ports["up"])) == as_page_computes(ports["up"])
    assert stored(ports["trade only"]) is None


def test_an_edit_that_changes_no_input_queues_nothing(ports, aktau):
    refresh_pending()
    aktau.name = "Aktau Sea Port"
    aktau.save()
    target = CorridorTarget.objects.get(proposal=ports["up"])
    target.save()
    assert IndicatorQueue.objects.count() == 0


# The managers' status list -----------------------------------------------------------------------


def test_status_list_shows_the_corridor_value_with_its_unit_and_period(manager_client, ports):
    html = manager_client.get(LIST).content.decode()
    assert "3,800,000 tonnes" in html
    assert "8,000 TEU" in html
    assert "+26.7 %" in html
    assert "-20.0 %" in html
    assert "Port of Aktau: Cargo" in html
    assert reverse("corridors:place", args=["AKTAU"]) in html  # the sources one click away
    assert "No corridor measure named" in html  # the trade-only proposal


def test_status_list_sorts_by_the_corridor_change_across_units_with_no_data_last(manager_client, ports):
    expected = ["Baku containers down", "Kuryk cargo flat", "Aktau cargo up", "Alat without figures", "Trade only"]
    assert titles(manager_client.get(LIST, {"sort": "corridor_change"})) == expected
    assert titles(manager_client.get(LIST, {"sort": "-corridor_change"}))[:3] == expected[:3][::-1]
    assert titles(manager_client.get(LIST, {"sort": "-corridor_latest"}))[:2] == ["Aktau cargo up", "Kuryk cargo flat"]


@pytest.mark.parametrize(
    ("movement", "expected_titles"),
    [
        ("up", ["Aktau cargo up"]),
        ("down", ["Baku containers down"]),
        ("flat", ["Kuryk cargo flat"]),
        ("none", ["Alat without figures"]),  # a proposal naming no corridor measure is not "no data"
    ],
)
def test_status_list_filters_by_corridor_movement(manager_client, ports, movement, expected_titles):
    assert titles(manager_client.get(LIST, {"corridor_movement": movement})) == expected_titles


def test_contradicted_filter_and_mark_cover_corridor_figures(manager_client, aktau):
    tonnes(aktau, "3.7", 2022)
    tonnes(aktau, "3.8", 2023, change_pct=Decimal("50"), change_pct_step=Decimal("1"))
    measured(aktau, baseline=2022, title="Flagged port")
    ProposalFactory(title="Clean")
    response = manager_client.get(LIST, {"contradicted": "on"})
    assert titles(response) == ["Flagged port"]
    assert "see the port&#x27;s or route&#x27;s page" in response.content.decode()


def test_export_carries_the_corridor_values_with_unit_period_and_provenance(manager_client, aktau):
    tonnes(aktau, "3.0", 2019, source=DataSourceFactory(title="Port of Aktau 2019"))
    tonnes(aktau, "1.1", 2024, month_to=3, source=DataSourceFactory(title="Trend News Q1 2024"))
    tonnes(aktau, "3.8", 2023, source=DataSourceFactory(title="PortNews 2023"))
    measured(aktau, title="Aktau cargo up")
    ProposalFactory(title="Trade only")
    response = manager_client.get(LIST, {"_export": "csv", "sort": "-corridor_change"})
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [r["Title"] for r in rows] == ["Aktau cargo up", "Trade only"]
    up = rows[0]
    assert up["Corridor measure"] == "Port of Aktau: Cargo"
    assert up["Corridor: unit"] == "tonnes"
    assert up["Corridor: latest"] == "1100000"
    assert up["Corridor: latest period"] == "Jan–Mar 2024"
    assert up["Corridor: latest, how obtained"] == "reported"
    assert "Trend News Q1 2024" in up["Corridor: latest, sources"]
    assert up["Corridor: baseline"] == "3000000"
    assert up["Corridor: baseline year"] == "2019"
    assert "Port of Aktau 2019" in up["Corridor: baseline, sources"]
    assert Decimal(up["Corridor: change since baseline"]) == Decimal("26.6667")
    assert up["Corridor: movement"] == "Moved up"
    assert up["Corridor: contradicted by published figures"] == "no"
    assert up["Unit"] == "USD"  # the trade headline keeps its own columns
    none = rows[1]
    assert (none["Corridor measure"], none["Corridor: latest"], none["Corridor: movement"]) == ("", "", "")
    sheet = openpyxl.load_workbook(io.BytesIO(manager_client.get(LIST, {"_export": "xlsx"}).content)).active
    header = [cell.value for cell in sheet[1]]
    assert {"Corridor: latest", "Corridor: unit", "Corridor: latest, sources"} <= set(header)


@pytest.mark.parametrize("per_page", [25, 50, 100])
def test_status_list_query_count_stays_fixed_with_corridor_rows(
    manager_client, django_assert_num_queries, per_page, aktau
):
    tonnes(aktau, "3.0", 2019)
    tonnes(aktau, "3.8", 2023)
    for _ in range(per_page + 5):
        measured(aktau)
    refresh_pending()
    # 1 session, 2 user, 3-4 permissions, 5 pending changes, 6 count, 7 keys, 8 page with both indicators
    # and what the corridor one measures, 9 last meetings, 10 open follow-ups, 11 sectors, 12 partners, 13 footer
    with django_assert_num_queries(13):
        response = manager_client.get(LIST, {"per_page": per_page, "sort": "-corridor_change"})
    assert len(titles(response)) == per_page
    assert "3,800,000 tonnes" in response.content.decode()


# The summary -------------------------------------------------------------------------------------


def test_summary_counts_corridor_movements_per_sector_with_links(manager_client, ports):
    ports["down"].sector = ports["up"].sector
    ports["down"].save()
    response = manager_client.get(reverse("cooperation:manage"))
    rows = {sector.pk: dict(cells) for sector, cells in response.context["corridor_movement_rows"]}
    assert rows[ports["up"].sector_id] == {"up": 1, "down": 1, "flat": 0, "none": 0}
    # the trade-only proposal names no corridor measure: not counted as "no data"
    assert dict(response.context["corridor_movement_totals"]) == {"up": 1, "down": 1, "flat": 1, "none": 1}
    assert dict(response.context["movement_totals"])[Movement.NO_DATA] == 5  # no trade figures at all
    assert f"?sector={ports['up'].sector.slug}&amp;corridor_movement=up" in response.content.decode()


@pytest.mark.parametrize("rows", [3, 30])
def test_summary_query_count_stays_fixed_with_corridor_rows(manager_client, django_assert_num_queries, rows, aktau):
    tonnes(aktau, "3.0", 2019)
    for _ in range(rows):
        measured(aktau, sector=SectorFactory())
    refresh_pending()
    with django_assert_num_queries(9):  # both headlines' movements counted in the one read
        assert manager_client.get(reverse("cooperation:manage")).status_code == 200


# The admin ---------------------------------------------------------------------------------------


def test_admin_proposal_list_corridor_columns_sort_and_filter(admin_client, ports):
    url = reverse("admin:cooperation_proposal_changelist")
    html = admin_client.get(url).content.decode()
    assert "3,800,000 tonnes" in html
    assert "8,000 TEU" in html
    assert "+26.7 %" in html
    changelist = admin_client.get(url, {"corridor_movement": "down"}).context["cl"]
    assert [p.title for p in changelist.result_list] == ["Baku containers down"]
    index = changelist.list_display.index("corridor_change")
    ordered = admin_client.get(url, {"o": f"{index}"}).context["cl"].result_list
    assert [p.title for p in ordered][:4] == [
        "Baku containers down",
        "Kuryk cargo flat",
        "Aktau cargo up",
        "Alat without figures",
    ]


@pytest.mark.parametrize("rows", [5, 40])
def test_admin_proposal_list_query_count_stays_fixed_with_corridor_rows(
    admin_client, django_assert_num_queries, rows, aktau
):
    tonnes(aktau, "3.0", 2019)
    for _ in range(rows):
        measured(aktau)
    refresh_pending()
    url = reverse("admin:cooperation_proposal_changelist")
    admin_client.get(url, {"q": "Proposal", "o": "11"})  # warms both queues
    with django_assert_num_queries(9):  # as without corridor rows: they are joined to the page's read
        admin_client.get(url, {"q": "Proposal", "o": "11"})


def test_a_stored_corridor_row_is_shown_as_stored(manager_client):
    """The lists read the rows, never a second formula."""
    CorridorIndicatorFactory(proposal=ProposalFactory(title="Forged"), latest_value=Decimal("7400"), unit="TEU")
    IndicatorQueue.objects.all().delete()
    html = manager_client.get(LIST).content.decode()
    assert "7,400 TEU" in html
    assert "+26.7 %" in html
