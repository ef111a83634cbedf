"""The database's write stamp: a number that changes with every committed write a page could show.

The stamp is a number the database itself raises, in the same transaction, on every insert, update,
delete or truncate of any table a page can show. Bulk inserts, queryset updates, imports, restores
and hand-written SQL all raise it; a rolled-back write does not.

How the stamp is kept, per engine:
- SQLite runs one writer at a time, so one counter row raised by row triggers is enough.
- PostgreSQL raises one of many counter rows, picked at random among those it can lock without waiting
  (`FOR UPDATE SKIP LOCKED`), once per transaction, so concurrent writers never wait on each other
  or deadlock on the stamp. The stamp is the sum of the rows: every committed write transaction adds
  exactly one, so two different committed states never share a stamp.

Tables no cached page shows (sessions, login throttling, the admin's log, the e-mail outbox, the
second-factor devices) carry no trigger, and columns no page shows are left out of the update trigger of
their table (`UNSTAMPED_COLUMNS`: a login writes only `auth_user.last_login`), so a login does not empty
the cache.
`install` runs after every `migrate`, so a new model's table is stamped too.
"""

from django.db import connection

STAMP_TABLE = "page_stamp"
PG_SLOTS = 64

# The e-mail outbox is written by the worker all day and shown on no cached page; the second-factor
# devices and their history are written at sign-in and shown on none either.
UNSTAMPED_PREFIXES = (
    "django_session",
    "axes_",
    "django_admin_log",
    "django_migrations",
    "notifications_notification",
    "otp_",
    "twofactor_",
    STAMP_TABLE,
)
# Columns whose updates no page shows: an update that writes only these leaves the stamp alone.
UNSTAMPED_COLUMNS = {"auth_user": {"last_login"}}


def update_event(table, using=connection):
    """`UPDATE`, or `UPDATE OF` the columns a page may show when some of the table's columns are unstamped."""
    skipped = UNSTAMPED_COLUMNS.get(table)
    if not skipped:
        return "UPDATE"
    with using.cursor() as cursor:
        columns = [c.name for c in using.introspection.get_table_description(cursor, table) if c.name not in skipped]
    return "UPDATE OF " + ", ".join(using.ops.quote_name(c) for c in columns)


def stamped_tables(using=connection):
    tables = using.introspection.django_table_names(only_existing=True, include_views=False)
    return sorted(name for name in tables if not name.startswith(UNSTAMPED_PREFIXES))


def trigger_name(table, event=""):
    return f"{STAMP_TABLE}_{event}{table}"[:63]


def install(using=connection):
    """Create the stamp and its triggers on every table; safe to run again (it runs after every migrate)."""
    stamped = stamped_tables(using)
    # Tables with unstamped columns are always redone, so a changed column list reaches existing databases.
    tables = sorted((set(stamped) - installed_triggers(using)) | (set(UNSTAMPED_COLUMNS) & set(stamped)))
    quote = using.ops.quote_name
    with using.cursor() as cursor:
        if using.vendor == "postgresql":
            cursor.execute(f"CREATE TABLE IF NOT EXISTS {STAMP_TABLE} (id serial PRIMARY KEY, n bigint NOT NULL)")
            cursor.execute(
                f"INSERT INTO {STAMP_TABLE} (n) SELECT 0 FROM generate_series(1, %s - (SELECT count(*) FROM "
                f"{STAMP_TABLE}))",
                [PG_SLOTS],
            )
            cursor.execute(f"""
                CREATE OR REPLACE FUNCTION {STAMP_TABLE}_raise() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF current_setting('{STAMP_TABLE}.raised', true) IS DISTINCT FROM 'yes' THEN
                        UPDATE {STAMP_TABLE} SET n = n + 1 WHERE id = (
                            SELECT id FROM {STAMP_TABLE} ORDER BY random() LIMIT 1 FOR UPDATE SKIP LOCKED);
                        IF NOT FOUND THEN
                            INSERT INTO {STAMP_TABLE} (n) VALUES (1);
                        END IF;
                        PERFORM set_config('{STAMP_TABLE}.raised', 'yes', true);
                    END IF;
                    RETURN NULL;
                END $$""")
            for table in tables:
                name = trigger_name(table)
                cursor.execute(f"DROP TRIGGER IF EXISTS {name} ON {quote(table)}")
                cursor.execute(
                    f"CREATE TRIGGER {name} AFTER INSERT OR {update_event(table, using)} OR DELETE OR TRUNCATE "
                    f"ON {quote(table)} "
                    f"FOR EACH STATEMENT EXECUTE FUNCTION {STAMP_TABLE}_raise()"
                )
        else:
            cursor.execute(f"CREATE TABLE IF NOT EXISTS {STAMP_TABLE} (id integer PRIMARY KEY, n integer NOT NULL)")
            cursor.execute(f"INSERT OR IGNORE INTO {STAMP_TABLE} (id, n) VALUES (1, 0)")
            for table in tables:
                for event in ("INSERT", update_event(table, using), "DELETE"):
                    name = trigger_name(table, event[0].lower() + "_")
                    cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
                    cursor.execute(
                        f"CREATE TRIGGER {name} AFTER {event} ON {quote(table)} "
                        f"BEGIN UPDATE {STAMP_TABLE} SET n = n + 1 WHERE id = 1; END"
                    )


def installed_triggers(using=connection):
    """The tables that carry the stamp's triggers (for the test that none is missing)."""
    with using.cursor() as cursor:
        if using.vendor == "postgresql":
            cursor.execute(
                "SELECT DISTINCT event_object_table FROM information_schema.triggers WHERE trigger_name LIKE %s",
                [f"{STAMP_TABLE}_%"],
            )
        else:
            cursor.execute("SELECT DISTINCT tbl_name FROM sqlite_master WHERE type = 'trigger' AND name LIKE %s",
                           [f"{STAMP_TABLE}_%"])  # fmt: skip
        return {row[0] for row in cursor.fetchall()}


def stamp(using=connection):
    with using.cursor() as cursor:
        cursor.execute(f"SELECT COALESCE(SUM(n), 0) FROM {STAMP_TABLE}")
        return cursor.fetchone()[0]


def advance_past(value, using=connection):
    """Raise the stamp above `value` (after a restore brought back an older one); never lowers it."""
    behind = value - stamp(using)
    if behind >= 0:
        with using.cursor() as cursor:
            cursor.execute(f"UPDATE {STAMP_TABLE} SET n = n + %s WHERE id = (SELECT MIN(id) FROM {STAMP_TABLE})",
                           [behind + 1])  # fmt: skip


def install_after_migrate(sender, using, **kwargs):
    from django.db import connections

    install(connections[using])
