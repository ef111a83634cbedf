"""Settings come from the environment and fail loudly on bad production values."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def start(**env):
    """Load the real settings in a fresh interpreter with exactly this environment."""
    clean = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG", "ALLOWED_HOSTS", "DATABASE_URL"}}
    clean.update(env, DJANGO_SETTINGS_MODULE="cooperation.settings")
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings; "
            "print(settings.DATABASES['default']['ENGINE'])",
        ],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_without_secret_key_refuses_to_start():
    result = start(DEBUG="0", ALLOWED_HOSTS="example.org")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_without_allowed_hosts_refuses_to_start():
    result = start(DEBUG="0", SECRET_KEY="s" * 50)
    assert result.returncode != 0
    assert "ALLOWED_HOSTS" in result.stderr


def test_bad_debug_value_is_named():
    result = start(DEBUG="maybe")
    assert result.returncode != 0
    assert "DEBUG must be one of" in result.stderr


def test_unknown_database_is_refused():
    result = start(DEBUG="1", DATABASE_URL="mysql://root@localhost/x")
    assert result.returncode != 0
    assert "DATABASE_URL" in result.stderr


def test_debug_starts_on_sqlite_by_default():
    result = start(DEBUG="1")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "django.db.backends.sqlite3"


def test_postgres_is_chosen_by_database_url():
    result = start(DEBUG="0", SECRET_KEY="s" * 50, ALLOWED_HOSTS="example.org", DATABASE_URL="postgres://u@h/db")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "django.db.backends.postgresql"


@pytest.mark.django_db
def test_sqlite_is_set_up_for_several_processes(settings):
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA busy_timeout")
        assert cursor.fetchone()[0] >= 1000
    assert settings.DATABASES["default"]["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert "journal_mode=WAL" in settings.DATABASES["default"]["OPTIONS"]["init_command"]


def values(names, **env):
    """These settings as the real settings module makes them from exactly this environment."""
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SECRET_KEY", "DEBUG", "ALLOWED_HOSTS", "DATABASE_URL", "HTTPS", "HSTS_PRELOAD"}
        and not k.startswith("SESSION_")
    }
    clean.update(env, DJANGO_SETTINGS_MODULE="cooperation.settings")
    code = "import django; django.setup(); from django.conf import settings as s; " + "; ".join(
        f"print(repr(getattr(s, {name!r}, None)))" for name in names
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=clean, capture_output=True, text=True, check=False
    )
    return result, result.stdout.split("\n")[: len(names)]


PRODUCTION = {"DEBUG": "0", "SECRET_KEY": "s" * 50, "ALLOWED_HOSTS": "example.org"}
HSTS = ["SECURE_HSTS_SECONDS", "SECURE_HSTS_PRELOAD", "SILENCED_SYSTEM_CHECKS"]


def test_hsts_preload_is_off_by_default():
    result, (seconds, preload, silenced) = values(HSTS, **PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert seconds == "31536000"  # HSTS itself is on
    assert preload == "False"
    assert "security.W021" in silenced  # check --deploy knows it is a choice


def test_hsts_preload_is_asked_for_by_the_environment():
    result, (_seconds, preload, silenced) = values(HSTS, **PRODUCTION, HSTS_PRELOAD="1")
    assert result.returncode == 0, result.stderr
    assert preload == "True"
    assert "security.W021" not in silenced


def test_hsts_preload_needs_https():
    result, (_seconds, preload, _silenced) = values(HSTS, **PRODUCTION, HTTPS="0", HSTS_PRELOAD="1")
    assert result.returncode == 0, result.stderr
    assert preload == "False"


def test_hsts_preload_bad_value_is_named():
    result, _values = values(HSTS, **PRODUCTION, HSTS_PRELOAD="sometimes")
    assert result.returncode != 0
    assert "HSTS_PRELOAD must be one of" in result.stderr


SESSION = ["SESSION_COOKIE_AGE", "SESSION_EXPIRE_AT_BROWSER_CLOSE"]


def test_sessions_are_short_and_end_with_the_browser_by_default():
    result, (age, at_close) = values(SESSION, **PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert age == str(8 * 3600)
    assert at_close == "True"


def test_session_length_and_browser_close_come_from_the_environment():
    result, (age, at_close) = values(SESSION, **PRODUCTION, SESSION_HOURS="2", SESSION_EXPIRE_AT_BROWSER_CLOSE="0")
    assert result.returncode == 0, result.stderr
    assert age == str(2 * 3600)
    assert at_close == "False"


@pytest.mark.parametrize(("hours", "message"), [("0", "at least 1"), ("-3", "at least 1"), ("8h", "whole number")])
def test_bad_session_hours_are_named(hours, message):
    result, _values = values(SESSION, **PRODUCTION, SESSION_HOURS=hours)
    assert result.returncode != 0
    assert "SESSION_HOURS" in result.stderr
    assert message in result.stderr


@pytest.mark.django_db
def test_a_login_cookie_ends_with_the_browser_and_the_session_after_hours(client, settings):
    from django.urls import reverse

    from tests.factories import StaffFactory

    StaffFactory(username="clerk", password="the-right-password-123")
    response = client.post(reverse("login"), {"username": "clerk", "password": "the-right-password-123"})
    assert response.status_code == 302
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert not cookie["max-age"]
    assert not cookie["expires"]  # a browser-session cookie
    assert client.session.get_expiry_age() == 8 * 3600
    assert client.session.get_expire_at_browser_close()
