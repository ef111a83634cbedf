"""Four languages everywhere: the URL carries the language, the reader's choice is remembered, numbers follow it."""

import datetime
import re
import shutil
import subprocess
from decimal import Decimal
from html import unescape
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings
from django.test import Client
from django.utils import formats, translation

from common.numbers import localized_number, published_number
from cooperation.models import Meeting, Proposal
from tests.factories import ManagerFactory, ProposalFactory, SuperuserFactory, TradeFigureFactory
from trade.claims import ClaimCheck, claim_message
from trade.models import TradeFigure
from trade.templatetags.figures import musd, pct, published_musd, published_pct

LANGS = ["en", "kk", "ru", "az"]
OTHERS = ["kk", "ru", "az"]
COOKIE = settings.LANGUAGE_COOKIE_NAME


def prefix(lang):
    return "" if lang == settings.LANGUAGE_CODE else f"/{lang}"


def html_lang(response):
    return re.search(r'<html lang="([^"]+)"', response.content.decode()).group(1)


def switcher_links(text):
    """(language, href, current) for each link in the language switcher."""
    nav = re.search(r'<nav class="languages"[^>]*>(.*?)</nav>', text, re.S).group(1)
    return [
        (lang, unescape(href), "aria-current" in rest)
        for href, lang, rest in re.findall(r'<a href="([^"]+)" hreflang="([^"]+)"([^>]*)>', nav)
    ]


# Settings.


def test_the_four_languages_are_named_in_their_own_language():
    assert settings.LANGUAGES == [
        ("en", "English"),
        ("kk", "Қазақша"),
        ("ru", "Русский"),
        ("az", "Azərbaycanca"),
    ]
    assert settings.LANGUAGE_CODE == "en"
    assert "cooperation.formats" in settings.FORMAT_MODULE_PATH


def test_language_code_comes_from_the_environment():
    env = {"PATH": "/usr/bin:/bin", "SECRET_KEY": "x", "ALLOWED_HOSTS": "localhost", "HTTPS": "0"}
    code = "from django.conf import settings; print(settings.LANGUAGE_CODE)"
    run = [str(Path(settings.BASE_DIR) / ".venv/bin/python"), "-c", "import django; django.setup(); " + code]
    base = {**env, "DJANGO_SETTINGS_MODULE": "cooperation.settings"}
    assert (
        subprocess.run(
            run, env={**base, "LANGUAGE_CODE": "ru"}, capture_output=True, text=True, cwd=settings.BASE_DIR
        ).stdout.strip()
        == "ru"
    )
    bad = subprocess.run(
        run, env={**base, "LANGUAGE_CODE": "de"}, capture_output=True, text=True, cwd=settings.BASE_DIR
    )
    assert bad.returncode != 0
    assert "LANGUAGE_CODE must be one of en, kk, ru, az" in bad.stderr


# Every page in every language.


@pytest.mark.parametrize("lang", LANGS)
def test_every_kind_of_page_answers_in_each_language(client, demo, lang):
    proposal = Proposal.objects.filter(visibility="public").first()
    meeting = Meeting.objects.filter(visibility="public").first()
    pages = ["/", proposal.get_absolute_url(), meeting.get_absolute_url(), "/trade/KZ-47/AZ/", "/proposals/"]
    assert all(not page.startswith(("/kk/", "/ru/", "/az/")) for page in pages)
    for page in pages:
        url = prefix(lang) + page
        assert url.count(f"/{lang}/") == (lang != "en")
        response = client.get(url)
        assert response.status_code == 200, url
        assert html_lang(response) == lang, url
    client.force_login(ManagerFactory())
    response = client.get(prefix(lang) + "/manage/proposals/")
    assert response.status_code == 200
    assert html_lang(response) == lang
    client.force_login(SuperuserFactory())
    for page in ["/admin/", "/admin/cooperation/proposal/", f"/admin/cooperation/proposal/{proposal.pk}/change/"]:
        response = client.get(prefix(lang) + page)
        assert response.status_code == 200, page
        assert html_lang(response) == lang, page


def test_an_unknown_prefix_is_not_a_page(client, db):
    assert client.get("/de/proposals/").status_code == 404
    assert client.get("/en/proposals/").status_code == 404  # the default language has no prefix


def test_links_on_a_page_keep_its_language(client, db):
    url = ProposalFactory().get_absolute_url()
    text = client.get("/ru/proposals/").content.decode()
    assert f'href="/ru{url}"' in text
    assert 'href="/ru/proposals/" aria-current="page"' in text  # the current section is still marked


