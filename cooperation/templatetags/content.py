"""Record content in the reader's language: `{% translated proposal "title" %}`, `{% statement raising %}`."""

from django import template
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext as _

from cooperation.content import render_content, render_statement
from cooperation.models import Visibility
from cooperation.signoff import CONFIRMED, STATEMENT_LABELS

register = template.Library()


@register.simple_tag
def translated(record, field, words=None, linebreaks=False):
    """The field in the active language, or the original marked with its language (see cooperation.content).

    `words=40` shortens it to that many words; `linebreaks=True` keeps its line breaks.
    """
    return render_content(record, field, words=words, linebreaks=linebreaks)


@register.simple_tag
def statement(raising):
    """What was said, in a blockquote marked with the language it was reported in."""
    return render_statement(raising)


@register.simple_tag
def visibility_badge(item):
    """A badge naming the visibility of a record visitors may not see (" <span …>Internal</span>"), nothing if public.

    A tag, not an include: lists show it on every row, and an include costs a template render each time.
    """
    if item.visibility == Visibility.PUBLIC:
        return ""
    return format_html(' <span class="badge badge-{}">{}</span>', item.visibility, item.get_visibility_display())


@register.simple_tag
def signoff_badge(signoff):
    """Where a meeting's record stands with its partners: confirmed by both sides (when, by whom), awaiting
    confirmation, or disputed; nothing when no partner organization has been asked."""
    if signoff is None:
        return ""
    if signoff.state == CONFIRMED:
        detail = _("%(organizations)s, %(date)s") % {
            "organizations": ", ".join(signoff.confirming),
            "date": date_format(timezone.localtime(signoff.confirmed_on), "j E Y"),
        }
        return format_html(
            ' <span class="badge badge-signoff-{}">{}</span> <span class="small">({})</span>',
            signoff.state,
            signoff.label,
            detail,
        )
    return format_html(' <span class="badge badge-signoff-{}">{}</span>', signoff.state, signoff.label)


@register.simple_tag
def statement_mark(signoff, raising):
    """Whether a statement attributed to a partner official is confirmed by their side; nothing for others."""
    mark = signoff.statement(raising) if signoff is not None else None
    if mark is None:
        return ""
    return format_html(' <span class="badge badge-signoff-{}">{}</span>', mark, STATEMENT_LABELS[mark])
