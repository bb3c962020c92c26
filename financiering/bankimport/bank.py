"""Received payments from a bank statement: each credit line is matched to an open invoice and
shown as a suggestion; the user books it, and only then a Betaling is made. A line is stored
once per region (an overlapping statement adds only what is new), and a booked line is linked to
its Betaling, so nothing is booked twice.

Matching, in this order: an invoice number named in the description; else the counterparty's IBAN
among the financier's known IBANs (a member of the gemeenten group counts as the group), on the
invoice with exactly that amount open, else the oldest one it fits on; else the amount equal to what
is open on an invoice of the financier whose name is in the counterparty. Booking a line with an
IBAN the financier did not have yet adds it to the financier's known IBANs."""

import hashlib
import unicodedata
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django_fsm import can_proceed

from kern.bestanden import veilige_bestandsnaam
from kern.cellen import normaliseer, verboden_tekens
from kern.money import format_euro
from partners.models import Auditregel, Partner, vastleggen

from ..models import Bankregel, Factuur
from ..services import betaling_registreren
from .formaten import lees_afschrift

MAX_OMSCHRIJVING = Bankregel._meta.get_field("omschrijving").max_length
MAX_FOUTEN = 20


@dataclass
class Inlezing:
    formaat: str = ""
    nieuw: int = 0
    al_bekend: int = 0
    afschrijvingen: int = 0
    regels: list = field(default_factory=list)  # the new lines, as stored

    def samenvatting(self) -> str:
        return (
            f"{self.nieuw} nieuwe ontvangst(en) ingelezen; {self.al_bekend} waren al bekend en "
            f"{self.afschrijvingen} afschrijving(en) zijn overgeslagen."
        )


def _weiger_bij_fouten(fouten: list[str]) -> None:
    if fouten:
        meer = [f"En nog {len(fouten) - MAX_FOUTEN} fout(en)."] if len(fouten) > MAX_FOUTEN else []
        raise ValidationError([*fouten[:MAX_FOUTEN], *meer, "Er is niets ingelezen; verbeter het bestand."])


def _leesbaar(tekst: str) -> str:
    """Text as it can be shown and stored: control characters (the line breaks of an MT940 field) as
    single spaces; anything else stays as the bank wrote it (the page escapes it)."""
    return " ".join("".join(" " if unicodedata.category(t) == "Cc" else t for t in tekst).split())


def _sleutel(datum, bedrag, tegenpartij, omschrijving, volgnummer) -> str:
    tekst = f"{datum:%Y-%m-%d}|{bedrag}|{normaliseer(tegenpartij)}|{normaliseer(omschrijving)}|{volgnummer}"
    return hashlib.sha256(tekst.encode()).hexdigest()


