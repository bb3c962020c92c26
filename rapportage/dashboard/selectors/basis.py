"""What every section shares: the years to choose from, the agreement period around a year, and
sums the database computes."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db.models import Max, Min, Q
from django.utils import timezone

from financiering.models import Financieringsafspraak, Toezegging
from jaarplan.models import Jaarplan
from kern.db import bedrag_som, bedrag_som_over
from kern.money import ZERO, round_money
from kern.soorten import BEDRAG

from ..figuren import figuur

COFINANCIERING = Financieringsafspraak.Soort.COFINANCIERING


@dataclass(frozen=True)
class Reeks:
    """A row of amounts over the years of a period, with the period total from the database."""

    naam: str
    bedragen: list[Decimal] = figuur("{jaar}", BEDRAG, per_jaar=True)
    totaal: Decimal = figuur("Totaal", BEDRAG, blad="Totaal periode", totaal=True)
    sleutel: int | str | None = None


@dataclass(frozen=True)
class Kruistabel:
    """Amounts of rows × years, summed by the database: the cells, each row's total, each year's
    total and the grand total. `rijen` maps a row's key to the values of its label fields."""

    jaren: list[int]
    rijen: dict
    cellen: dict  # (row key, year) -> amount
    rijtotalen: dict
    jaartotalen: list[Decimal]
    totaal: Decimal

    def bedragen(self, sleutel) -> list[Decimal]:
        return [self.cellen.get((sleutel, j), ZERO) for j in self.jaren]


def kruistabel(queryset, rij: str, labels: tuple[str, ...], jaar: str, waarde, jaren: list[int]) -> Kruistabel:
    """One query whatever the size: the cells, grouped by (`rij` with its `labels`, `jaar`) in the
    order of the labels, each with the total of its row, of its year and of all (the database's
    sums of the cells, `bedrag_som_over`)."""
    cel = bedrag_som(waarde)
    cellen_q = (
        queryset.filter(**{f"{jaar}__in": jaren})
        .order_by()
        .values(rij, *labels, jaar)
        .annotate(
            _bedrag=cel,
            _rij=bedrag_som_over(cel, partitie=[rij]),
            _jaar=bedrag_som_over(cel, partitie=[jaar]),
            _alles=bedrag_som_over(cel),
        )
        .order_by(*labels, rij, jaar)
    )
    cellen, rijen, rijtotalen, jaartotalen, totaal = {}, {}, {}, {}, ZERO
    for r in cellen_q:
        cellen[(r[rij], r[jaar])] = geld(r["_bedrag"])
        rijen[r[rij]] = tuple(r[label] for label in labels)
        rijtotalen[r[rij]] = geld(r["_rij"])
        jaartotalen[r[jaar]] = geld(r["_jaar"])
        totaal = geld(r["_alles"])
    return Kruistabel(
        jaren=list(jaren),
        rijen=rijen,
        cellen=cellen,
        rijtotalen=rijtotalen,
        jaartotalen=[jaartotalen.get(j, ZERO) for j in jaren],
        totaal=totaal,
    )


def geld(waarde) -> Decimal:
    """A sum from the database as a plain amount in cents (SQLite hands back more digits)."""
    return round_money(waarde if waarde is not None else ZERO)


@dataclass(frozen=True)
class Jaarkeuze:
    jaren: list[int]  # newest first: every year with a jaarplan or a toezegging
    gekozen: int
    standaard: int

    @property
    def opties(self) -> list[int]:
        return sorted(set(self.jaren) | {self.gekozen}, reverse=True)


def jaarkeuze(regio, gevraagd=None, vandaag: datetime.date | None = None) -> Jaarkeuze:
    """The years the region (every region, for None) has data for, and the one to show: the asked
    year if it is a year at all, else the year of the latest vastgesteld jaarplan, else the latest
    jaarplan, else the latest toezegging, else this calendar year. Two queries."""
    jaren = sorted(_jaren_met_gegevens(regio), reverse=True)
    plannen = _van(Jaarplan, regio).aggregate(
        vastgesteld=Max("jaar", filter=Q(status=Jaarplan.Status.VASTGESTELD)), laatste=Max("jaar")
    )
    standaard = (
        plannen["vastgesteld"]
        or plannen["laatste"]
        or (jaren[0] if jaren else None)
        or (vandaag or timezone.localdate()).year
    )
    return Jaarkeuze(jaren=jaren, gekozen=_jaar_uit(gevraagd) or standaard, standaard=standaard)


def _van(model, regio):
    """The model's rows of `regio`; of every region when `regio` is None (the national view)."""
    return model.objects.all() if regio is None else model.objects.voor_regio(regio)


def _jaren_met_gegevens(regio) -> set[int]:
    """Every year with a jaarplan or a toezegging (one query)."""
    return set(
        _van(Jaarplan, regio)
        .order_by()
        .values_list("jaar", flat=True)
        .union(_van(Toezegging, regio).order_by().values_list("jaar", flat=True))
    )


def _jaar_uit(waarde) -> int | None:
    try:
        jaar = int(waarde)
    except (TypeError, ValueError):
        return None
    return jaar if 2000 <= jaar <= 2100 else None


def periode(regio, jaar: int) -> list[int]:
    """The agreement period around `jaar`: from the first to the last year of the cofinanciering
    agreements running in `jaar`. Without such an agreement: from the first to the last year with
    a jaarplan or a toezegging; without any, `jaar` alone. Two queries at most."""
    lopend = (
        Financieringsafspraak.objects.voor_regio(regio)
        .telt()
        .filter(soort=COFINANCIERING, startjaar__lte=jaar, eindjaar__gte=jaar)
        .aggregate(van=Min("startjaar"), tot=Max("eindjaar"))
    )
    if lopend["van"] is not None:
        return list(range(lopend["van"], lopend["tot"] + 1))
    jaren = _jaren_met_gegevens(regio)
    return list(range(min(jaren), max(jaren) + 1)) if jaren else [jaar]


def cofinancieringsnorm() -> tuple[Decimal, Decimal, Decimal]:
    """(share, SZW base amount, required joint co-financing per year) from the settings."""
    aandeel = Decimal(str(settings.COFINANCIERING_AANDEEL_VAN_BASISBEDRAG))
    basisbedrag = Decimal(str(settings.SZW_BASISBEDRAG_PER_LOKET))
    return aandeel, basisbedrag, round_money(aandeel * basisbedrag)


def afwijking_drempel() -> Decimal:
    """Above this many percent a budget deviation is marked (setting AFWIJKING_DREMPEL_PROCENT)."""
    return Decimal(str(getattr(settings, "AFWIJKING_DREMPEL_PROCENT", 10)))
