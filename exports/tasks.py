"""The background job that makes a long list export: the same list (its view, filters, sort
order and columns: rapportage.exporteren.lijsten) as the request would have made, for the same
user, written to a file that only that user downloads."""

import tempfile

from django.core.files import File
from django.http import HttpRequest, QueryDict
from django.utils import timezone
from django_tasks import task

from rapportage.exporteren import lijsten

from .models import Exporttaak

VOORTGANG_ELKE = 2000  # rows between two saves of the progress


@task()
def lijst_maken(taak_id: str) -> None:
    taak = Exporttaak.objects.select_related("gebruiker").get(pk=taak_id)
    taak.status = Exporttaak.Status.BEZIG
    taak.save(update_fields=["status"])
    try:
        verzoek = HttpRequest()
        verzoek.method = "GET"
        verzoek.GET = QueryDict(taak.parameters)
        verzoek.user = taak.gebruiker
        lijst = lijsten.gefilterde_lijst(verzoek, taak.lijst)
        lijst.blad.rijen = _met_voortgang(taak, lijst.blad.rijen)
        with tempfile.TemporaryFile() as uit:
            lijsten.schrijf_lijst(
                lijst,
                taak.formaat,
                uit=uit,
                door=taak.gebruiker,
                nederlands=verzoek.GET.get("csv") != "standaard",
            )
            uit.seek(0)
            taak.bestand.save(f"{taak.pk}.{taak.formaat}", File(uit), save=False)
    except Exception:
        taak.status = Exporttaak.Status.MISLUKT
        taak.save(update_fields=["status"])
        raise
    taak.status = Exporttaak.Status.KLAAR
    taak.rijen_klaar = taak.rijen_totaal
    taak.klaar_op = timezone.now()
    taak.save(update_fields=["status", "rijen_klaar", "bestand", "klaar_op"])
    lijsten.vastleggen_export(taak.gebruiker, lijst, taak.formaat)


def _met_voortgang(taak: Exporttaak, rijen):
    for nummer, rij in enumerate(rijen, start=1):
        if nummer % VOORTGANG_ELKE == 0:
            Exporttaak.objects.filter(pk=taak.pk).update(rijen_klaar=nummer)
        yield rij
