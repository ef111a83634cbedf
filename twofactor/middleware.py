from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.views import redirect_to_login
from django.urls import Resolver404, resolve, reverse

from twofactor.services import ENROL, VERIFY, session_pending

# What a session that still owes a step may reach besides the step's own page.
ALWAYS = {"logout", "switch_language", "set_language", "healthz", "javascript-catalog"}
STEP_PAGE = {VERIFY: "twofactor:verify", ENROL: "twofactor:setup"}


class SecondFactorMiddleware:
    """A session that signed in with a password but still owes its second step (a code, or setting up an
    app where it is required) reaches only that step's page: every other page sends it there and back. The
    API answers it as it answers any visitor (a token still works)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            step = session_pending(request)
            if step and not self.allowed(request, step):
                if request.path_info.startswith("/api/"):
                    request.user = AnonymousUser()
                else:
                    return redirect_to_login(request.get_full_path(), reverse(STEP_PAGE[step]))
        return self.get_response(request)

    def allowed(self, request, step):
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return False
        return match.view_name in ALWAYS or match.view_name == STEP_PAGE[step]
