"""The importer's row errors and import_trade's messages come in the language staff work in."""

import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command, load_command_class
from django.urls import reverse
from django.utils import translation

from tests.factories import EconomyFactory, EditorFactory
from trade.importers import SourceDefaults, import_file
from trade.models import TradeFigure, TradeImport

pytestmark = pytest.mark.django_db

HEADER = "reporter,partner,year,months,measure,product,value,unit\n"
GOOD_ROW = "KZ,AZ,2023,1-12,export,TOTAL,456.3,million USD\n"
NEGATIVE_ROW = "KZ,AZ,2023,1-12,export,TOTAL,-1,million USD\n"
SOURCE = ["--published", "2024-02-15", "--source-publisher", "B", "--source-title", "T"]


@pytest.fixture(autouse=True)
def economies(db):
    EconomyFactory(code="KZ")
    EconomyFactory(code="AZ")


def write(tmp_path, text):
    path = tmp_path / "figures.csv"
    path.write_text(text, encoding="utf-8")
    return path


def errors_in(language, path, published_on=date(2024, 2, 15)):
    defaults = SourceDefaults(publisher="B", title="T", published_on=published_on)
    with translation.override(language):
        result = import_file(path, defaults=defaults, dry_run=True)
    assert not result.ok
    return result.errors


def test_a_bad_year_is_a_russian_row_error_with_russian_active(tmp_path):
    path = write(tmp_path, HEADER + GOOD_ROW.replace("2023", "20x3"))
    [(line, column, message)] = errors_in("ru", path)
    assert (line, column) == (2, "year")
    assert message == "'20x3' — не год в пределах от 1900 до 2100."
    assert "is not a year" not in message


def test_the_same_file_in_english_keeps_the_english_message(tmp_path):
    path = write(tmp_path, HEADER + GOOD_ROW.replace("2023", "20x3"))
    [(_line, _column, message)] = errors_in("en", path)
    assert message == "'20x3' is not a year between 1900 and 2100."


@pytest.mark.parametrize(
    ("language", "translated"),
    [
        ("ru", "'-1' — отрицательное число; значения торговли не бывают меньше нуля."),
        ("kk", "'-1' — теріс сан; сауда мәндері нөлден кем болмайды."),
        ("az", "'-1' mənfidir; ticarət göstəriciləri heç vaxt sıfırdan az olmur."),
    ],
    ids=["ru", "kk", "az"],
)
def test_a_negative_value_is_refused_in_each_language(tmp_path, language, translated):
    path = write(tmp_path, HEADER + NEGATIVE_ROW)
    [(line, column, message)] = errors_in(language, path)
    assert (line, column) == (2, "value")
    assert message == translated
    assert "negative" not in message
    assert "trade values" not in message


@pytest.mark.parametrize(
    ("language", "word"),
    [("ru", "совпадает с отчитывающейся стороной"), ("kk", "есеп берушімен бірдей"), ("az", "hesabat verən tərəflə")],
    ids=["ru", "kk", "az"],
)
def test_a_row_trading_with_itself_names_the_reporter_in_each_language(tmp_path, language, word):
    path = write(tmp_path, HEADER + GOOD_ROW.replace("KZ,AZ", "KZ,KZ"))
    [(_line, column, message)] = errors_in(language, path)
    assert column == "partner"
    assert word in message
    assert "same as the reporter" not in message


def test_a_missing_source_is_a_russian_row_error(tmp_path):
    path = write(tmp_path, HEADER + GOOD_ROW)
    [(_line, column, message)] = errors_in("ru", path, published_on=None)
    assert column == "source_title"
    assert message == (
        "нет источника: заполните столбцы источника или укажите --source-publisher/--source-title/--published."
    )


def test_import_trade_reports_in_russian(tmp_path):
    path = write(tmp_path, HEADER + GOOD_ROW)
    out = io.StringIO()
    with translation.override("ru"):
        call_command("import_trade", str(path), *SOURCE, stdout=out, stderr=io.StringIO())
    assert "Файл формата native, строк: 1; создано: 1, обновлено: 0, без изменений: 0." in out.getvalue()
    assert "Сохранено как импорт данных №" in out.getvalue()
    assert "rows:" not in out.getvalue()
    assert TradeFigure.objects.count() == 1


def test_import_trade_refuses_a_bad_file_in_kazakh(tmp_path):
    path = write(tmp_path, HEADER + NEGATIVE_ROW)
    err = io.StringIO()
    with translation.override("kk"), pytest.raises(CommandError) as refused:
        call_command("import_trade", str(path), *SOURCE, stdout=io.StringIO(), stderr=err)
    assert str(refused.value) == "Табылған мәселелер: 1; ештеңе жазылмады."
    assert "nothing was written" not in str(refused.value)
    assert "figures.csv:2: value: '-1' — теріс сан; сауда мәндері нөлден кем болмайды." in err.getvalue()
    assert "negative" not in err.getvalue()
    assert not TradeFigure.objects.exists()


def test_import_trade_names_a_missing_file_in_kazakh(tmp_path):
    with translation.override("kk"), pytest.raises(CommandError, match="мұндай файл жоқ"):
        call_command("import_trade", str(tmp_path / "missing.csv"), stdout=io.StringIO())


def test_the_admin_preview_shows_row_errors_in_russian(client):
    client.force_login(EditorFactory())
    with translation.override("ru"):
        url = reverse("admin:trade_tradefigure_import")
    assert url.startswith("/ru/")
    response = client.post(
        url,
        {
            "file": SimpleUploadedFile("figures.csv", (HEADER + NEGATIVE_ROW).encode(), content_type="text/csv"),
            "source_publisher": "Bureau of National Statistics",
            "source_title": "Foreign trade 2023",
            "source_published_on": "2024-02-15",
            "source_kind": "official",
        },
    )
    content = response.content.decode()
    assert "отрицательное число; значения торговли не бывают меньше нуля" in content
    assert "is negative" not in content
    assert TradeImport.objects.get().status == TradeImport.Status.REFUSED


@pytest.mark.parametrize(
    ("command", "language", "translated"),
    [
        ("import_trade", "ru", "Проверить и подсчитать, ничего не записывая."),
        ("check_trade", "kk", "Әрбір жарияланған көрсеткішті мәндермен салыстыру"),
        ("ensure_admin", "az", "Superistifadəçinin mövcud olduğuna əmin olmaq."),
    ],
)
def test_command_help_is_in_the_language_the_command_runs_in(command, language, translated):
    app = "trade" if command.endswith("_trade") else "cooperation"
    with translation.override(language):
        text = load_command_class(app, command).create_parser("manage.py", command).format_help()
    assert translated in " ".join(text.split())
