"""Rules the database holds: each one refuses bad data on its own."""

import datetime
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError

from cooperation.models import Official
from tests.factories import (
    DataSourceFactory,
    EconomyFactory,
    MeetingFactory,
    ParticipationFactory,
    PositionFactory,
    ProposalFactory,
    StatusChangeFactory,
    TradeFigureFactory,
)
from trade.models import Economy, TradeFigure

pytestmark = pytest.mark.django_db


def refused(factory, **kwargs):
    with pytest.raises(IntegrityError), transaction.atomic():
        factory(**kwargs)


def test_trade_value_cannot_be_negative():
    refused(TradeFigureFactory, value_usd=Decimal("-1"))


def test_trade_month_range_must_be_ordered():
    refused(TradeFigureFactory, month_from=7, month_to=6)


@pytest.mark.parametrize(("month_from", "month_to"), [(0, 6), (1, 13)])
def test_trade_months_stay_within_the_year(month_from, month_to):
    refused(TradeFigureFactory, month_from=month_from, month_to=month_to)


def test_trade_year_must_be_plausible():
    refused(TradeFigureFactory, year=1800)


def test_trade_partner_differs_from_reporter():
    kz = EconomyFactory(code="KZ")
    refused(TradeFigureFactory, reporter=kz, partner=kz)


def test_trade_step_must_be_positive():
    refused(TradeFigureFactory, value_step=Decimal("0"))


def test_trade_change_needs_its_precision():
    refused(TradeFigureFactory, change_pct=Decimal("14.2"), change_pct_step=None)


def test_one_value_per_key_and_source():
    figure = TradeFigureFactory()
    refused(TradeFigureFactory, source=figure.source, value_usd=Decimal("1"))


def test_the_same_key_from_two_sources_is_kept_twice():
    TradeFigureFactory(year=2022, measure=TradeFigure.Measure.IMPORT, value_usd=Decimal("86600000"))
    TradeFigureFactory(year=2022, measure=TradeFigure.Measure.IMPORT, value_usd=Decimal("88300000"))
    assert TradeFigure.objects.count() == 2


def test_only_one_pinned_source_per_key():
    TradeFigureFactory(pinned=True)
    refused(TradeFigureFactory, pinned=True, source=DataSourceFactory())


def test_region_needs_its_country():
    refused(Economy.objects.create, code="KZ-47", name="Mangystau", kind=Economy.Kind.REGION)


def test_country_has_no_parent():
    kz = EconomyFactory(code="KZ")
    refused(Economy.objects.create, code="AZ", name="Azerbaijan", kind=Economy.Kind.COUNTRY, parent=kz)


def test_economy_code_is_upper_case():
    refused(Economy.objects.create, code="az", name="Azerbaijan", kind=Economy.Kind.COUNTRY)


def test_source_retrieved_after_published():
    refused(DataSourceFactory, published_on=datetime.date(2024, 6, 7), retrieved_on=datetime.date(2024, 6, 1))


def test_post_ends_after_it_starts():
    refused(PositionFactory, start=datetime.date(2024, 1, 1), end=datetime.date(2023, 1, 1))


def test_official_takes_part_once_per_meeting():
    participation = ParticipationFactory()
    refused(
        ParticipationFactory,
        meeting=participation.meeting,
        position=participation.position,
        official=participation.official,
    )


def test_proposal_economies_differ():
    economy = EconomyFactory(code="AZ")
    refused(ProposalFactory, from_economy=economy, to_economy=economy)


def test_proposal_status_must_be_known():
    refused(ProposalFactory, status="lost")


def test_proposal_baseline_year_plausible():
    refused(ProposalFactory, baseline_year=1066)


def test_status_change_must_change_the_status():
    refused(StatusChangeFactory, from_status="agreed", to_status="agreed")


def test_deleting_an_official_who_took_part_is_refused():
    participation = ParticipationFactory()
    with pytest.raises(ProtectedError):
        participation.official.delete()
    assert Official.objects.filter(pk=participation.official.pk).exists()


def test_deleting_a_proposal_with_history_is_refused():
    change = StatusChangeFactory()
    with pytest.raises(ProtectedError):
        change.proposal.delete()


def test_meeting_deletion_keeps_officials():
    participation = ParticipationFactory(meeting=MeetingFactory())
    participation.meeting.delete()
    assert Official.objects.filter(pk=participation.official.pk).exists()
