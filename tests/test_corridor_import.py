"""The corridor CSV: recognised by its header, every measure and unit, precision as written, bad rows refused."""

from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from tests.factories import EconomyFactory, PlaceFactory
from trade.importers import import_file
from trade.models import CorridorFigure, DataSource, TradeImport

pytestmark = pytest.mark.django_db

HEADER = (
    "place,year,months,measure,value,unit,change_pct,source_publisher,source_title,source_published,source_url,"
    "source_kind\n"
)
SOURCE = "Port authority,Annual report,2024-02-01,https://example.org/report,official"


@pytest.fixture(autouse=True)
def places(db):
    kz = EconomyFactory(code="KZ")
    return {code: PlaceFactory(code=code, economies=[kz]) for code in ("AKTAU", "KURYK", "AKTAU-BAKU")}


def write(tmp_path, rows, header=HEADER, name="corridor.csv"):
    path = tmp_path / name
    path.write_text(header + "".join(f"{row},{SOURCE}\n" if row.count(",") == 6 else f"{row}\n" for row in rows))
    return path


@pytest.mark.parametrize(
    ("measure", "value", "unit", "stored", "step"),
    [
        ("cargo", "3.8", "million tonnes", "3800000", "100000"),
        ("cargo", "447", "thousand tonnes", "447000", "1000"),
        ("cargo", "786000", "tonnes", "786000", "1"),
        ("containers", "52.3", "thousand TEU", "52300", "100"),
        ("containers", "7400", "TEU", "7400", "1"),
        ("vehicles", "18000", "vehicles", "18000", "1"),
        ("vehicles", "23.6", "thousand vehicles", "23600", "100"),
        ("wagons", "13800", "wagons", "13800", "1"),
        ("wagons", "16.5", "thousand wagons", "16500", "100"),
        ("passengers", "1200", "passengers", "1200", "1"),
        ("passengers", "3.5", "thousand passengers", "3500", "100"),
        ("passengers", "1.25", "million passengers", "1250000", "10000"),
        ("calls", "480", "calls", "480", "1"),
    ],
)
def test_every_measure_and_unit_is_stored_in_its_base_unit_with_its_published_precision(
    tmp_path, measure, value, unit, stored, step
):
    result = import_file(write(tmp_path, [f"AKTAU,2023,1-12,{measure},{value},{unit},"]))
    assert result.ok, result.errors
    assert result.format == "corridor"
    figure = CorridorFigure.objects.get()
    assert (figure.measure, figure.unit) == (measure, unit)
    assert figure.value == Decimal(stored)
    assert figure.value_step == Decimal(step)
    assert figure.published_number == value


@pytest.mark.parametrize(
    ("written", "qualifier", "value", "step", "low", "high"),
    [
        ("over 3.8", "over", "3800000", "100000", "3800000", "3900000"),
        ("about 1.5", "about", "1500000", "100000", "1450000", "1550000"),
        ("almost 2", "almost", "2000000", "1000000", "1000000", "2000000"),
        ("3.8", "", "3800000", "100000", "3750000", "3850000"),
    ],
)
def test_qualifiers_give_the_interval_the_source_vouched_for(tmp_path, written, qualifier, value, step, low, high):
    assert import_file(write(tmp_path, [f"AKTAU,2022,1-12,cargo,{written},million tonnes,9"])).ok
    figure = CorridorFigure.objects.get()
    assert figure.qualifier == qualifier
    assert (figure.value, figure.value_step) == (Decimal(value), Decimal(step))
    assert figure.interval == (Decimal(low), Decimal(high))


@pytest.mark.parametrize("written", ['"~52,300"', "about 52300", '"about 52,300"', "approximately 52 300"])
def test_an_about_count_keeps_only_its_significant_digits(tmp_path, written):
    """~52,300 is a precision of 100: its trailing zeros are not digits the source vouched for."""
    assert import_file(write(tmp_path, [f"AKTAU,2022,1-12,containers,{written},TEU,16,{SOURCE}"])).ok
    figure = CorridorFigure.objects.get()
    assert (figure.value, figure.value_step, figure.qualifier) == (Decimal(52300), Decimal(100), "about")
    assert figure.interval == (Decimal(52250), Decimal(52350))


def test_importing_the_same_file_again_changes_nothing(tmp_path):
    path = write(
        tmp_path,
        ["AKTAU,2022,1-12,cargo,over 3.8,million tonnes,9", "KURYK,2023,1-8,cargo,about 1.5,million tonnes,15"],
    )
    first = import_file(path)
    assert (first.created, first.updated) == (2, 0)
    history = CorridorFigure.history.count()
    again = import_file(path)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    assert CorridorFigure.history.count() == history


