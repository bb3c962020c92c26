"""Excel and CSV of exactly what a list page shows: the list view's own queryset, FilterSet and
table, so the export cannot drift from the screen. A list page joins with one line in LIJSTEN;
its template links to it with `{% include "kern/exportknoppen.html" with lijst="..." %}`. The
address is the exports app's (exports/views.py): a short list is answered here (`antwoord`), a
long one is made by a background job with the same `schrijf_lijst`."""

import io
import tempfile
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tables2 import RequestConfig

from financiering.tables import DatumColumn, EuroColumn
from partners.models import Auditregel, Partner, vastleggen

from .schrijver import Blad, Info, Kolom, csv_bytes, schrijf_csv, schrijf_xlsx
from .stroom import NietTeStromen, export_rijen

# name in the URL -> (the list view, the title of the file)
LIJSTEN = {
    "partners": ("partners.views.PartnerLijst", "Partners"),
    "afspraken": ("financiering.views_afspraken.AfspraakLijst", "Financieringsafspraken"),
    "toezeggingen": ("financiering.views_afspraken.ToezeggingLijst", "Toezeggingen"),
    "facturen": ("financiering.views_facturen.FactuurLijst", "Facturen"),
    "realisatie": ("jaarplan.views_realisatie.KostenrealisatieLijst", "Kostenboekingen"),
    "betalingen": ("financiering.views_facturen.BetalingLijst", "Betalingen"),
}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass
class Lijstexport:
    """A list as its export: the sheet (its rows read only when written), the filters in words,
    and the queryset of its rows (to count them before deciding how to make the file)."""

    blad: Blad
    filters: list[str]
    queryset: object

    def aantal(self) -> int:
        return self.queryset.count()


def gefilterde_lijst(request, naam: str) -> Lijstexport:
    """The rows the list page shows for this request's filters (all pages), and the filters in words."""
    if naam not in LIJSTEN:
        raise Http404("Deze lijst bestaat niet.")
    pad, titel = LIJSTEN[naam]
    view_klasse = import_string(pad)
    if not view_klasse.toegang(request.user):
        raise PermissionDenied
    view = view_klasse()
    view.setup(request)
    view.object_list = view.get_queryset()
    filterset = view.get_filterset(view.get_filterset_class())
    if "financier" in filterset.filters:
        _financier_zichtbaar_of_404(request.user, request.GET.get("financier", ""))
    filters = []
    if not filterset.is_bound:
        rijen = view.object_list
    elif filterset.is_valid():
        rijen = filterset.qs
        filters = [
            f"{filterset.form.fields[n].label}: {_in_woorden(filterset.form.fields[n], w)}"
            for n, w in filterset.form.cleaned_data.items()
            if w not in ("", None)
        ]
    else:
        rijen = view.object_list.none()
    tabel = view.get_table_class()(rijen, **view.get_table_kwargs())
    RequestConfig(request, paginate=False).configure(tabel)  # the page's sort order, every row
    exportkolommen = _exportkolommen(tabel)
    try:
        waarden = export_rijen(tabel, exportkolommen)
    except NietTeStromen:
        waarden = tabel.as_values()
        next(waarden)  # its header row: the same headers as below
    regio = request.user.leerwerkloket or "alle regio’s"
    kolommen = [_kolom(str(kolom.header), kolom.column) for kolom in exportkolommen]
    blad = Blad(naam=titel, titel=f"{titel} – {regio}", kolommen=kolommen, rijen=waarden)
    return Lijstexport(blad=blad, filters=filters, queryset=tabel.data.data)


def _exportkolommen(tabel) -> list:
    """The table's columns in the export, in the order of `as_values()`."""
    return [kolom for kolom in tabel.columns.iterall() if not kolom.column.exclude_from_export]


def _kolom(titel: str, kolom) -> Kolom:
    """An amount column is summed under the list (a =SUM() in Excel) when its figure sums (not a
    minimum per year); a date column is a date."""
    if isinstance(kolom, EuroColumn):
        return Kolom(titel, "bedrag", totaal=kolom.somt)
    if isinstance(kolom, DatumColumn):
        return Kolom(titel, "datum")
    return Kolom(titel)


def _financier_zichtbaar_of_404(gebruiker, waarde: str) -> None:
    """A financier id is an object address: one the reader may not see (another region's, or
    none at all) answers 404, as the report exports do, rather than an empty file. Text that is no
    id stays the list's own refusal (no rows, the filter named on the Info sheet)."""
    if not (waarde.isascii() and waarde.isdigit()):
        return
    # Beyond 18 digits no id exists, and the database's integer would overflow.
    if len(waarde) > 18 or not Partner.objects.voor_gebruiker(gebruiker).filter(pk=int(waarde)).exists():
        raise Http404("Deze financier bestaat niet of hoort bij een andere regio.")


def _in_woorden(veld, waarde) -> str:
    if isinstance(waarde, bool):
        return "ja" if waarde else "nee"
    keuzes = dict(getattr(veld, "choices", None) or ())
    return str(keuzes.get(waarde, waarde))


def antwoord(request, lijst: Lijstexport, naam: str, formaat: str):
    """The whole file, made before anything is sent (with its length), then recorded."""
    nederlands = request.GET.get("csv") != "standaard"
    if formaat == "csv":
        inhoud = HttpResponse(csv_bytes(lijst.blad, nederlands=nederlands), content_type=CONTENT_TYPE["csv"])
        inhoud["Content-Disposition"] = f'attachment; filename="{bestandsnaam(naam, formaat)}"'
        vastleggen_export(request.user, lijst, formaat)
        return inhoud
    bestand = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115 (FileResponse closes it)
    schrijf_lijst(lijst, formaat, uit=bestand, door=request.user, nederlands=nederlands)
    bestand.seek(0)
    vastleggen_export(request.user, lijst, formaat)
    return FileResponse(
        bestand, as_attachment=True, filename=bestandsnaam(naam, formaat), content_type=CONTENT_TYPE[formaat]
    )


FORMATEN = ("xlsx", "csv")
CONTENT_TYPE = {"xlsx": XLSX, "csv": "text/csv; charset=utf-8"}


def bestandsnaam(naam: str, formaat: str) -> str:
    return f"{naam}-{timezone.localtime():%Y%m%d-%H%M}.{formaat}"


def schrijf_lijst(lijst: Lijstexport, formaat: str, *, uit, door, nederlands: bool = True) -> None:
    """The list as .xlsx or CSV into `uit`, a binary file."""
    blad = lijst.blad
    if formaat == "csv":
        tekst = io.TextIOWrapper(uit, encoding="utf-8", newline="", write_through=True)
        schrijf_csv(blad, tekst, nederlands=nederlands)
        tekst.detach()  # `uit` stays open for whoever reads it
        return
    info = Info(
        rapport=blad.titel,
        regels=[
            ("Filters", "; ".join(lijst.filters) or "geen"),
            ("Gemaakt op", timezone.localtime().strftime("%d-%m-%Y %H:%M")),
            ("Gemaakt door", door.get_full_name() or door.username),
        ],
    )
    schrijf_xlsx([blad], info, uit)


def vastleggen_export(gebruiker, lijst: Lijstexport, formaat: str) -> None:
    """Recorded once the whole file is made: a failure while making it leaves no audit line."""
    vastleggen(
        Auditregel.Actie.EXPORT,
        f"Lijst {lijst.blad.naam} als {formaat}; filters: {'; '.join(lijst.filters) or 'geen'}",
        gebruiker=gebruiker,
    )
