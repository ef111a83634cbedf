from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from twofactor import services
from twofactor.forms import ResetForm
from twofactor.models import SecondFactorEvent

# django-otp's own device admins show and change the secret keys, outside the history: devices are made and
# removed only through twofactor.services.
for model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(model):
        admin.site.unregister(model)


class SecondFactorAdminMixin:
    """For the user admin: a page per account with its second factor, that factor's history, and a superuser's
    reset after a lost device. The account's own form only links to it, so it reads nothing more."""

    def get_urls(self):
        return [
            path(
                "<int:object_id>/second-factor/",
                self.admin_site.admin_view(self.second_factor_view),
                name="twofactor_account",
            ),
            *super().get_urls(),
        ]

    @admin.display(description=_("second factor"))
    def second_factor(self, obj):
        if obj.pk is None:
            return "—"
        link = reverse("admin:twofactor_account", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', link, gettext("Status, history, reset after a lost device"))

    def second_factor_view(self, request, object_id):
        account = get_object_or_404(get_user_model(), pk=object_id)
        if not self.has_view_or_change_permission(request, account):
            raise PermissionDenied
        form = ResetForm(request.POST or None)
        if request.method == "POST":
            if not request.user.is_superuser:
                raise PermissionDenied
            if form.is_valid():
                try:
                    services.reset_after_lost_device(account, request.user, form.cleaned_data["reason"])
                except services.SecondFactorError as error:
                    form.add_error("reason", str(error))
                else:
                    messages.success(
                        request,
                        gettext(
                            "The second factor of %(account)s was reset; they set up a new one at their next sign-in."
                        )
                        % {"account": account.get_username()},
                    )
                    return redirect("admin:twofactor_account", account.pk)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": account,
            "form": form,
            "on": services.authenticator(account) is not None,
            "codes_left": services.backup_codes_left(account),
            "events": SecondFactorEvent.objects.filter(user=account).select_related("by")[:100],
            "may_reset": request.user.is_superuser,
            "title": gettext("Two-factor sign-in of %(account)s") % {"account": account.get_username()},
        }
        return TemplateResponse(request, "admin/twofactor/account.html", context)
