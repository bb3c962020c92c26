"""Received payments from a bank statement: each credit line is matched to an open invoice and
shown as a suggestion; the user books it, and only then payments are made. A line is stored once
per region, whatever the format it came in (an overlapping statement adds only what is new; the
fingerprint is decision 0049), and a booked line keeps its links to all its payments, so nothing
is booked twice. A line can be booked over several invoices, what exceeds them as an advance on
a toezegging (decision 0050).

A reversal (storno) of a receipt is stored too, as a negative line: it is never a receipt and
never suggested for an invoice. It is matched to the receipt it reverses (same amount, earlier or
the same day, same end-to-end reference or IBAN), and processing it reverses that receipt's
payments through `services.betaling_terugdraaien`, which reopens their invoices (decision 0051).
Other debit lines (and a reversal of one) are skipped.

Matching, in this order, never when the description names another region's invoice number or
prefix (UWV pays every region from one IBAN): an invoice number named in the description; else
the counterparty's IBAN among the financier's known IBANs (a member of the gemeenten group counts
as the group), on the invoice with exactly that amount open, else the oldest one it fits on; else
the amount equal to what is open on an invoice of the financier whose name is in the
counterparty. Booking a line with an IBAN the financier did not have yet adds it to the
financier's known IBANs."""

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal
from operator import attrgetter

from django.core.exceptions import ValidationError
from django.db import connections, router, transaction
from django.utils import timezone
from django_fsm import can_proceed

from kern.bestanden import veilige_bestandsnaam
from kern.cellen import normaliseer, verboden_tekens
from kern.db import invoegen
from kern.geschiedenis import vastleggen_voor
from kern.money import ZERO, format_euro
from partners.models import Auditregel, Partner, vastleggen

from ..models import Bankregel, Factuur, Toezegging
from ..services import betaling_registreren, betaling_terugdraaien
from .formaten import Afschrift, lees_afschrift

MAX_OMSCHRIJVING = Bankregel._meta.get_field("omschrijving").max_length
MAX_REFERENTIE = Bankregel._meta.get_field("referentie").max_length
MAX_FOUTEN = 20
# What a bank writes where the payer gave no end-to-end reference.
GEEN_REFERENTIE = {"NOTPROVIDED", "NOT PROVIDED", "NONREF"}


@dataclass
class Inlezing:
    formaat: str = ""
    nieuw: int = 0  # new receipts
    terugboekingen: int = 0  # new reversals of receipts
    al_bekend: int = 0
    afschrijvingen: int = 0
    regels: list = field(default_factory=list)  # the new lines, as stored

    def samenvatting(self) -> str:
        tekst = (
            f"{self.nieuw} nieuwe ontvangst(en) ingelezen; {self.al_bekend} waren al bekend en "
            f"{self.afschrijvingen} afschrijving(en) zijn overgeslagen."
        )
        if self.terugboekingen:
            tekst += f" {self.terugboekingen} terugboeking(en) van de bank ingelezen; verwerk ze bij hun ontvangst."
        return tekst


def _weiger_bij_fouten(fouten: list[str]) -> None:
    if fouten:
        meer = [f"En nog {len(fouten) - MAX_FOUTEN} fout(en)."] if len(fouten) > MAX_FOUTEN else []
        raise ValidationError([*fouten[:MAX_FOUTEN], *meer, "Er is niets ingelezen; verbeter het bestand."])


def _leesbaar(tekst: str) -> str:
    """Text as it can be shown and stored: control characters (the line breaks of an MT940 field) as
    single spaces; anything else stays as the bank wrote it (the page escapes it)."""
    return " ".join("".join(" " if unicodedata.category(t) == "Cc" else t for t in tekst).split())


def _referentie(tekst: str) -> str:
    referentie = _leesbaar(tekst)
    return "" if referentie.upper() in GEEN_REFERENTIE else referentie[:MAX_REFERENTIE]


def sleutel(datum, bedrag: Decimal, tegenrekening: str, volgnummer: int) -> str:
    """The fingerprint of one payment, from what every format carries alike: date, amount in cents,
    the counterparty's IBAN, and the how-manieth line with those three in the file (two payments of
    the same amount from the same account on one day are two lines). Not the description or the
    name, which each format writes differently, and not the end-to-end reference, which some
    formats leave out (decision 0049). Migration 0011 holds a copy: change both or neither."""
    tekst = f"{datum:%Y-%m-%d}|{Decimal(bedrag):.2f}|{tegenrekening}|{volgnummer}"
    return hashlib.sha256(tekst.encode()).hexdigest()


