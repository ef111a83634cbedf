"""Economy names in the reader's language, from the ISO 3166 data pycountry ships.

Countries are named from pycountry's iso3166-1 translations, regions from its iso3166-2 ones. Where
pycountry has no name in a language, the official name is given here (see docs/glossary.md); where
neither has one, the stored (English) name is shown.
"""

import functools
import gettext

import pycountry
from django.conf import settings
from django.utils.translation import get_language

STORED_LANGUAGE = "en"  # the language of the names stored with each economy (ISO's English names)

# Official names pycountry does not have in these languages.
OFFICIAL_NAMES = {
    "kk": {"KZ": "Қазақстан", "AZ": "Әзірбайжан", "KZ-47": "Маңғыстау облысы"},
    "ru": {"KZ-47": "Мангистауская область"},
    "az": {"KZ-47": "Manqistau vilayəti"},
}


@functools.cache
def _catalogue(domain, language):
    return gettext.translation(domain, pycountry.LOCALES_DIR, languages=[language], fallback=True)


@functools.cache
def iso_name(code, language):
    """The ISO name of a country or region code in `language`, or None where there is none."""
    if code in OFFICIAL_NAMES.get(language, {}):
        return OFFICIAL_NAMES[language][code]
    if "-" in code:
        record, domain = pycountry.subdivisions.get(code=code), "iso3166-2"
    else:
        record, domain = pycountry.countries.get(alpha_2=code), "iso3166-1"
    if record is None:
        return None
    name = _catalogue(domain, language).gettext(record.name)
    return name if name != record.name else None


def economy_name(code, stored_name, language=None):
    """What an economy is called in `language` (the active one): the stored name in the default language."""
    language = (language or get_language() or settings.LANGUAGE_CODE).split("-")[0]
    if language == STORED_LANGUAGE:
        return stored_name
    return iso_name(code, language) or stored_name
