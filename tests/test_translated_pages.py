"""Every page, in Kazakh, Russian and Azerbaijani, shows no English interface text.

An interface text is any message of the project's catalogue or of the catalogues of Django and the
packages the app uses. A text node of a page that equals one of them, in English, is an untranslated
string. Content marked as being in another language (`lang="en"` on an untranslated field, a quote
kept in the language it was said in) is left aside, as are source titles, which stay as published.
"""

import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import django
import django_filters
import django_tables2
import pytest
import simple_history
from django.core.management import call_command
from django.urls import reverse

from cooperation.models import Meeting, Proposal
from tests.factories import FollowUpFactory, SuperuserFactory
from trade.models import DataSource

pytestmark = pytest.mark.django_db

LANGUAGES = ["kk", "ru", "az"]
BASE = Path(__file__).resolve().parent.parent
CATALOGUES = [
    *(BASE / "locale").glob("*/LC_MESSAGES/django.po"),
    Path(django.__file__).parent / "conf/locale/ru/LC_MESSAGES/django.po",
    Path(django.__file__).parent / "contrib/admin/locale/ru/LC_MESSAGES/django.po",
    Path(django.__file__).parent / "contrib/auth/locale/ru/LC_MESSAGES/django.po",
    Path(django_tables2.__file__).parent / "locale/ru/LC_MESSAGES/django.po",
    Path(django_filters.__file__).parent / "locale/ru/LC_MESSAGES/django.po",
    Path(simple_history.__file__).parent / "locale/ru_RU/LC_MESSAGES/django.po",
]
# Words that are the same in every language here: codes, names and symbols, and each language's own name
# (the language switcher names every language in itself).
SAME_EVERYWHERE = {"ISO", "HS", "USD", "UN Comtrade", "OK", "ID", "URL", "CSV", "XLSX", "SHA-256", "Email", "Aktau"}
SAME_EVERYWHERE |= {"English", "Қазақша", "Русский", "Azərbaycanca"}


def entries(path):
    """(msgid, msgstr) of a catalogue's singular entries."""
    text = path.read_text(encoding="utf-8")
    pattern = r'^msgid ((?:".*"\n)+)msgstr ((?:".*"\n)+)'
    for msgid, msgstr in re.findall(pattern, text, flags=re.M):
        yield tuple("".join(re.findall(r'"(.*)"', part)).replace('\\"', '"') for part in (msgid, msgstr))


def same_in(language):
    """Messages the language writes exactly as English does ("Status" in Azerbaijani), on purpose."""
    path = BASE / "locale" / language / "LC_MESSAGES" / "django.po"
    return {msgid for msgid, msgstr in entries(path) if msgid == msgstr} if path.exists() else set()


def english_messages():
    """Every msgid of the catalogues that has letters in it: the English interface texts."""
    found = set()
    for path in CATALOGUES:
        if not path.exists():
            continue
        text = path.read_text(encoding="utf-8")
        for block in re.findall(r'^msgid ((?:".*"\n)+)', text, flags=re.M):
            message = "".join(re.findall(r'"(.*)"', block)).replace('\\"', '"').replace("\\n", "\n")
            if re.search(r"[A-Za-z]{2}", message) and "%" not in message and "{" not in message:
                found.add(message.strip())
    return found - SAME_EVERYWHERE - {""}


class TextNodes(HTMLParser):
    """Visible text nodes, leaving out scripts, styles and anything marked as in another language."""

    SKIP = {"script", "style", "title"}

    def __init__(self, language):
        super().__init__()
        self.language = language
        self.stack = []  # (tag, skipped)
        self.nodes = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        parent_skipped = bool(self.stack) and self.stack[-1][1]
        # The page's own <html lang> is what is being checked; any other element marked as another language
        # (an untranslated field, a quote as it was said) is content, left aside.
        other_language = tag != "html" and attrs.get("lang") and not attrs["lang"].startswith(self.language)
        skipped = parent_skipped or tag in self.SKIP or other_language or "data-as-published" in attrs
        if tag not in {"br", "img", "input", "meta", "link", "hr", "source", "col", "wbr"}:
            self.stack.append((tag, skipped))
        if not skipped:
            for name in ("aria-label", "placeholder", "alt"):
                if attrs.get(name):
                    self.nodes.append(attrs[name].strip())
            if tag == "input" and attrs.get("type") in {"submit", "button"} and attrs.get("value"):
                self.nodes.append(attrs["value"].strip())

    def handle_endtag(self, tag):
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data):
        if self.stack and self.stack[-1][1]:
            return
        text = " ".join(data.split())
        if text:
            self.nodes.append(text)


def english_left(html, language, messages):
    parser = TextNodes(language)
    parser.feed(html)
    published = set(DataSource.objects.values_list("title", flat=True)) | set(
        DataSource.objects.values_list("publisher", flat=True)
    )
    same = same_in(language)
    return sorted({node for node in parser.nodes if node in messages and node not in published | same})


