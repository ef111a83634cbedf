from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from api.models import ApiToken
from common.admin_base import GuardedModelAdmin
from common.admin_widgets import ChangeFormRelatedMixin


@admin.register(ApiToken)
class ApiTokenAdmin(ChangeFormRelatedMixin, GuardedModelAdmin):
    """Staff make a token for themselves or for a colleague; its key is shown once, when it is made."""

    list_display = ["name", "user", "prefix", "created_at", "last_used_at", "revoked_at"]
    list_filter = [("revoked_at", admin.EmptyFieldListFilter)]
    search_fields = ["name", "user__username", "prefix"]
    autocomplete_fields = ["user"]
    list_select_related = ["user"]
    change_form_select_related = ["user"]
    fields = ["user", "name", "prefix", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = ["prefix", "created_at", "last_used_at", "revoked_at"]
    actions = ["revoke"]

    def get_readonly_fields(self, request, obj=None):
        return [*self.readonly_fields, "user"] if obj else self.readonly_fields

    def save_model(self, request, obj, form, change):
        key = None if change else obj.issue()
        super().save_model(request, obj, form, change)
        if key:
            self.message_user(
                request,
                _("The token's key, shown this once (only its hash is kept): %(key)s") % {"key": key},
                messages.WARNING,
            )

    def has_delete_permission(self, request, obj=None):
        return False  # revoked, not deleted: its history stays

    @admin.action(description=_("Revoke the selected tokens"), permissions=["change"])
    def revoke(self, request, queryset):
        tokens = list(queryset.filter(revoked_at__isnull=True))
        for token in tokens:
            token.revoke()
        self.message_user(
            request,
            ngettext("%(count)d token revoked.", "%(count)d tokens revoked.", len(tokens)) % {"count": len(tokens)},
            messages.SUCCESS,
        )
