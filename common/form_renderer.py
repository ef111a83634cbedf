"""Django's form renderer, with its commonest widget templates and the field label written out in Python.

Every form field is drawn through a template: an admin form with twenty inline rows renders two
hundred of them, and that was a third of the page's time. The templates for text-like inputs, hidden
inputs, check boxes, text areas, selects, field labels and error lists are small, so here they are
written in Python, producing exactly what Django's templates produce (autoescaping, localization and
the trailing-newline trimming included; `tests/test_form_renderer.py` holds the two equal, widget by
widget and on whole admin pages). Every other template (the admin's related-object wrapper, date
widgets, whole forms) is rendered by Django as before, and a widget whose options use another template
falls back too.
"""

from django.forms.renderers import DjangoTemplates
from django.template import Context
from django.template.base import render_value_in_context
from django.template.defaultfilters import stringformat
from django.utils.safestring import SafeData, mark_safe

WIDGETS = "django/forms/widgets/"
OPTION = WIDGETS + "select_option.html"


def _text(value, context=Context()):  # noqa: B008 - read-only: autoescape on, localization as in a widget template
    """`{{ value }}` as a widget template prints it."""
    return render_value_in_context(value, context)


def _plain(value):
    """`{{ value|stringformat:'s' }}`: the filter keeps a safe value safe, then the result is printed."""
    formatted = stringformat(value, "s")
    return _text(mark_safe(formatted) if isinstance(value, SafeData) else formatted)  # noqa: S308 - was safe


def _attrs(attrs):
    out = []
    for name, value in (attrs or {}).items():
        if value is not False:
            out.append(" " + _text(name))
            if value is not True:
                out.append(f'="{_plain(value)}"')
    return "".join(out)


def _input(widget):
    value = f' value="{_plain(widget["value"])}"' if widget["value"] is not None else ""
    return f'<input type="{_text(widget["type"])}" name="{_text(widget["name"])}"{value}{_attrs(widget["attrs"])}>'


def _textarea(widget):
    value = _text(widget["value"]) if widget["value"] else ""
    return f'<textarea name="{_text(widget["name"])}"{_attrs(widget["attrs"])}>\n{value}</textarea>'


def _option(option):
    return f'<option value="{_plain(option["value"])}"{_attrs(option["attrs"])}>{_text(option["label"])}</option>\n'


def _select(widget):
    out = [f'<select name="{_text(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, group_choices, _group_index in widget["optgroups"]:
        if group_name:
            out.append(f'\n  <optgroup label="{_text(group_name)}">')
        for option in group_choices:
            if option["template_name"] != OPTION:
                return None
            out.append("\n  " + _option(option))
        if group_name:
            out.append("\n  </optgroup>")
    out.append("\n</select>")
    return "".join(out)


def _label(context):
    label = _text(context["label"])
    if not context["use_tag"]:
        return label
    tag = _text(context["tag"])
    return f"<{tag}{_attrs(context['attrs'])}>{label}</{tag}>"


def _errors(context):
    """`django/forms/errors/list/ul.html`: drawn for every field, and empty for nearly all of them."""
    errors = context.get("errors")
    if not errors:
        return ""
    field_id = getattr(errors, "field_id", None)
    id_attr = f' id="{_text(field_id)}_error"' if field_id else ""
    items = "".join(f"<li>{_text(error)}</li>" for error in errors)
    return f'<ul class="{_text(context.get("error_class", ""))}"{id_attr}>{items}</ul>'


def _widget(draw):
    """A widget template's drawing: it reads only `widget` from its context."""
    return lambda context: draw(context["widget"]) if "widget" in context else None


# Each of these is `{% include "django/forms/widgets/input.html" %}` in Django.
INPUTS = ["input", "text", "hidden", "checkbox", "number", "email", "url", "password", "search", "tel", "color",
          "date", "datetime", "time"]  # fmt: skip
FAST = {
    **{f"{WIDGETS}{name}.html": _widget(_input) for name in INPUTS},
    WIDGETS + "textarea.html": _widget(_textarea),
    WIDGETS + "select.html": _widget(_select),
    "django/forms/label.html": _label,
    "django/forms/errors/list/ul.html": _errors,
}


class FastWidgetRenderer(DjangoTemplates):
    def render(self, template_name, context, request=None):
        fast = FAST.get(template_name)
        html = fast(context) if fast else None
        if html is None:
            return super().render(template_name, context, request)
        return html.strip()
