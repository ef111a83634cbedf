"""Record content in the reader's language: `{% translated proposal "title" %}`, `{% statement raising %}`."""

from django import template

from cooperation.content import render_content, render_statement

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
