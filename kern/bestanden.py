"""Reading an uploaded bookkeeping file into a grid of raw cells, or refusing it in Dutch.

The file is recognised by its first bytes, not by its name: a PDF renamed to .xlsx is refused as
what it is. Its size once unpacked is bounded before it is read whole: an .xlsx is a zip, and a
1 MB one can hold a million rows, so its sheet is first streamed and its rows and cells counted
(the sheet's own `dimension` may say anything); a CSV's lines are counted in its text. Within the
bounds (settings IMPORT_MAX_RIJEN and IMPORT_MAX_CELLEN) spreadsheets are read by calamine, CSV
by pandas after finding the encoding (charset-normalizer) and the separator. The header row is
found later, by the importer that knows its columns, so nothing here assumes where the data starts.
"""

import codecs
import contextlib
import csv
import gc
import io
import re
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import pandas as pd
from charset_normalizer import from_bytes
from django.conf import settings
from django.core.exceptions import ValidationError
from python_calamine import CalamineWorkbook

ZIP = b"PK\x03\x04"
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old .xls, and also the wrapper of an encrypted .xlsx
ANDERE_SOORTEN = {b"%PDF": "een PDF", b"\x89PNG": "een afbeelding (PNG)", b"\xff\xd8\xff": "een afbeelding (JPEG)"}
EXTENSIES = (".xlsx", ".xls", ".csv", ".txt")
# The encodings a Dutch office's software writes a text export in; the detector chooses among them.
CODERINGEN = ["utf_8", "utf_16", "cp1252", "iso8859_15", "latin_1", "mac_roman"]
BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
ONLEESBAAR_SPREADSHEET = "Het bestand kan niet als spreadsheet worden gelezen; het is beschadigd of geen Excel-bestand."


@contextlib.contextmanager
def kringopruiming_gepauzeerd():
    """Python's cyclic garbage collector paused for the `with` block, and afterwards as it was
    before (reference counting still frees everything else at once). Reading 100,000 rows makes a
    few million lists, tuples and values that all live until the end; each time their number grows
    by a quarter the collector walks all of them, which was a fifth of an import's time
    (benchmarks/RESULTS.md). Only for parsing in memory: never around database work or a request,
    so a server process is never left without it, also when the block raises."""
    aan = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if aan:
            gc.enable()


def lees_cellen(inhoud: bytes, bestandsnaam: str, *, max_rijen: int | None = None) -> list[list]:
    """The file's first sheet as rows of raw cell values (None for an empty cell). A file of more
    than `max_rijen` rows (default: the setting IMPORT_MAX_RIJEN) is refused before it is read whole."""
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
    grens = Grens(max_rijen)
    with kringopruiming_gepauzeerd():
        if inhoud.startswith(ZIP):
            grens.controleer(*_tel_xlsx(inhoud, grens))
            rijen = _lees_spreadsheet(inhoud, grens)
        elif inhoud.startswith(OLE):
            rijen = _lees_spreadsheet(inhoud, grens)
        else:
            rijen = _lees_csv(inhoud, grens)
    if not any(any(cel is not None for cel in rij) for rij in rijen):
        raise ValidationError("Het bestand bevat geen gegevens.")
    return rijen


def veilige_bestandsnaam(naam: str) -> str:
    """The uploaded file's name as it can be stored: no control characters, at most 255 long."""
    return "".join(teken for teken in naam if teken.isprintable())[:255] or "bestand"


def _getal(n: int) -> str:
    return f"{n:,}".replace(",", ".")


class Grens:
    """How many rows, and cells (rows x columns), a file may hold; the cells scale with the rows
    when a caller raises the row limit (the CLI's --max-rijen)."""

    def __init__(self, max_rijen: int | None = None):
        standaard = settings.IMPORT_MAX_RIJEN
        self.rijen = max_rijen or standaard
        self.cellen = settings.IMPORT_MAX_CELLEN * self.rijen // standaard

    def controleer(self, rijen: int, kolommen: int, *, minstens: bool = False) -> None:
        meer = "meer dan " if minstens else ""
        if rijen > self.rijen:
            getal = self.rijen if minstens else rijen  # counting stopped at the limit
            raise ValidationError(
                f"Het bestand heeft {meer}{_getal(getal)} regels; er kunnen er ten hoogste {_getal(self.rijen)} "
                "tegelijk worden ingelezen. Splits de export, bijvoorbeeld per kwartaal."
            )
        if rijen * kolommen > self.cellen:
            raise ValidationError(
                f"Het bestand heeft {meer}{_getal(rijen)} regels van {_getal(kolommen)} kolommen "
                f"({_getal(rijen * kolommen)} cellen); er kunnen er ten hoogste {_getal(self.cellen)} tegelijk worden "
                "ingelezen. Laat de kolommen weg die niet nodig zijn, of splits de export."
            )


# -- .xlsx: counted while streaming, before anything is read whole ------------------------------
_KOLOM = re.compile(rb'<(?:\w+:)?c\s[^>]*?\br="([A-Z]{1,3})\d')
_RIJNUMMER = re.compile(rb'\br="(\d+)"')
_BLOK = 1 << 20
_KLEIN = 5 * 1024 * 1024  # workbook.xml and its relations are a few KB


