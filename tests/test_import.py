"""import_trade: both formats, every bad input refused with its line, idempotent re-imports."""

import io
from datetime import date
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from tests.factories import EconomyFactory, RegionFactory
from trade.importers import COMTRADE_HEADER, SourceDefaults, import_file
from trade.models import DataSource, TradeFigure

pytestmark = pytest.mark.django_db

NATIVE = "reporter,partner,year,months,measure,product,value,unit,change_pct\n"


def comtrade_row(reporter="KAZ", partner="AZE", flow="X", cmd="TOTAL", value="456300000", year="2023", freq="A",
                 month="52", partner2="0", mot="0", customs="C00"):  # fmt: skip
    period = year if freq == "A" else f"{year}{int(month):02d}"
    return (
        f"C,{freq},{year}0101,{year},{month},{period},398,{reporter},Kazakhstan,{flow},Export,31,{partner},Azerbaijan,"
        f"{partner2},W00,World,HS,HS,true,{cmd},All Commodities,0,false,{customs},All,0,{mot},All,-1,N/A,0,false,"
        f"-1,N/A,0,false,0,false,0,false,,{value},{value},0,true,false\n"
    )


@pytest.fixture(autouse=True)
def economies(db):
    RegionFactory()
    EconomyFactory(code="AZ")
    EconomyFactory(code="GE")


