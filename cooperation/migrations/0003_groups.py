"""The two staff roles: Editors enter data, Managers review and move proposals."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

APPS = ("trade", "cooperation")


def load(apps, schema_editor):
    # Permissions are normally created after all migrations; make them now.
    for label in APPS:
        config = apps.get_app_config(label)
        config.models_module = True
        create_permissions(config, apps=apps, verbosity=0)
        config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ours = Permission.objects.filter(content_type__app_label__in=APPS)
    editors, _ = Group.objects.get_or_create(name="Editors")
    # The status history is append-only: written by the workflow, never edited.
    editable = ours.filter(codename__regex=r"^(add|change|view)_").exclude(
        codename__in=["change_proposal_status", "add_statuschange", "change_statuschange"]
    )
    editors.permissions.add(*editable)
    managers, _ = Group.objects.get_or_create(name="Managers")
    managers.permissions.add(*ours.filter(codename__startswith="view_"), ours.get(codename="change_proposal_status"))


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("cooperation", "0002_sectors"),
    ]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