def test_healthz_stays_outside_the_language_prefix(client, db):
    assert client.get("/healthz", HTTP_ACCEPT_LANGUAGE="ru").status_code == 200
    assert client.get("/kk/healthz").status_code == 404


# The reader's language: URL, then cookie, then Accept-Language, then the default.


def test_the_browser_language_sends_an_unprefixed_page_on_to_its_url(client, db):
    response = client.get("/proposals/?q=ferries", HTTP_ACCEPT_LANGUAGE="ru-RU,ru;q=0.9,en;q=0.5")
    assert response.status_code == 302
    assert response["Location"] == "/ru/proposals/?q=ferries"
    vary = {part.strip() for part in response["Vary"].split(",")}
    assert {"Cookie", "Accept-Language"} <= vary


def test_the_cookie_wins_over_the_browser_language(client, db):
    client.cookies[COOKIE] = "kk"
    response = client.get("/meetings/", HTTP_ACCEPT_LANGUAGE="ru")
    assert response.status_code == 302
    assert response["Location"] == "/kk/meetings/"


def test_a_cookie_for_the_default_language_keeps_the_unprefixed_page(client, db):
    client.cookies[COOKIE] = "en"
    response = client.get("/proposals/", HTTP_ACCEPT_LANGUAGE="ru")
    assert response.status_code == 200
    assert html_lang(response) == "en"


def test_an_unsupported_language_keeps_the_default(client, db):
    client.cookies[COOKIE] = "de"
    response = client.get("/proposals/", HTTP_ACCEPT_LANGUAGE="de-DE,fr;q=0.8")
    assert response.status_code == 200
    assert html_lang(response) == "en"
    vary = {part.strip() for part in response["Vary"].split(",")}
    assert {"Cookie", "Accept-Language"} <= vary


def test_the_url_wins_over_cookie_and_browser(client, db):
    client.cookies[COOKIE] = "ru"
    response = client.get("/az/proposals/", HTTP_ACCEPT_LANGUAGE="kk")
    assert response.status_code == 200
    assert html_lang(response) == "az"


def test_a_post_is_never_redirected(client, db):
    client.cookies[COOKIE] = "ru"
    response = client.post("/accounts/login/", {"username": "nobody", "password": "wrong"}, HTTP_ACCEPT_LANGUAGE="ru")
    assert response.status_code == 200  # the form again, with its error, not a redirect that loses the body
    assert html_lang(response) == "en"


# The switcher.


@pytest.mark.parametrize("lang", LANGS)
def test_the_switcher_offers_the_current_page_in_every_language(client, db, lang):
    page = ProposalFactory().get_absolute_url()
    text = client.get(prefix(lang) + page + "?x=1").content.decode()
    links = switcher_links(text)
    assert [code for code, _, _ in links] == LANGS
    for code, href, current in links:
        parts = urlsplit(href)
        query = parse_qs(parts.query)
        assert parts.path == "/i18n/switch/"
        assert query["language"] == [code]
        assert query["next"] == [prefix(code) + page + "?x=1"]
        assert current == (code == lang)
    for code in LANGS:  # and the same page is announced in each language
        assert f'<link rel="alternate" hreflang="{code}" href="{prefix(code)}{page}?x=1">' in text


def test_the_switcher_is_in_the_admin_too(client, db):
    client.force_login(SuperuserFactory())
    links = switcher_links(client.get("/kk/admin/cooperation/proposal/").content.decode())
    assert [parse_qs(urlsplit(href).query)["next"][0] for _, href, _ in links] == [
        "/admin/cooperation/proposal/",
        "/kk/admin/cooperation/proposal/",
        "/ru/admin/cooperation/proposal/",
        "/az/admin/cooperation/proposal/",
    ]
    assert [current for _, _, current in links] == [False, True, False, False]
    visitor = Client()  # the admin's log-in page has the switcher too
    assert html_lang(visitor.get("/admin/login/")) == "en"
    login = visitor.get("/az/admin/login/")
    assert html_lang(login) == "az"
    assert [current for _, _, current in switcher_links(login.content.decode())] == [False, False, False, True]


def test_choosing_a_language_remembers_it_and_opens_the_page_in_it(client, db):
    response = client.get("/i18n/switch/", {"language": "ru", "next": "/kk/proposals/?q=ferries"})
    assert response.status_code == 302
    assert response["Location"] == "/ru/proposals/?q=ferries"
    cookie = response.cookies[COOKIE]
    assert cookie.value == "ru"
    assert int(cookie["max-age"]) == settings.LANGUAGE_COOKIE_AGE
    # From now on the unprefixed page sends this reader to the Russian one, whatever the browser says.
    assert client.get("/proposals/", HTTP_ACCEPT_LANGUAGE="az")["Location"] == "/ru/proposals/"
    # Choosing the default language again keeps the reader on the unprefixed pages.
    response = client.get("/i18n/switch/", {"language": "en", "next": "/ru/proposals/"})
    assert response["Location"] == "/proposals/"
    assert client.get("/proposals/", HTTP_ACCEPT_LANGUAGE="az").status_code == 200


