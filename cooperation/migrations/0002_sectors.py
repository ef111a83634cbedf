"""The sectors a regional government's cooperation falls in, with their HS chapters."""

from django.db import migrations

SECTORS = [
    ("Food supply", "food-supply", "Food and consumer foodstuffs.", "02 03 04 07 08 09 10 11 15 16 17 18 19 20 21 22"),
    ("Agriculture", "agriculture", "Live animals, crops and agricultural products.", "01 06 07 08 10 12"),
    ("Construction materials", "construction-materials", "Stone, cement, ceramics, glass.", "25 68 69 70"),
    ("Textiles", "textiles", "Textiles and textile articles.", "50 51 52 53 54 55 56 57 58 59 60 61 62 63"),
    ("Maritime transport", "maritime-transport", "Shipping and ports: it carries all goods.", "TOTAL"),
    ("Tourism", "tourism", "Travel and tourism: a service, not goods trade.", ""),
    ("Investment and joint production", "investment", "Mutual investment and joint ventures.", ""),
    ("Events and culture", "events-culture", "Events, culture and official visits.", ""),
    ("Energy", "energy", "Oil, gas and power.", "27"),
]


def load(apps, schema_editor):
    Sector = apps.get_model("cooperation", "Sector")
    ProductGroup = apps.get_model("trade", "ProductGroup")
    for name, slug, description, codes in SECTORS:
        sector, created = Sector.objects.get_or_create(slug=slug, defaults={"name": name, "description": description})
        if created:
            sector.product_groups.set(ProductGroup.objects.filter(code__in=codes.split()))


class Migration(migrations.Migration):
    dependencies = [("cooperation", "0001_initial"), ("trade", "0002_product_groups")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
