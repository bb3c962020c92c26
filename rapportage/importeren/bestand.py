"""Reading an uploaded bookkeeping file into a grid of raw cells, or refusing it in Dutch.

The file is recognised by its first bytes, not by its name: a PDF renamed to .xlsx is refused as
what it is. Spreadsheets are read with pandas (calamine engine), CSV with pandas after sniffing the
separator and the encoding. The header row is found later (`kolommen.py`), so nothing here
assumes where the data starts.
"""

import csv
import io
from pathlib import Path

import pandas as pd
from django.conf import settings
from django.core.exceptions import ValidationError

ZIP = b"PK\x03\x04"
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old .xls, and also the wrapper of an encrypted .xlsx
ANDERE_SOORTEN = {b"%PDF": "een PDF", b"\x89PNG": "een afbeelding (PNG)", b"\xff\xd8\xff": "een afbeelding (JPEG)"}
EXTENSIES = (".xlsx", ".xls", ".csv", ".txt")


def lees_cellen(inhoud: bytes, bestandsnaam: str) -> list[list]:
    """The file's first sheet as rows of raw cell values (None for an empty cell)."""
    if not inhoud:
        raise ValidationError("Het bestand is leeg.")
    limiet = settings.IMPORT_MAX_BYTES
    if len(inhoud) > limiet:
        raise ValidationError(
            f"Het bestand is {len(inhoud) / 1024 / 1024:.1f} MB; het maximum is {limiet // 1024 // 1024} MB.".replace(
                ".", ",", 1
            )
        )
    extensie = Path(bestandsnaam).suffix.lower()
    if extensie not in EXTENSIES:
        raise ValidationError("Upload een export van de boekhouding als .xlsx, .xls of .csv.")
    for handtekening, wat in ANDERE_SOORTEN.items():
        if inhoud.startswith(handtekening):
            raise ValidationError(f"Dit bestand is geen spreadsheet maar {wat}. Upload de export van de boekhouding.")
    if inhoud.startswith(OLE) and "EncryptedPackage".encode("utf-16-le") in inhoud:
        raise ValidationError(
            "Het bestand is beveiligd met een wachtwoord. Sla het in Excel op zonder wachtwoord en upload het opnieuw."
        )
    is_spreadsheet = inhoud.startswith(ZIP) or inhoud.startswith(OLE)
    rijen = _lees_spreadsheet(inhoud) if is_spreadsheet else _lees_csv(inhoud)
    if not any(any(cel is not None for cel in rij) for rij in rijen):
        raise ValidationError("Het bestand bevat geen gegevens.")
    return rijen


def veilige_bestandsnaam(naam: str) -> str:
    """The uploaded file's name as it can be stored: no control characters, at most 255 long."""
    return "".join(teken for teken in naam if teken.isprintable())[:255] or "bestand"


def _lees_spreadsheet(inhoud: bytes) -> list[list]:
    try:
        frame = pd.read_excel(io.BytesIO(inhoud), sheet_name=0, header=None, dtype=object, engine="calamine")
    except Exception as fout:  # calamine names what it could not read; the user needs only this
        tekst = str(fout).lower()
        if "password" in tekst or "encrypt" in tekst:
            raise ValidationError(
                "Het bestand is beveiligd met een wachtwoord. Sla het op zonder wachtwoord en upload het opnieuw."
            ) from fout
        raise ValidationError(
            "Het bestand kan niet als spreadsheet worden gelezen; het is beschadigd of geen Excel-bestand."
        ) from fout
    return _naar_rijen(frame)


def _lees_csv(inhoud: bytes) -> list[list]:
    if b"\x00" in inhoud[:4096]:
        raise ValidationError("Dit bestand is geen spreadsheet en geen CSV-tekstbestand.")
    for codering in ("utf-8-sig", "cp1252"):
        try:
            tekst = inhoud.decode(codering)
            break
        except UnicodeDecodeError:
            continue
    else:
        # Bytes that are neither UTF-8 nor Windows-1252 (a binary file named .csv): refused, not a crash.
        raise ValidationError("Dit bestand is geen leesbare tekst: sla het op als CSV (UTF-8) en probeer het opnieuw.")
    scheiding = _scheidingsteken(tekst)
    breedte = max((len(rij) for rij in csv.reader(io.StringIO(tekst), delimiter=scheiding)), default=0)
    if breedte == 0:
        raise ValidationError("Het bestand bevat geen gegevens.")
    try:
        frame = pd.read_csv(
            io.StringIO(tekst),
            sep=scheiding,
            header=None,
            names=range(breedte),
            dtype=str,
            keep_default_na=False,
            skip_blank_lines=False,
            engine="c",
        )
    except (pd.errors.ParserError, ValueError) as fout:
        raise ValidationError(
            'Dit CSV-bestand kan niet worden gelezen: waarschijnlijk opent een aanhalingsteken (") ergens een '
            "tekst die niet wordt afgesloten. Sla het bestand opnieuw op vanuit de boekhouding of Excel."
        ) from fout
    return _naar_rijen(frame)


def _scheidingsteken(tekst: str) -> str:
    """The separator that splits the most of the first lines the same way (Dutch Excel writes `;`)."""
    regels = [r for r in tekst.splitlines()[:30] if r.strip()]
    beste, score = ";", -1
    for teken in (";", ",", "\t", "|"):
        aantallen = [r.count(teken) for r in regels]
        kandidaat = max(aantallen, default=0) * 10 + aantallen.count(max(aantallen, default=0))
        if max(aantallen, default=0) > 0 and kandidaat > score:
            beste, score = teken, kandidaat
    return beste


def _naar_rijen(frame: pd.DataFrame) -> list[list]:
    """The frame's rows as lists of cells: None for an empty cell (NaN, NaT), text stripped and
    empty text None. Column by column: one pass over a column's values is far quicker than a
    function call per cell (a 100,000-row export has half a million)."""
    nat = pd.NaT
    kolommen = [
        [
            None
            if cel is None or cel is nat or (isinstance(cel, float) and cel != cel)  # NaN: an empty cell
            else (cel.strip() or None if isinstance(cel, str) else cel)
            for cel in frame[naam].tolist()
        ]
        for naam in frame.columns
    ]
    return list(map(list, zip(*kolommen, strict=True)))
