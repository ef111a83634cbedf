"""Numbers for people: each printed by one function, in every language's separators, never in exponent form."""

from decimal import Decimal

import pytest
from django.utils import translation

from common.numbers import (
    grouped,
    localized_number,
    millions,
    plain_decimal,
    plain_millions,
    published_number,
    signed_percent,
)

NBSP = "\xa0"
# English groups with commas and has a decimal point; the other three group with non-breaking spaces
# and have a decimal comma.
COMMA_LANGUAGES = ["kk", "ru", "az"]
NOT_AVAILABLE = {"en": "n/a", "kk": "жоқ", "ru": "н/д", "az": "yoxdur"}


def test_localized_number_keeps_the_digits_in_english():
    with translation.override("en"):
        assert localized_number("1,234,567.891") == "1,234,567.891"
        assert localized_number("-17.3") == "-17.3"
        assert localized_number("+14.2") == "+14.2"
        assert localized_number("1000") == "1000"  # not grouped where the text was not
        assert localized_number("n/a") == "n/a"
        assert localized_number("5E+2") == "5E+2"  # not a plain number: returned as it is


@pytest.mark.parametrize("language", COMMA_LANGUAGES)
def test_localized_number_in_the_languages_with_a_decimal_comma(language):
    with translation.override(language):
        assert localized_number("1,234,567.891") == f"1{NBSP}234{NBSP}567,891"
        assert localized_number("-17.3") == "-17,3"
        assert localized_number("+14.2") == "+14,2"
        assert localized_number("0.050") == "0,050"


def test_plain_decimal_never_writes_an_exponent():
    assert plain_decimal(Decimal("4E+1")) == "40"
    assert plain_decimal(Decimal("5E+2"), grouping=True) == "500"
    assert plain_decimal(Decimal("1E+6"), grouping=True) == "1,000,000"
    assert plain_decimal(Decimal("14.200"), Decimal("0.1"), sign=True) == "+14.2"
    assert plain_decimal(Decimal("-17.30"), Decimal("0.1"), sign=True) == "-17.3"
    assert plain_decimal(Decimal("40"), Decimal("1E+1")) == "40"
    assert plain_decimal(Decimal("-0.0"), Decimal("0.1"), sign=True) == "0.0"  # never "-0.0" or "+0.0"


@pytest.mark.parametrize("language", ["en", *COMMA_LANGUAGES])
def test_published_number_is_plain_decimal_in_the_language(language):
    comma = language != "en"
    with translation.override(language):
        assert published_number(Decimal("1E+3"), grouping=True) == (f"1{NBSP}000" if comma else "1,000")
        assert published_number(Decimal("-17.3"), Decimal("0.1"), sign=True) == ("-17,3" if comma else "-17.3")
        assert "E" not in published_number(Decimal("5E+2"))


@pytest.mark.parametrize("language", ["en", *COMMA_LANGUAGES])
def test_grouped_rounds_and_groups(language):
    comma = language != "en"
    with translation.override(language):
        assert grouped(1234.56, 1) == (f"1{NBSP}234,6" if comma else "1,234.6")
        assert grouped(2000.0) == (f"2{NBSP}000" if comma else "2,000")
        assert grouped(Decimal("5E+2")) == "500"


def test_plain_millions_is_the_same_in_every_language():
    for language in ["en", *COMMA_LANGUAGES]:
        with translation.override(language):
            assert plain_millions(Decimal("1234500000")) == "1,234.5"
            assert plain_millions(Decimal("-529400000")) == "-529.4"
            assert plain_millions(Decimal("5E+8")) == "500.0"


@pytest.mark.parametrize("language", ["en", *COMMA_LANGUAGES])
def test_millions(language):
    comma = language != "en"
    with translation.override(language):
        assert millions(Decimal("529400000")) == ("529,4" if comma else "529.4")
        assert millions(Decimal("1234500000")) == (f"1{NBSP}234,5" if comma else "1,234.5")
        assert millions(Decimal("-529400000")) == ("-529,4" if comma else "-529.4")
        assert millions(Decimal("5E+8")) == ("500,0" if comma else "500.0")
        assert millions(0) == ("0,0" if comma else "0.0")
        assert millions(None) == NOT_AVAILABLE[language]


@pytest.mark.parametrize("language", ["en", *COMMA_LANGUAGES])
def test_signed_percent(language):
    comma = language != "en"
    with translation.override(language):
        assert signed_percent(Decimal("14.26")) == ("+14,3 %" if comma else "+14.3 %")
        assert signed_percent(Decimal("-3.04")) == ("-3,0 %" if comma else "-3.0 %")
        assert signed_percent(Decimal("1E+3")) == ("+1000,0 %" if comma else "+1000.0 %")
        assert signed_percent(None) == NOT_AVAILABLE[language]
