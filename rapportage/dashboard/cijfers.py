"""The figures of the dashboard's sections 1-7 for a region and a year, in one value: what the
dashboard shows, what the stuurgroep report prints and what a vastgelegd report freezes."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from . import selectors
from .selectors.basis import Reeks
from .selectors.geld import Financieringsmix, Geldstroom, Toezeggingen
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
