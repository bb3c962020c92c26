"""Refusing a file over the row limit (IMPORT_MAX_RIJEN, 250,000) before it is read whole.

Two files as the issue met them: a full sheet of 1,048,575 rows of five booking cells, and one
of 1,048,000 rows of 64 cells (which grew a worker to 4.8 GB before). Each is refused by
`lees_cellen`; measured: the clock, and the process's peak memory (resident set, by the kernel:
zlib and calamine allocate outside Python, which tracemalloc would not see). Each file is
refused in a fresh process, so one's peak does not hide the other's. Goal: under 3 s and under
300 MB, the whole process included (Django with the app loaded is about 100 MB of that).

Run: .venv/bin/python benchmarks/import_grens.py   (or make bench)
"""

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BESTANDEN = {
    "1048575x5": (ROOT / "benchmarks" / ".grens-1048575x5.xlsx", 1_048_575, 5),
    "1048000x64": (ROOT / "benchmarks" / ".grens-1048000x64.xlsx", 1_048_000, 64),
    "200000x64": (ROOT / "benchmarks" / ".grens-200000x64.xlsx", 200_000, 64),
}

_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'
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
    'worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
)


def _kolom(n: int) -> str:
    letters = ""
    while n:
        n, rest = divmod(n - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def maak_bestand(pad: Path, rijen: int, kolommen: int) -> None:
    """The sheet XML written directly (openpyxl would take minutes for 67 million cells), with a
    small `dimension` that lies, as a hand-made file may."""
    letters = [_kolom(k + 1) for k in range(kolommen)]
    with zipfile.ZipFile(pad, "w", zipfile.ZIP_DEFLATED) as archief:
        archief.writestr("[Content_Types].xml", _TYPES)
        archief.writestr("_rels/.rels", _RELS)
        archief.writestr("xl/workbook.xml", _BOEK)
        archief.writestr("xl/_rels/workbook.xml.rels", _BOEK_RELS)
        info = zipfile.ZipInfo("xl/worksheets/sheet1.xml")
        info.compress_type = zipfile.ZIP_DEFLATED
        with archief.open(info, "w", force_zip64=True) as blad:
            blad.write(
                b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                b'<dimension ref="A1:E10"/><sheetData>'
            )
            if kolommen < 10:
                for r in range(1, rijen + 1):
                    cellen = "".join(f'<c r="{k}{r}"><v>{r}</v></c>' for k in letters)
                    blad.write(f'<row r="{r}">{cellen}</row>'.encode())
            else:
                # Cells without a reference (allowed: each takes the next column) compress as the
                # issue's file did, to a few MB.
                regel = ("<row>" + "<c><v>1</v></c>" * kolommen + "</row>").encode()
                for _ in range(rijen // 1000):
                    blad.write(regel * 1000)
            blad.write(b"</sheetData></worksheet>")


def meet_een(naam: str) -> None:
    """In this (fresh) process: refuse the file, print seconds and peak MB."""
    import os
    import resource
    import time

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    import django

    django.setup()
    from django.core.exceptions import ValidationError

    from kern.bestanden import lees_cellen

    pad = BESTANDEN[naam][0]
    inhoud = pad.read_bytes()
    voor = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    begin = time.perf_counter()
    try:
        lees_cellen(inhoud, pad.name)
        melding = "NIET GEWEIGERD"
    except ValidationError as fout:
        melding = fout.messages[0]
    duur = time.perf_counter() - begin
    piek = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    grootte = len(inhoud) / 1024 / 1024
    print(f"{naam}: {grootte:.1f} MB; {duur:.2f} s; piek {piek:.0f} MB (voor het lezen {voor:.0f} MB)")
    print(f"  {melding}")


def main():
    if len(sys.argv) > 1:
        meet_een(sys.argv[1])
        return
    for pad, rijen, kolommen in BESTANDEN.values():
        if not pad.exists():
            print(f"{pad.name} maken...", flush=True)
            maak_bestand(pad, rijen, kolommen)
    for naam in BESTANDEN:
        for _ in range(3):
            subprocess.run([sys.executable, __file__, naam], check=True)


if __name__ == "__main__":
    main()