def test_the_switch_refuses_foreign_addresses_and_unknown_languages(client, db):
    response = client.get("/i18n/switch/", {"language": "kk", "next": "https://evil.example/proposals/"})
    assert response.status_code == 302
    assert response["Location"] == "/kk/"
    response = client.get("/i18n/switch/", {"language": "de", "next": "/proposals/"})
    assert response["Location"] == "/proposals/"
    assert COOKIE not in response.cookies


def test_djangos_own_set_language_view_is_there_as_well(client, db):
    response = client.post("/i18n/setlang/", {"language": "az", "next": "/proposals/"})
    assert response.status_code == 302
    assert response["Location"] == "/az/proposals/"
    assert response.cookies[COOKIE].value == "az"


def test_public_pages_carry_no_form_token(client, db):
    """The switcher is links, not forms: a visitor's page stays shareable from the page cache."""
    ProposalFactory()
    for url in ["/proposals/", "/kk/proposals/", "/ru/"]:
        response = client.get(url)
        assert "csrfmiddlewaretoken" not in response.content.decode()
        assert settings.CSRF_COOKIE_NAME not in response.cookies


# The page cache keeps one copy per language.


@pytest.mark.django_db(transaction=True)
def test_the_page_cache_keeps_one_copy_per_language(reference_data, django_assert_num_queries):
    ProposalFactory(title="Caspian ferries")
    visitor = Client()
    first = {lang: visitor.get(f"{prefix(lang)}/proposals/").content.decode() for lang in LANGS}
    assert "Войти" in first["ru"]  # Russian "Log in"
    assert "Войти" not in first["kk"]
    assert "Log in" in first["en"]
    for lang in LANGS:
        with django_assert_num_queries(1):  # the stamp: the page comes from the cache
            again = visitor.get(f"{prefix(lang)}/proposals/")
        assert again.content.decode() == first[lang]
        assert html_lang(again) == lang
        assert "Caspian ferries" in first[lang]


# Numbers and dates.

RU_LIKE = {"DECIMAL_SEPARATOR": ",", "THOUSAND_SEPARATOR": "\xa0", "NUMBER_GROUPING": 3}


@pytest.mark.parametrize("lang", OTHERS)
def test_kazakh_russian_and_azerbaijani_use_a_decimal_comma_and_a_space_between_thousands(lang):
    for name, value in RU_LIKE.items():
        assert formats.get_format(name, lang, use_l10n=True) == value
    with translation.override(lang):
        assert formats.date_format(datetime.date(2024, 6, 7), "SHORT_DATE_FORMAT") == "07.06.2024"
        assert formats.date_format(datetime.date(2024, 6, 7)).startswith("7 ")


def test_kazakh_formats_are_the_projects_own():
    from cooperation.formats.kk import formats as kk

    assert kk.DECIMAL_SEPARATOR == ","
    assert formats.get_format("DATE_FORMAT", "kk", use_l10n=True) == "j E Y"
    assert "%d.%m.%Y" in formats.get_format("DATE_INPUT_FORMATS", "kk")


def figure(value_usd, value_step, change_pct=None, change_pct_step=None):
    return TradeFigure(
        value_usd=Decimal(value_usd),
        value_step=Decimal(value_step),
        change_pct=None if change_pct is None else Decimal(change_pct),
        change_pct_step=None if change_pct_step is None else Decimal(change_pct_step),
    )


PRINTED = {
    # change +40 (step 1), -17.3 (0.1); 529.4 million; 1,234,567.891 million; a computed 14.25 % and 529,412,345 USD
    "en": ["+40 %", "-17.3 %", "529.4", "1,234,567.891", "+14.2 %", "529.4"],
    "kk": ["+40 %", "-17,3 %", "529,4", "1\xa0234\xa0567,891", "+14,2 %", "529,4"],
    "ru": ["+40 %", "-17,3 %", "529,4", "1\xa0234\xa0567,891", "+14,2 %", "529,4"],
    "az": ["+40 %", "-17,3 %", "529,4", "1\xa0234\xa0567,891", "+14,2 %", "529,4"],
}


