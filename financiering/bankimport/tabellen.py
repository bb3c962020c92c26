"""The CSV, text and Excel exports of the Dutch banks. Columns are recognised by their names
(Dutch or English, whatever their order); the exports without a header row by their documented
layout: ABN AMRO's .TAB (tab-separated, whatever commas its descriptions hold), Triodos's CSV, and
the CSV of ASN, SNS and RegioBank (comma-separated, text in single quotes)."""

import csv
import functools
import io
import re

from django.core.exceptions import ValidationError

from kern.bestanden import Grens, decodeer, lees_cellen
from kern.cellen import lees_bedrag, lees_datum, lees_tekst, normaliseer, verboden_tekens

from .afschrift import Afschrift, Afschriftregel
from .teksten import _LABEL, iban, is_terugboeking, lees_details, referentie_van

# field -> the names it goes by (normalised), in order of preference; the first present wins.
BANKVELDEN = {
    "datum": (
        "datum", "boekdatum", "boekingsdatum", "transactiedatum", "transactiondate", "date", "rentedatum",
        "valuedate",
    ),
    "bedrag": ("bedrageur", "amounteur", "bedrag", "transactiebedrag", "bedragineuro", "amount"),
    "afbij": ("afbij", "bijaf", "creditdebet", "debetcredit", "afbijcreditdebet", "debitcredit"),
    "tegenpartij": (
        "naamtegenpartij", "naamomschrijving", "namedescription", "tegenpartij", "naam", "name",
        "tegenrekeninghouder", "naamtegenrekening", "counterpartyname",
    ),
    "tegenrekening": (
        "tegenrekeningibanbban", "tegenrekening", "tegenrekeningnummer", "ibantegenpartij", "tegenrekeningiban",
        "counterparty", "counterpartyiban",
    ),
    "referentie": ("transactiereferentie", "referentie", "endtoendid", "endtoendreferentie", "kenmerk"),
    "redenretour": ("redenretour", "retourreden", "terugboeking", "storno"),
    "soort": ("mutatiesoort", "transactietype", "typebetaling", "transactiontype", "soorttransactie"),
}  # fmt: skip
# Every one of these that the file has makes up the description, in this order: Rabobank's
# Omschrijving-1..3 before its (usually empty) Betalingskenmerk.
OMSCHRIJVINGEN = (
    "omschrijving1", "omschrijving2", "omschrijving3", "omschrijving", "mededelingen", "mededeling",
    "description", "notifications", "betalingskenmerk",
)  # fmt: skip
# The documented layouts of the exports without a header row.
ABN_AMRO_TAB = [
    "Rekeningnummer", "Muntsoort", "Transactiedatum", "Beginsaldo", "Eindsaldo", "Rentedatum",
    "Transactiebedrag", "Omschrijving",
]  # fmt: skip
TRIODOS = [
    "Datum", "Rekeningnummer", "Bedrag", "Af Bij", "Naam tegenpartij", "Tegenrekening", "Code", "Omschrijving",
    "Saldo na boeking",
]  # fmt: skip
VOLKSBANK = [  # ASN, SNS and RegioBank ("CSV 2004" and later)
    "Boekingsdatum", "Opdrachtgeversrekening", "Tegenrekeningnummer", "Naam tegenrekening", "Adres", "Postcode",
    "Plaats", "Valutasoort rekening", "Saldo rekening voor mutatie", "Valutasoort mutatie", "Transactiebedrag",
    "Journaaldatum", "Valutadatum", "Interne transactiecode", "Globale transactiecode", "Volgnummer transactie",
    "Betalingskenmerk", "Omschrijving", "Afschriftnummer",
]  # fmt: skip
# The transaction codes that mark a reversal, per layout: Triodos's ST (storno), ETST and EICO
# (a SEPA transfer's and direct debit's storno); ASN's STO. (ING's ST is a deposit, "storting".)
STORNOCODES = {"Triodos": ("code", {"st", "etst", "eico"}), "ASN": ("globaletransactiecode", {"sto"})}
ZOEK_KOP_IN_RIJEN = 30


