"""Finance staff's pages: the invoices with what is received and what is overdue, the received
payments, and recording an invoice on a toezegging or a payment on an invoice."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from kern.db import opgeteld
from kern.forms import fouten_naar_form
from kern.money import format_euro
from kern.permissions import vereist
from kern.views import RegioLijst

from .filters import BetalingFilter, FactuurFilter
from .forms import BetalingForm, FactuurForm
from .models import Betaling, Factuur, Toezegging
from .permissions import can_record_geld, can_view_facturen
from .services import betaling_registreren, factuur_registreren
from .tables import BetalingTable, FactuurTable


class FactuurLijst(RegioLijst):
    toegang = can_view_facturen
    model = Factuur
    table_class = FactuurTable
    filterset_class = FactuurFilter
    template_name = "financiering/factuur_list.html"

    def get_queryset(self):
        return (
            Factuur.objects.voor_gebruiker(self.request.user)
            .met_ontvangen()
            .select_related("toezegging__afspraak__financier")
            .order_by("-factuurdatum", "nummer")
        )

    def get_filterset_kwargs(self, filterset_class):
        kwargs = super().get_filterset_kwargs(filterset_class)
        kwargs["vandaag"] = timezone.localdate()
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["kan_boeken"] = can_record_geld(self.request.user)
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

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["totaal"] = opgeteld(self.object_list)
        return context


@vereist(can_record_geld)
def factuur_nieuw(request, toezegging_pk):
    toezegging = get_object_or_404(
        Toezegging.objects.voor_regio(request.user.leerwerkloket).select_related("afspraak__financier"),
        pk=toezegging_pk,
    )
    form = FactuurForm(request.POST or None, initial={"factuurdatum": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            factuur = factuur_registreren(toezegging=toezegging, door=request.user, **form.cleaned_data)
        except ValidationError as fout:
            fouten_naar_form(form, fout)
        else:
            messages.success(request, f"Factuur {factuur.nummer} van {format_euro(factuur.bedrag)} is vastgelegd.")
            return redirect("afspraken:detail", pk=toezegging.afspraak_id)
    return render(request, "financiering/factuur_form.html", {"form": form, "toezegging": toezegging})


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
