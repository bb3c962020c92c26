"""Reads for the money pages: the grid of an agreement's years, the sums of toezeggingen, and the
rows whose fingerprint guards an agreement against two people saving it at once."""

import re
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from kern.figuren import GEFACTUREERD, MINIMUM, ONTVANGEN, OPENSTAAND, TOEGEZEGD, TOEGEZEGD_GELD, TOEGEZEGD_NATURA
from kern.gelijktijdig import vingerafdruk

from .models import Factuur, Financieringsafspraak, Toezegging

# The grid's rows: each figure's key and its declaration (label and kind, `kern.figuren`).
RIJEN = [
    ("minimum", MINIMUM),
    ("geld", TOEGEZEGD_GELD),
    ("natura", TOEGEZEGD_NATURA),
    ("toegezegd", TOEGEZEGD),
    ("gefactureerd", GEFACTUREERD),
    ("ontvangen", ONTVANGEN),
    ("openstaand", OPENSTAAND),
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
    """The agreement's years side by side: each year's figures and each row's total over the
    years are the database's (ToezeggingQuerySet; the totals come with an agreement read
    `met_totalen()`), one query after that."""
    if not hasattr(afspraak, "totaal_openstaand"):
        afspraak = Financieringsafspraak.objects.met_totalen(ook_concept=True).get(pk=afspraak.pk)
    # The agreement's own years, a concept's too: its page shows what it proposes (marked concept).
    toezeggingen = {
        t.jaar: t
        for t in Toezegging.objects.filter(afspraak=afspraak)
        .met_toegezegd(ook_concept=True)
        .met_geldstroom(ook_concept=True)
    }
    jaren = jaren_van(afspraak, max(toezeggingen, default=None))
    per_jaar = {
        "geld": "bedrag_geld",
        "natura": "bedrag_natura",
        "toegezegd": "toegezegd",
        "gefactureerd": "gefactureerd",
        "ontvangen": "ontvangen",
        "openstaand": "openstaand",
    }
    rijen = []
    for sleutel, cijfer in RIJEN:
        label = cijfer.kop if sleutel == "minimum" else cijfer.label
        if sleutel == "minimum":
            if afspraak.minimum_per_jaar is None:
                continue
            # The minimum holds for every year of the period; its total is what the period asks.
            cellen = [afspraak.minimum_per_jaar for _ in jaren]
            rijen.append((sleutel, label, cellen, afspraak.minimum_per_jaar * len(jaren)))
            continue
        cellen = [getattr(toezeggingen[j], per_jaar[sleutel]) if j in toezeggingen else None for j in jaren]
        rijen.append((sleutel, label, cellen, getattr(afspraak, f"totaal_{sleutel}") if toezeggingen else None))
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


def geldstroom_per_jaar(toezeggingen):
    """Per year: toegezegd in money and in kind, gefactureerd, ontvangen, openstaand, summed by the
    database over the toezeggingen of that year; plus the same over all years."""
    stroom = toezeggingen.met_geldstroom()
    jaren = stroom.opgeteld("jaar")
    return jaren, (stroom.opgeteld() if jaren else None)


def volgend_factuurnummer(leerwerkloket, op) -> str:
    """The number the region's next invoice would have, from the pattern of its latest one: the
    last group of digits one up, its width kept ("LWT-2026-012" -> "LWT-2026-013"); a year in the
    number that is not `op`'s starts again at 1 ("LWT-2026-012" on 2 January 2027 -> "LWT-2027-001").
    Empty for a region without invoices: the first number is the region's own choice."""
    laatste = (
        Factuur.objects.voor_regio(leerwerkloket)
        .order_by("-factuurdatum", "-pk")
        .values_list("nummer", flat=True)
        .first()
    )
    if not laatste:
        return ""
    delen = re.split(r"(\d+)", laatste)
    cijfers = [i for i, deel in enumerate(delen) if deel.isdigit()]
    if not cijfers:
        return ""
    laatste_groep = cijfers[-1]
    jaren = [i for i in cijfers[:-1] if len(delen[i]) == 4 and 2000 <= int(delen[i]) <= 2100]
    volgnummer = int(delen[laatste_groep]) + 1
    if jaren and int(delen[jaren[-1]]) != op.year:
        delen[jaren[-1]] = str(op.year)
        volgnummer = 1
    delen[laatste_groep] = str(volgnummer).zfill(len(delen[laatste_groep]))
    return "".join(delen)