def _tel_xlsx(inhoud: bytes, grens: Grens) -> tuple[int, int]:
    """(rows, columns) of the first sheet, read from its XML in blocks; stops as soon as it is
    over the limit. The rows are the highest row number (an empty row in between still costs a
    row in the grid), the columns the furthest column a cell names."""
    try:
        archief = zipfile.ZipFile(io.BytesIO(inhoud))
        pad = _eerste_blad(archief)
        with archief.open(pad) as blad:
            return _tel_blad(blad, grens)
    except ValidationError:
        raise
    except (zipfile.BadZipFile, KeyError, ElementTree.ParseError, OSError, EOFError, ValueError, RuntimeError) as fout:
        if isinstance(fout, RuntimeError) and "encrypted" in str(fout).lower():
            raise ValidationError(
                "Het bestand is beveiligd met een wachtwoord. Sla het op zonder wachtwoord en upload het opnieuw."
            ) from fout
        raise ValidationError(ONLEESBAAR_SPREADSHEET) from fout


def _eerste_blad(archief: zipfile.ZipFile) -> str:
    """The path in the zip of the workbook's first sheet, as the workbook lists it."""

    def xml(naam):
        with archief.open(naam) as f:
            tekst = f.read(_KLEIN + 1)
        if len(tekst) > _KLEIN:
            raise ValueError(naam)
        return ElementTree.fromstring(tekst)

    boek = xml("xl/workbook.xml")
    eerste = next(e for e in boek.iter() if e.tag.endswith("}sheet"))
    doelen = {r.get("Id"): r.get("Target", "") for r in xml("xl/_rels/workbook.xml.rels")}
    # Transitional and Strict OOXML name the relationship's namespace differently.
    sleutel = next((waarde for naam, waarde in eerste.attrib.items() if naam.endswith("}id")), None)
    doel = doelen[sleutel]
    return doel.lstrip("/") if doel.startswith("/") else f"xl/{doel}"


def _tel_blad(blad, grens: Grens) -> tuple[int, int]:
    rijen = tellen = breedste = 0
    kolom = b""
    rest = b""
    voorvoegsel = None
    while blok := blad.read(_BLOK):
        data = rest + blok
        # Cut at the last "<": every tag counted below starts with one, so none is cut in two.
        knip = data.rfind(b"<")
        if knip <= 0:
            rest = data
            continue
        deel, rest = data[:knip], data[knip:]
        if voorvoegsel is None:
            gevonden = re.search(rb"<(\w+:)?worksheet\b", deel)
            voorvoegsel = (gevonden.group(1) or b"") if gevonden else b""
            rij = b"<" + voorvoegsel + b"row"
            cel = b"<" + voorvoegsel + b"c"
            snel = re.compile(re.escape(cel) + rb' r="([A-Z]{1,3})')
        tellen += deel.count(rij + b" ") + deel.count(rij + b">")
        laatste = deel.rfind(rij + b" ")
        if laatste >= 0:
            nummer = _RIJNUMMER.search(deel, laatste, deel.find(b">", laatste) + 1 or len(deel))
            if nummer:
                rijen = max(rijen, int(nummer.group(1)))
        # Every writer puts a cell's reference first (`<c r="B7"`); a cell that does not is looked
        # for the slow way, so no cell far to the right goes uncounted.
        met_kenmerken, kaal = deel.count(cel + b" "), deel.count(cel + b">")
        if deel.count(cel + b' r="') == met_kenmerken and len(kolom) <= 1:
            kolom = _verste_kolom(deel, cel, kolom)  # a sheet up to column Z: only cells beyond the furthest
        else:
            letters = snel.findall(deel)
            if len(letters) != met_kenmerken:
                letters = _KOLOM.findall(deel)
            if letters:
                kolom = max([kolom, *set(letters)], key=lambda k: (len(k), k))
        if kaal or deel.count(cel + b' r="') != met_kenmerken:
            # A cell without a reference takes the next column: count the cells of each row.
            breedte = max(stuk.count(cel + b" ") + stuk.count(cel + b">") for stuk in deel.split(rij))
            breedste = max(breedste, breedte)
        rijen = max(rijen, tellen)
        grens.controleer(rijen, max(_kolomnummer(kolom), breedste), minstens=True)
    return rijen, max(_kolomnummer(kolom), breedste)


def _verste_kolom(deel: bytes, cel: bytes, kolom: bytes) -> bytes:
    """The furthest column of `deel`, when the furthest so far is one letter (or none): only a
    cell beyond it is looked for, so a block of a narrow sheet is scanned once without a match."""
    positie = 0
    while len(kolom) <= 1:
        volgende = bytes([kolom[0] + 1 if kolom else 65])
        verder = rb"[A-Z]{2,3}" if kolom == b"Z" else rb"[A-Z]{2,3}|[" + volgende + rb"-Z]"
        gevonden = re.compile(re.escape(cel) + rb' r="(' + verder + rb")\d").search(deel, positie)
        if gevonden is None:
            return kolom
        kolom, positie = gevonden.group(1), gevonden.start()
    letters = re.compile(re.escape(cel) + rb' r="([A-Z]{1,3})\d').findall(deel, positie)
    return max([kolom, *set(letters)], key=lambda k: (len(k), k))


