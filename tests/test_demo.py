"""The seed story as demo data: every fact present, loading twice changes nothing."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.management import call_command

from cooperation.models import Meeting, Official, Organization, Participation, Proposal, Raising, StatusChange
from trade.models import DataSource, Economy, TradeFigure

pytestmark = pytest.mark.django_db

MODELS = [
    Economy,
    Organization,
    Official,
    Meeting,
    Participation,
    Proposal,
    Raising,
    StatusChange,
    DataSource,
    TradeFigure,
]


def counts():
    return {model.__name__: model.objects.count() for model in MODELS}


def test_economies_from_the_story(demo):
    region = Economy.objects.get_by_code("KZ-MAN")
    assert region.code == "KZ-47"
    assert region.parent.code == "KZ"
    assert Economy.objects.get_by_code("AZE").name == "Azerbaijan"


def test_both_officials_with_their_posts_on_the_meeting_day(demo):
    meeting = Meeting.objects.get(date=datetime.date(2024, 6, 7))
    posts = {
        p.official.full_name: (p.position.title, p.position.organization.name, p.side)
        for p in meeting.participations.select_related("official", "position__organization")
    }
    assert posts == {
        "Nurdaulet Kilybay": ("Akim (head) of Mangystau Region", "Akimat of Mangystau Region", "host"),
        "Elchin Mammadov": (
            "Consul General of Azerbaijan in Aktau",
            "Consulate General of the Republic of Azerbaijan in Aktau",
            "partner",
        ),
    }
    assert meeting.place == "Aktau"
    assert meeting.visibility == "public"


def test_every_proposal_of_the_story(demo):
    titles = set(Proposal.objects.values_list("slug", flat=True))
    assert titles == {
        "food-and-fruit-supply-from-azerbaijan",
        "construction-materials-trade",
        "tourism-ties",
        "joint-projects-by-mutual-agreement",
        "textiles-trade",
        "agricultural-products-trade",
        "mutual-investment-and-joint-production",
        "aktau-2025-capital-of-the-turkic-world",
        "caspian-cargo-fleet",
    }


def test_shared_proposals_carry_both_voices(demo):
    for slug in ("food-and-fruit-supply-from-azerbaijan", "construction-materials-trade", "tourism-ties"):
        speakers = set(Raising.objects.filter(proposal__slug=slug).values_list("raised_by__full_name", flat=True))
        assert speakers == {"Nurdaulet Kilybay", "Elchin Mammadov"}, slug


def test_cargo_fleet_is_already_under_way(demo):
    fleet = Proposal.objects.get(slug="caspian-cargo-fleet")
    assert fleet.status == Proposal.Status.IN_IMPLEMENTATION
    assert fleet.proposed_by.full_name == "Elchin Mammadov"
    assert fleet.status_changes.get().to_status == Proposal.Status.IN_IMPLEMENTATION


def test_sectors_map_to_goods_or_say_none(demo):
    assert not Proposal.objects.get(slug="tourism-ties").sector.product_groups.exists()
    food = Proposal.objects.get(slug="food-and-fruit-supply-from-azerbaijan")
    assert set(food.target_product_groups.values_list("code", flat=True)) == {"07", "08"}


@pytest.mark.parametrize(
    ("year", "measure", "value", "change", "step"),
    [
        (2023, "turnover", "529400000", "14.2", "100000"),
        (2022, "turnover", "463300000", None, "100000"),
        (2023, "export", "456300000", "21.6", "100000"),
        (2023, "import", "73000000", "-17.3", "1000000"),
        (2022, "import", "88300000", None, "100000"),
    ],
)
def test_trade_figures_as_published(demo, year, measure, value, change, step):
    figure = TradeFigure.objects.get(reporter__code="KZ", partner__code="AZ", year=year, measure=measure)
    assert figure.value_usd == Decimal(value)
    assert figure.value_step == Decimal(step)
    assert figure.change_pct == (Decimal(change) if change else None)
    assert (figure.month_from, figure.month_to) == (1, 12)
    assert figure.source.publisher == "Trend News Agency"
    assert figure.source.published_on == datetime.date(2024, 6, 7)


def everything():
    """Every row of every table of ours, audit history included, as text."""
    from django.apps import apps
    from django.core import serializers

    return {
        model._meta.label: serializers.serialize("json", model.objects.order_by("pk"))
        for app in ("cooperation", "trade")
        for model in apps.get_app_config(app).get_models()
    }


def test_loading_twice_changes_nothing(demo):
    from pagecache.stamp import stamp

    before, stamp_before = everything(), stamp()
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    after = everything()
    assert [label for label in before if before[label] != after[label]] == []
    assert stamp() == stamp_before  # not a single insert, update or delete on any stamped table
    assert "0 created, 0 updated, 5 unchanged" in out.getvalue()
