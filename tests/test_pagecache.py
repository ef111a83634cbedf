"""Whole-page caching keyed by the database's write stamp: fast repeats, never a stale or foreign page."""

import datetime
import re
import threading

import pytest
from django.contrib import messages
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages.storage.cookie import CookieStorage
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core.cache import caches
from django.db import connection, connections, transaction
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cooperation.models import Proposal, Sector
from pagecache import stamp as stamps
from pagecache.views import cached_page
from tests.factories import (
    DraftProposalFactory,
    ManagerFactory,
    ProposalFactory,
    SuperuserFactory,
    TradeFigureFactory,
)

LIST = reverse("cooperation:proposals")
MANAGE = reverse("cooperation:manage-proposals")


def test_every_table_a_page_can_show_carries_the_stamp(db):
    tables = stamps.stamped_tables()
    assert {"cooperation_proposal", "trade_tradefigure", "cooperation_historicalproposal", "auth_user"} <= set(tables)
    # The corridor page and the proposals' corridor measures: the places, their economies, figures and targets.
    corridor = {"trade_place", "trade_place_economies", "trade_corridorfigure", "cooperation_corridortarget"}
    assert corridor <= set(tables)
    assert stamps.installed_triggers() == set(tables)
    unstamped = ("django_session", "axes_", "otp_", "twofactor_")  # sign-in writes these; no page shows them
    assert not any(name.startswith(unstamped) for name in stamps.installed_triggers())


def test_install_puts_back_a_missing_trigger_and_changes_nothing_else(db):
    before = stamps.installed_triggers()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"DROP TRIGGER {stamps.trigger_name('cooperation_sector')} ON cooperation_sector")
        else:
            for event in "iud":
                cursor.execute(f"DROP TRIGGER {stamps.trigger_name('cooperation_sector', event + '_')}")
    assert "cooperation_sector" not in stamps.installed_triggers()
    stamps.install()
    assert stamps.installed_triggers() == before


@pytest.mark.django_db(transaction=True)
def test_every_kind_of_committed_write_raises_the_stamp(reference_data):
    proposal = ProposalFactory()
    seen = [stamps.stamp()]

    def wrote():
        seen.append(stamps.stamp())
        assert seen[-1] > seen[-2]

    Proposal.objects.filter(pk=proposal.pk).update(title="Updated in bulk")  # no signal is sent
    wrote()
    TradeFigureFactory()
    wrote()
    Sector.objects.bulk_create([Sector(name="Bulk", slug="bulk")])  # no signal either
    wrote()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE cooperation_sector SET name = name || '.'")
    wrote()
    proposal.delete()
    wrote()


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_write_leaves_the_stamp(reference_data):
    before = stamps.stamp()

    def write_then_fail():
        with transaction.atomic():
            Sector.objects.create(name="Never", slug="never")
            raise RuntimeError

    with pytest.raises(RuntimeError):
        write_then_fail()
    assert stamps.stamp() == before
    assert not Sector.objects.filter(slug="never").exists()


@pytest.mark.django_db(transaction=True)
def test_sessions_do_not_raise_the_stamp(reference_data):
    before = stamps.stamp()
    Session.objects.create(session_key="x" * 32, session_data="", expire_date=timezone.now())
    assert stamps.stamp() == before


