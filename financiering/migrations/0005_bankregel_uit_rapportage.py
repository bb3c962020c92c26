"""The bank import moved from rapportage (the read side) to financiering, whose Betaling a bank line
is booked as. The rows stay where they are: the model's state moves here (nothing is copied), and
the tables are renamed to this app's name, so the database says where a row belongs as the code
does (a rename is a change of name only, on SQLite and PostgreSQL alike)."""

import django.db.models.deletion
import kern.fields
import kern.iban
import simple_history.models
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("financiering", "0004_factuur_vooruitgedateerd"),
        ("partners", "0003_bekende_ibans"),
        ("rapportage", "0008_importregel_in_de_boeking"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="HistoricalBankregel",
                    fields=[
                        ("id", models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name="ID")),
                        ("sleutel", models.CharField(max_length=64, verbose_name="sleutel")),
                        ("datum", models.DateField(verbose_name="datum")),
                        ("bedrag", kern.fields.MoneyField(verbose_name="bedrag")),
                        ("tegenpartij", models.CharField(blank=True, max_length=200, verbose_name="tegenpartij")),
                        (
                            "tegenrekening",
                            models.CharField(
                                blank=True,
                                help_text="Leeg als het afschrift er geen noemt.",
                                max_length=34,
                                validators=[kern.iban.valideer_iban],
                                verbose_name="IBAN tegenpartij",
                            ),
                        ),
                        ("omschrijving", models.CharField(blank=True, max_length=500, verbose_name="omschrijving")),
                        ("bestandsnaam", models.CharField(max_length=255, verbose_name="uit bestand")),
                        ("ingelezen_op", models.DateTimeField(blank=True, editable=False, verbose_name="ingelezen op")),
                        (
                            "status",
                            models.CharField(
                                choices=[("open", "Nog te boeken"), ("geboekt", "Geboekt"), ("genegeerd", "Genegeerd")],
                                default="open",
                                max_length=12,
                                verbose_name="status",
                            ),
                        ),
                        ("history_id", models.AutoField(primary_key=True, serialize=False)),
                        ("history_date", models.DateTimeField(db_index=True)),
                        ("history_change_reason", models.CharField(max_length=100, null=True)),
                        (
                            "history_type",
                            models.CharField(
                                choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                            ),
                        ),
                        (
                            "betaling",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="financiering.betaling",
                                verbose_name="betaling",
                            ),
                        ),
                        (
                            "history_user",
                            models.ForeignKey(
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "ingelezen_door",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "leerwerkloket",
                            models.ForeignKey(
                                blank=True,
                                db_constraint=False,
                                null=True,
                                on_delete=django.db.models.deletion.DO_NOTHING,
                                related_name="+",
                                to="partners.leerwerkloket",
                                verbose_name="leerwerkloket",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "historical bankregel",
                        "verbose_name_plural": "historical bankregels",
                        "ordering": ("-history_date", "-history_id"),
                        "db_table": "rapportage_historicalbankregel",
                        "get_latest_by": ("history_date", "history_id"),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name="Bankregel",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("sleutel", models.CharField(max_length=64, verbose_name="sleutel")),
                        ("datum", models.DateField(verbose_name="datum")),
                        ("bedrag", kern.fields.MoneyField(verbose_name="bedrag")),
                        ("tegenpartij", models.CharField(blank=True, max_length=200, verbose_name="tegenpartij")),
                        (
                            "tegenrekening",
                            models.CharField(
                                blank=True,
                                help_text="Leeg als het afschrift er geen noemt.",
                                max_length=34,
                                validators=[kern.iban.valideer_iban],
                                verbose_name="IBAN tegenpartij",
                            ),
                        ),
                        ("omschrijving", models.CharField(blank=True, max_length=500, verbose_name="omschrijving")),
                        ("bestandsnaam", models.CharField(max_length=255, verbose_name="uit bestand")),
                        ("ingelezen_op", models.DateTimeField(auto_now_add=True, verbose_name="ingelezen op")),
                        (
                            "status",
                            models.CharField(
                                choices=[("open", "Nog te boeken"), ("geboekt", "Geboekt"), ("genegeerd", "Genegeerd")],
                                default="open",
                                max_length=12,
                                verbose_name="status",
                            ),
                        ),
                        (
                            "betaling",
                            models.OneToOneField(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="bankregel",
                                to="financiering.betaling",
                                verbose_name="betaling",
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
                                related_name="bankregels",
                                to="partners.leerwerkloket",
                                verbose_name="leerwerkloket",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "bankregel",
                        "verbose_name_plural": "bankregels",
                        "ordering": ["datum", "pk"],
                        "db_table": "rapportage_bankregel",
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("leerwerkloket", "sleutel"), name="bankregel_eenmaal_per_regio"
                            ),
                            models.CheckConstraint(
                                condition=models.Q(
                                    models.Q(("betaling__isnull", False), ("status", "geboekt")),
                                    models.Q(
                                        models.Q(("status", "geboekt"), _negated=True), ("betaling__isnull", True)
                                    ),
                                    _connector="OR",
                                ),
                                name="bankregel_geboekt_heeft_betaling",
                            ),
                        ],
                    },
                ),
            ],
        ),
        migrations.AlterModelTable(name="bankregel", table=None),
        migrations.AlterModelTable(name="historicalbankregel", table=None),
    ]
