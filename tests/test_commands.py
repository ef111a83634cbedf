"""Management commands: ensure_admin and the trade importer's native format."""

import io
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from tests.factories import EconomyFactory, RegionFactory
from trade.models import TradeFigure

pytestmark = pytest.mark.django_db

HEADER = (
    "reporter,partner,year,months,measure,product,value,unit,change_pct,"
    "source_publisher,source_title,source_published\n"
)


def test_ensure_admin_generates_a_password_once(monkeypatch):
    monkeypatch.delenv("ADMIN_PASSWORD", raising=False)
    out = io.StringIO()
    call_command("ensure_admin", stdout=out)
    password = out.getvalue().split("password: ")[1].split()[0]
    assert get_user_model().objects.get(username="admin").check_password(password)

    again = io.StringIO()
    call_command("ensure_admin", stdout=again)
    assert "unchanged" in again.getvalue()
    assert get_user_model().objects.get(username="admin").check_password(password)


def test_ensure_admin_takes_the_password_from_the_environment(monkeypatch):
    monkeypatch.setenv("ADMIN_PASSWORD", "from-the-environment-42")
    out = io.StringIO()
    call_command("ensure_admin", stdout=out)
    assert "from-the-environment-42" not in out.getvalue()
    assert get_user_model().objects.get(username="admin").check_password("from-the-environment-42")


@pytest.fixture
def pair():
    RegionFactory()
    EconomyFactory(code="AZ")


def write(tmp_path, text, encoding="utf-8"):
    path = tmp_path / "figures.csv"
    path.write_bytes(text.encode(encoding))
    return path


def test_import_native_reads_old_region_codes_and_latin1(tmp_path, pair):
    path = write(
        tmp_path,
        HEADER + "KZ-MAN,AZE,2023,1-12,import,07,1.5,million USD,,Statistikbüro,Release,2024-02-01\n",
        "latin-1",
    )
    call_command("import_trade", str(path), stdout=io.StringIO())
    figure = TradeFigure.objects.get()
    assert (figure.reporter.code, figure.partner.code, figure.value_usd) == ("KZ-47", "AZ", Decimal("1500000.00"))
    assert figure.source.publisher == "Statistikbüro"


def test_import_with_a_bad_row_writes_nothing_and_names_the_line(tmp_path, pair):
    path = write(
        tmp_path,
        HEADER
        + "KZ,AZ,2023,1-12,export,TOTAL,456.3,million USD,21.6,Stat,Release,2024-02-01\n"
        + "KZ,AZ,2023,1-12,import,TOTAL,-73,million USD,,Stat,Release,2024-02-01\n",
    )
    err = io.StringIO()
    with pytest.raises(CommandError, match="nothing was written"):
        call_command("import_trade", str(path), stdout=io.StringIO(), stderr=err)
    assert ":3: value:" in err.getvalue()
    assert not TradeFigure.objects.exists()


def test_reimport_changes_nothing_and_updates_are_reported(tmp_path, pair):
    path = write(tmp_path, HEADER + "KZ,AZ,2022,1-12,import,TOTAL,86.6,million USD,,Stat,Release,2024-02-01\n")
    call_command("import_trade", str(path), stdout=io.StringIO())
    out = io.StringIO()
    call_command("import_trade", str(path), stdout=out)
    assert "0 created, 0 updated, 1 unchanged" in out.getvalue()

    path = write(tmp_path, HEADER + "KZ,AZ,2022,1-12,import,TOTAL,88.3,million USD,,Stat,Release,2024-02-01\n")
    out = io.StringIO()
    call_command("import_trade", str(path), stdout=out)
    assert "86600000.00 -> 88300000.00" in out.getvalue()
    assert TradeFigure.objects.get().value_usd == Decimal("88300000.00")


def test_profile_page_shows_where_a_render_goes(demo):
    out = io.StringIO()
    call_command("profile_page", "/proposals/", "--repeat", "2", stdout=out)
    text = out.getvalue()
    assert "ms per render (2 renders)" in text
    assert "Django templates" in text


def test_profile_page_refuses_a_page_that_fails(demo):
    with pytest.raises(CommandError, match="does not answer 200"):
        call_command("profile_page", "/proposals/no-such-proposal/", stdout=io.StringIO())


@pytest.mark.parametrize(
    ("password", "problem"),
    [
        ("short1", "too short"),
        ("password123", "too common"),
        ("4815162342108", "entirely numeric"),
        ("admin123", "too similar to the username"),
    ],
)
def test_ensure_admin_refuses_a_weak_password_and_creates_nothing(monkeypatch, password, problem):
    monkeypatch.setenv("ADMIN_PASSWORD", password)
    with pytest.raises(CommandError) as refused:
        call_command("ensure_admin", stdout=io.StringIO())
    assert "ADMIN_PASSWORD is refused" in str(refused.value)
    assert problem in str(refused.value)
    assert password not in str(refused.value)
    assert not get_user_model().objects.exists()
