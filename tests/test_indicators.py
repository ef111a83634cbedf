"""The indicator engine: which value counts, mirror, derived values, fallback, checks, query counts."""

import datetime
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from tests.factories import DataSourceFactory, EconomyFactory, RegionFactory, TradeFigureFactory
from trade import indicators
from trade.indicators import DERIVED, REPORTED, Period
from trade.models import DataSource, ProductGroup, TradeFigure
from trade.services import pin, unpin

pytestmark = pytest.mark.django_db
M = Decimal(1_000_000)


@pytest.fixture
def kz():
    return EconomyFactory(code="KZ")


@pytest.fixture
def az():
    return EconomyFactory(code="AZ")


def figure(measure, value, year=2023, **kwargs):
    return TradeFigureFactory(measure=measure, value_usd=Decimal(value) * M, year=year, **kwargs)


def row(series, year=2023, months=(1, 12)):
    return series.row_for(Period(year, *months))


def test_seed_figures_pass_the_interval_checks(demo, kz, az):
    series = indicators.pair_series(kz, az)
    assert series.flags == []
    turnover = row(series).changes["turnover"]
    assert turnover.how == REPORTED  # the published +14.2 % agrees with 14.24..14.29
    computed = indicators.change_pct(row(series).turnover, row(series, 2022).turnover)
    assert Decimal("14.24") < computed.low < computed.high < Decimal("14.30")


def test_a_change_the_values_cannot_give_is_flagged(kz, az):
    figure("turnover", "463.3", year=2022, value_step=Decimal("100000"))
    figure(
        "turnover", "529.4", value_step=Decimal("100000"), change_pct=Decimal("14.4"), change_pct_step=Decimal("0.1")
    )
    series = indicators.pair_series(kz, az)
    [(period, message)] = series.flags
    assert period == Period(2023, 1, 12)
    assert "published +14.4 %" in str(message)
    assert row(series).changes["turnover"].how == "computed"  # the flagged published % is not shown as fact


def test_turnover_that_is_not_exports_plus_imports_is_flagged(kz, az):
    source = DataSourceFactory()
    for measure, value in (("export", "456.3"), ("import", "73"), ("turnover", "540.0")):
        figure(measure, value, source=source, value_step=Decimal("100000"))
    [(_period, message)] = indicators.pair_series(kz, az).flags
    assert "does not match exports + imports" in str(message)


def test_turnover_within_rounding_is_not_flagged(kz, az):
    source = DataSourceFactory()
    figure("export", "456.3", source=source, value_step=Decimal("100000"))
    figure("import", "73", source=source, value_step=Decimal("1000000"))
    figure("turnover", "529.4", source=source, value_step=Decimal("100000"))
    assert indicators.pair_series(kz, az).flags == []


def test_missing_value_is_derived_from_the_other_two(kz, az):
    source = DataSourceFactory()
    figure("turnover", "463.3", source=source, value_step=Decimal("100000"))
    figure("import", "88.3", source=source, value_step=Decimal("100000"))
    exports = row(indicators.pair_series(kz, az)).exports
    assert exports.how == DERIVED
    assert exports.amount == Decimal("375.0") * M
    assert exports.formula == "turnover − imports"
    assert (exports.low, exports.high) == (Decimal("374.9") * M, Decimal("375.1") * M)


def test_missing_stays_missing(kz, az):
    figure("import", "88.3")
    values = row(indicators.pair_series(kz, az))
    assert values.exports.missing
    assert values.turnover.missing
    assert values.balance.missing
    assert row(indicators.pair_series(kz, az), 2022) is None  # no invented year


def test_reporter_statistics_beat_a_newer_foreign_publication(kz, az):
    own = DataSourceFactory(economy=kz, published_on=datetime.date(2023, 3, 1))
    other = DataSourceFactory(economy=az, published_on=datetime.date(2024, 3, 1))
    figure("import", "86.6", source=own)
    figure("import", "90.0", source=other)
    value = row(indicators.pair_series(kz, az)).imports
    assert value.amount == Decimal("86.6") * M
    assert [f.value_usd for f in value.disagreeing] == [Decimal("90.0") * M]


def test_newest_publication_wins_among_the_reporters_own(kz, az):
    figure("import", "86.6", source=DataSourceFactory(economy=kz, published_on=datetime.date(2023, 3, 1)))
    figure("import", "88.3", source=DataSourceFactory(economy=kz, published_on=datetime.date(2024, 3, 1)))
    series = indicators.pair_series(kz, az)
    assert row(series).imports.amount == Decimal("88.3") * M
    [(_period, _measure, _value, why)] = series.disagreements
    assert why == "the newest publication"


def test_comtrade_counts_as_the_reporters_own_statistics(kz, az):
    comtrade = DataSourceFactory(kind=DataSource.Kind.INTERNATIONAL, published_on=datetime.date(2023, 1, 1))
    news = DataSourceFactory(kind=DataSource.Kind.NEWS, published_on=datetime.date(2024, 1, 1))
    figure("import", "86.6", source=comtrade)
    figure("import", "88.3", source=news)
    assert row(indicators.pair_series(kz, az)).imports.amount == Decimal("86.6") * M