def write(tmp_path, text, encoding="utf-8", name="figures.csv"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def run(path, *args):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_trade", str(path), *args, stdout=out, stderr=err)
    return out.getvalue()


def refused(path, *args):
    err = io.StringIO()
    with pytest.raises(CommandError, match="nothing was written"):
        call_command("import_trade", str(path), *args, stdout=io.StringIO(), stderr=err)
    assert not TradeFigure.objects.exists()
    return err.getvalue()


SOURCE = ["--source-publisher", "Bureau of National Statistics", "--source-title", "Foreign trade 2023",
          "--published", "2024-02-15", "--source-economy", "KZ"]  # fmt: skip


def test_native_file_with_source_options(tmp_path):
    path = write(tmp_path, NATIVE + "KZ,AZ,2023,1-12,turnover,TOTAL,529.4,million USD,14.2\n")
    assert "1 created, 0 updated, 0 unchanged" in run(path, *SOURCE)
    figure = TradeFigure.objects.get()
    assert figure.value_usd == Decimal("529400000.00")
    assert figure.value_step == Decimal("100000.00")
    assert (figure.change_pct, figure.change_pct_step) == (Decimal("14.2"), Decimal("0.1"))
    assert figure.source.economy.code == "KZ"


def test_native_columns_in_any_order_and_case(tmp_path):
    text = "Value,Unit,Reporter,Partner,Year,Months,Measure,Product\n73,million USD,KZ,AZ,2023,1-12,import,TOTAL\n"
    run(write(tmp_path, text), *SOURCE)
    assert TradeFigure.objects.get().measure == "import"


def test_comtrade_file_annual_and_monthly(tmp_path):
    text = COMTRADE_HEADER + comtrade_row() + comtrade_row(flow="M", cmd="07", value="1234.5", freq="M", month="3")
    out = run(write(tmp_path, text), "--published", "2024-07-01")
    assert "UN Comtrade file" in out
    assert "2 created" in out
    export = TradeFigure.objects.get(measure="export")
    assert (export.reporter.code, export.partner.code, export.month_from, export.month_to) == ("KZ", "AZ", 1, 12)
    imports = TradeFigure.objects.get(measure="import")
    assert (imports.product_group.code, imports.month_from, imports.month_to) == ("07", 3, 3)
    assert imports.value_usd == Decimal("1234.50")
    assert export.source.kind == DataSource.Kind.INTERNATIONAL


def test_comtrade_skips_world_breakdowns_and_re_exports(tmp_path):
    text = (
        COMTRADE_HEADER
        + comtrade_row()
        + comtrade_row(partner="W00")
        + comtrade_row(mot="2100")
        + comtrade_row(partner2="31")
        + comtrade_row(flow="RX")
    )
    out = run(write(tmp_path, text), "--published", "2024-07-01")
    assert "1 created" in out
    assert "1 skipped (world totals)" in out
    assert "2 skipped (breakdowns" in out
    assert "1 skipped (flows other than X and M (RX))" in out


def test_comtrade_needs_the_download_date(tmp_path):
    err = refused(write(tmp_path, COMTRADE_HEADER + comtrade_row()))
    assert "--published" in err


def test_utf8_with_bom_and_latin1_are_both_read(tmp_path):
    text = NATIVE.replace("change_pct", "source_publisher,source_title,source_published")
    row = "KZ,AZ,2023,1-12,export,TOTAL,456.3,million USD,Statistikbüro,Außenhandel,2024-02-15\n"
    run(write(tmp_path, "\ufeff" + text + row, "utf-8", "bom.csv"))
    run(write(tmp_path, text + row.replace("export", "import"), "latin-1", "latin.csv"))
    assert set(DataSource.objects.values_list("publisher", flat=True)) == {"Statistikbüro"}
    assert TradeFigure.objects.count() == 2


@pytest.mark.parametrize(
    ("row", "line_and_column"),
    [
        ("XX,AZ,2023,1-12,export,TOTAL,1,USD,", ":3: reporter:"),
        ("KZ,ZZ,2023,1-12,export,TOTAL,1,USD,", ":3: partner:"),
        ("KZ,AZ,2023,1-12,export,0701,1,USD,", ":3: product:"),
        ("KZ,AZ,2023,1-12,export,AB,1,USD,", ":3: product:"),
        ("KZ,AZ,2023,1-12,export,TOTAL,abc,USD,", ":3: value:"),
        ("KZ,AZ,2023,1-12,export,TOTAL,-5,USD,", ":3: value:"),
        ("KZ,AZ,1850,1-12,export,TOTAL,1,USD,", ":3: year:"),
        ("KZ,AZ,2023,7-3,export,TOTAL,1,USD,", ":3: months:"),
        ("KZ,AZ,2023,1-13,export,TOTAL,1,USD,", ":3: months:"),
        ("KZ,AZ,2023,1-12,smuggling,TOTAL,1,USD,", ":3: measure:"),
        ("KZ,AZ,2023,1-12,export,TOTAL,1,roubles,", ":3: unit:"),
        ("KZ,AZ,2023,1-12,export,TOTAL,1,USD,lots", ":3: change_pct:"),
        ("KZ,KZ,2023,1-12,export,TOTAL,1,USD,", ":3: partner:"),
        ("KZ,AZ,2023,1-12,export,TOTAL,1,USD,\nKZ,AZ,2023,1-12,export,TOTAL,2,USD,", ":4: the same figure as line 3"),
    ],
)
def test_bad_rows_write_nothing_and_name_line_and_column(tmp_path, row, line_and_column):
    good = "KZ,AZ,2022,1-12,export,TOTAL,1,USD,\n"
    err = refused(write(tmp_path, NATIVE + good + row + "\n"), *SOURCE)
    assert line_and_column in err


def test_missing_columns_are_named(tmp_path):
    err = refused(write(tmp_path, "reporter,partner,year\nKZ,AZ,2023\n"), *SOURCE)
    assert "months, measure, product, value, unit" in err


def test_bad_comtrade_values_name_their_columns(tmp_path):
    text = (
        COMTRADE_HEADER
        + comtrade_row(reporter="XYZ")
        + comtrade_row(value="-3", flow="M")
        + comtrade_row(freq="Q", cmd="08")
    )
    err = refused(write(tmp_path, text), "--published", "2024-07-01")
    assert ":2: reporterISO:" in err
    assert ":3: primaryValue:" in err
    assert ":4: freqCode:" in err


def test_clean_reimport_changes_nothing(tmp_path):
    path = write(tmp_path, COMTRADE_HEADER + comtrade_row() + comtrade_row(flow="M", value="73000000"))
    run(path, "--published", "2024-07-01")
    assert "0 created, 0 updated, 2 unchanged" in run(path, "--published", "2024-07-01")
    assert TradeFigure.objects.count() == 2


def test_changed_value_is_reported_as_update_from_old_to_new(tmp_path):
    run(write(tmp_path, NATIVE + "KZ,AZ,2022,1-12,import,TOTAL,86.6,million USD,\n"), *SOURCE)
    out = run(write(tmp_path, NATIVE + "KZ,AZ,2022,1-12,import,TOTAL,88.3,million USD,\n"), *SOURCE)
    assert "0 created, 1 updated, 0 unchanged" in out
    assert "86600000.00 -> 88300000.00" in out
    assert TradeFigure.objects.get().value_usd == Decimal("88300000.00")


def test_the_same_key_from_another_source_is_kept_beside(tmp_path):
    path = write(tmp_path, NATIVE + "KZ,AZ,2022,1-12,import,TOTAL,86.6,million USD,\n")
    run(path, *SOURCE)
    run(path, *SOURCE[:4], "--published", "2025-02-15")
    assert TradeFigure.objects.count() == 2


def test_dry_run_writes_nothing_but_counts(tmp_path):
    out = run(write(tmp_path, NATIVE + "KZ,AZ,2022,1-12,import,TOTAL,86.6,million USD,\n"), *SOURCE, "--dry-run")
    assert "Dry run, nothing written. native file, 1 rows: 1 created" in out
    assert not TradeFigure.objects.exists()
    assert not DataSource.objects.exists()


def test_old_region_code_is_read(tmp_path):
    run(write(tmp_path, NATIVE + "KZ-MAN,AZ,2023,1-6,import,08,2.5,million USD,\n"), *SOURCE)
    assert TradeFigure.objects.get().reporter.code == "KZ-47"


def test_no_source_is_refused(tmp_path):
    err = refused(write(tmp_path, NATIVE + "KZ,AZ,2023,1-12,import,TOTAL,1,USD,\n"))
    assert "no source" in err


def test_a_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="no such file"):
        call_command("import_trade", str(tmp_path / "nope.csv"))


def test_progress_is_reported_while_checking_and_writing(tmp_path):
    path = write(tmp_path, COMTRADE_HEADER + comtrade_row())
    seen = []
    import_file(path, defaults=SourceDefaults(published_on=date(2024, 7, 1)), progress=lambda p, n: seen.append(p))
    assert "check" in seen
    assert "write" in seen
