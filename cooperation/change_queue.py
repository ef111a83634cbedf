"""Derived data kept in step by a queue that database triggers fill (proposal indicators, search documents).

The writers' triggers add rows to a queue table in the writer's own transaction, whatever the write.
A reader calls `take(...)` first: it removes the queued rows and hands them to `process` in one
transaction, so a change committed meanwhile stays queued for the next reader. Takes run one at a
time: SQLite has one writer; PostgreSQL takes an advisory lock held to the end of the transaction.
"""

import logging

from django.db import DatabaseError, IntegrityError, connection, transaction

logger = logging.getLogger(__name__)
ATTEMPTS = 3


def one_at_a_time(lock_key):
    """Inside a transaction: wait for any other take or rebuild with this key to finish."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [lock_key])


def queued(queue):
    """Whether anything is queued: asked before every read of derived data, so asked in as little as it takes
    (`queue.objects.exists()`, without building a query each time)."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT 1 FROM {queue._meta.db_table} LIMIT 1")  # noqa: S608 - a model's table
        return cursor.fetchone() is not None


def take(queue, columns, lock_key, process):
    """Give the queued rows (tuples of `columns`) to `process` and return what it returns; 0 if none.

    A row written for a record deleted by another transaction meanwhile fails at commit: the take
    rolls back, the queue with it, and runs again. Any other database error is logged and the derived
    data is read as it is, the queue kept for the next reader: a reader never fails for it.
    """
    for _attempt in range(ATTEMPTS):
        if not queued(queue):
            return 0
        try:
            with transaction.atomic():
                one_at_a_time(lock_key)
                with connection.cursor() as cursor:
                    cursor.execute(
                        f"DELETE FROM {queue._meta.db_table} RETURNING {', '.join(columns)}"  # noqa: S608 - fixed names
                    )
                    return process(cursor.fetchall())
        except IntegrityError:
            continue
        except DatabaseError:
            logger.exception("%s could not be taken", queue._meta.db_table)
            return 0
    logger.error("%s could not be taken after %s attempts", queue._meta.db_table, ATTEMPTS)
    return 0
