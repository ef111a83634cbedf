"""Database upkeep the worker does (`manage.py run_huey`)."""

from django.db import connection
from huey import crontab
from huey.contrib.djhuey import db_periodic_task


@db_periodic_task(crontab(minute="17", hour="3"))
def refresh_planner_statistics():
    """Nightly, fresh statistics for SQLite's query planner, as PostgreSQL's autovacuum keeps its own.

    Without them SQLite picks an index by its shape alone and may sort a whole table for a page's
    twenty rows; `make bench` measures with them (generate_scale ends with the same ANALYZE). It
    takes about a second on the national-scale data.
    """
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
