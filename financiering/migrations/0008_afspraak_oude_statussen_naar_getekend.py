"""Existing rows: toegezegd, lopend and beëindigd were all signed agreements, so they become
getekend. Their signing date was never recorded; the one taken is the earliest of 1 January of
their first year, the day the history first shows them as no longer concept, and today (a
signing date is never in the future). The signatories are unknown and stay empty. The note a
renewal or a next-period plan wrote ("concept tot zij getekend is") is taken out of a signed
agreement's notes: the page derives that from the state now. A concept stays a concept.

Backwards, a signed agreement gets the old status its years give today (beëindigd, lopend or
toegezegd); the signing data go."""

import datetime

from django.db import migrations

OUDE_GETEKENDE = ("toegezegd", "lopend", "beeindigd")
CONCEPT_NOTITIES = ("; concept tot zij getekend is.", ". Concept tot zij getekend is.")


def _zonder_conceptnotitie(notities: str) -> str:
    for zin in CONCEPT_NOTITIES:
        notities = notities.replace(zin, ".")
    return notities


def naar_getekend(apps, schema_editor):
    from django.utils import timezone

    afspraken = apps.get_model("financiering", "Financieringsafspraak")
    historie = apps.get_model("financiering", "HistoricalFinancieringsafspraak")
    vandaag = timezone.localdate()
    for afspraak in afspraken.objects.filter(status__in=OUDE_GETEKENDE).iterator():
        kandidaten = [datetime.date(afspraak.startjaar, 1, 1), vandaag]
        eerste = (
            historie.objects.filter(id=afspraak.pk)
            .exclude(status="concept")
            .order_by("history_date")
            .values_list("history_date", flat=True)
            .first()
        )
        if eerste is not None:
            kandidaten.append(timezone.localtime(eerste).date() if timezone.is_aware(eerste) else eerste.date())
        afspraken.objects.filter(pk=afspraak.pk).update(
            status="getekend", getekend_op=min(kandidaten), notities=_zonder_conceptnotitie(afspraak.notities)
        )


def terug_naar_oude_status(apps, schema_editor):
    from django.utils import timezone

    afspraken = apps.get_model("financiering", "Financieringsafspraak")
    jaar = timezone.localdate().year
    getekend = afspraken.objects.filter(status="getekend")
    getekend.filter(eindjaar__lt=jaar).update(status="beeindigd")
    getekend.filter(startjaar__gt=jaar).update(status="toegezegd")
    getekend.update(status="lopend")
    afspraken.objects.update(getekend_op=None, getekend_door="", getekend_vastgelegd_door=None)



class Migration(migrations.Migration):
    dependencies = [("financiering", "0007_afspraak_getekend_met_datum_en_wie")]

    operations = [migrations.RunPython(naar_getekend, terug_naar_oude_status)]
