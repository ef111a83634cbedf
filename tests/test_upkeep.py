"""The worker's database upkeep."""

import datetime

import pytest
from django.db import connection

from common.tasks import refresh_planner_statistics

pytestmark = pytest.mark.django_db


def test_the_nightly_upkeep_gives_sqlite_planner_statistics():
    refresh_planner_statistics.call_local()
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat1'")
            assert cursor.fetchone() == (1,)


def test_the_upkeep_runs_every_night():
    schedule = refresh_planner_statistics.task_class().validate_datetime
    assert schedule(datetime.datetime(2026, 11, 28, 3, 17))
    assert not schedule(datetime.datetime(2026, 11, 28, 12, 0))
