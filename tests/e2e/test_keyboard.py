"""The main journeys with the keyboard alone: a skip link, visible focus, Tab and Enter."""

import re

from playwright.sync_api import expect

from cooperation.models import StatusChange
from tests.e2e.conftest import E2E, PASSWORD

pytestmark = E2E


def focus_is_visible(page):
    return page.evaluate(
        """() => {
            const el = document.activeElement;
            const style = getComputedStyle(el);
            return style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
        }"""
    )


def tab_to(page, name, limit=60):
    for _ in range(limit):
        page.keyboard.press("Tab")
        assert focus_is_visible(page), page.evaluate("document.activeElement.outerHTML")
        if page.evaluate("document.activeElement.textContent.trim()") == name:
            return
    raise AssertionError(f"{name!r} not reached with Tab")


def test_skip_link_then_a_proposal_by_keyboard(page, story):
    page.goto("/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Skip to main content"
    assert focus_is_visible(page)
    expect(page.get_by_role("link", name="Skip to main content")).to_be_in_viewport()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"

    tab_to(page, "Stronger tourism ties between Azerbaijan and Mangystau")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile("/proposals/tourism-ties/$"))
    expect(page.get_by_text("is not trade in goods")).to_be_visible()


def test_log_in_and_change_a_status_by_keyboard(page, story, manager):
    page.goto("/")
    tab_to(page, "Log in")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Log in")
    page.get_by_label("Username").focus()
    page.keyboard.type("manager")
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_role("link", name="Manage")).to_be_visible()

    page.goto("/manage/proposals/tourism-ties/")
    page.get_by_label("New status").focus()
    assert focus_is_visible(page)
    page.keyboard.press("Tab")  # the note
    page.keyboard.type("Tourism week to be discussed in Baku.")
    page.keyboard.press("Tab")  # publish the note?
    assert focus_is_visible(page)
    page.keyboard.press("Space")
    page.keyboard.press("Tab")  # the meeting
    page.keyboard.press("Tab")  # the button
    assert page.evaluate("document.activeElement.textContent.trim()") == "Change status"
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_contain_text("Status changed to “Under discussion”")
    assert StatusChange.objects.get(note="Tourism week to be discussed in Baku.").note_is_public  # ticked by Space
