"""Two-factor sign-in: set-up, the second step at every sign-in (site and admin), backup codes, throttling,
the staff requirement, a superuser's reset after a lost device, and bad input."""

import datetime
import re
import time

import pytest
import time_machine
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import (
    AuthenticatorFactory,
    DraftProposalFactory,
    ManagerFactory,
    SecondFactorEventFactory,
    StaffFactory,
    SuperuserFactory,
    UserFactory,
)
from twofactor import services
from twofactor.checks import required_in_production
from twofactor.models import SecondFactorEvent

PASSWORD = "correct horse battery staple"  # noqa: S105 - the factories' password
SETUP, VERIFY = reverse("twofactor:setup"), reverse("twofactor:verify")
pytestmark = pytest.mark.django_db


def code(device, at=None):
    """The code the app shows at `at` (now by default)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = at if at is not None else time.time()
    return f"{totp.token():0{device.digits}d}"


def sign_in(user, url="/accounts/login/"):
    client = Client()
    response = client.post(url, {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302, response.content[:500]
    return client


def enrolled(user):
    device = AuthenticatorFactory(user=user)
    codes = services._new_codes(user)
    return device, codes


def test_setting_up_an_app():
    user = ManagerFactory()
    client = sign_in(user)
    page = client.get(SETUP).content.decode()
    assert "Two-factor sign-in is off" in page
    assert client.post(SETUP, {"action": "start"}).status_code == 302
    device = TOTPDevice.objects.get(user=user)
    assert not device.confirmed
    page = client.get(SETUP).content.decode()
    assert "<svg" in page
    assert services.secret_text(device) in page

    # A wrong code confirms nothing.
    wrong = f"{(int(code(device)) + 1) % 1_000_000:06d}"
    response = client.post(SETUP, {"action": "confirm", "code": wrong})
    assert "That code is not right" in response.content.decode()
    device.refresh_from_db()
    assert not device.confirmed
    assert not SecondFactorEvent.objects.exists()

    device.throttle_reset()
    response = client.post(SETUP, {"action": "confirm", "code": code(device)})
    page = response.content.decode()
    device.refresh_from_db()
    assert device.confirmed
    shown = re.findall(r"<li><code>([a-z2-7]+)</code></li>", page)
    assert len(shown) == services.BACKUP_CODES
    assert sorted(shown) == sorted(StaticToken.objects.filter(device__user=user).values_list("token", flat=True))
    assert list(SecondFactorEvent.objects.values_list("action", "by")) == [("enrolled", user.pk)]
    # Shown once: the page afterwards counts them and shows none.
    page = client.get(SETUP).content.decode()
    assert "10 backup codes left." in page
    assert shown[0] not in page


def test_a_password_alone_reaches_only_the_code_page():
    user = ManagerFactory()
    device, _codes = enrolled(user)
    marker = DraftProposalFactory(title="DRAFT-MARKER-2FA").title
    client = sign_in(user)
    for path in ["/manage/", "/admin/", "/my/", "/proposals/", SETUP]:
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith(f"{VERIFY}?next="), path
    # The API answers as to any visitor: no draft.
    assert marker not in client.get("/api/v1/proposals/").content.decode()

    response = client.post(VERIFY, {"code": "000000" if code(device) != "000000" else "111111", "next": "/manage/"})
    assert response.status_code == 200
    assert "That code is not right" in response.content.decode()
    assert client.get("/manage/").status_code == 302

    device.throttle_reset()
    response = client.post(VERIFY, {"code": code(device), "next": "/manage/"})
    assert response.status_code == 302
    assert response["Location"] == "/manage/"
    assert client.get("/manage/").status_code == 200
    assert marker in client.get("/api/v1/proposals/").content.decode()


def test_the_admin_sign_in_goes_through_it():
    user = SuperuserFactory()
    device, _codes = enrolled(user)
    client = sign_in(user, "/admin/login/?next=/admin/")
    response = client.get("/admin/")
    assert response["Location"] == f"{VERIFY}?next=/admin/"
    client.post(VERIFY, {"code": code(device)})
    assert client.get("/admin/").status_code == 200


def test_a_backup_code_works_once():
    user = StaffFactory()
    _device, codes = enrolled(user)
    client = sign_in(user)
    response = client.post(VERIFY, {"code": codes[0].upper()[:4] + " " + codes[0][4:], "next": "/my/"})
    assert response["Location"] == "/my/"
    assert SecondFactorEvent.objects.filter(user=user, action="backup_code_used").count() == 1
    assert not StaticToken.objects.filter(token=codes[0]).exists()

    again = sign_in(user)
    response = again.post(VERIFY, {"code": codes[0]})
    assert response.status_code == 200
    assert "That code is not right" in response.content.decode()


def test_wrong_codes_are_throttled():
    user = StaffFactory()
    device, _codes = enrolled(user)
    client = sign_in(user)
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        client.post(VERIFY, {"code": "12345x"})  # a wrong backup code
        client.post(VERIFY, {"code": f"{(int(code(device)) + 7) % 1_000_000:06d}"})
        response = client.post(VERIFY, {"code": code(device)})
        assert "Too many wrong codes" in response.content.decode()
        assert client.get("/my/").status_code == 302
    later = start + datetime.timedelta(seconds=5)
    with time_machine.travel(later, tick=False):
        response = client.post(VERIFY, {"code": code(device, later.timestamp()), "next": "/my/"})
        assert response["Location"] == "/my/"


def test_staff_must_set_one_up_where_required(settings):
    settings.TWO_FACTOR_REQUIRED = True
    staff = StaffFactory()
    client = sign_in(staff)
    response = client.get("/admin/")
    assert response["Location"] == f"{SETUP}?next=/admin/"
    assert client.get(VERIFY).status_code == 302  # nothing to verify yet: the step is the set-up
    page = client.get(SETUP).content.decode()
    assert "Staff accounts sign in with a second factor" in page
    client.post(SETUP, {"action": "start"})
    device = TOTPDevice.objects.get(user=staff)
    client.post(SETUP, {"action": "confirm", "code": code(device)})
    assert client.get("/admin/").status_code == 200
    # Staff may not turn it off; nothing changes.
    response = client.post(SETUP, {"action": "off"}, follow=True)
    assert "Staff accounts must keep a second factor." in response.content.decode()
    assert TOTPDevice.objects.filter(user=staff, confirmed=True).exists()

    # An account without staff rights is not asked.
    visitor = sign_in(UserFactory())
    assert visitor.get("/my/").status_code == 200


def test_others_may_turn_it_off():
    user = UserFactory()
    device, _codes = enrolled(user)
    client = sign_in(user)
    client.post(VERIFY, {"code": code(device)})
    response = client.post(SETUP, {"action": "off"}, follow=True)
    assert "Two-factor sign-in is off for your account." in response.content.decode()
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert not StaticDevice.objects.filter(user=user).exists()
    assert SecondFactorEvent.objects.filter(user=user, action="removed").exists()
    assert sign_in(user).get("/my/").status_code == 200


def test_new_backup_codes_replace_the_old():
    user = StaffFactory()
    device, old = enrolled(user)
    client = sign_in(user)
    client.post(VERIFY, {"code": code(device)})
    page = client.post(SETUP, {"action": "codes"}).content.decode()
    new = re.findall(r"<li><code>([a-z2-7]+)</code></li>", page)
    assert len(new) == services.BACKUP_CODES
    assert set(StaticToken.objects.filter(device__user=user).values_list("token", flat=True)) == set(new)
    assert not set(old) & set(new)
    assert SecondFactorEvent.objects.filter(user=user, action="backup_codes").count() == 1


def test_bad_input_changes_nothing():
    user = StaffFactory()
    client = sign_in(user)
    response = client.post(SETUP, {"action": "drop tables"}, follow=True)
    assert "Unknown action: nothing was changed." in response.content.decode()
    response = client.post(SETUP, {"action": "confirm", "code": "123456"})
    assert "No set-up is waiting for a code" in response.content.decode()
    client.post(SETUP, {"action": "start"})
    response = client.post(SETUP, {"action": "confirm", "code": "not-digits"})
    assert "Enter the six-digit code your app shows." in response.content.decode()
    response = client.post(SETUP, {"action": "codes"}, follow=True)
    assert "Set up an authenticator app first." in response.content.decode()
    assert not TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    assert not StaticToken.objects.exists()
    assert not SecondFactorEvent.objects.exists()
    assert client.put(SETUP).status_code == 405


def test_next_stays_on_the_site():
    user = StaffFactory()
    device, _codes = enrolled(user)
    client = sign_in(user)
    response = client.post(VERIFY, {"code": code(device), "next": "https://evil.example/steal"})
    assert response["Location"] == "/"


def test_a_superuser_resets_a_lost_device():
    owner = ManagerFactory()
    enrolled(owner)
    url = reverse("admin:twofactor_account", args=[owner.pk])
    superuser = SuperuserFactory()
    client = Client()
    client.force_login(superuser)
    assert url in client.get(reverse("admin:auth_user_change", args=[owner.pk])).content.decode()
    page = client.get(url).content.decode()
    assert "Two-factor sign-in is on" in page
    assert "10 backup codes left." in page

    response = client.post(url, {"reason": "   "})
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert TOTPDevice.objects.filter(user=owner).exists()
    assert not SecondFactorEvent.objects.exists()

    response = client.post(url, {"reason": "Phone lost; identity checked in person."})
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=owner).exists()
    assert not StaticDevice.objects.filter(user=owner).exists()
    event = SecondFactorEvent.objects.get()
    assert (event.user, event.action, event.by, event.reason) == (
        owner, "reset", superuser, "Phone lost; identity checked in person."
    )  # fmt: skip
    page = client.get(url).content.decode()
    assert "Two-factor sign-in is off" in page
    assert "Second factor reset after a lost device" in page
    assert "Phone lost; identity checked in person." in page
    # Nothing left to reset: refused with a message, nothing recorded.
    response = client.post(url, {"reason": "again"})
    assert "This account has no second factor to reset." in response.content.decode()
    assert SecondFactorEvent.objects.count() == 1


def test_only_a_superuser_may_reset():
    owner = StaffFactory()
    enrolled(owner)
    staff_with_user_rights = StaffFactory()
    staff_with_user_rights.user_permissions.add(Permission.objects.get(codename="view_user"))
    client = Client()
    client.force_login(staff_with_user_rights)
    url = reverse("admin:twofactor_account", args=[owner.pk])
    page = client.get(url).content.decode()
    assert "Two-factor sign-in is on" in page  # may see the status and history
    assert "Reset the second factor" not in page  # but not reset
    assert client.post(url, {"reason": "because"}).status_code == 403
    assert TOTPDevice.objects.filter(user=owner).exists()
    # Without the right to see accounts: nothing.
    editor = StaffFactory()
    client.force_login(editor)
    assert client.get(url).status_code == 403


def test_django_otps_device_admins_are_not_offered():
    assert not admin.site.is_registered(TOTPDevice)
    assert not admin.site.is_registered(StaticDevice)


def test_the_deploy_check_warns_when_it_is_off(settings):
    settings.TWO_FACTOR_REQUIRED = False
    assert [w.id for w in required_in_production(None)] == ["twofactor.W001"]
    settings.TWO_FACTOR_REQUIRED = True
    assert required_in_production(None) == []


def test_history_event_has_a_label():
    event = SecondFactorEventFactory()
    assert "Authenticator app set up" in str(event)


@pytest.mark.parametrize("language", ["kk", "ru", "az"])
def test_pages_in_each_language(language):
    user = StaffFactory()
    client = sign_in(user)
    client.post(SETUP, {"action": "start"})
    with translation.override(language):
        title = translation.gettext("Two-factor sign-in")
        step = translation.gettext("Set up your authenticator app")
    assert title != "Two-factor sign-in"
    assert step != "Set up your authenticator app"
    page = client.get(f"/{language}{SETUP}").content.decode()
    assert title in page
    assert step in page


def test_queries_are_bounded(django_assert_num_queries):
    user = StaffFactory()
    device, _codes = enrolled(user)
    client = sign_in(user)
    # Session, user, the account's two permission reads for the menu, the footer's publishers; the step
    # owed is read from the session, not the database.
    with django_assert_num_queries(5):
        client.get(VERIFY)
    client.post(VERIFY, {"code": code(device)})
    with django_assert_num_queries(8):  # the five above, the app, a waiting set-up, the backup codes left
        client.get(SETUP)
