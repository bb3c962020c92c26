"""The ledger import moved from rapportage (the read side) to jaarplan, whose Kostenrealisatie it
writes: its batches and the region's kostenplaats mapping come along. The rows stay where they
are: the models' state moves here (nothing is copied; a booking's import is the same row), and
the tables are renamed to this app's name, so the database says where a row belongs as the code
does (a rename is a change of name only, on SQLite and PostgreSQL alike)."""

import django.db.models.deletion
import kern.fields
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("jaarplan", "0010_jaarplan_afsluiten_na_het_jaar"),
        ("partners", "0003_bekende_ibans"),
        ("rapportage", "0008_importregel_in_de_boeking"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Importbatch",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("voorbeeld", "Voorbeeld (nog niet ingelezen)"),
                                    ("ingelezen", "Ingelezen"),
                                    ("ongedaan", "Ongedaan gemaakt"),
                                ],
                                default="voorbeeld",
                                max_length=12,
                                verbose_name="status",
                            ),
                        ),
                        ("bestandsnaam", models.CharField(max_length=255, verbose_name="bestandsnaam")),
                        ("checksum", models.CharField(max_length=64, verbose_name="SHA-256")),
                        ("inhoud", models.BinaryField(verbose_name="inhoud van het bestand")),
                        ("jaar", models.PositiveSmallIntegerField(blank=True, null=True, verbose_name="jaar")),
                        ("kolommen", models.JSONField(blank=True, default=dict, verbose_name="kolomindeling")),
                        (
                            "kopregel",
                            models.PositiveIntegerField(blank=True, null=True, verbose_name="kopregel (rijnummer)"),
                        ),
                        ("aantal_regels", models.PositiveIntegerField(default=0, verbose_name="regels")),
                        ("totaal", kern.fields.MoneyField(default=0, negatief_toegestaan=True, verbose_name="totaal")),
                        ("aangemaakt_op", models.DateTimeField(auto_now_add=True, verbose_name="geüpload op")),
                        ("ingelezen_op", models.DateTimeField(blank=True, null=True, verbose_name="ingelezen op")),
                        (
                            "ongedaan_op",
                            models.DateTimeField(blank=True, null=True, verbose_name="ongedaan gemaakt op"),
                        ),
                        (
                            "aangemaakt_door",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "ingelezen_door",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "leerwerkloket",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="importbatches",
                                to="partners.leerwerkloket",
                                verbose_name="leerwerkloket",
                            ),
                        ),
                        (
                            "ongedaan_door",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "importbatch",
                        "verbose_name_plural": "importbatches",
                        "ordering": ["-aangemaakt_op", "-pk"],
                        "db_table": "rapportage_importbatch",
                    },
                ),
                migrations.AlterField(
                    model_name="historicalkostenrealisatie",
                    name="importbatch",
                    field=models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_index=False,
                        editable=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="jaarplan.importbatch",
                        verbose_name="import",
                    ),
                ),
                migrations.AlterField(
                    model_name="kostenrealisatie",
                    name="importbatch",
                    field=models.ForeignKey(
                        blank=True,
                        editable=False,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="boekingen",
                        to="jaarplan.importbatch",
                        verbose_name="import",
                    ),
                ),
                migrations.CreateModel(
                    name="Kostenplaatskoppeling",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("kostenplaats", models.CharField(max_length=60, verbose_name="kostenplaats")),
                        ("activiteit_code", models.SlugField(max_length=60, verbose_name="activiteit (code)")),
                        (
                            "kostensoort",
                            models.CharField(
                                choices=[
                                    ("personeel", "Personeel"),
                                    ("inhuur", "Inhuur en advies"),
                                    ("huisvesting", "Huisvesting"),
                                    ("materiaal", "Materiaal en middelen"),
                                    ("communicatie", "Communicatie"),
                                    ("overig", "Overige kosten"),
                                ],
                                max_length=20,
                                verbose_name="kostensoort",
                            ),
                        ),
                        (
                            "leerwerkloket",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="kostenplaatskoppelingen",
                                to="partners.leerwerkloket",
                                verbose_name="leerwerkloket",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "kostenplaatskoppeling",
                        "verbose_name_plural": "kostenplaatskoppelingen",
                        "ordering": ["kostenplaats"],
                        "db_table": "rapportage_kostenplaatskoppeling",
                    },
                ),
                migrations.AddConstraint(
                    model_name="importbatch",
                    constraint=models.UniqueConstraint(
                        condition=models.Q(("status", "ingelezen")),
                        fields=("leerwerkloket", "checksum"),
                        name="importbatch_bestand_eenmaal_ingelezen",
                    ),
                ),
                migrations.AddConstraint(
                    model_name="kostenplaatskoppeling",
                    constraint=models.UniqueConstraint(
                        fields=("leerwerkloket", "kostenplaats"), name="kostenplaatskoppeling_eenmaal_per_regio"
                    ),
                ),
            ],
        ),
        migrations.AlterModelTable(name="importbatch", table=None),
        migrations.AlterModelTable(name="kostenplaatskoppeling", table=None),
    ]
