"""The admin of partner sign-off: partner accounts, invitations (sent from here), and the responses with
their answers, read-only: a response is written by its partner, an answer on the disputes page."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from common.admin_base import GuardedModelAdmin, ReadOnlyAdminMixin
from common.admin_widgets import ChangeFormRelatedMixin, PreloadedAutocompleteMixin, PreloadedModelForm
from cooperation.models.partners import DisputeAnswer, Invitation, MeetingResponse, PartnerAccount
from cooperation.partner_forms import InviteForm


@admin.register(PartnerAccount)
class PartnerAccountAdmin(ChangeFormRelatedMixin, PreloadedAutocompleteMixin, GuardedModelAdmin):
    form = PreloadedModelForm
    change_form_select_related = ["user", "organization"]
    list_display = ["user", "organization", "created_at"]
    list_filter = ["organization"]
    search_fields = ["user__username", "user__email", "organization__name"]
    list_select_related = ["user", "organization"]
    autocomplete_fields = ["user", "organization"]


@admin.register(Invitation)
class InvitationAdmin(ChangeFormRelatedMixin, GuardedModelAdmin):
    change_form_select_related = ["organization", "invited_by", "account__user", "account__organization"]
    list_display = ["email", "organization", "invited_by", "created_at", "expires_at", "used_at"]
    list_filter = ["organization", "used_at"]
    search_fields = ["email", "organization__name"]
    list_select_related = ["organization", "invited_by"]
    readonly_fields = ["email", "organization", "invited_by", "created_at", "expires_at", "used_at", "account"]

    def has_change_permission(self, request, obj=None):
        return False

    def add_view(self, request, form_url="", extra_context=None):
        """Inviting is not entering a record: the form sends the e-mail through cooperation.signoff.invite."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = InviteForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            made = form.save(request.user)
            if made is not None:
                invitation, _link = made
                messages.success(request, _("An invitation was sent to %(email)s.") % {"email": invitation.email})
                return redirect("admin:cooperation_invitation_changelist")
        context = {
            **self.admin_site.each_context(request),
            "title": _("Invite a partner user"),
            "form": form,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/cooperation/invitation/invite.html", context)


class DisputeAnswerInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = DisputeAnswer

    def get_queryset(self, request):
        return (
            super().get_queryset(request).select_related("answered_by", "response__meeting", "response__organization")
        )

    extra = 0
    fields = ["answered_at", "answered_by", "corrected", "text"]
    readonly_fields = fields


@admin.register(MeetingResponse)
class MeetingResponseAdmin(ReadOnlyAdminMixin, ChangeFormRelatedMixin, GuardedModelAdmin):
    change_form_select_related = ["meeting", "organization", "responded_by", "raising__proposal"]
    list_display = ["meeting", "organization", "kind", "part", "responded_at", "responded_by"]
    list_filter = ["kind", "part", "organization"]
    search_fields = ["meeting__title", "organization__name", "comment"]
    list_select_related = ["meeting", "organization", "responded_by"]
    inlines = [DisputeAnswerInline]
