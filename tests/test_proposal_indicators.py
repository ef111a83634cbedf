"""Indicators where the work is done: the stored headline, its freshness, and every place it appears.

One computation (cooperation.proposal_indicators) feeds the public page, the admin panel, the lists, the
exports and the summary; the stored rows (ProposalIndicator) are its output, kept fresh by the
database's queue whatever path wrote the data.
"""

import csv
import datetime
import io
import threading
from decimal import Decimal

import openpyxl
import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django.utils import translation

from cooperation import proposal_indicators
from cooperation.indicator_store import refresh_all, refresh_pending, row_for
from cooperation.models import IndicatorQueue, Movement, Proposal, ProposalIndicator
from tests.factories import (
    DataSourceFactory,
    DraftProposalFactory,
    EconomyFactory,
    IndicatorQueueFactory,
    ManagerFactory,
    MeetingFactory,
    ProposalFactory,
    ProposalIndicatorFactory,
    RaisingFactory,
    RegionFactory,
    SectorFactory,
    TradeFigureFactory,
)
from trade.models import Economy, ProductGroup, TradeFigure

pytestmark = pytest.mark.django_db
M = Decimal(1_000_000)
LIST = "/manage/proposals/"
STEP = Decimal("100000")  # published to 0.1 million


@pytest.fixture
def manager_client(client):
    client.force_login(ManagerFactory())
    return client


@pytest.fixture
def kz():
    return EconomyFactory(code="KZ")


@pytest.fixture
def az():
    return EconomyFactory(code="AZ")


@pytest.fixture
def region(kz):
    return RegionFactory(parent=kz)


def group(code):
    return ProductGroup.objects.get(code=code)


def figure(value, year, *, code="TOTAL", measure="turnover", reporter="KZ", partner="AZ", **kwargs):
    return TradeFigureFactory(
        reporter=Economy.objects.get(code=reporter),
        partner=Economy.objects.get(code=partner),
        product_group=group(code),
        measure=measure,
        year=year,
        value_usd=Decimal(value) * M,
        **{"value_step": STEP, **kwargs},
    )


def proposal(codes=("TOTAL",), baseline=2019, **kwargs):
    kwargs.setdefault("from_economy", Economy.objects.get(code="KZ"))
    kwargs.setdefault("to_economy", Economy.objects.get(code="AZ"))
    made = ProposalFactory(baseline_year=baseline, **kwargs)
    made.target_product_groups.set([group(code) for code in codes])
    return made


def stored(item):
    refresh_pending()
    return ProposalIndicator.objects.get(proposal=item)


def expected(item):
    """What the one computation gives now, as a stored row (time aside)."""
    item = Proposal.objects.get(pk=item.pk)
    row = row_for(item.pk, proposal_indicators.for_proposal(item).headline, None)
    return {f: getattr(row, f) for f in ("baseline_value", "latest_value", "change_pct", "movement", "contradicted")}


def as_stored(row):
    return {f: getattr(row, f) for f in ("baseline_value", "latest_value", "change_pct", "movement", "contradicted")}


# The headline: one computation ---------------------------------------------------------------


def test_headline_sums_the_targeted_groups_and_measures_change_since_the_baseline(kz, az):
    for code, base, latest in (("25", "10.0", "15.0"), ("68", "30.0", "25.0")):
        figure(base, 2019, code=code)
        figure(latest, 2023, code=code)
    item = proposal(codes=("25", "68"))
    head = proposal_indicators.for_proposal(item).headline
    assert head.baseline.amount == 40 * M
    assert head.latest.amount == 40 * M
    assert head.change.amount == 0
    assert head.movement == Movement.FLAT
    row = stored(item)
    assert (row.baseline_value, row.latest_value, row.latest_year) == (40 * M, 40 * M, 2023)
    assert row.change_pct == 0
    assert row.movement == Movement.FLAT


def test_up_down_and_within_rounding(kz, az):
    figure("100.0", 2019, code="25")
    figure("130.0", 2023, code="25")
    figure("100.0", 2019, code="68")
    figure("80.0", 2023, code="68")
    figure("1000.0", 2019, code="69")
    figure("1000.1", 2023, code="69")  # +0.01 %, but 999.95..1000.05 vs 1000.05..1000.15 may be equal
    up, down, flat = proposal(codes=("25",)), proposal(codes=("68",)), proposal(codes=("69",))
    assert stored(up).movement == Movement.UP
    assert stored(up).change_pct == Decimal("30")
    assert stored(down).movement == Movement.DOWN
    assert stored(down).change_pct == Decimal("-20")
    assert stored(flat).movement == Movement.FLAT
    assert stored(flat).change_pct > 0


