"""MT940 (SWIFT customer statement) as the Dutch banks write it, read with the `mt-940` library.

What the library is told, and why:
- a reversal mark `RC` (reversal of a credit: money going out) is negative and `RD` positive
  (`Options(reversal_sign=True)`; left alone the library keeps `RC` positive), and a line with
  either mark, or with a return reason `/RTRN/` in :86: (ING writes no RC/RD marks), is a reversal;
- the :61: line takes a reference of up to 34 characters, so ASN's and SNS's lines that carry the
  counterparty's IBAN there, with the name on a second line, are read instead of refused;
- an :86: that follows the closing balance belongs to the statement, not to its last line (ING's
  `/SUM/` totals, the old layout's `D000004C000002...`), and is dropped before parsing;
- a :61: without a transaction type still starts a line of its own, and each line's :86: text is
  taken as the bank wrote it (the library strips the spaces that end a line);
- the library logs every line it matches, and logs an error for one it cannot: each tag's logger
  is replaced by a silent one, so none of that reaches a command's output or the server's log.
"""

import datetime
import logging
import re
from dataclasses import replace
from decimal import Decimal

import mt940
from django.core.exceptions import ValidationError

from kern.bestanden import decodeer
from kern.cellen import lees_bedrag

from .afschrift import Afschrift, Afschriftregel
from .teksten import Details, iban, lees_details, referentie_van

# A logger outside logging's registry: no configuration (Django's LOGGING, a test's) turns it back
# on, and being disabled it never reaches logging's last-resort handler on stderr either.
_STIL = logging.Logger("mt940 (stil)", level=logging.CRITICAL + 1)
_STIL.disabled = True
_STIL.propagate = False

OPTIES = mt940.Options(
    reversal_sign=True, case_insensitive_marks=True, strip_bom=True, unbounded_details=True, merge_keeps_values=True
)


class Afschriftregel61(mt940.tags.Statement):
    """:61: with a reference of up to 34 characters (ASN, SNS and RegioBank put an IBAN there) and
    a second line kept whole (Rabobank's counterparty IBAN, ASN's counterparty name)."""

    pattern = r"""^
    (?P<year>\d{2})(?P<month>\d{2})(?P<day>\d{2})
    (?P<entry_month>\d{2}|\s{2})?(?P<entry_day>\d{2}|\s{2})?
    (?P<status>R?[DC])
    (?P<funds_code>[A-Z])?
    [\n ]?
    (?P<amount>[\d,]{1,15})
    (?P<id>[A-Z][A-Z0-9 ]{3})?
    (?P<customer_reference>((?!//)[^\n]){0,34})
    (//(?P<bank_reference>[^\n]{0,34}))?
    (\n(?P<extra_details>[\s\S]*))?
    $"""

    def __call__(self, transactions, value):
        data = super().__call__(transactions, value)
        # The library starts a new line only at a :61: with a transaction type; without one, the
        # next :61: would silently overwrite this one. NMSC is SWIFT's "miscellaneous".
        data["id"] = data.get("id") or "NMSC"
        return data


_TAG = re.compile(r"^:(\d{2}[A-Z]?|NS):", re.MULTILINE)
_SLOT = {"62F", "62M", "62", "64", "65"}
_GEEN_REFERENTIES = {"NONREF", "EREF", "MARF", "PREF", "NOTPROVIDED", ""}
# An account number as ASN, SNS and Triodos write it (checked or not: test files hold made-up ones).
_IBAN_VORM = re.compile(r"[A-Z]{2}\d{2}[A-Z0-9]{10,30}")


def zonder_slotinformatie(tekst: str) -> str:
    """The statement without the :86: fields that follow a closing balance: they describe the
    statement (ING's /SUM/), and the library would add them to the last line's description."""
    stukken, vorige, begin = [], None, 0
    for gevonden in _TAG.finditer(tekst):
        if gevonden.group(1) == "86" and vorige in _SLOT:
            stukken.append(tekst[begin : gevonden.start()])
            volgende = _TAG.search(tekst, gevonden.end())
            begin = volgende.start() if volgende else len(tekst)
            # Keep a trailer ("-", "-}") that followed the dropped field.
            rest = tekst[gevonden.end() : begin]
            if re.search(r"^-", rest, re.MULTILINE):
                stukken.append(rest[re.search(r"^-", rest, re.MULTILINE).start() :])
        if gevonden.start() >= begin:
            vorige = gevonden.group(1)
    stukken.append(tekst[begin:])
    return "".join(stukken)