def test_a_login_does_not_raise_the_stamp_but_a_new_user_name_does(reference_data):
    user = ManagerFactory(username="aidana")
    before = stamps.stamp()
    response = Client().post(reverse("login"), {"username": "aidana", "password": "correct horse battery staple"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.last_login is not None  # the login was recorded...
    assert stamps.stamp() == before  # ...without emptying the page cache
    user.username = "aidana.s"
    user.save()  # a name pages show (who changed a status) still raises it
    assert stamps.stamp() > before


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite has one writer at a time")
@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_never_wait_on_the_stamp(reference_data):
    """A writer holding its stamp row open does not hold up another writer."""
    before = stamps.stamp()
    holding, done = threading.Event(), threading.Event()
    failures = []

    def long_writer():
        try:
            with transaction.atomic():
                Sector.objects.create(name="Long", slug="long")
                holding.set()
                done.wait(10)
        except Exception as exc:  # noqa: BLE001
            failures.append(exc)
        finally:
            connections.close_all()

    thread = threading.Thread(target=long_writer)
    thread.start()
    assert holding.wait(10)
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL lock_timeout = '2s'")  # waiting on the other writer would fail here
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL lock_timeout = '2s'")
        Sector.objects.create(name="Short", slug="short")
    assert stamps.stamp() == before + 1  # the short one committed while the long one is still open
    done.set()
    thread.join()
    assert not failures
    assert stamps.stamp() == before + 2


@pytest.fixture
def anonymous():
    return Client()


@pytest.mark.django_db(transaction=True)
def test_a_repeated_page_costs_one_query(reference_data, anonymous, django_assert_num_queries):
    proposal = ProposalFactory(title="Caspian ferries")
    url = proposal.get_absolute_url()
    assert "Caspian ferries" in anonymous.get(url).text
    with django_assert_num_queries(1):  # the stamp
        assert "Caspian ferries" in anonymous.get(url).text


@pytest.mark.django_db(transaction=True)
def test_a_change_made_anywhere_shows_at_once(reference_data, anonymous):
    proposal = ProposalFactory(title="Caspian ferries")
    assert "Caspian ferries" in anonymous.get(LIST).text
    Proposal.objects.filter(pk=proposal.pk).update(title="Caspian container line")
    text = anonymous.get(LIST).text
    assert "Caspian container line" in text
    assert "Caspian ferries" not in text


@pytest.mark.django_db(transaction=True)
def test_a_draft_a_staff_member_saw_is_never_served_to_a_visitor(reference_data, anonymous):
    DraftProposalFactory(title="Secret draft")
    staff = Client()
    staff.force_login(SuperuserFactory())
    assert "Secret draft" in staff.get(LIST).text
    assert "Secret draft" not in anonymous.get(LIST).text
    assert "Secret draft" in staff.get(LIST).text


@pytest.mark.django_db(transaction=True)
def test_each_browser_gets_a_page_whose_form_token_is_its_own(reference_data):
    """Two managers, and the same manager in a second browser: every page's log-out form works."""
    ProposalFactory()
    first, second = ManagerFactory(), ManagerFactory()
    for user in (first, second, first):
        client = Client(enforce_csrf_checks=True)
        client.force_login(user)
        client.get(MANAGE)  # the CSRF cookie is set with the first page
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', client.get(MANAGE).text).group(1)
        assert client.post(reverse("logout"), {"csrfmiddlewaretoken": token}).status_code == 200  # not 403
        assert "_auth_user_id" not in client.session


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("url", [reverse("admin:cooperation_proposal_changelist"), MANAGE, LIST])
def test_a_logged_in_users_page_is_rendered_every_time(reference_data, url):
    proposal = ProposalFactory(title="Caspian ferries")
    client = Client()
    client.force_login(SuperuserFactory())
    client.get(url)  # sets the CSRF cookie
    assert "Caspian ferries" in client.get(url).text
    with CaptureQueriesContext(connection) as again:
        assert "Caspian ferries" in client.get(url).text
    assert len(again) > 3  # more than session, user and stamp: rendered, not read from the cache
    assert not caches["pages"]._cache  # noqa: SLF001 - nothing was kept for them
    Proposal.objects.filter(pk=proposal.pk).update(title="Caspian container line")
    assert "Caspian container line" in client.get(url).text


@pytest.mark.django_db(transaction=True)
def test_a_message_is_shown_once_and_never_cached(reference_data, anonymous, rf):
    ProposalFactory()
    anonymous.get(LIST)  # cached without a message
    storage, carrier = CookieStorage(rf.get("/")), HttpResponse()
    storage.add(messages.INFO, "Welcome back")
    storage.update(carrier)
    anonymous.cookies["messages"] = carrier.cookies["messages"].value
    assert "Welcome back" in anonymous.get(LIST).text
    assert "Welcome back" not in anonymous.get(LIST).text


@pytest.mark.django_db(transaction=True)
def test_a_new_day_renders_anew(reference_data, anonymous, monkeypatch):
    ProposalFactory(title="Caspian ferries")
    anonymous.get(LIST)
    with CaptureQueriesContext(connection) as same_day:
        anonymous.get(LIST)
    assert len(same_day) == 1  # the stamp: from the cache
    real_localdate = timezone.localdate

    def tomorrow(value=None, timezone=None):
        return real_localdate(value, timezone) if value else real_localdate() + datetime.timedelta(days=1)

    monkeypatch.setattr(timezone, "localdate", tomorrow)
    with CaptureQueriesContext(connection) as next_day:
        assert "Caspian ferries" in anonymous.get(LIST).text
    assert len(next_day) > 1  # rendered again


@pytest.mark.django_db(transaction=True)
@override_settings(PAGE_CACHE=False)
def test_the_cache_can_be_switched_off(reference_data, anonymous):
    ProposalFactory()
    with CaptureQueriesContext(connection) as first:
        anonymous.get(LIST)
    with CaptureQueriesContext(connection) as second:
        anonymous.get(LIST)
    assert len(second) == len(first) > 1  # rendered again, not read from the cache


@pytest.mark.django_db(transaction=True)
def test_a_page_cached_for_a_user_is_refused_once_their_access_is_taken_away(reference_data):
    ProposalFactory()
    manager = ManagerFactory()
    client = Client()
    client.force_login(manager)
    url = reverse("admin:cooperation_proposal_changelist")
    client.get(url)
    assert client.get(url).status_code == 200  # now from the cache
    manager.groups.clear()
    assert client.get(url).status_code == 403
    assert client.get(MANAGE).status_code == 403


@pytest.mark.django_db(transaction=True)
def test_a_post_is_never_answered_from_the_cache(reference_data):
    proposal = ProposalFactory()
    client = Client()
    client.force_login(ManagerFactory())
    url = reverse("cooperation:manage-proposal", args=[proposal.slug])
    client.get(url)
    client.get(url)
    response = client.post(url, {"to": "under_discussion", "expected": "proposed", "note": "Talks began."})
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == "under_discussion"
    assert "Talks began." in client.get(url, follow=True).text


@pytest.mark.django_db(transaction=True)
def test_a_visitors_page_with_a_form_token_is_never_shared(rf):
    renders = []

    @cached_page
    def form_page(request):
        renders.append(request)
        return HttpResponse(get_token(request))

    def visitor(secret):
        request = rf.get("/a-form/")
        request.user, request.session = AnonymousUser(), SessionStore()
        request._messages = CookieStorage(request)
        request.META["CSRF_COOKIE"] = secret
        return request

    form_page(visitor("a" * 32))
    form_page(visitor("b" * 32))
    assert len(renders) == 2  # the second visitor's token is drawn from their own cookie
