"""The importers left the read side: Importbatch and Kostenplaatskoppeling are jaarplan's now
(jaarplan 0011), Bankregel financiering's (financiering 0005), with their tables. Here they leave
rapportage's state only; the content types (and with them the permissions given to groups, and
the admin's log) follow them to their new app."""

from django.db import migrations

NAAR = {
    "importbatch": "jaarplan",
    "kostenplaatskoppeling": "jaarplan",
    "bankregel": "financiering",
    "historicalbankregel": "financiering",
}


def _verhuizen(apps, van: dict[str, str], naar: dict[str, str]) -> None:
    """Per model its content type from app `van[model]` to `naar[model]`. One already made for the
    new app (by a migrate that ran after going back) is new and empty, and gives way."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model in NAAR:
        oud = ContentType.objects.filter(app_label=van[model], model=model)
        if oud.exists():
            ContentType.objects.filter(app_label=naar[model], model=model).delete()
            oud.update(app_label=naar[model])


def inhoudstypen_verhuizen(apps, schema_editor):
    _verhuizen(apps, dict.fromkeys(NAAR, "rapportage"), NAAR)


def inhoudstypen_terug(apps, schema_editor):
    _verhuizen(apps, NAAR, dict.fromkeys(NAAR, "rapportage"))


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("financiering", "0005_bankregel_uit_rapportage"),
        ("jaarplan", "0011_importbatch_uit_rapportage"),
        ("rapportage", "0008_importregel_in_de_boeking"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="HistoricalBankregel"),
                migrations.DeleteModel(name="Bankregel"),
                migrations.DeleteModel(name="Importbatch"),
                migrations.DeleteModel(name="Kostenplaatskoppeling"),
            ],
        ),
        migrations.RunPython(inhoudstypen_verhuizen, inhoudstypen_terug),
    ]
