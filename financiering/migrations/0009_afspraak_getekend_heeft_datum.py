"""A signed agreement has its signing date; a concept has none (after 0006 gave the old rows one)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("financiering", "0008_afspraak_oude_statussen_naar_getekend")]

    operations = [
        migrations.AddConstraint(
            model_name='financieringsafspraak',
            constraint=models.CheckConstraint(condition=models.Q(models.Q(('status', 'concept'), ('getekend_op__isnull', True)), models.Q(('status', 'getekend'), ('getekend_op__isnull', False)), _connector='OR'), name='afspraak_getekend_heeft_datum'),
        ),
    ]
