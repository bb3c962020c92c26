"""Reading the cells of an uploaded file (bookkeeping export, bank statement, list of gemeenten):
each reader returns the value or raises ValueError with a Dutch message that a preview shows next
to the row number. Amounts and dates come as numbers, date cells, Excel serial numbers or Dutch
text. Which columns a file has is the importer's own business (jaarplan.importeren.kolommen,
financiering.bankimport.formaten); `normaliseer` is how they all compare a header's name.
"""

import datetime
import re
from decimal import Decimal

import numpy as np

from kern.fields import MAX_BEDRAG
from kern.money import parse_bedrag as parse_getypt_bedrag
from kern.money import round_money
from kern.validators import LAATSTE_DATUM, VROEGSTE_DATUM

EXCEL_NUL = datetime.date(1899, 12, 30)
DATUMNOTATIES = ("%d-%m-%Y", "%d/%m/%Y", "%Y-%m-%d", "%d.%m.%Y", "%d-%m-%y", "%d/%m/%y", "%Y%m%d")  # the last: banks


def normaliseer(naam) -> str:
    return re.sub(r"[^a-z0-9]", "", str(naam or "").lower())


def lees_bedrag(cel) -> Decimal:
    """A cell as an amount: a number, or Dutch text such as `€ 1.234,56`, `1.234,56-` or `(1.234,56)`."""
    if cel is None:
        raise ValueError("het bedrag ontbreekt")
    if isinstance(cel, bool):
        raise ValueError(f"'{cel}' is geen bedrag")
    if isinstance(cel, int):
        waarde = Decimal(cel)
    elif isinstance(cel, float):
        if cel != cel or cel in (float("inf"), float("-inf")):
            raise ValueError("het bedrag ontbreekt")
        waarde = Decimal(repr(cel))
        if abs(waarde) > MAX_BEDRAG:
            raise ValueError(f"'{cel}' is te groot voor een bedrag")
        if abs(waarde - round_money(waarde)) > Decimal("0.000001"):
            raise ValueError(f"{cel} heeft meer dan twee decimalen")
        waarde = round_money(waarde)
    elif isinstance(cel, Decimal):
        waarde = cel
    else:
        waarde = _lees_bedrag_tekst(str(cel))
    if not waarde.is_finite():
        raise ValueError(f"'{cel}' is geen bedrag")
    if abs(waarde) > MAX_BEDRAG:  # before rounding, which cannot hold huge numbers
        raise ValueError(f"'{cel}' is te groot voor een bedrag")
    if waarde != round_money(waarde):
        raise ValueError(f"'{cel}' heeft meer dan twee decimalen")
    return round_money(waarde)


def _lees_bedrag_tekst(tekst: str) -> Decimal:
    s = tekst.strip().replace("€", "").replace("EUR", "").replace("\xa0", "").replace(" ", "")
    negatief = False
    if s.startswith("(") and s.endswith(")"):
        negatief, s = True, s[1:-1]
    if s.endswith("-"):
        negatief, s = True, s[:-1]
    try:
        waarde = parse_getypt_bedrag(s)
    except ValueError:
        raise ValueError(f"'{tekst}' is geen bedrag") from None
    return -waarde if negatief else waarde


def lees_datum(cel) -> datetime.date:
    """A cell as a date: a date cell, an Excel serial number, or `31-12-2018`, `31/12/2018`, `2018-12-31`;
    within the dates the administration holds (kern.validators), as every date typed in a form."""
    datum = _datum_uit(cel)
    if not VROEGSTE_DATUM <= datum <= LAATSTE_DATUM:
        raise ValueError(f"'{cel}' ligt niet tussen {VROEGSTE_DATUM:%d-%m-%Y} en {LAATSTE_DATUM:%d-%m-%Y}")
    return datum


def _datum_uit(cel) -> datetime.date:
    if cel is None:
        raise ValueError("de datum ontbreekt")
    if isinstance(cel, datetime.datetime):
        return cel.date()
    if isinstance(cel, datetime.date):
        return cel
    if hasattr(cel, "to_pydatetime"):  # a pandas Timestamp
        return cel.to_pydatetime().date()
    if isinstance(cel, bool):
        raise ValueError(f"'{cel}' is geen datum")
    if isinstance(cel, (int, float)):
        return _excel_serienummer(cel)
    tekst = str(cel).strip()
    if re.fullmatch(r"\d{5}(\.0+)?", tekst):
        return _excel_serienummer(float(tekst))
    tekst = re.split(r"[ T]", tekst, maxsplit=1)[0]  # "2018-12-31 00:00:00": the time does not matter
    for notatie in DATUMNOTATIES:
        try:
            return datetime.datetime.strptime(tekst, notatie).date()
        except ValueError:
            continue
    raise ValueError(f"'{cel}' is geen datum; schrijf bijvoorbeeld 31-12-2018")


def _excel_serienummer(getal: float) -> datetime.date:
    if getal != int(getal) or not 1 <= getal <= 2958465:
        raise ValueError(f"'{getal}' is geen datum")
    return EXCEL_NUL + datetime.timedelta(days=int(getal))


