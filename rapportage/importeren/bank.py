"""Received payments from a bank statement: each credit line is matched to an open invoice and
shown as a suggestion; the user books it, and only then a Betaling is made. A line is stored
once per region (an overlapping statement adds only what is new), and a booked line is linked to
its Betaling, so nothing is booked twice.

Matching, in this order: an invoice number named in the description; else the amount equal to
what is open on an invoice of the financier whose name is in the counterparty (a member of the
gemeenten group counts as the group)."""

import hashlib
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction

from financiering.models import Factuur
from financiering.services import betaling_registreren
from kern.money import format_euro
from partners.models import Auditregel, vastleggen

from ..models import Bankregel
from .bestand import lees_cellen, veilige_bestandsnaam
from .kolommen import lees_bedrag, lees_datum, lees_tekst, normaliseer, verboden_tekens, vind_kopregel

BANKVELDEN = {
    "datum": ("datum", "boekdatum", "boekingsdatum", "transactiedatum", "rentedatum", "date"),
    "bedrag": ("bedrag", "bedrageur", "bedragineuro", "transactiebedrag", "amount"),
    "afbij": ("afbij", "bijaf", "creditdebet", "debetcredit"),
    "tegenpartij": ("naamtegenpartij", "tegenpartij", "naamomschrijving", "naam", "tegenrekeninghouder"),
    "omschrijving": ("omschrijving", "omschrijving1", "mededelingen", "mededeling", "description", "betalingskenmerk"),
}
MAX_OMSCHRIJVING = Bankregel._meta.get_field("omschrijving").max_length


@dataclass
class Inlezing:
    nieuw: int = 0
    al_bekend: int = 0
    afschrijvingen: int = 0


def _sleutel(datum, bedrag, tegenpartij, omschrijving, volgnummer) -> str:
    tekst = f"{datum:%Y-%m-%d}|{bedrag}|{normaliseer(tegenpartij)}|{normaliseer(omschrijving)}|{volgnummer}"
    return hashlib.sha256(tekst.encode()).hexdigest()


@transaction.atomic
def bankafschrift_inlezen(*, leerwerkloket, bestandsnaam: str, inhoud: bytes, door) -> Inlezing:
    """Store the statement's credit lines that are not known yet; a bad line refuses the whole file."""
    cellen = lees_cellen(inhoud, bestandsnaam)
    kop = vind_kopregel(cellen, BANKVELDEN)
    if kop is None:
        raise ValidationError(
            "In dit bankafschrift staan geen herkenbare kolommen: er moet een kopregel zijn met een datum en een "
            "bedrag (en bij voorkeur de naam van de tegenpartij en een omschrijving)."
        )
    index, k = kop
    inlezing, fouten, regels, gezien = Inlezing(), [], [], {}
    for rijnummer, rij in enumerate(cellen[index + 1 :], start=index + 2):
        if all(cel is None for cel in rij):
            continue
        try:
            datum = lees_datum(rij[k["datum"]])
            bedrag = lees_bedrag(rij[k["bedrag"]])
        except ValueError as fout:
            fouten.append(f"Rij {rijnummer}: {fout}")
            continue
        if verboden := verboden_tekens(rij):
            fouten.append(f"Rij {rijnummer}: {verboden}")
            continue
        if "afbij" in k and normaliseer(rij[k["afbij"]]) in ("af", "d", "debet", "debit"):
            bedrag = -abs(bedrag)
        if bedrag <= 0:
            inlezing.afschrijvingen += 1
            continue
        tegenpartij = lees_tekst(rij[k["tegenpartij"]])[:200] if "tegenpartij" in k else ""
        omschrijving = lees_tekst(rij[k["omschrijving"]])[:MAX_OMSCHRIJVING] if "omschrijving" in k else ""
        basis = (datum, bedrag, tegenpartij, omschrijving)
        gezien[basis] = gezien.get(basis, 0) + 1  # two identical lines on one day are two payments
        regels.append(
            Bankregel(
                leerwerkloket=leerwerkloket,
                sleutel=_sleutel(*basis, gezien[basis]),
                datum=datum,
                bedrag=bedrag,
                tegenpartij=tegenpartij,
                omschrijving=omschrijving,
                bestandsnaam=veilige_bestandsnaam(bestandsnaam),
                ingelezen_door=door,
            )
        )
    if fouten:
        raise ValidationError([*fouten[:20], "Er is niets ingelezen; verbeter het bestand."])
    bekend = set(
        Bankregel.objects.filter(leerwerkloket=leerwerkloket, sleutel__in=[r.sleutel for r in regels]).values_list(
            "sleutel", flat=True
        )
    )
    nieuw = [r for r in regels if r.sleutel not in bekend]
    for regel in nieuw:
        regel._history_user = door
        regel.save()
    inlezing.nieuw, inlezing.al_bekend = len(nieuw), len(regels) - len(nieuw)
    vastleggen(
        Auditregel.Actie.IMPORT,
        f"Bankafschrift {bestandsnaam}: {inlezing.nieuw} nieuwe ontvangsten, {inlezing.al_bekend} al bekend",
        gebruiker=door,
        leerwerkloket=leerwerkloket,
    )
    return inlezing


