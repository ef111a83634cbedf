"""A manager filters and sorts the status list, moves a proposal on with a note, and exports the list."""

import re

import openpyxl
from playwright.sync_api import expect

from cooperation.models import Proposal, StatusChange
from tests.e2e.conftest import E2E, log_in, screenshot

pytestmark = E2E


def test_filter_sort_change_status_and_export(page, story, manager, browser, live_server):
    log_in(page, "manager", "/manage/proposals/")
    expect(page).to_have_url(re.compile("/manage/proposals/$"))
    screenshot(page, "manage-desktop")

    page.get_by_label("Proposed").check()
    page.get_by_label("Sector").select_option(label="Investment and joint production")
    page.get_by_role("button", name="Apply").click()
    rows = page.locator("table.status-table tbody tr")
    expect(rows).to_have_count(2)

    page.get_by_role("link", name="Title").click()  # sorted by title already: the click reverses it
    expect(page).to_have_url(re.compile("sort=-title"))
    expect(rows.first).to_contain_text("Mutual investment and joint production")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="XLSX").click()
    download = download_info.value
    assert download.suggested_filename == "proposals.xlsx"
    with open(download.path(), "rb") as f:
        sheet = openpyxl.load_workbook(f).active
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][:4] == ("Title", "Sector", "From → to", "Status")
    assert [row[0] for row in values[1:]] == [
        "Mutual investment and joint production",
        "Joint projects by mutual agreement, without waiting for high-level meetings",
    ]

    rows.first.get_by_role("link").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mutual investment and joint production")
    page.get_by_label("New status").select_option(label="On hold")
    page.get_by_role("button", name="Change status").click()
    expect(page.get_by_role("alert")).to_contain_text("required")  # a hold needs a note
    page.get_by_label("New status").select_option(label="On hold")
    page.get_by_label("Note", exact=True).fill("Waiting for the investment forum in Baku.")
    page.get_by_role("button", name="Change status").click()
    expect(page.get_by_role("status")).to_contain_text("Status changed to “On hold”")
    expect(page.locator(".timeline")).to_contain_text("Waiting for the investment forum in Baku.")
    expect(page.locator(".timeline")).to_contain_text("internal note")
    visitor = browser.new_context(base_url=live_server.url).new_page()  # not logged in
    visitor.goto("/proposals/mutual-investment-and-joint-production/")
    expect(visitor.locator("main")).to_contain_text("On hold")
    expect(visitor.locator("main")).not_to_contain_text("Waiting for the investment forum")  # not published
    visitor.context.close()

    change = StatusChange.objects.get(note="Waiting for the investment forum in Baku.")
    assert (change.from_status, change.to_status, change.changed_by.username) == ("proposed", "on_hold", "manager")
    assert Proposal.objects.get(slug="mutual-investment-and-joint-production").status == "on_hold"
