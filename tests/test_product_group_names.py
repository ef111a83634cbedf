"""The HS product groups' names in the reader's language (en, kk, ru, az), English where one is missing."""

import csv
import html
from importlib import import_module

import pytest
from django.db.models import Q
from django.utils import translation

from trade.models import DataSource, ProductGroup

pytestmark = pytest.mark.django_db

LANGUAGES = ("en", "kk", "ru", "az")
PROPOSAL = "/kk/proposals/food-and-fruit-supply-from-azerbaijan/"


def page(client, path):
    response = client.get(path)
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def test_every_group_has_a_name_in_every_language():
    assert ProductGroup.objects.count() == 119
    missing = ProductGroup.objects.filter(
        Q(name_en__isnull=True) | Q(name_en="") | Q(name_kk__isnull=True) | Q(name_kk="")
    ) | ProductGroup.objects.filter(Q(name_ru__isnull=True) | Q(name_ru="") | Q(name_az__isnull=True) | Q(name_az=""))
    assert not list(missing.values_list("code", flat=True))


def test_the_data_file_names_every_group_in_every_language():
    data = import_module("trade.migrations.0009_product_group_names").DATA
    with data.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == 119
    for row in rows:
        for field in ("name", "name_kk", "name_ru", "name_az"):
            assert row[field].strip(), (row["code"], field)
        # A translation, not the English name copied.
        assert len({row["name"], row["name_kk"], row["name_ru"], row["name_az"]}) == 4, row["code"]


def test_english_column_keeps_the_original_name():
    group = ProductGroup.objects.get(code="08")
    assert group.name_en == "Edible fruit and nuts; peel of citrus fruit or melons"
    with translation.override("ru"):
        assert ProductGroup.objects.filter(code="08").values_list("name_en", flat=True).get() == group.name_en


@pytest.mark.parametrize(
    ("language", "total", "chapter"),
    [
        ("en", "All goods", "Edible fruit and nuts; peel of citrus fruit or melons"),
        (
            "kk",
            "Барлық тауарлар",
            "Жеуге жарамды жемістер мен жаңғақтар; цитрус жемістерінің немесе қауындардың қабығы",
        ),
        ("ru", "Все товары", "Съедобные фрукты и орехи; кожура цитрусовых плодов или корки дынь"),
        ("az", "Bütün mallar", "Yeməli meyvələr və qoz-fındıq; sitrus meyvələrinin və ya qovunların qabığı"),
    ],
)
def test_names_follow_the_active_language(language, total, chapter):
    with translation.override(language):
        assert str(ProductGroup.objects.get(code="TOTAL")) == total
        assert str(ProductGroup.objects.get(code="08")) == f"08 {chapter}"


def test_russian_trade_pages_show_russian_group_names(client, demo):
    # The pair page is of all goods: it says so in its lede (an interface string, from the catalogue).
    pair = page(client, "/ru/trade/KZ-47/AZ/")
    assert "все товары" in pair
    assert "all goods" not in pair.lower()
    # The source page lists each figure with its product group, named from the database.
    source = DataSource.objects.filter(figures__isnull=False).distinct().get()
    with translation.override("ru"):
        path = source.get_absolute_url()
    assert path.startswith("/ru/")
    content = page(client, path)
    assert "<td>Все товары</td>" in content
    assert "All goods" not in content


def test_kazakh_proposal_page_shows_kazakh_names_of_its_groups(client, demo):
    content = page(client, PROPOSAL)
    for code in ("07", "08"):
        group = ProductGroup.objects.get(code=code)
        assert f"{code} {group.name_kk}" in content
        assert group.name_en not in content


def test_english_is_shown_where_a_language_has_no_name(client, demo):
    group = ProductGroup.objects.get(code="08")
    ProductGroup.objects.filter(code="08").update(name_kk=None)
    with translation.override("kk"):
        assert str(ProductGroup.objects.get(code="08")) == f"08 {group.name_en}"
    content = page(client, PROPOSAL)
    assert f"08 {group.name_en}" in content
    assert f"07 {ProductGroup.objects.get(code='07').name_kk}" in content

    ProductGroup.objects.filter(code="08").update(name_kk="")
    with translation.override("kk"):
        assert str(ProductGroup.objects.get(code="08")) == f"08 {group.name_en}"


def test_saving_in_another_language_keeps_the_english_original():
    with translation.override("ru"):
        group = ProductGroup.objects.get(code="08")
        group.save()
    stored = ProductGroup.objects.filter(code="08").values("name", "name_en", "name_ru").get()
    assert stored["name"] == stored["name_en"] == "Edible fruit and nuts; peel of citrus fruit or melons"
    assert stored["name_ru"] == "Съедобные фрукты и орехи; кожура цитрусовых плодов или корки дынь"


def test_admin_lists_names_in_the_readers_language_and_edits_each(client):
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.create_superuser("root", "root@example.com", "x"))
    content = page(client, "/ru/admin/trade/productgroup/")
    assert "Все товары" in content
    group = ProductGroup.objects.get(code="08")
    form = page(client, f"/ru/admin/trade/productgroup/{group.pk}/change/")
    for language in ("en", "kk", "ru", "az"):
        assert f'name="name_{language}"' in form


def test_a_group_created_in_another_language_is_named_in_english():
    with translation.override("ru"):
        ProductGroup.objects.create(code="ZZ", name="Test goods", level=ProductGroup.Level.CHAPTER)
    stored = ProductGroup.objects.filter(code="ZZ").values("name", "name_en", "name_ru").get()
    assert stored == {"name": "Test goods", "name_en": "Test goods", "name_ru": None}
    with translation.override("ru"):
        assert str(ProductGroup.objects.get(code="ZZ")) == "ZZ Test goods"
