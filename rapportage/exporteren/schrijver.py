"""One writer turns the sheets of an exporter into an .xlsx workbook or a CSV file, both row by row.

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
import itertools
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal
from operator import attrgetter

import xlsxwriter
from xlsxwriter.utility import xl_col_to_name

from kern.figuren import Cijfer
from kern.soorten import DATUM, EURO, GETAL, PROCENT, Soort, opmaak_naar_waarde, soort_van

__all__ = ["DATUM", "EURO", "GETAL", "PROCENT", "Blad", "Info", "Kolom", "csv_bytes", "schrijf_csv", "schrijf_xlsx"]

FORMULE_TEKENS = ("=", "+", "-", "@", "\t", "\r")
MAX_BLADNAAM = 31  # Excel's limit
MAX_RIJEN = 1_048_576  # rows on one sheet, Excel's limit
# Up to this many cells a workbook is made in memory: no temporary files, about half the CPU of
# streaming (a report, a short list), at most a few MB. Beyond it, one row at a time.
IN_GEHEUGEN_TOT = 10_000


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
    """Write the sheets to `uit` (a path or a binary file) as a workbook. A small workbook (a
    report, a short list) is put together in memory; a bigger one streams: XlsxWriter's
    constant_memory mode keeps one row in memory and the rest in a temporary file. Nothing is
    written to `uit` unless every sheet was made (a failing query leaves no half file)."""
    bladen, klein = _vooruit_gelezen(bladen, IN_GEHEUGEN_TOT)
    boek = xlsxwriter.Workbook(
        os.fspath(uit) if isinstance(uit, os.PathLike) else uit,
        {
            "in_memory": klein,
            "constant_memory": not klein,
            # Text is text: never a formula (=, +, -, @), a link or a number because of how it reads.
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
        },
    )
    opmaak = _Opmaak(boek)
    for blad in bladen:
        _schrijf_blad(boek, blad, opmaak)
    _schrijf_info(boek, info, opmaak)
    boek.close()


def _vooruit_gelezen(bladen: Iterable[Blad], grens: int) -> tuple[Iterable[Blad], bool]:
    """The sheets, their rows read ahead up to `grens` cells: all of them and True when the whole
    workbook is smaller; otherwise False, and the rows read so far go back in front of the rest."""
    bladen = iter(bladen)
    gelezen, cellen = [], 0
    for blad in bladen:
        rijen, voorraad = iter(blad.rijen), []
        for rij in rijen:
            voorraad.append(rij)
            cellen += len(rij)
            if cellen > grens:
                gelezen.append(replace(blad, rijen=itertools.chain(voorraad, rijen)))
                return itertools.chain(gelezen, bladen), False
        gelezen.append(replace(blad, rijen=voorraad))
    return gelezen, True


class _Opmaak(dict):
    """One shared Format per look (number format, bold, title), made when first asked for."""

    def __init__(self, boek):
        super().__init__()
        self.boek = boek
        self.titel = boek.add_format({"bold": True, "font_size": 14})
        self.vet = boek.add_format({"bold": True})
        self.kop = boek.add_format({"bold": True, "text_wrap": True, "valign": "top"})

    def __missing__(self, sleutel):
        getal, vet = sleutel
        eigenschappen = {"num_format": getal} if getal else {}
        if vet:
            eigenschappen["bold"] = True
        self[sleutel] = opmaak = self.boek.add_format(eigenschappen) if eigenschappen else None
        return opmaak


def _schrijf_blad(boek, blad: Blad, opmaak: _Opmaak) -> None:
    ws = boek.add_worksheet(blad.naam[:MAX_BLADNAAM])
    for nummer, kolom in enumerate(blad.kolommen):
        ws.set_column(nummer, nummer, kolom.kolombreedte)
    kopregel = 2 if blad.toelichting else 1  # counted from 0, as XlsxWriter counts
    ws.freeze_panes(kopregel + 1, 0)

    ws.write_string(0, 0, _tekst(blad.titel), opmaak.titel)
    if blad.toelichting:
        ws.write_string(1, 0, _tekst(blad.toelichting))
    for nummer, kolom in enumerate(blad.kolommen):
        ws.write_string(kopregel, nummer, _tekst(kolom.titel), opmaak.kop)

    laatste = _schrijf_rijen(ws, blad.rijen, [opmaak[k.opmaak, False] for k in blad.kolommen], opmaak, kopregel + 1)
    if laatste + blad.heeft_totalen >= MAX_RIJEN:  # XlsxWriter would leave the rest out, silently
        raise ValueError(f"{blad.naam}: meer rijen dan op één Excel-blad passen ({MAX_RIJEN}).")
    breedte = len(blad.kolommen) - 1
    if laatste > kopregel:
        ws.autofilter(kopregel, 0, laatste, breedte)
    if blad.heeft_totalen:
        rij = laatste + 1
        for nummer, kolom in enumerate(blad.kolommen):
            vet = opmaak[kolom.opmaak or GETAL, True]
            if nummer == 0:
                ws.write_string(rij, 0, _tekst(blad.totaal_label), opmaak.vet)
            elif kolom.totaal:
                if laatste > kopregel:
                    letter = xl_col_to_name(nummer)
                    # No cached result (as openpyxl wrote it): Excel and LibreOffice compute it on
                    # opening, a reader that does not calculate sees an empty cell, never a wrong 0.
                    ws.write_formula(rij, nummer, f"=SUM({letter}{kopregel + 2}:{letter}{laatste + 1})", vet, "")
                else:
                    ws.write_number(rij, nummer, 0, vet)
            elif blad.totaalrij is not None and blad.totaalrij[nummer] is not None:
                _schrijf_waarde(ws, rij, nummer, blad.totaalrij[nummer], vet)
            else:
                ws.write_blank(rij, nummer, None, opmaak.vet)


def _schrijf_rijen(ws, rijen: Iterable[Sequence], formats: list, opmaak: _Opmaak, eerste: int) -> int:
    """The rows from row `eerste` on (counted from 0); returns the last row written. The cell's
    writer is chosen by the value's type, its format by the column, both decided once per column
    and type: a column that does not say what it holds formats an amount or a date by the value
    (`opmaak_naar_waarde`), as a list page's table leaves it to the values."""
    getal = ws._write_number  # what write_number & co. call, without parsing "A1" arguments per cell
    tekst = ws._write_string
    waar = ws._write_boolean
    datum = _Datums(ws)
    bedrag = opmaak[opmaak_naar_waarde(Decimal(0)), False]
    dag = opmaak[opmaak_naar_waarde(datetime.date.min), False]
    bedrag_opmaak = [f or bedrag for f in formats]
    datum_opmaak = [f or dag for f in formats]
    aantal = len(formats)
    rij = eerste - 1
    for waarden in rijen:
        rij += 1
        for nummer, waarde in enumerate(waarden):
            soort = type(waarde)
            if soort is str:
                tekst(rij, nummer, waarde)  # always a text cell: never a formula, link or number
            elif soort is Decimal:
                # The Decimal itself, never a float: XlsxWriter writes it with format(), so the file
                # holds its exact digits (99999999999.99, where the float would give ...99001).
                getal(rij, nummer, waarde, bedrag_opmaak[nummer] if nummer < aantal else bedrag)
            elif waarde is None:
                continue
            elif soort is int or soort is float:
                getal(rij, nummer, waarde, formats[nummer] if nummer < aantal else None)
            elif soort is datetime.date or soort is datetime.datetime:
                getal(rij, nummer, datum[waarde], datum_opmaak[nummer] if nummer < aantal else dag)
            elif soort is bool:
                waar(rij, nummer, waarde)
            else:
                _schrijf_waarde(ws, rij, nummer, waarde, formats[nummer] if nummer < aantal else None, opmaak)
    return rij


