# ruff: noqa: S608 - fixed table names, no input
"""The search documents get ids that say where they are listed (`SearchDocument.key`) and what a result shows
(`titles`, `link`); SQLite's full-text index gets prefix indexes, so that a word typed in part is one list to
read, not a merge of every word it starts.

Every document is read again: the records are queued, and the first search (or `manage.py rebuild_search`)
re-reads them. On SQLite, adding the columns rebuilds the documents' table, which drops its triggers: they
are made again with the new index.
"""

import importlib

from django.db import migrations, models

search_index = importlib.import_module("cooperation.migrations.0018_search_index")

PREFIXES = "2 3 4 5 6 7 8"


def fts(prefixes):
    prefix = f", prefix='{prefixes}'" if prefixes else ""
    return (
        "CREATE VIRTUAL TABLE search_fts USING fts5(text, content='cooperation_searchdocument', content_rowid='id', "
        f"tokenize='unicode61 remove_diacritics 2'{prefix})"
    )


def reread(schema_editor, prefixes):
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("DELETE FROM cooperation_searchdocument")  # SQLite's index is made anew below
        if schema_editor.connection.vendor == "sqlite":
            cursor.execute("DROP TABLE search_fts")
            for name in ("search_fts_insert", "search_fts_delete", "search_fts_update"):
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
            cursor.execute(fts(prefixes))
            for trigger in search_index.SQLITE_FTS[1:]:
                cursor.execute(trigger)
        cursor.execute(f"DELETE FROM {search_index.QUEUE}")
        for table, kind, _key in search_index.DIRECT:
            if table != "cooperation_position":
                cursor.execute(f"INSERT INTO {search_index.QUEUE} (kind, object_id) SELECT '{kind}', id FROM {table}")


def forwards(apps, schema_editor):
    reread(schema_editor, PREFIXES)


def backwards(apps, schema_editor):
    reread(schema_editor, None)


class Migration(migrations.Migration):
    dependencies = [("cooperation", "0029_corridor_indicator_triggers")]

    # Each way, the index is made again after the columns change, as that rebuilds the table.
    operations = [
        migrations.RunPython(migrations.RunPython.noop, backwards),
        migrations.AddField(
            model_name="searchdocument", name="link", field=models.CharField(blank=True, max_length=200)
        ),
        migrations.AddField(model_name="searchdocument", name="titles", field=models.JSONField(default=dict)),
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
