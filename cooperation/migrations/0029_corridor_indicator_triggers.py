"""Triggers that queue every change a proposal's corridor indicator depends on (see cooperation.indicator_store).

As migration 0016 does for trade: corridor figures, their sources, the economies of a place and the
corridor measures proposals and sectors name write a row to the queue in the same transaction as the
change, whatever wrote it. An economy's new parent is queued by 0016's trigger already. Existing
proposals are queued once, so the first read computes their corridor rows.
"""

from django.db import migrations

Q = "cooperation_indicatorqueue"
SOURCE_COLUMNS = ("kind", "economy_id", "published_on")
TARGET_COLUMNS = ("proposal_id", "sector_id", "place_id", "measure", "direction", "counterpart_id", "position")


def target_rows(r):
    """A corridor measure's proposal, or every proposal of its sector."""
    return (
        f"INSERT INTO {Q} (proposal_id) SELECT {r}.proposal_id WHERE {r}.proposal_id IS NOT NULL; "
        f"INSERT INTO {Q} (proposal_id) SELECT id FROM cooperation_proposal WHERE sector_id = {r}.sector_id;"
    )


# SQLite: row triggers; a figure queues its place once until a refresh takes it (as 0016 does for pairs).
SQLITE_PLACE = (
    "INSERT INTO {q} (place_id) SELECT {r}.place_id WHERE NOT EXISTS (SELECT 1 FROM {q} WHERE place_id = {r}.place_id);"
)
SQLITE = {
    "indicator_corridor_figure_insert": ("AFTER INSERT ON trade_corridorfigure", SQLITE_PLACE.format(q=Q, r="NEW")),
    "indicator_corridor_figure_delete": ("AFTER DELETE ON trade_corridorfigure", SQLITE_PLACE.format(q=Q, r="OLD")),
    "indicator_corridor_figure_update": (
        "AFTER UPDATE ON trade_corridorfigure",
        SQLITE_PLACE.format(q=Q, r="OLD") + SQLITE_PLACE.format(q=Q, r="NEW"),
    ),
    "indicator_corridor_source_update": (
        "AFTER UPDATE OF kind, economy_id, published_on ON trade_datasource",
        f"INSERT INTO {Q} (place_id) SELECT DISTINCT place_id FROM trade_corridorfigure WHERE source_id = NEW.id;",
    ),
    "indicator_place_economies_insert": (
        "AFTER INSERT ON trade_place_economies",
        SQLITE_PLACE.format(q=Q, r="NEW"),
    ),
    "indicator_place_economies_delete": (
        "AFTER DELETE ON trade_place_economies",
        SQLITE_PLACE.format(q=Q, r="OLD"),
    ),
    "indicator_corridor_target_insert": ("AFTER INSERT ON cooperation_corridortarget", target_rows("NEW")),
    "indicator_corridor_target_delete": ("AFTER DELETE ON cooperation_corridortarget", target_rows("OLD")),
    "indicator_corridor_target_update": (
        "AFTER UPDATE ON cooperation_corridortarget",
        target_rows("OLD") + " " + target_rows("NEW"),
    ),
}

