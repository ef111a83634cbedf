"""Several app servers share one Redis cache; when Redis goes away, pages are still served, never a 500."""

import os
import socket
import uuid

import pytest
from django.core.cache import caches
from django.test import Client, override_settings
from django.urls import reverse

from cooperation.models import Proposal
from pagecache import backends
from pagecache.backends import ResilientRedisCache
from tests.factories import ProposalFactory, SuperuserFactory
from tests.test_settings import PRODUCTION, values

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
DEAD_REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1


def redis_is_up():
    host, port = REDIS_URL.split("//")[1].split("/")[0].split(":")
    try:
        socket.create_connection((host, int(port)), timeout=0.5).close()
    except OSError:
        return False
    return True


needs_redis = pytest.mark.skipif(not redis_is_up(), reason=f"no Redis at {REDIS_URL}")


def redis_caches(url, prefix):
    return {
        alias: {"BACKEND": "pagecache.backends.ResilientRedisCache", "LOCATION": url, "KEY_PREFIX": f"{prefix}:{alias}"}
        for alias in ("default", "pages")
    }


def server(url, prefix):
    """A second app server's view of the same cache: its own connection pool, the same keys."""
    return ResilientRedisCache(url, {"KEY_PREFIX": f"{prefix}:pages"})


@pytest.fixture
def shared():
    prefix = f"test-{uuid.uuid4().hex}"
    with override_settings(CACHES=redis_caches(REDIS_URL, prefix)):
        yield prefix
        caches["pages"].clear()
        caches["default"].clear()


@pytest.fixture
def dead():
    with override_settings(CACHES=redis_caches(DEAD_REDIS_URL, "dead")):
        yield


# Settings


def test_redis_url_puts_both_caches_on_redis():
    result, (caches_setting,) = values(["CACHES"], **PRODUCTION, REDIS_URL="redis://cache.internal:6379/2")
    assert result.returncode == 0, result.stderr
    assert caches_setting.count("pagecache.backends.ResilientRedisCache") == 2
    assert "redis://cache.internal:6379/2" in caches_setting


def test_without_redis_url_each_process_keeps_its_own_cache():
    result, (caches_setting,) = values(["CACHES"], **PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert "LocMemCache" in caches_setting
    assert "Redis" not in caches_setting


def test_a_redis_url_of_another_kind_is_refused_with_its_name():
    result, _values = values(["CACHES"], **PRODUCTION, REDIS_URL="http://cache.internal:6379")
    assert result.returncode != 0
    assert "REDIS_URL must start with redis://" in result.stderr


# Shared between servers


@needs_redis
@pytest.mark.django_db(transaction=True)
def test_a_page_rendered_by_one_server_is_served_by_another(reference_data, shared, django_assert_num_queries):
    proposal = ProposalFactory(title="Caspian ferries")
    url = proposal.get_absolute_url()
    assert "Caspian ferries" in Client().get(url).text
    # No copy is kept in the process: the page is in Redis, where every server reads it.
    other = server(REDIS_URL, shared)
    keys = list(other._cache.get_client().scan_iter(f"{shared}:pages:*"))  # noqa: SLF001
    assert len(keys) == 1
    with django_assert_num_queries(1):  # the stamp; the page comes from Redis
        assert "Caspian ferries" in Client().get(url).text


@needs_redis
@pytest.mark.django_db(transaction=True)
def test_a_write_on_one_server_shows_on_the_other_at_once(reference_data, shared):
    proposal = ProposalFactory(title="Caspian ferries")
    url = reverse("cooperation:proposals")
    assert "Caspian ferries" in Client().get(url).text
    Proposal.objects.filter(pk=proposal.pk).update(title="Caspian container line")  # written through "server A"
    text = Client().get(url).text  # read through any server: the stamp has moved, the shared copy is not used
    assert "Caspian container line" in text
    assert "Caspian ferries" not in text


@needs_redis
def test_values_round_trip_through_redis(shared):
    cache = caches["default"]
    cache.set("answer", {"n": 42}, 30)
    assert server(REDIS_URL, shared).get("answer") is None  # the page cache's prefix: another key
    assert cache.get("answer") == {"n": 42}
    assert cache.add("answer", 1) is False
    assert cache.add("counter", 1) is True
    assert cache.incr("counter") == 2
    assert cache.get_many(["answer", "missing"]) == {"answer": {"n": 42}}
    cache.delete("answer")
    assert cache.get("answer", "gone") == "gone"


# Redis gone


def test_every_call_answers_as_a_miss_while_redis_is_away(dead, caplog):
    cache = caches["default"]
    assert cache.get("key", "fallback") == "fallback"
    assert cache.set("key", 1) is None
    assert cache.add("key", 1) is False
    assert cache.get_many(["a", "b"]) == {}
    assert cache.has_key("key") is False
    assert cache.delete("key") is False
    with pytest.raises(ValueError, match="unavailable"):
        cache.incr("key")
    assert [r.levelname for r in caplog.records if r.name == "pagecache.backends"] == ["WARNING"]  # once an outage


def test_redis_is_left_alone_for_a_while_after_a_failure_then_tried_again(dead, monkeypatch):
    cache = caches["pages"]
    attempts = []
    real_get = ResilientRedisCache.__mro__[1].get

    def counting_get(self, *args, **kwargs):
        attempts.append(1)
        return real_get(self, *args, **kwargs)

    monkeypatch.setattr(ResilientRedisCache.__mro__[1], "get", counting_get)
    for _ in range(20):
        cache.get("key")
    assert len(attempts) == 1
    now = backends.time.monotonic()
    monkeypatch.setattr(backends.time, "monotonic", lambda: now + backends.RETRY_AFTER + 1)
    cache.get("key")
    assert len(attempts) == 2


@pytest.mark.django_db(transaction=True)
def test_pages_are_served_without_redis(reference_data, dead):
    proposal = ProposalFactory(title="Caspian ferries")
    visitor = Client()
    for url in (
        reverse("cooperation:home"),
        reverse("cooperation:proposals"),
        proposal.get_absolute_url(),
        reverse("cooperation:meetings"),
        "/api/v1/proposals/",
    ):
        for _ in range(2):
            response = visitor.get(url, HTTP_ACCEPT_LANGUAGE="en")
            assert response.status_code == 200, url
    assert "Caspian ferries" in visitor.get(proposal.get_absolute_url()).text
    staff = Client()
    staff.force_login(SuperuserFactory())
    assert staff.get(reverse("admin:cooperation_proposal_changelist")).status_code == 200
    assert staff.get(reverse("cooperation:manage-proposals")).status_code == 200
