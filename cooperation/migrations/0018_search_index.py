# ruff: noqa: S608 - fixed table names, no input
"""The full-text index of the search documents, and the triggers that queue every change to the records.

SQLite: an FTS5 table over the documents' folded text, kept in step by triggers on the documents.
PostgreSQL: a stored vector of the folded text (`simple`) and the Russian text (`russian`, stemmed), GIN-indexed.
On both, triggers on every table whose words a document holds queue the record to be re-read, in the
same transaction as the change, whatever made it (see cooperation.search_index).
"""

from django.db import migrations

QUEUE = "cooperation_searchqueue"

# (table, kind, the record's id in NEW/OLD); `{r}` is NEW or OLD.
DIRECT = [
    ("cooperation_proposal", "proposal", "{r}.id"),
    ("cooperation_meeting", "meeting", "{r}.id"),
    ("cooperation_raising", "statement", "{r}.id"),
    ("cooperation_official", "official", "{r}.id"),
    ("cooperation_position", "official", "{r}.official_id"),
    ("cooperation_organization", "organization", "{r}.id"),
    ("trade_datasource", "source", "{r}.id"),
]
# Records whose documents hold another table's words: an organization's name is in its officials', ...
INDIRECT = [
    (
        "cooperation_organization",
        "SELECT 'official', official_id FROM cooperation_position WHERE organization_id = {r}.id",
    ),
    ("cooperation_sector", "SELECT 'proposal', id FROM cooperation_proposal WHERE sector_id = {r}.id"),
    # A statement holds its speaker's name and is dated by its meeting; an organization names its economy.
    ("cooperation_official", "SELECT 'statement', id FROM cooperation_raising WHERE raised_by_id = {r}.id"),
    ("cooperation_meeting", "SELECT 'statement', id FROM cooperation_raising WHERE meeting_id = {r}.id"),
    ("trade_economy", "SELECT 'organization', id FROM cooperation_organization WHERE economy_id = {r}.id"),
]


def statements(table, row):
    sql = [
        f"INSERT INTO {QUEUE} (kind, object_id) VALUES ('{kind}', {key.format(r=row)});"
        for name, kind, key in DIRECT
        if name == table
    ]
    sql += [f"INSERT INTO {QUEUE} (kind, object_id) {select.format(r=row)};" for name, select in INDIRECT if name == table]
    return " ".join(sql)


TABLES = sorted({name for name, *_rest in DIRECT} | {name for name, _select in INDIRECT})

SQLITE_FTS = [
    "CREATE VIRTUAL TABLE search_fts USING fts5(text, content='cooperation_searchdocument', content_rowid='id', "
    "tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER search_fts_insert AFTER INSERT ON cooperation_searchdocument BEGIN "
    "INSERT INTO search_fts (rowid, text) VALUES (NEW.id, NEW.text); END",
    "CREATE TRIGGER search_fts_delete AFTER DELETE ON cooperation_searchdocument BEGIN "
    "INSERT INTO search_fts (search_fts, rowid, text) VALUES ('delete', OLD.id, OLD.text); END",
    "CREATE TRIGGER search_fts_update AFTER UPDATE ON cooperation_searchdocument BEGIN "
    "INSERT INTO search_fts (search_fts, rowid, text) VALUES ('delete', OLD.id, OLD.text); "
    "INSERT INTO search_fts (rowid, text) VALUES (NEW.id, NEW.text); END",
]
# A stored vector (a generated column the model does not know), so ranking reads it instead of re-parsing.
PG_INDEX = [
    "ALTER TABLE cooperation_searchdocument ADD COLUMN vector tsvector GENERATED ALWAYS AS "
    "(to_tsvector('simple'::regconfig, text) || to_tsvector('russian'::regconfig, text_ru)) STORED",
    "CREATE INDEX search_document_fts ON cooperation_searchdocument USING GIN (vector)",
]


def install(apps, schema_editor):
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for sql in PG_INDEX:
                cursor.execute(sql)
            for table in TABLES:
                body = (
                    f"IF TG_OP IN ('INSERT', 'UPDATE') THEN {statements(table, 'NEW')} END IF; "
                    f"IF TG_OP IN ('DELETE', 'UPDATE') THEN {statements(table, 'OLD')} END IF; RETURN NULL;"
                )
                cursor.execute(
                    f"CREATE OR REPLACE FUNCTION search_queue_{table}() RETURNS trigger LANGUAGE plpgsql AS "
                    f"$$ BEGIN {body} END $$"
                )
                cursor.execute(
                    f"CREATE TRIGGER search_queue_{table} AFTER INSERT OR UPDATE OR DELETE ON {table} "
                    f"FOR EACH ROW EXECUTE FUNCTION search_queue_{table}()"
                )
        else:
            for sql in SQLITE_FTS:
                cursor.execute(sql)
            for table in TABLES:
                for event, rows in (("INSERT", ["NEW"]), ("DELETE", ["OLD"]), ("UPDATE", ["OLD", "NEW"])):
                    body = " ".join(statements(table, row) for row in rows)
                    cursor.execute(
                        f"CREATE TRIGGER search_queue_{event.lower()}_{table} AFTER {event} ON {table} "
                        f"FOR EACH ROW BEGIN {body} END"
                    )
        # Every record already there is read once by the first search.
        for table, kind, key in DIRECT:
            if table != "cooperation_position":
                cursor.execute(f"INSERT INTO {QUEUE} (kind, object_id) SELECT '{kind}', id FROM {table}")


def uninstall(apps, schema_editor):
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("DROP INDEX IF EXISTS search_document_fts")
            cursor.execute("ALTER TABLE cooperation_searchdocument DROP COLUMN IF EXISTS vector")
            for table in TABLES:
                cursor.execute(f"DROP TRIGGER IF EXISTS search_queue_{table} ON {table}")
                cursor.execute(f"DROP FUNCTION IF EXISTS search_queue_{table}()")
        else:
            for table in TABLES:
                for event in ("insert", "delete", "update"):
                    cursor.execute(f"DROP TRIGGER IF EXISTS search_queue_{event}_{table}")
            for name in ("search_fts_insert", "search_fts_delete", "search_fts_update"):
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
            cursor.execute("DROP TABLE IF EXISTS search_fts")


class Migration(migrations.Migration):
    dependencies = [("cooperation", "0017_search_documents"), ("trade", "0009_product_group_names")]

    operations = [migrations.RunPython(install, uninstall)]