# PostgreSQL: figures are queued once per statement from its transition tables; the rest per row.
PG_FUNCTIONS = {
    "indicator_places_new": f"INSERT INTO {Q} (place_id) SELECT DISTINCT place_id FROM new_rows;",
    "indicator_places_old": f"INSERT INTO {Q} (place_id) SELECT DISTINCT place_id FROM old_rows;",
    "indicator_places_both": (
        f"INSERT INTO {Q} (place_id) SELECT place_id FROM new_rows UNION SELECT place_id FROM old_rows;"
    ),
    "indicator_corridor_source": (
        f"INSERT INTO {Q} (place_id) SELECT DISTINCT place_id FROM trade_corridorfigure WHERE source_id = NEW.id;"
    ),
    "indicator_place_new": f"INSERT INTO {Q} (place_id) VALUES (NEW.place_id);",
    "indicator_place_old": f"INSERT INTO {Q} (place_id) VALUES (OLD.place_id);",
    "indicator_corridor_target_new": target_rows("NEW"),
    "indicator_corridor_target_old": target_rows("OLD"),
    "indicator_corridor_target_both": target_rows("OLD") + " " + target_rows("NEW"),
}
PG_TRIGGERS = {
    "indicator_corridor_figure_insert": (
        "AFTER INSERT ON trade_corridorfigure REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT",
        "indicator_places_new",
    ),
    "indicator_corridor_figure_delete": (
        "AFTER DELETE ON trade_corridorfigure REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT",
        "indicator_places_old",
    ),
    "indicator_corridor_figure_update": (
        "AFTER UPDATE ON trade_corridorfigure REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows "
        "FOR EACH STATEMENT",
        "indicator_places_both",
    ),
    "indicator_corridor_source_update": (
        "AFTER UPDATE OF kind, economy_id, published_on ON trade_datasource FOR EACH ROW",
        "indicator_corridor_source",
    ),
    "indicator_place_economies_insert": ("AFTER INSERT ON trade_place_economies FOR EACH ROW", "indicator_place_new"),
    "indicator_place_economies_delete": ("AFTER DELETE ON trade_place_economies FOR EACH ROW", "indicator_place_old"),
    "indicator_corridor_target_insert": (
        "AFTER INSERT ON cooperation_corridortarget FOR EACH ROW",
        "indicator_corridor_target_new",
    ),
    "indicator_corridor_target_delete": (
        "AFTER DELETE ON cooperation_corridortarget FOR EACH ROW",
        "indicator_corridor_target_old",
    ),
    "indicator_corridor_target_update": (
        "AFTER UPDATE ON cooperation_corridortarget FOR EACH ROW",
        "indicator_corridor_target_both",
    ),
}

# An update queues only when a column the indicators read changed (Django's save() writes every column).
CHANGED = {
    "indicator_corridor_source_update": SOURCE_COLUMNS,
    "indicator_corridor_target_update": TARGET_COLUMNS,
}


def changed(name, vendor):
    columns = CHANGED.get(name)
    if not columns:
        return ""
    if vendor == "postgresql":
        return " WHEN (" + " OR ".join(f"OLD.{c} IS DISTINCT FROM NEW.{c}" for c in columns) + ")"
    return " WHEN " + " OR ".join(f"OLD.{c} IS NOT NEW.{c}" for c in columns)


def table_of(event):
    return event.split(" ON ")[1].split()[0]


def install(apps, schema_editor):
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for name, body in PG_FUNCTIONS.items():
                cursor.execute(
                    f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS "
                    f"$$ BEGIN {body} RETURN NULL; END $$"
                )
            for name, (event, function) in PG_TRIGGERS.items():
                when = changed(name, "postgresql")
                cursor.execute(f"CREATE TRIGGER {name} {event}{when} EXECUTE FUNCTION {function}()")
        else:
            for name, (event, body) in SQLITE.items():
                cursor.execute(f"CREATE TRIGGER {name} {event} FOR EACH ROW{changed(name, 'sqlite')} BEGIN {body} END")
        cursor.execute(f"INSERT INTO {Q} (proposal_id) SELECT id FROM cooperation_proposal")


def uninstall(apps, schema_editor):
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for name, (event, _function) in PG_TRIGGERS.items():
                cursor.execute(f"DROP TRIGGER IF EXISTS {name} ON {table_of(event)}")
            for name in PG_FUNCTIONS:
                cursor.execute(f"DROP FUNCTION IF EXISTS {name}()")
        else:
            for name in SQLITE:
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("cooperation", "0028_corridor_indicators"), ("trade", "0011_change_precision_message")]

    operations = [migrations.RunPython(install, uninstall)]