def verboden_tekens(rij: list) -> str | None:
    """What is wrong with a row whose text holds a NUL character (which no database column takes
    and no bookkeeping package writes on purpose), or None."""
    if any(isinstance(cel, str) and "\x00" in cel for cel in rij):
        return "de regel bevat een onzichtbaar NUL-teken; sla het bestand opnieuw op vanuit de boekhouding"
    return None


def lees_tekst(cel) -> str:
    if cel is None:
        return ""
    if isinstance(cel, float) and cel == int(cel):
        return str(int(cel))  # a kostenplaats 4711 read as the number 4711.0
    return str(cel).strip()


# -- Whole columns at once: the same readers, each distinct cell read once, numbers in one go ------
# Cell types whose equal values are the same cell, also across these types (a date never equals a
# datetime, text never a number); of the numbers only one type at a time (1 == 1.0 == True), and
# floats without zero (-0.0 == 0.0).
_ZELFDE_ALS_GELIJK = frozenset({str, type(None), int, bool, float, datetime.date, datetime.datetime, datetime.time})
_GETALLEN = frozenset({int, bool, float})


def lees_kolom(cellen: list, lezer) -> list:
    """`lezer` applied to every cell: the value, or the ValueError it raised. A column of dates or
    kostenplaatsen holds few distinct cells, so each is read once."""
    soorten = set(map(type, cellen))
    if soorten <= _ZELFDE_ALS_GELIJK and len(soorten & _GETALLEN) <= 1:
        verschillend = dict.fromkeys(cellen)
        if float not in soorten or 0.0 not in verschillend:
            # Two equal cells here are the same cell: the cell itself is the key, and the column
            # is looked up in C instead of one key made per cell.
            gelezen = {}
            for cel in verschillend:
                try:
                    gelezen[cel] = lezer(cel)
                except ValueError as fout:
                    gelezen[cel] = fout
            return list(map(gelezen.__getitem__, cellen))
    gelezen = {}
    uitkomst = []
    for cel in cellen:
        soort = type(cel)
        # Keyed by type too: 1, 1.0 and True are equal keys but not equal cells (True is no date);
        # floats and Decimals by their text, which the error messages show (-0.0, 1.50).
        sleutel = cel if soort is str else (soort, repr(cel) if soort is float or soort is Decimal else cel)
        waarde = gelezen.get(sleutel, gelezen)
        if waarde is gelezen:
            try:
                waarde = lezer(cel)
            except ValueError as fout:
                waarde = fout
            gelezen[sleutel] = waarde
        uitkomst.append(waarde)
    return uitkomst


# Cents this close to a whole cent are the cent for certain, whatever the rounding of float
# arithmetic (lees_bedrag allows 0.000001 euro = 0.0001 cent); anything less clear goes to lees_bedrag.
_ZEKER_HELE_CENT = 0.00005
_INT = 2**53  # whole numbers a float holds exactly
_CENT = Decimal("0.01")


def lees_bedragen(cellen: list) -> list:
    """`lees_bedrag` for a whole column: the amount, or the ValueError. Numbers, the bulk of a
    spreadsheet export, are checked and rounded to cents in one numpy step; text, and any number
    near a rule's edge (more than two decimals, too large, zero), goes through `lees_bedrag` itself."""
    uitkomst = [None] * len(cellen)
    if cellen and set(map(type, cellen)) == {float}:  # the usual column: numbers only
        getallen, waarden = range(len(cellen)), cellen
    else:
        getallen = [
            i for i, cel in enumerate(cellen) if type(cel) is float or (type(cel) is int and -_INT < cel < _INT)
        ]
        waarden = [cellen[i] for i in getallen]
    if getallen:
        with np.errstate(over="ignore", invalid="ignore"):  # inf and NaN are left to lees_bedrag below
            centen = np.array(waarden, dtype=np.float64) * 100
            heel = np.rint(centen)
            zeker = (
                np.isfinite(centen)
                & (np.abs(centen - heel) < _ZEKER_HELE_CENT)
                & (np.abs(heel) <= float(MAX_BEDRAG * 100))
                & (heel != 0)
            )
        if zeker.all():
            # Each a whole number of cents (within MAX_BEDRAG, so exact in int64) times 0.01: the
            # amount at cents, made without a Python step per cell.
            bedragen = map(_CENT.__mul__, map(Decimal, heel.astype(np.int64).tolist()))
            if len(getallen) == len(cellen):
                return list(bedragen)
            for i, bedrag in zip(getallen, bedragen, strict=True):
                uitkomst[i] = bedrag
        else:
            for i, ok, c in zip(getallen, zeker.tolist(), heel.tolist(), strict=True):
                if ok:
                    uitkomst[i] = Decimal(int(c)) * _CENT  # exact: at cents, as scaleb(-2) gives
    rest = [i for i, waarde in enumerate(uitkomst) if waarde is None]
    for i, waarde in zip(rest, lees_kolom([cellen[i] for i in rest], lees_bedrag), strict=True):
        uitkomst[i] = waarde
    return uitkomst
