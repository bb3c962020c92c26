"""One writer turns the sheets of an exporter into an .xlsx workbook (streamed) or a CSV file.

An exporter yields `Blad`s: a title, its columns (with the kind of value each holds, from
`kern.soorten`) and rows of raw values (Decimal, int, date, str). A column may say how it reads
its value from an object (`lees`), so a sheet declares each column once and `Blad.van` makes the
rows; a column of a figure the dashboard declares is `Kolom.van(figuur)`. The writer adds what
makes a sheet ready to use: a title row, a bold header that stays in view, an autofilter, column
widths, the euro format, and totals as real `=SUM()` formulas. Text that a spreadsheet would run
as a formula is written as text.
"""

import csv
import datetime
import io
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from operator import attrgetter

from openpyxl import Workbook
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from kern.figuren import Cijfer
from kern.soorten import DATUM, EURO, GETAL, PROCENT, Soort, opmaak_naar_waarde, soort_van

__all__ = ["DATUM", "EURO", "GETAL", "PROCENT", "Blad", "Info", "Kolom", "csv_bytes", "schrijf_csv", "schrijf_xlsx"]

FORMULE_TEKENS = ("=", "+", "-", "@", "\t", "\r")
MAX_BLADNAAM = 31  # Excel's limit


@dataclass(frozen=True)
class Kolom:
    titel: str
    soort: str | Soort = "tekst"  # a kind of kern.soorten, or its name: tekst, bedrag, aantal, datum, procent
    breedte: int | None = None
    totaal: bool = False  # a =SUM() under this column
    lees: str | Callable | None = None  # how `Blad.van` reads the value from a row's object

    @classmethod
    def van(
        cls,
        figuur,
        *,
        lees=None,
        titel: str | None = None,
        breedte: int | None = None,
        totaal: bool | None = None,
        **context,
    ) -> "Kolom":
        """The column of a figure: a `kern.figuren.Cijfer` (its label, kind and whether it sums;
        `lees` says how a row holds it, `titel` a header other than its label, `totaal=False` no
        =SUM() where rows repeat a value), or a figure a dashboard dataclass declares (read from
        the row as the section reads it)."""
        if isinstance(figuur, Cijfer):
            som = figuur.somt if totaal is None else totaal
            return cls(titel or figuur.label, figuur.soort, breedte=breedte, totaal=som, lees=lees)
        return cls(
            titel or figuur.bladkop(**context),
            figuur.soort,
            breedte=breedte or figuur.breedte,
            totaal=figuur.totaal,
            lees=lees or (lambda rij: figuur.soort.cel(figuur.waarde(rij))),
        )

    @property
    def kind(self) -> Soort:
        return soort_van(self.soort)

    @property
    def opmaak(self) -> str | None:
        return self.kind.excel

    @property
    def kolombreedte(self) -> int:
        if self.breedte:
            return self.breedte
        return max(self.kind.breedte, min(len(self.titel) + 2, 40))

    def waarde(self, rij):
        lees = attrgetter(self.lees) if isinstance(self.lees, str) else self.lees
        return self.kind.cel(lees(rij))


@dataclass
class Blad:
    naam: str
    titel: str
    kolommen: Sequence[Kolom]
    rijen: Iterable[Sequence]
    toelichting: str = ""
    totaal_label: str = "Totaal"
    # The totals row's value under a column that does not sum (an average): computed by the
    # figure's own method, written as a value; None where there is none. A summing column gets =SUM().
    totaalrij: Sequence | None = None

    @property
    def heeft_totalen(self) -> bool:
        return any(k.totaal for k in self.kolommen) or any(w is not None for w in self.totaalrij or ())

    @classmethod
    def van(cls, objecten: Iterable, *, kolommen: Sequence[Kolom], **blad) -> "Blad":
        """A sheet of one row per object, each column reading its own value (`Kolom.lees`)."""
        return cls(kolommen=kolommen, rijen=([k.waarde(o) for k in kolommen] for o in objecten), **blad)


@dataclass
class Info:
    """What the file is: shown on the last sheet of every workbook."""

    rapport: str
    regels: list[tuple[str, object]] = field(default_factory=list)


def veilige_tekst(waarde: str) -> bool:
    return not waarde.startswith(FORMULE_TEKENS)


def schrijf_xlsx(bladen: Iterable[Blad], info: Info, uit) -> None:
    """Write the sheets to `uit` (a path or a binary file) as a streamed workbook."""
    boek = Workbook(write_only=True)
    vet = Font(bold=True)
    titel_font = Font(bold=True, size=14)
    for blad in bladen:
        _schrijf_blad(boek, blad, vet, titel_font)
    _schrijf_info(boek, info, vet, titel_font)
    boek.save(uit)


