"""Writes of money in. Each runs the model rules, so every path obeys the same checks."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from kern import gelijktijdig
from kern.money import ZERO

from .models import Betaling, Factuur, Financieringsafspraak, Toezegging
from .selectors import bewaakte_rijen


def _opslaan(obj, door, reden: str | None = None):
    obj._history_user = door
    if reden:
        obj._change_reason = reden
    obj.full_clean()
    obj.save()
    return obj


@transaction.atomic
def afspraak_opslaan(
    *,
    afspraak: Financieringsafspraak,
    bedragen: dict[int, tuple[Decimal | None, Decimal | None]],
    door,
    toestand: str | None = None,
) -> Financieringsafspraak:
    """Save the agreement and the toezegging of every year in `bedragen` ({jaar: (geld, natura)}),
    all or nothing. With `toestand` (the fingerprint the form was drawn from) a save on top of
    someone else's is refused. Every refused year is checked and reported, keyed like the amounts:
    `geld_<jaar>` or `natura_<jaar>`, so a page can show them all at once."""
    nieuw = afspraak.pk is None
    vorig_document = ""
    if not nieuw:
        vorig_document = Financieringsafspraak.objects.select_for_update().get(pk=afspraak.pk).document.name
        gelijktijdig.controleer(toestand, *bewaakte_rijen(afspraak), wat="deze afspraak")
    _opslaan(afspraak, door)
    fouten = {}
    for jaar, (geld, natura) in bedragen.items():
        try:
            toezegging_vastleggen(
                afspraak=afspraak, jaar=jaar, bedrag_geld=geld or ZERO, bedrag_natura=natura or ZERO, door=door
            )
        except ValidationError as fout:
            veld = "natura" if "bedrag_natura" in getattr(fout, "error_dict", {}) else "geld"
            fouten[f"{veld}_{jaar}"] = " ".join(fout.messages)
    if fouten:
        if afspraak.document.name and afspraak.document.name != vorig_document:
            # The upload was written to disk by the save that is now rolled back: no orphan file.
            afspraak.document.storage.delete(afspraak.document.name)
            afspraak.document.name = vorig_document
        if nieuw:  # rolled back with its years: the caller's instance is new again
            afspraak.pk = None
            afspraak._state.adding = True
        raise ValidationError(fouten)
    return afspraak


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


def _reden(reden: str, wat: str) -> str:
    reden = (reden or "").strip()
    if not reden:
        raise ValidationError({"reden": f"Schrijf op waarom {wat}; dat komt in de geschiedenis."})
    return reden


@transaction.atomic
def factuur_crediteren(
    *,
    factuur: Factuur,
    nummer: str,
    factuurdatum: datetime.date,
    bedrag: Decimal,
    reden: str,
    door,
) -> Factuur:
    """Reverse (part of) an invoice with a credit invoice of its own number: `bedrag` is what is
    credited (positive), stored as a negative invoice that names the original and the reason."""
    reden = _reden(reden, "de factuur wordt gecrediteerd")
    Toezegging.objects.select_for_update().get(pk=factuur.toezegging_id)
    credit = Factuur(
        toezegging_id=factuur.toezegging_id,
        crediteert=factuur,
        nummer=nummer,
        factuurdatum=factuurdatum,
        vervaldatum=factuurdatum,
        bedrag=-bedrag if bedrag is not None else None,
        omschrijving=f"Creditfactuur voor {factuur.nummer}"[:200],
        reden=reden,
    )
    return _opslaan(credit, door, reden=f"Creditfactuur voor {factuur.nummer}: {reden}"[:100])


@transaction.atomic
def betaling_corrigeren(
    *, betaling: Betaling, bedrag: Decimal, datum: datetime.date, referentie: str, reden: str, door
) -> Betaling:
    """Correct a payment's amount, date or reference; the payment rules apply as to a new one."""
    reden = _reden(reden, "de betaling wordt gecorrigeerd")
    Toezegging.objects.select_for_update().get(pk=betaling.toezegging_id)
    betaling = Betaling.objects.select_for_update().get(pk=betaling.pk)
    betaling.bedrag, betaling.datum, betaling.referentie = bedrag, datum, referentie
    return _opslaan(betaling, door, reden=reden[:100])


@transaction.atomic
def betaling_terugdraaien(*, betaling: Betaling, reden: str, door) -> None:
    """Reverse a payment booked by mistake: it is removed, and its history keeps it with the reason.
    A bank line it was booked from is open again (Betaling.voor_terugdraaien)."""
    reden = _reden(reden, "de betaling wordt teruggedraaid")
    Toezegging.objects.select_for_update().get(pk=betaling.toezegging_id)
    betaling = Betaling.objects.select_for_update().get(pk=betaling.pk)
    for stap in Betaling.voor_terugdraaien:
        stap(betaling, door)
    betaling._history_user = door
    betaling._change_reason = f"Teruggedraaid: {reden}"[:100]
    betaling.delete()


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
