"""Reading a bank statement as Dutch banks deliver it, into plain lines (date, signed amount,
counterparty, its IBAN, description, end-to-end reference, whether it is a reversal), or Dutch errors.

The formats, each with the module that reads it:
- CAMT.053 (ISO 20022 XML; ABN AMRO, BNG Bank and every other Dutch bank): `camt.py`.
- MT940 (SWIFT), read with the `mt-940` library in `swift.py`, in every Dutch bank's layout:
  ING (structured :86: with `/CNTP/`, `/EREF/`, `/REMI/`, and the older unstructured layout),
  Rabobank (`/ORDP//NAME/`, the IBAN on the :61: line's second line, `/ISDT/`), ABN AMRO
  (`/TRTP/.../IBAN/.../NAME/...` and the unstructured "IBAN: ... Naam: ..." columns), Triodos (the
  `>20`..`>31` layout and the structured one), ASN, SNS and RegioBank (the IBAN as the :61:
  reference, the name on its second line), Knab (`/TRTP/` and `REK: .../NAAM: ...`), bunq and BNG
  Bank (`/TRTP/`, `/IBAN/`, `/NAME/`). Reversals: `RC`/`RD` and a return reason `/RTRN/`.
- The CSV, text and Excel exports, in `tabellen.py`: ING (the current semicolon CSV, the comma CSV
  and the 2019 layout, Dutch and English headers), Rabobank (CSV), ABN AMRO (.TAB without a header
  row, its descriptions in either style; the Excel download), Triodos (CSV without a header row),
  ASN, SNS and RegioBank (CSV without a header row), Knab (CSV) and bunq (CSV, Dutch or English
  headers). Reversals: Rabobank's "Reden retour", a "Terugboeking"/"Storno" type or column,
  Triodos's ST/ETST/EICO and ASN's STO codes.
The counterparty's name and IBAN and the description are taken from the bank's own words in
`teksten.py`, so one payment read from CSV and from MT940 gives the same date, amount, IBAN and
reference.
"""

import re

from django.conf import settings
from django.core.exceptions import ValidationError

from kern.bestanden import begrens_afschrift

from .afschrift import Afschrift, Afschriftregel
from .camt import lees_camt
from .swift import lees_mt940
from .tabellen import lees_tabel
from .teksten import Details, lees_details

__all__ = ["Afschrift", "Afschriftregel", "Details", "lees_afschrift", "lees_details"]


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
        return lees_camt(inhoud)
    if re.search(rb"^:20:", begin, re.MULTILINE) or re.search(rb"^\{1:", begin):
        return lees_mt940(inhoud)
    return lees_tabel(inhoud, bestandsnaam)
