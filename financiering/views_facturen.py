"""Finance staff's pages: the invoices with what is received and what is overdue, the received
payments, and recording an invoice on a toezegging or a payment on an invoice; and the
corrections: an advance without an invoice, a credit invoice, correcting or reversing a payment."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from kern.db import bedrag_som, opgeteld
from kern.forms import fouten_naar_form
from kern.money import format_euro
from kern.permissions import vereist
from kern.views import RegioLijst

from .filters import BetalingFilter, FactuurFilter
from .forms import (
    BetalingCorrectieForm,
    BetalingForm,
    CreditfactuurForm,
    FactuurForm,
    TerugdraaienForm,
    ToezeggingKeuzeForm,
    VoorschotForm,
)
from .models import Betaling, Factuur, Toezegging, alle_facturen_met_ontvangen
from .permissions import can_record_geld, can_view_facturen
from .selectors import volgend_factuurnummer
from .services import (
    betaling_corrigeren,
    betaling_registreren,
    betaling_terugdraaien,
    factuur_crediteren,
    factuur_registreren,
)
from .tables import BetalingTable, FactuurTable


class FactuurLijst(RegioLijst):
    toegang = can_view_facturen
    model = Factuur
    table_class = FactuurTable
    filterset_class = FactuurFilter
    template_name = "financiering/factuur_list.html"

    def get_queryset(self):
        return (
            alle_facturen_met_ontvangen(timezone.localdate())
            .voor_gebruiker(self.request.user)
            .select_related("toezegging__afspraak__financier", "crediteert")
            .order_by("-factuurdatum", "nummer")
        )

    def get_filterset_kwargs(self, filterset_class):
        kwargs = super().get_filterset_kwargs(filterset_class)
        kwargs["vandaag"] = timezone.localdate()
        return kwargs

    def get_table(self, **kwargs):
        tabel = super().get_table(**kwargs)
        tabel.kan_boeken = can_record_geld(self.request.user)
        return tabel

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["kan_boeken"] = can_record_geld(self.request.user)
        # The totals row: the invoices' own figures (FactuurQuerySet.met_ontvangen), summed in one query.
        context["totalen"] = self.object_list.order_by().aggregate(
            **{f"som_{veld}": bedrag_som(veld) for veld in ("bedrag", "ontvangen", "openstaand")}
        )
        return context


class BetalingLijst(RegioLijst):
    """Received money, by date: on an invoice, or an advance on a toezegging without one."""

    toegang = can_view_facturen
    model = Betaling
    table_class = BetalingTable
    filterset_class = BetalingFilter
    template_name = "financiering/betaling_list.html"

    def get_queryset(self):
        return (
            Betaling.objects.voor_gebruiker(self.request.user)
            .select_related("toezegging__afspraak__financier", "toezegging__afspraak__leerwerkloket", "factuur")
            .order_by("-datum", "-pk")
        )

    def get_table(self, **kwargs):
        tabel = super().get_table(**kwargs)
        tabel.kan_boeken = can_record_geld(self.request.user)
        tabel.regio_id = self.request.user.leerwerkloket_id
        return tabel

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["totaal"] = opgeteld(self.object_list)
        context["kan_boeken"] = can_record_geld(self.request.user)
        return context


@vereist(can_record_geld)
def factuur_nieuw(request, toezegging_pk):
    toezegging = get_object_or_404(
        Toezegging.objects.voor_regio(request.user.leerwerkloket).select_related("afspraak__financier"),
        pk=toezegging_pk,
    )
    vandaag = timezone.localdate()
    form = FactuurForm(
        request.POST or None,
        initial={"factuurdatum": vandaag, "nummer": volgend_factuurnummer(request.user.leerwerkloket, vandaag)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            factuur = factuur_registreren(toezegging=toezegging, door=request.user, **form.cleaned_data)
        except ValidationError as fout:
            form.fouten_van_de_regels(fout)
        else:
            messages.success(request, f"Factuur {factuur.nummer} van {format_euro(factuur.bedrag)} is vastgelegd.")
            return redirect("afspraken:detail", pk=toezegging.afspraak_id)
    return render(request, "financiering/factuur_form.html", {"form": form, "toezegging": toezegging})


@vereist(can_record_geld)
def factuur_kiezen(request):
    """ "Nieuwe factuur" from the invoice list: choose the toezegging it invoices, then its form
    (with the next number suggested from the region's pattern)."""
    form = ToezeggingKeuzeForm(request.GET or None, leerwerkloket=request.user.leerwerkloket)
    if form.is_valid():
        return redirect("facturen:nieuw", toezegging_pk=form.cleaned_data["toezegging"].pk)
    return render(request, "financiering/factuur_kiezen.html", {"form": form})


@vereist(can_record_geld)
def betaling_nieuw(request, factuur_pk):
    factuur = get_object_or_404(
        Factuur.objects.voor_regio(request.user.leerwerkloket)
        .met_ontvangen()
        .select_related("toezegging__afspraak__financier"),
        pk=factuur_pk,
    )
    form = BetalingForm(request.POST or None, initial={"datum": timezone.localdate(), "bedrag": factuur.openstaand})
    if request.method == "POST" and form.is_valid():
        try:
            betaling_registreren(factuur=factuur, door=request.user, **form.cleaned_data)
        except ValidationError as fout:
            fouten_naar_form(form, fout)
        else:
            messages.success(request, f"De betaling op factuur {factuur.nummer} is vastgelegd.")
            return redirect("facturen:lijst")
    return render(request, "financiering/betaling_form.html", {"form": form, "factuur": factuur})


def _toezegging(request, pk) -> Toezegging:
    return get_object_or_404(
        Toezegging.objects.voor_regio(request.user.leerwerkloket)
        .met_geldstroom()
        .select_related("afspraak__financier"),
        pk=pk,
    )


@vereist(can_record_geld)
def voorschot_nieuw(request, toezegging_pk):
    """A payment without an invoice: received money, which leaves that much less to invoice."""
    toezegging = _toezegging(request, toezegging_pk)
    form = VoorschotForm(request.POST or None, initial={"datum": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            betaling = betaling_registreren(toezegging=toezegging, door=request.user, **form.cleaned_data)
        except ValidationError as fout:
            fouten_naar_form(form, fout)
        else:
            messages.success(
                request,
                f"Voorschot van {format_euro(betaling.bedrag)} van {toezegging.financier} voor {toezegging.jaar} "
                "is vastgelegd.",
            )
            return redirect("afspraken:detail", pk=toezegging.afspraak_id)
    return render(request, "financiering/voorschot_form.html", {"form": form, "toezegging": toezegging})


@vereist(can_record_geld)
def factuur_crediteren_view(request, factuur_pk):
    factuur = get_object_or_404(
        Factuur.objects.voor_regio(request.user.leerwerkloket)
        .filter(crediteert__isnull=True)
        .met_ontvangen()
        .select_related("toezegging__afspraak__financier"),
        pk=factuur_pk,
    )
    form = CreditfactuurForm(
        request.POST or None,
        initial={"factuurdatum": timezone.localdate(), "bedrag": factuur.openstaand, "nummer": f"{factuur.nummer}-C"},
    )
    if request.method == "POST" and form.is_valid():
        try:
            credit = factuur_crediteren(factuur=factuur, door=request.user, **form.cleaned_data)
        except ValidationError as fout:
            form.fouten_van_de_regels(fout)
        else:
            messages.success(
                request,
                f"Creditfactuur {credit.nummer} van {format_euro(credit.bedrag)} voor factuur {factuur.nummer} "
                "is vastgelegd.",
            )
            return redirect("facturen:lijst")
    return render(request, "financiering/creditfactuur_form.html", {"form": form, "factuur": factuur})


def _betaling(request, pk) -> Betaling:
    return get_object_or_404(
        Betaling.objects.voor_regio(request.user.leerwerkloket).select_related(
            "toezegging__afspraak__financier", "factuur"
        ),
        pk=pk,
    )


@vereist(can_record_geld)
def betaling_corrigeren_view(request, betaling_pk):
    betaling = _betaling(request, betaling_pk)
    form = BetalingCorrectieForm(
        request.POST or None,
        initial={"datum": betaling.datum, "bedrag": betaling.bedrag, "referentie": betaling.referentie},
    )
    if request.method == "POST" and form.is_valid():
        try:
            betaling_corrigeren(betaling=betaling, door=request.user, **form.cleaned_data)
        except ValidationError as fout:
            fouten_naar_form(form, fout)
        else:
            messages.success(request, f"De betaling is gecorrigeerd: {format_euro(form.cleaned_data['bedrag'])}.")
            return redirect("facturen:betalingen")
    return render(
        request,
        "financiering/betaling_corrigeren.html",
        {"form": form, "terugdraaien": TerugdraaienForm(), "betaling": betaling},
    )


@require_POST
@vereist(can_record_geld)
def betaling_terugdraaien_view(request, betaling_pk):
    betaling = _betaling(request, betaling_pk)
    form = TerugdraaienForm(request.POST)
    if form.is_valid():
        try:
            betaling_terugdraaien(betaling=betaling, reden=form.cleaned_data["reden"], door=request.user)
        except ValidationError as fout:
            fouten_naar_form(form, fout)
        else:
            messages.success(
                request,
                f"De betaling van {format_euro(betaling.bedrag)} van {betaling.toezegging.financier} op "
                f"{betaling.datum:%d-%m-%Y} is teruggedraaid.",
            )
            return redirect("facturen:betalingen")
    return render(
        request,
        "financiering/betaling_corrigeren.html",
        {
            "form": BetalingCorrectieForm(
                initial={"datum": betaling.datum, "bedrag": betaling.bedrag, "referentie": betaling.referentie}
            ),
            "terugdraaien": form,
            "betaling": betaling,
        },
        status=200,
    )