def test_missing_data_is_never_guessed(kz, az):
    figure("100.0", 2019, code="25")
    figure("130.0", 2023, code="25")
    figure("50.0", 2019, code="68")  # no 2023 for 68: the sum of both has no latest value
    both = proposal(codes=("25", "68"))
    row = stored(both)
    assert row.latest_value == 150 * M
    assert row.latest_year == 2019
    assert row.change_pct is None
    assert row.movement == Movement.NO_DATA
    no_baseline = proposal(codes=("25",), baseline=None)
    assert stored(no_baseline).change_pct is None
    assert stored(no_baseline).movement == Movement.NO_DATA
    nothing = proposal(codes=("70",))
    assert stored(nothing).latest_value is None
    assert stored(nothing).movement == Movement.NO_DATA
    not_goods = ProposalFactory(from_economy=both.from_economy, to_economy=both.to_economy)  # sector without goods
    assert stored(not_goods).movement == Movement.NO_DATA


def test_contradicted_figures_behind_the_value_are_marked(kz, az):
    figure("463.3", 2022)
    figure("529.4", 2023, change_pct=Decimal("14.4"), change_pct_step=Decimal("0.1"))  # the values give 14.2-14.3
    item = proposal(baseline=2022)
    row = stored(item)
    assert row.contradicted
    assert row.movement == Movement.UP
    clean = proposal(baseline=2022, to_economy=EconomyFactory(code="TR"))
    assert not stored(clean).contradicted


def test_sources_and_how_each_value_was_obtained(kz, az):
    official = DataSourceFactory(title="Foreign trade 2023", economy=kz)
    figure("456.3", 2023, measure="export", source=official)
    figure("73.0", 2023, measure="import", source=official)
    figure("400.0", 2019, measure="turnover", source=DataSourceFactory(title="Foreign trade 2019"))
    row = stored(proposal())
    assert row.latest_how == "derived"
    assert row.latest_value == Decimal("529.3") * M
    assert row.sources["latest"] == [official.pk]
    assert row.baseline_how == "reported"
    assert len(row.sources["baseline"]) == 1


# Freshness: every write path -------------------------------------------------------------------


def test_every_write_path_to_the_figures_refreshes_the_stored_row(kz, az):
    base = figure("100.0", 2019)
    latest = figure("110.0", 2023)
    item = proposal()
    assert stored(item).change_pct == Decimal("10")

    latest.value_usd = 120 * M
    latest.save()  # the admin's path
    assert stored(item).change_pct == Decimal("20")

    TradeFigure.objects.filter(pk=latest.pk).update(value_usd=90 * M)  # a queryset update
    assert stored(item).change_pct == Decimal("-10")
    assert stored(item).movement == Movement.DOWN

    with connection.cursor() as cursor:  # hand-written SQL
        cursor.execute("UPDATE trade_tradefigure SET value_usd = %s WHERE id = %s", [150 * M, latest.pk])
    assert stored(item).change_pct == Decimal("50")

    TradeFigure.objects.filter(pk=latest.pk).delete()
    assert stored(item).latest_year == 2019
    assert stored(item).change_pct is None

    TradeFigure.objects.bulk_create([TradeFigure(**{**model_fields(base), "year": 2024, "value_usd": 125 * M})])
    assert stored(item).latest_year == 2024
    assert stored(item).change_pct == Decimal("25")


def model_fields(figure):
    return {f.attname: getattr(figure, f.attname) for f in TradeFigure._meta.concrete_fields if not f.primary_key}


def test_which_source_counts_follows_a_source_edit(kz, az):
    figure("100.0", 2019)
    older = DataSourceFactory(published_on=datetime.date(2024, 1, 1))
    newer = DataSourceFactory(published_on=datetime.date(2024, 6, 1))
    figure("110.0", 2023, source=older)
    figure("120.0", 2023, source=newer)
    item = proposal()
    assert stored(item).latest_value == 120 * M  # the newest publication counts
    older.published_on = datetime.date(2025, 1, 1)
    older.save()
    assert stored(item).latest_value == 110 * M


