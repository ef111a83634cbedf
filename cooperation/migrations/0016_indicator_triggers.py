"""Triggers that queue every change a proposal's indicator depends on (see cooperation.indicator_store).

Figures, sources, economies, proposals and both target-group tables write a row to the queue in the
same transaction as the change, whatever wrote it. Existing proposals are queued once, so the first
read computes them.
"""

from django.db import migrations

Q = "cooperation_indicatorqueue"
TARGETS = "sector_id, from_economy_id, to_economy_id, baseline_year, target_direction"

# SQLite: row triggers. Figures queue their pair once until a refresh takes it (a refresh takes the
# queue in the write transaction that reads the figures, and SQLite has one writer at a time).
SQLITE_PAIR = (
    "INSERT INTO {q} (economy_a, economy_b) SELECT {r}.reporter_id, {r}.partner_id WHERE NOT EXISTS "
    "(SELECT 1 FROM {q} WHERE economy_a = {r}.reporter_id AND economy_b = {r}.partner_id);"
)
SQLITE = {
    "indicator_figure_insert": ("AFTER INSERT ON trade_tradefigure", SQLITE_PAIR.format(q=Q, r="NEW")),
    "indicator_figure_delete": ("AFTER DELETE ON trade_tradefigure", SQLITE_PAIR.format(q=Q, r="OLD")),
    "indicator_figure_update": (
        "AFTER UPDATE ON trade_tradefigure",
        SQLITE_PAIR.format(q=Q, r="OLD") + SQLITE_PAIR.format(q=Q, r="NEW"),
    ),
    "indicator_source_update": (
        "AFTER UPDATE OF kind, economy_id, published_on ON trade_datasource",
        "INSERT INTO cooperation_indicatorqueue (economy_a, economy_b) SELECT DISTINCT reporter_id, partner_id "
        "FROM trade_tradefigure WHERE source_id = NEW.id;",
    ),
    "indicator_economy_update": (
        "AFTER UPDATE OF parent_id ON trade_economy",
        "INSERT INTO cooperation_indicatorqueue (economy_a) VALUES (NEW.id);",
    ),
    "indicator_proposal_insert": (
        "AFTER INSERT ON cooperation_proposal",
        "INSERT INTO cooperation_indicatorqueue (proposal_id) VALUES (NEW.id);",
    ),
    "indicator_proposal_update": (
        f"AFTER UPDATE OF {TARGETS} ON cooperation_proposal",
        "INSERT INTO cooperation_indicatorqueue (proposal_id) VALUES (NEW.id);",
    ),
    "indicator_targets_insert": (
        "AFTER INSERT ON cooperation_proposal_target_product_groups",
        "INSERT INTO cooperation_indicatorqueue (proposal_id) VALUES (NEW.proposal_id);",
    ),
    "indicator_targets_delete": (
        "AFTER DELETE ON cooperation_proposal_target_product_groups",
        "INSERT INTO cooperation_indicatorqueue (proposal_id) VALUES (OLD.proposal_id);",
    ),
    "indicator_sector_groups_insert": (
        "AFTER INSERT ON cooperation_sector_product_groups",
        "INSERT INTO cooperation_indicatorqueue (proposal_id) SELECT id FROM cooperation_proposal "
        "WHERE sector_id = NEW.sector_id;",
    ),
    "indicator_sector_groups_delete": (
        "AFTER DELETE ON cooperation_sector_product_groups",
        "INSERT INTO cooperation_indicatorqueue (proposal_id) SELECT id FROM cooperation_proposal "
        "WHERE sector_id = OLD.sector_id;",
    ),
}

