"""Reading a bank statement as Dutch banks deliver it, into plain lines (date, signed amount,
counterparty, its IBAN, description), or Dutch errors.

- CAMT.053 (ISO 20022 XML, every Dutch bank): read with defusedxml, whatever the version.
- MT940 (SWIFT): the `mt-940` library reads the statement lines; the Dutch banks put the
  counterparty and the description in the structured :86: field (`/CNTP/`, `/REMI/`, or ABN AMRO's
  `/TRTP/.../IBAN/.../NAME/...`), read below.
- The CSV and Excel exports of ING, Rabobank, ABN AMRO and Triodos, read by `kern.bestanden.lees_cellen`.
  Columns are recognised by their names, whatever their order; ABN AMRO's .TAB and Triodos's CSV
  come without a header row and are recognised by their documented layout.
"""

import datetime
import re
from dataclasses import dataclass
from decimal import Decimal

import mt940
from defusedxml import ElementTree
from defusedxml.common import DefusedXmlException
from django.conf import settings
from django.core.exceptions import ValidationError

from kern.bestanden import begrens_afschrift, decodeer, lees_cellen
from kern.cellen import lees_bedrag, lees_datum, lees_tekst, normaliseer, verboden_tekens
from kern.iban import iban_of_leeg


@dataclass(frozen=True)
class Afschriftregel:
    plaats: str  # where in the file, for an error message: "Rij 4", "Post 2", "Transactie 3"
    datum: datetime.date
    bedrag: Decimal  # negative for money going out
    tegenpartij: str
    tegenrekening: str  # a valid IBAN in its compact form, or ""
    omschrijving: str
    # The end-to-end reference where the format carries one (CAMT.053 EndToEndId, MT940 /EREF/,
    # a CSV's "Referentie"), "" otherwise: with date, amount and IBAN it tells one payment from another.
    referentie: str = ""
    # A reversal (MT940 RC/RD, CAMT.053 RvslInd, a bank's "Terugboeking"/storno row) of an earlier
    # line; its amount is signed as the bank books it (a storno of a receipt is negative).
    terugboeking: bool = False


class Afschrift(list):
    """The lines of a statement, and the name of the format they were read from."""

    formaat = ""


def lees_afschrift(inhoud: bytes, bestandsnaam: str) -> tuple[Afschrift, list[str]]:
    """The statement's lines and the errors (each "Rij 4: ..."), whatever its format."""
    if not inhoud:
        raise ValidationError("Het bestand is leeg.")
    if len(inhoud) > settings.IMPORT_MAX_BYTES:
        raise ValidationError(
            f"Het bestand is groter dan het maximum van {settings.IMPORT_MAX_BYTES // 1024 // 1024} MB."
        )
    begrens_afschrift(inhoud)  # statements, entries, field length and no XML entities, before a parser runs
    begin = inhoud[:2048].lstrip(b"\xef\xbb\xbf \t\r\n")
    if begin.startswith(b"<"):
        return _lees_camt(inhoud)
    if re.search(rb"^:20:", begin, re.MULTILINE) or re.search(rb"^\{1:", begin):
        return _lees_mt940(inhoud)
    return _lees_tabel(inhoud, bestandsnaam)


# -- CAMT.053 ----------------------------------------------------------------------------------
def _tekst(element, pad: str) -> str:
    gevonden = element.find(pad) if element is not None else None
    return (gevonden.text or "").strip() if gevonden is not None and gevonden.text else ""


