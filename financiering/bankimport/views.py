"""The bank page: read in a statement, book each received line on an invoice (or split it over
several, the rest as an advance), process a reversal on the receipt it undoes, or ignore a line."""

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from kern.money import format_euro
from kern.permissions import vereist

from ..models import Bankregel, Betaling
from . import bank as bankservice
from .forms import BankboekingForm, BankForm, NegerenForm, TerugboekingForm, VerdeelForm
from .permissions import can_import_bank

PER_PAGINA = 100


@dataclass(frozen=True)
class Rij:
    """One open line as the page shows it."""

    regel: Bankregel
    voorstel: bankservice.Suggestie | None
    bezwaar: str  # why no invoice is suggested although one might fit
    ontvangst: Bankregel | None  # for a reversal: the receipt it undoes


@vereist(can_import_bank)
def bank(request):
    regio = request.user.leerwerkloket
    form = BankForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        bestand = form.cleaned_data["bestand"]
        try:
            inlezing = bankservice.bankafschrift_inlezen(
                leerwerkloket=regio, bestandsnaam=bestand.name, inhoud=bestand.read(), door=request.user
            )
        except ValidationError as fout:
            form.add_error("bestand", fout)
        else:
            messages.success(request, f"{inlezing.formaat}: {inlezing.samenvatting()} Er is nog niets geboekt.")
            return redirect("importeren:bank")
    voorsteller = bankservice.Voorsteller(regio)
    # Every open line, a page at a time: the suggestions are made for the lines on this page only.
    pagina = Paginator(
        Bankregel.objects.voor_regio(regio).filter(status=Bankregel.Status.OPEN).order_by("datum", "pk"), PER_PAGINA
    ).get_page(request.GET.get("pagina"))
    regels = list(pagina)
    ontvangsten = voorsteller.ontvangsten(regels)
    rijen = [
        Rij(regel, voorsteller.voorstel(regel), voorsteller.bezwaar(regel), ontvangsten.get(regel.pk))
        for regel in regels
    ]
    geboekt = (
        Bankregel.objects.voor_regio(regio)
        .filter(status__in=[Bankregel.Status.GEBOEKT, Bankregel.Status.TERUGGEBOEKT])
        .select_related("storneert", "storno")
        .prefetch_related(
            Prefetch(
                "betalingen", queryset=Betaling.objects.select_related("factuur", "toezegging__afspraak__financier")
            )
        )
        .order_by("-datum", "-pk")[:50]
    )
    genegeerd = Bankregel.objects.voor_regio(regio).filter(status=Bankregel.Status.GENEGEERD).order_by("-datum", "-pk")
    return render(
        request,
        "financiering/bank/bank.html",
        {
            "form": form,
            "rijen": rijen,
            "pagina": pagina,
            "facturen": voorsteller.facturen,
            "geboekt": geboekt,
            "genegeerd": genegeerd[:50],
        },
    )


@require_POST
@vereist(can_import_bank)
def bank_boeken(request, pk):
    """Book a receipt on the invoice chosen in its row, or process a reversal on its receipt."""
    regio = request.user.leerwerkloket
    regel = get_object_or_404(Bankregel.objects.voor_regio(regio), pk=pk)
    if regel.terugboeking:
        return _terugboeking_verwerken(request, regel)
    form = BankboekingForm(request.POST, leerwerkloket=regio)
    if not form.is_valid():
        messages.error(request, f"Kies de factuur waarop de ontvangst van {format_euro(regel.bedrag)} hoort.")
        return redirect("importeren:bank")
    factuur = form.cleaned_data["factuur"]
    try:
        regel = bankservice.bankregel_boeken(
            regel=regel, factuur=factuur, door=request.user, rest_als_voorschot=form.cleaned_data["rest_als_voorschot"]
        )
    except ValidationError as fout:
        messages.error(request, " ".join(fout.messages))
    else:
        messages.success(request, _geboekt(regel))
    return redirect("importeren:bank")


def _geboekt(regel: Bankregel) -> str:
    betalingen = list(regel.betalingen.select_related("factuur", "toezegging__afspraak__financier").order_by("pk"))
    wie = f"{format_euro(regel.bedrag)} van {regel.tegenpartij}"
    if len(betalingen) == 1 and betalingen[0].factuur_id:
        return f"{wie} is geboekt op factuur {betalingen[0].factuur.nummer}."
    delen = [
        f"{format_euro(b.bedrag)} op factuur {b.factuur.nummer}"
        if b.factuur_id
        else f"{format_euro(b.bedrag)} als voorschot op {b.toezegging}"
        for b in betalingen
    ]
    return f"{wie} is geboekt: {', '.join(delen)}."


