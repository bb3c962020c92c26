"""The bank page: read in a statement, book each received line on an invoice, or ignore it."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from kern.money import format_euro
from kern.permissions import vereist

from ..models import Bankregel
from . import bank as bankservice
from .forms import BankboekingForm, BankForm
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
        .exclude(status=Bankregel.Status.OPEN)
        .select_related("betaling__factuur", "betaling__toezegging__afspraak__financier")
        .order_by("-datum", "-pk")[:50]
    )
    return render(
        request,
        "financiering/bank/bank.html",
        {"form": form, "regels": regels, "facturen": facturen, "geboekt": geboekt},
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


@require_POST
@vereist(can_import_bank)
def bank_negeren(request, pk):
    regel = get_object_or_404(Bankregel.objects.voor_regio(request.user.leerwerkloket), pk=pk)
    try:
        bankservice.bankregel_negeren(regel=regel, door=request.user)
    except ValidationError as fout:
        messages.error(request, " ".join(fout.messages))
    else:
        messages.success(
            request, f"De ontvangst van {format_euro(regel.bedrag)} van {regel.tegenpartij} wordt genegeerd."
        )
    return redirect("importeren:bank")