def test_target_edits_refresh_the_row(kz, az):
    for code, base, latest in (("TOTAL", "100.0", "110.0"), ("25", "10.0", "20.0")):
        figure(base, 2019, code=code)
        figure(latest, 2023, code=code)
    figure("50.0", 2015)
    item = proposal()
    assert stored(item).change_pct == Decimal("10")
    item.target_product_groups.set([group("25")])  # the admin's many-to-many write
    assert stored(item).change_pct == Decimal("100")
    Proposal.objects.filter(pk=item.pk).update(baseline_year=2015)  # a bulk update of the baseline
    item.target_product_groups.clear()
    item.sector.product_groups.set([group("TOTAL")])  # no own groups: the sector's
    row = stored(item)
    assert (row.baseline_year, row.change_pct) == (2015, Decimal("120"))
    Proposal.objects.filter(pk=item.pk).update(target_direction="export")
    assert stored(item).latest_value is None
    assert stored(item).measure == "export"


def test_a_region_falls_back_to_its_country_and_follows_its_parent(kz, az, region):
    figure("100.0", 2019)
    figure("150.0", 2023)
    item = proposal(from_economy=region)
    assert stored(item).change_pct == Decimal("50")  # KZ-47 has no figures: Kazakhstan's
    Economy.objects.filter(pk=region.pk).update(parent=EconomyFactory(code="TR"))  # placed elsewhere
    assert stored(item).latest_value is None


def test_the_partners_figures_change_the_mirror_pair_too(kz, az):
    figure("100.0", 2019, reporter="AZ", partner="KZ")
    figure("200.0", 2023, reporter="AZ", partner="KZ")
    theirs = proposal(from_economy=az, to_economy=kz)
    ours = proposal()
    assert stored(theirs).change_pct == Decimal("100")
    assert stored(ours).latest_value is None  # the mirror is shown apart, never mixed in
    assert ProposalIndicator.objects.get(proposal=ours).computed_at is not None


def test_stored_rows_equal_the_one_computation_after_many_writes(kz, az, region):
    items = [proposal(), proposal(codes=("25", "68")), proposal(from_economy=region, baseline=2020)]
    for year in range(2018, 2025):
        for code in ("TOTAL", "25", "68"):
            figure(str(50 + year % 7 * 3 + len(code)), year, code=code)
    TradeFigure.objects.filter(year=2021, product_group__code="25").delete()
    TradeFigure.objects.filter(year=2024, product_group__code="68").update(value_usd=1 * M)
    refresh_pending()
    for item in items:
        assert as_stored(ProposalIndicator.objects.get(proposal=item)) == expected(item)
    assert IndicatorQueue.objects.count() == 0


def test_a_queued_economy_change_refreshes_its_proposals_and_refresh_all_rebuilds(kz, az):
    figure("100.0", 2019)
    figure("150.0", 2023)
    item = proposal()
    refresh_pending()
    ProposalIndicator.objects.filter(proposal=item).update(change_pct=Decimal("999"))  # a forged stale row
    IndicatorQueueFactory(economy_a=kz.pk)
    assert stored(item).change_pct == Decimal("50")
    ProposalIndicator.objects.all().delete()
    assert refresh_all() == Proposal.objects.count()
    assert stored(item).change_pct == Decimal("50")


def test_a_refresh_leaves_what_it_did_not_take(kz, az):
    """A queue row written after a refresh took its part stays for the next refresh."""
    figure("100.0", 2019)
    item = proposal()
    refresh_pending()
    IndicatorQueueFactory(proposal_id=item.pk)
    assert refresh_pending() == 1
    assert refresh_pending() == 0


# The managers' status list ---------------------------------------------------------------------


@pytest.fixture
def moved(kz, az):
    """Three proposals that went up, down and nowhere, and one without data."""
    figure("100.0", 2019, code="25")
    figure("130.0", 2023, code="25")
    figure("100.0", 2019, code="68")
    figure("80.0", 2023, code="68")
    figure("100.0", 2019, code="69")
    figure("100.0", 2023, code="69")
    return {
        "up": proposal(codes=("25",), title="Cement up"),
        "down": proposal(codes=("68",), title="Stone down"),
        "flat": proposal(codes=("69",), title="Ceramics flat"),
        "none": proposal(codes=("70",), title="Glass without data"),
    }


def titles(response):
    return [row.record.title for row in response.context["table"].page.object_list]


def test_status_list_shows_latest_and_change(manager_client, moved):
    html = manager_client.get(LIST).content.decode()
    assert "+30,0 %" in html or "+30.0 %" in html
    assert "-20.0 %" in html
    assert "130.0 USD million" in html
    assert reverse("trade:pair", args=["KZ", "AZ"]) in html  # the sources one click away
    assert "n/a" in html


