"""A manager sets up an authenticator app, keeps the backup codes, logs out, and signs in again with a code
from the app; the set-up and code pages pass axe in each language."""

import re
import time
from base64 import b32decode

import pytest
from django_otp.oath import TOTP
from playwright.sync_api import expect

from tests.e2e.conftest import DESKTOP, E2E, log_in, screenshot
from tests.e2e.test_accessibility import LANGUAGES, localized, violations

pytestmark = E2E


def app_code(secret, at):
    """What an authenticator app holding this key shows at `at`."""
    totp = TOTP(b32decode(secret.replace(" ", "")))
    totp.time = at
    return f"{totp.token():06d}"


def test_set_up_then_sign_in_with_a_code(page, manager):
    log_in(page, "manager", "/accounts/two-factor/")
    expect(page).to_have_url(re.compile("/accounts/two-factor/$"))
    page.get_by_role("button", name="Set up an authenticator app").click()
    expect(page.locator("svg.qr")).to_be_visible()
    secret = page.get_by_test_id("secret").inner_text()
    no_violations(page)
    screenshot(page, "two-factor-setup-desktop")

    page.get_by_label("Code").fill("000000" if app_code(secret, time.time()) != "000000" else "111111")
    page.get_by_role("button", name="Turn on two-factor sign-in").click()
    expect(page.get_by_role("alert")).to_contain_text("That code is not right")
    time.sleep(1.1)  # one wrong code: django-otp makes the next try wait a second
    page.get_by_label("Code").fill(app_code(secret, time.time()))
    page.get_by_role("button", name="Turn on two-factor sign-in").click()
    expect(page.get_by_test_id("backup-codes").locator("li")).to_have_count(10)

    page.get_by_role("button", name="Log out").click()
    log_in(page, "manager", "/manage/")
    expect(page).to_have_url(re.compile("/accounts/two-factor/verify/"))
    expect(page.get_by_role("heading", name="Two-factor sign-in")).to_be_visible()
    no_violations(page)
    # The code of the next 30-second step: the app's current one was spent on the set-up.
    page.get_by_label("Code").fill(app_code(secret, time.time() + 30))
    page.get_by_role("button", name="Sign in").click()
    expect(page).to_have_url(re.compile("/manage/$"))
    assert page.console_errors == []


def no_violations(page):
    found = violations(page, "en", DESKTOP)
    assert found == [], found


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_pages_in_each_language(page, manager, language):
    log_in(page, "manager", localized("/accounts/two-factor/", language))
    page.locator("form button.button").click()  # start the set-up, whatever the button says
    expect(page.locator("svg.qr")).to_be_visible()
    found = violations(page, language, DESKTOP)
    assert found == [], found
