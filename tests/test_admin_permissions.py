"""Nobody writes through the admin who may not: every admin URL that takes a POST, as every role.

The walk covers every URL pattern the admin site has, so a new model, view or action is covered
without anyone remembering to add it here.
"""

import datetime
import re
from decimal import Decimal

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.core.files.uploadedfile import SimpleUploadedFile
from django.forms import MultiWidget
from django.test import RequestFactory
from django.urls import URLResolver, resolve, reverse
from django.utils import timezone
from simple_history.admin import SimpleHistoryAdmin

from common.admin_base import WriteGuardMixin
from cooperation.models import (
    FollowUp,
    Meeting,
    Official,
    Organization,
    Position,
    Proposal,
    Sector,
    StatusChange,
    Visibility,
)
from cooperation.services import change_status
from tests import factories
from tests.factories import (
    DataSourceFactory,
    EconomyFactory,
    EditorFactory,
    FollowUpFactory,
    ManagerFactory,
    MeetingFactory,
    OfficialFactory,
    OrganizationFactory,
    PositionFactory,
    ProposalFactory,
    RegionFactory,
    SectorFactory,
    StaffFactory,
    StatusChangeFactory,
    SuperuserFactory,
    TradeFigureFactory,
    UserFactory,
)
from trade import services
from trade.models import CorridorFigure, DataSource, Economy, Place, ProductGroup, TradeFigure, TradeImport

pytestmark = pytest.mark.django_db

ROLES = {"manager": ManagerFactory, "editor": EditorFactory, "staff": StaffFactory}
HISTORY_ADMINS = [m for m, ma in admin.site._registry.items() if isinstance(ma, SimpleHistoryAdmin)]
OUR_APPS = ("trade", "cooperation", "notifications")
User = get_user_model()

# For each model with an audit history: a field, its value in the older version, and its value now.
REVERTS = {
    Organization: ("name", "Akimat of Mangystau", "Akimat of Mangystau Region"),
    Official: ("full_name", "Nurdaulet Kilybay", "Nurdaulet Kilybayev"),
    Position: ("title", "Deputy head", "Head of the region"),
    Meeting: ("visibility", Visibility.PUBLIC, Visibility.INTERNAL),  # an internal meeting made public
    Sector: ("name", "Ports", "Ports and shipping"),
    Proposal: ("title", "A ferry line", "A ferry line to Baku"),
    FollowUp: ("action", "Send the draft", "Send the signed draft"),
    Economy: ("name", "Azerbaijan", "Republic of Azerbaijan"),
    DataSource: ("title", "Release 1", "Release 1, corrected"),
    TradeFigure: ("value_usd", Decimal("529400000.00"), Decimal("600000000.00")),
    Place: ("name", "Port of Aktau", "Aktau Sea Commercial Port"),
    CorridorFigure: ("value", Decimal("3800000.00"), Decimal("3900000.00")),
}
CORE_TRADE = [Economy, DataSource, TradeFigure, Place, CorridorFigure]
try:
    ClaimCheck = apps.get_model("trade", "ClaimCheck")
except LookupError:
    ClaimCheck = None
else:
    REVERTS[ClaimCheck] = ("explanation", "Revised in March", "Revised in March and April")
CSV = (
    "reporter,partner,year,months,measure,product,value,unit,change_pct,source_publisher,source_title,"
    "source_published\nKZ,AZ,2021,1-12,export,TOTAL,1.5,million USD,,Bureau,Release,2024-02-01\n"
)


def make(model, **values):
    makers = {
        Organization: OrganizationFactory,
        Official: OfficialFactory,
        Position: PositionFactory,
        Meeting: MeetingFactory,
        Sector: SectorFactory,
        Proposal: ProposalFactory,
        FollowUp: FollowUpFactory,
        Economy: lambda **kw: EconomyFactory(code="AZ", **kw),
        DataSource: DataSourceFactory,
        TradeFigure: TradeFigureFactory,
        Place: factories.PlaceFactory,
        CorridorFigure: factories.CorridorFigureFactory,
        ClaimCheck: lambda **kw: factories.ClaimCheckFactory(explained_at=timezone.now(), **kw),
    }
    return makers[model](**values)


