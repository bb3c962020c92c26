"""Pages about money in. The partner detail page lives here (not in partners.views) because it
shows the partner's agreements and money, and partners may not import financiering."""

from django.core.exceptions import ValidationError
from django.db.models import DecimalField, F, Prefetch, Sum, Value
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404, render

from kern.money import ZERO
from kern.permissions import vereist
from partners.models import Partner, Verdeelsleutel, VerdeelsleutelAandeel
from partners.permissions import can_edit_partner, can_view_partners

from .models import Financieringsafspraak, Toezegging

GELD = DecimalField(max_digits=16, decimal_places=2)


def _totaal(veld):
    return Coalesce(Sum(veld), Value(ZERO), output_field=GELD)


def _bedragen():
    # Aliases other than met_geldstroom's names: an aggregate that reuses the name of the
    # annotation it sums hides that annotation (PostgreSQL then misses the column).
    return {
        "som_geld": _totaal("bedrag_geld"),
        "som_natura": _totaal("bedrag_natura"),
        "som_toegezegd": _totaal(F("bedrag_geld") + F("bedrag_natura")),
        "som_gefactureerd": _totaal("gefactureerd"),
        "som_ontvangen": _totaal("ontvangen"),
        "som_openstaand": _totaal("openstaand"),
    }


def _zonder_voorvoegsel(rij: dict) -> dict:
    return {sleutel.removeprefix("som_"): waarde for sleutel, waarde in rij.items()}


def geldstroom_per_jaar(toezeggingen):
    """Per year: toegezegd in money and in kind, gefactureerd, ontvangen, openstaand, summed by the
    database over the partner's toezeggingen of that year; plus the same over all years."""
    stroom = toezeggingen.met_geldstroom().order_by()
    jaren = [_zonder_voorvoegsel(rij) for rij in stroom.values("jaar").annotate(**_bedragen()).order_by("jaar")]
    totaal = _zonder_voorvoegsel(stroom.aggregate(**_bedragen())) if jaren else None
    return jaren, totaal


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
