"""An official's names across scripts: own-language form, other spellings, finding and duplicate warnings."""

import pytest
from django.urls import reverse

from cooperation import names
from cooperation.models import Official
from cooperation.search import likely_duplicates, officials_named
from tests.factories import EconomyFactory, EditorFactory, OfficialFactory, SuperuserFactory

pytestmark = pytest.mark.django_db

ADD = reverse("admin:cooperation_official_add")


def add_post(economy, **overrides):
    data = {
        "full_name": "Elchin Mamedov",
        "name_native": "Эльчин Мамедов",
        "name_native_language": "ru",
        "other_spellings": "",
        "slug": "elchin-mamedov",
        "economy": economy.pk,
        "positions-TOTAL_FORMS": "0",
        "positions-INITIAL_FORMS": "0",
        "positions-MIN_NUM_FORMS": "0",
        "positions-MAX_NUM_FORMS": "1000",
    }
    data.update(overrides)
    return data


@pytest.fixture
def editor_client(client):
    client.force_login(EditorFactory())
    return client


def test_demo_officials_have_their_names_in_own_language(demo):
    head = Official.objects.get(slug="nurdaulet-kilybay")
    consul = Official.objects.get(slug="elchin-mammadov")
    assert (head.full_name, head.name_native, head.name_native_language) == (
        "Nurdaulet Kilybay",
        "Нұрдәулет Қилыбай",
        "kk",
    )
    assert (consul.full_name, consul.name_native, consul.name_native_language) == (
        "Elchin Mammadov",
        "Elçin Məmmədov",
        "az",
    )
    assert "Эльчин Мамедов" in consul.other_spellings.splitlines()
    assert consul.name_key == names.name_key(consul.full_name, consul.name_native, consul.other_spellings)
    assert head.name_key


@pytest.mark.parametrize(
    ("term", "slug"),
    [
        ("Килыбай", "nurdaulet-kilybay"),
        ("Қилыбай", "nurdaulet-kilybay"),
        ("kilybay", "nurdaulet-kilybay"),
        ("Mamedov", "elchin-mammadov"),
        ("Мамедов", "elchin-mammadov"),
        ("Məmmədov", "elchin-mammadov"),
        ("Эльчин", "elchin-mammadov"),
        ("Mamedof", "elchin-mammadov"),  # a typing slip: found by the fuzzy score, not the key
    ],
)
def test_officials_are_found_by_any_spelling(demo, term, slug):
    assert list(officials_named(Official.objects.all(), term).values_list("slug", flat=True)) == [slug]


def test_a_different_name_is_not_found(demo):
    assert not officials_named(Official.objects.all(), "Mahmudov").exists()
    assert not officials_named(Official.objects.all(), "  ").exists()


@pytest.mark.parametrize(("term", "expected"), [("Килыбай", "Nurdaulet Kilybay"), ("Mamedov", "Elchin Mammadov")])
def test_admin_autocomplete_finds_officials_in_any_script(client, demo, term, expected):
    client.force_login(SuperuserFactory())
    response = client.get(
        reverse("admin:autocomplete"),
        {"app_label": "cooperation", "model_name": "participation", "field_name": "official", "term": term},
    )
    assert [r["text"] for r in response.json()["results"]] == [expected]


def test_admin_changelist_search_finds_officials_in_any_script(client, demo):
    client.force_login(SuperuserFactory())
    response = client.get(reverse("admin:cooperation_official_changelist"), {"q": "Мамедов"})
    assert [o.full_name for o in response.context["cl"].result_list] == ["Elchin Mammadov"]


def test_a_likely_duplicate_is_not_saved_until_confirmed(editor_client, demo):
    consul = Official.objects.get(slug="elchin-mammadov")
    response = editor_client.post(ADD, add_post(consul.economy))
    assert response.status_code == 200
    assert Official.objects.count() == 2
    content = response.content.decode()
    assert "Most likely already recorded" in content
    assert reverse("admin:cooperation_official_change", args=[consul.pk]) in content
    assert "Elchin Mammadov / Elçin Məmmədov" in content
    assert 'type="checkbox" name="different_person"' in content

    response = editor_client.post(ADD, add_post(consul.economy, different_person="on"))
    assert response.status_code == 302
    added = Official.objects.get(slug="elchin-mamedov")
    assert added.name_key == names.name_key("Elchin Mamedov", "Эльчин Мамедов")
    assert added.history.count() == 1


def test_a_duplicate_in_another_script_only_is_caught(editor_client, demo):
    head = Official.objects.get(slug="nurdaulet-kilybay")
    data = add_post(head.economy, full_name="Kylybai Nurdaulet", name_native="", name_native_language="")
    data["slug"] = "kylybai-nurdaulet"
    response = editor_client.post(ADD, data)
    assert "Most likely already recorded" in response.content.decode()
    assert not Official.objects.filter(slug="kylybai-nurdaulet").exists()


