from django.db import migrations


def opslag(soort: str):
    def uitvoeren(apps, schema_editor):
        # PostgreSQL only: SQLite has no storage modes.
        if schema_editor.connection.vendor != "postgresql":
            return
        schema_editor.execute(f"ALTER TABLE jaarplan_importbatch ALTER COLUMN inhoud SET STORAGE {soort}")

    return uitvoeren


class Migration(migrations.Migration):
    """An uploaded .xlsx is a zip archive: PostgreSQL's default (EXTENDED) tried to compress every
    stored file again before keeping it out of line, and gave up. EXTERNAL keeps it out of line as it
    is: storing a file of 3.4 MB took 0.08 s, now 0.03 s (decision 0071)."""

    dependencies = [
        ("jaarplan", "0014_kostenrealisatie_nieuwste_eerst"),
    ]

    operations = [
        migrations.RunPython(opslag("EXTERNAL"), opslag("EXTENDED"), elidable=False),
    ]