def ruwe_omschrijvingen(tekst: str) -> list[str]:
    """The :86: text of each :61: line exactly as the bank wrote it. The library strips each line's
    trailing spaces, and a field cut at 65 characters on a space (a reference such as Rabobank's
    `/EREF/08-12-2015 10:22 0030001100999991`) would come out with two words run together."""
    ruw, vorige = [], None
    gevonden = list(_TAG.finditer(tekst))
    for index, tag in enumerate(gevonden):
        naam = tag.group(1)
        if naam == "61":
            ruw.append(None)
        elif naam == "86" and ruw and vorige in ("61", "86"):
            einde = gevonden[index + 1].start() if index + 1 < len(gevonden) else len(tekst)
            waarde = tekst[tag.end() : einde]
            if index + 1 == len(gevonden):
                waarde = re.sub(r"\n-[\s\S]*$", "", waarde)  # the trailer after the last field
            waarde = waarde.rstrip("\n")
            ruw[-1] = waarde if ruw[-1] is None else f"{ruw[-1]}\n{waarde}"
        vorige = naam
    return [waarde or "" for waarde in ruw]


def lees_mt940(inhoud: bytes) -> tuple[Afschrift, list[str]]:
    tekst = zonder_slotinformatie(decodeer(inhoud).replace("\r\n", "\n").replace("\r", "\n"))
    tag = Afschriftregel61()
    transacties = mt940.models.Transactions(processors={"post_transaction": []}, tags={tag.id: tag}, options=OPTIES)
    for gebruikt in transacties.tags.values():
        gebruikt.logger = _STIL  # the tag's own logger logs every match at DEBUG and a failure at ERROR
    try:
        transacties.parse(tekst)
    except Exception as fout:  # the library raises plain errors on a malformed line; the user needs only this
        raise ValidationError(
            "Dit MT940-bestand kan niet worden gelezen; download het afschrift opnieuw als MT940 (SWIFT)."
        ) from fout
    afschrift, fouten = Afschrift(), []
    afschrift.formaat = "MT940"
    ruw = ruwe_omschrijvingen(tekst)
    if len(ruw) != len(transacties):  # a layout this reader does not foresee: the library's text
        ruw = [transactie.data.get("transaction_details") or "" for transactie in transacties]
    for nummer, (transactie, omschrijving) in enumerate(zip(transacties, ruw, strict=True), start=1):
        plaats = f"Transactie {nummer}"
        try:
            afschrift.append(_regel(plaats, transactie.data, omschrijving))
        except ValueError as fout:
            fouten.append(f"{plaats}: {fout}")
    if not afschrift and not fouten:
        raise ValidationError("In dit MT940-afschrift staan geen boekingen.")
    return afschrift, fouten


def _regel(plaats: str, data: dict, omschrijving: str) -> Afschriftregel:
    bedrag, datum = data.get("amount"), data.get("entry_date") or data.get("date")
    if bedrag is None or datum is None:
        raise ValueError("datum of bedrag ontbreekt")
    if (bedrag.currency or "EUR").upper() != "EUR":
        raise ValueError(f"het bedrag is in {bedrag.currency}; alleen euro's worden ingelezen")
    status = (data.get("status") or "").upper()
    waarde = lees_bedrag(abs(Decimal(bedrag.amount)))
    # D (debit) and RC (reversal of a credit) take money out; C and RD put it in.
    if status in ("D", "RC"):
        waarde = -waarde
    details = _details(data, omschrijving)
    return Afschriftregel(
        plaats,
        datetime.date(datum.year, datum.month, datum.day),
        waarde,
        details.naam,
        iban(details.rekening),
        details.omschrijving,
        referentie=details.referentie or _referentie_61(data.get("customer_reference")),
        terugboeking=status in ("RC", "RD") or details.terugboeking or _triodos_storno(data, omschrijving),
    )


