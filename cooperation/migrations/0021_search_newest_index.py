"""PostgreSQL: the search documents in the order a common word's results are listed, newest first.

A word in more than `search_index.RANKED_AT_MOST` records lists them newest first; with this index
PostgreSQL walks the documents in that order and stops at the page, instead of reading every match
and sorting them (45 ms to 7 ms for a word in 50,000 records). SQLite's full-text index drives its
search, so it has no use for it.
"""

from django.db import migrations

INDEX = "search_document_newest"


def install(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX {INDEX} ON cooperation_searchdocument (date DESC NULLS LAST, kind, id)"
        )


def uninstall(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("cooperation", "0020_summary_indexes")]

    operations = [migrations.RunPython(install, uninstall)]
