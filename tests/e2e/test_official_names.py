"""Staff add an official recorded in another script: warned first, saved once they say it is someone else."""

from playwright.sync_api import expect

from cooperation.models import Official
from tests.e2e.conftest import E2E, admin_log_in

pytestmark = E2E


def test_a_likely_duplicate_is_confirmed_before_it_is_saved(page, story, editor):
    admin_log_in(page, "editor")

    page.goto("/admin/cooperation/official/add/")
    expect(page.locator("#id_different_person")).to_be_hidden()
    page.locator("#id_full_name").press_sequentially("Elchin Mamedov")
    page.fill("#id_name_native", "Эльчин Мамедов")
    page.select_option("#id_name_native_language", "ru")
    page.locator("#id_economy + .select2").click()
    page.locator(".select2-container--open .select2-search__field").fill("Azerbaijan")
    page.locator(".select2-results__option", has_text="Azerbaijan").first.click()
    page.get_by_role("button", name="Save", exact=True).click()

    warning = page.locator(".field-different_person .errorlist")
    expect(warning).to_contain_text("Most likely already recorded")
    expect(warning.get_by_role("link", name="Elchin Mammadov / Elçin Məmmədov")).to_be_visible()
    assert Official.objects.count() == 2

    page.get_by_label("This is a different person").check()
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")
    assert Official.objects.filter(slug="elchin-mamedov").exists()


def test_the_autocomplete_finds_an_official_typed_in_another_script(page, story, editor):
    admin_log_in(page, "editor")
    page.goto("/admin/cooperation/position/add/")
    page.locator("#id_official + .select2").click()
    page.locator(".select2-container--open .select2-search__field").fill("Килыбай")
    expect(page.locator(".select2-results__option", has_text="Nurdaulet Kilybay")).to_be_visible()
