"""Production settings, security headers and login throttling."""

import datetime
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

from tests.factories import StaffFactory

ROOT = Path(__file__).resolve().parent.parent


def test_check_deploy_reports_no_warnings():
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "HTTPS", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE", "TWO_FACTOR_REQUIRED"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="cooperation.settings",
        DEBUG="0",
        SECRET_KEY="a-long-random-production-secret-key-with-enough-entropy-0123456789",
        ALLOWED_HOSTS="tracker.example.org",
        EMAIL_HOST="smtp.example.org",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
    without_mail = {**env, "EMAIL_HOST": ""}
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=without_mail,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert "notifications.W001" in result.stderr + result.stdout
    # Two-factor sign-in is on by default in production; turned off, the check says so.
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env={**env, "TWO_FACTOR_REQUIRED": "0"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert "twofactor.W001" in result.stderr + result.stdout


@pytest.mark.django_db
def test_security_headers_on_every_page(client):
    response = client.get(reverse("cooperation:home"))
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "script-src 'self'" in csp
    assert "style-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


@pytest.mark.django_db
def test_https_settings_when_served_over_https(settings, client):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31536000
    response = client.get(reverse("cooperation:home"))
    assert response.status_code == 301
    assert response["Location"].startswith("https://")
    secure = client.get(reverse("cooperation:home"), secure=True)
    assert secure["Strict-Transport-Security"].startswith("max-age=31536000")


def test_production_cookies_are_secure_by_default():
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "HTTPS"}}
    env.update(DJANGO_SETTINGS_MODULE="cooperation.settings", DEBUG="0", SECRET_KEY="k" * 50, ALLOWED_HOSTS="x.org")
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS)"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    assert result.stdout.split() == ["True", "True", "True", "31536000"]


def test_proxy_header_is_trusted_only_when_told():
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "BEHIND_HTTPS_PROXY"}}
    env.update(DJANGO_SETTINGS_MODULE="cooperation.settings", DEBUG="1")
    code = "import django; django.setup(); from django.conf import settings as s; print(s.SECURE_PROXY_SSL_HEADER)"
    plain = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    assert plain.stdout.strip() == "None"
    env["BEHIND_HTTPS_PROXY"] = "1"
    proxied = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    )
    assert "HTTP_X_FORWARDED_PROTO" in proxied.stdout


@pytest.mark.django_db
def test_repeated_failed_logins_lock_out_that_user_and_address(client, settings):
    StaffFactory(username="clerk", password="the-right-password-123")
    login = reverse("login")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = client.post(login, {"username": "clerk", "password": "wrong"})
        assert response.status_code == 200
        assert "Please enter a correct username and password" in response.content.decode()
    response = client.post(login, {"username": "clerk", "password": "wrong"})
    assert response.status_code == 429
    assert "Too many failed logins" in response.content.decode()
    # Even the right password is refused now, from this address.
    response = client.post(login, {"username": "clerk", "password": "the-right-password-123"})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    # Another address may still log in as the same user.
    other = client.__class__(REMOTE_ADDR="10.9.8.7")
    response = other.post(login, {"username": "clerk", "password": "the-right-password-123"})
    assert response.status_code == 302


@pytest.mark.django_db
def test_a_successful_login_resets_the_count(client, settings):
    StaffFactory(username="clerk", password="the-right-password-123")
    login = reverse("login")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        client.post(login, {"username": "clerk", "password": "wrong"})
    assert client.post(login, {"username": "clerk", "password": "the-right-password-123"}).status_code == 302
    client.logout()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert client.post(login, {"username": "clerk", "password": "wrong"}).status_code == 200


def lock_out(client, settings):
    StaffFactory(username="clerk", password="the-right-password-123")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = client.post(reverse("login"), {"username": "clerk", "password": "wrong"})
    assert response.status_code == 429
    return response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("cooloff", "shown"),
    [
        (datetime.timedelta(minutes=15), "Try again in 15\xa0minutes,"),
        (datetime.timedelta(hours=1), "Try again in 1\xa0hour,"),
        (datetime.timedelta(minutes=1), "Try again in 1\xa0minute,"),
        (datetime.timedelta(hours=2, minutes=30), "Try again in 2\xa0hours, 30\xa0minutes,"),
    ],
)
def test_lockout_page_says_how_long_in_words(client, settings, cooloff, shown):
    settings.AXES_COOLOFF_TIME = cooloff
    content = lock_out(client, settings)
    assert shown in content
    assert not re.search(r"\bPT\d", content)  # no ISO 8601 duration such as PT15M
