"""The admin classes every model admin here is built on: nobody writes through the admin who may not.

Django's own add, change and delete views check the matching permission before they write, but
three doors were left open to anyone who may only view a model:

- the audit history's "revert" page (django-simple-history's ``history_form_view``) saves a posted
  form after checking only the view permission;
- the changelist runs any posted action the admin has, unless the action names the permission it
  needs;
- read-only pages answer a POST as if it were a GET.

Here a write needs the permission it writes with: a revert needs the change permission on the record
(and the add permission when the record has since been deleted, as reverting brings it back), an
action must be one the user is offered, and read-only pages accept only GET and HEAD.
"""

from django.contrib import admin
from django.contrib.admin import helpers
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms.models import model_to_dict
from django.http import HttpResponseNotAllowed
from django.utils.html import format_html
from django.utils.translation import gettext
from simple_history.admin import SimpleHistoryAdmin

SAFE_METHODS = ("GET", "HEAD")


class WriteGuardMixin:
    """Refuses a changelist POST that is not an action the user is offered, and POSTs to read-only pages."""

    def changelist_view(self, request, extra_context=None):
        if request.method not in SAFE_METHODS:
            actions = self.get_actions(request)
            editable = bool(self.list_editable) and self.has_change_permission(request)
            asked = [name for name in request.POST.getlist("action") if name]
            if not (actions or editable) or any(name not in actions for name in asked):
                raise PermissionDenied
        return super().changelist_view(request, extra_context)

    def history_view(self, request, object_id, extra_context=None):
        if request.method not in SAFE_METHODS:
            return HttpResponseNotAllowed(SAFE_METHODS)
        return super().history_view(request, object_id, extra_context)


class ReadOnlyAdminMixin:
    """A model admin or inline that shows records written elsewhere (a service, a partner), never by hand."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ListMixin:
    """Admin lists of 50 rows (half Django's default, so a page of the large lists, proposals, meetings
    and trade figures, renders in about half the time; the pages beyond reach the rest), and each
    row's action checkbox written directly: Django renders a form widget through its templates for
    every row, a quarter of a list's time."""

    list_per_page = 50

    def action_checkbox(self, obj):
        return format_html(
            '<input type="checkbox" name="{}" value="{}" class="action-select" aria-label="{}">',
            helpers.ACTION_CHECKBOX_NAME,
            obj.pk,
            format_html(gettext("Select this object for an action - {}"), str(obj)),
        )


class GuardedModelAdmin(ListMixin, WriteGuardMixin, admin.ModelAdmin):
    """A model admin without an audit history."""


class GuardedHistoryAdmin(ListMixin, WriteGuardMixin, SimpleHistoryAdmin):
    """A model admin with an audit history whose revert page writes only for those who may change the record."""

    def history_view(self, request, object_id, extra_context=None):
        # django-simple-history filters the history by the raw id before looking the record up, so an id
        # that is not one ("/admin/…/abc/history/") failed with a server error; it is sent on as Django
        # sends an unknown record's change page.
        # (A deleted record's history is still shown: only an id the records' key cannot hold is refused.)
        try:
            self.model._meta.pk.to_python(unquote(object_id))
        except ValidationError:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method not in SAFE_METHODS and not self.may_revert(request, object_id):
            raise PermissionDenied
        request.reverting_history = True
        return super().history_form_view(request, object_id, version_id, extra_context)

    def may_revert(self, request, object_id):
        current = self.get_object(request, unquote(object_id))
        if current is None:
            # The record has been deleted since: reverting would bring it back.
            allowed = self.has_add_permission(request) and self.has_change_permission(request)
        else:
            allowed = self.has_change_permission(request, current)
        return allowed and not self.revert_disabled(request, current)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if getattr(request, "reverting_history", False):
            return revert_form(form)
        return form


def revert_form(form_class):
    """The form of an older version, measured against the record as it is now.

    The page shows the older version's values, but a revert changes the current record: what it
    changes (for the save, the audit log and the versioned form's check) is the difference from the
    current record, not from the older version. A versioned form carries the current version, so a
    revert is refused only if someone saves the record between opening the page and reverting.
    """

    class RevertForm(form_class):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            current = type(self.instance)._default_manager.filter(pk=self.instance.pk).first()
            if current is None:
                return  # deleted since: the revert brings the older version back
            # What the form does not edit stays as it is now: a revert never brings back an old status
            # (that moves only through the workflow), an old import link or any other field kept out of
            # the form on purpose.
            for field in self.instance._meta.concrete_fields:
                if field.name not in self.fields and not field.primary_key:
                    setattr(self.instance, field.attname, getattr(current, field.attname))
            now = model_to_dict(current, fields=list(self.fields))
            if self.is_bound:
                self.initial.update(now)
            elif "version" in now:
                self.initial["version"] = now["version"]

    RevertForm.__name__ = form_class.__name__
    return RevertForm
