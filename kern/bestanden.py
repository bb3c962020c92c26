"""Reading an uploaded file into a grid of raw cells, or refusing it in Dutch: the one reader of
every upload (ledger, bank statement, a new region's gemeenten), and the bounds of a bank statement.

The file is recognised by its first bytes, not by its name: a PDF renamed to .xlsx is refused as
what it is. What it holds once unpacked is bounded before a parser sees it (a 300 KB .xlsx can
unpack to millions of strings): an .xlsx's zip members are decompressed here, in blocks, with
their declared and actual sizes, the number of shared and inline strings, rows x columns and the
length of a text counted as they stream, and the read stops at the first bound crossed; a CSV's
lines, their length and columns are checked in its text before it is split into cells; an MT940
or CAMT.053 statement's statements, entries and field length, and any XML's DOCTYPE (entities),
before its parser runs (`begrens_afschrift`). The bounds are settings (IMPORT_MAX_*, config/settings/
base.py; docs/besluiten/0055). Within them spreadsheets are read by calamine, CSV by pandas after
finding the encoding (charset-normalizer) and the separator. The header row is found later, by
the importer that knows its columns, so nothing here assumes where the data starts.
"""

import codecs
import contextlib
import csv
import gc
import io
import re
import struct
import zipfile
import zlib
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
    so a server process is never left without it, also when the block raises.

    What the block made and still holds is then moved to the oldest generation at once
    (`gc.freeze()` and `gc.unfreeze()`, two list splices): otherwise the next young collection
    would walk every one of those objects, and the one after it again, 0.13 s per import of
    100,000 rows (decision 0075). They are still collected, by the full collections, like any
    object that lives long. Not when something else in the process froze objects (a server that
    forks its workers so): its frozen objects stay frozen."""
    aan = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if aan:
            if not gc.get_freeze_count():
                gc.freeze()
                gc.unfreeze()
            gc.enable()


def lees_cellen(inhoud: bytes, bestandsnaam: str, *, max_rijen: int | None = None) -> list[list]:
    """The file's first sheet as rows of raw cell values (None for an empty cell). A file of more
    than `max_rijen` rows (default: the setting IMPORT_MAX_RIJEN) is refused before it is read whole."""
    if not inhoud:
        raise ValidationError("Het bestand is leeg.")
    controleer_grootte(len(inhoud))
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


def controleer_grootte(grootte: int) -> None:
    """A file over IMPORT_MAX_BYTES is refused before it is read (a command checks the size on disk)."""
    limiet = settings.IMPORT_MAX_BYTES
    if grootte > limiet:
        raise ValidationError(
            f"Het bestand is {grootte / 1024 / 1024:.1f} MB; het maximum is {limiet // 1024 // 1024} MB.".replace(
                ".", ",", 1
            )
        )


def veilige_bestandsnaam(naam: str) -> str:
    """The uploaded file's name as it can be stored: no control characters, at most 255 long."""
    return "".join(teken for teken in naam if teken.isprintable())[:255] or "bestand"


def _getal(n: int) -> str:
    return f"{n:,}".replace(",", ".")


class Grens:
    """The bounds a file is read within, from the settings. When a caller raises the row limit
    (the CLI's --max-rijen), the cells, strings and unpacked bytes scale with it; a line, a cell
    and the columns do not."""

    def __init__(self, max_rijen: int | None = None):
        standaard = settings.IMPORT_MAX_RIJEN
        self.rijen = max_rijen or standaard
        self.cellen = settings.IMPORT_MAX_CELLEN * self.rijen // standaard
        self.teksten = settings.IMPORT_MAX_TEKSTEN * self.rijen // standaard
        self.uitgepakt = settings.IMPORT_MAX_UITGEPAKT * self.rijen // standaard
        self.kolommen = settings.IMPORT_MAX_KOLOMMEN
        self.cellengte = settings.IMPORT_MAX_CELLENGTE
        self.regellengte = settings.IMPORT_MAX_REGELLENGTE

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

    def te_veel_kolommen(self, kolommen: int) -> None:
        """A CSV's columns (a sheet's are bounded by its cells, and by Excel's 16,384)."""
        if kolommen > self.kolommen:
            raise ValidationError(
                f"Het bestand heeft {_getal(kolommen)} kolommen; er kunnen er ten hoogste "
                f"{_getal(self.kolommen)} worden ingelezen. Laat de kolommen weg die niet nodig zijn."
            )

    def te_veel_teksten(self, aantal: int, soort: str) -> None:
        if aantal > self.teksten:
            raise ValidationError(
                f"Het bestand bevat meer dan {_getal(self.teksten)} {soort}; er kunnen er ten hoogste "
                f"{_getal(self.teksten)} worden ingelezen. Sla het opnieuw op vanuit de boekhouding of Excel, "
                "of splits de export."
            )

    def te_lange_tekst(self, lengte: int, grens: int, *, minstens: bool = False) -> None:
        tekst = f"Het bestand bevat een cel of tekst van {'ten minste ' if minstens else ''}{_getal(lengte)} tekens; "
        if grens == self.cellengte:
            raise ValidationError(
                f"{tekst}een cel mag ten hoogste {_getal(grens)} tekens hebben (zoveel als Excel toestaat)."
            )
        raise ValidationError(f"{tekst}ten hoogste {_getal(grens)} tekens kunnen worden ingelezen.")


