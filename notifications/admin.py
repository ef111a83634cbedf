from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from common.admin_base import GuardedModelAdmin
from common.admin_widgets import ChangeFormRelatedMixin, PreloadedAutocompleteMixin, PreloadedModelForm
from notifications.models import Notification, Profile, State, Watch
from notifications.sending import retry_now
from notifications.services import stage_label
from twofactor.admin import SecondFactorAdminMixin

User = get_user_model()


class ProfileInline(PreloadedAutocompleteMixin, admin.StackedInline):
    model = Profile
    form = PreloadedModelForm
    can_delete = False
    autocomplete_fields = ["official"]
    filter_horizontal = ["sectors"]
    fields = ["official", "language", "reminders", "digest", "notices", "sectors"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("user", "official")

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if db_field.name == "sectors":
            # Every sector is listed twice, in the profile's form and in the blank one the page keeps for
            # adding a profile: read them once.
            field.choices = list(iter(field.choices))  # iter(): a length hint would count them first
        return field


admin.site.unregister(User)


@admin.register(User)
class AccountAdmin(SecondFactorAdminMixin, UserAdmin):
    """Django's user admin, with each account's notification settings, linked official and second factor."""

    inlines = [*UserAdmin.inlines, ProfileInline]
    readonly_fields = [*UserAdmin.readonly_fields, "second_factor"]

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None:
            return fieldsets
        return [*fieldsets, (_("Two-factor sign-in"), {"fields": ["second_factor"]})]


@admin.register(Watch)
class WatchAdmin(ChangeFormRelatedMixin, PreloadedAutocompleteMixin, GuardedModelAdmin):
    form = PreloadedModelForm
    list_display = ["user", "proposal", "created_at"]
    search_fields = ["user__username", "proposal__title"]
    autocomplete_fields = ["user", "proposal"]
    list_select_related = ["user", "proposal"]
    change_form_select_related = ["user", "proposal"]


class FailingFilter(admin.SimpleListFilter):
    title = _("delivery")
    parameter_name = "delivery"

    def lookups(self, request, model_admin):
        return [("failing", _("Failing: waiting to be tried again"))]

    def queryset(self, request, queryset):
        if self.value() == "failing":
            return queryset.filter(state=State.PENDING, attempts__gt=0)
        return queryset


@admin.register(Notification)
class NotificationAdmin(ChangeFormRelatedMixin, GuardedModelAdmin):
    """The outbox, read-only: what was sent to whom, what was not and why, and what keeps failing."""

    list_display = [
        "created_at", "user", "kind", "stage_label", "state", "subject", "attempts", "error", "next_attempt_at",
        "sent_at",
    ]  # fmt: skip
    list_filter = [FailingFilter, "state", "kind", "skip_reason", "created_at"]  # no date hierarchy: it reads every row
    search_fields = ["user__username", "user__email", "subject", "key"]
    list_select_related = ["user"]
    change_form_select_related = ["user", "follow_up", "status_change__proposal"]
    actions = ["retry"]
    readonly_fields = [f.name for f in Notification._meta.fields if f.editable] + ["sent_at"]

    @admin.display(description=_("stage"))
    def stage_label(self, obj):
        return stage_label(obj.stage) if obj.stage else obj.period

    @admin.display(description=_("last error"))
    def error(self, obj):
        return obj.last_error[:120]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Try the selected e-mails again at the next run"), permissions=["change"])
    def retry(self, request, queryset):
        count = retry_now(queryset)
        self.message_user(
            request,
            ngettext(
                "%(count)d e-mail will be tried again at the next run.",
                "%(count)d e-mails will be tried again at the next run.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )

    def changelist_view(self, request, extra_context=None):
        failing = Notification.objects.filter(state=State.PENDING, attempts__gt=0).count()
        if failing and request.method == "GET":
            self.message_user(
                request,
                ngettext(
                    "%(count)d e-mail could not be sent and waits to be tried again; see “Failing”.",
                    "%(count)d e-mails could not be sent and wait to be tried again; see “Failing”.",
                    failing,
                )
                % {"count": failing},
                messages.WARNING,
            )
        return super().changelist_view(request, extra_context)
