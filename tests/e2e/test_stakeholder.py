"""A stakeholder follows the story from the home page to the figures' source, a meeting and an official."""

import re

from playwright.sync_api import expect

from tests.e2e.conftest import E2E, PHONE, screenshot

pytestmark = E2E


def test_home_to_proposal_to_source_meeting_and_official(page, story):
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Cooperation Tracker")
    expect(page.locator(".kpis")).to_contain_text("529.4")
    screenshot(page, "home-desktop")

    page.get_by_role("link", name="Larger cargo fleet of the two state maritime companies").first.click()
    expect(page).to_have_url(re.compile("/proposals/caspian-cargo-fleet/$"))
    trade = page.get_by_role("region", name="The trade it is meant to move")
    expect(trade.get_by_role("img")).to_be_visible()  # the chart, with its title as its name
    expect(trade.get_by_role("table").first).to_contain_text("529.4")
    screenshot(page, "proposal-desktop")

    trade.get_by_role("link", name="reported").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Mangystau region suggests Azerbaijan")
    expect(page.locator("dl")).to_contain_text("Trend News Agency")
    page.go_back()

    page.get_by_role("link", name=re.compile("Head of Mangystau Region meets")).first.click()
    expect(page).to_have_url(re.compile("/meetings/\\d+/$"))
    expect(page.get_by_role("region", name="Participants")).to_contain_text("Akim (head) of Mangystau Region")

    page.get_by_role("link", name="Elchin Mammadov").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Elchin Mammadov")
    expect(page.get_by_role("heading", level=1).locator("[lang=az]")).to_have_text("Elçin Məmmədov")
    expect(page.get_by_role("region", name="Posts")).to_contain_text("Consul General of Azerbaijan in Aktau")
    assert page.console_errors == []


def test_on_a_phone_pages_fit_the_screen_and_keep_their_figures(context, story):
    page = context.new_page()
    page.set_viewport_size(PHONE)
    for path, name in (("/", "home-phone"), ("/proposals/caspian-cargo-fleet/", "proposal-phone")):
        page.goto(path)
        # Nothing wider than the screen: no sideways scrolling of the whole page (wide tables scroll in their box).
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], path
        expect(page.get_by_role("link", name="Proposals").first).to_be_visible()
        expect(page.locator("main")).to_contain_text("529.4")
        screenshot(page, name)