@pytest.mark.parametrize("lang", LANGS)
def test_published_figures_print_in_the_language_with_the_published_digits(lang):
    with translation.override(lang):
        printed = [
            published_pct(figure("1", "1", "4E+1", "1")),
            published_pct(figure("1", "1", "-17.300", "0.100")),
            published_musd(figure("529400000.00", "100000")),
            published_musd(figure("1234567891000", "1000")),
            pct(Decimal("14.25")),
            musd(Decimal("529412345")),
        ]
    assert printed == PRINTED[lang]


@pytest.mark.parametrize("lang", LANGS)
def test_a_printed_number_keeps_every_digit_it_had(lang):
    comma = lang != "en"
    with translation.override(lang):
        assert localized_number("0.050") == ("0,050" if comma else "0.050")  # trailing zeros are published precision
        assert localized_number("1000") == "1000"  # not grouped where the source did not group
        assert localized_number("-0.3") == ("-0,3" if comma else "-0.3")
        assert localized_number("12345678901234567890.123456789") == (
            "12345678901234567890,123456789" if comma else "12345678901234567890.123456789"
        )
        assert localized_number("n/a") == "n/a"
        assert published_number(Decimal("1E+3"), None, grouping=True) == ("1\xa0000" if comma else "1,000")


def test_a_flag_reads_its_numbers_in_the_readers_language():
    params = {
        "measure": "turnover",
        "published": "+14.2",
        "current": "1,529.4",
        "base": "own",
        "period": "2022",
        "value": "450.1",
        "low": "239.70",
        "high": "240.10",
    }
    with translation.override("en"):
        english = str(claim_message(ClaimCheck.Kind.CHANGE, params))
    with translation.override("ru"):
        russian = str(claim_message(ClaimCheck.Kind.CHANGE, params))
    for number in ["+14.2 %", "1,529.4", "450.1", "239.70 %", "240.10 %"]:
        assert number in english
    for number in ["+14,2 %", "1\xa0529,4", "450,1", "239,70 %", "240,10 %"]:
        assert number in russian
    assert params["published"] == "+14.2"  # what is stored stays plain


def test_a_source_page_prints_its_figures_in_the_language(client, db):
    shown = TradeFigureFactory(
        value_usd=Decimal("529400000"), change_pct=Decimal("-17.3"), change_pct_step=Decimal("0.1")
    )
    url = shown.source.get_absolute_url()
    english = client.get(url).content.decode()
    russian = client.get("/ru" + url).content.decode()
    assert ">529.4<" in english
    assert "-17.3 %" in english
    assert ">529,4<" in russian
    assert "-17,3 %" in russian


def test_charts_keep_dotted_coordinates_in_every_language(client, demo):
    text = client.get("/ru/trade/KZ-47/AZ/").content.decode()
    assert "<svg" in text
    svg = text[text.index("<svg") : text.index("</svg>")]
    assert not re.search(r'(?:x|y|width|height|x1|x2|y1|y2)="-?\d+,\d', svg)
    assert re.search(r"<title>[^<]*: \d[\d\xa0]*,\d ", svg)  # while the values it names read as Russian numbers


def test_exports_keep_machine_readable_values_in_every_language(client, demo):
    client.force_login(ManagerFactory())
    english = client.get("/manage/proposals/?_export=csv").content.decode()
    russian = client.get("/ru/manage/proposals/?_export=csv").content.decode()
    dates = re.findall(r"\d{4}-\d{2}-\d{2}", english)
    assert dates
    assert re.findall(r"\d{4}-\d{2}-\d{2}", russian) == dates
    assert not re.search(r"\d\.\d{2}\.\d{4}", russian)


# Compiled catalogues.

LOCALE = Path(settings.BASE_DIR) / "locale"


@pytest.mark.skipif(not LOCALE.is_dir(), reason="no translation catalogues yet")
def test_every_catalogue_compiles():
    catalogues = sorted(LOCALE.glob("*/LC_MESSAGES/*.po"))
    assert catalogues
    msgfmt = shutil.which("msgfmt")
    assert msgfmt, "msgfmt is missing: install GNU gettext (Debian: apt-get install -y gettext)"
    for po in catalogues:
        result = subprocess.run([msgfmt, "--check-format", "-o", "/dev/null", str(po)], capture_output=True, text=True)
        assert result.returncode == 0, f"{po}: {result.stderr}"


def test_the_admin_lists_figures_in_the_language(client, db):
    TradeFigureFactory(value_usd=Decimal("1234500000"))
    client.force_login(SuperuserFactory())
    assert "1,234.5" in client.get("/admin/trade/tradefigure/").content.decode()
    assert "1\xa0234,5" in client.get("/ru/admin/trade/tradefigure/").content.decode()
