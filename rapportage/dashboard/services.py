"""Writes of the dashboard: laying down the stuurgroep report for a meeting, and turning the
next-period plan into concept agreements."""

import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from financiering.models import Financieringsafspraak
from financiering.services import Voorstel, afspraken_uit_plan
from rapportage.models import Stuurgroeprapport

from .bevriezen import bevries
from .cijfers import dashboard_cijfers
from .permissions import can_vastleggen_rapport


@transaction.atomic
def rapport_vastleggen(
    *, regio, jaar: int, vergaderdatum: datetime.date, status: str, door, op: datetime.date | None = None
) -> Stuurgroeprapport:
    """Freeze the figures of `regio`'s report of `jaar` as they are now (the money flow read on
    `op`, today by default), for the meeting of `vergaderdatum`."""
    if not can_vastleggen_rapport(door, regio):
        raise PermissionDenied("Alleen stuurgroepleden en de projectleider van de regio leggen het rapport vast.")
    op = op or timezone.localdate()
    rapport = Stuurgroeprapport(
        leerwerkloket=regio,
        jaar=jaar,
        vergaderdatum=vergaderdatum,
        status=status,
        peildatum=op,
        cijfers=bevries(dashboard_cijfers(regio, jaar, op=op)),
        vastgelegd_door=door,
    )
    rapport.full_clean()
    rapport.save()
    return rapport


def plan_omzetten(*, basis, plan, door) -> tuple[list[Financieringsafspraak], list[str]]:
    """Omzetten in afspraken: every financier's yearly parts of `plan` (computed from `basis`)
    become a concept agreement following its latest one (`financiering.services.afspraken_uit_plan`),
    recorded in the history as coming from the plan."""
    vorige = Financieringsafspraak.objects.in_bulk([f.afspraak_id for f in basis.financiers if f.afspraak_id])
    voorstellen = [
        Voorstel(vorige[f.afspraak_id], {c.jaar: c.bedrag for c in rij.cellen})
        for f, rij in zip(basis.financiers, plan.financiers, strict=True)
        if f.afspraak_id in vorige
    ]
    reden = f"Uit het plan voor de volgende periode (kosten {plan.basisjaar}, {plan.jaren[0]}-{plan.jaren[-1]})"
    return afspraken_uit_plan(voorstellen=voorstellen, reden=reden, door=door)