def _lees_camt(inhoud: bytes) -> tuple[Afschrift, list[str]]:
    try:
        wortel = ElementTree.fromstring(inhoud)
    except (ElementTree.ParseError, DefusedXmlException, ValueError) as fout:
        raise ValidationError("Dit XML-bestand kan niet worden gelezen; is het een CAMT.053-afschrift?") from fout
    if wortel.find("{*}BkToCstmrStmt") is None:
        raise ValidationError(
            "Dit XML-bestand is geen CAMT.053-bankafschrift (BkToCstmrStmt); download het afschrift als CAMT.053."
        )
    afschrift, fouten = Afschrift(), []
    afschrift.formaat = "CAMT.053"
    for nummer, post in enumerate(wortel.iterfind("{*}BkToCstmrStmt/{*}Stmt/{*}Ntry"), start=1):
        plaats = f"Post {nummer}"
        try:
            datum = lees_datum(
                (
                    _tekst(post, "{*}BookgDt/{*}Dt")
                    or _tekst(post, "{*}BookgDt/{*}DtTm")
                    or _tekst(post, "{*}ValDt/{*}Dt")
                )
                or None
            )
            bedrag = lees_bedrag(_tekst(post, "{*}Amt") or None)
        except ValueError as fout:
            fouten.append(f"{plaats}: {fout}")
            continue
        munt = post.find("{*}Amt").get("Ccy", "EUR")
        if munt != "EUR":
            fouten.append(f"{plaats}: het bedrag is in {munt}; alleen euro's worden ingelezen")
            continue
        af = _tekst(post, "{*}CdtDbtInd") == "DBIT"
        details = post.findall("{*}NtryDtls/{*}TxDtls") or [None]
        for detail in details:
            deelbedrag = bedrag
            if len(details) > 1:
                try:
                    deelbedrag = lees_bedrag(
                        _tekst(detail, "{*}AmtDtls/{*}TxAmt/{*}Amt") or _tekst(detail, "{*}Amt") or None
                    )
                except ValueError as fout:
                    fouten.append(f"{plaats}: {fout}")
                    continue
            partij = "Cdtr" if af else "Dbtr"
            naam = _tekst(detail, f"{{*}}RltdPties/{{*}}{partij}/{{*}}Nm") or _tekst(
                detail, f"{{*}}RltdPties/{{*}}{partij}/{{*}}Pty/{{*}}Nm"
            )
            rekening = _tekst(detail, f"{{*}}RltdPties/{{*}}{partij}Acct/{{*}}Id/{{*}}IBAN")
            teksten = []
            if detail is not None:
                teksten = [
                    (e.text or "").strip()
                    for pad in ("{*}RmtInf/{*}Ustrd", "{*}RmtInf/{*}Strd/{*}CdtrRefInf/{*}Ref")
                    for e in detail.iterfind(pad)
                ]
            omschrijving = " ".join(t for t in teksten if t) or _tekst(post, "{*}AddtlNtryInf")
            afschrift.append(
                Afschriftregel(
                    plaats,
                    datum,
                    -abs(deelbedrag) if af else abs(deelbedrag),
                    naam,
                    iban_of_leeg(rekening),
                    omschrijving,
                )
            )
    if not afschrift and not fouten:
        raise ValidationError("In dit CAMT.053-afschrift staan geen boekingen.")
    return afschrift, fouten


# -- MT940 -------------------------------------------------------------------------------------
# The sub-fields the Dutch banks write in :86:, e.g. /CNTP/NL91ABNA0417164300/ABNANL2A/ROC VAN TWENTE//
SUBVELDEN = ("TRTP", "CNTP", "IBAN", "BIC", "NAME", "REMI", "EREF", "MARF", "CSID", "ORDP", "BENM", "ADDR", "TRCD")


def lees_86(tekst: str) -> tuple[str, str, str]:
    """(name, IBAN, description) from a structured :86: field; unstructured text is the description."""
    tekst = tekst.replace("\r", "").replace("\n", "")
    patroon = r"/(" + "|".join(SUBVELDEN) + r")/"
    delen = re.split(patroon, tekst)
    if len(delen) < 3:
        return "", "", tekst.strip()
    velden: dict[str, str] = {}
    for sleutel, waarde in zip(delen[1::2], delen[2::2], strict=True):
        velden.setdefault(sleutel, waarde.strip().strip("/"))
    naam, rekening = velden.get("NAME", ""), velden.get("IBAN", "")
    if "CNTP" in velden:  # IBAN/BIC/NAME/CITY
        cntp = velden["CNTP"].split("/")
        rekening = rekening or cntp[0]
        naam = naam or (cntp[2] if len(cntp) > 2 else "")
    omschrijving = velden.get("REMI", "")
    omschrijving = re.sub(r"^(USTD|STRD)/+(CUR/)?(\w*/+)?", "", omschrijving) if omschrijving else ""
    return naam.strip(), rekening.strip(), (omschrijving or velden.get("EREF", "")).strip("/ ")


