"""Imports are in the audit history: every figure they create or change names who, what and which import."""

import getpass
import hashlib
import io
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from tests.factories import EconomyFactory, EditorFactory, TradeFigureFactory, UserFactory
from tests.test_admin_trade import GOOD, trade_figure_post, upload
from trade.importers import writer
from trade.models import TradeFigure, TradeImport
from trade.services import pin, unpin

pytestmark = pytest.mark.django_db

HEADER = "reporter,partner,year,months,measure,product,value,unit\n"
SOURCE = ["--source-publisher", "Bureau of National Statistics", "--source-title", "Foreign trade 2023",
          "--published", "2024-02-15"]  # fmt: skip
TRACKED = [f.attname for f in TradeFigure.history.model.tracked_fields]


@pytest.fixture(autouse=True)
def economies(db):
    EconomyFactory(code="KZ")
    EconomyFactory(code="AZ")


def write(tmp_path, rows, name="figures.csv"):
    path = tmp_path / name
    path.write_text(HEADER + "".join(rows))
    return path


def run(path, *args):
    out = io.StringIO()
    call_command("import_trade", str(path), *SOURCE, *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


EXPORT_2022 = "KZ,AZ,2022,1-12,export,TOTAL,86.6,million USD\n"
IMPORT_2022 = "KZ,AZ,2022,1-12,import,TOTAL,41.2,million USD\n"


def test_a_changed_value_is_in_the_history_from_old_to_new_with_user_and_import(tmp_path):
    aigerim = UserFactory(username="aigerim")
    run(write(tmp_path, [EXPORT_2022, IMPORT_2022], "january.csv"), "--user", "aigerim")
    first = TradeImport.objects.get()
    out = run(write(tmp_path, [EXPORT_2022.replace("86.6", "88.3"), IMPORT_2022], "march.csv"), "--user", "aigerim")
    assert "0 created, 1 updated, 1 unchanged" in out
    second = TradeImport.objects.exclude(pk=first.pk).get()

    figure = TradeFigure.objects.get(measure="export")
    latest, previous = figure.history.order_by("-history_date", "-history_id")[:2]
    assert (latest.history_type, latest.value_usd, latest.version) == ("~", Decimal("88300000.00"), 2)
    assert (previous.history_type, previous.value_usd, previous.version) == ("+", Decimal("86600000.00"), 1)
    assert latest.history_user == previous.history_user == aigerim
    assert latest.history_change_reason == f"Import #{second.pk}: march.csv"
    assert previous.history_change_reason == f"Import #{first.pk}: january.csv"
    assert (latest.trade_import_id, previous.trade_import_id) == (second.pk, first.pk)
    delta = latest.diff_against(previous)
    assert [(c.field, c.old, c.new) for c in delta.changes] == [
        ("value_usd", Decimal("86600000.00"), Decimal("88300000.00")),
        ("version", 1, 2),
    ]
    assert figure.trade_import == second
    # the unchanged figure keeps its one record and the import that wrote it
    untouched = TradeFigure.objects.get(measure="import")
    assert untouched.history.count() == 1
    assert untouched.trade_import == first


def test_every_created_figure_has_its_creation_record_equal_to_the_stored_row(tmp_path):
    run(write(tmp_path, [EXPORT_2022, IMPORT_2022]))
    record = TradeImport.objects.get()
    for figure in TradeFigure.objects.all():
        (created,) = figure.history.all()
        assert created.history_type == "+"
        assert created.history_user is None  # no --user: the server account is on the import record
        assert created.history_change_reason == f"Import #{record.pk}: figures.csv"
        assert created.history_date <= record.imported_at
        assert {name: getattr(created, name) for name in TRACKED} == {name: getattr(figure, name) for name in TRACKED}


def test_without_the_database_copy_simple_history_writes_the_same_records(tmp_path, monkeypatch):
    monkeypatch.setattr(writer, "_history_copy_sql", lambda: None)
    run(write(tmp_path, [EXPORT_2022, IMPORT_2022]))
    record = TradeImport.objects.get()
    for figure in TradeFigure.objects.all():
        (created,) = figure.history.all()
        assert (created.history_type, created.history_change_reason) == ("+", f"Import #{record.pk}: figures.csv")
        assert {name: getattr(created, name) for name in TRACKED} == {name: getattr(figure, name) for name in TRACKED}


def test_importing_the_same_file_again_writes_no_history(tmp_path):
    path = write(tmp_path, [EXPORT_2022, IMPORT_2022])
    run(path)
    assert "0 created, 0 updated, 2 unchanged" in run(path)
    assert TradeFigure.history.count() == 2
    assert [(r.created_count, r.updated_count, r.unchanged_count) for r in TradeImport.objects.order_by("pk")] == [
        (2, 0, 0),
        (0, 0, 2),
    ]


def test_the_command_line_records_the_import_without_its_content(tmp_path):
    path = write(tmp_path, [EXPORT_2022])
    out = run(path, "--source-url", "https://stat.gov.kz/en/industries/economy/foreign-market/")
    record = TradeImport.objects.get()
    assert f"Recorded as trade import #{record.pk}" in out
    assert record.origin == TradeImport.Origin.COMMAND
    assert record.status == TradeImport.Status.IMPORTED
    assert record.filename == "figures.csv"
    assert record.content is None
    assert record.size == path.stat().st_size
    assert record.checksum == hashlib.sha256(path.read_bytes()).hexdigest()
    assert record.system_user == getpass.getuser()
    assert record.uploaded_by is None
    assert record.source_url == "https://stat.gov.kz/en/industries/economy/foreign-market/"
    assert (record.created_count, record.updated_count, record.unchanged_count) == (1, 0, 0)
    assert record.summary == "1 rows: 1 created, 0 updated, 0 unchanged."
    assert list(record.figures.all()) == list(TradeFigure.objects.all())


def test_a_dry_run_or_a_refused_file_leaves_no_record_and_no_history(tmp_path):
    run(write(tmp_path, [EXPORT_2022]), "--dry-run")
    with pytest.raises(CommandError, match="nothing was written"):
        run(write(tmp_path, [EXPORT_2022, "KZ,AZ,2022,1-12,import,TOTAL,-1,million USD\n"]))
    assert not TradeImport.objects.exists()
    assert not TradeFigure.history.exists()


def test_an_unknown_user_is_refused_before_anything_is_read(tmp_path):
    with pytest.raises(CommandError, match="no user 'nobody'"):
        run(write(tmp_path, [EXPORT_2022]), "--user", "nobody")
    assert not TradeFigure.objects.exists()


def test_an_import_raises_the_version_from_the_stored_one(tmp_path):
    run(write(tmp_path, [EXPORT_2022]))
    figure = TradeFigure.objects.get()
    pin(figure)
    unpin(figure)
    assert TradeFigure.objects.get().version == 3
    run(write(tmp_path, [EXPORT_2022.replace("86.6", "90")]))
    figure = TradeFigure.objects.get()
    assert figure.version == 4
    assert figure.history.first().version == 4


def test_an_admin_form_opened_before_an_import_changed_the_value_is_refused(tmp_path, client):
    run(write(tmp_path, [EXPORT_2022]))
    figure = TradeFigure.objects.get()
    data = trade_figure_post(figure, value_usd="86600000.00", value_step="100000", version=figure.version)
    run(write(tmp_path, [EXPORT_2022.replace("86.6", "88.3")]))
    client.force_login(EditorFactory())
    response = client.post(reverse("admin:trade_tradefigure_change", args=[figure.pk]), data)
    assert "Someone else saved this trade figure" in response.content.decode()
    assert TradeFigure.objects.get().value_usd == Decimal("88300000.00")


def test_an_admin_import_names_who_confirmed_it_and_the_upload(client):
    uploader, confirmer = EditorFactory(username="uploader"), EditorFactory(username="confirmer")
    client.force_login(uploader)
    upload(client, GOOD)
    record = TradeImport.objects.get()
    assert record.origin == TradeImport.Origin.ADMIN
    assert record.size == len(GOOD)
    assert record.checksum == hashlib.sha256(GOOD).hexdigest()
    client.force_login(confirmer)
    client.post(reverse("admin:trade_tradefigure_import_confirm", args=[record.pk]))

    record.refresh_from_db()
    assert (record.status, record.created_count) == (TradeImport.Status.IMPORTED, 1)
    figure = TradeFigure.objects.get()
    assert figure.trade_import == record
    (created,) = figure.history.all()
    assert created.history_user == confirmer
    assert created.history_change_reason == f"Import #{record.pk}: figures.csv"


def test_the_import_record_links_to_its_figures_and_the_list_filters_by_it(tmp_path, client):
    run(write(tmp_path, [EXPORT_2022]))
    record = TradeImport.objects.get()
    by_hand = TradeFigureFactory(year=2021)
    client.force_login(EditorFactory())
    page = client.get(reverse("admin:trade_tradeimport_change", args=[record.pk])).content.decode()
    link = reverse("admin:trade_tradefigure_changelist") + f"?trade_import__id__exact={record.pk}"
    assert link in page
    listed = client.get(link).context["cl"].result_list
    assert [f.pk for f in listed] == [record.figures.get().pk]
    assert by_hand.pk not in [f.pk for f in listed]


def test_a_value_typed_in_by_hand_is_no_longer_the_imports(tmp_path, client):
    run(write(tmp_path, [EXPORT_2022]))
    figure = TradeFigure.objects.get()
    client.force_login(EditorFactory())
    data = trade_figure_post(figure, value_usd="87000000.00", value_step="100000", version=figure.version)
    assert client.post(reverse("admin:trade_tradefigure_change", args=[figure.pk]), data).status_code == 302
    figure.refresh_from_db()
    assert figure.trade_import is None
    latest = figure.history.first()
    assert latest.trade_import_id is None
    assert latest.history_change_reason is None
