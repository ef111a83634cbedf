# ruff: noqa: S608 - fixed table names, no input
"""Each search document says whether a visitor may see its record, so a search filters on one column.

The flag is read by cooperation.search_index from each model's `visible_to` rule; here it is set once for
the documents already there, by the same rule in SQL. A statement is shown only when both its meeting
and its proposal are: its documents are queued again when its proposal's visibility changes (a
meeting's change already queues them, migration 0018).
"""

from django.db import migrations, models

QUEUE = "cooperation_searchqueue"
SET_PUBLIC = (
    "UPDATE cooperation_searchdocument SET public = ("
    "kind IN ('official', 'organization', 'source') "
    "OR (kind = 'proposal' AND EXISTS (SELECT 1 FROM cooperation_proposal p "
    "WHERE p.id = cooperation_searchdocument.object_id AND p.visibility = 'public')) "
    "OR (kind = 'meeting' AND EXISTS (SELECT 1 FROM cooperation_meeting m "
    "WHERE m.id = cooperation_searchdocument.object_id AND m.visibility = 'public')) "
    "OR (kind = 'statement' AND EXISTS (SELECT 1 FROM cooperation_raising r "
    "JOIN cooperation_meeting m ON m.id = r.meeting_id JOIN cooperation_proposal p ON p.id = r.proposal_id "
    "WHERE r.id = cooperation_searchdocument.object_id AND m.visibility = 'public' AND p.visibility = 'public')))"
)
QUEUE_STATEMENTS = f"INSERT INTO {QUEUE} (kind, object_id) SELECT 'statement', id FROM cooperation_raising WHERE proposal_id = NEW.id;"


def install(apps, schema_editor):
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        # Added in place: Django would rebuild the table on SQLite, dropping its full-text triggers.
        false = "false" if connection.vendor == "postgresql" else "0"
        cursor.execute(f"ALTER TABLE cooperation_searchdocument ADD COLUMN public boolean NOT NULL DEFAULT {false}")
        cursor.execute(SET_PUBLIC)
        if connection.vendor == "postgresql":
            cursor.execute(
                "CREATE OR REPLACE FUNCTION search_queue_statements_of_proposal() RETURNS trigger LANGUAGE plpgsql "
                f"AS $$ BEGIN {QUEUE_STATEMENTS} RETURN NULL; END $$"
            )
            cursor.execute(
                "CREATE TRIGGER search_queue_statements_of_proposal AFTER UPDATE ON cooperation_proposal "
                "FOR EACH ROW WHEN (OLD.visibility IS DISTINCT FROM NEW.visibility) "
                "EXECUTE FUNCTION search_queue_statements_of_proposal()"
            )
        else:
            cursor.execute(
                "CREATE TRIGGER search_queue_statements_of_proposal AFTER UPDATE ON cooperation_proposal "
                f"FOR EACH ROW WHEN OLD.visibility IS NOT NEW.visibility BEGIN {QUEUE_STATEMENTS} END"
            )


def uninstall(apps, schema_editor):
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE cooperation_searchdocument DROP COLUMN public")
        if connection.vendor == "postgresql":
            cursor.execute("DROP TRIGGER IF EXISTS search_queue_statements_of_proposal ON cooperation_proposal")
            cursor.execute("DROP FUNCTION IF EXISTS search_queue_statements_of_proposal()")
        else:
            cursor.execute("DROP TRIGGER IF EXISTS search_queue_statements_of_proposal")


class Migration(migrations.Migration):
    dependencies = [("cooperation", "0018_search_index")]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunPython(install, uninstall)],
            state_operations=[
                migrations.AddField(model_name="searchdocument", name="public", field=models.BooleanField(default=False))
            ],
        )
    ]
