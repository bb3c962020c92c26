from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from jaarplan.permissions import can_afsluiten, can_vaststellen
from partners.roles import Rol

from . import selectors
from .dashboard.selectors import toezeggingen_tegen_minimum


@login_required
def home(request):
    """What is the signed-in user's to do, by role, in their region."""
    gebruiker = request.user
    regio = gebruiker.leerwerkloket
    context = {"regio": regio, "rollen": gebruiker.rollen}
    if regio is not None:
        jaarplan = selectors.huidig_jaarplan(regio)
        context["jaarplan"] = jaarplan
        if jaarplan is not None:
            context["kan_vaststellen"] = can_vaststellen(gebruiker, jaarplan)
            context["kan_afsluiten"] = can_afsluiten(gebruiker, jaarplan)
            if Rol.PROJECTLEIDER in gebruiker.rollen:
                context["ongedekt"] = selectors.ongedekte_activiteiten(jaarplan)
                context["vrije_toezeggingen"] = selectors.vrije_toezeggingen(regio, jaarplan.jaar)
            if Rol.STUURGROEP in gebruiker.rollen:
                context["minima"] = toezeggingen_tegen_minimum(regio, jaarplan.jaar).in_jaar()
        if Rol.FINANCIEN in gebruiker.rollen:
            context["verlopen"] = selectors.verlopen_facturen(regio, timezone.localdate())
            context["openstaand"] = selectors.totaal_openstaand(regio)
    return render(request, "rapportage/home.html", context)
