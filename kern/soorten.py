"""The kinds of figure the app shows, each with the three ways it is written: as text on a page
(the same text the comparison of a laid-down report puts side by side), as a value in a workbook
cell, and that cell's Excel number format. A figure declares its kind; nothing else says how a
kind of figure looks."""

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from .money import format_euro

EURO = '"€" #,##0.00;"€" -#,##0.00'
GETAL = "#,##0"
JAARTAL = "0"  # a year: 2017, never 2.017
DATUM = "DD-MM-YYYY"
PROCENT = "0.0%"


def procent(waarde, decimalen: int = 0) -> str:
    """A fraction (0.875) as a Dutch percentage (87,5%); nothing for None."""
    if waarde is None:
        return ""
    # Half up, as money is rounded (format() would round half to even).
    getal = (Decimal(waarde) * 100).quantize(Decimal(1).scaleb(-int(decimalen)), rounding=ROUND_HALF_UP)
    return f"{getal}%".replace(".", ",")


def ja_nee(waarde) -> str:
    if waarde is None:
        return ""
    return "ja" if waarde else "nee"


@dataclass(frozen=True)
class Soort:
    naam: str
    excel: str | None  # the cell's number format; None: as the value is (text)
    breedte: int  # a sheet column's width when the column does not say
    decimalen: int = 0  # of a percentage on the page
    rechts: bool = True  # a number: right-aligned on the page (class "getal")

    def tekst(self, waarde) -> str:
        """The figure as a reader sees it, on the page and in the list of what changed."""
        if waarde is None:
            return ""
        match self.naam:
            case "bedrag":
                return format_euro(waarde)
            case "procent":
                return procent(waarde, self.decimalen)
            case "ja/nee":
                return ja_nee(waarde)
            case "dagen":
                return f"{waarde} dagen"
            case "gemiddeld dagen":
                return f"{self.cel(waarde)} dagen".replace(".", ",")
            case "datum":
                return f"{waarde:%d-%m-%Y}"
        return str(waarde)

    def cel(self, waarde):
        """The figure as a workbook cell holds it: numbers and dates raw (Excel formats them), a
        yes/no as the word."""
        if self.naam == "ja/nee":
            return ja_nee(waarde)
        if self.naam == "procent" and isinstance(waarde, Decimal):
            return waarde.quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)
        if self.naam == "gemiddeld dagen" and waarde is not None:
            return Decimal(waarde).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
        return waarde


BEDRAG = Soort("bedrag", EURO, 16)
AANTAL = Soort("aantal", GETAL, 10)
JAAR = Soort("jaar", JAARTAL, 8)
DAGEN = Soort("dagen", GETAL, 10)
GEMIDDELD_DAGEN = Soort("gemiddeld dagen", "0.0", 12)  # an average number of days, to one decimal
PROCENT_HEEL = Soort("procent", PROCENT, 10, decimalen=0)
PROCENT_1 = Soort("procent", PROCENT, 10, decimalen=1)
JA_NEE = Soort("ja/nee", None, 10, rechts=False)
DATUM_SOORT = Soort("datum", DATUM, 12, rechts=False)
TEKST = Soort("tekst", None, 24, rechts=False)

# By name, for a sheet column that names its kind ("bedrag", "aantal", ...).
SOORTEN = {
    "bedrag": BEDRAG,
    "aantal": AANTAL,
    "jaar": JAAR,
    "dagen": DAGEN,
    "procent": PROCENT_1,
    "ja/nee": JA_NEE,
    "datum": DATUM_SOORT,
    "tekst": TEKST,
}


def soort_van(naam_of_soort) -> Soort:
    return naam_of_soort if isinstance(naam_of_soort, Soort) else SOORTEN[naam_of_soort]


def opmaak_naar_waarde(waarde) -> str | None:
    """For a column that does not say what it holds (a list page's table): amounts are Decimals."""
    if isinstance(waarde, Decimal):
        return EURO
    if isinstance(waarde, datetime.date):
        return DATUM
    return None