def with_history(model):
    """A record saved twice: its history holds the older version (to revert to) and the current one."""
    field, old, new = REVERTS[model]
    obj = make(model, **{field: old})
    obj = model.objects.get(pk=obj.pk)
    setattr(obj, field, new)
    obj.save()  # raises the version itself
    return obj


def superuser_request(path="/admin/"):
    request = RequestFactory().get(path)
    request.user = SuperuserFactory(username="walk-admin")
    return request


def form_data(form):
    """What a browser posts back for this unbound form."""
    data = {}
    for name, field in form.fields.items():
        value = form[name].value()
        if isinstance(field.widget, MultiWidget):
            parts = field.widget.decompress(value)
            data.update({f"{name}_{i}": "" if part is None else str(part) for i, part in enumerate(parts)})
        elif isinstance(value, bool):
            if value:
                data[name] = "on"
        elif isinstance(value, (list, tuple)):
            data[name] = [str(v) for v in value]
        else:
            data[name] = "" if value is None else str(value)
    return data


def inline_management(model_admin, request, obj):
    data = {}
    for formset, _inline in model_admin.get_formsets_with_inlines(request, obj):
        prefix = formset.get_default_prefix()
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0", f"{prefix}-MAX_NUM_FORMS": "1000"})
    return data


def revert_data(model, obj):
    """The history form of the record's oldest version, as the revert page shows it to someone who may change it."""
    model_admin = admin.site._registry[model]
    oldest = obj.history.order_by("history_date", "history_id").first()
    request = superuser_request()
    data = form_data(model_admin.get_form(request, oldest.instance)(instance=oldest.instance))
    if "version" in data:
        data["version"] = str(model.objects.get(pk=obj.pk).version)
    return oldest.history_id, data


def history_form_url(model, obj, history_id):
    opts = model._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_simple_history", args=[obj.pk, history_id])


def test_every_model_with_an_audit_history_is_covered():
    assert set(REVERTS) == set(HISTORY_ADMINS)


def change_permission(model):
    return f"{model._meta.app_label}.change_{model._meta.model_name}"


@pytest.mark.parametrize("model", HISTORY_ADMINS, ids=lambda m: m._meta.label)
@pytest.mark.parametrize("role", list(ROLES))
def test_revert_page_writes_only_for_who_may_change(client, model, role):
    RegionFactory()
    obj = with_history(model)
    history_id, data = revert_data(model, obj)
    user = ROLES[role]()
    client.force_login(user)
    history = obj.history.count()

    response = client.post(history_form_url(model, obj, history_id), data)

    field, old, new = REVERTS[model]
    if user.has_perm(change_permission(model)):
        assert response.status_code == 302, response.content.decode()[:3000]
        assert getattr(model.objects.get(pk=obj.pk), field) == old
        assert obj.history.first().history_user == user
    else:
        assert response.status_code == 403
        assert getattr(model.objects.get(pk=obj.pk), field) == new
        assert obj.history.count() == history
        assert not LogEntry.objects.filter(user=user).exists()


@pytest.mark.parametrize("model", [m for m in REVERTS if m._meta.app_label == "cooperation" or m in CORE_TRADE])
def test_editors_may_and_managers_may_not_revert_what_staff_enter(model):
    """The roles the test above runs as: Editors change what staff enter, Managers only look."""
    assert EditorFactory().has_perm(change_permission(model))
    assert not ManagerFactory().has_perm(change_permission(model))


@pytest.mark.parametrize("model", HISTORY_ADMINS, ids=lambda m: m._meta.label)
def test_manager_may_still_look_at_an_older_version(client, model):
    RegionFactory()
    obj = with_history(model)
    history_id, _data = revert_data(model, obj)
    client.force_login(ManagerFactory())
    response = client.get(history_form_url(model, obj, history_id))
    assert response.status_code == 200
    assert 'name="_save"' not in response.content.decode()  # no Revert button