def _is_ontvangst_of_storno(lijn) -> bool:
    """A receipt, or a reversal of one (negative); every other debit line and a reversal of a debit
    (positive) is not the Leerwerkloket's money coming in or going back."""
    return lijn.bedrag < 0 if lijn.terugboeking else lijn.bedrag > 0


@transaction.atomic
def bankafschrift_inlezen(*, leerwerkloket, bestandsnaam: str, inhoud: bytes, door) -> Inlezing:
    """Store the statement's receipts and reversals of receipts that are not known yet; a bad line
    refuses the whole file. Any format `formaten.lees_afschrift` reads."""
    afschrift, fouten = lees_afschrift(inhoud, bestandsnaam)
    _weiger_bij_fouten(fouten)
    return afschrift_opslaan(leerwerkloket=leerwerkloket, afschrift=afschrift, bestandsnaam=bestandsnaam, door=door)


@transaction.atomic
def afschrift_opslaan(*, leerwerkloket, afschrift: Afschrift, bestandsnaam: str, door) -> Inlezing:
    """Store the lines `formaten` read (the page, the command and a test that builds its
    Afschriftregel values all come through here)."""
    fouten, regels, gezien, plaatsen = [], [], {}, {}
    inlezing = Inlezing(formaat=afschrift.formaat)
    naam = veilige_bestandsnaam(bestandsnaam)
    for lijn in afschrift:
        if not _is_ontvangst_of_storno(lijn):
            inlezing.afschrijvingen += 1
            continue
        if "\x00" in lijn.tegenpartij + lijn.omschrijving + lijn.referentie:
            fouten.append(f"{lijn.plaats}: {verboden_tekens([lijn.omschrijving + lijn.tegenpartij + lijn.referentie])}")
            continue
        basis = (lijn.datum, lijn.bedrag, lijn.tegenrekening)
        gezien[basis] = gezien.get(basis, 0) + 1
        plaatsen[len(regels)] = lijn.plaats
        regels.append(
            Bankregel(
                leerwerkloket=leerwerkloket,
                sleutel=sleutel(*basis, gezien[basis]),
                datum=lijn.datum,
                bedrag=lijn.bedrag,
                tegenpartij=_leesbaar(lijn.tegenpartij)[:200],
                tegenrekening=lijn.tegenrekening,
                omschrijving=_leesbaar(lijn.omschrijving)[:MAX_OMSCHRIJVING],
                referentie=_referentie(lijn.referentie),
                terugboeking=lijn.terugboeking,
                bestandsnaam=naam,
                ingelezen_door=door,
            )
        )
    _controleer(regels, plaatsen, fouten)
    _weiger_bij_fouten(fouten)
    bekend = set(
        Bankregel.objects.filter(leerwerkloket=leerwerkloket, sleutel__in=[r.sleutel for r in regels]).values_list(
            "sleutel", flat=True
        )
    )
    nieuw = [r for r in regels if r.sleutel not in bekend]
    nieuw = _schrijven(leerwerkloket, nieuw, door)
    inlezing.terugboekingen = sum(r.terugboeking for r in nieuw)
    inlezing.nieuw = len(nieuw) - inlezing.terugboekingen
    inlezing.al_bekend, inlezing.regels = len(regels) - len(nieuw), nieuw
    terug = f", {inlezing.terugboekingen} terugboekingen" if inlezing.terugboekingen else ""
    vastleggen(
        Auditregel.Actie.IMPORT,
        f"Bankafschrift {bestandsnaam} ({inlezing.formaat}): {inlezing.nieuw} nieuwe ontvangsten{terug}, "
        f"{inlezing.al_bekend} al bekend",
        gebruiker=door,
        leerwerkloket=leerwerkloket,
    )
    return inlezing


VELDEN = [
    "leerwerkloket", "sleutel", "datum", "bedrag", "tegenpartij", "tegenrekening", "omschrijving", "referentie",
    "terugboeking", "bestandsnaam", "ingelezen_door", "ingelezen_op", "status",
]  # fmt: skip


