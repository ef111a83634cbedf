"""The read-only JSON API: what it returns, to whom, in which language, and how it says no."""

import datetime

import pytest
from django.contrib.admin.sites import site
from django.test import Client

from api.models import ApiToken, digest
from api.throttles import AddressRateThrottle
from cooperation.models import Proposal, Raising
from tests.factories import (
    ApiTokenFactory,
    DraftProposalFactory,
    FollowUpFactory,
    InternalMeetingFactory,
    MeetingFactory,
    OfficialFactory,
    ProposalDetailFactory,
    ProposalFactory,
    RaisingFactory,
    SectorFactory,
    StaffFactory,
    StatusChangeFactory,
    SuperuserFactory,
)

pytestmark = pytest.mark.django_db
FOOD = "food-and-fruit-supply-from-azerbaijan"


def get(client, url, **headers):
    response = client.get(url, **headers)
    assert response["Content-Type"].startswith("application/json"), (url, response.status_code)
    return response, response.json()


def test_the_root_lists_every_endpoint(client, demo):
    _response, links = get(client, "/api/v1/")
    assert set(links) >= {"proposal", "meeting", "official", "organization", "sector", "economy", "datasource"}
    for url in links.values():
        assert client.get(url).status_code == 200


def test_a_proposal_with_where_it_was_raised_its_history_and_follow_ups(client, demo):
    proposal = Proposal.objects.get(slug=FOOD)
    FollowUpFactory(proposal=proposal, action="Public action", visibility="public")
    _response, body = get(client, f"/api/v1/proposals/{FOOD}/")
    assert body["title"] == {"text": proposal.title_en, "language": "en"}
    assert body["status"] == "proposed"
    assert body["from_economy"] == "KZ-47"
    assert body["to_economy"] == "AZ"
    assert {m["date"] for m in body["raised_at"]} == {"2024-06-07"}  # raised there by both sides
    assert body["status_history"][0]["to_status"] == "proposed"
    assert [f["action"] for f in body["follow_ups"]] == ["Public action"]
    assert body["url"].endswith(f"/proposals/{FOOD}/")


@pytest.mark.parametrize("how", ["parameter", "header"])
def test_texts_come_in_the_language_asked_for_with_their_language_stated(client, demo, how):
    if how == "parameter":
        _response, body = get(client, f"/api/v1/proposals/{FOOD}/?lang=ru")
    else:
        _response, body = get(client, f"/api/v1/proposals/{FOOD}/", HTTP_ACCEPT_LANGUAGE="ru")
    proposal = Proposal.objects.get(slug=FOOD)
    assert body["title"] == {"text": proposal.title_ru, "language": "ru"}
    assert body["status_label"] == "Предложено"


def test_a_text_missing_in_that_language_comes_in_the_original_and_says_so(client):
    ProposalFactory(slug="only-english", title="Only in English")
    _response, body = get(client, "/api/v1/proposals/only-english/?lang=kk")
    assert body["title"] == {"text": "Only in English", "language": "en"}


def test_anonymous_callers_see_public_records_only_and_a_token_sees_what_its_user_sees(client):
    draft = DraftProposalFactory(title="LEAKMARKER draft")
    public = ProposalFactory(title="Public one")
    internal = InternalMeetingFactory(title="LEAKMARKER meeting")
    RaisingFactory(proposal=public, meeting=internal)
    StatusChangeFactory(proposal=public, note="LEAKMARKER note", note_is_public=False, meeting=internal)
    FollowUpFactory(proposal=public, action="LEAKMARKER action", visibility="internal")
    for url in ["/api/v1/proposals/", f"/api/v1/proposals/{public.slug}/", "/api/v1/meetings/", "/api/v1/sectors/"]:
        response = client.get(url)
        assert "LEAKMARKER" not in response.content.decode(), url
    assert client.get(f"/api/v1/proposals/{draft.slug}/").status_code == 404
    assert client.get(f"/api/v1/meetings/{internal.pk}/").status_code == 404
    token = ApiTokenFactory(user=StaffFactory())
    staff = Client(HTTP_AUTHORIZATION=f"Token {token.key}")
    assert staff.get(f"/api/v1/proposals/{draft.slug}/").status_code == 200
    detail = staff.get(f"/api/v1/proposals/{public.slug}/").content.decode()
    for marker in ("LEAKMARKER meeting", "LEAKMARKER note", "LEAKMARKER action"):
        assert marker in detail


