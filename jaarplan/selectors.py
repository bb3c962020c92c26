"""Reads for the jaarplan pages: the list of years and the dekking matrix of one year.
Every total is summed by the database; the number of queries does not grow with the data."""

import hashlib
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import F, OuterRef

from financiering.models import Toezegging
from kern.db import som
from kern.money import ZERO

from .models import Activiteit, Begrotingsregel, Dekking, Jaarplan, Kostensoort


def jaarplannen_van(gebruiker):
    return Jaarplan.objects.voor_gebruiker(gebruiker).select_related("leerwerkloket").met_totalen().order_by("-jaar")


def dekkingsgraad(begroot: Decimal, gedekt: Decimal) -> Decimal | None:
    """Covered as a fraction of budgeted; None when nothing is budgeted."""
    return (gedekt / begroot) if begroot else None


def bronnen(jaarplan: Jaarplan):
    """This year's toezeggingen of the region, each with what is allocated and what is still free."""
    return (
        Toezegging.objects.voor_regio(jaarplan.leerwerkloket_id)
        .filter(jaar=jaarplan.jaar)
        .select_related("afspraak__financier", "afspraak__project")
        .annotate(toegewezen=som(Dekking.objects.filter(toezegging=OuterRef("pk"))))
        .annotate(vrij=F("bedrag_geld") + F("bedrag_natura") - F("toegewezen"))
        .order_by("afspraak__financier__naam", "afspraak__naam")
    )


@dataclass
class MatrixRij:
    activiteit: Activiteit
    begroting: dict[str, Decimal]  # kostensoort -> bedrag
    cellen: list[Decimal | None]  # per bron, in the order of DekkingMatrix.bronnen

    @property
    def begroot(self) -> Decimal:
        return self.activiteit.begroot

    @property
    def gedekt(self) -> Decimal:
        return self.activiteit.gedekt

    @property
    def ongedekt(self) -> Decimal:
        return self.activiteit.begroot - self.activiteit.gedekt


@dataclass
class DekkingMatrix:
    jaarplan: Jaarplan
    bronnen: list[Toezegging]
    rijen: list[MatrixRij]
    kostensoorten: list[tuple[str, str]] = field(default_factory=lambda: list(Kostensoort.choices))

    @property
    def totaal_begroot(self) -> Decimal:
        return sum((r.begroot for r in self.rijen), ZERO)

    @property
    def totaal_gedekt(self) -> Decimal:
        return sum((r.gedekt for r in self.rijen), ZERO)

    @property
    def totaal_ongedekt(self) -> Decimal:
        return self.totaal_begroot - self.totaal_gedekt

    @property
    def totaal_toegezegd(self) -> Decimal:
        return sum((b.totaal for b in self.bronnen), ZERO)

    @property
    def totaal_vrij(self) -> Decimal:
        return sum((b.vrij for b in self.bronnen), ZERO)

    @property
    def dekkingsgraad(self) -> Decimal | None:
        return dekkingsgraad(self.totaal_begroot, self.totaal_gedekt)

    def begroting_per_kostensoort(self) -> list[Decimal]:
        return [sum((r.begroting.get(k, ZERO) for r in self.rijen), ZERO) for k, _ in self.kostensoorten]


def dekking_matrix(jaarplan: Jaarplan) -> DekkingMatrix:
    """Funding sources as columns, activities as rows, allocations in the cells (four queries).
    The row and column totals come from the database; the grand totals add those up."""
    activiteiten = list(
        Activiteit.objects.filter(jaarplan=jaarplan)
        .met_totalen()
        .select_related("project")
        .prefetch_related("indicatoren")
        .order_by("volgorde", "naam")
    )
    bron_lijst = list(bronnen(jaarplan))
    kolom = {b.pk: i for i, b in enumerate(bron_lijst)}
    cellen = {a.pk: [None] * len(bron_lijst) for a in activiteiten}
    for activiteit_id, toezegging_id, bedrag in Dekking.objects.filter(activiteit__jaarplan=jaarplan).values_list(
        "activiteit_id", "toezegging_id", "bedrag"
    ):
        cellen[activiteit_id][kolom[toezegging_id]] = bedrag
    begroting = {a.pk: {} for a in activiteiten}
    for activiteit_id, kostensoort, bedrag in Begrotingsregel.objects.filter(activiteit__jaarplan=jaarplan).values_list(
        "activiteit_id", "kostensoort", "bedrag"
    ):
        begroting[activiteit_id][kostensoort] = bedrag
    rijen = [MatrixRij(a, begroting[a.pk], cellen[a.pk]) for a in activiteiten]
    return DekkingMatrix(jaarplan=jaarplan, bronnen=bron_lijst, rijen=rijen)


def toestand(jaarplan: Jaarplan) -> str:
    """A fingerprint of the jaarplan's status, budget and coverage. A form carries the one it
    was drawn from; a save against a different one means someone else saved in between."""
    delen = [jaarplan.status]
    delen += [
        f"b{a}:{k}:{b}"
        for a, k, b in Begrotingsregel.objects.filter(activiteit__jaarplan=jaarplan)
        .order_by("pk")
        .values_list("activiteit_id", "kostensoort", "bedrag")
    ]
    delen += [
        f"d{a}:{t}:{b}"
        for a, t, b in Dekking.objects.filter(activiteit__jaarplan=jaarplan)
        .order_by("pk")
        .values_list("activiteit_id", "toezegging_id", "bedrag")
    ]
    delen += [
        str(pk) for pk in Activiteit.objects.filter(jaarplan=jaarplan).order_by("pk").values_list("pk", flat=True)
    ]
    return hashlib.sha256("|".join(delen).encode()).hexdigest()[:32]
