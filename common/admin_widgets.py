"""Admin autocomplete fields that show their chosen record from what the form has already read.

Django's autocomplete widget reads its chosen record again, one query for each widget: an inline of
twenty rows with two such fields runs forty queries to show what the rows' own query could have
fetched with them. Here the form hands each widget the record its instance already holds (fetched
with ``select_related``, or a many-to-many field's rows, prefetched or read once for the form's
initial value) and the widget renders it as Django does. A value the form does not hold, such as a
bound form showing what was posted, is read as before.

An admin class takes `PreloadedAutocompleteMixin` (its autocomplete fields get these widgets) and a
form with `PreloadedChoicesForm` (the hand-over); the queryset the instances come from says what they
hold, e.g. an inline's ``get_queryset`` with ``select_related`` of its autocomplete fields.
"""

from django import forms
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models


class PreloadedChoicesWidgetMixin:
    preloaded = None  # the chosen records, as the form's instance holds them; None: not known, read them

    def optgroups(self, name, value, attr=None):
        """AutocompleteMixin.optgroups, with the chosen records taken from `preloaded` when they are those."""
        chosen = {str(v) for v in value if str(v) not in self.choices.field.empty_values}
        to_field = self.to_field_attname()
        if self.preloaded is None or {str(getattr(obj, to_field)) for obj in self.preloaded} != chosen:
            return super().optgroups(name, value, attr)
        default = (None, [], 0)
        if not self.is_required and not self.allow_multiple_selected:
            default[1].append(self.create_option(name, "", "", False, 0))
        for obj in self.preloaded:
            option_value = getattr(obj, to_field)
            label = self.choices.field.label_from_instance(obj)
            default[1].append(self.create_option(name, option_value, label, chosen, len(default[1])))
        return [default]

    def to_field_attname(self):
        remote_opts = self.field.remote_field.model._meta
        to_field = getattr(self.field.remote_field, "field_name", remote_opts.pk.attname)
        return remote_opts.get_field(to_field).attname


class PreloadedAutocompleteSelect(PreloadedChoicesWidgetMixin, AutocompleteSelect):
    pass


class PreloadedAutocompleteSelectMultiple(PreloadedChoicesWidgetMixin, AutocompleteSelectMultiple):
    pass


def held_records(instance, name, initial):
    """The records `instance` already holds for its relation `name`, or None when reading them would query."""
    try:
        field = instance._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    if field.many_to_many:
        # The form's initial value: the rows the form read once (from the prefetch when there is one).
        if isinstance(initial, list) and all(isinstance(obj, models.Model) for obj in initial):
            return initial
        return None
    if field.is_relation and field.concrete and field.is_cached(instance):
        related = getattr(instance, name)
        return [] if related is None else [related]
    return None


class PreloadedChoicesForm:
    """A model form mixin: its autocomplete widgets are handed the records its instance holds."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            widget = getattr(field.widget, "widget", field.widget)  # inside the admin's related-field wrapper
            if isinstance(widget, PreloadedChoicesWidgetMixin):
                widget.preloaded = held_records(self.instance, name, self.initial.get(name))


class PreloadedModelForm(PreloadedChoicesForm, forms.ModelForm):
    """The form of an admin inline whose autocomplete fields come with its rows."""


class PreloadedAutocompleteMixin:
    """For a ModelAdmin or an inline: its autocomplete fields render with the widgets above."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = PreloadedAutocompleteSelect(db_field, self.admin_site, using=kwargs.get("using"))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = PreloadedAutocompleteSelectMultiple(db_field, self.admin_site, using=kwargs.get("using"))
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class ChangeFormRelatedMixin:
    """A ModelAdmin whose change form reads its record together with the related records the form shows.

    `change_form_select_related` and `change_form_prefetch_related` name them (the autocomplete fields'
    records, what read-only fields and panels read), or `change_form_queryset` adds what else they need.
    Django reads the record with `get_queryset`, which the list uses too: they are added here rather
    than there, where every row of the list would pay for them.
    """

    change_form_select_related = ()
    change_form_prefetch_related = ()

    def change_form_queryset(self, queryset):
        queryset = queryset.prefetch_related(*self.change_form_prefetch_related)
        if self.change_form_select_related:  # select_related() with no names would follow every relation
            queryset = queryset.select_related(*self.change_form_select_related)
        return queryset

    def get_object(self, request, object_id, from_field=None):
        # ModelAdmin.get_object, on the queryset with the related records.
        queryset = self.change_form_queryset(self.get_queryset(request))
        field = queryset.model._meta.pk if from_field is None else queryset.model._meta.get_field(from_field)
        try:
            return queryset.get(**{field.name: field.to_python(object_id)})
        except (queryset.model.DoesNotExist, ValidationError, ValueError):
            return None
