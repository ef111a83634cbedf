"""The two staff roles' rights on new models, granted by the migrations that add them.

Editors add, change and view what staff enter; Managers view it. Used from migrations, so it works on
the historical models it is given (`apps`) and must keep doing what it does: change it with a new function.
"""

from django.contrib.auth.management import create_permissions


def _permissions(apps, app_label, model_names):
    """The permissions of the models `model_names` of `app_label`, made first (Django makes them only
    after all migrations)."""
    config = apps.get_app_config(app_label)
    config.models_module = True
    create_permissions(config, apps=apps, verbosity=0)
    config.models_module = None
    Permission = apps.get_model("auth", "Permission")
    return Permission.objects.filter(content_type__app_label=app_label, content_type__model__in=model_names)


def grant_editors_and_managers(apps, app_label, model_names):
    """Editors add, change and view the models `model_names` of `app_label`; Managers view them.

    Groups that do not exist are left alone.
    """
    ours = _permissions(apps, app_label, model_names)
    Group = apps.get_model("auth", "Group")
    for group in Group.objects.filter(name="Editors"):
        group.permissions.add(*ours.filter(codename__regex=r"^(add|change|view)_"))
    for group in Group.objects.filter(name="Managers"):
        group.permissions.add(*ours.filter(codename__startswith="view_"))


def grant_view_to_editors_and_managers(apps, app_label, model_names):
    """Editors and Managers view the models `model_names` of `app_label`, written only by the app itself."""
    ours = _permissions(apps, app_label, model_names).filter(codename__startswith="view_")
    Group = apps.get_model("auth", "Group")
    for group in Group.objects.filter(name__in=["Editors", "Managers"]):
        group.permissions.add(*ours)
