"""A stakeholder follows the maritime proposal to its ports' figures and on to a figure's source, in each language;
the corridor pages pass axe in Azerbaijani too (the other languages are in test_accessibility)."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import DESKTOP, E2E, PHONE
from tests.e2e.test_accessibility import localized, violations
from trade.models import DataSource, Place

pytestmark = E2E

# The published "over 3.8 million tonnes" of the Port of Aktau, in each language's words and separators.
OVER_3_8 = {"en": "over 3.8", "kk": "кемінде 3,8", "ru": "более 3,8", "az": "ən azı 3,8"}


@pytest.mark.parametrize("language", ["en", "kk", "ru", "az"])
def test_a_stakeholder_follows_a_proposal_to_its_port_and_the_source_of_a_figure(page, story, language):
    aktau = Place.objects.get(code="AKTAU")
    name = getattr(aktau, f"name_{language}")
    page.goto(localized("/proposals/caspian-cargo-fleet/", language))
    corridor = page.locator("section", has=page.locator("#corridor-h"))
    expect(corridor).to_contain_text(OVER_3_8[language])
    expect(corridor.locator("svg.chart").first).to_be_visible()

    corridor.get_by_role("link", name=name).first.click()
    expect(page).to_have_url(re.compile(localized("/corridors/AKTAU/", language) + "$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(name)
    expect(page.locator("main")).to_contain_text(OVER_3_8[language])

    source = DataSource.objects.get(publisher="PortNews")
    page.locator(f'main a[href="{localized(source.get_absolute_url(), language)}"]').first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(source.title)
    expect(page.locator("main")).to_contain_text(name)


def test_the_trade_page_leads_to_the_ports_and_routes(page, story):
    page.goto("/trade/KZ-47/AZ/")
    page.get_by_role("link", name="Trans-Caspian International Transport Route (TITR)").click()
    expect(page).to_have_url(re.compile(r"/corridors/TITR/$"))
    expect(page.locator("main")).to_contain_text("No figures have been published for this port or route yet.")


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_the_corridor_pages_in_azerbaijani(page, story, viewport):
    page.set_viewport_size(viewport)
    found = {}
    for path in ("/proposals/caspian-cargo-fleet/", "/corridors/AKTAU/", "/corridors/BAKU/", "/corridors/NOWHERE/"):
        page.goto(localized(path, "az"))
        if problems := violations(page, "az", viewport):
            found[path] = problems
    assert found == {}
