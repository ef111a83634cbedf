"""axe-core on every public and manage page, in English, Kazakh and Russian, at desktop and phone width: no
serious or critical violations, the page's language declared, and nothing wider than the screen."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from cooperation.models import Meeting, Official
from tests.e2e.conftest import DESKTOP, E2E, PASSWORD, PHONE, log_in, screenshot
from tests.factories import (
    DisputeAnswerFactory,
    FollowUpFactory,
    OverdueFollowUpFactory,
    PartnerAccountFactory,
    UserFactory,
)

pytestmark = E2E

PUBLIC = [
    "/",
    "/proposals/",
    "/proposals/?sector=tourism&year=abc",
    "/proposals/caspian-cargo-fleet/",
    "/proposals/tourism-ties/",
    "/proposals/food-and-fruit-supply-from-azerbaijan/",
    "/meetings/",
    "MEETING",
    "/officials/nurdaulet-kilybay/",
    "/trade/",
    "/trade/KZ-47/AZ/",
    "/trade/sources/",
    "/corridors/AKTAU/",
    "/corridors/TITR/",
    "/corridors/NOWHERE/",
    "/accounts/login/",
    "/proposals/no-such-proposal/",
]
MANAGE = [
    "/manage/",
    "/manage/proposals/",
    "/manage/proposals/?status=proposed&overdue=on",
    "/manage/proposals/tourism-ties/",
    "/manage/follow-ups/",
    "/manage/meetings/",
    "/manage/disputes/",
]
SERIOUS = {"serious", "critical"}


LANGUAGES = ["en", "kk", "ru"]


def localized(path, language):
    return path if language == "en" else f"/{language}{path}"


def violations(page, language, viewport):
    results = Axe().run(page)
    found = [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v["impact"] in SERIOUS
    ]
    if page.evaluate("document.documentElement.lang") != language:
        found.append(f"html lang is {page.evaluate('document.documentElement.lang')!r}")
    if (width := page.evaluate("document.documentElement.scrollWidth")) > viewport["width"]:
        found.append(f"the page is {width}px wide on a {viewport['width']}px screen")  # long words overflow
    return found


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_public_pages(page, story, viewport, language):
    page.set_viewport_size(viewport)
    found = {}
    for path in PUBLIC:
        path = localized(path.replace("MEETING", Meeting.objects.get().get_absolute_url()), language)
        page.goto(path)
        if problems := violations(page, language, viewport):
            found[path] = problems
    assert found == {}


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_manage_pages(page, story, manager, viewport, language):
    from cooperation.models import Proposal

    FollowUpFactory(proposal=Proposal.objects.get(slug="tourism-ties"))
    consulate = Official.objects.get(slug="elchin-mammadov").positions.first().organization
    DisputeAnswerFactory(response__meeting=Meeting.objects.get(), response__organization=consulate)
    OverdueFollowUpFactory(proposal=Proposal.objects.get(slug="textiles-trade"))
    page.set_viewport_size(viewport)
    log_in(page, "manager", "/manage/")
    found = {}
    for path in MANAGE:
        page.goto(localized(path, language))
        if problems := violations(page, language, viewport):
            found[path] = problems
    if viewport == PHONE and language == "en":
        page.goto("/manage/proposals/")
        screenshot(page, "manage-phone")
    assert found == {}


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_partner_pages(page, story, viewport, language):
    meeting = Meeting.objects.get()
    consulate = Official.objects.get(slug="elchin-mammadov").positions.first().organization
    user = PartnerAccountFactory(organization=consulate, user=UserFactory(username="consulate", password=PASSWORD)).user
    DisputeAnswerFactory(response__meeting=meeting, response__organization=consulate, response__responded_by=user)
    page.set_viewport_size(viewport)
    log_in(page, "consulate", "/partner/")
    found = {}
    for path in ("/partner/", f"/partner/meetings/{meeting.pk}/", "/partner/invitation/no-such-link/"):
        page.goto(localized(path, language))
        if problems := violations(page, language, viewport):
            found[path] = problems
    if viewport == DESKTOP and language == "en":
        page.goto(f"/partner/meetings/{meeting.pk}/")
        screenshot(page, "partner-meeting-desktop")
    assert found == {}
