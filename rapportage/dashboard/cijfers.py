"""The figures of the dashboard's sections 1-7 for a region and a year, in one value: what the
dashboard shows, what the stuurgroep report prints and what a vastgelegd report freezes."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from kern.soorten import TEKST

from . import selectors
from .figuren import Tabel, figuur
from .selectors.basis import Reeks
from .selectors.geld import Financieringsmix, Geldstroom, Toezeggingen, Toezeggingscel
from .selectors.plan import BegrotingTegenRealisatie, Meerjarenactiviteiten, OutputTegenStreef


@dataclass(frozen=True)
class Dashboardcijfers:
    jaar: int
    op: datetime.date  # the day the money flow was read (overdue invoices and their age)
    jaren: list[int]  # the agreement period around `jaar`
    toezeggingen: Toezeggingen
    geldstroom: Geldstroom
    mix: Financieringsmix
    begroting: BegrotingTegenRealisatie
    output: OutputTegenStreef
    meerjaren_activiteiten: Meerjarenactiviteiten

    @property
    def meerjaren_financiers(self) -> list[Reeks]:
        # The period per financier is the funding mix's table; it is read once.
        return self.mix.bronnen

    @property
    def leeg(self) -> bool:
        """Nothing at all for the year: no agreement, no toezegging, no jaarplan."""
        return (
            self.toezeggingen.leeg
            and self.geldstroom.leeg
            and self.mix.leeg
            and not self.begroting.heeft_jaarplan
            and self.meerjaren_activiteiten.leeg
        )

    def context(self) -> dict:
        """The names the section templates read."""
        return {
            "jaar": self.jaar,
            "jaren": self.jaren,
            "toezeggingen": self.toezeggingen,
            "geldstroom": self.geldstroom,
            "mix": self.mix,
            "begroting": self.begroting,
            "output": self.output,
            "meerjaren_financiers": self.meerjaren_financiers,
            "meerjaren_financiers_totaal": self.mix.totaal,
            "meerjaren_activiteiten": self.meerjaren_activiteiten,
        }


def dashboard_cijfers(regio, jaar: int, *, op: datetime.date, drempel: Decimal | None = None) -> Dashboardcijfers:
    """Every section's figures of `regio` in `jaar`, the money flow as it stands on `op`."""
    jaren = selectors.periode(regio, jaar)
    return Dashboardcijfers(
        jaar=jaar,
        op=op,
        jaren=jaren,
        toezeggingen=selectors.toezeggingen_tegen_minimum(regio, jaar),
        geldstroom=selectors.geldstroom(regio, jaar, op=op),
        mix=selectors.financieringsmix(regio, jaar, jaren),
        begroting=selectors.begroting_tegen_realisatie(
            regio, jaar, selectors.afwijking_drempel() if drempel is None else drempel
        ),
        output=selectors.output_tegen_streef(regio, jaar),
        meerjaren_activiteiten=selectors.activiteiten_per_jaar(regio, jaren),
    )


# -- The report's tables, as the list of what changed walks them ------------------------------
TOEZEGGINGEN = "1. Toezeggingen tegen het minimum"
GELDSTROOM = "2. Geldstroom"
MIX = "3. Financieringsmix"
BEGROTING = "4. Begroting en realisatie"
OUTPUT = "5. Output tegen streefwaarden"
BESTEDING = "6. Waar gaat uw geld naartoe?"
MEERJAREN = "7. Meerjarenoverzicht"


@dataclass(frozen=True)
class GeenToezegging:
    """A year of an agreement without a toezegging, as the report shows it."""

    jaar: int
    tekst: str = figuur("{jaar}", TEKST, default="geen toezegging")


def _cofinanciers(c: Dashboardcijfers):
    t = c.toezeggingen
    for rij in t.cofinanciers:
        yield rij.financier, rij, {}
        for jaar, cel in zip(t.jaren, rij.cellen, strict=True):
            if isinstance(cel, Toezeggingscel):
                yield rij.financier, cel, {"jaar": jaar}
            elif cel == "ontbreekt":
                yield rij.financier, GeenToezegging(jaar), {"jaar": jaar}


def _met_totaal(rijen, totaal):
    """The rows and the total row; a table without rows has no total either."""
    return [*rijen, totaal] if rijen else []


def _verlopen(c: Dashboardcijfers):
    s = c.geldstroom
    for f in s.verlopen:
        yield f"Verlopen factuur {f.nummer} ({f.financier})", f, {}
    if s.verlopen_andere_jaren:
        yield "Verlopen facturen uit andere jaren", s, {}


def _meerjaren(c: Dashboardcijfers):
    a = c.meerjaren_activiteiten
    for soort, reeksen, totaal in (
        ("begroot", a.begroot, a.begroot_totaal),
        ("gerealiseerd", a.gerealiseerd, a.gerealiseerd_totaal),
    ):
        for reeks in _met_totaal(reeksen, totaal):
            yield f"{reeks.naam} ({soort})", reeks, {"jaren": a.jaren}


# Rows are named as the page names them (financier, activity, invoice number); the columns are the
# figures each row's class declares. The period per financier is the funding mix's table (3).
TABELLEN = [
    Tabel(TOEZEGGINGEN, _cofinanciers),
    Tabel(TOEZEGGINGEN, lambda c: ((str(g.jaar), g, {}) for g in c.toezeggingen.gezamenlijk), omgedraaid=True),
    Tabel(
        GELDSTROOM,
        lambda c: ((r.naam, r, {}) for r in _met_totaal(c.geldstroom.rijen, c.geldstroom.totaal)),
        naam="geldstroom",
    ),
    Tabel(GELDSTROOM, _verlopen),
    Tabel(MIX, lambda c: ((r.naam, r, {"jaren": c.mix.jaren}) for r in _met_totaal(c.mix.bronnen, c.mix.totaal))),
    Tabel(MIX, lambda c: ((f"{d.naam} in {c.mix.jaar}", d, {}) for d in c.mix.dit_jaar)),
    Tabel(
        BEGROTING,
        lambda c: ((r.naam, r, {"jaar": c.begroting.jaar}) for r in _met_totaal(c.begroting.rijen, c.begroting.totaal)),
        onderdeel=lambda c: c.begroting,
    ),
    Tabel(OUTPUT, lambda c: ((f"{r.activiteit}: {r.indicator}", r, {}) for r in c.output.rijen)),
    Tabel(BESTEDING, lambda c: ((r.naam, r, {"jaar": c.jaar}) for r in c.geldstroom.rijen), naam="besteding"),
    Tabel(MEERJAREN, _meerjaren),
]
