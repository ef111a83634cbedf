"""Browser tests: Playwright driving Debian's Chromium against pytest-django's live server."""

import os
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from cooperation.demo import load_demo
from tests.factories import EditorFactory, ManagerFactory

# Playwright's sync API runs an event loop in this thread; the test's own database work is synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "artifacts"
PASSWORD = "e2e-password-Qx7-long-enough"  # noqa: S105 - a throwaway account in the test database
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


# Each module here sets: pytestmark = E2E (a transactional database, which the live server can see).
E2E = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium is not installed at {CHROMIUM}: apt-get install -y chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def context(browser, live_server):
    context = browser.new_context(base_url=live_server.url, viewport=DESKTOP, accept_downloads=True)
    context.set_default_timeout(15_000)
    yield context
    context.close()


@pytest.fixture
def page(context):
    page = context.new_page()
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.console_errors = errors
    return page


@pytest.fixture
def story(reference_data):
    result = load_demo()
    assert result.ok
    return result


@pytest.fixture
def editor(reference_data):
    return EditorFactory(username="editor", password=PASSWORD)


@pytest.fixture
def manager(reference_data):
    return ManagerFactory(username="manager", password=PASSWORD)


def log_in(page, username, next_url="/"):
    page.goto(f"/accounts/login/?next={next_url}")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def admin_log_in(page, username):
    page.goto("/admin/login/?next=/admin/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")


def screenshot(page, name):
    """A full-page screenshot into artifacts/screenshots; for desktop ones also a half-size copy of
    the first screen into artifacts/docs, which `make screenshots` copies to docs/ for the README."""
    folder = ARTIFACTS / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"{name}.png"), full_page=True)
    if name.endswith("-desktop"):
        small = page.context.browser.new_context(
            viewport=DESKTOP, device_scale_factor=0.5, storage_state=page.context.storage_state()
        )
        copy = small.new_page()
        copy.goto(page.url)
        (ARTIFACTS / "docs").mkdir(exist_ok=True)
        copy.screenshot(path=str(ARTIFACTS / "docs" / f"{name}.png"))
        small.close()