def _kolomnummer(letters: bytes) -> int:
    nummer = 0
    for letter in letters:
        nummer = nummer * 26 + letter - 64
    return max(nummer, 1)


def _lees_spreadsheet(inhoud: bytes, grens: Grens) -> list[list]:
    try:
        blad = CalamineWorkbook.from_filelike(io.BytesIO(inhoud)).get_sheet_by_index(0)
        # An .xls is not counted beforehand (its format holds at most 65,536 rows of 256 columns):
        # calamine's grid of it is compact; the Python rows made from it are not.
        grens.controleer(blad.total_height, blad.total_width)
        rijen = blad.to_python(skip_empty_area=False)
    except ValidationError:
        raise
    except Exception as fout:  # calamine names what it could not read; the user needs only this
        tekst = str(fout).lower()
        if "password" in tekst or "encrypt" in tekst:
            raise ValidationError(
                "Het bestand is beveiligd met een wachtwoord. Sla het op zonder wachtwoord en upload het opnieuw."
            ) from fout
        raise ValidationError(ONLEESBAAR_SPREADSHEET) from fout
    return [[(c.strip() or None) if type(c) is str else c for c in rij] for rij in rijen]  # "" is an empty cell


# -- CSV and other text ----------------------------------------------------------------------------
def decodeer(inhoud: bytes) -> str:
    """The text of a file in whichever encoding an office wrote it: a BOM decides; else UTF-8 when
    it is valid UTF-8; else what charset-normalizer finds most plausible among the encodings of
    Western software (Windows-1252, ISO-8859-1/15, Mac Roman, UTF-16 without BOM)."""
    for bom, codering in BOMS:
        if inhoud.startswith(bom):
            try:
                return inhoud.decode(codering)
            except UnicodeDecodeError as fout:
                raise ValidationError(_ONLEESBARE_TEKST) from fout
    try:
        return inhoud.decode("utf-8")
    except UnicodeDecodeError:
        pass
    beste = from_bytes(inhoud, cp_isolation=CODERINGEN).best()
    if beste is None:
        raise ValidationError(_ONLEESBARE_TEKST)
    codering = beste.encoding
    # The byte 0xA4 is "€" in ISO-8859-15 and "¤" in Windows-1252 and Latin-1, which the detector
    # cannot tell apart; a bookkeeping export means the euro.
    if codering in ("cp1252", "latin_1") and b"\xa4" in inhoud and b"\x80" not in inhoud:
        codering = "iso8859_15"
    return inhoud.decode(codering, errors="replace")


_ONLEESBARE_TEKST = (
    "Dit bestand is geen spreadsheet en geen CSV-tekstbestand. Sla het in Excel op als "
    "'CSV (gescheiden door lijstscheidingsteken)' of als .xlsx en upload het opnieuw."
)


def _lees_csv(inhoud: bytes, grens: Grens) -> list[list]:
    tekst = decodeer(inhoud)
    if "\x00" in tekst[:4096]:
        raise ValidationError(_ONLEESBARE_TEKST)
    scheiding = _scheidingsteken(tekst)
    # Counted in the text before pandas makes a cell of anything: lines, and per line at most the
    # separators it holds plus one (a quoted separator counts too, so this errs on the safe side).
    regels = tekst.count("\n") + 1
    grens.controleer(regels, 1)
    lezer = csv.reader(io.StringIO(tekst), delimiter=scheiding)
    try:
        breedte = max((len(rij) for rij in lezer), default=0)
    except csv.Error as fout:
        raise ValidationError(_ONLEESBARE_TEKST) from fout
    if breedte == 0:
        raise ValidationError("Het bestand bevat geen gegevens.")
    grens.controleer(lezer.line_num, breedte)
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
    """The separator that splits the most of the first lines the same way (Dutch Excel writes `;`,
    its Unicode text a tab)."""
    regels = [r for r in tekst.splitlines()[:30] if r.strip()]
    beste, score = ";", -1
    for teken in (";", ",", "\t", "|"):
        aantallen = [r.count(teken) for r in regels]
        kandidaat = max(aantallen, default=0) * 10 + aantallen.count(max(aantallen, default=0))
        if max(aantallen, default=0) > 0 and kandidaat > score:
            beste, score = teken, kandidaat
    return beste


def _naar_rijen(frame: pd.DataFrame) -> list[list]:
    """The frame's rows as lists of cells: None for an empty cell, text stripped and empty text
    None. Column by column: one pass over a column's values is far quicker than a function call
    per cell (a 100,000-row export has half a million)."""
    kolommen = [
        [None if cel is None or cel != cel else (cel.strip() or None) for cel in frame[naam].tolist()]
        for naam in frame.columns
    ]
    return list(map(list, zip(*kolommen, strict=True)))