def test_status_list_sorts_by_change_with_no_data_last_both_ways(manager_client, moved):
    assert titles(manager_client.get(LIST, {"sort": "change"})) == [
        "Stone down",
        "Ceramics flat",
        "Cement up",
        "Glass without data",
    ]
    assert titles(manager_client.get(LIST, {"sort": "-change"})) == [
        "Cement up",
        "Ceramics flat",
        "Stone down",
        "Glass without data",
    ]
    assert titles(manager_client.get(LIST, {"sort": "-latest"}))[0] == "Cement up"


@pytest.mark.parametrize(
    ("movement", "expected_titles"),
    [("up", ["Cement up"]), ("down", ["Stone down"]), ("flat", ["Ceramics flat"]), ("none", ["Glass without data"])],
)
def test_status_list_filters_by_movement(manager_client, moved, movement, expected_titles):
    assert titles(manager_client.get(LIST, {"movement": movement})) == expected_titles


def test_bad_movement_is_refused_with_a_message(manager_client, moved):
    response = manager_client.get(LIST, {"movement": "sideways"})
    assert "Select a valid choice" in response.content.decode()
    assert titles(response) == []  # a bad filter lists nothing rather than everything


def test_contradicted_filter_and_mark(manager_client, kz, az):
    figure("463.3", 2022)
    figure("529.4", 2023, change_pct=Decimal("14.4"), change_pct_step=Decimal("0.1"))
    proposal(baseline=2022, title="Flagged")
    proposal(baseline=2022, title="Clean", to_economy=EconomyFactory(code="TR"))
    response = manager_client.get(LIST, {"contradicted": "on"})
    assert titles(response) == ["Flagged"]
    assert "contradicted" in response.content.decode()


def test_export_carries_each_value_with_its_provenance(manager_client, kz, az):
    source = DataSourceFactory(title="Foreign trade of Kazakhstan 2023", economy=kz)
    figure("100.0", 2019, code="25", source=DataSourceFactory(title="Foreign trade 2019"))
    figure("130.0", 2023, code="25", source=source)
    proposal(codes=("25",), title="Cement up")
    proposal(codes=("70",), title="Glass without data")
    response = manager_client.get(LIST, {"_export": "csv", "sort": "-change"})
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [r["Title"] for r in rows] == ["Cement up", "Glass without data"]
    up = rows[0]
    assert up["Latest indicator"] == "130000000"
    assert up["Change since baseline"] == "30"
    assert up["Latest year"] == "2023"
    assert up["Latest: how obtained"] == "reported"
    assert "Foreign trade of Kazakhstan 2023" in up["Latest: sources"]
    assert "Foreign trade 2019" in up["Baseline: sources"]
    assert up["Baseline"] == "100000000"
    assert up["Movement"] == "Moved up"
    assert up["Unit"] == "USD"
    assert rows[1]["Change since baseline"] == ""
    assert rows[1]["Movement"] == "No data"
    sheet = openpyxl.load_workbook(io.BytesIO(manager_client.get(LIST, {"_export": "xlsx"}).content)).active
    header = [cell.value for cell in sheet[1]]
    assert {"Latest indicator", "Change since baseline", "Latest: sources", "Contradicted by published figures"} <= set(
        header
    )


@pytest.mark.parametrize("per_page", [25, 50, 100])
def test_status_list_query_count_is_fixed_whatever_the_page_size(manager_client, django_assert_num_queries, per_page):
    EconomyFactory(code="KZ")
    EconomyFactory(code="AZ")
    figure("100.0", 2019)
    figure("120.0", 2023)
    for _ in range(per_page + 5):
        proposal()
    refresh_pending()
    # 1 session, 2 user, 3-4 permissions, 5 pending changes, 6 count, 7 keys, 8 page with indicators,
    # 9 last meetings, 10 open follow-ups, 11 sectors, 12 partners, 13 footer
    with django_assert_num_queries(13):
        response = manager_client.get(LIST, {"per_page": per_page, "sort": "-change"})
    assert len(titles(response)) == per_page


def test_status_list_after_a_write_shows_the_new_figure(manager_client, moved):
    TradeFigure.objects.filter(product_group__code="25", year=2023).update(value_usd=50 * M)
    assert titles(manager_client.get(LIST, {"movement": "down"})) == ["Cement up", "Stone down"]


# What a role may not see never feeds a figure it sees ------------------------------------------


