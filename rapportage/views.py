from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from financiering.permissions import can_edit_afspraken
from jaarplan.permissions import can_afsluiten, can_vaststellen
from jaarplan.selectors import door_te_zetten
from kern.permissions import is_beheerder

from . import selectors
from .dashboard.selectors import toezeggingen_tegen_minimum
from .permissions import can_view_home_aflopend, can_view_home_dekking, can_view_home_facturen, can_view_home_minima


@login_required
def home(request):
    """What is the signed-in user's to do, by role, in their region."""
    gebruiker = request.user
    regio = gebruiker.leerwerkloket
    context = {
        "regio": regio,
        "toon_dekking": can_view_home_dekking(gebruiker, regio),
        "toon_minima": can_view_home_minima(gebruiker, regio),
        "toon_facturen": can_view_home_facturen(gebruiker, regio),
        "kan_beheren": is_beheerder(gebruiker),
    }
    if regio is not None:
        if can_view_home_aflopend(gebruiker, regio):
            context["aflopend"] = selectors.aflopende_afspraken(regio, timezone.localdate())
            context["kan_verlengen"] = can_edit_afspraken(gebruiker)
        jaarplan = selectors.huidig_jaarplan(regio)
        context["jaarplan"] = jaarplan
        if jaarplan is not None:
            context["kan_vaststellen"] = can_vaststellen(gebruiker, jaarplan)
            # Every vastgesteld plan whose year has ended, not only the current one: in January the
            # current plan is the new year's, and last year's still waits to be closed.
            context["af_te_sluiten"] = [
                p for p in selectors.vastgestelde_jaarplannen(regio) if can_afsluiten(gebruiker, p)
            ]
            if context["toon_dekking"]:
                context["eerste_stappen"] = selectors.eerste_stappen(regio, jaarplan)
                context["ongedekt"] = selectors.ongedekte_activiteiten(jaarplan)
                context["vrije_toezeggingen"] = selectors.vrije_toezeggingen(regio, jaarplan.jaar)
            if context["toon_minima"]:
                context["minima"] = toezeggingen_tegen_minimum(regio, jaarplan.jaar).in_jaar()
            if context["toon_dekking"] or context["toon_minima"]:
                context["door_te_zetten"] = door_te_zetten(jaarplan)
                context["kan_doorzetten"] = can_edit_afspraken(gebruiker)
        if context["toon_facturen"]:
            context["verlopen"] = selectors.verlopen_facturen(regio, timezone.localdate())
            context["openstaand"] = selectors.totaal_openstaand(regio)
    return render(request, "rapportage/home.html", context)
