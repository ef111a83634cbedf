"""Record content in the reader's language: `{% translated proposal "title" %}`, `{% statement raising %}`."""

from django import template
from django.utils.html import format_html

from cooperation.content import render_content, render_statement
from cooperation.models import Visibility

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
