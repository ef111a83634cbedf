"""Rules the database holds: each one refuses bad data on its own."""

import datetime
from decimal import Decimal

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError, UniqueConstraint

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


def signatures(name):
    """How the database names constraint `name` when it refuses a row.

    PostgreSQL names every constraint, SQLite its CHECK constraints; for a unique one SQLite lists the
    columns instead.
    """
    for model in apps.get_models():
        for constraint in model._meta.constraints:
            if constraint.name == name:
                found = [name]
                if isinstance(constraint, UniqueConstraint) and constraint.fields:
                    table = model._meta.db_table
                    columns = ", ".join(f"{table}.{model._meta.get_field(f).column}" for f in constraint.fields)
                    found.append(f"UNIQUE constraint failed: {columns}")
                return found
    raise LookupError(name)


def refused(constraint, factory, **kwargs):
    """The row is refused by `constraint` itself, not by any other error on the way."""
    with pytest.raises(IntegrityError) as caught, transaction.atomic():
        factory(**kwargs)
    assert any(signature in str(caught.value) for signature in signatures(constraint)), str(caught.value)


def test_trade_value_cannot_be_negative():
    refused("tradefigure_value_not_negative", TradeFigureFactory, value_usd=Decimal("-1"))


def test_trade_month_range_must_be_ordered():
    refused("tradefigure_month_range_ordered", TradeFigureFactory, month_from=7, month_to=6)


@pytest.mark.parametrize(("month_from", "month_to"), [(0, 6), (1, 13)])
def test_trade_months_stay_within_the_year(month_from, month_to):
    refused("tradefigure_month_range_ordered", TradeFigureFactory, month_from=month_from, month_to=month_to)


def test_trade_year_must_be_plausible():
    refused("tradefigure_year_plausible", TradeFigureFactory, year=1800)


def test_trade_partner_differs_from_reporter():
    kz = EconomyFactory(code="KZ")
    refused("tradefigure_partner_differs", TradeFigureFactory, reporter=kz, partner=kz)


def test_trade_step_must_be_positive():
    refused("tradefigure_step_positive", TradeFigureFactory, value_step=Decimal("0"))


def test_trade_change_needs_its_precision():
    refused("tradefigure_change_has_precision", TradeFigureFactory, change_pct=Decimal("14.2"), change_pct_step=None)


def test_a_change_without_its_precision_is_refused_with_the_message_not_an_error():
    """The message holds a % sign: it used to break Django's formatting of it (a ValueError in the admin form)."""
    figure = TradeFigureFactory()
    figure.change_pct = Decimal("14.2")
    with pytest.raises(ValidationError) as refused_with:
        figure.full_clean()
    assert refused_with.value.messages == ["A published change needs its precision (0.1 for “14.2 %”)."]


def test_one_value_per_key_and_source():
    figure = TradeFigureFactory()
    refused("tradefigure_one_value_per_source", TradeFigureFactory, source=figure.source, value_usd=Decimal("1"))


def test_the_same_key_from_two_sources_is_kept_twice():
    TradeFigureFactory(year=2022, measure=TradeFigure.Measure.IMPORT, value_usd=Decimal("86600000"))
    TradeFigureFactory(year=2022, measure=TradeFigure.Measure.IMPORT, value_usd=Decimal("88300000"))
    assert TradeFigure.objects.count() == 2


def test_only_one_pinned_source_per_key():
    TradeFigureFactory(pinned=True)
    refused("tradefigure_one_pin_per_key", TradeFigureFactory, pinned=True, source=DataSourceFactory())


def test_region_needs_its_country():
    refused(
        "economy_region_has_country", Economy.objects.create, code="KZ-47", name="Mangystau", kind=Economy.Kind.REGION
    )


def test_country_has_no_parent():
    kz = EconomyFactory(code="KZ")
    refused(
        "economy_region_has_country",
        Economy.objects.create,
        code="AZ",
        name="Azerbaijan",
        kind=Economy.Kind.COUNTRY,
        parent=kz,
    )


def test_economy_code_is_upper_case():
    refused("economy_code_upper", Economy.objects.create, code="az", name="Azerbaijan", kind=Economy.Kind.COUNTRY)


def test_source_retrieved_after_published():
    refused(
        "datasource_retrieved_after_published",
        DataSourceFactory,
        published_on=datetime.date(2024, 6, 7),
        retrieved_on=datetime.date(2024, 6, 1),
    )


def test_post_ends_after_it_starts():
    refused(
        "position_ends_after_start", PositionFactory, start=datetime.date(2024, 1, 1), end=datetime.date(2023, 1, 1)
    )


def test_official_takes_part_once_per_meeting():
    participation = ParticipationFactory()
    refused(
        "participation_once_per_meeting",
        ParticipationFactory,
        meeting=participation.meeting,
        position=participation.position,
        official=participation.official,
    )


def test_proposal_economies_differ():
    economy = EconomyFactory(code="AZ")
    refused("proposal_economies_differ", ProposalFactory, from_economy=economy, to_economy=economy)


def test_proposal_status_must_be_known():
    refused("proposal_status_known", ProposalFactory, status="lost")


def test_proposal_baseline_year_plausible():
    refused("proposal_baseline_year_plausible", ProposalFactory, baseline_year=1066)


def test_status_change_must_change_the_status():
    refused("statuschange_changes_status", StatusChangeFactory, from_status="agreed", to_status="agreed")


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
