"""Small files that unpack or parse into far more than they are: one per shape of bomb an upload
met (issue 27), for the tests (tests/test_bommen.py) and the benchmark (benchmarks/bommen.py).
Each is made here, in memory, in well under a second; `grootte` scales it."""

import io
import zipfile

_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    '<Override PartName="/xl/sharedStrings.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>'
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
_BOEK = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Boekingen" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_BOEK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'worksheet" Target="worksheets/sheet1.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'sharedStrings" Target="sharedStrings.xml"/></Relationships>'
)
_KOP = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
_NS = b'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
# A header and a row as a ledger export has them: the files are what an upload would be, but for the bomb.
_RIJEN = (
    b'<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c></row>'
    b'<row r="2"><c r="A2" t="s"><v>3</v></c><c r="B2" t="s"><v>4</v></c><c r="C2"><v>10</v></c></row>'
)
_TEKSTEN = b"".join(
    b"<si><t>" + t + b"</t></si>" for t in (b"Boekdatum", b"Kostenplaats", b"Bedrag", b"31-01-2018", b"4100")
)


def xlsx(blad: bytes = b"", teksten: bytes = b"", *, dimensie: bytes = b"A1:C2", doctype: bytes = b"") -> bytes:
    """An .xlsx with the sheet's rows `blad` after a ledger's header and first row, and the shared
    strings `teksten` after that row's; each member deflated, as Excel writes them."""
    uit = io.BytesIO()
    with zipfile.ZipFile(uit, "w", zipfile.ZIP_DEFLATED) as archief:
        archief.writestr("[Content_Types].xml", _TYPES)
        archief.writestr("_rels/.rels", _RELS)
        archief.writestr("xl/workbook.xml", _BOEK)
        archief.writestr("xl/_rels/workbook.xml.rels", _BOEK_RELS)
        archief.writestr(
            "xl/worksheets/sheet1.xml",
            _KOP
            + b"<worksheet "
            + _NS
            + b'><dimension ref="'
            + dimensie
            + b'"/><sheetData>'
            + _RIJEN
            + blad
            + b"</sheetData></worksheet>",
        )
        archief.writestr(
            "xl/sharedStrings.xml", _KOP + doctype + b"<sst " + _NS + b">" + _TEKSTEN + teksten + b"</sst>"
        )
    return uit.getvalue()


def gedeelde_teksten(grootte: int = 3_000_000) -> bytes:
    """Millions of shared strings (calamine keeps each one): 53 MB unpacked from a few hundred KB."""
    return xlsx(teksten=b"<si><t>x</t></si>" * grootte)


def inline_teksten(grootte: int = 3_000_000) -> bytes:
    """Millions of cells with an inline string, ten to a row without a reference (allowed)."""
    rij = b"<row>" + b'<c t="inlineStr"><is><t>x</t></is></c>' * 10 + b"</row>"
    return xlsx(rij * (grootte // 10))


def spaties(grootte: int = 50_000_000) -> bytes:
    """One cell, then `grootte` spaces between two tags: a text no cell can hold, 50 MB from 50 KB."""
    return xlsx(b'<row r="3"><c r="A3"><v>1</v></c>' + b" " * grootte + b"</row>")


def _lachen(wortel: bytes) -> bytes:
    """A DOCTYPE whose entities double ten times over ("billion laughs"): &j; is 10^10 characters."""
    entiteiten = b"".join(b'<!ENTITY %s "%s">' % (bytes([98 + i]), (b"&%s;" % bytes([97 + i])) * 10) for i in range(9))
    return b"<!DOCTYPE " + wortel + b' [<!ENTITY a "xxxxxxxxxx">' + entiteiten + b"]>"


def entiteiten_xlsx() -> bytes:
    """The shared strings with a billion-laughs DOCTYPE, one string made of its entity."""
    return xlsx(teksten=b"<si><t>&j;</t></si>", doctype=_lachen(b"sst"))


def brede_csv(kolommen: int = 5_000) -> bytes:
    """A ledger's header, then one line of `kolommen` columns (each short: the line stays legal)."""
    return b"Boekdatum;Kostenplaats;Bedrag\n31-01-2018;4100;10\n" + b"1;" * kolommen + b"1\n"


def lange_regel_csv(grootte: int = 2_400_000) -> bytes:
    """The issue's CSV of endless columns: one line of 2.4 MB."""
    return b"Boekdatum;Kostenplaats;Bedrag\n31-01-2018;4100;10\n" + b"x;" * (grootte // 2) + b"\n"


_MT940_KOP = (
    b"{1:F01RABONL2UXXXX0000000000}{2:O940RABONL2UXXXXN}{4:\r\n:20:940S180131\r\n"
    b":25:NL91RABO0315273637 EUR\r\n:28C:1\r\n:60F:C180130EUR0,00\r\n"
)
_MT940_POST = (
    b":61:1801310131C10,00N541NONREF\r\n:86:/CNTP/NL91ABNA0417164300/ABNANL2A/ROC VAN TWENTE///REMI/USTD//F-2018-1/\r\n"
)


def mt940_posten(posten: int = 120_000) -> bytes:
    """An MT940 statement of `posten` entries (11 MB: the issue's took 190 s of CPU to parse)."""
    return _MT940_KOP + _MT940_POST * posten + b":62F:C180131EUR0,00\r\n-}"


def mt940_lang_veld(grootte: int = 11_000_000) -> bytes:
    """An MT940 statement whose one :86: field runs for `grootte` characters."""
    return (
        _MT940_KOP + b":61:1801310131C10,00N541NONREF\r\n:86:/REMI/" + b"F-2018-1 " * (grootte // 9) + b"\r\n"
        b":62F:C180131EUR0,00\r\n-}"
    )


def camt_entiteiten() -> bytes:
    """A CAMT.053 statement with a billion-laughs DOCTYPE."""
    return (
        b'<?xml version="1.0" encoding="UTF-8"?>'
        + _lachen(b"Document")
        + b'<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt><Stmt><Ntry>'
        b'<Amt Ccy="EUR">10.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><BookgDt><Dt>2018-01-31</Dt></BookgDt>'
        b"<AddtlNtryInf>&j;</AddtlNtryInf></Ntry></Stmt></BkToCstmrStmt></Document>"
    )


def groot_blad(rijen: int = 1_048_575) -> bytes:
    """A full sheet (issue 23), its `dimension` saying so in its first bytes: 1,048,577 rows (a
    header, a row, and 1,048,575 bookings), of which `rijen` are really written."""
    regel = b'<row><c t="inlineStr"><is><t>31-01-2018</t></is></c><c><v>4100</v></c><c><v>10</v></c></row>'
    return xlsx(regel * rijen, dimensie=b"A1:C%d" % (1_048_575 + 2))
