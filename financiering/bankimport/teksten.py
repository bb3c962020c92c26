"""The text of a statement line as the Dutch banks write it, taken apart into the counterparty's
name and IBAN, the end-to-end reference, whether it is a reversal, and the description without
the format's own words.

Two styles exist besides plain text:
- code words, `/TRTP/SEPA OVERBOEKING/IBAN/NL.../NAME/.../REMI/.../EREF/...` (MT940 :86: of ABN
  AMRO, Knab, bunq, BNG and in ABN AMRO's .TAB; ING's and Triodos's `/CNTP/IBAN/BIC/NAME/CITY/`;
  Rabobank's `/ORDP//NAME/...` and its settlement date `/ISDT/`), after the format descriptions of
  ING (MT940 Structured v4, 2018), Rabobank (MT940 Structured 1.1, 2013) and ABN AMRO
  ("Gevolgen SEPA voor MT940/942" 1.4, 2014);
- labels, `SEPA Overboeking IBAN: NL... BIC: ... Naam: ... Omschrijving: ... Kenmerk: ...` (ABN
  AMRO's .TAB and unstructured MT940 in columns of 32 characters, ING's "Mededelingen").
"""

import functools
import re
from dataclasses import dataclass

from kern.iban import iban_of_leeg

# Every code word the banks' descriptions name; a word not listed stays part of the text before it.
CODEWOORDEN = (
    "TRTP", "RTYP", "CNTP", "IBAN", "BBAN", "BIC", "NAME", "REMI", "EREF", "MARF", "CSID", "ORDP",
    "BENM", "ADDR", "TRCD", "RTRN", "PREF", "NRTX", "PIND", "ULTC", "ULTD", "ULTB", "PURP", "SWOD",
    "ISDT", "CREF", "IREF", "EXCH", "CHGS", "OCMT", "SUM", "ACCW", "RREF", "ID",
)  # fmt: skip
_CODEWOORD = re.compile(r"/(" + "|".join(CODEWOORDEN) + r")/")
# The labels of the text style, longest first so "Machtiging ID" wins over "Machtiging".
LABELS = (
    "Omschrijving", "Betalingskenm.", "Betalingskenmerk", "Machtiging ID", "Machtiging", "Incassant ID",
    "Incassant", "Valutadatum", "Datum/Tijd", "Pasvolgnr", "Transactie", "Kenmerk", "Naam", "IBAN",
    "BIC", "Term", "Reden retour", "Reden",
)  # fmt: skip
_LABEL = re.compile(r"(?<![\w.])(" + "|".join(re.escape(label) for label in LABELS) + r"):", re.IGNORECASE)
GEEN_REFERENTIE = {"", "NOTPROVIDED", "NONREF", "NOTAVAILABLE", "NONE"}
# The words a bank gives a reversal in its transaction type (ABN AMRO's /TRTP/, a CSV's type column).
_TERUGBOEKING = re.compile(r"terugboeking|storno|correctieboeking|\breversal\b|\breturn\b", re.IGNORECASE)


@dataclass(frozen=True)
class Details:
    naam: str = ""
    rekening: str = ""  # as written: an IBAN or an old account number, checked by the caller
    omschrijving: str = ""
    referentie: str = ""
    terugboeking: bool = False


@functools.lru_cache(maxsize=4096)
def iban(tekst: str) -> str:
    """`kern.iban.iban_of_leeg`, once per account: a statement names the same few accounts often."""
    return iban_of_leeg(tekst)


def referentie_van(tekst: str) -> str:
    """An end-to-end reference, or "" for the words banks write when there is none."""
    tekst = " ".join((tekst or "").split()).strip("/ ")
    return "" if tekst.replace(" ", "").upper() in GEEN_REFERENTIE else tekst


def is_terugboeking(soort: str) -> bool:
    """Whether a transaction type ("SEPA Terugboeking", "Storno") names a reversal."""
    return bool(_TERUGBOEKING.search(soort or ""))


def lees_details(tekst: str, *, regels_aaneen: bool = True) -> Details:
    """Name, account, description, reference and reversal from a description in any of the styles.
    `regels_aaneen`: the lines were cut at a fixed width (MT940), so they join without a space."""
    tekst = (tekst or "").replace("\r", "")
    if _CODEWOORD.search(tekst):
        return lees_codewoorden(tekst.replace("\n", "") if regels_aaneen else " ".join(tekst.split("\n")))
    tekst = " ".join(tekst.split())
    if _LABEL.search(tekst):
        return lees_labels(tekst)
    return Details(omschrijving=tekst)


def lees_codewoorden(tekst: str) -> Details:
    """`/TRTP/.../IBAN/.../NAME/.../REMI/...`, `/CNTP/IBAN/BIC/NAME/CITY/`, `/ORDP//NAME/...`."""
    delen = _CODEWOORD.split(tekst)
    velden: dict[str, str] = {}
    for sleutel, waarde in zip(delen[1::2], delen[2::2], strict=True):
        velden.setdefault(sleutel, waarde.strip())
    naam, rekening = velden.get("NAME", ""), velden.get("IBAN", "") or velden.get("BBAN", "")
    if "CNTP" in velden:  # IBAN/BIC/NAME/CITY
        cntp = velden["CNTP"].split("/")
        rekening = rekening or cntp[0]
        naam = naam or (cntp[2] if len(cntp) > 2 else "")
    return Details(
        naam=" ".join(naam.strip("/ ").split()),
        rekening=rekening.strip("/ "),
        omschrijving=_remi(velden.get("REMI", "")),
        referentie=referentie_van(velden.get("EREF", "")),
        terugboeking=bool(velden.get("RTRN", "").strip("/ ") or velden.get("RTYP", "").strip("/ "))
        or is_terugboeking(velden.get("TRTP", "")),
    )


def _remi(remi: str) -> str:
    """The remittance information: unstructured text, or the payment reference (betalingskenmerk)
    of a structured one (`STRD/CUR/1234...`, Rabobank's `/CDTRREFTP//CD/SCOR/ISSR/CUR/CDTRREF/1234`)."""
    remi = remi.strip()
    kenmerk = re.search(r"CDTRREF/([^/]+)", remi) or re.match(r"STRD/+(?:[A-Z]{3,4}/+)?([^/]+)", remi)
    if kenmerk:
        return kenmerk.group(1).strip()
    remi = re.sub(r"^USTD/+", "", remi)
    return " ".join(remi.strip("/ ").split())


def lees_labels(tekst: str) -> Details:
    """`SEPA Overboeking IBAN: NL... BIC: ... Naam: ... Omschrijving: ... Kenmerk: ...`."""
    delen = _LABEL.split(tekst)
    soort = delen[0].strip()
    velden: dict[str, str] = {}
    for sleutel, waarde in zip(delen[1::2], delen[2::2], strict=True):
        velden.setdefault(sleutel.lower(), " ".join(waarde.split()))
    omschrijving = velden.get("omschrijving") or velden.get("betalingskenm.") or velden.get("betalingskenmerk")
    return Details(
        naam=velden.get("naam", ""),
        rekening=velden.get("iban", ""),
        omschrijving=omschrijving or (soort if not velden.get("naam") else ""),
        referentie=referentie_van(velden.get("kenmerk", "")),
        terugboeking=is_terugboeking(soort) or bool(velden.get("reden retour")),
    )