def _lees_mt940(inhoud: bytes) -> tuple[Afschrift, list[str]]:
    tekst = decodeer(inhoud)  # kern's one reader of encodings, as for every other file
    transacties = mt940.models.Transactions(processors={"post_transaction": []})
    try:
        transacties.parse(tekst)
    except Exception as fout:  # the library raises plain errors on a malformed line; the user needs only this
        raise ValidationError(
            "Dit MT940-bestand kan niet worden gelezen; download het afschrift opnieuw als MT940 (SWIFT)."
        ) from fout
    afschrift, fouten = Afschrift(), []
    afschrift.formaat = "MT940"
    for nummer, transactie in enumerate(transacties, start=1):
        data = transactie.data
        plaats = f"Transactie {nummer}"
        bedrag = data.get("amount")
        if bedrag is None or data.get("date") is None:
            fouten.append(f"{plaats}: datum of bedrag ontbreekt")
            continue
        if (bedrag.currency or "EUR") != "EUR":
            fouten.append(f"{plaats}: het bedrag is in {bedrag.currency}; alleen euro's worden ingelezen")
            continue
        datum = data["date"]
        try:
            waarde = lees_bedrag(Decimal(bedrag.amount))
        except ValueError as fout:
            fouten.append(f"{plaats}: {fout}")
            continue
        naam, rekening, omschrijving = lees_86(data.get("transaction_details") or "")
        afschrift.append(
            Afschriftregel(
                plaats,
                datetime.date(datum.year, datum.month, datum.day),
                waarde,
                naam,
                iban_of_leeg(rekening),
                omschrijving,
            )
        )
    if not afschrift and not fouten:
        raise ValidationError("In dit MT940-afschrift staan geen boekingen.")
    return afschrift, fouten


# -- CSV and Excel exports ---------------------------------------------------------------------
# field -> the names it goes by (normalised), in order of preference; the first present wins.
BANKVELDEN = {
    "datum": (
        "datum",
        "boekdatum",
        "boekingsdatum",
        "transactiedatum",
        "transactiondate",
        "date",
        "rentedatum",
        "valuedate",
    ),
    "bedrag": ("bedrageur", "bedrag", "transactiebedrag", "bedragineuro", "amount"),
    "afbij": ("afbij", "bijaf", "creditdebet", "debetcredit", "afbijcreditdebet"),
    "tegenpartij": ("naamtegenpartij", "naamomschrijving", "tegenpartij", "naam", "tegenrekeninghouder"),
    "tegenrekening": ("tegenrekeningibanbban", "tegenrekening", "ibantegenpartij", "tegenrekeningiban"),
}
# Every one of these that the file has makes up the description, in this order: Rabobank's
# Omschrijving-1..3 before its (usually empty) Betalingskenmerk.
OMSCHRIJVINGEN = (
    "omschrijving1",
    "omschrijving2",
    "omschrijving3",
    "omschrijving",
    "mededelingen",
    "mededeling",
    "description",
    "betalingskenmerk",
)
# The documented layouts of the exports without a header row.
ABN_AMRO_TAB = [
    "Rekeningnummer",
    "Muntsoort",
    "Transactiedatum",
    "Beginsaldo",
    "Eindsaldo",
    "Rentedatum",
    "Transactiebedrag",
    "Omschrijving",
]
TRIODOS = [
    "Datum",
    "Rekeningnummer",
    "Bedrag",
    "Af Bij",
    "Naam tegenpartij",
    "Tegenrekening",
    "Code",
    "Omschrijving",
    "Saldo na boeking",
]
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
    return kolommen


def _zonder_kop(rijen: list[list]) -> list[str] | None:
    """The documented header of an export that has none, recognised by its first row."""
    eerste = next((r for r in rijen if any(c is not None for c in r)), [])
    if len(eerste) >= 8 and normaliseer(eerste[1]) == "eur" and re.fullmatch(r"\d{8}", lees_tekst(eerste[2])):
        return ABN_AMRO_TAB
    if (
        len(eerste) >= 8
        and re.fullmatch(r"\d{2}-\d{2}-\d{4}", lees_tekst(eerste[0]))
        and normaliseer(eerste[3]) in ("credit", "debet")
    ):
        return TRIODOS
    return None


