"""The admin's list of applications and models, written out in Python.

Every admin page draws it in the navigation sidebar, and the index draws it again: Django's
`admin/app_list.html` runs a dozen template nodes for each of some twenty-five models, about a sixth
of a short admin list's time; written here it takes under half as long. `templates/admin/app_list.html`
calls `app_list` below, which writes the same markup (the same elements, attributes, classes and
words; `tests/test_admin_app_list.py` holds the two equal for every role and language).
"""

from urllib.parse import quote

from django import template
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

register = template.Library()


def _in_path(url, path):
    """`{% if url in request.path|urlencode %}`, as Django's template tests it."""
    return bool(url) and str(url) in quote(path, safe="/")


def _model_row(app_label, model, path, show_changelinks, words):
    model_name = escape(model["object_name"].lower())
    row_id = f"{escape(app_label)}-{model_name}"
    url = model.get("admin_url")
    current = _in_path(url, path)
    if url:
        aria = ' aria-current="page"' if current else ""
        name = f'<a href="{escape(url)}"{aria}>{escape(model["name"])}</a>'
    else:
        name = escape(model["name"])
    cells = [f'<th scope="row" id="{row_id}">{name}</th>']
    if model.get("add_url"):
        add = escape(model["add_url"])
        cells.append(f'<td><a href="{add}" class="addlink" aria-describedby="{row_id}">{words["add"]}</a></td>')
    else:
        cells.append("<td></td>")
    if url and show_changelinks:
        kind, word = ("viewlink", words["view"]) if model.get("view_only") else ("changelink", words["change"])
        cells.append(f'<td><a href="{escape(url)}" class="{kind}" aria-describedby="{row_id}">{word}</a></td>')
    elif show_changelinks:
        cells.append("<td></td>")
    return f'<tr class="model-{model_name}{" current-model" if current else ""}">{"".join(cells)}</tr>'


@register.simple_tag(takes_context=True)
def app_list(context, apps, show_changelinks):
    """What Django's `admin/app_list.html` writes for these applications (every value escaped here)."""
    request = context.get("request")
    path = request.path if request is not None else ""
    if not apps:
        return format_html("<p>{}</p>", gettext("You don’t have permission to view or edit anything."))
    # Literal calls, so that makemessages finds the words.
    words = {"add": escape(gettext("Add")), "view": escape(gettext("View")), "change": escape(gettext("Change"))}
    head = format_html(
        '<thead class="visually-hidden"><tr><th scope="col">{}</th><th scope="col">{}</th>'
        '<th scope="col">{}</th></tr></thead>',
        gettext("Model name"), gettext("Add link"), gettext("Change or view list link"),
    )  # fmt: skip
    out = []
    for app in apps:
        label = app["app_label"]
        rows = "".join(_model_row(label, model, path, show_changelinks, words) for model in app["models"])
        title = escape(gettext("Models in the %(name)s application") % {"name": app["name"]})
        current = " current-app" if _in_path(app.get("app_url"), path) else ""
        out.append(
            f'<div class="app-{escape(label)} module{current}"><table><caption><a href="{escape(app["app_url"])}" '
            f'class="section" title="{title}">{escape(app["name"])}</a></caption>{head}{rows}</table></div>'
        )
    return mark_safe("".join(out))  # noqa: S308 - every value escaped above
