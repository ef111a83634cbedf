"""Staff keep the figures current in the admin: upload, preview, confirm; pin; checks."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from common.pagination import CappedCountPaginator
from tests.factories import DataSourceFactory, EconomyFactory, EditorFactory, ManagerFactory, TradeFigureFactory
from trade.models import TradeFigure, TradeImport

pytestmark = pytest.mark.django_db
IMPORT = reverse("admin:trade_tradefigure_import")
GOOD = b"reporter,partner,year,months,measure,product,value,unit\nKZ,AZ,2023,1-12,export,TOTAL,456.3,million USD\n"
BAD = b"reporter,partner,year,months,measure,product,value,unit\nKZ,AZ,2023,1-12,export,TOTAL,-1,million USD\n"


@pytest.fixture
def editor_client(client):
    EconomyFactory(code="KZ")
    EconomyFactory(code="AZ")
    client.force_login(EditorFactory())
    return client


def upload(client, content, **source):
    data = {
        "file": SimpleUploadedFile("figures.csv", content, content_type="text/csv"),
        "source_publisher": "Bureau of National Statistics",
        "source_title": "Foreign trade 2023",
        "source_published_on": "2024-02-15",
        "source_kind": "official",
        **source,
    }
    return client.post(IMPORT, data)


def test_upload_is_checked_first_and_writes_nothing(editor_client):
    response = upload(editor_client, GOOD)
    assert response.status_code == 200
    assert "1 rows: 1 created, 0 updated, 0 unchanged" in response.content.decode()
    assert "Confirm the import" in response.content.decode()
    assert not TradeFigure.objects.exists()
    assert TradeImport.objects.get().status == TradeImport.Status.PREVIEWED


def test_confirming_imports_and_cannot_be_repeated(editor_client):
    upload(editor_client, GOOD)
    trade_import = TradeImport.objects.get()
    confirm = reverse("admin:trade_tradefigure_import_confirm", args=[trade_import.pk])
    response = editor_client.post(confirm, follow=True)
    assert "Imported figures.csv" in response.content.decode()
    assert TradeFigure.objects.get().source.title == "Foreign trade 2023"
    response = editor_client.post(confirm, follow=True)
    assert "cannot be imported" in response.content.decode()
    assert TradeFigure.objects.count() == 1


def test_a_bad_file_shows_its_problems_and_offers_no_confirmation(editor_client):
    response = upload(editor_client, BAD)
    content = response.content.decode()
    assert "1 problem found; nothing will be written" in content
    assert "negative" in content
    assert "Confirm the import" not in content
    trade_import = TradeImport.objects.get()
    assert trade_import.status == TradeImport.Status.REFUSED
    editor_client.post(reverse("admin:trade_tradefigure_import_confirm", args=[trade_import.pk]))
    assert not TradeFigure.objects.exists()


def test_confirm_needs_post(editor_client):
    upload(editor_client, GOOD)
    url = reverse("admin:trade_tradefigure_import_confirm", args=[TradeImport.objects.get().pk])
    assert editor_client.get(url).status_code == 405
    assert not TradeFigure.objects.exists()


def test_a_manager_who_may_only_view_cannot_import(client):
    client.force_login(ManagerFactory())
    assert client.get(IMPORT).status_code == 403


def test_pin_action(editor_client):
    first = TradeFigureFactory(source=DataSourceFactory())
    second = TradeFigureFactory(source=DataSourceFactory())
    changelist = reverse("admin:trade_tradefigure_changelist")
    editor_client.post(changelist, {"action": "pin_figures", "_selected_action": [first.pk]})
    assert TradeFigure.objects.get(pinned=True) == first
    response = editor_client.post(
        changelist, {"action": "pin_figures", "_selected_action": [first.pk, second.pk]}, follow=True
    )
    assert "one value per key" in response.content.decode()
    assert TradeFigure.objects.get(pinned=True) == first


def test_checks_view_lists_flags(editor_client, demo):
    bad = TradeFigure.objects.get(year=2023, measure="turnover")
    bad.change_pct = 14.4
    bad.save()
    content = editor_client.get(reverse("admin:trade_tradefigure_checks")).content.decode()
    assert "published +14.4 %" in content


def trade_figure_post(figure, **changes):
    """What the admin's trade figure form posts for `figure`, with changes."""
    return {
        "reporter": figure.reporter_id,
        "partner": figure.partner_id,
        "year": figure.year,
        "month_from": 1,
        "month_to": 12,
        "measure": figure.measure,
        "product_group": figure.product_group_id,
        "value_usd": "1.00",
        "value_step": "1",
        "source": figure.source_id,
        "version": 1,
        **changes,
    }


@pytest.fixture
def five_figures():
    return [TradeFigureFactory(year=year) for year in range(2019, 2024)]


def test_the_figure_changelist_never_counts_past_its_cap(client, five_figures, monkeypatch, django_assert_num_queries):
    monkeypatch.setattr(CappedCountPaginator, "cap", 3)
    client.force_login(ManagerFactory())
    url = reverse("admin:trade_tradefigure_changelist")
    client.get(url)
    # session, user, two for permissions, three for the filters' choices, the capped count, the page
    with django_assert_num_queries(9) as captured:
        text = client.get(url).text
    assert "More than 3 trade figures match; the first 3 are listed" in text
    count = next(q["sql"] for q in captured.captured_queries if "COUNT(*)" in q["sql"])
    assert "LIMIT 4" in count  # never the whole table
    narrowed = client.get(url, {"year": "2023"}).text
    assert "More than" not in narrowed
    assert "1 trade figure" in narrowed
