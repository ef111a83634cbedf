"""The job queue's tables on PostgreSQL (Huey's own schema), made here so that no process makes them
at start-up. On SQLite the queue is a file of its own beside the database, made by Huey."""

from django.db import migrations


def queue_ddl():
    from huey.storage import PostgresStorage

    return PostgresStorage("cooperation", create_tables=False).ddl


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in queue_ddl():
            schema_editor.execute(statement)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for table in ("huey_kv", "huey_schedule", "huey_task", "huey_counter"):
            schema_editor.execute(f"DROP TABLE IF EXISTS {table}")


class Migration(migrations.Migration):
    dependencies = [("notifications", "0001_initial")]

    operations = [migrations.RunPython(create, drop)]
