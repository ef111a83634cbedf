"""Record content in four languages: titles, summaries and names per language, the original marked where missing."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from cooperation.demo import load_demo
from cooperation.models import Meeting, Organization, Position, Proposal, Raising, Sector
from tests.factories import (
    EconomyFactory,
    ManagerFactory,
    PositionFactory,
    ProposalFactory,
    RaisingFactory,
    SuperuserFactory,
)
from tests.test_admin import proposal_post
from trade.models import Economy

pytestmark = pytest.mark.django_db

LANGUAGES = ("en", "kk", "ru", "az")
UNTRANSLATED_TITLE = '<span lang="en" class="untranslated">Fruit supply from Azerbaijan</span>'


@pytest.fixture
def manager_client(client):
    client.force_login(ManagerFactory())
    return client


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_a_kazakh_title_is_shown_at_the_kazakh_address(client):
    proposal = ProposalFactory(
        title="Fruit supply from Azerbaijan", title_kk="Әзірбайжаннан жеміс жеткізу", summary_kk="Жеміс көбірек."
    )

    content = page(client, f"/kk/proposals/{proposal.slug}/")

    assert '<html lang="kk"' in content
    assert "<h1>Әзірбайжаннан жеміс жеткізу" in content
    assert "Жеміс көбірек." in content
    assert "Fruit supply from Azerbaijan</span>" not in content
    assert "<h1>Fruit supply from Azerbaijan" in page(client, f"/proposals/{proposal.slug}/")


def test_a_missing_translation_shows_the_original_marked_as_english(client):
    proposal = ProposalFactory(title="Fruit supply from Azerbaijan", summary="More fruit.", title_ru="Фрукты")

    content = page(client, f"/kk/proposals/{proposal.slug}/")

    assert f"<h1>{UNTRANSLATED_TITLE}" in content
    assert '<span lang="en" class="untranslated">More fruit.</span>' in content
    assert '<span aria-hidden="true">EN</span>' in content  # the visible hint, read out in the page's language
    assert '<span class="visually-hidden">(' in content
    # In a language that has its own title, no mark.
    assert "<h1>Фрукты" in page(client, f"/ru/proposals/{proposal.slug}/")
    # In English, the original is simply the text.
    english = page(client, f"/proposals/{proposal.slug}/")
    assert "<h1>Fruit supply from Azerbaijan" in english
    assert 'class="untranslated"' not in english


def test_lists_and_the_managers_pages_mark_the_original_too(client):
    ProposalFactory(title="Fruit supply from Azerbaijan", summary="More fruit.")

    assert UNTRANSLATED_TITLE in page(client, "/az/proposals/")
    client.force_login(ManagerFactory())
    assert UNTRANSLATED_TITLE in page(client, "/az/manage/proposals/")


def test_exports_carry_the_text_without_the_mark(manager_client):
    ProposalFactory(title="Fruit supply from Azerbaijan", title_kk="Әзірбайжаннан жеміс жеткізу")
    ProposalFactory(title="Tourism ties")

    response = manager_client.get("/kk/manage/proposals/", {"_export": "csv"})

    titles = {row[0] for row in list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))[1:]}
    assert titles == {"Әзірбайжаннан жеміс жеткізу", "Tourism ties"}


def test_a_page_in_another_language_costs_no_more_queries(client):
    proposal = ProposalFactory(title="Fruit supply from Azerbaijan", title_kk="Әзірбайжаннан жеміс жеткізу")
    RaisingFactory(proposal=proposal)

    english = queries(client, f"/proposals/{proposal.slug}/")
    for language in ("kk", "ru", "az"):
        assert queries(client, f"/{language}/proposals/{proposal.slug}/") == english


def test_lists_keep_the_original_titles_order_in_every_language(client):
    # The Kazakh titles would sort the other way round: the order is the original's, the one the indexes serve.
    ProposalFactory(title="Alpha", title_kk="Ә бірінші")
    ProposalFactory(title="Beta", title_kk="А екінші")

    for prefix in ("", "/kk"):
        content = page(client, f"{prefix}/proposals/")
        first, second = ("Alpha", "Beta") if not prefix else ("Ә бірінші", "А екінші")
        assert content.index(first) < content.index(second), prefix


def test_the_original_column_keeps_the_english_text_whoever_saves(client):
    """The column the indexes and the order use holds the English title, even when saved from the Kazakh admin."""
    client.force_login(SuperuserFactory())
    proposal = ProposalFactory(title="Fruit supply")

    data = proposal_post(proposal, title="Fruit supply from Azerbaijan")
    data.update(title_kk="Әзірбайжаннан жеміс жеткізу", title_ru="Поставки фруктов", title_az="Meyvə tədarükü")
    response = client.post(f"/kk/admin/cooperation/proposal/{proposal.pk}/change/", data)

    assert response.status_code == 302
    stored = Proposal.objects.rewrite(False).values_list("title", "title_en", "title_kk", "title_ru", "title_az")
    assert stored.get(pk=proposal.pk) == (
        "Fruit supply from Azerbaijan",
        "Fruit supply from Azerbaijan",
        "Әзірбайжаннан жеміс жеткізу",
        "Поставки фруктов",
        "Meyvə tədarükü",
    )
    # The audit history keeps every language.
    assert proposal.history.latest().title_kk == "Әзірбайжаннан жеміс жеткізу"


def test_the_admin_form_has_the_title_in_each_language(client):
    client.force_login(SuperuserFactory())
    proposal = ProposalFactory()

    content = page(client, reverse("admin:cooperation_proposal_change", args=[proposal.pk]))

    for language in LANGUAGES:
        assert f'name="title_{language}"' in content
        assert f'name="summary_{language}"' in content
    assert 'name="title"' not in content
    # Shown as groups of fields, not as tabs: those need jQuery UI from another site, which the policy refuses.
    assert "jquery-ui" not in content
    assert "googleapis" not in content


@pytest.mark.parametrize(
    ("model", "fields"),
    [
        (Meeting, ("title", "summary", "place")),
        (Sector, ("name", "description")),
        (Organization, ("name", "short_name")),
        (Position, ("title",)),
    ],
)
def test_every_content_model_is_edited_in_each_language(client, model, fields):
    client.force_login(SuperuserFactory())

    content = page(client, reverse(f"admin:cooperation_{model._meta.model_name}_add"))

    for field in fields:
        for language in LANGUAGES:
            assert f'name="{field}_{language}"' in content, (field, language)


def test_the_admin_search_looks_in_every_language(client):
    client.force_login(SuperuserFactory())
    ProposalFactory(title="Fruit supply", title_az="Meyvə tədarükü")
    ProposalFactory(title="Tourism ties")

    content = page(client, reverse("admin:cooperation_proposal_changelist") + "?q=tədarük")

    assert "Fruit supply" in content
    assert "Tourism ties" not in content


def test_the_public_search_finds_a_record_by_its_text_in_any_language(client):
    ProposalFactory(title="Fruit supply", title_kk="Жеміс жеткізу")
    ProposalFactory(title="Tourism ties")

    for prefix in ("", "/kk", "/ru"):
        content = page(client, f"{prefix}/proposals/?q=жеміс")
        assert "/proposals/proposal-" in content, prefix
        assert "Tourism ties" not in content, prefix


def test_what_was_said_keeps_the_language_it_was_reported_in(client):
    raising = RaisingFactory(statement="Предлагаю увеличить поставки.", statement_language="ru")

    kazakh = page(client, f"/kk/proposals/{raising.proposal.slug}/")
    russian = page(client, f"/ru/proposals/{raising.proposal.slug}/")

    assert '<blockquote lang="ru">Предлагаю увеличить поставки.</blockquote>' in kazakh
    assert '<span aria-hidden="true">RU</span>' in kazakh
    assert '<blockquote lang="ru">Предлагаю увеличить поставки.</blockquote>' in russian
    assert '<span aria-hidden="true">RU</span>' not in russian


def test_statements_are_english_unless_said_otherwise():
    assert RaisingFactory().statement_language == "en"


@pytest.mark.parametrize(
    ("language", "names"),
    [
        ("en", ("Kazakhstan", "Azerbaijan", "Mangystau Region")),
        ("kk", ("Қазақстан", "Әзірбайжан", "Маңғыстау облысы")),
        ("ru", ("Казахстан", "Азербайджан", "Мангистауская область")),
        ("az", ("Qazaxstan", "Azərbaycan", "Manqistau vilayəti")),  # as ISO 3166 names them in Azerbaijani
    ],
)
def test_economy_names_in_each_language(language, names):
    kz = EconomyFactory(code="KZ", name="Kazakhstan")
    az = EconomyFactory(code="AZ", name="Azerbaijan")
    region = Economy.objects.ensure("KZ-47")
    Economy.objects.filter(pk=region.pk).update(name="Mangystau Region")
    region.refresh_from_db()

    with translation.override(language):
        assert (str(kz), az.display_name, str(region)) == names


def test_economy_names_on_a_page_follow_its_language(client):
    proposal = ProposalFactory()

    assert "Әзірбайжан" in page(client, f"/kk/proposals/{proposal.slug}/")
    assert "Azərbaycan" in page(client, f"/az/proposals/{proposal.slug}/")


def test_a_post_held_is_shown_in_the_page_language(client):
    post = PositionFactory(title="Akim of Mangystau Region", title_ru="Аким Мангистауской области")

    assert "Аким Мангистауской области" in page(client, f"/ru/officials/{post.official.slug}/")


def test_the_demo_story_is_complete_in_four_languages(demo):
    records = {
        Proposal: ("title", "summary"),
        Meeting: ("title", "summary", "place"),
        Position: ("title",),
        Organization: ("name", "short_name"),
        Sector: ("name", "description"),
    }
    for model, fields in records.items():
        rows = list(model.objects.all())
        assert rows, model
        for row in rows:
            for field in fields:
                for language in LANGUAGES:
                    assert getattr(row, f"{field}_{language}"), (model.__name__, row.pk, field, language)
    assert set(Raising.objects.values_list("statement_language", flat=True)) == {"en"}


def test_the_demo_uses_the_official_terms(demo):
    meeting = Meeting.objects.get()
    akim = Position.objects.get(official__slug="nurdaulet-kilybay")
    consul = Position.objects.get(official__slug="elchin-mammadov")

    assert "әкімі" in meeting.title_kk
    assert "Бас консул" in meeting.title_kk
    assert "Аким Мангистауской области" in meeting.title_ru
    assert "Генеральным консулом" in meeting.title_ru
    assert "akimi" in meeting.title_az
    assert "Baş konsulu" in meeting.title_az
    assert (akim.title_kk, akim.title_ru, akim.title_az) == (
        "Маңғыстау облысының әкімі",
        "Аким Мангистауской области",
        "Manqistau vilayətinin akimi",
    )
    assert "Бас консулы" in consul.title_kk
    assert "Генеральный консул" in consul.title_ru
    assert "товарооборота" in meeting.summary_ru
    assert "ticarət dövriyyəsini" in meeting.summary_az


def test_loading_the_demo_twice_changes_nothing_in_any_language(demo):
    models = (Proposal, Meeting, Position, Organization, Sector)

    def snapshot():
        return {
            model.__name__: (
                list(model.objects.rewrite(False).order_by("pk").values()),
                model.history.count(),
            )
            for model in models
        }

    before = snapshot()
    load_demo()

    assert snapshot() == before


def test_the_demo_reads_the_same_in_every_language_it_is_loaded_in(db):
    """Loaded while another language is active, the demo still finds and fills the same records."""
    with translation.override("kk"):
        load_demo()
    load_demo()

    assert Proposal.objects.count() == 9
    assert Meeting.objects.count() == 1
    assert Proposal.objects.rewrite(False).filter(title="Trade in textiles").exists()