def _schrijven(leerwerkloket, regels: list[Bankregel], door) -> list[Bankregel]:
    """The checked lines and their history written by the database (kern.db.invoegen, and one
    INSERT ... SELECT for the history), not through a model instance each: bulk_create spent most
    of a 2,000-line file's time composing its SQL (benchmarks/import_bank.py). The lines as stored."""
    if not regels:
        return []
    verbinding = connections[router.db_for_write(Bankregel)]
    nu = verbinding.ops.adapt_datetimefield_value(timezone.now())
    waarden = attrgetter(*VELDEN[1:-3])
    invoegen(
        Bankregel,
        VELDEN,
        [(leerwerkloket.pk, *waarden(r), door.pk if door else None, nu, Bankregel.Status.OPEN) for r in regels],
    )
    opgeslagen = Bankregel.objects.filter(leerwerkloket=leerwerkloket, sleutel__in=[r.sleutel for r in regels])
    vastleggen_voor(opgeslagen, soort="+", door=door)
    return list(opgeslagen.order_by("pk"))


def _controleer(regels: list[Bankregel], plaatsen: dict, fouten: list[str]) -> None:
    """Every line through the model's field rules; the IBAN (schwifty, the slow one) once per account."""
    ibans = {}
    for iban in {r.tegenrekening for r in regels}:
        try:
            Bankregel._meta.get_field("tegenrekening").clean(iban, None)
        except ValidationError as fout:
            ibans[iban] = " ".join(fout.messages)
    uitgezonderd = ["leerwerkloket", "ingelezen_door", "status", "storneert", "tegenrekening"]
    for nummer, regel in enumerate(regels):
        meldingen = [ibans[regel.tegenrekening]] if regel.tegenrekening in ibans else []
        try:
            # Not the status: a new line is open, and the transitions alone move it.
            regel.full_clean(exclude=uitgezonderd, validate_unique=False, validate_constraints=False)
        except ValidationError as fout:
            meldingen += fout.messages
        if meldingen:
            fouten.append(f"{plaatsen[nummer]}: {' '.join(meldingen)}")


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
class Deel:
    """The part of a bank line booked on one invoice."""

    factuur: Factuur
    bedrag: Decimal


def verdeeld(delen) -> Decimal:
    """What the parts of a split book on invoices together (the rest of the line is a voorschot)."""
    return sum((d.bedrag for d in delen), ZERO)


@dataclass(frozen=True)
class Suggestie:
    factuur: Factuur
    reden: str
    delen: tuple[Deel, ...] = ()  # when the line pays several invoices named in its description


def _financier(factuur: Factuur) -> Partner:
    return factuur.toezegging.afspraak.financier


# The letters an invoice number starts with, before its year or serial: "GRONINGE" in GRONINGE-2026-0059.
_VOORVOEGSEL = re.compile(r"^([A-Z]{3,})[-/ .]?\d")


def _voorvoegsel(nummer: str) -> str:
    gevonden = _VOORVOEGSEL.match(nummer.strip().upper())
    return gevonden.group(1) if gevonden else ""


