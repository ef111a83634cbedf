"""Nothing internal reaches people who should not see it, on any page the URLconf has.

Every URL pattern is walked automatically, so a new page is covered without
anyone remembering to add it here.
"""

import io
import zipfile

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from tests.factories import (
    DraftProposalFactory,
    FollowUpFactory,
    InternalMeetingFactory,
    ParticipationFactory,
    RaisingFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
DRAFT = "LEAKMARKER-DRAFT-PROPOSAL"
INTERNAL = "LEAKMARKER-INTERNAL-MEETING"
MARKERS = [DRAFT, INTERNAL, "LEAKMARKER-INTERNAL-ACTION"]


def patterns(resolver=None, prefix=""):
    """(route, pattern) for every URL pattern, with the converters it needs."""
    for entry in (resolver or get_resolver()).url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from patterns(entry, route)
        elif isinstance(entry, URLPattern):
            yield route, entry


def candidate_urls(route, values):
    """The route with each parameter filled by every value that might reach a hidden item."""
    import re

    route = route.lstrip("^").rstrip("$").replace("\\Z", "").replace("\\/", "/")
    params = re.findall(r"<(?:(\w+):)?(\w+)>|\(\?P<(\w+)>[^)]*\)", route)
    if not params:
        return ["/" + route]
    urls = [route]
    for converter, name, regex_name in params:
        key = name or regex_name
        token = f"<{converter + ':' if converter else ''}{key}>" if name else None
        options = values.get(key, values["*"])
        new = []
        for url in urls:
            for option in options:
                if token:
                    new.append(url.replace(token, str(option), 1))
                else:
                    new.append(re.sub(r"\(\?P<" + key + r">[^)]*\)", str(option), url, count=1))
        urls = new
    return ["/" + u for u in urls]


@pytest.fixture
def hidden(demo):
    draft = DraftProposalFactory(title=DRAFT, slug="leak-draft", summary=DRAFT)
    internal = InternalMeetingFactory(title=INTERNAL, summary=INTERNAL)
    ParticipationFactory(meeting=internal)
    RaisingFactory(meeting=internal, proposal=draft, statement=DRAFT)
    follow_up = FollowUpFactory(proposal=draft, action="LEAKMARKER-INTERNAL-ACTION", visibility="internal")
    from cooperation.models import Meeting, Official, Proposal
    from trade.models import DataSource

    public_meeting = Meeting.objects.get(title__startswith="Head of Mangystau")
    RaisingFactory(meeting=public_meeting, proposal=draft, raised_by=Official.objects.first(), statement=DRAFT)
    return {
        "slug": [draft.slug, *Proposal.objects.values_list("slug", flat=True)[:2], "nurdaulet-kilybay"],
        "pk": [internal.pk, public_meeting.pk, draft.pk, follow_up.pk, DataSource.objects.first().pk],
        "reporter": ["KZ", "KZ-47"],
        "partner": ["AZ"],
        "*": ["1", draft.slug, str(internal.pk)],
    }


def texts(response):
    """The readable text of a response, exports included (XLSX is a zip of XML)."""
    if response.get("Content-Type", "").startswith("application/vnd.openxmlformats"):
        archive = zipfile.ZipFile(io.BytesIO(response.content))
        return " ".join(archive.read(name).decode("utf-8", "replace") for name in archive.namelist())
    if hasattr(response, "streaming_content"):
        return b"".join(response.streaming_content).decode("utf-8", "replace")
    return response.content.decode("utf-8", "replace")


QUERIES = ["", "?q=LEAKMARKER", "?_export=csv", "?_export=xlsx", "?visibility=draft", "?page=2", "?year=2024"]


@pytest.mark.parametrize("who", ["anonymous", "user without permissions"])
def test_no_page_reveals_a_draft_or_internal_item(client, hidden, who):
    if who != "anonymous":
        client.force_login(UserFactory())
    checked = 0
    for route, _pattern in patterns():
        if route.startswith("admin/") and "autocomplete" not in route:
            urls = candidate_urls(route, hidden)[:3]  # the admin sends both to its login page
        else:
            urls = candidate_urls(route, hidden)
        for url in urls:
            for query in QUERIES:
                response = client.get(url + query)
                assert response.status_code < 500, url + query
                body = texts(response)
                for marker in MARKERS:
                    assert marker not in body, f"{marker} leaked at {url + query} ({response.status_code})"
                checked += 1
    assert checked > 100


def test_the_walk_reaches_the_pages_that_matter(hidden):
    routes = {route for route, _ in patterns()}
    for route in ["", "proposals/", "proposals/<slug:slug>/", "meetings/<int:pk>/", "manage/proposals/", "healthz"]:
        assert route in routes


def test_staff_do_see_them(client, hidden):
    from tests.factories import StaffFactory

    client.force_login(StaffFactory())
    assert DRAFT in client.get("/proposals/?q=LEAKMARKER").content.decode()
    assert INTERNAL in client.get("/meetings/").content.decode()
