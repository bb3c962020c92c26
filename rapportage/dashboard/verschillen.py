"""What changed between a vastgelegd report and today: every figure of the report as the reader
sees it (section, row, column, the text in the cell), and the ones that differ. The figures are
those the report's tables declare (`cijfers.TABELLEN`, `figuren.py`): a figure added to the
dashboard is compared without a word here."""

from dataclasses import dataclass

from .cijfers import TABELLEN, Dashboardcijfers


@dataclass(frozen=True)
class Verschil:
    sectie: str
    rij: str
    kolom: str
    toen: str | None  # None: the figure was not in the report
    nu: str | None  # None: the figure is no longer there


def figuren(c: Dashboardcijfers) -> dict[tuple[str, str, str], str | None]:
    """Every figure of the report, keyed by (section, row, column), in the order of the page."""
    return {sleutel: tekst for tabel in TABELLEN for sleutel, tekst in tabel.vakjes(c)}


def verschillen(toen: Dashboardcijfers, nu: Dashboardcijfers) -> list[Verschil]:
    """The figures that differ, section by section in the order of the report: in each, first
    those of the snapshot, then those only there today."""
    oud, nieuw = figuren(toen), figuren(nu)
    secties = list(dict.fromkeys(tabel.sectie for tabel in TABELLEN))
    sleutels = [k for sectie in secties for k in [*oud, *(n for n in nieuw if n not in oud)] if k[0] == sectie]
    return [Verschil(*k, oud.get(k), nieuw.get(k)) for k in sleutels if oud.get(k) != nieuw.get(k)]