def _mb(n: int) -> str:
    return f"{n / 1024 / 1024:,.1f} MB".replace(",", "_").replace(".", ",").replace("_", ".")


# -- .xlsx: unpacked and counted while streaming, before anything is read whole --------------------
_KOLOM = re.compile(rb'<(?:\w+:)?c\s[^>]*?\br="([A-Z]{1,3})\d')
_RIJNUMMER = re.compile(rb'\br="(\d+)"')
_DIMENSIE = re.compile(rb'<(?:\w+:)?dimension\s+ref="(?:[A-Z]{1,3}\d+:)?([A-Z]{1,3})(\d+)"')
_BLOK = 1 << 20
_KLEIN = 5 * 1024 * 1024  # workbook.xml and its relations are a few KB
_MAX_LEDEN = 10_000  # a workbook has a few dozen members
_XML = (".xml", ".rels", ".vml")
_ENTITEITEN = (b"<!DOCTYPE", b"<!ENTITY")
_ZONDER_ENTITEITEN = "Het bestand bevat XML-entiteiten (een DOCTYPE); die worden om veiligheidsredenen niet gelezen."
_BEVEILIGD = "Het bestand is beveiligd met een wachtwoord. Sla het op zonder wachtwoord en upload het opnieuw."


def _tel_xlsx(inhoud: bytes, grens: Grens) -> tuple[int, int]:
    """(rows, columns) of the first sheet, after every member of the zip was unpacked here, in
    blocks, within the bounds: the sizes the archive declares first, then the bytes that really
    come out (a member may declare 1 KB and unpack to a GB), the strings, a text's length, no
    DOCTYPE; and the sheet's rows and cells. Stops at the first bound crossed."""
    try:
        archief = zipfile.ZipFile(io.BytesIO(inhoud))
        leden = [info for info in archief.infolist() if not info.is_dir()]
        if len(leden) > _MAX_LEDEN:
            raise ValueError("leden")
        if any(info.flag_bits & 0x1 for info in leden):
            raise ValidationError(_BEVEILIGD)
        verklaard = sum(info.file_size for info in leden)
        if verklaard > grens.uitgepakt:
            grootste = max(leden, key=lambda info: info.file_size)
            raise ValidationError(
                f"Het bestand zegt zelf uit te pakken tot {_mb(verklaard)} ({grootste.filename}: "
                f"{_mb(grootste.file_size)}); ten hoogste {_mb(grens.uitgepakt)} uitgepakt kan worden ingelezen. "
                "Sla het opnieuw op vanuit de boekhouding of Excel, of splits de export."
            )
        teller = _Uitgepakt(grens)
        blad, teksten = _eerste_blad(inhoud, archief, teller)
        afmeting = None
        for info in leden:
            if info.filename in teller.gelezen:
                continue
            blokken = _uitpakken(inhoud, info, teller)
            if info.filename == blad:
                afmeting = _tel_blad(_xml_delen(blokken, grens), grens)
            elif info.filename == teksten:
                _tel_teksten(_xml_delen(blokken, grens), grens)
            elif info.filename.lower().endswith(_XML):
                # Parts no cell comes from (styles, theme, custom XML) may hold a longer text.
                for _ in _xml_delen(blokken, grens, max(grens.cellengte, _BLOK)):
                    pass
            else:
                for _ in blokken:
                    pass
        if afmeting is None:
            raise KeyError(blad)
        return afmeting
    except ValidationError:
        raise
    except (zipfile.BadZipFile, KeyError, ElementTree.ParseError, OSError, EOFError, ValueError, zlib.error) as fout:
        raise ValidationError(ONLEESBAAR_SPREADSHEET) from fout


