"""generate_scale: the sizes asked for, and the same seed gives the same data."""

import hashlib
import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from cooperation.models import (
    CorridorTarget,
    FollowUp,
    Meeting,
    Official,
    Organization,
    Participation,
    Position,
    Proposal,
    Raising,
    StatusChange,
)
from notifications.models import Digest, Profile, Watch
from trade.models import CorridorFigure, DataSource, Place, TradeFigure

pytestmark = pytest.mark.django_db
SIZES = ["--economies", "6", "--officials", "30", "--meetings", "40", "--proposals", "25", "--figures", "900",
         "--accounts", "5", "--managers", "2", "--places", "3"]  # fmt: skip
GENERATED = [Organization, Official, Position, Meeting, Participation, Proposal, Raising, StatusChange, FollowUp,
             TradeFigure, Place, CorridorFigure, CorridorTarget]  # fmt: skip


def digest():
    h = hashlib.sha256()
    for row in Meeting.objects.order_by("title").values_list("title", "date", "place", "visibility"):
        h.update(repr(row).encode())
    for row in Proposal.objects.order_by("slug").values_list("slug", "status", "visibility", "sector__slug"):
        h.update(repr(row).encode())
    for row in TradeFigure.objects.order_by(
        "reporter__code", "partner__code", "year", "measure", "product_group__code"
    )[:300].values_list("reporter__code", "partner__code", "year", "measure", "value_usd"):
        h.update(repr(row).encode())
    for row in CorridorFigure.objects.order_by("place__code", "measure", "year").values_list("place__code", "value"):
        h.update(repr(row).encode())
    return h.hexdigest()


def generate(seed="1"):
    call_command("generate_scale", *SIZES, "--seed", seed, stdout=io.StringIO())


def wipe():
    get_user_model().objects.filter(username__startswith="scale-user-").delete()
    for model in reversed(GENERATED):
        model.objects.all().delete()
    DataSource.objects.filter(publisher="Scale port statistics").delete()


def test_sizes_and_consistency():
    generate()
    assert Official.objects.count() == 30
    assert Meeting.objects.count() == 40
    assert Proposal.objects.count() == 25
    assert TradeFigure.objects.count() == 900
    assert Place.objects.count() == 3
    assert CorridorFigure.objects.count() == 3 * 2 * 10  # cargo and containers, ten years each
    # accounts: five linked to officials (reminders reach them), two managers with a daily digest
    assert Profile.objects.filter(official__isnull=False).count() == 5
    assert Profile.objects.filter(digest=Digest.DAILY, user__groups__name="Managers").count() == 2
    assert Watch.objects.count() == 7 * 5
    assert Participation.objects.filter(meeting__in=Meeting.objects.all()).count() >= 80
    # history leads to the status each proposal is in
    for proposal in Proposal.objects.all():
        assert proposal.status_changes.order_by("changed_at").last().to_status == proposal.status


def test_same_seed_same_data_other_seed_other_data():
    generate("1")
    first = digest()
    wipe()
    generate("1")
    assert digest() == first
    wipe()
    generate("2")
    assert digest() != first


def test_a_second_run_is_refused_clearly():
    generate()
    with pytest.raises(CommandError, match="fresh database"):
        generate()