class Voorsteller:
    """The suggestions for a region's lines: its open invoices, their numbers, IBANs and names, and
    what names another region's invoice, read once for however many lines."""

    def __init__(self, leerwerkloket, facturen: list[Factuur] | None = None):
        self.leerwerkloket = leerwerkloket
        self.facturen = open_facturen(leerwerkloket) if facturen is None else facturen
        self._nummers = [(normaliseer(f.nummer), f) for f in self.facturen if normaliseer(f.nummer)]
        self._per_iban: dict[str, list[Factuur]] = {}
        self._namen = []
        for factuur in self.facturen:
            financier = _financier(factuur)
            leden = list(financier.leden.all())
            for iban in dict.fromkeys([*financier.iban_lijst, *(i for lid in leden for i in lid.iban_lijst)]):
                self._per_iban.setdefault(iban, []).append(factuur)
            namen = [normaliseer(naam) for naam in [financier.naam, *(lid.naam for lid in leden)]]
            self._namen.append((factuur, [naam for naam in namen if naam]))
        eigen = set(Factuur.objects.voor_regio(leerwerkloket).values_list("nummer", flat=True))
        vreemd = set(
            Factuur.objects.exclude(toezegging__afspraak__leerwerkloket=leerwerkloket).values_list("nummer", flat=True)
        )
        eigen_voorvoegsels = {_voorvoegsel(n) for n in eigen}
        voorvoegsels = {_voorvoegsel(n) for n in vreemd} - eigen_voorvoegsels - {""}
        # "GRONINGE-2026" names Groningen's invoices even when its number is not one of them (yet).
        self._vreemd_voorvoegsel = (
            re.compile(
                r"(?<![A-Z0-9])((?:" + "|".join(map(re.escape, sorted(voorvoegsels, key=len, reverse=True))) + r")"
                r"[-/.]?(?:19|20)\d\d(?:[-/.]?\d+)?)"
            )
            if voorvoegsels
            else None
        )
        eigen_genormaliseerd = {normaliseer(n) for n in eigen}
        self._vreemde_nummers = [
            (normaliseer(n), n)
            for n in vreemd
            if len(normaliseer(n)) >= 6 and normaliseer(n) not in eigen_genormaliseerd
        ]

    def andere_regio(self, regel: Bankregel) -> str:
        """What in the description names another region's invoice ("GRONINGE-2026-0059"), or ""."""
        if self._vreemd_voorvoegsel:
            gevonden = self._vreemd_voorvoegsel.search(regel.omschrijving.upper())
            if gevonden:
                return gevonden.group(1)
        omschrijving = normaliseer(regel.omschrijving)
        return next((nummer for genormaliseerd, nummer in self._vreemde_nummers if genormaliseerd in omschrijving), "")

    def bezwaar(self, regel: Bankregel) -> str:
        """Why no invoice is suggested although one might fit: the line is a reversal, or it names
        another region's invoice."""
        if regel.terugboeking:
            return "dit is een terugboeking van de bank, geen ontvangst"
        vreemd = self.andere_regio(regel)
        return f"de omschrijving noemt {vreemd}, een factuur van een andere regio" if vreemd else ""

    def voorstel(self, regel: Bankregel) -> Suggestie | None:
        if self.bezwaar(regel):
            return None
        omschrijving = normaliseer(regel.omschrijving)
        genoemd = [f for nummer, f in self._nummers if nummer in omschrijving]
        if len(genoemd) > 1 and sum(f.openstaand for f in genoemd) == regel.bedrag:
            nummers = ", ".join(f.nummer for f in genoemd)
            return Suggestie(
                genoemd[0],
                f"factuurnummers {nummers} staan in de omschrijving en samen staat er {format_euro(regel.bedrag)} open",
                tuple(Deel(f, f.openstaand) for f in genoemd),
            )
        for factuur in genoemd:
            reden = f"factuurnummer {factuur.nummer} staat in de omschrijving"
            if regel.bedrag <= factuur.openstaand:
                return Suggestie(factuur, reden)
            if len(genoemd) == 1:
                return Suggestie(
                    factuur,
                    f"{reden}; er staat {format_euro(factuur.openstaand)} open, minder dan deze ontvangst "
                    "(verdelen of de rest als voorschot boeken)",
                )
        if regel.tegenrekening:
            van_rekening = self._per_iban.get(regel.tegenrekening, [])
            passend = [f for f in van_rekening if f.openstaand == regel.bedrag] or [
                f for f in van_rekening if f.openstaand >= regel.bedrag
            ]
            if passend:
                factuur = passend[0]
                return Suggestie(factuur, f"IBAN {regel.tegenrekening} is van {_financier(factuur).naam}")
        tegenpartij = normaliseer(regel.tegenpartij)
        if not tegenpartij:
            return None
        for factuur, namen in self._namen:
            if regel.bedrag == factuur.openstaand and any(naam in tegenpartij or tegenpartij in naam for naam in namen):
                return Suggestie(factuur, f"bedrag {format_euro(regel.bedrag)} en {_financier(factuur).naam}")
        return None

    def ontvangsten(self, stornos: list[Bankregel]) -> dict[int, Bankregel]:
        """For each reversal, the receipt it reverses: the same amount, on the same day or before,
        with the same end-to-end reference or else the same IBAN, not reversed already; the latest
        such receipt, a booked one before an open one. One query for all of them."""
        stornos = [s for s in stornos if s.terugboeking]
        if not stornos:
            return {}
        kandidaten = list(
            Bankregel.objects.filter(
                leerwerkloket=self.leerwerkloket,
                terugboeking=False,
                status__in=[Bankregel.Status.GEBOEKT, Bankregel.Status.OPEN],
                bedrag__in={-s.bedrag for s in stornos},
            ).order_by("-datum", "-pk")
        )
        gevonden, gebruikt = {}, set()
        for storno in sorted(stornos, key=lambda s: (s.datum, s.pk)):
            passend = [
                k
                for k in kandidaten
                if k.pk not in gebruikt
                and k.bedrag == -storno.bedrag
                and k.datum <= storno.datum
                and (
                    (storno.referentie and k.referentie == storno.referentie)
                    or (storno.tegenrekening and k.tegenrekening == storno.tegenrekening)
                )
            ]
            passend.sort(
                key=lambda k: (
                    not (storno.referentie and k.referentie == storno.referentie),
                    k.status != Bankregel.Status.GEBOEKT,
                )
            )  # stable: the latest first within each group
            if passend:
                gevonden[storno.pk] = passend[0]
                gebruikt.add(passend[0].pk)
        return gevonden


