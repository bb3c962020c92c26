"""The Exports page: every report of the registry, with its options, as an .xlsx download."""

import tempfile

from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import render

from kern.permissions import vereist
from partners.models import Auditregel, Partner, vastleggen

from .forms import RapportForm
from .permissions import can_export
from .registry import EXPORTERS

GEHEUGEN_GRENS = 8 * 1024 * 1024  # larger workbooks spill from memory to a temporary file


def _pagina(request, ingevuld: RapportForm | None = None, status: int = 200):
    regio = request.user.leerwerkloket
    rapporten = [
        (
            exporter,
            ingevuld
            if ingevuld is not None and ingevuld.exporter is exporter
            else RapportForm(exporter=exporter, leerwerkloket=regio, auto_id=f"id_{identifier}_%s"),
        )
        for identifier, exporter in EXPORTERS.items()
    ]
    return render(request, "rapportage/exports.html", {"rapporten": rapporten}, status=status)


@vereist(can_export)
def overzicht(request):
    return _pagina(request)


@vereist(can_export)
def downloaden(request, identifier):
    exporter_klasse = EXPORTERS.get(identifier)
    if exporter_klasse is None:
        raise Http404("Dit rapport bestaat niet.")
    regio = request.user.leerwerkloket
    if "financier" in exporter_klasse.opties:
        _financier_van_de_regio_of_404(request.GET.get("financier", ""), regio)
    form = RapportForm(request.GET, exporter=exporter_klasse, leerwerkloket=regio, auto_id=f"id_{identifier}_%s")
    if not form.is_valid():
        return _pagina(request, ingevuld=form, status=400)
    exporter = exporter_klasse(leerwerkloket=regio, door=request.user, **form.cleaned_data)
    try:
        exporter.controleer()
    except ValidationError as fout:
        form.add_error(None, fout)
        return _pagina(request, ingevuld=form, status=400)
    opties = ", ".join(f"{k} {v}" for k, v in form.cleaned_data.items())
    # The whole workbook is made before anything is sent, and only then recorded: a failure halfway
    # gives the error page and no audit line (the request's transaction takes it back anyway), never
    # half a file. The response carries the file's length, so a download cut off is seen as failed.
    bestand = tempfile.SpooledTemporaryFile(max_size=GEHEUGEN_GRENS)  # noqa: SIM115 (FileResponse closes it)
    exporter.schrijf(bestand)
    bestand.seek(0)
    vastleggen(Auditregel.Actie.EXPORT, f"{exporter.verbose_name} ({opties or 'geen opties'})", gebruiker=request.user)
    return FileResponse(
        bestand,
        as_attachment=True,
        filename=exporter.bestandsnaam(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


def _financier_van_de_regio_of_404(waarde: str, regio) -> None:
    """A financier id is an object address: one that is not a partner of the user's region
    answers 404, as another region's agreement page does, whether it exists elsewhere or not
    (so the answer says nothing about other regions). Text that is no id at all, or a partner of
    the region without an agreement, stays a form error in Dutch."""
    if not (waarde.isascii() and waarde.isdigit()):
        return
    if not Partner.objects.voor_regio(regio).filter(pk=int(waarde)).exists():
        raise Http404("Deze financier bestaat niet of hoort bij een andere regio.")
