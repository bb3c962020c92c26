"""A list export: in the request when it is short, as a background job with a progress page and a
download when it is long (more rows than EXPORT_ACHTERGROND_VANAF). A job and its file belong to
the user who asked for it; anyone else's address gives 404."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render

from rapportage.exporteren import lijsten

from .models import Exporttaak
from .tasks import lijst_maken


@login_required
def lijst(request, naam, formaat):
    if formaat not in lijsten.FORMATEN:
        raise Http404("Alleen Excel (.xlsx) en CSV.")
    export = lijsten.gefilterde_lijst(request, naam)
    aantal = export.aantal()
    if aantal <= settings.EXPORT_ACHTERGROND_VANAF:
        return lijsten.antwoord(request, export, naam, formaat)
    taak = Exporttaak.objects.create(
        gebruiker=request.user,
        lijst=naam,
        formaat=formaat,
        parameters=request.GET.urlencode(),
        rijen_totaal=aantal,
        bestandsnaam=lijsten.bestandsnaam(naam, formaat),
    )
    lijst_maken.enqueue(str(taak.pk))
    return redirect("exports:taak", pk=taak.pk)


def _taak(request, pk) -> Exporttaak:
    return get_object_or_404(Exporttaak, pk=pk, gebruiker=request.user)


@login_required
def taak(request, pk):
    return render(request, "exports/taak.html", {"taak": _taak(request, pk)})


@login_required
def downloaden(request, pk):
    taak = _taak(request, pk)
    if taak.status != Exporttaak.Status.KLAAR:
        raise Http404("Deze export is nog niet klaar.")
    return FileResponse(
        taak.bestand.open("rb"),
        as_attachment=True,
        filename=taak.bestandsnaam,
        content_type=lijsten.CONTENT_TYPE[taak.formaat],
    )
