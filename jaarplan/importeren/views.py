"""The ledger import pages: upload, preview with column and kostenplaats correction, read in, undo."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from kern.money import format_euro
from kern.permissions import vereist

from ..models import Importbatch
from ..services import kostenplaatskoppelingen_opslaan
from . import realisatie as service
from .forms import KolommenForm, KoppelingenForm, UploadForm
from .permissions import can_import_realisatie

VOORBEELD_REGELS = 200
VOORBEELD_FOUTEN = 50  # a file full of errors shows the first ones and a count, not a page of megabytes


def _batch(request, pk) -> Importbatch:
    return get_object_or_404(Importbatch.objects.voor_gebruiker(request.user), pk=pk)


@vereist(can_import_realisatie)
def overzicht(request):
    regio = request.user.leerwerkloket
    form = UploadForm(request.POST or None, request.FILES or None, leerwerkloket=regio)
    if request.method == "POST" and form.is_valid():
        bestand = form.cleaned_data["bestand"]
        try:
            batch = service.import_voorbereiden(
                leerwerkloket=regio,
                bestandsnaam=bestand.name,
                inhoud=bestand.read(),
                door=request.user,
                jaar=form.cleaned_data["jaar"],
            )
        except ValidationError as fout:
            form.add_error("bestand", fout)
        else:
            return redirect("importeren:batch", pk=batch.pk)
    batches = (
        Importbatch.objects.voor_regio(regio)
        .select_related("aangemaakt_door", "ingelezen_door", "ongedaan_door")
        .defer("inhoud")[:50]
    )
    return render(request, "jaarplan/import/overzicht.html", {"form": form, "batches": batches})


@vereist(can_import_realisatie)
def voorbeeld(request, pk, kolommen_form=None, koppelingen_form=None):
    batch = _batch(request, pk)
    analyse = service.import_analyseren(batch)
    if kolommen_form is None and not service.is_auditfile(batch):
        kolommen_form = KolommenForm(
            kolomnamen=analyse.kolomnamen,
            initial={"kopregel": batch.kopregel, **{veld: str(nr) for veld, nr in batch.kolommen.items()}},
        )
    activiteiten = analyse.jaarplan.activiteiten.all() if analyse.jaarplan else []
    # What a read-in import wrote, each booking with the row of the file it came from.
    geboekt = (
        batch.boekingen.select_related("activiteit").order_by("rijnummer")[:VOORBEELD_REGELS]
        if batch.is_ingelezen
        else []
    )
    if koppelingen_form is None and analyse.onbekende_kostenplaatsen:
        koppelingen_form = KoppelingenForm(kostenplaatsen=analyse.onbekende_kostenplaatsen, activiteiten=activiteiten)
    return render(
        request,
        "jaarplan/import/voorbeeld.html",
        {
            "batch": batch,
            "analyse": analyse,
            "regels": analyse.regels[:VOORBEELD_REGELS],
            "meer_regels": max(len(analyse.regels) - VOORBEELD_REGELS, 0),
            "fouten": analyse.fouten[:VOORBEELD_FOUTEN],
            "meer_fouten": max(len(analyse.fouten) - VOORBEELD_FOUTEN, 0),
            "al_ingelezen": analyse.al_ingelezen(),
            "nieuwe": len(analyse.nieuwe),
            "geboekt": geboekt,
            "kolommen_form": kolommen_form,
            # Open while nothing recognised the columns (also after choosing another header row).
            "kolommen_open": not batch.bron or bool(kolommen_form and kolommen_form.errors),
            "koppelingen_form": koppelingen_form,
            "samenvatting": analyse.samenvatting(),
            "is_voorbeeld": batch.is_voorbeeld,
        },
    )


@require_POST
@vereist(can_import_realisatie)
def kolommen(request, pk):
    batch = _batch(request, pk)
    analyse = service.import_analyseren(batch)
    form = KolommenForm(request.POST, kolomnamen=analyse.kolomnamen)
    if form.is_valid():
        kopregel = form.cleaned_data["kopregel"] or analyse.kopregel
        try:
            service.kolommen_aanpassen(batch=batch, kolommen=form.kolommen(), kopregel=kopregel, door=request.user)
        except ValidationError as fout:
            form.add_error(None, fout)
        else:
            if kopregel != analyse.kopregel:
                tekst = f"De kopregel is nu rij {kopregel}; controleer hieronder welke kolom wat bevat."
            else:
                tekst = (
                    "De kolomindeling is aangepast en onthouden voor volgende bestanden met deze kopregel; "
                    "hieronder staat het nieuwe voorbeeld."
                )
            messages.success(request, tekst)
            return redirect("importeren:batch", pk=batch.pk)
    return voorbeeld(request, pk, kolommen_form=form)


@require_POST
@vereist(can_import_realisatie)
def koppelingen(request, pk):
    batch = _batch(request, pk)
    analyse = service.import_analyseren(batch)
    activiteiten = analyse.jaarplan.activiteiten.all() if analyse.jaarplan else []
    form = KoppelingenForm(request.POST, kostenplaatsen=analyse.onbekende_kostenplaatsen, activiteiten=activiteiten)
    if form.is_valid():
        gekozen = form.koppelingen()
        kostenplaatskoppelingen_opslaan(leerwerkloket=batch.leerwerkloket, koppelingen=gekozen)
        messages.success(
            request,
            f"{len(gekozen)} kostenplaats(en) gekoppeld; het loket onthoudt dat voor volgende imports.",
        )
        return redirect("importeren:batch", pk=batch.pk)
    return voorbeeld(request, pk, koppelingen_form=form)


@require_POST
@vereist(can_import_realisatie)
def inlezen(request, pk):
    batch = _batch(request, pk)
    try:
        batch = service.import_doorvoeren(
            batch=batch,
            door=request.user,
            dubbele_behouden=request.POST.get("dubbele_behouden") == "ja",
            handmatig=request.POST.get("handmatig") or None,
            handmatig_gezien=_getal(request.POST.get("handmatig_gezien")),
        )
    except ValidationError as fout:
        messages.error(request, " ".join(fout.messages))
    else:
        weggelaten = f" {batch.weggelaten} al eerder ingelezen regels zijn weggelaten." if batch.weggelaten else ""
        vervangen = f" {batch.vervangen} met de hand geboekte regels zijn vervangen." if batch.vervangen else ""
        messages.success(
            request,
            f"Import {batch.pk} is ingelezen: {batch.aantal_regels} regels, {format_euro(batch.totaal)} "
            f"in jaarplan {batch.jaar}.{weggelaten}{vervangen}",
        )
    return redirect("importeren:batch", pk=batch.pk)


def _getal(waarde) -> int | None:
    return int(waarde) if waarde and waarde.isdigit() and len(waarde) < 10 else None


@require_POST
@vereist(can_import_realisatie)
def ongedaan(request, pk):
    batch = _batch(request, pk)
    if request.POST.get("bevestigd") != "ja":
        messages.error(request, "Vink aan dat u de regels van deze import wilt verwijderen.")
        return redirect("importeren:batch", pk=batch.pk)
    try:
        batch = service.import_ongedaan_maken(batch=batch, door=request.user)
    except ValidationError as fout:
        messages.error(request, " ".join(fout.messages))
    else:
        messages.success(
            request, f"Import {batch.pk} is ongedaan gemaakt: {batch.aantal_regels} regels zijn verwijderd."
        )
    return redirect("importeren:batch", pk=batch.pk)


@require_POST
@vereist(can_import_realisatie)
def verwijderen(request, pk):
    """Discard a preview that will not be read in; a batch that was read in stays on record."""
    batch = _batch(request, pk)
    if not batch.is_voorbeeld:
        messages.error(request, "Alleen een voorbeeld dat nog niet is ingelezen kan worden weggegooid.")
        return redirect("importeren:batch", pk=batch.pk)
    batch.delete()
    messages.success(request, f"Het voorbeeld van {batch.bestandsnaam} is weggegooid.")
    return redirect("importeren:realisatie")
