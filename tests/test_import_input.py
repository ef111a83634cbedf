"""Bad input in trade imports is a clear row error, never a stored javascript: link or a server error."""

import csv
import io
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse

from tests.factories import DataSourceFactory, EconomyFactory, EditorFactory
from tests.test_admin_trade import upload
from trade.importers import COMTRADE_HEADER, SourceDefaults, import_file
from trade.models import DataSource, TradeFigure, TradeImport

pytestmark = pytest.mark.django_db

HEADER = (
    "reporter,partner,year,months,measure,product,value,unit,source_publisher,source_title,source_published,"
    "source_url\n"
)
ROW = (
    "KZ,AZ,2023,1-12,export,TOTAL,456.3,million USD,Bureau of National Statistics,Foreign trade 2023,2024-02-15,{url}\n"
)
LIMIT = csv.field_size_limit()


@pytest.fixture(autouse=True)
def economies(db):
    EconomyFactory(code="KZ")
    EconomyFactory(code="AZ")


def write(tmp_path, text):
    path = tmp_path / "figures.csv"
    path.write_text(text)
    return path


def refused(path, *args):
    err = io.StringIO()
    with pytest.raises(CommandError, match="nothing was written"):
        call_command("import_trade", str(path), *args, stdout=io.StringIO(), stderr=err)
    assert not TradeFigure.objects.exists()
    assert not DataSource.objects.exists()
    assert not TradeImport.objects.exists()
    return err.getvalue()


@pytest.mark.parametrize(
    "url",
    ["javascript:alert(1)", "JavaScript:alert(document.cookie)", "data:text/html;<b>hello", "ftp://x.kz/a"],
)
def test_a_link_in_a_file_that_is_not_a_web_address_is_refused_with_its_line(tmp_path, url):
    text = HEADER + ROW.format(url="https://stat.gov.kz/") + ROW.format(url=url).replace("export", "import")
    err = refused(write(tmp_path, text))
    assert f"figures.csv:3: source_url: {url!r} is not a web address starting with http:// or https://." in err


def test_a_web_address_in_a_file_is_stored(tmp_path):
    call_command("import_trade", str(write(tmp_path, HEADER + ROW.format(url="https://stat.gov.kz/"))),
                 stdout=io.StringIO())  # fmt: skip
    assert DataSource.objects.get().url == "https://stat.gov.kz/"


def test_a_link_too_long_to_store_is_a_row_error(tmp_path):
    err = refused(write(tmp_path, HEADER + ROW.format(url="https://stat.gov.kz/" + "a" * 500)))
    assert "figures.csv:2: source_url: is longer than 500 characters." in err


@pytest.mark.parametrize(("column", "limit"), [("source_publisher", 200), ("source_title", 300)])
def test_a_source_name_too_long_to_store_is_a_row_error(tmp_path, column, limit):
    row = ROW.format(url="")
    long = "x" * (limit + 1)
    row = (
        row.replace("Bureau of National Statistics", long)
        if column == "source_publisher"
        else row.replace("Foreign trade 2023", long)
    )
    err = refused(write(tmp_path, HEADER + row))
    assert f"figures.csv:2: {column}: is longer than {limit} characters." in err


def test_the_source_url_option_must_be_a_web_address(tmp_path):
    path = write(tmp_path, HEADER + ROW.format(url=""))
    with pytest.raises(CommandError, match="--source-url: 'javascript:alert"):
        call_command("import_trade", str(path), "--source-url", "javascript:alert(1)", stdout=io.StringIO())
    assert not TradeFigure.objects.exists()
    assert not DataSource.objects.exists()


def test_a_comtrade_source_link_must_be_a_web_address(tmp_path):
    path = write(tmp_path, COMTRADE_HEADER)
    result = import_file(path, defaults=SourceDefaults(published_on=date(2024, 7, 1), url="javascript:alert(1)"))
    assert result.errors == [
        (1, "source_url", "'javascript:alert(1)' is not a web address starting with http:// or https://.")
    ]


def test_the_admin_upload_takes_web_addresses_only(client):
    client.force_login(EditorFactory())
    response = upload(client, b"reporter\n", source_url="ftp://stat.gov.kz/trade.csv")
    assert "Enter a web address that starts with http:// or https://." in response.content.decode()
    assert not TradeImport.objects.exists()


def test_the_admin_upload_shows_a_bad_link_in_the_file_as_a_problem(client):
    client.force_login(EditorFactory())
    response = upload(client, (HEADER + ROW.format(url="javascript:alert(1)")).encode())
    content = response.content.decode()
    assert "1 problem found" in content
    assert "<td>2</td><td>source_url</td>" in content
    assert "Confirm the import" not in content
    assert TradeImport.objects.get().status == TradeImport.Status.REFUSED


@pytest.mark.parametrize("url", ["javascript:alert(1)", "ftp://stat.gov.kz/trade.csv"])
def test_stored_links_are_web_addresses_only(url):
    source = DataSourceFactory.build(url=url)
    with pytest.raises(ValidationError) as error:
        source.full_clean()
    assert "url" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        TradeImport(filename="figures.csv", source_url=url).full_clean(exclude=["content"])
    assert "source_url" in error.value.message_dict


def test_a_source_link_changed_in_the_admin_must_be_a_web_address(client):
    source = DataSourceFactory()
    client.force_login(EditorFactory())
    data = {"publisher": source.publisher, "title": source.title, "kind": source.kind, "url": "ftp://stat.gov.kz/",
            "published_on": "2024-02-15", "notes": ""}  # fmt: skip
    response = client.post(reverse("admin:trade_datasource_change", args=[source.pk]), data)
    assert response.status_code == 200
    assert "Enter a web address that starts with http:// or https://." in response.content.decode()
    source.refresh_from_db()
    assert source.url == ""


def huge_field_file(tmp_path):
    """A file whose third line holds a field longer than the csv module reads."""
    good = ROW.format(url="")
    return write(tmp_path, HEADER + good + good.replace("456.3", '"' + "9" * (LIMIT + 10) + '"'))


def test_a_field_over_the_csv_limit_is_a_row_error_on_the_command_line(tmp_path):
    err = refused(huge_field_file(tmp_path))
    assert f"figures.csv:3: a field is longer than {LIMIT:,} characters" in err


def test_a_header_over_the_csv_limit_is_a_row_error(tmp_path):
    path = write(tmp_path, "reporter," + "x" * (LIMIT + 1) + "\n")
    result = import_file(path)
    assert [(line, column) for line, column, _message in result.errors] == [(1, "")]
    assert "longer than" in result.errors[0][2]


def test_a_field_over_the_csv_limit_is_a_row_error_in_the_admin(client, tmp_path):
    client.force_login(EditorFactory())
    response = upload(client, huge_field_file(tmp_path).read_bytes())
    assert response.status_code == 200
    content = response.content.decode()
    assert "1 problem found; nothing will be written" in content
    assert f"<td>3</td><td></td><td>a field is longer than {LIMIT:,} characters" in content
    assert TradeImport.objects.get().status == TradeImport.Status.REFUSED
    assert not TradeFigure.objects.exists()
