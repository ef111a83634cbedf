"""Anonymous visitors cannot reach the managers' pages or the admin; a draft's URL is a 404."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import E2E
from tests.factories import DraftProposalFactory

pytestmark = E2E


@pytest.mark.parametrize("path", ["/manage/", "/manage/proposals/", "/manage/follow-ups/", "/manage/meetings/"])
def test_manage_pages_send_to_login(page, story, path):
    page.goto(path)
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next="))
    expect(page.get_by_role("heading", level=1)).to_have_text("Log in")


def test_admin_sends_to_its_login(page, story):
    page.goto("/admin/cooperation/proposal/")
    expect(page).to_have_url(re.compile(r"/admin/login/\?next="))


def test_draft_url_is_404(page, story):
    draft = DraftProposalFactory(title="Unannounced draft", slug="unannounced-draft")
    response = page.goto(f"/proposals/{draft.slug}/")
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    expect(page.locator("body")).not_to_contain_text("Unannounced draft")
