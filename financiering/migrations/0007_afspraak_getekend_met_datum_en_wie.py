"""An agreement's status becomes a transition (stored only concept or getekend) with the signing
date and who signed; running, ended and the like are derived from its years. The data follow in
0008, the constraint in 0009: on PostgreSQL a table whose rows were just updated cannot be
altered in the same transaction."""

import django.db.models.deletion
import django_fsm
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('financiering', '0006_bankregel_status_overgangen'),
        ('partners', '0003_bekende_ibans'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='financieringsafspraak',
            name='getekend_door',
            field=models.CharField(blank=True, editable=False, help_text='Wie de afspraak ondertekenden.', max_length=200, verbose_name='ondertekend door'),
        ),
        migrations.AddField(
            model_name='financieringsafspraak',
            name='getekend_op',
            field=models.DateField(blank=True, editable=False, null=True, verbose_name='getekend op'),
        ),
        migrations.AddField(
            model_name='financieringsafspraak',
            name='getekend_vastgelegd_door',
            field=models.ForeignKey(blank=True, editable=False, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='ondertekening vastgelegd door'),
        ),
        migrations.AddField(
            model_name='historicalfinancieringsafspraak',
            name='getekend_door',
            field=models.CharField(blank=True, editable=False, help_text='Wie de afspraak ondertekenden.', max_length=200, verbose_name='ondertekend door'),
        ),
        migrations.AddField(
            model_name='historicalfinancieringsafspraak',
            name='getekend_op',
            field=models.DateField(blank=True, editable=False, null=True, verbose_name='getekend op'),
        ),
        migrations.AddField(
            model_name='historicalfinancieringsafspraak',
            name='getekend_vastgelegd_door',
            field=models.ForeignKey(blank=True, db_constraint=False, editable=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='ondertekening vastgelegd door'),
        ),
        migrations.AlterField(
            model_name='financieringsafspraak',
            name='status',
            field=django_fsm.FSMField(choices=[('concept', 'Concept'), ('getekend', 'Getekend')], default='concept', editable=False, max_length=20, protected=True, verbose_name='status'),
        ),
        migrations.AlterField(
            model_name='historicalfinancieringsafspraak',
            name='status',
            field=django_fsm.FSMField(choices=[('concept', 'Concept'), ('getekend', 'Getekend')], default='concept', editable=False, max_length=20, protected=True, verbose_name='status'),
        ),
    ]