class _Uitgepakt:
    """The bytes unpacked so far, over all members, against the bound."""

    def __init__(self, grens: Grens):
        self.grens = grens
        self.bytes = 0
        self.gelezen: set[str] = set()

    def tel(self, naam: str, n: int) -> None:
        self.bytes += n
        if self.bytes > self.grens.uitgepakt:
            raise ValidationError(
                f"Het bestand pakt uit tot meer dan {_mb(self.grens.uitgepakt)} (bij {naam}), meer dan het zelf "
                f"zegt; ten hoogste {_mb(self.grens.uitgepakt)} uitgepakt kan worden ingelezen. Sla het opnieuw op "
                "vanuit de boekhouding of Excel."
            )


def _uitpakken(inhoud: bytes, info: zipfile.ZipInfo, teller: _Uitgepakt):
    """The member's bytes, in blocks of at most _BLOK, decompressed here from its raw data: the
    zipfile module would stop at the size the archive declares, a reader in another language
    (calamine) does not, so the bytes that really come out are what is counted."""
    teller.gelezen.add(info.filename)
    kop = info.header_offset
    if inhoud[kop : kop + 4] != ZIP:
        raise zipfile.BadZipFile(info.filename)
    naam, extra = struct.unpack("<HH", inhoud[kop + 26 : kop + 30])
    begin = kop + 30 + naam + extra
    ruw = memoryview(inhoud)[begin : begin + info.compress_size]
    if info.compress_type == zipfile.ZIP_STORED:
        for positie in range(0, len(ruw), _BLOK):
            blok = bytes(ruw[positie : positie + _BLOK])
            teller.tel(info.filename, len(blok))
            yield blok
        return
    if info.compress_type != zipfile.ZIP_DEFLATED:  # Excel writes nothing else
        raise zipfile.BadZipFile(info.filename)
    ontpakker = zlib.decompressobj(-zlib.MAX_WBITS)
    positie = 0
    while not ontpakker.eof:
        if ontpakker.unconsumed_tail:
            invoer = ontpakker.unconsumed_tail
        else:
            invoer = ruw[positie : positie + _BLOK]
            positie += len(invoer)
        blok = ontpakker.decompress(invoer, _BLOK)
        if blok:
            teller.tel(info.filename, len(blok))
            yield blok
        elif not invoer:
            break  # the data ends before the stream does: calamine will say it is damaged


def _xml_delen(blokken, grens: Grens, lengte: int | None = None):
    """The XML of a member in pieces that each start at a "<" (so no tag counted later is cut in
    two), refused on a DOCTYPE (entities) or a text longer than `lengte` characters (default a
    cell's, IMPORT_MAX_CELLENGTE): a text, or the space between two tags."""
    lengte = lengte or grens.cellengte
    # No "<" in ten times that many bytes: more characters than allowed, even were each one
    # written as an entity (&amp;). Refused at once, so no run grows without end.
    te_lang = lengte * 10 + 16
    rest = b""
    for blok in blokken:
        data = rest + blok
        knip = data.rfind(b"<")
        if knip <= 0:
            rest = data
            if len(rest) > te_lang:
                grens.te_lange_tekst(_tekens(rest[1:]), lengte, minstens=True)
            continue
        deel, rest = data[:knip], data[knip:]
        _controleer_deel(deel, grens, lengte)
        if len(rest) > te_lang:
            grens.te_lange_tekst(_tekens(rest[1:]), lengte, minstens=True)
        yield deel
    _controleer_deel(rest, grens, lengte)
    yield rest


def _controleer_deel(deel: bytes, grens: Grens, lengte: int) -> None:
    # "!" alone first: one byte is found by memchr, eight times faster than "<!" among the "<" of XML.
    if b"!" in deel and b"<!" in deel and any(teken in deel for teken in _ENTITEITEN):
        raise ValidationError(_ZONDER_ENTITEITEN)
    for begin, einde in _lange_stukken(deel, b"<", lengte):
        # Longer in bytes than allowed in characters: count its characters (UTF-8, &amp; is one).
        tekens = _tekens(deel[begin:einde])
        if tekens > lengte:
            grens.te_lange_tekst(tekens, lengte)