def test_hidden_proposals_are_not_counted_or_listed_for_a_manager_without_staff_rights(client, moved):
    DraftProposalFactory(title="Secret draft", from_economy=moved["up"].from_economy, to_economy=moved["up"].to_economy)
    viewer = ManagerFactory(is_staff=False)
    client.force_login(viewer)
    listed = client.get(LIST, {"movement": "none"})
    assert "Secret draft" not in listed.content.decode()
    summary = client.get(reverse("cooperation:manage")).context["movement_totals"]
    assert dict(summary)[Movement.NO_DATA] == 1  # the glass proposal only


# The summary -----------------------------------------------------------------------------------


def test_summary_counts_movements_per_sector_with_links(manager_client, moved):
    moved["down"].sector = moved["up"].sector
    moved["down"].save()
    response = manager_client.get(reverse("cooperation:manage"))
    rows = {sector.pk: dict(cells) for sector, cells in response.context["movement_rows"]}
    assert rows[moved["up"].sector_id][Movement.UP] == 1
    assert rows[moved["up"].sector_id][Movement.DOWN] == 1
    assert dict(response.context["movement_totals"]) == {"up": 1, "down": 1, "flat": 1, "none": 1}
    assert f"?sector={moved['up'].sector.slug}&amp;movement=up" in response.content.decode()


@pytest.mark.parametrize("rows", [3, 30])
def test_summary_query_count_is_fixed(manager_client, django_assert_num_queries, rows, kz, az):
    for _ in range(rows):
        proposal()
    refresh_pending()
    with django_assert_num_queries(9):
        assert manager_client.get(reverse("cooperation:manage")).status_code == 200


# The admin -------------------------------------------------------------------------------------


def test_admin_proposal_list_columns_sort_and_filter(admin_client, moved):
    url = reverse("admin:cooperation_proposal_changelist")
    html = admin_client.get(url).content.decode()
    assert "130.0 USD million" in html
    assert "+30.0 %" in html
    assert "n/a" in html
    changelist = admin_client.get(url, {"movement": "down"}).context["cl"]
    assert [p.title for p in changelist.result_list] == ["Stone down"]
    index = changelist.list_display.index("indicator_change")
    ordered = admin_client.get(url, {"o": f"{index}"}).context["cl"].result_list
    assert [p.title for p in ordered] == ["Stone down", "Ceramics flat", "Cement up", "Glass without data"]


@pytest.mark.parametrize("rows", [5, 40])
def test_admin_proposal_list_query_count_is_fixed(admin_client, django_assert_num_queries, rows, kz, az):
    for _ in range(rows):
        proposal()
    refresh_pending()
    admin_client.get(reverse("admin:cooperation_proposal_changelist"), {"q": "Proposal", "o": "8"})  # warms both queues
    with django_assert_num_queries(9):  # the indicators' and the search index's queues checked, one each
        admin_client.get(reverse("admin:cooperation_proposal_changelist"), {"q": "Proposal", "o": "8"})


def test_admin_proposal_form_shows_the_panel_and_follows_a_saved_target(admin_client, kz, az):
    figure("463.3", 2022)
    figure("529.4", 2023, change_pct=Decimal("14.4"), change_pct_step=Decimal("0.1"))
    figure("520.0", 2023, reporter="AZ", partner="KZ")  # the mirror
    figure("10.0", 2022, code="25")
    figure("12.0", 2023, code="25")
    item = proposal(baseline=2022)
    url = reverse("admin:cooperation_proposal_change", args=[item.pk])
    html = admin_client.get(url).content.decode()
    assert "indicator-panel" in html
    assert "<svg" in html
    assert "529.4" in html
    assert "463.3" in html
    assert "520.0" in html
    assert "+14.3 %" in html  # the computed change since the baseline
    assert "contradict" in html
    assert "published +14.4 %" in html
    assert reverse("trade:pair", args=["KZ", "AZ"]) in html
    item.target_product_groups.set([group("25")])
    html = admin_client.get(url).content.decode()
    assert "+20.0 %" in html
    assert "529.4" not in html


def test_admin_meeting_form_shows_each_raised_proposals_indicator(admin_client, moved):
    meeting = MeetingFactory()
    RaisingFactory(meeting=meeting, proposal=moved["up"])
    RaisingFactory(meeting=meeting, proposal=moved["none"])
    html = admin_client.get(reverse("admin:cooperation_meeting_change", args=[meeting.pk])).content.decode()
    assert "Turnover: 130.0 USD million (2023)" in html
    assert "+30.0 %" in html
    assert "since 2019" in html
    assert "Turnover: no data" in html


