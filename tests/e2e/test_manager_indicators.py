"""A manager sorts the status list by how the trade each proposal targets moved, and exports it."""

import datetime
import re
from decimal import Decimal

import openpyxl
from playwright.sync_api import expect

from tests.e2e.conftest import E2E, log_in, screenshot
from tests.factories import DataSourceFactory, TradeFigureFactory
from trade.models import Economy, ProductGroup

pytestmark = E2E
M = Decimal(1_000_000)


def add_figures():
    """A later year for the seed's pair: total turnover up, fruit and vegetable imports down (50.0 -> 39.0)."""
    kz, az = Economy.objects.get(code="KZ"), Economy.objects.get(code="AZ")
    source = DataSourceFactory(title="Foreign trade 2024", economy=kz, published_on=datetime.date(2025, 2, 15))
    for code, measure, values in (
        ("TOTAL", "turnover", None),
        ("07", "import", ("20.0", "15.0")),
        ("08", "import", ("30.0", "24.0")),
    ):
        group = ProductGroup.objects.get(code=code)
        years = {2024: "600.0"} if values is None else {2023: values[0], 2024: values[1]}
        for year, value in years.items():
            TradeFigureFactory(reporter=kz, partner=az, product_group=group, measure=measure, year=year,
                               value_usd=Decimal(value) * M, value_step=Decimal("100000"), source=source)  # fmt: skip


def test_sort_by_change_and_export(page, story, manager):
    add_figures()
    log_in(page, "manager", "/manage/proposals/")
    expect(page).to_have_url(re.compile("/manage/proposals/$"))
    table = page.locator("table.status-table")
    expect(table.get_by_role("columnheader", name=re.compile("^Change since baseline"))).to_be_visible()

    table.get_by_role("link", name=re.compile("^Change since baseline")).click()
    expect(page).to_have_url(re.compile(r"sort=change"))
    rows = page.locator("table.status-table tbody tr")
    expect(rows.first).to_contain_text("More food and consumer goods")  # down first
    expect(rows.first).to_contain_text("-22.0 %")
    table.get_by_role("link", name=re.compile("^Change since baseline")).click()
    expect(page).to_have_url(re.compile(r"sort=-change"))
    expect(rows.first).to_contain_text("Larger cargo fleet")
    expect(rows.first).to_contain_text("+13.3 %")
    expect(rows.nth(1)).to_contain_text("More food and consumer goods")
    expect(rows.nth(2)).to_contain_text("n/a")  # no data: last, whichever way
    screenshot(page, "manage-indicators-desktop")

    page.get_by_label("Indicator", exact=True).select_option(label="Moved down")
    page.get_by_role("button", name="Apply").click()
    expect(rows).to_have_count(1)
    page.get_by_label("Indicator", exact=True).select_option(label="Any")
    page.get_by_role("button", name="Apply").click()
    table.get_by_role("link", name=re.compile("^Change since baseline")).click()
    table.get_by_role("link", name=re.compile("^Change since baseline")).click()
    expect(page).to_have_url(re.compile(r"sort=-change"))

    with page.expect_download() as download_info:
        page.get_by_role("link", name="XLSX").click()
    with open(download_info.value.path(), "rb") as f:
        values = list(openpyxl.load_workbook(f).active.iter_rows(values_only=True))
    header = list(values[0])
    change, sources = header.index("Change since baseline"), header.index("Latest: sources")
    assert values[1][0].startswith("Larger cargo fleet")
    assert round(values[1][change], 4) == 13.3359  # 529.4 -> 600.0, a number in the sheet
    assert "Foreign trade 2024" in values[1][sources]
    assert values[2][0].startswith("More food and consumer goods")
    assert values[2][change] == -22  # a number, not text
    assert values[3][change] in ("", None)