def _lees_tabel(inhoud: bytes, bestandsnaam: str) -> tuple[Afschrift, list[str]]:
    if bestandsnaam.lower().endswith(".tab"):  # ABN AMRO's tab-separated text export
        bestandsnaam += ".txt"
    rijen = lees_cellen(inhoud, bestandsnaam)
    kop_index, kolommen = None, {}
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
                "De exports van ING, Rabobank, ABN AMRO en Triodos, CAMT.053 en MT940 worden herkend."
            )
        kop_index, kolommen = -1, herken_bankkolommen(kop)
    afschrift, fouten = Afschrift(), []
    afschrift.formaat = "CSV" if not inhoud.startswith((b"PK", b"\xd0\xcf")) else "Excel"
    for rijnummer, rij in enumerate(rijen[kop_index + 1 :], start=kop_index + 2):
        if all(cel is None for cel in rij):
            continue
        rij = list(rij) + [None] * (max(_indexen(kolommen), default=0) + 1 - len(rij))
        plaats = f"Rij {rijnummer}"
        try:
            datum = lees_datum(_als_jjjjmmdd(rij[kolommen["datum"]]))
            bedrag = lees_bedrag(rij[kolommen["bedrag"]])
        except ValueError as fout:
            fouten.append(f"{plaats}: {fout}")
            continue
        if verboden := verboden_tekens(rij):
            fouten.append(f"{plaats}: {verboden}")
            continue
        if "afbij" in kolommen and normaliseer(rij[kolommen["afbij"]]) in ("af", "d", "debet", "debit"):
            bedrag = -abs(bedrag)
        omschrijving = " ".join(lees_tekst(rij[i]) for i in kolommen["omschrijving"] if lees_tekst(rij[i]))
        tegenpartij = lees_tekst(rij[kolommen["tegenpartij"]]) if "tegenpartij" in kolommen else ""
        rekening = lees_tekst(rij[kolommen["tegenrekening"]]) if "tegenrekening" in kolommen else ""
        if omschrijving.startswith("/") or "IBAN:" in omschrijving or "Naam:" in omschrijving:
            # ABN AMRO (and ING in its Mededelingen) puts the counterparty in the description, as
            # /TRTP/.../NAME/... or "Naam: ... Omschrijving: ... IBAN: ..."
            naam, iban, rest = _lees_abn_omschrijving(omschrijving)
            tegenpartij, rekening, omschrijving = tegenpartij or naam, rekening or iban, rest
        afschrift.append(Afschriftregel(plaats, datum, bedrag, tegenpartij, iban_of_leeg(rekening), omschrijving))
    return afschrift, fouten


def _als_jjjjmmdd(cel):
    """ABN AMRO's Excel export holds its dates as the number 20210226."""
    if isinstance(cel, int | float) and not isinstance(cel, bool) and 19000101 <= cel <= 21001231 and cel == int(cel):
        return str(int(cel))
    return cel


def _indexen(kolommen: dict) -> list[int]:
    return [i for waarde in kolommen.values() for i in (waarde if isinstance(waarde, list) else [waarde])]


def _lees_abn_omschrijving(tekst: str) -> tuple[str, str, str]:
    """ABN AMRO's (and ING's Mededelingen) description: `/TRTP/SEPA OVERBOEKING/IBAN/NL.../NAME/.../REMI/...` or
    `SEPA Overboeking IBAN: NL... BIC: ... Naam: ... Omschrijving: ...`."""
    if tekst.startswith("/"):
        return lees_86(tekst)
    velden = {
        sleutel.lower(): waarde.strip()
        for sleutel, waarde in re.findall(
            r"(IBAN|BIC|Naam|Omschrijving|Kenmerk|Valutadatum|Machtiging ID|Incassant ID):\s*(.*?)"
            r"(?=\s+(?:IBAN|BIC|Naam|Omschrijving|Kenmerk|Valutadatum|Machtiging ID|Incassant ID):|$)",
            tekst,
        )
    }
    if not velden:
        return "", "", tekst
    return velden.get("naam", ""), velden.get("iban", ""), velden.get("omschrijving") or velden.get("kenmerk") or tekst