def test_public_page_and_stored_row_agree(client, moved):
    item = moved["up"]
    html = client.get(item.get_absolute_url()).content.decode()
    row = stored(item)
    assert "+30.0 %" in html
    assert row.change_pct == Decimal("30")
    assert "As the partner reports it" in html


def test_the_stored_row_factory_is_what_readers_read(manager_client, kz, az):
    """A stored row is shown as stored: the lists read the rows, never a second formula."""
    item = proposal(codes=("70",), title="Forged")
    refresh_pending()
    ProposalIndicatorFactory(proposal=item)  # get_or_create: the computed row stays
    ProposalIndicator.objects.filter(proposal=item).update(latest_value=Decimal("777000000"), change_pct=Decimal("5"))
    html = manager_client.get(LIST).content.decode()
    assert "777.0 USD million" in html
    assert "+5.0 %" in html
    ProposalIndicatorFactory(proposal=ProposalFactory(title="Other", sector=SectorFactory()))
    assert ProposalIndicator.objects.count() == 2


def test_refresh_command_takes_the_queue_or_rebuilds_everything(kz, az):
    figure("100.0", 2019)
    figure("150.0", 2023)
    item = proposal()
    out = io.StringIO()
    call_command("refresh_indicators", stdout=out)
    assert out.getvalue().startswith("1 proposal indicators computed")
    assert IndicatorQueue.objects.count() == 0
    ProposalIndicator.objects.filter(proposal=item).update(change_pct=Decimal("1"))
    out = io.StringIO()
    with translation.override("ru"):
        call_command("refresh_indicators", "--all", stdout=out)
    assert "Рассчитано показателей предложений: 1" in out.getvalue()
    assert ProposalIndicator.objects.get(proposal=item).change_pct == Decimal("50")


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite has one writer: a delete waits for the refresh")
def test_a_proposal_deleted_during_a_refresh_does_not_fail_the_readers(reference_data, monkeypatch):
    """Another transaction deletes a proposal while its row is being computed: the refresh runs again."""
    EconomyFactory(code="KZ")
    EconomyFactory(code="AZ")
    figure("100.0", 2019)
    figure("150.0", 2023)
    kept, doomed = proposal(), proposal()
    compute = proposal_indicators.for_proposals
    calls = []

    def delete_meanwhile(proposals):
        result = compute(proposals)
        if not calls:
            worker = threading.Thread(target=delete_elsewhere, args=(doomed.pk,))
            worker.start()
            worker.join()
        calls.append(len(result))
        return result

    monkeypatch.setattr(proposal_indicators, "for_proposals", delete_meanwhile)
    assert refresh_pending() == 1  # the second run: the deleted proposal is gone
    assert calls == [2, 1]
    assert list(ProposalIndicator.objects.values_list("proposal", flat=True)) == [kept.pk]
    assert ProposalIndicator.objects.get(proposal=kept).change_pct == Decimal("50")


def delete_elsewhere(pk):
    from django.db import connections

    try:
        Proposal.objects.filter(pk=pk).delete()
    finally:
        connections.close_all()


def test_a_change_from_a_tiny_baseline_is_stored_whole(kz, az):
    figure("0.000001", 2019, value_step=Decimal("0.01"))  # one dollar
    figure("900000.0", 2023)  # 900 billion
    row = stored(proposal())
    assert row.movement == Movement.UP
    assert row.change_pct > Decimal("10") ** 13


def test_no_source_is_named_beside_a_missing_baseline(kz, az):
    figure("100.0", 2019, code="25")
    figure("130.0", 2023, code="25")
    figure("130.0", 2023, code="68")  # 68 has no 2019: no baseline for the two together
    row = stored(proposal(codes=("25", "68")))
    assert row.baseline_value is None
    assert row.sources["baseline"] == []
    assert len(row.sources["latest"]) == 2


def test_an_edit_that_changes_no_input_queues_nothing(kz, az):
    source = DataSourceFactory()
    figure("100.0", 2019, source=source)
    item = proposal()
    refresh_pending()
    source.title = "Renamed release"
    source.save()  # every column is written; only kind, economy and date matter
    item.title = "Renamed proposal"
    item.save()
    assert IndicatorQueue.objects.count() == 0
    source.published_on = datetime.date(2020, 1, 1)
    source.save()
    assert IndicatorQueue.objects.count() == 1
