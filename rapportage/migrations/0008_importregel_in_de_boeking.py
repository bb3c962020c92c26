"""Each imported booking now holds its import, row and fingerprint itself (jaarplan 0009): copy
them over from the Importregel rows, then drop that table. Set-wise, in two statements."""

from django.db import migrations
from django.db.models import OuterRef, Subquery


def naar_de_boeking(apps, schema_editor):
    Importregel = apps.get_model("rapportage", "Importregel")
    Kostenrealisatie = apps.get_model("jaarplan", "Kostenrealisatie")
    regel = Importregel.objects.filter(kostenrealisatie=OuterRef("pk"))
    Kostenrealisatie.objects.filter(pk__in=Importregel.objects.values("kostenrealisatie")).update(
        importbatch=Subquery(regel.values("batch")[:1]),
        rijnummer=Subquery(regel.values("rijnummer")[:1]),
        vingerafdruk=Subquery(regel.values("vingerafdruk")[:1]),
    )


def naar_de_importregel(apps, schema_editor):
    Importregel = apps.get_model("rapportage", "Importregel")
    Kostenrealisatie = apps.get_model("jaarplan", "Kostenrealisatie")
    boekingen = Kostenrealisatie.objects.filter(importbatch__isnull=False).values_list(
        "pk", "importbatch", "rijnummer", "vingerafdruk"
    )
    Importregel.objects.bulk_create(
        (
            Importregel(kostenrealisatie_id=pk, batch_id=batch, rijnummer=rij or 0, vingerafdruk=afdruk)
            for pk, batch, rij, afdruk in boekingen.iterator()
        ),
        batch_size=5_000,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("jaarplan", "0009_boeking_kent_haar_import"),
        ("rapportage", "0007_importregel_sleutel_is_boeking"),
    ]

    operations = [
        migrations.RunPython(naar_de_boeking, naar_de_importregel),
        migrations.DeleteModel(name="Importregel"),
    ]