def test_staff_may_pin_another_source(kz, az):
    figure("import", "88.3", source=DataSourceFactory(economy=kz, published_on=datetime.date(2024, 3, 1)))
    older = figure("import", "86.6", source=DataSourceFactory(economy=kz, published_on=datetime.date(2023, 3, 1)))
    pin(older)
    series = indicators.pair_series(kz, az)
    assert row(series).imports.amount == Decimal("86.6") * M
    assert series.disagreements[0][3] == "pinned by staff"
    unpin(older)
    assert row(indicators.pair_series(kz, az)).imports.amount == Decimal("88.3") * M


def test_pinning_moves_the_pin(kz, az):
    first = figure("import", "88.3", source=DataSourceFactory())
    second = figure("import", "86.6", source=DataSourceFactory())
    pin(first)
    pin(second)
    assert list(TradeFigure.objects.filter(pinned=True)) == [second]


def test_mirror_series_is_beside_never_mixed_with_the_gap(kz, az):
    figure("export", "456.3")
    TradeFigureFactory(reporter=az, partner=kz, measure="import", value_usd=Decimal("500.0") * M)
    series = indicators.pair_series(kz, az)
    values = row(series)
    assert values.exports.amount == Decimal("456.3") * M
    assert values.mirror["export"].amount == Decimal("500.0") * M
    assert values.gaps["export"].amount.quantize(Decimal("0.01")) == Decimal("9.58")
    assert values.imports.missing  # the partner's exports are not borrowed as our imports


def test_region_without_figures_falls_back_to_its_country(kz, az):
    region = RegionFactory(parent=kz)
    figure("export", "456.3")
    series = indicators.pair_series(region, az)
    assert series.fallback
    assert series.used_reporter == kz
    assert row(series).exports.amount == Decimal("456.3") * M


def test_region_with_its_own_figures_uses_them(kz, az):
    region = RegionFactory(parent=kz)
    figure("export", "456.3")
    TradeFigureFactory(reporter=region, partner=az, measure="export", value_usd=Decimal("12.0") * M)
    series = indicators.pair_series(region, az)
    assert not series.fallback
    assert row(series).exports.amount == Decimal("12.0") * M


def test_year_to_date_changes_compare_the_same_months(kz, az):
    figure("export", "100", year=2022, month_from=1, month_to=6)
    figure("export", "300", year=2022)
    figure("export", "120", year=2023, month_from=1, month_to=6)
    series = indicators.pair_series(kz, az)
    assert row(series, 2023, (1, 6)).changes["export"].amount == Decimal("20")
    assert row(series, 2022).changes["export"].missing


def test_cagr_and_share(kz, az):
    first = indicators.reported(figure("export", "100", year=2020))
    last = indicators.reported(figure("export", "121", year=2022))
    assert round(indicators.cagr(first, last, 2).amount, 6) == Decimal("10")
    part = indicators.reported(figure("export", "25", product_group=ProductGroup.objects.get(code="07")))
    whole = indicators.reported(figure("export", "100", year=2021))
    assert indicators.share(part, whole).amount == Decimal("25")
    assert indicators.cagr(indicators.MISSING_VALUE, last, 2).missing


def test_sum_of_groups_only_when_every_group_is_there(kz, az):
    a = indicators.reported(figure("import", "10", product_group=ProductGroup.objects.get(code="07")))
    b = indicators.reported(figure("import", "20", product_group=ProductGroup.objects.get(code="08")))
    assert indicators.sum_groups([a, b]).amount == Decimal("30") * M
    assert indicators.sum_groups([a, indicators.MISSING_VALUE]).missing


@pytest.mark.parametrize("years", [5, 60])
def test_a_pair_is_read_in_one_query_whatever_the_table_holds(kz, az, django_assert_num_queries, years):
    group = ProductGroup.objects.get(code="TOTAL")
    for year in range(1960, 1960 + years):
        figure("export", "1", year=year)
        figure("import", "1", year=year)
    TradeFigureFactory.create_batch(years, reporter=EconomyFactory(code="GE"), partner=az)
    with django_assert_num_queries(1):
        series = indicators.pair_series(kz, az, group)
    assert len(series.rows) == years


def test_check_trade_lists_flags_and_exits_non_zero(demo, kz, az, capsys):
    call_command("check_trade")
    assert "No inconsistencies" in capsys.readouterr().out
    bad = TradeFigure.objects.get(year=2023, measure="turnover")
    bad.change_pct = Decimal("14.4")
    bad.save()
    with pytest.raises(CommandError, match="1 inconsistency"):
        call_command("check_trade")
    assert "KZ-AZ TOTAL 2023" in capsys.readouterr().out
