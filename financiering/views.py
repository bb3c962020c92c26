"""Pages about money in. The partner detail page lives here (not in partners.views) because it
shows the partner's agreements and money, and partners may not import financiering."""

from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render

from kern.money import ZERO
from kern.permissions import vereist
from partners.models import Partner, Verdeelsleutel, VerdeelsleutelAandeel
from partners.permissions import can_edit_partner, can_view_partners

from .models import Financieringsafspraak, Toezegging
from .selectors import geldstroom_per_jaar


def verdeling_per_jaar(groep: Partner, jaren: list[dict]) -> list[dict]:
    """For each year the group has a toezegging: each member's share by the key that holds that year
    (that year's key, else the latest earlier one). Keys and shares come in two queries."""
    sleutels = list(
        Verdeelsleutel.objects.filter(groep=groep)
        .order_by("-jaar")
        .prefetch_related(
            Prefetch("aandelen", queryset=VerdeelsleutelAandeel.objects.select_related("partner").order_by())
        )
    )
    verdelingen = []
    for rij in jaren:
        sleutel = next((s for s in sleutels if s.jaar <= rij["jaar"]), None)
        verdeling = {"jaar": rij["jaar"], "toegezegd": rij["toegezegd"], "sleutel": sleutel, "delen": [], "fout": ""}
        if sleutel is not None:
            try:
                verdeling["delen"] = [
                    {"partner": aandeel.partner, "inwoners": aandeel.inwoners, "fractie": fractie, "bedrag": bedrag}
                    for aandeel, fractie, bedrag in sleutel.verdeel(rij["toegezegd"])
                ]
                verdeling["som"] = sum((deel["bedrag"] for deel in verdeling["delen"]), ZERO)
            except ValidationError as fout:
                verdeling["fout"] = " ".join(fout.messages)
        verdelingen.append(verdeling)
    return verdelingen


@vereist(can_view_partners)
def partner_detail(request, pk):
    gebruiker = request.user
    partner = get_object_or_404(
        Partner.objects.voor_gebruiker(gebruiker).select_related("groep", "leerwerkloket"), pk=pk
    )
    afspraken = (
        Financieringsafspraak.objects.voor_gebruiker(gebruiker)
        .filter(financier=partner)
        .select_related("project")
        .order_by("startjaar", "naam")
    )
    jaren, totaal = geldstroom_per_jaar(
        Toezegging.objects.voor_gebruiker(gebruiker).filter(afspraak__financier=partner)
    )
    context = {
        "partner": partner,
        "contactpersonen": partner.contactpersonen.all(),
        "afspraken": afspraken,
        "jaren": jaren,
        "totaal": totaal,
        "kan_bewerken": can_edit_partner(gebruiker, partner),
    }
    if partner.is_groep:
        context["leden"] = partner.leden.order_by("naam")
        context["verdelingen"] = verdeling_per_jaar(partner, jaren)
    return render(request, "partners/partner_detail.html", context)
