"""Writes of the dashboard: laying down the stuurgroep report for a meeting."""

import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

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
