"""Staff enter an official with a post, then a meeting with two participants and a new proposal."""

import re

from playwright.sync_api import expect

from cooperation.models import Meeting, Official, Participation, Proposal
from tests.e2e.conftest import E2E, admin_log_in, screenshot

pytestmark = E2E


def choose(page, select_id, text):
    """Pick `text` in one of the admin's autocomplete (select2) widgets."""
    page.locator(f"#{select_id} + .select2").click()
    page.locator(".select2-container--open .select2-search__field").fill(text)
    page.locator(".select2-results__option", has_text=text).first.click()


def test_official_meeting_and_new_proposal_through_the_admin(page, story, editor):
    admin_log_in(page, "editor")

    page.goto("/admin/cooperation/official/add/")
    page.locator("#id_full_name").press_sequentially("Aigerim Sadykova")
    expect(page.locator("#id_slug")).to_have_value("aigerim-sadykova")
    choose(page, "id_economy", "Mangystau")
    page.fill("#id_positions-0-title_en", "Deputy akim for trade")
    choose(page, "id_positions-0-organization", "Akimat of Mangystau")
    page.fill("#id_positions-0-start", "2023-01-09")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")

    page.goto("/admin/cooperation/meeting/add/")
    screenshot(page, "admin-meeting-desktop")
    page.fill("#id_title_en", "Working group on fruit supply")
    page.fill("#id_date", "2025-03-14")
    page.fill("#id_place_en", "Baku")
    page.select_option("#id_visibility", "public")
    choose(page, "id_participations-0-official", "Aigerim Sadykova")
    page.select_option("#id_participations-0-side", "host")
    choose(page, "id_participations-1-official", "Elchin Mammadov")
    page.select_option("#id_participations-1-side", "partner")

    with page.expect_popup() as popup_info:
        page.click("#add_id_raisings-0-proposal")
    popup = popup_info.value
    popup.locator("#id_title_en").press_sequentially("Pomegranate season deliveries")
    expect(popup.locator("#id_slug")).to_have_value("pomegranate-season-deliveries")
    popup.fill("#id_summary_en", "Weekly pomegranate deliveries to Aktau in the autumn.")
    choose(popup, "id_sector", "Food supply")
    choose(popup, "id_from_economy", "Mangystau")
    choose(popup, "id_to_economy", "Azerbaijan")
    popup.select_option("#id_visibility", "public")
    popup.get_by_role("button", name="Save", exact=True).click()
    popup.wait_for_event("close")
    expect(page.locator("#id_raisings-0-proposal")).to_have_value(re.compile(r"\d+"))
    choose(page, "id_raisings-0-raised_by", "Aigerim Sadykova")
    page.fill("#id_raisings-0-statement", "Let us start with pomegranates.")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")

    meeting = Meeting.objects.get(title="Working group on fruit supply")
    posts = {p.official.full_name: p.position.title for p in Participation.objects.filter(meeting=meeting)}
    assert posts == {
        "Aigerim Sadykova": "Deputy akim for trade",
        "Elchin Mammadov": "Consul General of Azerbaijan in Aktau",
    }
    proposal = Proposal.objects.get(slug="pomegranate-season-deliveries")
    assert list(proposal.meetings.all()) == [meeting]
    assert Official.objects.get(slug="aigerim-sadykova").positions.get().title == "Deputy akim for trade"

    page.goto("/manage/proposals/?q=pomegranate")
    expect(page.get_by_role("table")).to_contain_text("Pomegranate season deliveries")
    assert not [e for e in page.console_errors if "Content Security Policy" in e]
