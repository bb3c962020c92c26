"""The bank page: read in a statement, book each received line on an invoice, or ignore it."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from kern.money import format_euro
from kern.permissions import vereist

from ..models import Bankregel
from . import bank as bankservice
from .forms import BankboekingForm, BankForm, NegerenForm
from .permissions import can_import_bank

VOORBEELD_REGELS = 200


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
    facturen = bankservice.open_facturen(regio)
    open_regels = list(Bankregel.objects.voor_regio(regio).filter(status=Bankregel.Status.OPEN)[:VOORBEELD_REGELS])
    regels = [(r, bankservice.suggestie(r, facturen)) for r in open_regels]
    geboekt = (
        Bankregel.objects.voor_regio(regio)
        .filter(status=Bankregel.Status.GEBOEKT)
        .select_related("betaling__factuur", "betaling__toezegging__afspraak__financier")
        .order_by("-datum", "-pk")[:50]
    )
    genegeerd = Bankregel.objects.voor_regio(regio).filter(status=Bankregel.Status.GENEGEERD).order_by("-datum", "-pk")
    return render(
        request,
        "financiering/bank/bank.html",
        {"form": form, "regels": regels, "facturen": facturen, "geboekt": geboekt, "genegeerd": genegeerd[:50]},
    )


@require_POST
@vereist(can_import_bank)
def bank_boeken(request, pk):
    regio = request.user.leerwerkloket
    regel = get_object_or_404(Bankregel.objects.voor_regio(regio), pk=pk)
    form = BankboekingForm(request.POST, leerwerkloket=regio)
    if not form.is_valid():
        messages.error(request, f"Kies de factuur waarop de ontvangst van {format_euro(regel.bedrag)} hoort.")
        return redirect("importeren:bank")
    factuur = form.cleaned_data["factuur"]
    try:
        bankservice.bankregel_boeken(regel=regel, factuur=factuur, door=request.user)
    except ValidationError as fout:
        messages.error(request, " ".join(fout.messages))
    else:
        messages.success(
            request, f"{format_euro(regel.bedrag)} van {regel.tegenpartij} is geboekt op factuur {factuur.nummer}."
        )
    return redirect("importeren:bank")


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
