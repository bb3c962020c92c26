import django_fsm
from django.db import migrations

# The column stays a varchar(20) with the same values; only the model's field class changes
# (django-fsm-2's FSMField, whose transitions are the one way to move the status). So the state
# changes and the database is left alone (SQLite would otherwise rebuild the table).
def status():
    return django_fsm.FSMField(
        choices=[("concept", "Concept"), ("vastgesteld", "Vastgesteld"), ("afgesloten", "Afgesloten")],
        default="concept",
        editable=False,
        max_length=20,
        protected=True,
        verbose_name="status",
    )


class Migration(migrations.Migration):
    dependencies = [
        ("jaarplan", "0004_activiteit_volgorde_grens"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(model_name="historicaljaarplan", name="status", field=status()),
                migrations.AlterField(model_name="jaarplan", name="status", field=status()),
            ]
        ),
    ]
