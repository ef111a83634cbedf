"""Corridor figures read by the trade engine's rules: which source counts, the interval check of published changes."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import IntegrityError, transaction

from tests.factories import CorridorFigureFactory, DataSourceFactory, EconomyFactory, PlaceFactory
from trade import corridor_series, services
from trade.corridors import CorridorFigure, Qualifier, interval
from trade.models import DataSource

pytestmark = pytest.mark.django_db


def teu(place, year, value, *, step="1", change=None, change_step="1", source=None, months=(1, 12), qualifier=""):
    return CorridorFigureFactory(
        place=place,
        year=year,
        month_from=months[0],
        month_to=months[1],
        measure=CorridorFigure.Measure.CONTAINERS,
        unit=CorridorFigure.Unit.TEU,
        value=Decimal(value),
        value_step=Decimal(step),
        qualifier=qualifier,
        change_pct=None if change is None else Decimal(change),
        change_pct_step=None if change is None else Decimal(change_step),
        **({"source": source} if source else {}),
    )


@pytest.fixture
def baku():
    return PlaceFactory(code="BAKU", economies=[EconomyFactory(code="AZ")])


def test_interval_of_each_qualifier():
    step = Decimal(100)
    assert interval(Decimal(52300), step) == (Decimal(52250), Decimal(52350))
    assert interval(Decimal(52300), step, Qualifier.ABOUT) == (Decimal(52250), Decimal(52350))
    assert interval(Decimal(7400), step, Qualifier.OVER) == (Decimal(7400), Decimal(7500))
    assert interval(Decimal(52300), step, Qualifier.ALMOST) == (Decimal(52200), Decimal(52300))


def test_a_published_change_its_counts_allow_is_not_flagged(baku):
    teu(baku, 2021, "45000", step="1000")
    teu(baku, 2022, "52300", step="100", change="16", qualifier="about")  # 51.25k–53.35k on 44.5k–45.5k: +13 % to +20 %
    (series,) = corridor_series.place_series(baku)
    assert series.flags == []
    assert series.latest.change.how == "reported"
    assert series.latest.change.amount == Decimal(16)


def test_a_published_change_its_counts_cannot_give_is_flagged_with_the_numbers(baku):
    teu(baku, 2021, "45100")
    figure = teu(baku, 2022, "52300", step="100", change="73", qualifier="about")
    (series,) = corridor_series.place_series(baku)
    ((period, claim),) = series.flags
    assert period.year == 2022
    assert claim.figure == figure
    assert claim.message == (
        "Containers: published +73 %, but about 52,300 TEU against the 2021 value that counts, 45,100 TEU gives "
        "15.85 % to 16.08 %."
    )
    assert series.latest.change.how == "computed"  # the published +73 % is not what the values give


def test_the_precision_of_a_count_widens_the_interval_enough_to_explain_a_change(baku):
    """~52,300 against 45,000: +16.2 % exactly; printed as +17 % only rounding of the counts can explain."""
    teu(baku, 2021, "45000", step="1")
    teu(baku, 2022, "52300", step="1", change="17")
    assert corridor_series.place_series(baku)[0].flags  # counts to the unit: +16.2 % is not +17 %
    CorridorFigure.objects.filter(year=2022).update(value_step=Decimal(1000))
    assert not corridor_series.place_series(baku)[0].flags  # to the thousand: +14.1 % to +18.4 % allows +17 %


def test_a_change_is_checked_against_the_same_months_a_year_before(baku):
    teu(baku, 2023, "5000", months=(1, 3))
    teu(baku, 2024, "7400", step="100", months=(1, 3), change="33", qualifier="over")  # 7.4k–7.5k / 5k: +48 % to +50 %
    teu(baku, 2023, "40000", months=(1, 12))  # a full year is another period: not compared
    series = corridor_series.place_series(baku)[0]
    ((period, claim),) = series.flags
    assert (period.month_from, period.month_to) == (1, 3)
    assert "5,000 TEU gives 47.99 % to 50.02 %" in claim.message


def test_mixed_sources_the_place_s_own_statistics_count_then_the_newest(baku):
    news = DataSourceFactory(publisher="News", kind=DataSource.Kind.NEWS, published_on=datetime.date(2024, 5, 1))
    port = DataSourceFactory(
        publisher="Baku port",
        kind=DataSource.Kind.OFFICIAL,
        economy=baku.economies.get(),
        published_on=datetime.date(2023, 1, 1),
    )
    other = DataSourceFactory(
        publisher="Elsewhere", kind=DataSource.Kind.OFFICIAL, published_on=datetime.date(2024, 6, 1)
    )
    teu(baku, 2022, "52000", source=news)
    own = teu(baku, 2022, "52276", source=port)
    teu(baku, 2022, "51000", source=other)
    (series,) = corridor_series.place_series(baku)
    value = series.latest.value
    assert value.figure == own
    assert len(value.disagreeing) == 2
    ((period, counting, why),) = series.disagreements
    assert counting.figure == own
    assert str(why) == "the reporter's own statistics"


def test_a_change_from_a_source_is_checked_against_its_own_value_a_year_before(baku):
    news = DataSourceFactory(publisher="News", kind=DataSource.Kind.NEWS)
    port = DataSourceFactory(publisher="Port", kind=DataSource.Kind.OFFICIAL, economy=baku.economies.get())
    teu(baku, 2021, "40000", source=news)
    teu(baku, 2021, "45000", source=port)  # counts
    teu(baku, 2022, "52300", step="100", change="31", source=news)  # +31 % on its own 40,000: agrees
    assert corridor_series.place_series(baku)[0].flags == []


def test_pinning_a_value_makes_it_count_and_keeps_one_pin_per_key(baku):
    first, second = teu(baku, 2022, "52300"), teu(baku, 2022, "52000")
    services.pin(first, key=CorridorFigure.KEY)
    services.pin(second, key=CorridorFigure.KEY)
    first.refresh_from_db()
    assert not first.pinned
    assert corridor_series.place_series(baku)[0].latest.value.figure == second
    assert second.history.count() == 2  # the pin is a save, kept in the history


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"value": Decimal(-1)}, "never below zero"),
        ({"value_step": Decimal(0)}, "above zero"),
        ({"month_from": 6, "month_to": 1}, "Months run"),
        ({"change_pct": Decimal(9)}, "needs its precision"),
        ({"unit": CorridorFigure.Unit.TEU}, "does not fit the measure"),
        ({"direction": "to"}, "names another place"),
    ],
)
def test_the_database_refuses_what_cannot_be_published(fields, message):
    figure = CorridorFigureFactory.build(place=PlaceFactory(), source=DataSourceFactory(), **fields)
    with pytest.raises(ValidationError, match=message):
        figure.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        figure.save()


def test_one_value_per_source_and_figure(baku):
    figure = teu(baku, 2022, "52300")
    with pytest.raises(IntegrityError), transaction.atomic():
        teu(baku, 2022, "52000", source=figure.source)


def test_a_part_to_another_place_is_its_own_series(baku):
    aktau = PlaceFactory(code="AKTAU")
    teu(baku, 2022, "52300")
    CorridorFigureFactory(
        place=baku, counterpart=aktau, direction="from", measure="containers", unit="TEU", value=Decimal(9000)
    )
    series = corridor_series.place_series(baku)
    assert [s.label for s in series] == ["Containers", f"Containers, of which from {aktau.name}"]


def test_check_trade_reports_a_corridor_change_its_values_contradict(baku):
    teu(baku, 2021, "45100")
    teu(baku, 2022, "52300", step="100", change="73", qualifier="about")
    with pytest.raises(CommandError, match="1 inconsistency"):
        call_command("check_trade", stdout=None)


def test_check_trade_passes_when_every_corridor_change_agrees(baku, capsys):
    teu(baku, 2021, "45000", step="1000")
    teu(baku, 2022, "52300", step="100", change="16")
    call_command("check_trade")
    assert "No inconsistencies" in capsys.readouterr().out