def test_revert_page_carries_the_current_version(client):
    """Else every revert of a versioned record would be refused as someone else's save."""
    obj = with_history(Meeting)
    oldest = obj.history.order_by("history_date", "history_id").first()
    assert oldest.version != obj.version
    client.force_login(EditorFactory())
    content = client.get(history_form_url(Meeting, obj, oldest.history_id)).content.decode()
    assert re.search(rf'name="version" value="{obj.version}"', content)


def test_revert_is_refused_when_someone_saved_since_the_page_was_opened(client):
    obj = with_history(Meeting)
    history_id, data = revert_data(Meeting, obj)
    Meeting.objects.filter(pk=obj.pk).update(version=obj.version + 1, place="Baku")
    client.force_login(EditorFactory())
    response = client.post(history_form_url(Meeting, obj, history_id), data)
    assert response.status_code == 200
    assert "Someone else saved this" in response.content.decode()
    assert Meeting.objects.get(pk=obj.pk).visibility == Visibility.INTERNAL


@pytest.mark.parametrize("role", ["editor", "superuser"])
def test_a_revert_never_brings_back_an_old_status(client, role):
    """Status moves only through the workflow: reverting to an older version keeps the current one."""
    proposal = ProposalFactory(title="First title")
    proposal.title = "Second title"
    proposal.save()
    change_status(proposal, to="declined", by=SuperuserFactory(), note="No funding")
    oldest = proposal.history.order_by("history_date", "history_id").first()
    assert (oldest.title, oldest.status) == ("First title", "proposed")
    history_id, data = revert_data(Proposal, proposal)
    client.force_login(EditorFactory() if role == "editor" else SuperuserFactory())

    response = client.post(history_form_url(Proposal, proposal, history_id), data)

    assert response.status_code == 302, response.content.decode()[:2000]
    proposal.refresh_from_db()
    assert (proposal.title, proposal.status) == ("First title", "declined")
    assert proposal.status_changes.count() == 1


def test_revert_is_refused_to_everyone_when_reverting_is_switched_off(client, settings):
    settings.SIMPLE_HISTORY_REVERT_DISABLED = True
    obj = with_history(Organization)
    history_id, data = revert_data(Organization, obj)
    client.force_login(SuperuserFactory())
    response = client.post(history_form_url(Organization, obj, history_id), data)
    assert response.status_code == 403
    assert Organization.objects.get(pk=obj.pk).name == REVERTS[Organization][2]


# The walk over every admin URL.


def admin_routes(patterns=None, prefix="", model=None):
    """(route, pattern, model) for every URL pattern of the admin site; model is None for site-wide pages."""
    prefixes = {f"{m._meta.app_label}/{m._meta.model_name}/": m for m in admin.site._registry}
    for entry in admin.site.get_urls() if patterns is None else patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from admin_routes(entry.url_patterns, route, prefixes.get(route, model))
        else:
            yield route, entry, model


def fill(route, values):
    """The route with its parameters filled: named ones from `values`, unnamed groups in order."""
    route = route.replace("^", "").replace("$", "").replace("\\Z", "")
    route = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: str(values[m.group(1)]), route)
    route = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(values[m.group(1)]), route)
    positional = iter(values["positional"])
    return "/admin/" + re.sub(r"\([^)]*\)", lambda m: str(next(positional)), route)


def records():
    """One record of every model the admin shows (history models with an older version)."""
    RegionFactory()
    objects = {model: with_history(model) for model in REVERTS}
    objects[Proposal].target_product_groups.set([objects[TradeFigure].product_group])
    objects[StatusChange] = StatusChangeFactory(proposal=objects[Proposal])
    objects[ProductGroup] = objects[TradeFigure].product_group
    importer = UserFactory(username="importer")
    previewed, _result = services.preview_import(filename="figures.csv", content=CSV.encode(), by=importer, source={})
    objects[TradeImport] = previewed
    objects[User] = importer
    objects[Group] = Group.objects.get(name="Editors")
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    common = {"user_agent": "test", "ip_address": "10.0.0.1", "username": "x", "http_accept": "*", "path_info": "/"}
    objects[AccessAttempt] = AccessAttempt.objects.create(**common, get_data="", post_data="", failures_since_start=1)
    objects[AccessLog] = AccessLog.objects.create(**common)
    objects[AccessFailureLog] = AccessFailureLog.objects.create(**common)
    for model in admin.site._registry:
        # A model given no record here is walked with whatever rows it has (or a pk that is none).
        objects.setdefault(model, model._base_manager.first())
    return objects


