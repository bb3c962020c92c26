import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def move_content_type(apps, schema_editor):
    """Permissions and the admin's log follow the model: its content type changes app."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not ContentType.objects.filter(app_label="partners", model="auditregel").exists():
        ContentType.objects.filter(app_label="kern", model="auditregel").update(app_label="partners")


def move_content_type_back(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not ContentType.objects.filter(app_label="kern", model="auditregel").exists():
        ContentType.objects.filter(app_label="partners", model="auditregel").update(app_label="kern")


class Migration(migrations.Migration):
    """The audit trail, formerly kern's, in the state of partners; its table (kern_auditregel,
    made by kern's migrations) and rows stay as they are."""

    dependencies = [
        ("partners", "0001_initial"),
        ("kern", "0003_auditregel_naar_partners"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Auditregel",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("tijdstip", models.DateTimeField(auto_now_add=True, db_index=True, verbose_name="tijdstip")),
                        (
                            "actie",
                            models.CharField(
                                choices=[
                                    ("export", "Export"),
                                    ("import", "Import"),
                                    ("backup", "Backup"),
                                    ("inloggen", "Inloggen"),
                                    ("uitloggen", "Uitloggen"),
                                    ("inlogfout", "Inloggen mislukt"),
                                ],
                                max_length=10,
                                verbose_name="actie",
                            ),
                        ),
                        ("omschrijving", models.CharField(max_length=300, verbose_name="wat")),
                        (
                            "gebruiker",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="gebruiker",
                            ),
                        ),
                        (
                            "leerwerkloket",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to="partners.leerwerkloket",
                                verbose_name="leerwerkloket",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "auditregel",
                        "verbose_name_plural": "audittrail",
                        "db_table": "kern_auditregel",
                        "ordering": ["-tijdstip", "-pk"],
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_type, move_content_type_back),
    ]
