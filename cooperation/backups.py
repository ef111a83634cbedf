"""Consistent copies of the database while the app runs, and bringing one back.

SQLite: the online backup API copies a consistent snapshot page by page while
other processes go on writing. PostgreSQL: pg_dump reads one snapshot too.
"""

import os
import shutil
import sqlite3
import subprocess

from django.db import connection

from pagecache import stamp as stamps


class BackupError(RuntimeError):
    pass


def _pg_env_and_args():
    settings = connection.settings_dict
    env = {**os.environ}
    if settings.get("PASSWORD"):
        env["PGPASSWORD"] = settings["PASSWORD"]
    args = ["--dbname", settings["NAME"], "--username", settings.get("USER") or "postgres"]
    if settings.get("HOST"):
        args += ["--host", settings["HOST"]]
    if settings.get("PORT"):
        args += ["--port", str(settings["PORT"])]
    return env, args


def _tool(name):
    path = shutil.which(name)
    if path is None:
        raise BackupError(f"{name} is not installed; install the PostgreSQL client tools.")
    return path


def backup(path):
    """Write a consistent copy of the whole database to `path`."""
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        target = sqlite3.connect(path)
        try:
            connection.connection.backup(target)
        finally:
            target.close()
    elif connection.vendor == "postgresql":
        env, args = _pg_env_and_args()
        _run([_tool("pg_dump"), "--format=custom", "--no-owner", "--file", str(path), *args], env)
    else:
        raise BackupError(f"No backup for {connection.vendor}.")


def restore(path):
    """Replace the database's content with the copy at `path`. Stop the app servers first."""
    if not os.path.isfile(path):
        raise BackupError(f"{path}: no such file.")
    before = stamps.stamp()
    _restore(path)
    # The copy holds the stamp it was made at, lower than today's: raise it past every stamp a cached page
    # may have been kept under, and stamp any table the copy left without triggers.
    stamps.install()
    stamps.advance_past(before)


def _restore(path):
    if connection.vendor == "sqlite":
        source = sqlite3.connect(path)
        try:
            source.execute("PRAGMA schema_version").fetchone()
        except sqlite3.DatabaseError as exc:
            source.close()
            raise BackupError(f"{path} is not an SQLite backup: {exc}") from None
        connection.ensure_connection()
        try:
            source.backup(connection.connection)
        finally:
            source.close()
    elif connection.vendor == "postgresql":
        env, args = _pg_env_and_args()
        connection.close()  # our own connection would hold locks on the tables being replaced
        _run(
            [_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--single-transaction", *args, str(path)], env
        )
    else:
        raise BackupError(f"No restore for {connection.vendor}.")


def _run(command, env):
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(result.stderr.strip() or f"{command[0]} failed ({result.returncode}).")
