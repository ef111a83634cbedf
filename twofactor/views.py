from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from twofactor import services
from twofactor.forms import CodeForm


def _next(request):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return "/"


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def verify(request):
    """The second step of signing in: a code from the app or a backup code."""
    if services.session_pending(request) != services.VERIFY:
        return redirect(_next(request))
    form = CodeForm(request.POST or None)
    if form.is_valid():
        try:
            services.verify(request, form.cleaned_data["code"])
        except services.SecondFactorError as error:
            form.add_error("code", str(error))
        else:
            return redirect(_next(request))
    return render(request, "twofactor/verify.html", {"form": form, "next": _next(request)})


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def setup(request):
    """The account's second factor: set it up, make new backup codes, turn it off where allowed."""
    user = request.user
    form = CodeForm()
    codes = None
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "start":
                services.start_enrolment(user)
                return redirect(request.get_full_path())
            if action == "confirm":
                form = CodeForm(request.POST)
                if form.is_valid():
                    codes = services.confirm_enrolment(request, form.cleaned_data["code"])
                    messages.success(request, _("Two-factor sign-in is on for your account."))
            elif action == "codes":
                codes = services.new_backup_codes(user)
                messages.success(request, _("New backup codes made: the old ones no longer work."))
            elif action == "off":
                services.turn_off(user)
                services.settle(request)
                messages.success(request, _("Two-factor sign-in is off for your account."))
                return redirect(request.get_full_path())
            else:
                messages.error(request, _("Unknown action: nothing was changed."))
        except services.SecondFactorError as error:
            # Beside the code field while a set-up waits for its code; otherwise there is no field to put it by.
            if action == "confirm" and services.authenticator(user, confirmed=False):
                form.add_error("code", str(error))
            else:
                messages.error(request, str(error))
    active = services.authenticator(user)
    waiting = None if codes else services.authenticator(user, confirmed=False)
    context = {
        "active": active,
        "waiting": waiting,
        "secret": services.secret_text(waiting) if waiting else "",
        "qr": services.qr_svg(waiting) if waiting else "",
        "form": form,
        "codes": codes,
        "codes_left": services.backup_codes_left(user) if active else 0,
        "required": services.required_for(user),
        "must_enrol": services.session_pending(request) == services.ENROL,
        "next": _next(request),
    }
    return render(request, "twofactor/setup.html", context)
