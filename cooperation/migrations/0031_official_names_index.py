"""SQLite: a trigram index of the officials' spellings (`name_key`), so that the officials whose spellings hold
three letters of a name searched for are read from an index, not by testing every official (search.py).

Kept in step by triggers on the officials' table, whatever writes it. A migration that rebuilds that table
(SQLite does, to add a column with a default) drops them: make them again there, as this one does.
"""

from django.db import migrations

SQLITE = [
    "CREATE VIRTUAL TABLE official_names USING fts5(name_key, content='cooperation_official', content_rowid='id', "
    "tokenize='trigram')",
    "CREATE TRIGGER official_names_insert AFTER INSERT ON cooperation_official BEGIN "
    "INSERT INTO official_names (rowid, name_key) VALUES (NEW.id, NEW.name_key); END",
    "CREATE TRIGGER official_names_delete AFTER DELETE ON cooperation_official BEGIN "
    "INSERT INTO official_names (official_names, rowid, name_key) VALUES ('delete', OLD.id, OLD.name_key); END",
    "CREATE TRIGGER official_names_update AFTER UPDATE OF name_key ON cooperation_official BEGIN "
    "INSERT INTO official_names (official_names, rowid, name_key) VALUES ('delete', OLD.id, OLD.name_key); "
    "INSERT INTO official_names (rowid, name_key) VALUES (NEW.id, NEW.name_key); END",
    "INSERT INTO official_names (official_names) VALUES ('rebuild')",
]


def install(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for sql in SQLITE:
            schema_editor.execute(sql)


def uninstall(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for name in ("insert", "delete", "update"):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS official_names_{name}")
        schema_editor.execute("DROP TABLE IF EXISTS official_names")


class Migration(migrations.Migration):
    dependencies = [("cooperation", "0030_search_index_parts")]

    operations = [migrations.RunPython(install, uninstall)]
