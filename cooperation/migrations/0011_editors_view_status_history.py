"""What the staff groups may do with the two histories.

The status history: Editors and Managers may read it (Editors enter the meetings at which statuses
are decided; Managers decide them), and nobody writes it by hand: it is appended to by the workflow
alone (cooperation.services.change_status), Managers through `change_proposal_status`.

The audit history (the admin's *History*): kept by every save, never written by hand. Editors got
add and change on some of its tables from 0003, depending on which tables existed when it ran.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

APPS = ("trade", "cooperation")
GROUPS = ("Editors", "Managers")


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
    status_history = ours.filter(content_type__app_label="cooperation", content_type__model="statuschange")
    audit_writes = ours.filter(content_type__model__startswith="historical").exclude(codename__startswith="view_")
    for name in GROUPS:
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.remove(*status_history.exclude(codename="view_statuschange"), *audit_writes)
        group.permissions.add(status_history.get(codename="view_statuschange"))


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("cooperation", "0010_statuschange_note_is_public"),
    ]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