SNAPSHOT_MODELS = [m for m in apps.get_models(include_auto_created=True) if m is not Session]


def snapshot():
    return {m._meta.label: list(m._base_manager.order_by("pk").values_list()) for m in SNAPSHOT_MODELS}


def changed(before, after):
    return sorted(label for label in before if before[label] != after[label])


def posts(route, pattern, model, objects, superuser_req):
    """(url, data) for each POST to try at this route: one per action on a changelist, else one."""
    if model is None:
        meeting = objects[Meeting]
        values = {
            "app_label": "cooperation",
            "content_type_id": ContentType.objects.get_for_model(Meeting).pk,
            "object_id": meeting.pk,
            "url": "nothing-here/",
            "positional": [],
        }
        return [(fill(route, values), None, {})]
    obj = objects[model]
    if obj is not None:
        obj = model._base_manager.filter(pk=obj.pk).first() or obj  # as it is now, after earlier POSTs
    model_admin = admin.site._registry[model]
    history = getattr(obj, "history", None)
    oldest = history.order_by("history_date", "history_id").first() if history is not None else None
    pk = obj.pk if obj is not None else 0
    values = {
        "object_id": pk,
        "id": pk,
        "pk": objects[TradeImport].pk,
        "positional": [pk, oldest.history_id if oldest else 0],
    }
    url = fill(route, values)
    if pattern.name and pattern.name.endswith("_simple_history") and model in REVERTS:
        _history_id, data = revert_data(model, obj)
        return [(url, None, data)]
    if pattern.name and pattern.name.endswith("_changelist"):
        return [
            (url, name, {"action": name, "_selected_action": [str(pk)], "index": "0", "post": "yes"})
            for name in model_admin.get_actions(superuser_req)
        ]
    data = {}
    if obj is not None and model._meta.app_label in OUR_APPS:
        data = form_data(model_admin.get_form(superuser_req, obj)(instance=obj))
        data.update(inline_management(model_admin, superuser_req, obj))
    data["post"] = "yes"
    return [(url, None, data)]


READ_ONLY = ("_history", "_checks")
# Admin pages that write with a permission of their own rather than add, change or delete.
OWN_PERMISSION = {"cooperation_proposal_status": {"cooperation.change_proposal_status"}}


def needs(name, action, model):
    """(permissions, whether all or any of them) a POST to this admin URL writes with; none: nobody writes there."""
    opts = model._meta

    def perms(*kinds):
        return {f"{opts.app_label}.{kind}_{opts.model_name}" for kind in kinds}

    if name in OWN_PERMISSION:
        return OWN_PERMISSION[name], all
    if name is None:
        return set(), all
    if name.endswith("_changelist"):
        return (perms("delete") if action == "delete_selected" else perms("change")), all
    for suffix, kinds in [
        ("_add", ["add"]),
        ("_delete", ["delete"]),
        ("_change", ["change"]),
        ("_simple_history", ["change"]),
        ("_password_change", ["change"]),
        ("_import", ["add", "change"]),
        ("_import_confirm", ["add", "change"]),
    ]:
        if name.endswith(suffix):
            return perms(*kinds), all
    if name.endswith(READ_ONLY):
        return set(), all
    return perms("add", "change", "delete"), any  # an unknown page: whoever may write anything here


def may(user, needed):
    perms, how = needed
    return bool(perms) and how(user.has_perm(perm) for perm in perms)


def refused(response):
    if response.status_code in (403, 405):
        return True
    return response.status_code == 302 and response["Location"].startswith(reverse("admin:login"))


