from django.db import migrations


class Migration(migrations.Migration):
    """The audit trail moved to partners (kern imports no app). Only the state changes here: the
    table kern_auditregel and its rows stay, and partners' model uses it from now on."""

    dependencies = [
        ("kern", "0002_audittrail_aanmeldingen"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="Auditregel")],
            database_operations=[],
        ),
    ]
