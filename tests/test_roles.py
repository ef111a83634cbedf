"""The staff groups the migrations make: what each may and may not do (README, *Roles*)."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from cooperation.models import StatusChange
from tests.factories import EditorFactory, ManagerFactory, StaffFactory, StatusChangeFactory

pytestmark = pytest.mark.django_db

# What staff enter, by hand or by import.
DATA = [
    "cooperation.organization",
    "cooperation.official",
    "cooperation.position",
    "cooperation.meeting",
    "cooperation.participation",
    "cooperation.sector",
    "cooperation.proposal",
    "cooperation.raising",
    "cooperation.followup",
    "trade.economy",
    "trade.productgroup",
    "trade.datasource",
    "trade.tradefigure",
]
STATUS_HISTORY = "cooperation.statuschange"
CHANGE_STATUS = "cooperation.change_proposal_status"


def perm(model, action):
    app, name = model.split(".")
    return f"{app}.{action}_{name}"


def group_perms(name):
    perms = Group.objects.get(name=name).permissions.select_related("content_type")
    return {f"{p.content_type.app_label}.{p.codename}" for p in perms}


@pytest.mark.parametrize("model", DATA)
def test_editors_enter_data_but_never_delete(model):
    editors = group_perms("Editors")
    for action in ("add", "change", "view"):
        assert perm(model, action) in editors
    assert perm(model, "delete") not in editors


@pytest.mark.parametrize("model", [*DATA, STATUS_HISTORY])
def test_managers_view_everything_and_write_nothing_by_hand(model):
    managers = group_perms("Managers")
    assert perm(model, "view") in managers
    for action in ("add", "change", "delete"):
        assert perm(model, action) not in managers


@pytest.mark.parametrize("group", ["Editors", "Managers"])
def test_both_read_the_status_history_and_neither_writes_it(group):
    perms = group_perms(group)
    assert perm(STATUS_HISTORY, "view") in perms
    for action in ("add", "change", "delete"):
        assert perm(STATUS_HISTORY, action) not in perms


def test_only_managers_move_a_status():
    assert CHANGE_STATUS in group_perms("Managers")
    assert CHANGE_STATUS not in group_perms("Editors")


@pytest.mark.parametrize("group", ["Editors", "Managers"])
def test_nobody_writes_the_audit_history_by_hand(group):
    audit = Permission.objects.filter(content_type__model__startswith="historical").exclude(
        codename__startswith="view_"
    )
    assert audit.exists()
    held = set(Group.objects.get(name=group).permissions.values_list("pk", flat=True))
    assert not held & set(audit.values_list("pk", flat=True))


@pytest.mark.parametrize(("factory", "expected"), [(EditorFactory, 200), (ManagerFactory, 200), (StaffFactory, 403)])
def test_status_history_in_the_admin_is_read_only(client, factory, expected):
    change = StatusChangeFactory(note="Agreed at the forum")
    client.force_login(factory())
    assert client.get(reverse("admin:cooperation_statuschange_changelist")).status_code == expected
    page = client.get(reverse("admin:cooperation_statuschange_change", args=[change.pk]))
    assert page.status_code == expected
    if expected == 200:
        assert 'name="note"' not in page.content.decode()  # shown, not editable

    response = client.post(reverse("admin:cooperation_statuschange_change", args=[change.pk]), {"note": "rewritten"})

    assert response.status_code == 403
    assert StatusChange.objects.get(pk=change.pk).note == "Agreed at the forum"


@pytest.mark.parametrize(("factory", "expected"), [(EditorFactory, 200), (ManagerFactory, 200), (StaffFactory, 403)])
def test_status_history_on_the_managers_page(client, factory, expected):
    change = StatusChangeFactory(to_status="under_discussion")
    client.force_login(factory())
    response = client.get(reverse("cooperation:manage-proposal", args=[change.proposal.slug]))
    assert response.status_code == expected
    if expected == 200:
        assert "Under discussion" in response.content.decode()
