"""The journeys in Kazakh and Russian: a stakeholder switches to Kazakh and follows a proposal to its
figures; a manager logs in and moves a proposal on, in Russian."""

import re

from django.utils import translation
from django.utils.translation import gettext
from playwright.sync_api import expect

from cooperation.models import Proposal, StatusChange
from tests.e2e.conftest import E2E, PASSWORD

pytestmark = E2E


def in_language(language, message):
    with translation.override(language):
        return gettext(message)


def test_a_stakeholder_switches_to_kazakh_and_reads_a_proposal_with_its_figures(page, story):
    proposal = Proposal.objects.get(slug="caspian-cargo-fleet")
    page.goto("/")
    page.get_by_role("navigation", name="Language").get_by_role("link", name="Қазақша").click()
    expect(page).to_have_url(re.compile(r"/kk/$"))
    assert page.evaluate("document.documentElement.lang") == "kk"

    page.goto("/kk/proposals/")
    page.get_by_role("link", name=proposal.title_kk).first.click()
    expect(page).to_have_url(re.compile(r"/kk/proposals/caspian-cargo-fleet/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text(proposal.title_kk)
    expect(page.locator("main")).to_contain_text("529,4")  # the published 529.4, with a Kazakh decimal comma
    expect(page.locator("main")).not_to_contain_text("529.4")

    page.goto("/proposals/")  # the choice is remembered: the unprefixed page comes back in Kazakh
    expect(page).to_have_url(re.compile(r"/kk/proposals/$"))


def test_a_manager_moves_a_proposal_on_in_russian(page, story, manager):
    page.goto("/ru/accounts/login/?next=/ru/manage/proposals/tourism-ties/")
    page.get_by_label(in_language("ru", "Username")).fill("manager")
    page.get_by_label(in_language("ru", "Password")).fill(PASSWORD)
    page.get_by_role("button", name=in_language("ru", "Log in")).click()
    expect(page).to_have_url(re.compile(r"/ru/manage/proposals/tourism-ties/$"))
    assert page.evaluate("document.documentElement.lang") == "ru"

    page.get_by_label(in_language("ru", "New status")).select_option(label=in_language("ru", "Under discussion"))
    page.get_by_label(in_language("ru", "Note"), exact=True).fill("Обсудить на неделе туризма в Баку.")
    page.get_by_role("button", name=in_language("ru", "Change status")).click()

    expect(page.get_by_role("status")).to_contain_text(in_language("ru", "Under discussion"))
    change = StatusChange.objects.get(note="Обсудить на неделе туризма в Баку.")
    assert (change.from_status, change.to_status, change.changed_by.username) == (
        "proposed",
        "under_discussion",
        "manager",
    )
