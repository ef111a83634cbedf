"""Optimistic locking for admin forms: nobody's save silently overwrites someone else's.

Each versioned model (`VersionedModel`) has a `version` that every save raises by one. A form
carries the version it was opened at; if the record has moved on since, the
save is refused and the message says who changed what, from the history.
"""

from django import forms
from django.db import models
from django.db.models import F
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


class VersionedQuerySet(models.QuerySet):
    """Bulk writes raise the version too: `update()` and `bulk_update()` count as a save of every row."""

    def update(self, **kwargs):
        kwargs.setdefault("version", F("version") + 1)
        return super().update(**kwargs)

    def bulk_update(self, objs, fields, batch_size=None):
        objs = list(objs)
        for obj in objs:
            obj.version += 1
        return super().bulk_update(objs, list({*fields, "version"}), batch_size=batch_size)


class VersionedModel(models.Model):
    """A record whose `version` counts its saves: the one place every save path raises it.

    A form that opened version n and saves finds n + 1 afterwards; `VersionedModelForm` refuses
    the save if the record is no longer at n. Queryset writes go through `VersionedQuerySet`.
    """

    version = models.PositiveIntegerField(
        gettext_lazy("version"),
        default=1,
        help_text=gettext_lazy("Counts saves, so that two people editing at once cannot overwrite each other."),
    )

    class Meta:
        abstract = True

    def save(self, *args, update_fields=None, **kwargs):
        if not self._state.adding and self.pk is not None:
            self.version += 1
            if update_fields is not None:
                update_fields = {*update_fields, "version"}
        super().save(*args, update_fields=update_fields, **kwargs)


def changes_since(instance, seen_version):
    """'field: old → new' lines between the version a user saw and the current one."""
    history = instance.history.order_by("history_date", "history_id")
    seen = history.filter(version=seen_version).last()
    latest = history.last()
    if seen is None or latest is None or seen == latest:
        return latest, []
    delta = latest.diff_against(seen)
    return latest, [f"{instance._meta.get_field(c.field).verbose_name}: “{c.old}” → “{c.new}”" for c in delta.changes]


def conflict_message(instance, seen_version):
    latest, changes = changes_since(instance, seen_version)
    who = getattr(latest, "history_user", None) if latest else None
    when = date_format(localtime(latest.history_date), "DATETIME_FORMAT") if latest else ""
    text = _("Someone else saved this %(model)s since you opened it (%(who)s, %(when)s). Nothing was saved.") % {
        "model": instance._meta.verbose_name,
        "who": who or _("unknown"),
        "when": when,
    }
    if changes:
        text += " " + _("They changed: %(changes)s.") % {"changes": "; ".join(changes)}
    return text + " " + _("Reload the page to see their version, then make your change again.")


class VersionedModelForm(forms.ModelForm):
    """A model form that refuses to save over a newer version, and counts its own save."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "version" in self.fields:
            self.fields["version"].widget = forms.HiddenInput()
            self.fields["version"].required = False

    def clean(self):
        cleaned = super().clean()
        if "version" not in self.fields:
            return cleaned
        if not self.instance.pk:
            cleaned["version"] = 1
            return cleaned
        model = type(self.instance)
        # Lock the row until this request's transaction ends, so that two saves cannot both pass.
        current = model.objects.select_for_update().filter(pk=self.instance.pk).values_list("version", flat=True).get()
        seen = cleaned.get("version")
        if seen != current:
            raise forms.ValidationError(conflict_message(self.instance, seen), code="conflict")
        cleaned["version"] = current  # the save raises it
        return cleaned
