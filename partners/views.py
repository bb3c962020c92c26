"""The partner list and the forms to create and edit a partner. The detail page shows money
and so lives in financiering.views (this app does not import financiering)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render

from kern.permissions import vereist
from kern.views import RegioLijst

from .filters import PartnerFilter
from .forms import ContactpersoonFormSet, PartnerForm
from .models import Partner
from .permissions import can_edit_partner, can_edit_partners, can_view_partners
from .tables import PartnerTable


class PartnerLijst(RegioLijst):
    toegang = can_view_partners
    model = Partner
    table_class = PartnerTable
    filterset_class = PartnerFilter
    template_name = "partners/partner_list.html"

    def get_queryset(self):
        return Partner.objects.voor_gebruiker(self.request.user).select_related("groep", "leerwerkloket")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["kan_bewerken"] = can_edit_partners(self.request.user)
        return context


@vereist(can_edit_partners)
def partner_nieuw(request):
    partner = Partner(leerwerkloket=request.user.leerwerkloket)
    return _partner_formulier(request, partner, titel="Nieuwe partner")


@vereist(can_edit_partners)
def partner_bewerken(request, pk):
    partner = get_object_or_404(Partner.objects.voor_gebruiker(request.user).select_related("leerwerkloket"), pk=pk)
    if not can_edit_partner(request.user, partner):
        raise PermissionDenied
    return _partner_formulier(request, partner, titel=f"{partner.naam} bewerken")


def _partner_formulier(request, partner, *, titel):
    nieuw = partner.pk is None
    if request.method == "POST":
        form = PartnerForm(request.POST, instance=partner)
        contactpersonen = ContactpersoonFormSet(request.POST, instance=partner, prefix="contact")
        if form.is_valid() and contactpersonen.is_valid():
            with transaction.atomic():
                partner = form.save()
                contactpersonen.instance = partner
                contactpersonen.save()
            messages.success(request, f"{partner.naam} is {'toegevoegd' if nieuw else 'opgeslagen'}.")
            return redirect("partners:detail", pk=partner.pk)
    else:
        form = PartnerForm(instance=partner)
        contactpersonen = ContactpersoonFormSet(instance=partner, prefix="contact")
    return render(
        request,
        "partners/partner_form.html",
        {"form": form, "contactpersonen": contactpersonen, "partner": partner, "nieuw": nieuw, "titel": titel},
    )