def test_tokens_are_stored_hashed_and_can_be_revoked(client):
    token = ApiTokenFactory()
    stored = ApiToken.objects.get(pk=token.pk)
    assert stored.digest == digest(token.key)
    assert token.key not in str(ApiToken.objects.values_list())
    assert Client(HTTP_AUTHORIZATION=f"Token {token.key}").get("/api/v1/").status_code == 200
    stored.revoke()
    response, body = get(Client(HTTP_AUTHORIZATION=f"Token {token.key}"), "/api/v1/proposals/")
    assert response.status_code == 401
    assert body == {"detail": "This token is not valid, or has been revoked."}
    assert stored.history.count() == 2  # made, revoked


@pytest.mark.parametrize("header", ["Token", "Token a b", "Token nonsense"])
def test_a_bad_token_is_refused_in_json(header):
    response, body = get(Client(HTTP_AUTHORIZATION=header), "/api/v1/proposals/")
    assert response.status_code == 401
    assert body["detail"]


def test_the_admin_shows_a_new_tokens_key_once_and_keeps_only_its_hash(client):
    admin = SuperuserFactory()
    client.force_login(admin)
    response = client.post("/admin/api/apitoken/add/", {"user": admin.pk, "name": "Portal export"}, follow=True)
    text = response.content.decode()
    token = ApiToken.objects.get()
    key = text.split("only its hash is kept): ")[1].split("<")[0].strip()
    assert token.digest == digest(key)
    assert key[:8] == token.prefix
    assert key not in client.get(f"/admin/api/apitoken/{token.pk}/change/").content.decode()
    assert site._registry[ApiToken].has_delete_permission(None) is False


@pytest.mark.parametrize(
    ("url", "status", "words"),
    [
        ("/api/v1/nowhere/", 404, "There is no such API address"),
        ("/api/elsewhere", 404, "There is no such API address"),
        ("/api/v1/proposals/no-such-proposal/", 404, "No Proposal matches"),
        ("/api/v1/proposals/?status=bogus", 400, "bogus is not one of the available choices"),
        ("/api/v1/proposals/?lang=xx", 400, "“xx” is not one of the languages"),
        ("/api/v1/proposals/?year=abc", 400, "Enter a number"),
        ("/api/v1/proposals/?cursor=garbage", 404, "Invalid cursor"),
        ("/api/v1/trade/KZ-47/XX/", 404, "No such pair of economies"),
        ("/api/v1/trade/KZ-47/AZ/?group=NOPE", 400, "“NOPE” is not a product group code"),
    ],
)
def test_bad_requests_get_a_clear_json_message(client, demo, url, status, words):
    response, body = get(client, url)
    assert response.status_code == status
    assert words in str(body)


def test_a_server_error_is_json_too(client, monkeypatch):
    from api import views

    def broken(self):
        raise RuntimeError("boom")

    monkeypatch.setattr(views.SectorViewSet, "get_queryset", broken)
    response, body = get(client, "/api/v1/sectors/")
    assert response.status_code == 500
    assert "boom" not in str(body)
    assert body["detail"] == "Something went wrong on our side; it has been logged."


@pytest.fixture
def clock(monkeypatch):
    """The throttles' clock, set by the test: 30 s into a minute (and into an hour's second half)."""
    from api.throttles import CountingThrottle

    now = {"time": 3600.0 * 500 + 1830}
    monkeypatch.setattr(CountingThrottle, "timer", staticmethod(lambda: now["time"]))
    return now