def walk(client, user):
    """POST to every admin URL; returns what went wrong where the user may not write."""
    objects = records()
    superuser_req = superuser_request()
    client.force_login(user)
    problems, tried = [], []
    after = snapshot()
    for route, pattern, model in admin_routes():
        if pattern.name == "logout":
            continue  # ends the session, writes nothing
        for url, action, data in posts(route, pattern, model, objects, superuser_req):
            if pattern.name is not None:
                assert resolve(url).url_name == pattern.name, (route, url)
            needed = needs(pattern.name, action, model) if model is not None else (set(), all)
            before = after
            response = client.post(url, {**data, "file": SimpleUploadedFile("figures.csv", CSV.encode())})
            after = snapshot()
            label = f"{url} {action or ''}".strip()
            tried.append((label, model))
            assert response.status_code < 500, label
            if may(user, needed):
                continue
            if changed(before, after):
                problems.append(f"{label}: wrote {changed(before, after)} ({response.status_code})")
            if model is None or pattern.name is None:
                continue  # site pages (the index, password change) and the bare object URL that redirects
            if not refused(response):
                problems.append(f"{label}: answered {response.status_code}")
    return problems, tried


@pytest.mark.parametrize("role", list(ROLES))
def test_no_admin_post_writes_for_who_may_not(client, role):
    problems, tried = walk(client, ROLES[role]())
    assert not problems, "\n".join(problems)
    # The walk did reach what matters: every registered model, the revert pages, actions and the import.
    urls = " ".join(label for label, _model in tried)
    assert {model for _label, model in tried} >= set(admin.site._registry)
    for reached in ["pin_figures", "delete_selected", "/history/", "/import/", "/confirm/"]:
        assert reached in urls


def test_the_walk_writes_where_it_may(client):
    """Its POSTs are the real thing: for someone who may, they do write."""
    superuser = SuperuserFactory()
    objects = records()
    superuser_req = superuser_request()
    client.force_login(superuser)
    wrote = set()
    for route, pattern, model in admin_routes():
        name = pattern.name or ""
        if model is None or not name.endswith(("_change", "_simple_history", "_import", "_changelist")):
            continue
        if name.endswith("_changelist") and model is not TradeFigure:
            continue
        for url, action, data in posts(route, pattern, model, objects, superuser_req):
            if action == "delete_selected":
                continue
            before = snapshot()
            client.post(url, {**data, "file": SimpleUploadedFile("figures.csv", CSV.encode())})
            if changed(before, snapshot()):
                wrote.add((model, action or name.rsplit("_", 1)[-1]))
    for model in HISTORY_ADMINS:
        assert (model, "change") in wrote, model
        assert (model, "history") in wrote, model
    assert (TradeFigure, "pin_figures") in wrote
    assert (TradeFigure, "import") in wrote
    confirm = reverse("admin:trade_tradefigure_import_confirm", args=[objects[TradeImport].pk])
    client.post(confirm)
    assert TradeImport.objects.get(pk=objects[TradeImport].pk).status == TradeImport.Status.IMPORTED


def test_every_admin_of_ours_is_guarded():
    ours = {m: ma for m, ma in admin.site._registry.items() if m._meta.app_label in OUR_APPS}
    assert ours
    unguarded = [m._meta.label for m, ma in ours.items() if not isinstance(ma, WriteGuardMixin)]
    assert not unguarded


def test_import_needs_change_too(client):
    """An import updates figures already there: adding them is not enough."""
    RegionFactory()
    EconomyFactory(code="AZ")
    clerk = StaffFactory()
    clerk.user_permissions.add(
        *Permission.objects.filter(
            codename__in=["add_tradefigure", "view_tradefigure"], content_type__app_label="trade"
        )
    )
    client.force_login(clerk)
    upload = SimpleUploadedFile("figures.csv", CSV.encode())
    response = client.post(reverse("admin:trade_tradefigure_import"), {"file": upload})
    assert response.status_code == 403
    assert not TradeImport.objects.exists()


def test_manager_cannot_pin(client):
    figure = TradeFigureFactory(year=datetime.date.today().year - 2)
    client.force_login(ManagerFactory())
    response = client.post(
        reverse("admin:trade_tradefigure_changelist"),
        {"action": "pin_figures", "_selected_action": [figure.pk], "index": "0"},
    )
    assert response.status_code == 403
    assert not TradeFigure.objects.get(pk=figure.pk).pinned