def suggestie(regel: Bankregel, facturen: list[Factuur] | None = None) -> Suggestie | None:
    """One line's suggestion, among `facturen` (`open_facturen`, read when not given); a page of
    many lines uses one Voorsteller."""
    return Voorsteller(regel.leerwerkloket, facturen).voorstel(regel)


def _geen_terugboeking(regel: Bankregel) -> None:
    if regel.terugboeking:
        raise ValidationError(
            "Dit is een terugboeking van de bank, geen ontvangst: zij wordt nooit als betaling geboekt. "
            "Verwerk haar bij de ontvangst die zij ongedaan maakt, of negeer haar."
        )


@transaction.atomic
def bankregel_boeken(*, regel: Bankregel, factuur: Factuur, door, rest_als_voorschot: bool = False) -> Bankregel:
    """Book the whole line as a payment on `factuur`; with `rest_als_voorschot`, what is open on the
    invoice on it and the rest as an advance on its toezegging. The payment rules are Betaling's."""
    if not rest_als_voorschot:
        return bankregel_verdelen(regel=regel, delen=[Deel(factuur, regel.bedrag)], door=door)
    Toezegging.objects.select_for_update().get(pk=factuur.toezegging_id)
    open_ = min(factuur.nog_open(), regel.bedrag)
    if open_ <= 0:
        raise ValidationError(
            f"Op factuur {factuur.nummer} staat niets meer open; kies een andere factuur of boek het bedrag "
            "als voorschot met Verdelen."
        )
    voorschot = factuur.toezegging if open_ < regel.bedrag else None
    return bankregel_verdelen(regel=regel, delen=[Deel(factuur, open_)], voorschot_op=voorschot, door=door)


@transaction.atomic
def bankregel_verdelen(
    *, regel: Bankregel, delen: list[Deel], voorschot_op: Toezegging | None = None, door
) -> Bankregel:
    """Book the line as one payment per part (an invoice and an amount), and what the parts leave
    of the line as an advance on `voorschot_op`: together always the line's whole amount. The line
    keeps its links to all of them (Betaling.bankregel); each follows Betaling's rules, and one
    refusal books none."""
    regel = Bankregel.objects.select_for_update().get(pk=regel.pk)
    _geen_terugboeking(regel)
    if not can_proceed(regel.boeken):
        raise ValidationError(
            f"Deze bankregel is al {regel.get_status_display().lower()}; hij wordt niet nog eens geboekt."
        )
    if not delen and voorschot_op is None:
        raise ValidationError("Kies ten minste één factuur, of boek het bedrag als voorschot op een toezegging.")
    if len({d.factuur.pk for d in delen}) != len(delen):
        raise ValidationError("Elke factuur komt één keer voor; tel de delen van dezelfde factuur op.")
    regio = regel.leerwerkloket_id
    for deel in delen:
        if deel.factuur.toezegging.afspraak.leerwerkloket_id != regio:
            raise ValidationError("Kies een factuur uit de eigen regio.")
        if deel.bedrag is None or deel.bedrag <= 0:
            raise ValidationError(f"Het deel voor factuur {deel.factuur.nummer} moet groter zijn dan nul.")
    if voorschot_op is not None and voorschot_op.afspraak.leerwerkloket_id != regio:
        raise ValidationError("Kies een toezegging uit de eigen regio.")
    op_facturen = verdeeld(delen)
    if op_facturen > regel.bedrag:
        raise ValidationError(
            f"De delen zijn samen {format_euro(op_facturen)}, meer dan de ontvangst van {format_euro(regel.bedrag)}."
        )
    rest = regel.bedrag - op_facturen
    if rest and voorschot_op is None:
        raise ValidationError(
            f"Van de ontvangst van {format_euro(regel.bedrag)} blijft {format_euro(rest)} over. Boek de rest als "
            "voorschot op een toezegging, of verdeel het hele bedrag over de facturen."
        )
    referentie = f"Bank {regel.datum:%d-%m-%Y}: {regel.tegenpartij} {regel.omschrijving}".strip()[:200]
    for deel in delen:
        betaling_registreren(
            factuur=deel.factuur,
            bedrag=deel.bedrag,
            datum=regel.datum,
            referentie=referentie,
            bankregel=regel,
            door=door,
        )
    if rest:
        betaling_registreren(
            toezegging=voorschot_op, bedrag=rest, datum=regel.datum, referentie=referentie, bankregel=regel, door=door
        )
    regel.boeken()
    regel._history_user = door
    regel._change_reason = _boeking(delen, rest, voorschot_op)[:100]
    regel.save()
    financiers = {_financier(d.factuur).pk: _financier(d.factuur) for d in delen}
    if voorschot_op is not None:
        financiers.setdefault(voorschot_op.afspraak.financier_id, voorschot_op.afspraak.financier)
    if len(financiers) == 1:  # an account that paid two financiers' invoices is not learnt as either's
        _iban_onthouden(regel, next(iter(financiers.values())), door)
    return regel


