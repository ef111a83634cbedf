"""Staff keep the ports' figures in the admin as they keep trade figures: upload, preview, confirm; pin; search."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.factories import CorridorFigureFactory, DataSourceFactory, EditorFactory, ManagerFactory, PlaceFactory
from trade.models import CorridorFigure, TradeImport

pytestmark = pytest.mark.django_db
IMPORT = reverse("admin:trade_tradefigure_import")
CHANGELIST = reverse("admin:trade_corridorfigure_changelist")
GOOD = b"place,year,months,measure,value,unit,change_pct\nAKTAU,2022,1-12,cargo,over 3.8,million tonnes,9\n"


@pytest.fixture
def editor_client(client):
    PlaceFactory(code="AKTAU")
    client.force_login(EditorFactory())
    return client


def test_a_corridor_file_is_previewed_then_imported_with_its_history(editor_client):
    data = {
        "file": SimpleUploadedFile("ports.csv", GOOD, content_type="text/csv"),
        "source_publisher": "PortNews",
        "source_title": "Aktau port",
        "source_published_on": "2023-09-26",
        "source_kind": "news",
    }
    response = editor_client.post(IMPORT, data)
    assert "1 rows: 1 created, 0 updated, 0 unchanged" in response.content.decode()
    assert not CorridorFigure.objects.exists()
    trade_import = TradeImport.objects.get()
    editor_client.post(reverse("admin:trade_tradefigure_import_confirm", args=[trade_import.pk]))
    figure = CorridorFigure.objects.get()
    assert (figure.qualifier, figure.trade_import, figure.source.publisher) == ("over", trade_import, "PortNews")
    assert figure.history.get().history_change_reason == trade_import.change_reason


def test_pinning_a_corridor_figure_in_the_admin(editor_client):
    first = CorridorFigureFactory(place=PlaceFactory(code="AKTAU"))
    second = CorridorFigureFactory(place=first.place, source=DataSourceFactory())
    editor_client.post(CHANGELIST, {"action": "pin_figures", "_selected_action": [first.pk]})
    first.refresh_from_db()
    assert first.pinned
    response = editor_client.post(
        CHANGELIST, {"action": "pin_figures", "_selected_action": [first.pk, second.pk]}, follow=True
    )
    assert "Pick one value per key" in response.content.decode()


def test_a_manager_may_look_but_not_pin(client):
    figure = CorridorFigureFactory()
    client.force_login(ManagerFactory())
    assert client.get(CHANGELIST).status_code == 200
    client.post(CHANGELIST, {"action": "pin_figures", "_selected_action": [figure.pk]})
    figure.refresh_from_db()
    assert not figure.pinned


def test_a_hand_edit_is_staff_s_not_the_import_s(editor_client):
    figure = CorridorFigureFactory(trade_import=TradeImport.objects.create(filename="ports.csv"))
    figure.note_hand_edit(["value"])
    assert figure.trade_import is None


@pytest.mark.parametrize("query", ["", "?q=aktau", "?measure=cargo&year=2022", "?qualifier=over"])
def test_the_changelist_query_count_does_not_grow(client, django_assert_num_queries, query):
    client.force_login(EditorFactory())
    place = PlaceFactory(code="AKTAU")
    for rows in (3, 30):
        for year in range(2000, 2000 + rows):
            CorridorFigureFactory(place=place, year=year, source=DataSourceFactory(), qualifier="over")
        # 1 session, 2 user, 3-4 the editor's own and group permissions, 5-7 the filters' places, years and
        # sources, 8 the capped count, 9 a page of figures with their places and sources
        with django_assert_num_queries(9):
            assert client.get(CHANGELIST + query).status_code == 200