# PostgreSQL: figures are queued once per statement from its transition tables (a bulk insert of a
# million figures queues each pair once per statement); the rest per row.
PG_FUNCTIONS = {
    "indicator_pairs_new": "INSERT INTO cooperation_indicatorqueue (economy_a, economy_b) "
    "SELECT DISTINCT reporter_id, partner_id FROM new_rows;",
    "indicator_pairs_old": "INSERT INTO cooperation_indicatorqueue (economy_a, economy_b) "
    "SELECT DISTINCT reporter_id, partner_id FROM old_rows;",
    "indicator_pairs_both": (
        "INSERT INTO cooperation_indicatorqueue (economy_a, economy_b) SELECT reporter_id, partner_id FROM new_rows "
        "UNION SELECT reporter_id, partner_id FROM old_rows;"
    ),
    "indicator_source": (
        "INSERT INTO cooperation_indicatorqueue (economy_a, economy_b) SELECT DISTINCT reporter_id, partner_id "
        "FROM trade_tradefigure WHERE source_id = NEW.id;"
    ),
    "indicator_economy": "INSERT INTO cooperation_indicatorqueue (economy_a) VALUES (NEW.id);",
    "indicator_proposal": "INSERT INTO cooperation_indicatorqueue (proposal_id) VALUES (NEW.id);",
    "indicator_targets_new": "INSERT INTO cooperation_indicatorqueue (proposal_id) VALUES (NEW.proposal_id);",
    "indicator_targets_old": "INSERT INTO cooperation_indicatorqueue (proposal_id) VALUES (OLD.proposal_id);",
    "indicator_sector_new": "INSERT INTO cooperation_indicatorqueue (proposal_id) SELECT id FROM cooperation_proposal "
    "WHERE sector_id = NEW.sector_id;",
    "indicator_sector_old": "INSERT INTO cooperation_indicatorqueue (proposal_id) SELECT id FROM cooperation_proposal "
    "WHERE sector_id = OLD.sector_id;",
}
PG_TRIGGERS = {
    "indicator_figure_insert": (
        "AFTER INSERT ON trade_tradefigure REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT",
        "indicator_pairs_new",
    ),
    "indicator_figure_delete": (
        "AFTER DELETE ON trade_tradefigure REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT",
        "indicator_pairs_old",
    ),
    "indicator_figure_update": (
        "AFTER UPDATE ON trade_tradefigure REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT",
        "indicator_pairs_both",
    ),
    "indicator_source_update": (
        "AFTER UPDATE OF kind, economy_id, published_on ON trade_datasource FOR EACH ROW",
        "indicator_source",
    ),
    "indicator_economy_update": ("AFTER UPDATE OF parent_id ON trade_economy FOR EACH ROW", "indicator_economy"),
    "indicator_proposal_insert": ("AFTER INSERT ON cooperation_proposal FOR EACH ROW", "indicator_proposal"),
    "indicator_proposal_update": (
        f"AFTER UPDATE OF {TARGETS} ON cooperation_proposal FOR EACH ROW",
        "indicator_proposal",
    ),
    "indicator_targets_insert": (
        "AFTER INSERT ON cooperation_proposal_target_product_groups FOR EACH ROW",
        "indicator_targets_new",
    ),
    "indicator_targets_delete": (
        "AFTER DELETE ON cooperation_proposal_target_product_groups FOR EACH ROW",
        "indicator_targets_old",
    ),
    "indicator_sector_groups_insert": (
        "AFTER INSERT ON cooperation_sector_product_groups FOR EACH ROW",
        "indicator_sector_new",
    ),
    "indicator_sector_groups_delete": (
        "AFTER DELETE ON cooperation_sector_product_groups FOR EACH ROW",
        "indicator_sector_old",
    ),
}


# An update queues only when a column the indicators read changed (Django's save() writes every column).
CHANGED = {
    "indicator_source_update": ("kind", "economy_id", "published_on"),
    "indicator_economy_update": ("parent_id",),
    "indicator_proposal_update": tuple(column.strip() for column in TARGETS.split(",")),
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
        cursor.execute("INSERT INTO cooperation_indicatorqueue (proposal_id) SELECT id FROM cooperation_proposal")


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
    dependencies = [("cooperation", "0015_proposal_indicators"), ("trade", "0009_product_group_names")]

    operations = [migrations.RunPython(install, uninstall)]