def _details(data: dict, tekst: str) -> Details:
    """The :86: field, read in whichever layout the bank wrote it; the :61: line's second line
    gives what :86: leaves out (Rabobank's counterparty IBAN, ASN's counterparty name)."""
    referentie_61 = (data.get("customer_reference") or "").strip()
    tweede_regel = " ".join((data.get("extra_details") or "").split())
    if re.match(r"\d{3}>", tekst):
        details = _lees_triodos(tekst)
    elif _IBAN_VORM.fullmatch(referentie_61) and not re.match(r"\s*/", tekst):
        details = _lees_volksbank(tekst, referentie_61, tweede_regel)
    elif re.search(r"^REK: ", tekst, re.MULTILINE):
        details = _lees_knab_oud(tekst)
    else:
        details = lees_details(tekst, regels_aaneen=bool(re.match(r"\s*/", tekst)))
        oud = re.match(r"\s*(\d{7,10}) +([^\n]+)\n?([\s\S]*)", tekst)
        if oud and not details.naam:
            # The unstructured layout of before IBAN (ING, ABN AMRO): account number and name first.
            details = replace(details, naam=oud.group(2).strip(), omschrijving=" ".join(oud.group(3).split()))
    eerste_woord = tweede_regel.split(" ")[0] if tweede_regel else ""
    if not details.rekening and iban(eerste_woord):
        details = replace(details, rekening=eerste_woord)
    return details


def _triodos_storno(data: dict, omschrijving: str) -> bool:
    """Triodos's transaction type ST (storno) in its :61: line, e.g. `NST NONREF`."""
    return re.match(r"\d{3}>", omschrijving) is not None and ((data.get("id") or "").strip().upper() == "NST")


def _referentie_61(referentie: str | None) -> str:
    """The :61: reference when it is one: not a keyword (NONREF, EREF), not an account number
    (ASN and SNS write the counterparty's IBAN there), not a date and time (Knab)."""
    referentie = (referentie or "").strip()
    if referentie.upper() in _GEEN_REFERENTIES or " " in referentie or _IBAN_VORM.fullmatch(referentie):
        return ""
    if referentie.isdigit():  # an old account number
        return ""
    return referentie_van(referentie)


def _lees_triodos(tekst: str) -> Details:
    """Triodos: `000>100000000000` then `>20BIC`, `>21IBAN` and the name and description in pieces
    of 27 characters from `>22` on (from `>20` when there is no BIC and IBAN), and `>31` its own
    account. The name and the description are one text in this layout: both get it whole."""
    velden = dict(re.findall(r">(\d{2})([^>]*)", tekst.replace("\n", "")))
    rekening = velden.get("21", "").strip()
    if _IBAN_VORM.fullmatch(rekening):  # >20 holds the BIC
        stukken = [velden[k] for k in sorted(velden) if "22" <= k <= "29"]
    else:
        rekening = ""
        stukken = [velden[k] for k in sorted(velden) if "20" <= k <= "29"]
    tekst = " ".join("".join(stukken).split())
    return Details(naam=tekst, rekening=rekening, omschrijving=tekst)


def _lees_volksbank(tekst: str, rekening: str, naam: str) -> Details:
    """ASN, SNS and RegioBank: the :61: reference is the counterparty's IBAN, its second line the
    name; :86: repeats both on its first line and the description follows in padded lines. A
    structured description inside (`/TRTP/...`) is read as such."""
    regels = [r.strip() for r in tekst.split("\n")]
    eerste = regels[0] if regels else ""
    if eerste.upper().startswith(rekening.upper()):
        eerste = eerste[len(rekening) :].strip()
    rest = "".join(regels[1:]) if any(re.match(r"/\w+/", r) for r in regels[1:]) else " ".join(regels[1:])
    gestructureerd = lees_details(rest)
    return Details(
        naam=naam or eerste or gestructureerd.naam,
        rekening=rekening,
        omschrijving=" ".join(gestructureerd.omschrijving.split()),
        referentie=gestructureerd.referentie,
        terugboeking=gestructureerd.terugboeking,
    )


def _lees_knab_oud(tekst: str) -> Details:
    """Knab's older layout: the description, then `REK: NL.../NAAM: ...`."""
    gevonden = re.search(r"^REK: ([^/\n]*)/NAAM: (.*)$", tekst, re.MULTILINE)
    omschrijving = " ".join(tekst[: gevonden.start()].split()) if gevonden else " ".join(tekst.split())
    if not gevonden:
        return Details(omschrijving=omschrijving)
    return Details(naam=gevonden.group(2).strip(), rekening=gevonden.group(1).strip(), omschrijving=omschrijving)