class _Datums(dict):
    """A date's Excel serial number, worked out once per date (a year's bookings share ~250)."""

    def __init__(self, ws):
        super().__init__()
        self.ws = ws

    def __missing__(self, waarde):
        if isinstance(waarde, datetime.datetime):
            waarde = waarde.replace(tzinfo=None)
        self[waarde] = serieel = self.ws._convert_date_time(waarde)
        return serieel


def _schrijf_waarde(ws, rij: int, kolom: int, waarde, format, opmaak: _Opmaak | None = None) -> None:
    """One cell of a value of any type (a subclass of str, Decimal or date; a lazy text): the
    general way, for the totals row and what the fast path does not know."""
    if waarde is None:
        return
    if format is None and opmaak is not None and (getal := opmaak_naar_waarde(waarde)):
        format = opmaak[getal, False]
    if isinstance(waarde, bool):
        ws.write_boolean(rij, kolom, waarde, format)
    elif isinstance(waarde, Decimal | int | float):
        ws.write_number(rij, kolom, waarde, format)
    elif isinstance(waarde, datetime.date):
        if isinstance(waarde, datetime.datetime):
            waarde = waarde.replace(tzinfo=None)
        ws.write_datetime(rij, kolom, waarde, format)
    else:
        ws.write_string(rij, kolom, _tekst(waarde))


def _schrijf_info(boek, info: Info, opmaak: _Opmaak) -> None:
    ws = boek.add_worksheet("Info")
    ws.set_column(0, 0, 24)
    ws.set_column(1, 1, 60)
    ws.write_string(0, 0, _tekst(info.rapport), opmaak.titel)
    for rij, (label, waarde) in enumerate(info.regels, start=1):
        ws.write_string(rij, 0, _tekst(label), opmaak.vet)
        _schrijf_rijen(ws, [[None, waarde]], [None, None], opmaak, rij)


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
