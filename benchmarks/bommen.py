"""Refusing a bomb of each shape (issue 27) beside reading a legal file of about the same size.

The bombs are the issue's, at full size (tests/bommen.py makes them): millions of shared or inline
strings in a few hundred KB of .xlsx, 50 MB of spaces in 50 KB, a DOCTYPE of entities, a CSV line
of 2.4 MB, an MT940 statement of 11 MB (120,000 entries, or one endless :86: field) and a CAMT.053
with entities. Each is given to the reader every upload path uses (`kern.bestanden.lees_cellen`,
or `lees_afschrift` for a bank statement) in a fresh process, so one's peak does not hide another's;
measured: seconds of CPU (the process's own, so other load on the machine counts less) and the
process's peak memory (resident set, by the kernel: zlib and calamine allocate outside Python).
Goal: each refusal under 1 s of CPU and under 300 MB, the whole process included (Django with the
app loaded is about 100 MB of that). The baseline reads a legal file of about the same size.

Run: .venv/bin/python benchmarks/bommen.py   (or make bench)
"""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _legaal_xlsx(rijen: int) -> bytes:
    from tests import bommen

    regels = b"".join(
        b'<row r="%d"><c r="A%d" t="inlineStr"><is><t>31-01-2018</t></is></c><c r="B%d" t="inlineStr"><is><t>%d'
        b'</t></is></c><c r="C%d"><v>%d.%02d</v></c></row>' % (r, r, r, 4100 + r % 7, r, r % 997, r % 100)
        for r in range(3, rijen + 3)
    )
    return bommen.xlsx(regels, dimensie=b"A1:C%d" % (rijen + 2))


def _legaal_csv(grootte: int) -> bytes:
    regel = b"31-01-2018;4100;Kantoorartikelen voor de loketfunctie;120,50\n"
    return b"Boekdatum;Kostenplaats;Omschrijving;Bedrag\n" + regel * (grootte // len(regel))


def _legaal_camt() -> bytes:
    return (
        b'<?xml version="1.0" encoding="UTF-8"?><Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02">'
        b'<BkToCstmrStmt><Stmt><Ntry><Amt Ccy="EUR">10.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><BookgDt><Dt>2018-01-31'
        b"</Dt></BookgDt><AddtlNtryInf>F-2018-1</AddtlNtryInf></Ntry></Stmt></BkToCstmrStmt></Document>"
    )


# name -> (how to make it, file name, reader): the bombs, each with its baseline below it
GEVALLEN = {
    "gedeelde teksten (3 mln)": ("bommen.gedeelde_teksten()", "bom.xlsx", "cellen"),
    "inline teksten (3 mln)": ("bommen.inline_teksten()", "bom.xlsx", "cellen"),
    "spaties (50 MB)": ("bommen.spaties()", "bom.xlsx", "cellen"),
    "blad van 1.048.575 regels": ("bommen.groot_blad()", "bom.xlsx", "cellen"),
    "XML-entiteiten (.xlsx)": ("bommen.entiteiten_xlsx()", "bom.xlsx", "cellen"),
    "basis: legale .xlsx, 20.000 regels": ("_legaal_xlsx(20_000)", "legaal.xlsx", "cellen"),
    "CSV, regel van 2,4 MB": ("bommen.lange_regel_csv()", "bom.csv", "cellen"),
    "CSV, 5.000 kolommen": ("bommen.brede_csv()", "bom.csv", "cellen"),
    "basis: legale CSV van 2,4 MB": ("_legaal_csv(2_400_000)", "legaal.csv", "cellen"),
    "MT940, 120.000 boekingen (11 MB)": ("bommen.mt940_posten()", "bom.sta", "afschrift"),
    "MT940, veld van 11 MB": ("bommen.mt940_lang_veld()", "bom.sta", "afschrift"),
    "basis: legale MT940, 2.000 boekingen": ("bommen.mt940_posten(2_000)", "legaal.sta", "afschrift"),
    "CAMT.053 met XML-entiteiten": ("bommen.camt_entiteiten()", "bom.xml", "afschrift"),
    "basis: legale CAMT.053": ("_legaal_camt()", "legaal.xml", "afschrift"),
}


def _pad(naam: str) -> Path:
    """Made once, in the parent process, so making it does not count in a child's peak."""
    kort = "".join(teken if teken.isalnum() else "-" for teken in naam)
    return ROOT / "benchmarks" / f".bom-{kort}{Path(GEVALLEN[naam][1]).suffix}"


def _piek() -> float:
    """This process's peak resident memory in MB (VmHWM: since exec; ru_maxrss would carry the
    parent's peak over a fork)."""
    for regel in Path("/proc/self/status").read_text().splitlines():
        if regel.startswith("VmHWM:"):
            return int(regel.split()[1]) / 1024
    return 0.0


def meet_een(naam: str) -> None:
    """In this (fresh) process: read or refuse the file, print CPU seconds and peak MB."""
    import os
    import time

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    import django

    django.setup()
    from django.core.exceptions import ValidationError

    from financiering.bankimport.formaten import lees_afschrift
    from kern.bestanden import lees_cellen

    _, bestandsnaam, lezer = GEVALLEN[naam]
    inhoud = _pad(naam).read_bytes()
    voor = _piek()
    begin = time.process_time()
    try:
        if lezer == "cellen":
            uitkomst = f"gelezen: {len(lees_cellen(inhoud, bestandsnaam)):,} rijen"
        else:
            regels, fouten = lees_afschrift(inhoud, bestandsnaam)
            uitkomst = f"gelezen: {len(regels):,} regels, {len(fouten)} fouten"
    except ValidationError as fout:
        uitkomst = f"geweigerd: {fout.messages[0][:110]}"
    cpu = time.process_time() - begin
    piek = _piek()
    print(f"| {naam} | {len(inhoud) / 1024:,.0f} KB | {cpu:.3f} s | {piek:.0f} MB ({voor:.0f} MB) | {uitkomst} |")


def main():
    if len(sys.argv) > 1:
        meet_een(sys.argv[1])
        return
    sys.path.insert(0, str(ROOT))
    from tests import bommen  # noqa: F401  (used by the expressions in GEVALLEN)

    for naam, (maak, _, _) in GEVALLEN.items():
        if not _pad(naam).exists():
            _pad(naam).write_bytes(eval(maak))  # one of the expressions above
    print("| bestand | grootte | CPU | piek (vóór lezen) | uitkomst |")
    print("| --- | --- | --- | --- | --- |")
    for naam in GEVALLEN:
        subprocess.run([sys.executable, __file__, naam], check=True)


if __name__ == "__main__":
    main()
