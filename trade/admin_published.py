"""The admin of published figures, trade and corridor alike: pins, hand edits, the period column."""

from django.contrib import admin, messages
from django.db.models import F
from django.utils.translation import gettext_lazy as _

from trade import services


class PublishedFigureAdminMixin:
    """What the admins of trade and corridor figures share: pins, hand edits that are staff's, the period."""

    pin_key = services.KEY  # the fields that make two sources' values the same figure
    actions = ["pin_figures", "unpin_figures"]

    def save_model(self, request, obj, form, change):
        if change:
            obj.note_hand_edit(form.changed_data)
        super().save_model(request, obj, form, change)

    # Actions write: each names the permission it needs, or everyone who may view the list could run it.
    @admin.action(
        description=_("Pin: count these values for their keys, whatever the rule says"), permissions=["change"]
    )
    def pin_figures(self, request, queryset):
        figures = list(queryset[:1000])
        keys = {tuple(getattr(f, name) for name in self.pin_key) for f in figures}
        if len(keys) != len(figures):
            self.message_user(
                request, _("Pick one value per key: two of those are for the same figure."), messages.ERROR
            )
            return
        for figure in figures:
            services.pin(figure, key=self.pin_key)
        self.message_user(request, _("%(n)d value(s) pinned.") % {"n": len(figures)})

    @admin.action(description=_("Unpin: let the rule choose again"), permissions=["change"])
    def unpin_figures(self, request, queryset):
        figures = list(queryset.filter(pinned=True)[:1000])
        for figure in figures:
            services.unpin(figure)
        self.message_user(request, _("%(n)d value(s) unpinned.") % {"n": len(figures)})

    @admin.display(description=_("period"), ordering=F("year"))
    def period(self, obj):
        return obj.period_label