def _terugboeking_verwerken(request, regel: Bankregel):
    form = TerugboekingForm(request.POST, leerwerkloket=request.user.leerwerkloket)
    if not form.is_valid():
        messages.error(request, "Kies de ontvangst die deze terugboeking ongedaan maakt, of negeer haar.")
        return redirect("importeren:bank")
    ontvangst = form.cleaned_data["ontvangst"]
    try:
        bankservice.terugboeking_verwerken(regel=regel, ontvangst=ontvangst, door=request.user)
    except ValidationError as fout:
        messages.error(request, " ".join(fout.messages))
    else:
        messages.success(
            request,
            f"De storno van {format_euro(-regel.bedrag)} is verwerkt: de ontvangst van {ontvangst.datum:%d-%m-%Y} van "
            f"{ontvangst.tegenpartij} is teruggeboekt en haar factuur staat weer open.",
        )
    return redirect("importeren:bank")


@vereist(can_import_bank)
def bank_verdelen(request, pk):
    """One line over several invoices, each with its amount, the rest as an advance."""
    regio = request.user.leerwerkloket
    regel = get_object_or_404(Bankregel.objects.voor_regio(regio), pk=pk)
    if regel.terugboeking:
        messages.error(
            request, "Een terugboeking wordt niet verdeeld; verwerk haar bij de ontvangst die zij ongedaan maakt."
        )
        return redirect("importeren:bank")
    if not regel.is_open:
        messages.error(
            request, f"Deze bankregel is al {regel.get_status_display().lower()}; er valt niets te verdelen."
        )
        return redirect("importeren:bank")
    if request.method == "POST":
        form = VerdeelForm(request.POST, leerwerkloket=regio)
        if form.is_valid():
            delen = [bankservice.Deel(factuur, bedrag) for factuur, bedrag in form.cleaned_data["delen"]]
            try:
                regel = bankservice.bankregel_verdelen(
                    regel=regel, delen=delen, voorschot_op=form.cleaned_data["voorschot_op"], door=request.user
                )
            except ValidationError as fout:
                form.add_error(None, fout)
            else:
                messages.success(request, _geboekt(regel))
                return redirect("importeren:bank")
    else:
        form = VerdeelForm(initial=_voorgesteld(regel), leerwerkloket=regio)
    return render(request, "financiering/bank/verdelen.html", {"regel": regel, "form": form})


def _voorgesteld(regel: Bankregel) -> dict:
    """The form filled from the suggestion: its invoices with what is open on each (at most the
    line), and what is left as an advance on the first one's toezegging."""
    voorstel = bankservice.suggestie(regel)
    if voorstel is None:
        return {}
    delen = voorstel.delen or (bankservice.Deel(voorstel.factuur, min(voorstel.factuur.openstaand, regel.bedrag)),)
    initial = {}
    for i, deel in enumerate(delen, start=1):
        initial[f"factuur_{i}"], initial[f"bedrag_{i}"] = deel.factuur.pk, deel.bedrag
    if bankservice.verdeeld(delen) < regel.bedrag:
        initial["voorschot_op"] = delen[0].factuur.toezegging_id
    return initial


@vereist(can_import_bank)
def bank_negeren(request, pk):
    """Ignoring a line asks first: a page that shows the line, with a box to tick."""
    regel = get_object_or_404(Bankregel.objects.voor_regio(request.user.leerwerkloket), pk=pk)
    form = NegerenForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            bankservice.bankregel_negeren(regel=regel, door=request.user)
        except ValidationError as fout:
            messages.error(request, " ".join(fout.messages))
        else:
            messages.success(
                request,
                f"De ontvangst van {format_euro(regel.bedrag)} van {regel.tegenpartij} wordt genegeerd. "
                "Met Heropenen zet u haar terug.",
            )
        return redirect("importeren:bank")
    if not regel.is_open:
        messages.error(request, f"Deze bankregel is al {regel.get_status_display().lower()}.")
        return redirect("importeren:bank")
    return render(request, "financiering/bank/negeren.html", {"regel": regel, "form": form})


@require_POST
@vereist(can_import_bank)
def bank_heropenen(request, pk):
    regel = get_object_or_404(Bankregel.objects.voor_regio(request.user.leerwerkloket), pk=pk)
    try:
        bankservice.bankregel_heropenen(regel=regel, door=request.user)
    except ValidationError as fout:
        messages.error(request, " ".join(fout.messages))
    else:
        messages.success(
            request,
            f"De ontvangst van {format_euro(regel.bedrag)} van {regel.tegenpartij} staat weer bij de te boeken regels.",
        )
    return redirect("importeren:bank")