def _schrijf_blad(boek: Workbook, blad: Blad, vet: Font, titel_font: Font) -> None:
    ws = boek.create_sheet(title=blad.naam[:MAX_BLADNAAM])
    for nummer, kolom in enumerate(blad.kolommen, start=1):
        ws.column_dimensions[get_column_letter(nummer)].width = kolom.kolombreedte
    kopregel = 3 if blad.toelichting else 2
    ws.freeze_panes = f"A{kopregel + 1}"

    titel = WriteOnlyCell(ws, value=_tekst(blad.titel))
    titel.font = titel_font
    ws.append([titel])
    if blad.toelichting:
        ws.append([_tekstcel(ws, blad.toelichting)])
    kop = []
    for kolom in blad.kolommen:
        cel = WriteOnlyCell(ws, value=kolom.titel)
        cel.data_type = "s"
        cel.font = vet
        cel.alignment = Alignment(wrap_text=True, vertical="top")
        kop.append(cel)
    ws.append(kop)

    opmaak = [k.opmaak for k in blad.kolommen]
    breedte_opmaak = len(opmaak)
    stijlen = _Stijlen(ws)
    laatste = kopregel
    for rij in blad.rijen:
        ws.append([_cel(ws, w, opmaak[i] if i < breedte_opmaak else None, stijlen) for i, w in enumerate(rij)])
        laatste += 1
    breedte = get_column_letter(len(blad.kolommen))
    if laatste > kopregel:
        ws.auto_filter.ref = f"A{kopregel}:{breedte}{laatste}"
    if blad.heeft_totalen:
        totaalrij = []
        for nummer, kolom in enumerate(blad.kolommen, start=1):
            if nummer == 1:
                cel = WriteOnlyCell(ws, value=blad.totaal_label)
            elif kolom.totaal:
                letter = get_column_letter(nummer)
                formule = f"=SUM({letter}{kopregel + 1}:{letter}{laatste})" if laatste > kopregel else 0
                cel = WriteOnlyCell(ws, value=formule)
                cel.number_format = kolom.opmaak or GETAL
            elif blad.totaalrij is not None and blad.totaalrij[nummer - 1] is not None:
                cel = WriteOnlyCell(ws, value=blad.totaalrij[nummer - 1])
                cel.number_format = kolom.opmaak or GETAL
            else:
                cel = WriteOnlyCell(ws, value=None)
            cel.font = vet
            totaalrij.append(cel)
        ws.append(totaalrij)


def _schrijf_info(boek: Workbook, info: Info, vet: Font, titel_font: Font) -> None:
    ws = boek.create_sheet(title="Info")
    ws.column_dimensions["A"].width = 24
    ws.column_dimensions["B"].width = 60
    titel = WriteOnlyCell(ws, value=_tekst(info.rapport))
    titel.font = titel_font
    ws.append([titel])
    for label, waarde in info.regels:
        kop = WriteOnlyCell(ws, value=label)
        kop.font = vet
        ws.append([kop, _cel(ws, waarde, DATUM if isinstance(waarde, datetime.date) else None, _Stijlen(ws))])


class _Stijlen(dict):
    """Per number format, the style of one cell, copied into every cell that needs it: setting
    `number_format` on each cell looks the format up again every time (a third of the time)."""

    def __init__(self, ws):
        super().__init__()
        self.ws = ws

    def __missing__(self, opmaak):
        voorbeeld = WriteOnlyCell(self.ws)
        voorbeeld.number_format = opmaak
        self[opmaak] = voorbeeld._style
        return voorbeeld._style


def _cel(ws, waarde, opmaak, stijlen: _Stijlen):
    """A cell for `waarde`; plain values go in as they are (fast), the rest as a styled cell."""
    if isinstance(waarde, str):
        return waarde if veilige_tekst(waarde) else _tekstcel(ws, waarde)
    if isinstance(waarde, datetime.datetime):
        waarde = waarde.replace(tzinfo=None)
    if opmaak is None:
        opmaak = opmaak_naar_waarde(waarde)
    if opmaak is None or waarde is None:
        return waarde
    return Cell(ws, row=1, column=1, value=waarde, style_array=stijlen[opmaak])


def _tekstcel(ws, tekst: str):
    cel = WriteOnlyCell(ws, value=tekst)
    cel.data_type = "s"  # stored as a string: never run as a formula
    return cel


def _tekst(waarde) -> str:
    return str(waarde)


# -- CSV --------------------------------------------------------------------------------------
def schrijf_csv(blad: Blad, uit, *, nederlands: bool = True) -> None:
    """One sheet as CSV text into `uit` (a text file). Dutch: UTF-8 with BOM, `;` and a decimal
    comma, as Dutch Excel opens it; plain: UTF-8, `,` and a decimal point."""
    if nederlands:
        uit.write("\ufeff")
    schrijver = csv.writer(uit, delimiter=";" if nederlands else ",", lineterminator="\r\n")
    schrijver.writerow([k.titel for k in blad.kolommen])
    for rij in blad.rijen:
        schrijver.writerow([_csv_waarde(w, nederlands) for w in rij])


def csv_bytes(blad: Blad, *, nederlands: bool = True) -> bytes:
    uit = io.StringIO()
    schrijf_csv(blad, uit, nederlands=nederlands)
    return uit.getvalue().encode("utf-8")


def _csv_waarde(waarde, nederlands: bool) -> str:
    if waarde is None:
        return ""
    if isinstance(waarde, bool):
        return "ja" if waarde else "nee"
    if isinstance(waarde, Decimal | float):
        tekst = f"{waarde:.2f}" if isinstance(waarde, Decimal) else repr(waarde)
        return tekst.replace(".", ",") if nederlands else tekst
    if isinstance(waarde, datetime.datetime):
        return waarde.strftime("%d-%m-%Y %H:%M") if nederlands else waarde.isoformat()
    if isinstance(waarde, datetime.date):
        return waarde.strftime("%d-%m-%Y") if nederlands else waarde.isoformat()
    tekst = str(waarde)
    if isinstance(waarde, str) and not veilige_tekst(tekst):
        return "'" + tekst  # a spreadsheet opening the CSV must not run it as a formula
    return tekst
