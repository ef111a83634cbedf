"""Record content (titles, summaries, names) in the reader's language, marked where it is not.

A field kept per language (cooperation/translation.py) is shown in the active language. Where that
language has no text, the original (English) text is shown instead, marked for what it is: inside an
element with its own `lang` attribute, so that screen readers read it in that language, followed by
a small badge naming the language. What someone said is shown in the language it was reported in,
marked the same way.
"""

from django.template.defaultfilters import linebreaksbr
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from modeltranslation import settings as mt_settings
from modeltranslation.utils import build_localized_fieldname, get_language, get_translation_fields

IN_LANGUAGE = {
    "en": _("in English"),
    "kk": _("in Kazakh"),
    "ru": _("in Russian"),
    "az": _("in Azerbaijani"),
}


def in_every_language(*lookups):
    """Lookups for fields kept per language, one per language: "title" gives title_en, title_kk, title_ru, title_az.

    A lookup through a relation ("proposal__title") is spread the same way. For searches, which
    should find a record by its text in any language.
    """
    spread = []
    for lookup in lookups:
        *path, field = lookup.split("__")
        spread += ["__".join([*path, name]) for name in get_translation_fields(field)]
    return spread


def in_language(record, field, language=None):
    """(text, its language): the field in `language` (the active one), else the original, else any other.

    A field that is not kept per language is returned as stored, taken to be in `language`.
    """
    language = language or get_language()
    if not hasattr(record, build_localized_fieldname(field, mt_settings.DEFAULT_LANGUAGE)):
        return getattr(record, field, "") or "", language
    order = [language, mt_settings.DEFAULT_LANGUAGE, *mt_settings.AVAILABLE_LANGUAGES]
    for candidate in dict.fromkeys(order):
        text = getattr(record, build_localized_fieldname(field, candidate), None)
        if text:
            return text, candidate
    return "", language


def language_badge(language):
    """The visible mark of text in another language than the page's: "EN", read out as "in English"."""
    hint = IN_LANGUAGE.get(language, language)
    return format_html(
        '<span class="badge badge-lang" title="{}"><span aria-hidden="true">{}</span>'
        '<span class="visually-hidden">({})</span></span>',
        hint,
        language.upper(),
        hint,
    )


def _body(text, words=None, linebreaks=False):
    if words:
        text = Truncator(text).words(int(words))
    return linebreaksbr(text, autoescape=True) if linebreaks else conditional_escape(text)


def render_content(record, field, words=None, linebreaks=False):
    """A record's field as HTML in the active language; the original, marked, where it has none."""
    text, language = in_language(record, field)
    body = _body(text, words, linebreaks)
    if not text or language == get_language():
        return mark_safe(body)  # noqa: S308 - escaped above
    return format_html('<span lang="{}" class="untranslated">{}</span> {}', language, body, language_badge(language))


def render_statement(raising, words=None):
    """What was said, in the language it was reported in: marked with that language, never translated."""
    if not raising.statement:
        return ""
    language = raising.statement_language or mt_settings.DEFAULT_LANGUAGE
    badge = language_badge(language) if language != get_language() else ""
    return format_html(
        '<blockquote lang="{}">{}</blockquote>{}', language, _body(raising.statement, words, linebreaks=True), badge
    )
