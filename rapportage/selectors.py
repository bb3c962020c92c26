"""Reads for the home page: what is open for the signed-in user's role, from the database."""

import datetime

from django.db.models import F, OuterRef

from financiering.models import Betaling, Factuur, Financieringsafspraak, Toezegging
from jaarplan.models import Activiteit, Dekking, Jaarplan
from kern.db import opgeteld, som
from kern.money import ZERO


def huidig_jaarplan(leerwerkloket) -> Jaarplan | None:
    """The jaarplan being worked on: the latest that is not afgesloten, else the latest."""
    plannen = Jaarplan.objects.voor_regio(leerwerkloket).met_totalen()
    return (
        plannen.exclude(status=Jaarplan.Status.AFGESLOTEN).order_by("-jaar").first()
        or plannen.order_by("-jaar").first()
    )


def ongedekte_activiteiten(jaarplan: Jaarplan):
    return (
        Activiteit.objects.filter(jaarplan=jaarplan).met_totalen().filter(ongedekt__gt=0).order_by("volgorde", "naam")
    )


def vrije_toezeggingen(leerwerkloket, jaar: int):
    """This year's toezeggingen with money not yet allocated to an activity."""
    return (
        Toezegging.objects.voor_regio(leerwerkloket)
        .filter(jaar=jaar)
        .select_related("afspraak__financier")
        .annotate(toegewezen=som(Dekking.objects.filter(toezegging=OuterRef("pk"))))
        .annotate(vrij=F("bedrag_geld") + F("bedrag_natura") - F("toegewezen"))
        .filter(vrij__gt=0)
        .order_by("afspraak__financier__naam")
    )


def toezeggingen_tegen_minimum(leerwerkloket, jaar: int):
    """Each co-financier's toezegging for `jaar` beside its minimum."""
    rijen = []
    afspraken = (
        Financieringsafspraak.objects.voor_regio(leerwerkloket)
        .filter(soort=Financieringsafspraak.Soort.COFINANCIERING, startjaar__lte=jaar, eindjaar__gte=jaar)
        .select_related("financier")
    )
    toezeggingen = {t.afspraak_id: t for t in Toezegging.objects.filter(afspraak__in=afspraken, jaar=jaar)}
    for afspraak in afspraken:
        toezegging = toezeggingen.get(afspraak.pk)
        geteld = afspraak.telt_voor_minimum(toezegging.bedrag_geld, toezegging.bedrag_natura) if toezegging else ZERO
        rijen.append(
            {
                "afspraak": afspraak,
                "toezegging": toezegging,
                "geteld": geteld,
                "gehaald": geteld >= afspraak.minimum_per_jaar,
            }
        )
    return rijen


def verlopen_facturen(leerwerkloket, op: datetime.date):
    return (
        Factuur.objects.voor_regio(leerwerkloket)
        .verlopen(op=op)
        .select_related("toezegging__afspraak__financier")
        .order_by("vervaldatum")
    )


def totaal_openstaand(leerwerkloket):
    facturen = Factuur.objects.voor_regio(leerwerkloket)
    return opgeteld(facturen) - opgeteld(Betaling.objects.voor_regio(leerwerkloket).filter(factuur__isnull=False))
