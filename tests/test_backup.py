"""backup and restore: a round trip loses nothing."""

import pytest
from django.core.management import CommandError, call_command

from cooperation.demo import load_demo
from cooperation.models import Meeting, Proposal, StatusChange
from pagecache import stamp as stamps
from trade.models import TradeFigure

MODELS = [Meeting, Proposal, StatusChange, TradeFigure]


def snapshot():
    return {model.__name__: sorted(model.objects.values_list("pk", flat=True)) for model in MODELS} | {
        "titles": sorted(Proposal.objects.values_list("title", flat=True)),
        "values": sorted(str(v) for v in TradeFigure.objects.values_list("value_usd", flat=True)),
    }


def test_round_trip_loses_nothing(reference_data, tmp_path):
    load_demo()
    before = snapshot()
    path = tmp_path / "backup.db"
    call_command("backup", str(path))
    assert path.stat().st_size > 0

    Proposal.objects.filter(slug="tourism-ties").update(title="Changed after the backup")
    TradeFigure.objects.all().delete()
    Meeting.objects.update(place="Nowhere")
    assert snapshot() != before

    stamp_before = stamps.stamp()
    call_command("restore", str(path))
    assert snapshot() == before
    assert Meeting.objects.get().place == "Aktau"
    # The copy's older stamp must not bring back pages cached before it: the stamp only ever rises.
    assert stamps.stamp() > stamp_before
    assert stamps.installed_triggers() == set(stamps.stamped_tables())


def test_restoring_a_file_that_is_not_a_backup_changes_nothing(reference_data, tmp_path):
    load_demo()
    before = snapshot()
    bogus = tmp_path / "bogus.db"
    bogus.write_text("this is not a database")
    with pytest.raises(CommandError):
        call_command("restore", str(bogus))
    assert snapshot() == before


@pytest.mark.django_db
def test_restoring_a_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="no such file"):
        call_command("restore", str(tmp_path / "nope.db"))