def test_requests_are_limited_per_address(client, monkeypatch, clock):
    from django.core.cache import cache

    cache.clear()
    monkeypatch.setattr(AddressRateThrottle, "THROTTLE_RATES", {"address": "3/minute", "token": "3/minute"})
    statuses = [client.get("/api/v1/sectors/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    refused = client.get("/api/v1/sectors/")
    assert "throttled" in refused.json()["detail"].lower()
    assert refused["Retry-After"] == "30"  # when the minute's window ends
    clock["time"] += 29
    assert client.get("/api/v1/sectors/").status_code == 429
    clock["time"] += 1  # the next minute: counted afresh
    assert [client.get("/api/v1/sectors/").status_code for _ in range(4)] == [200, 200, 200, 429]
    cache.clear()


def test_requests_at_once_are_all_counted(monkeypatch, clock):
    """Each request adds one to the window's count with the cache's increment: requests arriving together
    from several threads are all counted, none overwrites another's."""
    import threading

    from django.core.cache import cache
    from rest_framework.test import APIRequestFactory

    cache.clear()
    monkeypatch.setattr(AddressRateThrottle, "THROTTLE_RATES", {"address": "150/hour"})
    request = APIRequestFactory().get("/api/v1/sectors/")
    answers = []

    def ask():
        for _ in range(25):
            answers.append(AddressRateThrottle().allow_request(request, None))

    threads = [threading.Thread(target=ask) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert answers.count(True) == 150
    assert answers.count(False) == 50
    throttle = AddressRateThrottle()
    window = int(clock["time"] // throttle.duration)
    assert cache.get(f"{throttle.get_cache_key(request, None)}:{window}") == 200
    cache.clear()


def test_requests_are_served_while_the_cache_is_away(client, monkeypatch):
    from django.core.cache import caches

    def away(*args, **kwargs):
        raise ValueError("the cache is unavailable")

    backend = type(caches["default"])
    monkeypatch.setattr(AddressRateThrottle, "THROTTLE_RATES", {"address": "1/minute"})
    monkeypatch.setattr(backend, "incr", away)
    monkeypatch.setattr(backend, "add", lambda *args, **kwargs: False)  # as the Redis cache answers then
    assert [client.get("/api/v1/sectors/").status_code for _ in range(3)] == [200, 200, 200]


def test_the_trade_series_of_the_seed_pair_with_provenance(client, demo):
    _response, body = get(client, "/api/v1/trade/KZ-47/AZ/")
    assert body["reporter"] == "KZ-47"
    assert body["figures_of"] == ["KZ", "AZ"]  # the region falls back to its country, and says so
    assert body["fallback"] is True
    year_2023 = next(p for p in body["periods"] if p["year"] == 2023 and p["months"] == [1, 12])
    turnover = year_2023["values"]["turnover"]
    assert turnover["how"] in ("reported", "derived", "computed")
    sources = {s["id"] for s in body["sources"]}
    assert turnover["source"] is None or turnover["source"] in sources
    assert "Which value counts" in body["rule"]


def test_the_schema_and_its_documentation_page_are_served_by_the_app(client):
    schema = client.get("/api/schema/")
    assert schema.status_code == 200
    assert b"openapi: 3" in schema.content
    docs = client.get("/api/docs/").content.decode()
    assert "/static/drf_spectacular_sidecar/" in docs
    assert "https://" not in docs  # no CDN


@pytest.mark.parametrize(
    ("url", "make", "queries"),
    [
        ("/api/v1/proposals/", lambda n: ProposalFactory.create_batch(n), 1),
        ("/api/v1/meetings/", lambda n: MeetingFactory.create_batch(n), 1),
        ("/api/v1/officials/", lambda n: OfficialFactory.create_batch(n), 2),  # with their posts
        ("/api/v1/sectors/", lambda n: ProposalFactory.create_batch(n), 2),  # with their product groups
    ],
)
def test_list_query_counts_do_not_grow(client, django_assert_num_queries, url, make, queries):
    for rows in (2, 12):
        make(rows)
        with django_assert_num_queries(queries):
            assert client.get(url).status_code == 200


def test_detail_query_counts_do_not_grow(client, django_assert_num_queries):
    proposal = ProposalFactory(proposed_by=OfficialFactory(slug="the-proposer"))
    meeting = MeetingFactory()
    for rows in (1, 6):
        for _ in range(rows):
            RaisingFactory(proposal=proposal, meeting=MeetingFactory())
            StatusChangeFactory(proposal=proposal, meeting=MeetingFactory())
            FollowUpFactory(proposal=proposal)
            RaisingFactory(meeting=meeting)
        ProposalDetailFactory(proposal=proposal, private=False)
        # the proposal, its product groups, its corridor measures with their places, raisings, status changes,
        # the meetings they were decided at, follow-ups, commercial details
        with django_assert_num_queries(8):
            body = client.get(f"/api/v1/proposals/{proposal.slug}/").json()
        assert body["proposed_by"] == "the-proposer"
        assert len(body["raised_at"]) == Raising.objects.filter(proposal=proposal).count()
        assert all(raising["raised_by"] and raising["date"] and raising["title"] for raising in body["raised_at"])
        with django_assert_num_queries(3):  # the meeting, its participants, the proposals raised
            assert client.get(f"/api/v1/meetings/{meeting.pk}/").status_code == 200


@pytest.mark.parametrize("lang", ["en", "kk"])
def test_cursor_pages_walk_every_proposal_once_in_any_language(client, lang):
    for n, kk in enumerate(["Я", "Б", "В", "Г", "Ә", "Е", "Ж"]):
        ProposalFactory(slug=f"p{n}", title=f"Title {n}", title_kk=f"{kk} атауы")
    seen, url = [], f"/api/v1/proposals/?page_size=2&lang={lang}"
    while url:
        body = client.get(url).json()
        seen += [p["slug"] for p in body["results"]]
        url = body["next"]
    assert seen == [f"p{n}" for n in range(7)]  # in the original title's order, whatever the language shown


def test_ordering_by_a_translated_name_pages_through_everything_in_any_language(client):
    from tests.factories import SectorFactory

    for n, kk in enumerate(["Я", "Б", "В", "Г", "Ә"]):
        ProposalFactory(sector=SectorFactory(slug=f"s{n}", name=f"Sector {n}", name_kk=kk))
    seen, url = [], "/api/v1/sectors/?page_size=2&lang=kk&ordering=-name"
    while url:
        body = client.get(url).json()
        seen += [s["slug"] for s in body["results"]]
        url = body["next"]
    assert seen == [f"s{n}" for n in reversed(range(5))]


def slugs(client, url):
    return sorted(p["slug"] for p in client.get(url).json()["results"])


def test_the_filters_narrow_the_list_as_on_the_pages(client):
    textiles = SectorFactory(slug="textiles")
    wanted = ProposalFactory(slug="wanted", sector=textiles, status=Proposal.Status.AGREED, title="Cotton yarn")
    ProposalFactory(slug="other-status", sector=textiles)
    ProposalFactory(slug="other-sector", status=Proposal.Status.AGREED)
    DraftProposalFactory(slug="draft", sector=textiles, status=Proposal.Status.AGREED)
    RaisingFactory(proposal=wanted, meeting=MeetingFactory(date=datetime.date(2021, 3, 4)))
    everything = ["other-sector", "other-status", "wanted"]
    assert slugs(client, "/api/v1/proposals/") == everything
    assert slugs(client, "/api/v1/proposals/?sector=textiles&status=agreed") == ["wanted"]
    assert slugs(client, "/api/v1/proposals/?status=agreed&lang=kk&page_size=5") == ["other-sector", "wanted"]
    assert slugs(client, "/api/v1/proposals/?year=2021") == ["wanted"]
    assert slugs(client, "/api/v1/proposals/?q=cotton") == ["wanted"]
    # A parameter that names no filter is ignored, with or without filters beside it.
    assert slugs(client, "/api/v1/proposals/?colour=red") == everything
    assert slugs(client, "/api/v1/proposals/?colour=red&sector=textiles") == ["other-status", "wanted"]
    # Each filter is built only when named, and still refuses what it would refuse among the others.
    response, body = get(client, "/api/v1/proposals/?sector=textiles&status=nope")
    assert response.status_code == 400
    assert "nope is not one of the available choices" in str(body)


def test_a_draft_sector_cannot_be_filtered_on_by_a_visitor(client):
    hidden = SectorFactory(slug="hidden-sector")
    DraftProposalFactory(sector=hidden)
    response, body = get(client, "/api/v1/proposals/?sector=hidden-sector")
    assert response.status_code == 400
    assert body == client.get("/api/v1/proposals/?sector=no-such-sector").json()  # as if it did not exist


@pytest.mark.parametrize(
    ("url", "queries"),
    [
        ("/api/v1/proposals/?status=proposed", 1),
        ("/api/v1/proposals/?sector=textiles&status=proposed", 2),  # the sector, among those the caller may see
        ("/api/v1/meetings/?date__gte=2020-01-01&kind=meeting", 1),
    ],
)
def test_filtered_list_query_counts_do_not_grow(client, django_assert_num_queries, url, queries):
    textiles = SectorFactory(slug="textiles")
    for rows in (2, 12):
        ProposalFactory.create_batch(rows, sector=textiles)
        MeetingFactory.create_batch(rows)
        with django_assert_num_queries(queries):
            assert client.get(url).status_code == 200