def pages(demo_meeting, proposal, source):
    return [
        reverse("cooperation:home"),
        reverse("cooperation:proposals"),
        proposal.get_absolute_url(),
        reverse("cooperation:meetings"),
        demo_meeting.get_absolute_url(),
        reverse("cooperation:official", args=["elchin-mammadov"]),
        reverse("trade:index"),
        reverse("trade:pair", args=["KZ-47", "AZ"]),
        reverse("trade:sources"),
        reverse("trade:source", args=[source.pk]),
        reverse("login"),
    ]


MANAGE = [
    "cooperation:manage",
    "cooperation:manage-proposals",
    "cooperation:manage-follow-ups",
    "cooperation:manage-meetings",
]
ADMIN = [
    "admin:index",
    "admin:cooperation_proposal_changelist",
    "admin:cooperation_meeting_changelist",
    "admin:cooperation_official_changelist",
    "admin:trade_tradefigure_changelist",
    "admin:trade_datasource_changelist",
]


def english_found(client, paths, language):
    """{path: the English interface texts it shows} for every page that shows any, in `language`."""
    messages, found = english_messages(), {}
    for path in paths:
        response = client.get(f"/{language}{path}", HTTP_ACCEPT_LANGUAGE=language)
        assert response.status_code == 200, path
        if left := english_left(response.content.decode(), language, messages):
            found[path] = left
    return found


@pytest.fixture
def story(demo):
    proposal = Proposal.objects.get(slug="caspian-cargo-fleet")
    FollowUpFactory(proposal=proposal, visibility="public")
    return Meeting.objects.get(), proposal, DataSource.objects.first()


@pytest.mark.parametrize("language", LANGUAGES)
def test_public_pages_have_no_english_interface_text(client, story, language):
    meeting, proposal, source = story
    assert english_found(client, pages(meeting, proposal, source), language) == {}


@pytest.mark.parametrize("language", LANGUAGES)
def test_managers_pages_and_the_admin_have_no_english_interface_text(client, story, language):
    meeting, proposal, _source = story
    paths = [reverse(name) for name in MANAGE] + [reverse("cooperation:manage-proposal", args=[proposal.slug])]
    client.force_login(SuperuserFactory())
    paths += [reverse(name) for name in ADMIN]
    paths += [
        reverse("admin:cooperation_proposal_change", args=[proposal.pk]),
        reverse("admin:cooperation_meeting_change", args=[meeting.pk]),
        reverse("admin:cooperation_proposal_history", args=[proposal.pk]),
        reverse("admin:cooperation_proposal_status", args=[proposal.pk]),
    ]
    assert english_found(client, paths, language) == {}


def test_the_check_finds_english_text(client, story):
    """The check itself: the English page is full of interface texts it would report."""
    meeting, proposal, source = story
    html = client.get(proposal.get_absolute_url()).content.decode()
    assert len(english_left(html, "kk", english_messages())) > 5


def msgids(path):
    return {msgid for msgid, _msgstr in entries(path) if msgid}


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_is_translated_and_none_is_fuzzy(language):
    path = BASE / "locale" / language / "LC_MESSAGES" / "django.po"
    untranslated = subprocess.run(
        ["msgattrib", "--untranslated", "--no-obsolete", str(path)], capture_output=True, text=True, check=True
    ).stdout
    fuzzy = subprocess.run(
        ["msgattrib", "--only-fuzzy", "--no-obsolete", str(path)], capture_output=True, text=True, check=True
    ).stdout
    assert re.findall(r'^msgid "(.+)"', untranslated, flags=re.M) == []
    assert re.findall(r'^msgid "(.+)"', fuzzy, flags=re.M) == []


def test_the_catalogues_hold_every_message_of_the_code(tmp_path, settings, monkeypatch):
    """A string added to the code or a template without reaching the catalogues fails here."""
    # A copy of the sources and catalogues: makemessages writes next to the files it reads.
    for folder in ("cooperation", "trade", "pagecache", "templates", "locale"):
        shutil.copytree(BASE / folder, tmp_path / folder, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
    settings.LOCALE_PATHS = [tmp_path / "locale"]
    monkeypatch.chdir(tmp_path)
    call_command("makemessages", locale=["kk"], verbosity=0)
    extracted = msgids(tmp_path / "locale" / "kk" / "LC_MESSAGES" / "django.po")
    missing = extracted - msgids(BASE / "locale" / "kk" / "LC_MESSAGES" / "django.po")
    assert sorted(missing) == []
    for language in LANGUAGES:
        assert msgids(BASE / "locale" / language / "LC_MESSAGES" / "django.po") >= extracted, language


def test_sort_choices_and_dates_read_naturally_in_russian(client, story):
    meeting, _proposal, _source = story
    meeting_url = f"/ru{meeting.get_absolute_url()}"  # before a request leaves Russian active
    listing = client.get("/ru/proposals/").content.decode()
    assert "(descending)" not in listing
    assert "(по убыванию)" in listing
    page = client.get(meeting_url).content.decode()
    assert "7 июня 2024" in page  # the month in the genitive, as a Russian date is written