def _lange_stukken(data, scheiding, lengte: int):
    """(begin, end) of each run of `data` without `scheiding` longer than `lengte`. Windows of
    half that length are looked at one by one, so each costs one `find` (a run that long holds a
    whole window without a separator); only such a window's run is measured."""
    venster = max(lengte // 2, 1)
    positie = 0
    while positie + venster <= len(data):
        if data.find(scheiding, positie, positie + venster) >= 0:
            positie += venster
            continue
        begin = data.rfind(scheiding, 0, positie) + 1
        einde = data.find(scheiding, positie + venster)
        einde = len(data) if einde < 0 else einde
        if einde - begin > lengte:
            yield begin, einde
        positie = einde


def _tekens(ruw: bytes) -> int:
    tekst = ruw.decode("utf-8", errors="replace")
    return len(tekst) - sum(len(e) - 1 for e in re.findall(r"&#?\w+;", tekst))


def _eerste_blad(inhoud: bytes, archief: zipfile.ZipFile, teller: _Uitgepakt) -> tuple[str, str | None]:
    """The paths in the zip of the workbook's first sheet and of its shared strings, as the
    workbook and its relations list them."""

    def xml(naam):
        delen, lengte = [], 0
        for deel in _xml_delen(_uitpakken(inhoud, archief.getinfo(naam), teller), teller.grens):
            lengte += len(deel)
            if lengte > _KLEIN:
                raise ValueError(naam)
            delen.append(deel)
        return ElementTree.fromstring(b"".join(delen))  # no DOCTYPE, so no entity to expand

    boek = xml("xl/workbook.xml")
    eerste = next(e for e in boek.iter() if e.tag.endswith("}sheet"))
    relaties = list(xml("xl/_rels/workbook.xml.rels"))
    doelen = {r.get("Id"): r.get("Target", "") for r in relaties}
    # Transitional and Strict OOXML name the relationship's namespace differently.
    sleutel = next((waarde for naam, waarde in eerste.attrib.items() if naam.endswith("}id")), None)
    teksten = next((r.get("Target", "") for r in relaties if r.get("Type", "").endswith("/sharedStrings")), None)
    return _pad(doelen[sleutel]), _pad(teksten) if teksten else None


def _pad(doel: str) -> str:
    return doel.lstrip("/") if doel.startswith("/") else f"xl/{doel}"


def _tel_teksten(delen, grens: Grens) -> None:
    """The shared strings, counted as they stream (calamine keeps every one of them in memory)."""
    aantal = 0
    si = None
    for deel in delen:
        if si is None:
            gevonden = re.search(rb"<(\w+:)?sst\b", deel)
            voorvoegsel = (gevonden.group(1) or b"") if gevonden else b""
            si = b"<" + voorvoegsel + b"si"
        aantal += deel.count(si + b">") + deel.count(si + b" ") + deel.count(si + b"/")
        grens.te_veel_teksten(aantal, "gedeelde teksten (sharedStrings)")


def _tel_blad(delen, grens: Grens) -> tuple[int, int]:
    """(rows, columns) of the sheet, counted in its pieces; stops as soon as it is over a bound.
    The rows are the highest row number (an empty row in between still costs a row in the grid),
    the columns the furthest column a cell names. The sheet's own `dimension`, when it says more
    than the bounds, refuses it at once; when it says less it is not believed."""
    rijen = tellen = breedste = inline = 0
    kolom = b""
    voorvoegsel = None
    for deel in delen:
        if voorvoegsel is None:
            gevonden = re.search(rb"<(\w+:)?worksheet\b", deel)
            voorvoegsel = (gevonden.group(1) or b"") if gevonden else b""
            rij = b"<" + voorvoegsel + b"row"
            cel = b"<" + voorvoegsel + b"c"
            tekst = b"<" + voorvoegsel + b"is>"
            snel = re.compile(re.escape(cel) + rb' r="([A-Z]{1,3})')
            dimensie = _DIMENSIE.search(deel)
            if dimensie:
                _controleer_dimensie(dimensie, grens)
        tellen += deel.count(rij + b" ") + deel.count(rij + b">")
        laatste = deel.rfind(rij + b" ")
        if laatste >= 0:
            nummer = _RIJNUMMER.search(deel, laatste, deel.find(b">", laatste) + 1 or len(deel))
            if nummer:
                rijen = max(rijen, int(nummer.group(1)))
        # Every writer puts a cell's reference first (`<c r="B7"`); a cell that does not is looked
        # for the slow way, so no cell far to the right goes uncounted.
        met_verwijzing = deel.count(cel + b' r="')
        if deel.count(cel) == met_verwijzing:
            # Every element whose name starts with "c" is a cell with its reference first: no cell
            # without attributes (`<c>`), none with another first. One count instead of two.
            met_kenmerken, kaal = met_verwijzing, 0
        else:
            met_kenmerken, kaal = deel.count(cel + b" "), deel.count(cel + b">")
        if met_verwijzing == met_kenmerken and len(kolom) <= 1:
            kolom = _verste_kolom(deel, cel, kolom)  # a sheet up to column Z: only cells beyond the furthest
        else:
            letters = snel.findall(deel)
            # A reference that is not a cell's first attribute: found the slow way (not when the
            # cells have no reference at all, as in a sheet made by hand).
            if len(letters) != met_kenmerken and deel.count(b' r="') > deel.count(rij + b' r="') + len(letters):
                letters = _KOLOM.findall(deel)
            if letters:
                kolom = max([kolom, *set(letters)], key=lambda k: (len(k), k))
        if kaal or met_verwijzing != met_kenmerken:
            # A cell without a reference takes the next column: count the cells of each row.
            breedte = max(stuk.count(cel + b" ") + stuk.count(cel + b">") for stuk in deel.split(rij))
            breedste = max(breedste, breedte)
        rijen = max(rijen, tellen)
        grens.controleer(rijen, max(_kolomnummer(kolom), breedste), minstens=True)
        inline += deel.count(tekst)
        grens.te_veel_teksten(inline, "teksten in de cellen (inline)")
    return rijen, max(_kolomnummer(kolom), breedste)


def _controleer_dimensie(dimensie: re.Match, grens: Grens) -> None:
    """The sheet's `dimension` (its first bytes) says how far it reaches: over a bound, refused
    before a row is counted (1,048,576 rows in under a second of work, issue 23)."""
    rijen, kolommen = int(dimensie.group(2)), _kolomnummer(dimensie.group(1))
    try:
        grens.controleer(rijen, kolommen, minstens=True)
    except ValidationError as fout:
        raise ValidationError(
            f"Volgens het blad zelf (bereik tot {dimensie.group(1).decode()}{rijen}): {fout.messages[0]}"
        ) from None


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
    # Bounded in the text before anything is split into cells: the lines and the length of a line;
    # then, line by line, the columns (stopping at the first line over) and the length of a cell.
    regels = tekst.count("\n") + 1
    grens.controleer(regels, 1)
    _controleer_regels(tekst, grens)
    lezer = csv.reader(io.StringIO(tekst), delimiter=scheiding)
    breedte = 0
    try:
        with _veldgrens(grens.cellengte):
            for rij in lezer:
                if len(rij) > breedte:
                    breedte = len(rij)
                    grens.te_veel_kolommen(breedte)
    except csv.Error as fout:
        if "field limit" in str(fout):  # a quoted cell over many lines
            grens.te_lange_tekst(grens.cellengte + 1, grens.cellengte, minstens=True)
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


def _controleer_regels(tekst: str, grens: Grens) -> None:
    for begin, einde in _lange_stukken(tekst, "\n", grens.regellengte):
        raise ValidationError(
            f"Regel {_getal(tekst.count(chr(10), 0, begin) + 1)} van het bestand is {_getal(einde - begin)} tekens "
            f"lang; een regel mag ten hoogste {_getal(grens.regellengte)} tekens hebben."
        )


@contextlib.contextmanager
def _veldgrens(tekens: int):
    """csv's own bound on a cell's length (a process-wide setting), for this read only."""
    vorige = csv.field_size_limit(tekens)
    try:
        yield
    finally:
        csv.field_size_limit(vorige)


def _scheidingsteken(tekst: str) -> str:
    """The separator that splits the most of the first lines the same way (Dutch Excel writes `;`,
    its Unicode text a tab)."""
    # From the first lines only: splitting all of a 20 MB file made a list of every line.
    regels = [r for r in tekst[: 30 * (settings.IMPORT_MAX_REGELLENGTE + 2)].splitlines()[:30] if r.strip()]
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


# -- bank statements: MT940 and CAMT.053, bounded on their bytes before their parser runs ----------
_MT940_TAG = re.compile(rb"^:(\d{2}[A-Z]?):", re.MULTILINE)
_CAMT_POST = re.compile(rb"<(?:\w+:)?(Stmt|Ntry|TxDtls)[\s>]")


def begrens_afschrift(inhoud: bytes) -> None:
    """A bank statement's bounds, on its bytes, before a parser reads it (formaten.lees_afschrift
    calls this first): XML (CAMT.053) without a DOCTYPE, with at most IMPORT_MAX_AFSCHRIFTEN
    statements, IMPORT_MAX_POSTEN entries and texts of IMPORT_MAX_VELDLENGTE characters; MT940 the
    same, its fields from tag to tag. A CSV or Excel statement is bounded by `lees_cellen`. Stops at
    the first bound crossed: the mt-940 library took 190 s of CPU over an 11 MB file."""
    begin = inhoud[:2048].lstrip(b"\xef\xbb\xbf \t\r\n")
    if begin.startswith(b"<"):
        _begrens_camt(inhoud)
    elif begin.startswith(b"{1:") or _MT940_TAG.search(inhoud, 0, 65536):
        _begrens_mt940(inhoud)


class _Posten:
    def __init__(self):
        self.afschriften = self.posten = 0
        self.max_afschriften = settings.IMPORT_MAX_AFSCHRIFTEN
        self.max_posten = settings.IMPORT_MAX_POSTEN
        self.veldlengte = settings.IMPORT_MAX_VELDLENGTE

    def afschrift(self) -> None:
        self.afschriften += 1
        if self.afschriften > self.max_afschriften:
            raise ValidationError(
                f"Het bestand bevat meer dan {_getal(self.max_afschriften)} afschriften; er kunnen er ten hoogste "
                f"{_getal(self.max_afschriften)} tegelijk worden ingelezen. Download een kortere periode."
            )

    def post(self) -> None:
        self.posten += 1
        if self.posten > self.max_posten:
            raise ValidationError(
                f"Het bestand bevat meer dan {_getal(self.max_posten)} boekingen; er kunnen er ten hoogste "
                f"{_getal(self.max_posten)} tegelijk worden ingelezen. Download een kortere periode."
            )

    def veld(self, lengte: int, waar: str, *, minstens: bool = False) -> None:
        if lengte > self.veldlengte:
            raise ValidationError(
                f"{waar} van het bestand is {'ten minste ' if minstens else ''}{_getal(lengte)} tekens lang; een veld "
                f"van een bankafschrift mag ten hoogste {_getal(self.veldlengte)} tekens hebben."
            )


def _begrens_mt940(inhoud: bytes) -> None:
    posten = _Posten()
    vorige, naam = 0, "Het begin"
    for tag in _MT940_TAG.finditer(inhoud):
        posten.veld(tag.start() - vorige, naam)
        soort = tag.group(1)
        if soort == b"20":
            posten.afschrift()
        elif soort == b"61":
            posten.post()
        vorige, naam = tag.start(), f"Veld :{soort.decode()}: (na {_getal(posten.posten)} boekingen)"
    posten.veld(len(inhoud) - vorige, naam)


def _begrens_camt(inhoud: bytes) -> None:
    if b"<!" in inhoud and any(teken in inhoud for teken in _ENTITEITEN):
        raise ValidationError(
            "Dit XML-bestand kan niet worden gelezen: het bevat entiteiten (een DOCTYPE), die een CAMT.053-afschrift "
            "nooit heeft en die om veiligheidsredenen niet worden gelezen."
        )
    posten = _Posten()
    for begin, einde in _lange_stukken(inhoud, b"<", posten.veldlengte):
        posten.veld(_tekens(inhoud[begin:einde]), "Een tekst")
    regels_per_post = 0
    for element in _CAMT_POST.finditer(inhoud):
        soort = element.group(1)
        if soort == b"Stmt":
            posten.afschrift()
        elif soort == b"Ntry":
            posten.post()
            regels_per_post = 0
        else:  # a batch entry's transactions are read as lines of their own
            regels_per_post += 1
            if regels_per_post > 1:
                posten.post()
