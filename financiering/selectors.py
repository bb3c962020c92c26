"""Reads for the money pages: the grid of an agreement's years, the sums of toezeggingen, and the
rows whose fingerprint guards an agreement against two people saving it at once."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import DecimalField, F, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from kern.gelijktijdig import vingerafdruk
from kern.money import ZERO

from .models import Financieringsafspraak, Toezegging

RIJEN = [
    ("minimum", "Minimum"),
    ("geld", "Toegezegd in geld"),
    ("natura", "Toegezegd in natura"),
    ("toegezegd", "Toegezegd totaal"),
    ("gefactureerd", "Gefactureerd"),
    ("ontvangen", "Ontvangen"),
    ("openstaand", "Openstaand"),
]


@dataclass
class Raster:
    """Years as columns, the amounts as rows; `cellen[rij][i]` belongs to `jaren[i]`."""

    jaren: list[int]
    rijen: list[tuple[str, str, list[Decimal | None], Decimal | None]]  # key, label, per year, total
    toezeggingen: dict[int, Toezegging]


def jaren_van(afspraak: Financieringsafspraak, laatste_toezegging: int | None) -> list[int]:
    """The period; an open-ended grant runs to its latest toezegging or this year."""
    tot = max(
        filter(None, [laatste_toezegging, timezone.localdate().year if afspraak.eindjaar is None else None]),
        default=None,
    )
    return list(afspraak.jaren(tot_en_met=tot))


def raster(afspraak: Financieringsafspraak) -> Raster:
    """The agreement's years side by side, in one query (the sums are the database's)."""
    toezeggingen = {t.jaar: t for t in Toezegging.objects.filter(afspraak=afspraak).met_geldstroom()}
    jaren = jaren_van(afspraak, max(toezeggingen, default=None))
    per_jaar = {
        "minimum": lambda j, t: afspraak.minimum_per_jaar,
        "geld": lambda j, t: t.bedrag_geld if t else None,
        "natura": lambda j, t: t.bedrag_natura if t else None,
        "toegezegd": lambda j, t: t.totaal if t else None,
        "gefactureerd": lambda j, t: t.gefactureerd if t else None,
        "ontvangen": lambda j, t: t.ontvangen if t else None,
        "openstaand": lambda j, t: t.openstaand if t else None,
    }
    rijen = []
    for sleutel, label in RIJEN:
        if sleutel == "minimum" and afspraak.minimum_per_jaar is None:
            continue
        cellen = [per_jaar[sleutel](j, toezeggingen.get(j)) for j in jaren]
        totaal = sum((c for c in cellen if c is not None), ZERO) if any(c is not None for c in cellen) else None
        rijen.append((sleutel, label, cellen, totaal))
    return Raster(jaren=jaren, rijen=rijen, toezeggingen=toezeggingen)


def bewaakte_rijen(afspraak: Financieringsafspraak):
    """What the agreement form is drawn from: the agreement as stored and its toezeggingen' amounts."""
    return (
        Financieringsafspraak.objects.filter(pk=afspraak.pk).values_list(),
        Toezegging.objects.filter(afspraak=afspraak.pk).values_list("jaar", "bedrag_geld", "bedrag_natura"),
    )


def toestand(afspraak: Financieringsafspraak) -> str:
    """The fingerprint the agreement form carries (kern.gelijktijdig)."""
    return vingerafdruk(*bewaakte_rijen(afspraak))


GELD = DecimalField(max_digits=16, decimal_places=2)


def _totaal(veld):
    return Coalesce(Sum(veld), Value(ZERO), output_field=GELD)


def _bedragen():
    # Aliases other than met_geldstroom's names: an aggregate that reuses the name of the
    # annotation it sums hides that annotation (PostgreSQL then misses the column).
    return {
        "som_geld": _totaal("bedrag_geld"),
        "som_natura": _totaal("bedrag_natura"),
        "som_toegezegd": _totaal(F("bedrag_geld") + F("bedrag_natura")),
        "som_gefactureerd": _totaal("gefactureerd"),
        "som_ontvangen": _totaal("ontvangen"),
        "som_openstaand": _totaal("openstaand"),
    }


def _zonder_voorvoegsel(rij: dict) -> dict:
    return {sleutel.removeprefix("som_"): waarde for sleutel, waarde in rij.items()}


def geldstroom_per_jaar(toezeggingen):
    """Per year: toegezegd in money and in kind, gefactureerd, ontvangen, openstaand, summed by the
    database over the partner's toezeggingen of that year; plus the same over all years."""
    stroom = toezeggingen.met_geldstroom().order_by()
    jaren = [_zonder_voorvoegsel(rij) for rij in stroom.values("jaar").annotate(**_bedragen()).order_by("jaar")]
    totaal = geldstroom_totaal(stroom) if jaren else None
    return jaren, totaal


def geldstroom_totaal(stroom) -> dict:
    """The same sums over all of `stroom` (toezeggingen `met_geldstroom`), in one query."""
    return _zonder_voorvoegsel(stroom.order_by().aggregate(**_bedragen()))