def open_facturen(leerwerkloket):
    return list(
        Factuur.objects.voor_regio(leerwerkloket)
        .met_ontvangen()
        .filter(openstaand__gt=0)
        .select_related("toezegging__afspraak__financier")
        .prefetch_related("toezegging__afspraak__financier__leden")
        .order_by("vervaldatum", "nummer")
    )


@dataclass(frozen=True)
class Suggestie:
    factuur: Factuur
    reden: str


def suggestie(regel: Bankregel, facturen: list[Factuur]) -> Suggestie | None:
    omschrijving = normaliseer(regel.omschrijving)
    for factuur in facturen:
        if (
            normaliseer(factuur.nummer)
            and normaliseer(factuur.nummer) in omschrijving
            and regel.bedrag <= factuur.openstaand
        ):
            return Suggestie(factuur, f"factuurnummer {factuur.nummer} staat in de omschrijving")
    tegenpartij = normaliseer(regel.tegenpartij)
    if not tegenpartij:
        return None
    for factuur in facturen:
        financier = factuur.toezegging.afspraak.financier
        namen = [financier.naam, *(lid.naam for lid in financier.leden.all())]
        if regel.bedrag == factuur.openstaand and any(
            normaliseer(naam) and (normaliseer(naam) in tegenpartij or tegenpartij in normaliseer(naam))
            for naam in namen
        ):
            return Suggestie(factuur, f"bedrag {format_euro(regel.bedrag)} en {financier.naam}")
    return None


@transaction.atomic
def bankregel_boeken(*, regel: Bankregel, factuur: Factuur, door) -> Bankregel:
    """Book the line as a payment on `factuur`; the payment rules are Betaling's."""
    regel = Bankregel.objects.select_for_update().get(pk=regel.pk)
    if regel.status != Bankregel.Status.OPEN:
        raise ValidationError(
            f"Deze bankregel is al {regel.get_status_display().lower()}; hij wordt niet nog eens geboekt."
        )
    if factuur.toezegging.afspraak.leerwerkloket_id != regel.leerwerkloket_id:
        raise ValidationError("Kies een factuur uit de eigen regio.")
    referentie = f"Bank {regel.datum:%d-%m-%Y}: {regel.tegenpartij} {regel.omschrijving}".strip()[:200]
    betaling = betaling_registreren(
        factuur=factuur, bedrag=regel.bedrag, datum=regel.datum, referentie=referentie, door=door
    )
    regel.betaling = betaling
    regel.status = Bankregel.Status.GEBOEKT
    regel._history_user = door
    regel.save()
    return regel


@transaction.atomic
def bankregel_negeren(*, regel: Bankregel, door) -> Bankregel:
    """A credit that is not a financier's payment (a refund, interest): kept, but off the list."""
    regel = Bankregel.objects.select_for_update().get(pk=regel.pk)
    if regel.status != Bankregel.Status.OPEN:
        raise ValidationError(f"Deze bankregel is al {regel.get_status_display().lower()}.")
    regel.status = Bankregel.Status.GENEGEERD
    regel._history_user = door
    regel.save()
    return regel
