"""Money: one rounding rule, one way to split, one way to show and to read an amount."""

import re
from collections.abc import Sequence
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal, InvalidOperation

CENT = Decimal("0.01")
_CIJFERS_EN_SCHEIDERS = re.compile(r"[0-9.,]+", re.ASCII)
ZERO = Decimal("0.00")


def round_money(value) -> Decimal:
    """Round to cents, half up (never Python's banker's rounding)."""
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def verhouding(deel, geheel) -> Decimal | None:
    """`deel` as a fraction of `geheel`, unrounded; None when there is no whole to compare with.

    The one ratio of the app (a share, a percentage of a target or a budget). It does not round:
    a page rounds when it shows the figure (`kern.soorten.Soort.tekst`) and a sheet when it writes
    the cell (`Soort.cel`), each half up, so a ratio is never rounded twice."""
    if not geheel:
        return None
    return Decimal(deel) / Decimal(geheel)


def verdeel(bedrag: Decimal, gewichten: Sequence) -> list[Decimal]:
    """Split `bedrag` over parts in proportion to `gewichten`, exactly to the cent.

    Largest-remainder method: every part is first rounded down to cents, the cents left over go
    one by one to the parts with the largest remainder (ties to the first). Unlike "remainder
    to the last part", no part can turn negative or drift more than a cent from its exact share.
    """
    bedrag = Decimal(bedrag)
    if bedrag != round_money(bedrag):
        raise ValueError("Een bedrag heeft hoogstens twee decimalen.")
    gewichten = [Decimal(g) for g in gewichten]
    if not gewichten:
        raise ValueError("Er is niets om over te verdelen.")
    if any(g < 0 for g in gewichten):
        raise ValueError("Een gewicht in de verdeelsleutel kan niet negatief zijn.")
    totaal = sum(gewichten)
    if totaal == 0:
        raise ValueError("De gewichten van de verdeelsleutel tellen op tot nul.")
    if bedrag < 0:
        return [-deel for deel in verdeel(-bedrag, gewichten)]

    exact = [bedrag * g / totaal for g in gewichten]
    delen = [e.quantize(CENT, rounding=ROUND_DOWN) for e in exact]
    over = int((bedrag - sum(delen)) / CENT)
    volgorde = sorted(range(len(exact)), key=lambda i: (-(exact[i] - delen[i]), i))
    for i in volgorde[:over]:
        delen[i] += CENT
    return delen


def format_bedrag(value) -> str:
    """`Decimal("75000")` → `75.000,00`: the Dutch way, as people type it, without the euro sign."""
    bedrag = round_money(value)
    teken = "-" if bedrag < 0 else ""
    heel, _, cent = f"{abs(bedrag):.2f}".partition(".")
    return f"{teken}{int(heel):,}".replace(",", ".") + f",{cent}"


# A non-breaking space, so that a narrow cell never puts the sign and the amount on two lines.
EURO_TEKEN = "€\u00a0"


def format_euro(value) -> str:
    """`Decimal("75000")` → `€\u00a075.000,00` (a non-breaking space); negative amounts as `€\u00a0-1.234,56`."""
    if value is None or value == "":
        return ""
    return f"{EURO_TEKEN}{format_bedrag(value)}"


def parse_bedrag(tekst) -> Decimal:
    """Read an amount as people type it in the Netherlands.

    `75.000`, `75000,50`, `€ 1.234,56`, `-1.234,56`, `1234.56` (a single point followed by exactly
    one or two digits is a decimal point). Raises ValueError with a Dutch message otherwise.
    """
    if isinstance(tekst, Decimal):
        return tekst
    if isinstance(tekst, int):
        return Decimal(tekst)
    s = str(tekst).strip().replace("€", "").replace("\xa0", "").replace(" ", "")
    negatief = s.startswith("-")
    s = s.lstrip("-+")
    if not s:
        raise ValueError("Vul een bedrag in.")
    if not _CIJFERS_EN_SCHEIDERS.fullmatch(s):
        # Decimal would also take 1e30, NaN, Infinity and other scripts' digits; nobody types an amount so.
        raise ValueError(f"'{tekst}' is geen bedrag. Schrijf bijvoorbeeld 75.000 of 1.234,56.")
    if "," in s:
        if s.count(",") > 1:
            raise ValueError(f"'{tekst}' is geen bedrag: gebruik één komma voor de centen.")
        heel, cent = s.split(",")
        heel = _zonder_duizendtallen(heel, tekst)
        s = f"{heel}.{cent}"
    elif s.count(".") == 1 and len(s.split(".")[1]) in (1, 2):
        pass
    else:
        s = _zonder_duizendtallen(s, tekst)
    try:
        waarde = Decimal(s)
    except InvalidOperation:
        raise ValueError(f"'{tekst}' is geen bedrag. Schrijf bijvoorbeeld 75.000 of 1.234,56.") from None
    if not waarde.is_finite():
        raise ValueError(f"'{tekst}' is geen bedrag.")
    return -waarde if negatief else waarde


def _zonder_duizendtallen(heel: str, origineel) -> str:
    if "." not in heel:
        return heel
    groepen = heel.split(".")
    if not groepen[0] or any(len(g) != 3 for g in groepen[1:]):
        raise ValueError(
            f"'{origineel}' is geen bedrag: een punt scheidt duizendtallen (75.000) en de komma de centen."
        )
    return "".join(groepen)
