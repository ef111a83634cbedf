"""Two-factor sign-in: the rules, in one place for the pages, the admin and the middleware.

A password opens a session that still owes a step when the account has an authenticator app ("verify":
a code from the app or a backup code) or, with `TWO_FACTOR_REQUIRED`, when a staff account has none yet
("enrol"). What a session owes is noted in the session at sign-in, so that no page pays a query for it;
`SecondFactorMiddleware` lets such a session reach nothing but the step's own page.

The codes are checked by django-otp's devices: a TOTP device (RFC 6238, the authenticator app) and a
static device holding the backup codes, each used once. django-otp throttles both: after each wrong code
the next try waits twice as long.
"""

from base64 import b32encode

import segno
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from twofactor.models import SecondFactorEvent

PENDING = "twofactor_pending"  # the session's key: "verify", "enrol" or "" (nothing owed)
VERIFY, ENROL = "verify", "enrol"
BACKUP_CODES = 10
BACKUP_DEVICE = "backup"


class SecondFactorError(Exception):
    """A refusal to show the user: a wrong or throttled code, a step out of order, a missing reason."""


def required_for(user):
    return bool(settings.TWO_FACTOR_REQUIRED and user.is_staff)


def authenticator(user, confirmed=True):
    return TOTPDevice.objects.filter(user=user, confirmed=confirmed).first()


def pending_step(user):
    """What a fresh sign-in of this account still owes: a code, a set-up, or nothing."""
    if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        return VERIFY
    return ENROL if required_for(user) else ""


def remember_pending_step(sender, request, user, **kwargs):
    """At sign-in: note in the session what it still owes (the receiver of Django's `user_logged_in`)."""
    if request is not None and hasattr(request, "session"):
        request.session[PENDING] = pending_step(user)


def session_pending(request):
    """What this session owes; a session made without Django's sign-in (the benchmark's) is asked anew."""
    step = request.session.get(PENDING)
    if step is None:
        step = request.session[PENDING] = pending_step(request.user)
    return step


def settle(request, device=None):
    """The session owes nothing more."""
    if device is not None:
        otp_login(request, device)
    request.session[PENDING] = ""


def _record(user, action, by=None, reason=""):
    return SecondFactorEvent.objects.create(user=user, action=action, by=by, reason=reason)


WRONG = _("That code is not right. Enter the code your app shows now, or a backup code.")


def _refusal(device, token):
    """Why the device does not take this code, or None when it does. A wrong code is counted by django-otp
    (and the wait before the next try doubles), so the caller commits before it refuses."""
    if device is None:
        return WRONG
    allowed, _info = device.verify_is_allowed()
    if not allowed:
        return _("Too many wrong codes: wait a moment and try again (each wrong code doubles the wait).")
    return None if device.verify_token(token) else WRONG


def normalized(token):
    return "".join((token or "").split()).lower()


def verify(request, token):
    """Accept a code from the authenticator app (six digits) or an unused backup code, or refuse it."""
    user, token = request.user, normalized(token)
    if not token:
        raise SecondFactorError(_("Enter a code."))
    with transaction.atomic():
        if token.isdigit():
            device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True).first()
        else:
            device = StaticDevice.objects.select_for_update().filter(user=user, name=BACKUP_DEVICE).first()
        refusal = _refusal(device, token)
        if refusal is None and isinstance(device, StaticDevice):
            _record(user, SecondFactorEvent.Action.BACKUP_CODE_USED, by=user)
    if refusal is not None:
        raise SecondFactorError(refusal)
    settle(request, device)
    return device


@transaction.atomic
def start_enrolment(user):
    """A new key for an authenticator app, waiting for its first code (an earlier unconfirmed one is replaced)."""
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return TOTPDevice.objects.create(user=user, name=gettext("Authenticator app"), confirmed=False)


def confirm_enrolment(request, token):
    """The first code from the app confirms its key; an earlier app stops working; new backup codes are made."""
    user, token = request.user, normalized(token)
    if not token.isdigit():
        raise SecondFactorError(_("Enter the six-digit code your app shows."))
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=False).first()
        if device is None:
            raise SecondFactorError(_("No set-up is waiting for a code: start the set-up again."))
        refusal = _refusal(device, token)
        if refusal is None:
            TOTPDevice.objects.filter(user=user, confirmed=True).delete()
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            codes = _new_codes(user)
            _record(user, SecondFactorEvent.Action.ENROLLED, by=user)
    if refusal is not None:
        raise SecondFactorError(refusal)
    settle(request, device)
    return codes


def _new_codes(user):
    device, _created = StaticDevice.objects.get_or_create(user=user, name=BACKUP_DEVICE, defaults={"confirmed": True})
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


@transaction.atomic
def new_backup_codes(user):
    """Ten new backup codes; the old ones stop working."""
    if authenticator(user) is None:
        raise SecondFactorError(_("Set up an authenticator app first."))
    codes = _new_codes(user)
    _record(user, SecondFactorEvent.Action.BACKUP_CODES, by=user)
    return codes


def backup_codes_left(user):
    return StaticToken.objects.filter(device__user=user, device__name=BACKUP_DEVICE).count()


def _remove_devices(user):
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()


@transaction.atomic
def turn_off(user):
    """The owner turns the second factor off, where it is not required."""
    if required_for(user):
        raise SecondFactorError(_("Staff accounts must keep a second factor."))
    if authenticator(user) is None:
        raise SecondFactorError(_("This account has no second factor to turn off."))
    _remove_devices(user)
    _record(user, SecondFactorEvent.Action.REMOVED, by=user)


@transaction.atomic
def reset_after_lost_device(user, by, reason):
    """A superuser removes an account's second factor so that its owner can set up a new one."""
    if not by.is_superuser:
        raise PermissionDenied
    reason = (reason or "").strip()
    if not reason:
        raise SecondFactorError(_("Say why the second factor is reset: it is kept in the account's history."))
    if not (TOTPDevice.objects.filter(user=user).exists() or StaticDevice.objects.filter(user=user).exists()):
        raise SecondFactorError(_("This account has no second factor to reset."))
    _remove_devices(user)
    return _record(user, SecondFactorEvent.Action.RESET, by=by, reason=reason)


def secret_text(device):
    """The key as an app asks for it when typed in: base32, in groups of four."""
    key = b32encode(device.bin_key).decode()
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


def qr_svg(device):
    """The key's otpauth:// address as an inline SVG QR code (drawn here: no image request, no external service)."""
    return segno.make(device.config_url, error="m").svg_inline(
        scale=5, title=gettext("QR code for your authenticator app"), svgclass="qr", lineclass=None
    )