def test_a_changed_value_is_an_update_with_its_history(tmp_path):
    call_command("import_trade", str(write(tmp_path, ["AKTAU,2022,1-12,cargo,3.8,million tonnes,9"])), stdout=None)
    figure = CorridorFigure.objects.get()
    call_command("import_trade", str(write(tmp_path, ["AKTAU,2022,1-12,cargo,3.9,million tonnes,9"])), stdout=None)
    figure.refresh_from_db()
    assert figure.value == Decimal(3900000)
    assert figure.version == 2
    assert figure.trade_import == TradeImport.objects.order_by("pk").last()
    latest = figure.history.order_by("history_date", "history_id").last()
    assert latest.history_change_reason.startswith("Import #")
    assert latest.value == Decimal(3900000)


@pytest.mark.parametrize(
    ("row", "column", "words"),
    [
        ("NOWHERE,2022,1-12,cargo,3.8,million tonnes,9", "place", "No port or route"),
        ("AKTAU,1800,1-12,cargo,3.8,million tonnes,9", "year", "between 1900 and 2100"),
        ("AKTAU,2022,6-1,cargo,3.8,million tonnes,9", "months", "month range"),
        ("AKTAU,2022,1-12,freight,3.8,million tonnes,9", "measure", "not one of"),
        ("AKTAU,2022,1-12,cargo,3.8,barrels,9", "unit", "not one of"),
        ("AKTAU,2022,1-12,containers,3.8,million tonnes,9", "unit", "does not measure"),
        ("AKTAU,2022,1-12,cargo,lots,million tonnes,9", "value", "not a number"),
        ("AKTAU,2022,1-12,cargo,-3,million tonnes,9", "value", "negative"),
        ("AKTAU,2022,1-12,cargo,about,million tonnes,9", "value", "empty"),
        ("AKTAU,2022,1-12,cargo,3.8,million tonnes,nine", "change_pct", "not a number"),
        ("AKTAU,2022,1-12,cargo,3.8,million tonnes,9,PortNews,T,2023-13-01,,news", "source_published", "YYYY-MM-DD"),
        (
            "AKTAU,2022,1-12,cargo,3.8,million tonnes,9,PortNews,T,2023-09-26,javascript:alert(1),news",
            "source_url",
            "http",
        ),
        ("AKTAU,2022,1-12,cargo,3.8,million tonnes,9,PortNews,T,2023-09-26,,rumour", "source_kind", "not one of"),
    ],
)
def test_a_bad_row_writes_nothing_and_names_its_line_and_column(tmp_path, row, column, words):
    good = "KURYK,2023,1-8,cargo,about 1.5,million tonnes,15"
    result = import_file(write(tmp_path, [good, row]))
    assert not result.ok
    line, where, message = result.errors[0]
    assert (line, where) == (3, column)
    assert words in message
    assert not CorridorFigure.objects.exists()
    assert not DataSource.objects.exists()


def test_the_same_figure_twice_in_a_file_is_refused(tmp_path):
    row = "AKTAU,2022,1-12,cargo,3.8,million tonnes,9"
    result = import_file(write(tmp_path, [row, row]))
    assert result.errors == [(3, "", "the same figure as line 2.")]
    assert not CorridorFigure.objects.exists()


def test_a_header_missing_a_corridor_column_is_refused_plainly(tmp_path):
    path = tmp_path / "short.csv"
    path.write_text("place,year,months,measure,value\nAKTAU,2022,1-12,cargo,3.8\n")
    result = import_file(path)
    assert result.errors == [(1, "unit", "the header is not the corridor CSV format (missing: unit).")]


def test_the_command_refuses_a_bad_file_with_a_clear_message(tmp_path):
    path = write(tmp_path, ["AKTAU,2022,1-12,cargo,3.8,parsecs,9"])
    with pytest.raises(CommandError):
        call_command("import_trade", str(path), stdout=None, stderr=None)
    assert not CorridorFigure.objects.exists()
    assert not TradeImport.objects.filter(status=TradeImport.Status.IMPORTED).exists()


def test_two_sources_for_one_figure_are_kept_side_by_side(tmp_path):
    rows = [
        "AKTAU,2022,1-12,cargo,over 3.8,million tonnes,9,PortNews,Aktau port,2023-09-26,,news",
        "AKTAU,2022,1-12,cargo,3.8,million tonnes,9,Trend News Agency,Aktau cargo,2023-09-06,,news",
    ]
    result = import_file(write(tmp_path, rows))
    assert result.ok, result.errors
    assert CorridorFigure.objects.count() == 2
    assert set(CorridorFigure.objects.values_list("source__publisher", flat=True)) == {"PortNews", "Trend News Agency"}
