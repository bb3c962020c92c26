"""The agreement pages: the list, the detail with its grid of years and the signed document, one
form for the agreement and the amounts of all its years, and the list of every year's toezegging."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from kern.forms import fouten_naar_form
from kern.geschiedenis import gebeurtenissen
from kern.money import format_euro
from kern.omleiden import pad_op_deze_site
from kern.permissions import vereist
from kern.views import RegioLijst

from . import selectors
from .filters import AfspraakFilter, ToezeggingFilter
from .forms import AfspraakForm, TekenenForm
from .models import Financieringsafspraak, Toezegging, alle_toezeggingen_met_geldstroom
from .permissions import can_edit_afspraak, can_edit_afspraken, can_record_geld_for, can_tekenen, can_view_afspraken
from .services import afspraak_opslaan, afspraak_tekenen, afspraak_verlengen, toezegging_doorzetten, verlenging
from .tables import AfspraakTable, ToezeggingTable


def _afspraak(request, pk, *, met_totalen: bool = False) -> Financieringsafspraak:
    """The agreement if the user's region owns it; another region's gives 404."""
    afspraken = Financieringsafspraak.objects.voor_gebruiker(request.user).select_related(
        "financier", "project", "leerwerkloket", "getekend_vastgelegd_door"
    )
    return get_object_or_404(afspraken.met_totalen(ook_concept=True) if met_totalen else afspraken, pk=pk)


class AfspraakLijst(RegioLijst):
    toegang = can_view_afspraken
    model = Financieringsafspraak
    table_class = AfspraakTable
    filterset_class = AfspraakFilter
    template_name = "financiering/afspraak_list.html"

    def get_queryset(self):
        return Financieringsafspraak.objects.voor_gebruiker(self.request.user).select_related(
            "financier", "leerwerkloket"
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["kan_nieuw"] = can_edit_afspraken(self.request.user)
        return context


class ToezeggingLijst(RegioLijst):
    """Every year's toezegging with what is invoiced, received and still open, and their totals."""

    toegang = can_view_afspraken
    model = Toezegging
    table_class = ToezeggingTable
    filterset_class = ToezeggingFilter
    template_name = "financiering/toezegging_list.html"

    def get_queryset(self):
        return (
            alle_toezeggingen_met_geldstroom(timezone.localdate())
            .voor_gebruiker(self.request.user)
            .select_related("afspraak__financier", "afspraak__leerwerkloket")
            .order_by("-jaar", "afspraak__financier__naam", "afspraak__naam")
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["totaal"] = self.object_list.opgeteld()
        return context


@vereist(can_view_afspraken)
def afspraak_detail(request, pk):
    afspraak = _afspraak(request, pk, met_totalen=True)
    raster = selectors.raster(afspraak)
    return render(
        request,
        "financiering/afspraak_detail.html",
        {
            "afspraak": afspraak,
            "raster": raster,
            "kan_bewerken": can_edit_afspraak(request.user, afspraak),
            "kan_tekenen": can_tekenen(request.user, afspraak),
            "kan_verlengen": can_edit_afspraak(request.user, afspraak)
            and afspraak.eindjaar is not None
            and afspraak.telt,
            # A concept commits nothing yet, so there is nothing to invoice (the model refuses it too).
            "kan_boeken": can_record_geld_for(request.user, afspraak) and afspraak.telt,
            "gebeurtenissen": gebeurtenissen(
                (afspraak.history.select_related("getekend_vastgelegd_door"), lambda h: "de afspraak"),
                (Toezegging.history.filter(afspraak_id=afspraak.pk), lambda h: f"toezegging {h.jaar}"),
            ),
        },
    )


@vereist(can_view_afspraken)
def afspraak_document(request, pk):
    """The signed document, only to users of the region that owns it (never a public media URL)."""
    afspraak = _afspraak(request, pk)
    if not afspraak.document:
        raise Http404("Bij deze afspraak is geen document opgeslagen.")
    try:
        bestand = afspraak.document.open("rb")
    except FileNotFoundError:
        # The row names a file the storage no longer holds (as after a restore on another host).
        raise Http404("Het document van deze afspraak is niet meer aanwezig.") from None
    return FileResponse(bestand, as_attachment=False, filename=afspraak.document.name.rsplit("/", 1)[-1])


@vereist(can_edit_afspraken)
def afspraak_nieuw(request):
    afspraak = Financieringsafspraak(leerwerkloket=request.user.leerwerkloket)
    return _formulier(request, afspraak, titel="Nieuwe financieringsafspraak")


@vereist(can_edit_afspraken)
def afspraak_bewerken(request, pk):
    afspraak = _afspraak(request, pk)
    if not can_edit_afspraak(request.user, afspraak):
        raise PermissionDenied
    return _formulier(request, afspraak, titel=f"{afspraak.naam} bewerken")


@vereist(can_edit_afspraken)
def afspraak_verlengen_view(request, pk):
    """Verlengen: a page that shows the renewal (or why there is none), and a POST that makes it:
    a concept agreement for the following period; the old agreement is not changed."""
    afspraak = _afspraak(request, pk)
    if not can_edit_afspraak(request.user, afspraak):
        raise PermissionDenied
    weigering = None
    if request.method == "POST":
        try:
            nieuw = afspraak_verlengen(afspraak=afspraak, door=request.user)
        except ValidationError as fout:
            weigering = " ".join(fout.messages)
        else:
            messages.success(
                request,
                f"{nieuw.naam} is vastgelegd als concept. Zij telt pas mee als toezegging wanneer zij getekend is: "
                "leg dat dan vast met 'Tekenen' op de afspraak.",
            )
            return redirect("afspraken:detail", pk=nieuw.pk)
    try:
        plan = verlenging(afspraak)
    except ValidationError as fout:
        plan, weigering = None, weigering or " ".join(fout.messages)
    return render(
        request,
        "financiering/afspraak_verlengen.html",
        {"afspraak": afspraak, "plan": plan, "weigering": weigering},
        status=409 if weigering and request.method == "POST" else 200,
    )


@vereist(can_edit_afspraken)
def afspraak_tekenen_view(request, pk):
    """Tekenen: the date and the signatories of a concept agreement; from then on it counts."""
    afspraak = _afspraak(request, pk)
    if not can_edit_afspraak(request.user, afspraak):
        raise PermissionDenied
    if not can_tekenen(request.user, afspraak):
        messages.info(request, f"{afspraak.naam} is al getekend, op {afspraak.getekend_op:%d-%m-%Y}.")
        return redirect("afspraken:detail", pk=afspraak.pk)
    form = TekenenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            afspraak_tekenen(afspraak=afspraak, door=request.user, **form.cleaned_data)
        except ValidationError as fout:
            fouten_naar_form(form, fout)
        else:
            messages.success(
                request,
                f"{afspraak.naam} is getekend op {form.cleaned_data['getekend_op']:%d-%m-%Y}; haar toezeggingen "
                "tellen nu mee.",
            )
            return redirect("afspraken:detail", pk=afspraak.pk)
    return render(request, "financiering/afspraak_tekenen.html", {"afspraak": afspraak, "form": form})


@require_POST
@vereist(can_edit_afspraken)
def afspraak_doorzetten(request, pk, jaar):
    """ "SZW 2022 vastleggen (€ 100.000,00, zoals 2021)": the projectleider confirms that an
    open-ended structural grant carries on in `jaar`; back to the page the button was on."""
    afspraak = _afspraak(request, pk)
    if not can_edit_afspraak(request.user, afspraak):
        raise PermissionDenied
    try:
        toezegging = toezegging_doorzetten(afspraak=afspraak, jaar=jaar, door=request.user)
    except ValidationError as fout:
        messages.error(request, f"Niet vastgelegd: {' '.join(fout.messages)}")
    else:
        messages.success(
            request,
            f"De toezegging van {afspraak.financier} voor {jaar} is vastgelegd: {format_euro(toezegging.totaal)}.",
        )
    terug = pad_op_deze_site(request, request.POST.get("terug", ""))
    return redirect(terug or reverse("afspraken:detail", args=[afspraak.pk]))


def _formulier(request, afspraak: Financieringsafspraak, *, titel: str):
    nieuw = afspraak.pk is None
    regio = request.user.leerwerkloket
    if request.method != "POST":
        getekend = ""
        if not nieuw:
            # The fingerprint first, then the values it stands for (see jaarplan.views.detail).
            getekend = selectors.toestand(afspraak)
            afspraak.refresh_from_db()
        form = AfspraakForm(instance=afspraak, leerwerkloket=regio, initial={"toestand": getekend})
        return _toon(request, form, afspraak, titel)

    if "jaren_bijwerken" in request.POST:
        # The period changed: show its years with what was typed, check and save nothing yet.
        form = AfspraakForm(instance=afspraak, leerwerkloket=regio, initial=request.POST.dict())
        return _toon(request, form, afspraak, titel)
    form = AfspraakForm(request.POST, request.FILES, instance=afspraak, leerwerkloket=regio)
    if not form.is_valid():
        return _toon(request, form, afspraak, titel)
    if _save_form(form, request.user):
        if nieuw:
            messages.success(
                request,
                f"{form.instance.naam} is vastgelegd als concept. Haar toezeggingen tellen mee zodra u met "
                "'Tekenen' vastlegt wanneer en door wie zij getekend is.",
            )
        else:
            messages.success(request, f"{form.instance.naam} is opgeslagen.")
        return redirect("afspraken:detail", pk=form.instance.pk)
    return _toon(request, form, afspraak, titel)


def _save_form(form: AfspraakForm, door) -> bool:
    """The service saves the agreement and every year, all or nothing, comparing the form's
    `toestand` with the stored one under the agreement's lock; a refusal goes next to its field."""
    try:
        afspraak_opslaan(
            afspraak=form.instance,
            bedragen=form.bedragen(),
            door=door,
            toestand=form.cleaned_data["toestand"],
            reden=form.cleaned_data.get("reden", ""),
        )
    except ValidationError as fout:
        per_veld = fout.message_dict if hasattr(fout, "error_dict") else {None: fout.messages}
        for veld, meldingen in per_veld.items():
            form.add_error(veld if veld in form.fields else None, meldingen)
        return False
    return True


def _toon(request, form, afspraak, titel):
    return render(request, "financiering/afspraak_form.html", {"form": form, "afspraak": afspraak, "titel": titel})
