"""Writes of money in. Each runs the model rules, so every path obeys the same checks."""

import datetime
from decimal import Decimal

from django.db import transaction

from kern.money import ZERO

from .models import Betaling, Factuur, Financieringsafspraak, Toezegging


def _opslaan(obj, door):
    obj._history_user = door
    obj.full_clean()
    obj.save()
    return obj


@transaction.atomic
def toezegging_vastleggen(
    *,
    afspraak: Financieringsafspraak,
    jaar: int,
    bedrag_geld: Decimal,
    bedrag_natura: Decimal = ZERO,
    omschrijving_natura: str = "",
    door,
) -> Toezegging:
    """Create or change the toezegging of `afspraak` for `jaar`."""
    toezegging = Toezegging.objects.select_for_update().filter(afspraak=afspraak, jaar=jaar).first() or Toezegging(
        afspraak=afspraak, jaar=jaar
    )
    toezegging.bedrag_geld = bedrag_geld
    toezegging.bedrag_natura = bedrag_natura
    toezegging.omschrijving_natura = omschrijving_natura
    return _opslaan(toezegging, door)


@transaction.atomic
def factuur_registreren(
    *,
    toezegging: Toezegging,
    nummer: str,
    factuurdatum: datetime.date,
    vervaldatum: datetime.date,
    bedrag: Decimal,
    omschrijving: str = "",
    door,
) -> Factuur:
    Toezegging.objects.select_for_update().get(pk=toezegging.pk)
    factuur = Factuur(
        toezegging=toezegging,
        nummer=nummer,
        factuurdatum=factuurdatum,
        vervaldatum=vervaldatum,
        bedrag=bedrag,
        omschrijving=omschrijving,
    )
    return _opslaan(factuur, door)


@transaction.atomic
def betaling_registreren(
    *,
    bedrag: Decimal,
    datum: datetime.date,
    door,
    factuur: Factuur | None = None,
    toezegging: Toezegging | None = None,
    referentie: str = "",
) -> Betaling:
    toezegging = toezegging or factuur.toezegging
    Toezegging.objects.select_for_update().get(pk=toezegging.pk)
    betaling = Betaling(toezegging=toezegging, factuur=factuur, datum=datum, bedrag=bedrag, referentie=referentie)
    return _opslaan(betaling, door)
