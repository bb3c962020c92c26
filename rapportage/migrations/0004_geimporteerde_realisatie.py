from django.db import migrations


def markeer_geimporteerd(apps, schema_editor):
    """Bookings an import wrote before the flag existed: the ones an import row points at."""
    Kostenrealisatie = apps.get_model("jaarplan", "Kostenrealisatie")
    Kostenrealisatie.objects.filter(importregel__isnull=False).update(geimporteerd=True)


class Migration(migrations.Migration):
    dependencies = [
        ("jaarplan", "0003_kostenrealisatie_geimporteerd"),
        ("rapportage", "0003_vastgelegde_stuurgroeprapporten"),
    ]

    operations = [migrations.RunPython(markeer_geimporteerd, migrations.RunPython.noop)]