def test_someone_with_a_similar_name_is_added_without_a_warning(editor_client, demo):
    economy = Official.objects.get(slug="elchin-mammadov").economy
    data = add_post(economy, full_name="Elnur Mahmudov", name_native="Elnur Mahmudov", name_native_language="az")
    data["slug"] = "elnur-mahmudov"
    response = editor_client.post(ADD, data)
    assert response.status_code == 302
    assert Official.objects.get(slug="elnur-mahmudov").name_key == "alnur mahmudov"


def test_the_add_form_hides_the_confirmation_until_it_is_needed(editor_client, db):
    content = editor_client.get(ADD).content.decode()
    assert 'type="hidden" name="different_person"' in content
    assert 'type="checkbox" name="different_person"' not in content


def test_editing_renames_and_refreshes_the_key_without_a_warning(editor_client, demo):
    consul = Official.objects.get(slug="elchin-mammadov")
    OfficialFactory(full_name="Elchin Mamedov")  # would be a duplicate if this were a new record
    data = add_post(
        consul.economy,
        full_name="Elchin Mammadov",
        name_native="Elçin Məmmədov",
        name_native_language="az",
        other_spellings="Эльчин Мамедов\nЕльчин Маммадов",
        slug=consul.slug,
        version=consul.version,
    )
    response = editor_client.post(reverse("admin:cooperation_official_change", args=[consul.pk]), data)
    assert response.status_code == 302
    consul.refresh_from_db()
    assert consul.name_key == names.name_key(consul.full_name, consul.name_native, consul.other_spellings)
    assert consul.history.first().other_spellings == "Эльчин Мамедов\nЕльчин Маммадов"


def test_a_name_in_own_language_needs_its_language(editor_client, db):
    response = editor_client.post(
        ADD,
        add_post(
            EconomyFactory(code="AZ"),
            full_name="Samir Sharifov",
            name_native="Samir Şərifov",
            name_native_language="",
            slug="samir-sharifov",
        ),
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["name_native_language"]
    assert not Official.objects.exists()


def test_likely_duplicates_compares_every_spelling(demo):
    found = likely_duplicates(Official.objects.all(), ["Mamedov Elchin"])
    assert [o.slug for o in found] == ["elchin-mammadov"]
    assert likely_duplicates(Official.objects.all(), ["Elnur Mammadov"]) == []
    assert likely_duplicates(Official.objects.all(), [""]) == []


def test_public_page_shows_the_name_in_own_language_with_its_language(client, demo):
    head = Official.objects.get(slug="nurdaulet-kilybay")
    content = client.get(head.get_absolute_url()).content.decode()
    assert '<span class="muted" lang="kk" dir="auto">Нұрдәулет Қилыбай</span>' in content
    assert "<h1>Nurdaulet Kilybay " in content


def test_public_page_without_a_name_in_own_language(client, db):
    official = OfficialFactory(full_name="Official Without Native")
    content = client.get(official.get_absolute_url()).content.decode()
    assert "<h1>Official Without Native</h1>" in content


def test_the_warning_escapes_the_names_it_shows(editor_client, db):
    economy = EconomyFactory(code="AZ")
    OfficialFactory(full_name="Elchin <b>Mammadov</b>", economy=economy)
    response = editor_client.post(ADD, add_post(economy, full_name="Elchin Mammadov <b>", name_native=""))
    content = response.content.decode()
    assert "Most likely already recorded" in content
    assert "Elchin &lt;b&gt;Mammadov&lt;/b&gt;</a>" in content
    assert "<b>Mammadov</b>" not in content


def test_the_spellings_index_follows_every_write(db):
    """On SQLite the spellings are read from a trigram index kept by triggers: a rename, a bulk update of the
    key and a delete are all seen at once."""
    official = OfficialFactory(full_name="Zhanibek Oralov")
    assert list(officials_named(Official.objects.all(), "Оралов")) == [official]
    official.full_name = "Zhanibek Tasmagambetov"
    official.fill_name_key()
    official.save()
    assert not officials_named(Official.objects.all(), "Oralov").exists()
    assert list(officials_named(Official.objects.all(), "Tasmagambetov")) == [official]
    Official.objects.filter(pk=official.pk).update(name_key="zhanibek kuanyshev")
    assert list(officials_named(Official.objects.all(), "Kuanyshev")) == [official]
    Official.objects.filter(pk=official.pk).delete()
    assert not officials_named(Official.objects.all(), "Kuanyshev").exists()