@transaction.atomic
def bankafschrift_inlezen(*, leerwerkloket, bestandsnaam: str, inhoud: bytes, door) -> Inlezing:
    """Store the statement's credit lines that are not known yet; a bad line refuses the whole file.
    Any format `formaten.lees_afschrift` reads."""
    afschrift, fouten = lees_afschrift(inhoud, bestandsnaam)
    _weiger_bij_fouten(fouten)
    inlezing, regels, gezien, plaatsen = Inlezing(formaat=afschrift.formaat), [], {}, {}
    for lijn in afschrift:
        if lijn.bedrag <= 0:
            inlezing.afschrijvingen += 1
            continue
        if "\x00" in lijn.tegenpartij + lijn.omschrijving:
            fouten.append(f"{lijn.plaats}: {verboden_tekens([lijn.omschrijving + lijn.tegenpartij])}")
            continue
        tegenpartij = _leesbaar(lijn.tegenpartij)[:200]
        omschrijving = _leesbaar(lijn.omschrijving)[:MAX_OMSCHRIJVING]
        basis = (lijn.datum, lijn.bedrag, tegenpartij, omschrijving)
        gezien[basis] = gezien.get(basis, 0) + 1  # two identical lines on one day are two payments
        plaatsen[len(regels)] = lijn.plaats
        regels.append(
            Bankregel(
                leerwerkloket=leerwerkloket,
                sleutel=_sleutel(*basis, gezien[basis]),
                datum=lijn.datum,
                bedrag=lijn.bedrag,
                tegenpartij=tegenpartij,
                tegenrekening=lijn.tegenrekening,
                omschrijving=omschrijving,
                bestandsnaam=veilige_bestandsnaam(bestandsnaam),
                ingelezen_door=door,
            )
        )
    for nummer, regel in enumerate(regels):
        try:
            # Not the status: a new line is open, and the transitions alone move it.
            regel.full_clean(exclude=["leerwerkloket", "ingelezen_door", "betaling", "status"], validate_unique=False)
        except ValidationError as fout:
            fouten.append(f"{plaatsen[nummer]}: {' '.join(fout.messages)}")
    _weiger_bij_fouten(fouten)
    bekend = set(
        Bankregel.objects.filter(leerwerkloket=leerwerkloket, sleutel__in=[r.sleutel for r in regels]).values_list(
            "sleutel", flat=True
        )
    )
    nieuw = [r for r in regels if r.sleutel not in bekend]
    for regel in nieuw:
        regel._history_user = door
        regel.save()
    inlezing.nieuw, inlezing.al_bekend, inlezing.regels = len(nieuw), len(regels) - len(nieuw), nieuw
    vastleggen(
        Auditregel.Actie.IMPORT,
        f"Bankafschrift {bestandsnaam} ({inlezing.formaat}): {inlezing.nieuw} nieuwe ontvangsten, "
        f"{inlezing.al_bekend} al bekend",
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


def _financier(factuur: Factuur) -> Partner:
    return factuur.toezegging.afspraak.financier


def suggestie(regel: Bankregel, facturen: list[Factuur]) -> Suggestie | None:
    omschrijving = normaliseer(regel.omschrijving)
    for factuur in facturen:
        if (
            normaliseer(factuur.nummer)
            and normaliseer(factuur.nummer) in omschrijving
            and regel.bedrag <= factuur.openstaand
        ):
            return Suggestie(factuur, f"factuurnummer {factuur.nummer} staat in de omschrijving")
    if regel.tegenrekening:
        van_rekening = [
            f
            for f in facturen
            if regel.tegenrekening in _financier(f).iban_lijst
            or any(regel.tegenrekening in lid.iban_lijst for lid in _financier(f).leden.all())
        ]
        passend = [f for f in van_rekening if f.openstaand == regel.bedrag] or [
            f for f in van_rekening if f.openstaand >= regel.bedrag
        ]
        if passend:
            factuur = passend[0]
            return Suggestie(factuur, f"IBAN {regel.tegenrekening} is van {_financier(factuur).naam}")
    tegenpartij = normaliseer(regel.tegenpartij)
    if not tegenpartij:
        return None
    for factuur in facturen:
        financier = _financier(factuur)
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
    if not can_proceed(regel.boeken):
        raise ValidationError(
            f"Deze bankregel is al {regel.get_status_display().lower()}; hij wordt niet nog eens geboekt."
        )
    if factuur.toezegging.afspraak.leerwerkloket_id != regel.leerwerkloket_id:
        raise ValidationError("Kies een factuur uit de eigen regio.")
    referentie = f"Bank {regel.datum:%d-%m-%Y}: {regel.tegenpartij} {regel.omschrijving}".strip()[:200]
    betaling = betaling_registreren(
        factuur=factuur, bedrag=regel.bedrag, datum=regel.datum, referentie=referentie, door=door
    )
    regel.boeken(betaling=betaling)
    regel._history_user = door
    regel._change_reason = f"Geboekt op factuur {factuur.nummer}"[:100]
    regel.save()
    _iban_onthouden(regel, _financier(factuur), door)
    return regel


def _iban_onthouden(regel: Bankregel, financier: Partner, door) -> None:
    """The financier paid from this account: the next payment from it is suggested by its IBAN."""
    financier = Partner.objects.select_for_update().get(pk=financier.pk)
    leden = [financier, *financier.leden.all()]
    if not regel.tegenrekening or any(regel.tegenrekening in p.iban_lijst for p in leden):
        return
    financier.ibans = "\n".join([*financier.iban_lijst, regel.tegenrekening])
    financier._history_user = door
    financier._change_reason = f"IBAN uit het bankafschrift van {regel.datum:%d-%m-%Y}"
    financier.save(update_fields=["ibans"])  # compact and valid: it was read by kern.iban


@transaction.atomic
def bankregel_negeren(*, regel: Bankregel, door) -> Bankregel:
    """A credit that is not a financier's payment (a refund, interest): kept, but off the list.
    The page asks for confirmation first; `bankregel_heropenen` undoes it."""
    regel = Bankregel.objects.select_for_update().get(pk=regel.pk)
    if not can_proceed(regel.negeren):
        raise ValidationError(f"Deze bankregel is al {regel.get_status_display().lower()}.")
    regel.negeren()
    regel._history_user = door
    regel._change_reason = "Genegeerd: geen betaling van een financier"
    regel.save()
    return regel


@transaction.atomic
def bankregel_heropenen(*, regel: Bankregel, door) -> Bankregel:
    """An ignored line back on the list of lines to book."""
    regel = Bankregel.objects.select_for_update().get(pk=regel.pk)
    if not can_proceed(regel.heropenen):
        raise ValidationError(
            f"Deze bankregel is {regel.get_status_display().lower()}, niet genegeerd; er is niets te heropenen."
        )
    regel.heropenen()
    regel._history_user = door
    regel._change_reason = "Heropend: toch te boeken"
    regel.save()
    return regel
