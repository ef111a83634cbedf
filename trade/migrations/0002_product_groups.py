"""TOTAL and the Harmonized System sections and chapters, from trade/data/hs_groups.csv."""

import csv
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data" / "hs_groups.csv"


def load(apps, schema_editor):
    ProductGroup = apps.get_model("trade", "ProductGroup")
    by_code = {}
    with DATA.open(encoding="utf-8") as f:
        for position, row in enumerate(csv.DictReader(f)):
            group, _ = ProductGroup.objects.update_or_create(
                code=row["code"],
                defaults={
                    "name": row["name"],
                    "level": row["level"],
                    "parent": by_code.get(row["parent"]),
                    "position": position,
                },
            )
            by_code[group.code] = group


class Migration(migrations.Migration):
    dependencies = [("trade", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
