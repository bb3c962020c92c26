"""Reads for the home page: what is open for the signed-in user's role, from the database."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Exists, OuterRef
from django.urls import reverse

from financiering.models import Financieringsafspraak, Toezegging, alle_facturen_met_ontvangen
from jaarplan.models import (
    Activiteit,
    Jaarplan,
    alle_activiteiten_met_totalen,
    alle_jaarplannen_met_totalen,
    met_toewijzing,
)


def huidig_jaarplan(leerwerkloket) -> Jaarplan | None:
    """The jaarplan being worked on: the latest that is not afgesloten, else the latest."""
    plannen = alle_jaarplannen_met_totalen().voor_regio(leerwerkloket)
    return (
        plannen.exclude(status=Jaarplan.Status.AFGESLOTEN).order_by("-jaar").first()
        or plannen.order_by("-jaar").first()
    )


def vastgestelde_jaarplannen(leerwerkloket) -> list[Jaarplan]:
    """The region's vastgesteld jaarplannen, oldest first: those that wait to be closed."""
    return list(Jaarplan.objects.voor_regio(leerwerkloket).filter(status=Jaarplan.Status.VASTGESTELD).order_by("jaar"))


@dataclass(frozen=True)
class Stap:
    tekst: str
    url: str
    link: str
    gedaan: bool


def eerste_stappen(leerwerkloket, jaarplan: Jaarplan | None) -> list[Stap]:
    """What a new region's projectleider does first, with whether it is done; empty once every
    step is (Twente's, from the first day of the demo). `jaarplan` carries `met_totalen`."""
    if jaarplan is None:
        return []
    # One query for both questions, so the home page keeps its constant number of queries.
    heeft_afspraken, heeft_activiteiten = (
        Jaarplan.objects.filter(pk=jaarplan.pk)
        .annotate(
            a=Exists(Financieringsafspraak.objects.voor_regio(leerwerkloket)),
            b=Exists(Activiteit.objects.filter(jaarplan=OuterRef("pk"))),
        )
        .values_list("a", "b")
        .get()
    )
    stappen = [
        Stap(
            "Leg de afspraken met de financiers vast: wie zegt wat toe, voor welke jaren.",
            reverse("afspraken:nieuw"),
            "Een afspraak vastleggen",
            heeft_afspraken,
        ),
        Stap(
            f"Zet de activiteiten van {jaarplan.jaar} in het jaarplan, met hun streefwaarden.",
            reverse("jaarplan:activiteit_nieuw", args=[jaarplan.pk]),
            "Een activiteit toevoegen",
            heeft_activiteiten,
        ),
        Stap(
            "Maak de begroting: wat kost elke activiteit, en welke toezegging dekt het.",
            reverse("jaarplan:detail", args=[jaarplan.pk]),
            f"Naar de begroting {jaarplan.jaar}",
            bool(jaarplan.totaal_begroot),
        ),
    ]
    return [] if all(s.gedaan for s in stappen) else stappen


def ongedekte_activiteiten(jaarplan: Jaarplan):
    return alle_activiteiten_met_totalen().filter(jaarplan=jaarplan, ongedekt__gt=0).order_by("volgorde", "naam")


def vrije_toezeggingen(leerwerkloket, jaar: int):
    """This year's toezeggingen with money not yet allocated to an activity."""
    return (
        met_toewijzing(Toezegging.objects.voor_regio(leerwerkloket).filter(jaar=jaar).met_toegezegd())
        .select_related("afspraak__financier")
        .filter(vrij__gt=0)
        .order_by("afspraak__financier__naam")
    )


def verlopen_facturen(leerwerkloket, op: datetime.date):
    return (
        alle_facturen_met_ontvangen(op)
        .voor_regio(leerwerkloket)
        .te_laat()
        .select_related("toezegging__afspraak__financier")
        .order_by("vervaldatum")
    )


def totaal_openstaand(leerwerkloket):
    """What is invoiced and not yet paid on those invoices, over all the region's toezeggingen."""
    return Toezegging.objects.voor_regio(leerwerkloket).met_geldstroom().opgeteld()["openstaand"]


def aflopende_afspraken(leerwerkloket, op: datetime.date):
    """Agreements ending within AFSPRAAK_LOOPT_AF_MAANDEN months of `op`, not yet renewed."""
    return (
        Financieringsafspraak.objects.voor_regio(leerwerkloket)
        .lopen_af(op=op, maanden=settings.AFSPRAAK_LOOPT_AF_MAANDEN)
        .select_related("financier")
        .order_by("eindjaar", "financier__naam", "naam")
    )