def herken_bankkolommen(kop: list) -> dict[str, int | list[int]]:
    namen = [normaliseer(cel) for cel in kop]
    kolommen: dict = {}
    for veld, mogelijk in BANKVELDEN.items():
        for naam in mogelijk:
            if naam in namen:
                kolommen[veld] = namen.index(naam)
                break
    omschrijvingen = [namen.index(n) for n in OMSCHRIJVINGEN if n in namen]
    # "Naam / Omschrijving" (ING) is the counterparty, not the description.
    kolommen["omschrijving"] = [i for i in omschrijvingen if i != kolommen.get("tegenpartij")]
    kolommen["namen"] = namen
    return kolommen


def _tekstregels(tekst: str, scheiding: str, aanhalingsteken: str | None) -> list[list]:
    """A text export read with the separator its layout has (never guessed from its content)."""
    regels = tekst.splitlines()
    Grens().controleer(len(regels), 1)
    if aanhalingsteken:
        lezer = csv.reader(io.StringIO(tekst), delimiter=scheiding, quotechar=aanhalingsteken)
    else:
        lezer = csv.reader(io.StringIO(tekst), delimiter=scheiding, quoting=csv.QUOTE_NONE)
    try:
        rijen = [[cel.strip() or None for cel in rij] for rij in lezer]
    except csv.Error as fout:
        raise ValidationError("Dit tekstbestand kan niet worden gelezen; download het afschrift opnieuw.") from fout
    Grens().controleer(len(rijen), max((len(r) for r in rijen), default=1))
    return rijen


def _eigen_layout(inhoud: bytes, bestandsnaam: str) -> tuple[str, list[list]] | None:
    """ABN AMRO's .TAB and the Volksbank banks' CSV, read with their own separator; None otherwise."""
    if inhoud.startswith((b"PK", b"\xd0\xcf")):
        return None
    # Recognised from the first line's bytes (digits, tabs, quotes: the same in every encoding);
    # the whole text is decoded only for a file of these layouts.
    begin = inhoud[:4096].lstrip(b"\xef\xbb\xbf\r\n").split(b"\n")[0].decode("latin-1")
    velden = begin.split("\t")
    if bestandsnaam.lower().endswith(".tab") or (
        len(velden) >= 8 and velden[1].strip().upper() == "EUR" and re.fullmatch(r"\d{8}", velden[2].strip())
    ):
        return "ABN AMRO", _tekstregels(decodeer(inhoud), "\t", None)
    if re.match(r"\d{2}-\d{2}-\d{4},[^,]*,[^,]*,'", begin) and begin.count(",") >= 18:
        rijen = _tekstregels(decodeer(inhoud).lstrip("\ufeff"), ",", "'")
        return "ASN", [[(c.strip("'") or None) if c else None for c in r] for r in rijen]
    return None


def _zonder_kop(rijen: list[list]) -> tuple[str, list[str]] | None:
    """The documented header of an export that has none, recognised by its first row."""
    eerste = next((r for r in rijen if any(c is not None for c in r)), [])
    if len(eerste) >= 8 and normaliseer(eerste[1]) == "eur" and re.fullmatch(r"\d{8}", lees_tekst(eerste[2])):
        return "ABN AMRO", ABN_AMRO_TAB
    if (
        len(eerste) >= 8
        and re.fullmatch(r"\d{2}-\d{2}-\d{4}", lees_tekst(eerste[0]))
        and normaliseer(eerste[3]) in ("credit", "debet")
    ):
        return "Triodos", TRIODOS
    datum = re.fullmatch(r"\d{2}-\d{2}-\d{4}", lees_tekst(eerste[0])) if eerste else None
    if len(eerste) >= 19 and datum and lees_tekst(eerste[9]) == "EUR":
        return "ASN", VOLKSBANK
    return None


