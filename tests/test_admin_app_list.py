"""The admin's list of applications is written in Python (common/templatetags/admin_apps.py): it must
give what Django's own `admin/app_list.html` gives, for every role, page and language."""

import re
from pathlib import Path

import django.contrib.admin
import pytest
from django.contrib import admin
from django.template import engines
from django.test import RequestFactory
from django.utils import translation

from tests.factories import EditorFactory, ManagerFactory, StaffFactory, SuperuserFactory

DJANGO_APP_LIST = Path(django.contrib.admin.__file__).parent / "templates" / "admin" / "app_list.html"
ROLES = {"superuser": SuperuserFactory, "editor": EditorFactory, "manager": ManagerFactory, "staff": StaffFactory}
PATHS = ["/admin/", "/admin/cooperation/", "/admin/cooperation/proposal/", "/admin/trade/tradefigure/42/change/"]


def normalized(html):
    return re.sub(r"\s+", " ", re.sub(r">\s+<", "><", html)).strip()


def both(user, path, show_changelinks):
    request = RequestFactory().get(path)
    request.user = user
    context = {"app_list": admin.site.get_app_list(request), "show_changelinks": show_changelinks, "request": request}
    engine = engines["django"]
    django_own = engine.from_string(DJANGO_APP_LIST.read_text()).render(context, request)
    ours = engine.get_template("admin/app_list.html").render(context, request)
    return normalized(django_own), normalized(ours)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("language", ["en", "kk", "ru", "az"])
def test_same_markup_as_django(role, language):
    user = ROLES[role]()
    with translation.override(language):
        for path in PATHS:
            for show_changelinks in (False, True):
                django_own, ours = both(user, path, show_changelinks)
                assert ours == django_own, (role, language, path, show_changelinks)


@pytest.mark.django_db
def test_the_comparison_sees_the_parts_that_vary():
    """The cases above cover what differs between calls: the current page, the links and no permission."""
    superuser = SuperuserFactory()
    _, sidebar = both(superuser, "/admin/cooperation/proposal/", False)
    assert 'class="model-proposal current-model"' in sidebar
    assert 'aria-current="page"' in sidebar
    assert "current-app" in sidebar
    assert "changelink" not in sidebar
    _, index = both(superuser, "/admin/", True)
    assert "changelink" in index
    assert "current-model" not in index
    _, manager_index = both(ManagerFactory(), "/admin/", True)
    assert "viewlink" in manager_index or "changelink" in manager_index
    _, nothing = both(StaffFactory(), "/admin/", True)
    assert nothing == "<p>You don’t have permission to view or edit anything.</p>"


@pytest.mark.django_db
def test_escapes_names():
    request = RequestFactory().get("/admin/")
    app = {
        "app_label": "x",
        "name": "<b>&",
        "app_url": "/admin/x/",
        "models": [{"object_name": "Y", "name": "<i>", "admin_url": "/admin/x/y/", "add_url": None}],
    }
    context = {"app_list": [app], "show_changelinks": True, "request": request}
    engine = engines["django"]
    django_own = engine.from_string(DJANGO_APP_LIST.read_text()).render(context, request)
    ours = engine.get_template("admin/app_list.html").render(context, request)
    assert normalized(ours) == normalized(django_own)
    assert "<i>" not in ours
    assert "&lt;i&gt;" in ours


@pytest.mark.django_db
def test_admin_page_shows_the_sidebar(client):
    client.force_login(SuperuserFactory())
    html = client.get("/admin/cooperation/meeting/").content.decode()
    assert 'id="nav-sidebar"' in html
    assert 'class="model-meeting current-model"' in html