def _boeking(delen: list[Deel], rest: Decimal, voorschot_op: Toezegging | None) -> str:
    """What the line was booked as, for its history and the page's message."""
    if len(delen) == 1 and not rest:
        return f"Geboekt op factuur {delen[0].factuur.nummer}"
    wat = [f"factuur {d.factuur.nummer} ({format_euro(d.bedrag)})" for d in delen]
    if rest:
        wat.append(f"{format_euro(rest)} voorschot {voorschot_op}")
    return "Geboekt op " + (", ".join(wat[:-1]) + " en " + wat[-1] if len(wat) > 1 else wat[0])


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
def terugboeking_verwerken(*, regel: Bankregel, ontvangst: Bankregel, door) -> Bankregel:
    """The bank reversed `ontvangst`: its payments are reversed (betaling_terugdraaien, which
    reopens their invoices) and it becomes teruggeboekt; the reversal is booked as undoing it. An
    open receipt (not booked yet) is simply taken off the list."""
    regel = Bankregel.objects.select_for_update().get(pk=regel.pk)
    ontvangst = Bankregel.objects.select_for_update().get(pk=ontvangst.pk)
    if not regel.terugboeking:
        raise ValidationError("Deze bankregel is een ontvangst, geen terugboeking; boek haar op een factuur.")
    if not can_proceed(regel.storno_verwerken):
        raise ValidationError(f"Deze terugboeking is al {regel.get_status_display().lower()}.")
    if ontvangst.leerwerkloket_id != regel.leerwerkloket_id or ontvangst.terugboeking:
        raise ValidationError("Kies een ontvangst uit de eigen regio.")
    if ontvangst.bedrag != -regel.bedrag or ontvangst.datum > regel.datum:
        raise ValidationError(
            f"De terugboeking van {format_euro(-regel.bedrag)} op {regel.datum:%d-%m-%Y} past niet bij de ontvangst "
            f"van {format_euro(ontvangst.bedrag)} op {ontvangst.datum:%d-%m-%Y}: het bedrag moet gelijk zijn en de "
            "ontvangst eerder."
        )
    if not can_proceed(ontvangst.storneren):
        raise ValidationError(
            f"De ontvangst van {ontvangst.datum:%d-%m-%Y} is {ontvangst.get_status_display().lower()}; "
            "zij kan niet worden teruggeboekt."
        )
    reden = f"Storno van de bank op {regel.datum:%d-%m-%Y}"
    betaling = ontvangst.betalingen.order_by("pk").first()
    if betaling is not None:
        betaling_terugdraaien(betaling=betaling, reden=reden, door=door, storno=True)
    else:
        ontvangst.storneren()
        ontvangst._history_user = door
        ontvangst._change_reason = reden
        ontvangst.save()
    regel.storno_verwerken(ontvangst=ontvangst)
    regel._history_user = door
    regel._change_reason = f"Storno van de ontvangst van {ontvangst.datum:%d-%m-%Y}"
    regel.save()
    return regel


@transaction.atomic
def bankregel_negeren(*, regel: Bankregel, door) -> Bankregel:
    """A credit that is not a financier's payment (a refund, interest), or a reversal of a receipt
    that was never stored: kept, but off the list. The page asks for confirmation first;
    `bankregel_heropenen` undoes it."""
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