def lees_tabel(inhoud: bytes, bestandsnaam: str) -> tuple[Afschrift, list[str]]:
    eigen = _eigen_layout(inhoud, bestandsnaam)
    rijen = eigen[1] if eigen else lees_cellen(inhoud, bestandsnaam)
    kop_index, kolommen, layout = None, {}, ""
    for index, rij in enumerate(rijen[:ZOEK_KOP_IN_RIJEN]):
        gevonden = herken_bankkolommen(rij)
        if "datum" in gevonden and "bedrag" in gevonden:
            kop_index, kolommen = index, gevonden
            break
    if kop_index is None:
        kop = _zonder_kop(rijen)
        if kop is None:
            raise ValidationError(
                "In dit bankafschrift staan geen herkenbare kolommen: er moet een kopregel zijn met een datum en "
                "een bedrag (en bij voorkeur de naam en de rekening van de tegenpartij en een omschrijving). "
                "De exports van ING, Rabobank, ABN AMRO, Triodos, ASN, SNS, RegioBank, Knab en bunq, CAMT.053 en "
                "MT940 worden herkend."
            )
        layout, kop = kop
        kop_index, kolommen = -1, herken_bankkolommen(kop)
    afschrift, fouten = Afschrift(), []
    afschrift.formaat = "CSV" if not inhoud.startswith((b"PK", b"\xd0\xcf")) else "Excel"
    breedte = max(_indexen(kolommen), default=0) + 1
    for rijnummer, rij in enumerate(rijen[kop_index + 1 :], start=kop_index + 2):
        if all(cel is None for cel in rij):
            continue
        rij = list(rij) + [None] * max(0, max(breedte, len(kolommen["namen"])) - len(rij))
        plaats = f"Rij {rijnummer}"
        try:
            afschrift.append(_regel(plaats, rij, kolommen, layout))
        except ValueError as fout:
            fouten.append(f"{plaats}: {fout}")
    return afschrift, fouten


def _regel(plaats: str, rij: list, kolommen: dict, layout: str) -> Afschriftregel:
    datum = _datum(rij[kolommen["datum"]])
    bedrag = lees_bedrag(rij[kolommen["bedrag"]])
    if verboden := verboden_tekens(rij):
        raise ValueError(verboden)

    def cel(veld: str) -> str:
        return lees_tekst(rij[kolommen[veld]]) if veld in kolommen else ""

    if "afbij" in kolommen and normaliseer(rij[kolommen["afbij"]]) in ("af", "d", "debet", "debit"):
        bedrag = -abs(bedrag)
    omschrijving = " ".join(lees_tekst(rij[i]) for i in kolommen["omschrijving"] if lees_tekst(rij[i]))
    tegenpartij, rekening, referentie = cel("tegenpartij"), cel("tegenrekening"), referentie_van(cel("referentie"))
    terugboeking = bool(cel("redenretour")) and normaliseer(cel("redenretour")) not in ("nee", "no", "false", "0")
    terugboeking = terugboeking or is_terugboeking(cel("soort"))
    if layout in STORNOCODES:
        naam, codes = STORNOCODES[layout]
        terugboeking = terugboeking or normaliseer(rij[kolommen["namen"].index(naam)]) in codes
    if omschrijving.startswith("/") or _LABEL.search(omschrijving):
        # ABN AMRO (and ING in its Mededelingen) puts the counterparty in the description, as
        # /TRTP/.../NAME/... or "Naam: ... Omschrijving: ... IBAN: ... Kenmerk: ..."
        details = lees_details(omschrijving, regels_aaneen=False)
        tegenpartij, rekening = tegenpartij or details.naam, rekening or details.rekening
        omschrijving, referentie = details.omschrijving, referentie or details.referentie
        terugboeking = terugboeking or details.terugboeking
    return Afschriftregel(plaats, datum, bedrag, tegenpartij, iban(rekening), omschrijving, referentie, terugboeking)


@functools.lru_cache(maxsize=4096, typed=True)
def _datum(cel):
    """A statement has a few dates on many lines: each is read once (kern's reader tries every notation)."""
    return lees_datum(_als_jjjjmmdd(cel))


def _als_jjjjmmdd(cel):
    """ABN AMRO's Excel export holds its dates as the number 20210226."""
    if isinstance(cel, int | float) and not isinstance(cel, bool) and 19000101 <= cel <= 21001231 and cel == int(cel):
        return str(int(cel))
    return cel


def _indexen(kolommen: dict) -> list[int]:
    return [
        i
        for sleutel, waarde in kolommen.items()
        if sleutel != "namen"
        for i in (waarde if isinstance(waarde, list) else [waarde])
    ]
