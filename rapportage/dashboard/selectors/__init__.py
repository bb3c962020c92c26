"""One function per dashboard section, each returning plain data (dataclasses of amounts,
counts and names) for a region and a year. Every total is summed by the database and every
function runs a fixed number of queries, however many years and rows there are."""

from .basis import Jaarkeuze, afwijking_drempel, cofinancieringsnorm, jaarkeuze, periode
from .geld import financieringsmix, geldstroom, toezeggingen_per_financier, toezeggingen_tegen_minimum
from .landelijk import landelijk_overzicht
from .plan import activiteiten_per_jaar, begroting_tegen_realisatie, besteding, output_tegen_streef
from .volgende_periode import Planbasis, VolgendePeriode, planbasis, standaard_indexatie, volgende_periode

__all__ = [
    "Jaarkeuze",
    "Planbasis",
    "VolgendePeriode",
    "activiteiten_per_jaar",
    "afwijking_drempel",
    "begroting_tegen_realisatie",
    "besteding",
    "cofinancieringsnorm",
    "financieringsmix",
    "geldstroom",
    "jaarkeuze",
    "landelijk_overzicht",
    "output_tegen_streef",
    "periode",
    "planbasis",
    "standaard_indexatie",
    "toezeggingen_per_financier",
    "toezeggingen_tegen_minimum",
    "volgende_periode",
]
