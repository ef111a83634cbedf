"""Nothing internal reaches people who should not see it, on any page the URLconf has.

Every URL pattern is walked automatically, so a new page is covered without
anyone remembering to add it here.
"""

import datetime
import io
import re
import zipfile

import pytest
from django.contrib.auth import get_user_model
from django.urls import URLPattern, URLResolver, get_resolver

from cooperation.models import Meeting
from tests.factories import (
    CorridorTargetFactory,
    DisputeAnswerFactory,
    DisputeFactory,
    DraftProposalFactory,
    FollowUpFactory,
    InternalMeetingFactory,
    ManagerFactory,
    ParticipationFactory,
    PartnerAccountFactory,
    PositionFactory,
    ProposalDetailFactory,
    ProposalFactory,
    RaisingFactory,
    SectorFactory,
    StaffFactory,
    StatusChangeFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
User = get_user_model()
DRAFT = "LEAKMARKER-DRAFT-PROPOSAL"
INTERNAL = "LEAKMARKER-INTERNAL-MEETING"
# One marker for every relation a public page can follow to something it must not show.
MARKERS = [
    DRAFT,  # a draft proposal, raised at a public meeting, proposed by a public official
    INTERNAL,  # an internal meeting: raising a public proposal, attended by a public official, deciding a status
    "LEAKMARKER-INTERNAL-STATEMENT",  # what was said at the internal meeting about a public proposal
    "LEAKMARKER-INTERNAL-ACTION",  # an internal follow-up of a public proposal
    "LEAKMARKER-DRAFT-ACTION",  # a public follow-up of a draft proposal
    "LEAKMARKER-INTERNAL-NOTE",  # an unpublished note on a public proposal's status change
    "LEAKMARKER-DRAFT-NOTE",  # a published note on a draft proposal's status change
    "LEAKMARKER-DRAFT-SECTOR",  # a sector only the draft uses (filter choices, counts, the summary)
    "LEAKMARKER-PRIVATE-COMPANY",  # a private commercial detail of a public proposal
    "LEAKMARKER-PRIVATE-VALUE",  # a private contract value of a public proposal
    "LEAKMARKER-DRAFT-CONTACT",  # a detail left public, of a draft proposal
    "LEAKMARKER-PARTNER-MEETING",  # an internal meeting the consulate took part in: its partners' only
    "LEAKMARKER-PARTNER-PROPOSAL",  # an internal proposal raised there, and what the consul said of it
    "LEAKMARKER-SHARED-ACTION",  # its internal follow-up shared with its partners
    "LEAKMARKER-UNSHARED-ACTION",  # its internal follow-up not shared: staff only, partners included
    "LEAKMARKER-DISPUTE-COMMENT",  # the consulate's dispute of the public meeting's record: staff and the consulate
    "LEAKMARKER-DISPUTE-ANSWER",  # staff's answer to it
    "LEAKMARKER-OTHER-PARTNER",  # another partner organization's internal meeting, proposal and shared follow-up
    "1999-09-09",  # the internal meeting's date: "last raised" on the status list
    "9 September 1999",
    "1998-08-08",  # the internal follow-up's due date: "next follow-up due" on the status list
    "8 August 1998",
]
INTERNAL_DAY = datetime.date(1999, 9, 9)


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
    from cooperation.models import Meeting, Official, Proposal
    from trade.models import DataSource, Place

    head = Official.objects.get(slug="nurdaulet-kilybay")
    public_meeting = Meeting.objects.get(title__startswith="Head of Mangystau")
    public = Proposal.objects.get(slug="food-and-fruit-supply-from-azerbaijan")
    sector = SectorFactory(name="LEAKMARKER-DRAFT-SECTOR", slug="leak-sector")

    draft = DraftProposalFactory(title=DRAFT, slug="leak-draft", summary=DRAFT, sector=sector, proposed_by=head)
    RaisingFactory(meeting=public_meeting, proposal=draft, raised_by=head, statement=DRAFT)
    FollowUpFactory(proposal=draft, action="LEAKMARKER-DRAFT-ACTION", visibility="public")
    StatusChangeFactory(proposal=draft, note="LEAKMARKER-DRAFT-NOTE", note_is_public=True)
    ProposalDetailFactory(proposal=draft, kind="contact", value="LEAKMARKER-DRAFT-CONTACT", private=False)
    # The corridor page lists the proposals meant to move its figures: the draft names a port itself; another
    # draft names none and takes its sector's (a sector only drafts use).
    CorridorTargetFactory(proposal=draft, place=Place.objects.get(code="AKTAU"))
    CorridorTargetFactory(proposal=None, sector=sector, place=Place.objects.get(code="KURYK"))
    DraftProposalFactory(title=f"{DRAFT} by its sector", slug="leak-draft-by-sector", sector=sector)

    internal = InternalMeetingFactory(title=INTERNAL, summary=INTERNAL, date=INTERNAL_DAY)
    ParticipationFactory(meeting=internal, official=head, position=head.positions.first())
    RaisingFactory(meeting=internal, proposal=public, raised_by=head, statement="LEAKMARKER-INTERNAL-STATEMENT")
    RaisingFactory(meeting=internal, proposal=draft, raised_by=head, statement=DRAFT)
    ProposalDetailFactory(proposal=public, kind="companies", value="LEAKMARKER-PRIVATE-COMPANY")
    ProposalDetailFactory(proposal=public, kind="contract_value", value="USD LEAKMARKER-PRIVATE-VALUE")
    ProposalDetailFactory(
        proposal=public, kind="contact", value="Public contact: the Akimat's press office", private=False
    )
    # Partner organizations: the consulate took part in the public meeting and in an internal one; an embassy
    # in an internal meeting of its own. Each sees its own internal records, never the other's.
    consul = Official.objects.get(slug="elchin-mammadov")
    consulate = consul.positions.first().organization
    partner_meeting = InternalMeetingFactory(title="LEAKMARKER-PARTNER-MEETING", date=datetime.date(2001, 1, 1))
    ParticipationFactory(meeting=partner_meeting, official=consul, position=consul.positions.first(), side="partner")
    partner_proposal = ProposalFactory(
        title="LEAKMARKER-PARTNER-PROPOSAL", slug="leak-partner", visibility="internal", sector=public.sector
    )
    RaisingFactory(
        meeting=partner_meeting,
        proposal=partner_proposal,
        raised_by=consul,
        statement="LEAKMARKER-PARTNER-PROPOSAL said",
    )
    FollowUpFactory(
        proposal=partner_proposal, action="LEAKMARKER-SHARED-ACTION", visibility="internal", shared_with_partners=True
    )
    FollowUpFactory(proposal=partner_proposal, action="LEAKMARKER-UNSHARED-ACTION", visibility="internal")
    consul_user = PartnerAccountFactory(organization=consulate, user__username="leak-consulate").user
    dispute = DisputeFactory(
        meeting=public_meeting, organization=consulate, responded_by=consul_user, comment="LEAKMARKER-DISPUTE-COMMENT"
    )
    DisputeAnswerFactory(response=dispute, text="LEAKMARKER-DISPUTE-ANSWER")
    envoy = PositionFactory(organization__name="Embassy of Elsewhere", official__full_name="Other Envoy")
    other_meeting = InternalMeetingFactory(title="LEAKMARKER-OTHER-PARTNER meeting", date=datetime.date(2002, 2, 2))
    ParticipationFactory(meeting=other_meeting, position=envoy, side="partner")
    other_proposal = ProposalFactory(
        title="LEAKMARKER-OTHER-PARTNER proposal", slug="leak-other", visibility="internal"
    )
    RaisingFactory(meeting=other_meeting, proposal=other_proposal, raised_by=envoy.official)
    FollowUpFactory(
        proposal=other_proposal,
        action="LEAKMARKER-OTHER-PARTNER action",
        visibility="internal",
        shared_with_partners=True,
    )
    PartnerAccountFactory(organization=envoy.organization, user__username="leak-embassy")
    internal_action = FollowUpFactory(
        proposal=public, action="LEAKMARKER-INTERNAL-ACTION", visibility="internal", due_on=datetime.date(1998, 8, 8)
    )
    StatusChangeFactory(
        proposal=public,
        from_status="under_discussion",
        to_status="agreed",
        meeting=internal,
        note="LEAKMARKER-INTERNAL-NOTE",
        note_is_public=False,
    )
    return {
        "slug": [draft.slug, public.slug, head.slug, sector.slug, partner_proposal.slug, other_proposal.slug],
        "pk": [
            *(internal.pk, public_meeting.pk, draft.pk, internal_action.pk, DataSource.objects.first().pk),
            *(partner_meeting.pk, other_meeting.pk, dispute.pk),
        ],
        "reporter": ["KZ", "KZ-47"],
        "partner": ["AZ"],
        "name": ["proposals", "meetings", "trade-figures", "corridor-figures"],  # the open-data files
        "code": ["AKTAU", "KURYK", "aktau"],  # ports: the page and the API
        "extension": ["csv", "json"],
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


QUERIES = [
    "",
    "?q=LEAKMARKER",
    "?_export=csv",
    "?_export=xlsx",
    "?visibility=draft",
    "?visibility=internal",
    "?page=2",
    "?year=2024",
    "?year=1999",
    "?sector=leak-sector",
    "?overdue=on",
    "?state=overdue",
    "?raised_after=1999-01-01&raised_before=1999-12-31",
    "?sort=last_meeting_date",
    "?sort=-next_due",
    "?sort=-next_due&_export=csv",
]
VIEWERS = [
    "anonymous",
    "user without permissions",
    "manager without staff rights",
    "partner of the consulate",
    "partner of another organization",
]
# What a partner user may see of the markers: their own organization's internal records, its dispute and
# the answer, and the private details of the proposals raised at its meetings; nothing of anyone else's.
MAY_SEE = {
    "partner of the consulate": {
        *("LEAKMARKER-PARTNER-MEETING", "LEAKMARKER-PARTNER-PROPOSAL", "LEAKMARKER-SHARED-ACTION"),
        *("LEAKMARKER-DISPUTE-COMMENT", "LEAKMARKER-DISPUTE-ANSWER"),
        *("LEAKMARKER-PRIVATE-COMPANY", "LEAKMARKER-PRIVATE-VALUE"),
    },
    "partner of another organization": {"LEAKMARKER-OTHER-PARTNER"},
}


def log_in(client, who):
    if who == "user without permissions":
        client.force_login(UserFactory())
    elif who == "manager without staff rights":
        client.force_login(ManagerFactory(is_staff=False))
    elif who == "partner of the consulate":
        client.force_login(User.objects.get(username="leak-consulate"))
    elif who == "partner of another organization":
        client.force_login(User.objects.get(username="leak-embassy"))


@pytest.mark.parametrize("who", VIEWERS)
def test_no_page_reveals_a_draft_or_internal_item(client, hidden, who):
    log_in(client, who)
    checked = 0
    for route, _pattern in patterns():
        if route.startswith("admin/") and "autocomplete" not in route:
            urls = candidate_urls(route, hidden)[:3]  # the admin sends all of them to its login page
        else:
            urls = candidate_urls(route, hidden)
        for url in urls:
            for query in QUERIES:
                response = client.get(url + query)
                assert response.status_code < 500, url + query
                body = texts(response)
                body += " " + re.sub(r"<[^>]+>", "", body)  # a marked word (<mark>…</mark>) splits no marker
                for marker in MARKERS:
                    if marker in MAY_SEE.get(who, ()):
                        continue
                    assert marker not in body, f"{marker} leaked at {url + query} ({response.status_code})"
                checked += 1
    assert checked > 100


@pytest.mark.parametrize("who", VIEWERS)
def test_the_public_proposal_is_still_shown_with_what_may_be_seen(client, hidden, who):
    """The walk above could pass on empty pages: the public side of every relation is still there."""
    log_in(client, who)
    page = client.get("/proposals/food-and-fruit-supply-from-azerbaijan/").content.decode()
    assert "Head of Mangystau Region meets" in page
    assert "Agreed" in page  # the status change decided at the internal meeting, without the meeting
    assert "Public contact: the Akimat" in page  # a detail left public is shown; the private ones are not
    assert client.get("/officials/nurdaulet-kilybay/").status_code == 200
    if who == "manager without staff rights":
        manage = client.get("/manage/proposals/food-and-fruit-supply-from-azerbaijan/").content.decode()
        assert "Head of Mangystau Region meets" in manage
        assert "2024-06-07" in client.get("/manage/proposals/?_export=csv").content.decode()


def test_a_year_filter_counts_only_meetings_the_viewer_may_see(client, hidden):
    from cooperation.models import Proposal

    only_internally = ProposalFactory(title="Raised only behind closed doors")
    RaisingFactory(meeting=Meeting.objects.get(title=INTERNAL), proposal=only_internally)
    assert only_internally.title not in client.get("/proposals/?year=1999").content.decode()
    client.force_login(StaffFactory())
    assert only_internally.title in client.get("/proposals/?year=1999").content.decode()
    assert Proposal.objects.filter(pk=only_internally.pk).exists()


def test_a_manager_without_staff_rights_counts_only_public_proposals(client, hidden):
    client.force_login(ManagerFactory(is_staff=False))
    export = client.get("/manage/meetings/?_export=csv").content.decode()
    meeting = Meeting.objects.get(title__startswith="Head of Mangystau")
    public = meeting.proposals.filter(visibility="public").distinct().count()
    assert meeting.proposals.distinct().count() == public + 1  # the draft raised there too
    row = next(line for line in export.splitlines() if "Head of Mangystau" in line)
    assert row.split(",")[-2] == str(public)


def test_the_walk_reaches_the_pages_that_matter(hidden):
    routes = {route for route, _ in patterns()}
    for route in [
        "",
        "proposals/",
        "proposals/<slug:slug>/",
        "meetings/<int:pk>/",
        "manage/proposals/",
        "healthz",
        "search/",
        "corridors/<str:code>/",
    ]:
        assert route in routes
    api = {route for route in routes if route.startswith("api/v1/")}
    for name in (
        *("proposals", "meetings", "officials", "organizations", "sectors", "economies", "sources", "trade"),
        *("places", "corridors"),
    ):
        assert any(name in route for route in api), name  # the API's endpoints are walked too


def test_staff_do_see_them(client, hidden):
    client.force_login(StaffFactory())
    assert DRAFT in client.get("/proposals/?q=LEAKMARKER").content.decode()
    found = client.get("/search/?q=LEAKMARKER").content.decode()  # the search the walk runs finds them for staff
    for marker in (DRAFT, INTERNAL, "-INTERNAL-STATEMENT"):  # a snippet marks the word found: <mark>LEAKMARKER</mark>
        assert marker in found
    assert INTERNAL in client.get("/meetings/").content.decode()
    page = client.get("/proposals/food-and-fruit-supply-from-azerbaijan/").content.decode()
    for marker in (INTERNAL, "LEAKMARKER-INTERNAL-NOTE", "LEAKMARKER-INTERNAL-ACTION", "LEAKMARKER-PRIVATE-COMPANY"):
        assert marker in page  # each hidden counterpart is reachable through the relation the walk checks
    for port in ("AKTAU", "KURYK"):  # the draft, by its own corridor measure and by its sector's
        assert DRAFT in client.get(f"/corridors/{port}/").content.decode()


def test_a_partner_sees_what_is_theirs(client, hidden):
    """The walk's allowances are not idle: each partner does see its own organization's records."""
    log_in(client, "partner of the consulate")
    home = client.get("/partner/").content.decode()
    assert "LEAKMARKER-PARTNER-MEETING" in home
    assert "LEAKMARKER-PARTNER-PROPOSAL" in home
    page = client.get("/proposals/leak-partner/").content.decode()
    assert "LEAKMARKER-SHARED-ACTION" in page
    assert "LEAKMARKER-UNSHARED-ACTION" not in page
    meeting = Meeting.objects.get(title__startswith="Head of Mangystau")
    record = client.get(f"/partner/meetings/{meeting.pk}/").content.decode()
    assert "LEAKMARKER-DISPUTE-COMMENT" in record
    assert "LEAKMARKER-DISPUTE-ANSWER" in record
    assert (
        "LEAKMARKER-PRIVATE-COMPANY" in client.get("/proposals/food-and-fruit-supply-from-azerbaijan/").content.decode()
    )
    log_in(client, "partner of another organization")
    assert "LEAKMARKER-OTHER-PARTNER action" in client.get("/proposals/leak-other/").content.decode()
    assert client.get(f"/partner/meetings/{meeting.pk}/").status_code == 404
