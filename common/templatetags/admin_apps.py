"""The admin's list of applications and models, written out in Python.

Every admin page draws it in the navigation sidebar, and the index draws it again: Django's
`admin/app_list.html` runs a dozen template nodes for each of some twenty models, which was a third of
the time of a short admin list. `templates/admin/app_list.html` calls `app_list` below, which writes the
same markup (the same elements, attributes, classes and words; `tests/test_admin_app_list.py` holds
the two equal for every role and language).
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


def _model_row(app_label, model, path, show_changelinks):
    model_name = model["object_name"].lower()
    row_id = f"{app_label}-{model_name}"
    current = _in_path(model.get("admin_url"), path)
    if model.get("admin_url"):
        name = format_html(
            '<a href="{}"{}>{}</a>', model["admin_url"], mark_safe(' aria-current="page"') if current else "",
            model["name"],
        )  # fmt: skip
    else:
        name = escape(model["name"])
    cells = [format_html('<th scope="row" id="{}">{}</th>', row_id, name)]
    if model.get("add_url"):
        cells.append(
            format_html(
                '<td><a href="{}" class="addlink" aria-describedby="{}">{}</a></td>',
                model["add_url"],
                row_id,
                gettext("Add"),
            )  # fmt: skip
        )
    else:
        cells.append("<td></td>")
    if model.get("admin_url") and show_changelinks:
        kind, word = ("viewlink", gettext("View")) if model.get("view_only") else ("changelink", gettext("Change"))
        cells.append(
            format_html(
                '<td><a href="{}" class="{}" aria-describedby="{}">{}</a></td>', model["admin_url"], kind, row_id, word
            )
        )
    elif show_changelinks:
        cells.append("<td></td>")
    cells = mark_safe("".join(cells))  # noqa: S308 - every cell escaped above
    return format_html('<tr class="model-{}{}">{}</tr>', model_name, " current-model" if current else "", cells)


@register.simple_tag(takes_context=True)
def app_list(context, apps, show_changelinks):
    """What Django's `admin/app_list.html` writes for these applications."""
    request = context.get("request")
    path = request.path if request is not None else ""
    if not apps:
        return format_html("<p>{}</p>", gettext("You don’t have permission to view or edit anything."))
    head = format_html(
        '<thead class="visually-hidden"><tr><th scope="col">{}</th><th scope="col">{}</th>'
        '<th scope="col">{}</th></tr></thead>',
        gettext("Model name"), gettext("Add link"), gettext("Change or view list link"),
    )  # fmt: skip
    out = []
    for app in apps:
        label = app["app_label"]
        rows = "".join(_model_row(label, model, path, show_changelinks) for model in app["models"])
        title = gettext("Models in the %(name)s application") % {"name": app["name"]}
        out.append(
            format_html(
                '<div class="app-{} module{}"><table><caption><a href="{}" class="section" title="{}">{}</a>'
                "</caption>{}{}</table></div>",
                label,
                " current-app" if _in_path(app.get("app_url"), path) else "",
                app["app_url"],
                title,
                app["name"],
                head,
                mark_safe(rows),  # noqa: S308 - every part escaped above
            )  # fmt: skip
        )
    return mark_safe("".join(out))  # noqa: S308 - every part escaped above
