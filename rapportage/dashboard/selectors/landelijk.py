"""The national view: every region's coverage, commitments kept and co-financing share for one
year side by side, with the national totals. Two queries, however many regions."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Exists, IntegerField, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from financiering.models import TELT_MEE, Financieringsafspraak, Toezegging
from jaarplan.models import Jaarplan, dekkingsgraad
from kern.db import GELD, bedrag_som, som
from kern.money import ZERO
from partners.models import Leerwerkloket

from .basis import COFINANCIERING, cofinancieringsnorm, geld


def _aantal(queryset, groep: str):
    """COUNT(*) of `queryset` (filtered on an OuterRef) as a correlated subquery, zero when none."""
    telling = queryset.order_by().values(groep).annotate(_n=Count("pk")).values("_n")[:1]
    return Coalesce(Subquery(telling, output_field=IntegerField()), Value(0))


@dataclass(frozen=True)
class Regiorij:
    naam: str
    slug: str
    jaarplan: str | None  # the status label of the year's jaarplan; None: no jaarplan
    begroot: Decimal
    gedekt: Decimal
    ongedekt: Decimal  # the jaarplan's: the activities' shortfalls, never netted against a surplus
    # Cofinanciering agreements that owe a toezegging in the year (`cofinanciering_in`): an
    # agreement that ended without a successor counts, as not met, for a period after its end.
    cofinanciers: int
    cofinanciers_gehaald: int  # of which the toezegging meets the minimum
    cofinanciering: Decimal  # what counts towards the share, all cofinanciers together
    vereist: Decimal
    heeft_afspraken: bool = True  # False: a region just started, with no agreement of any kind yet

    @property
    def dekkingsgraad(self) -> Decimal | None:
        return dekkingsgraad(self.begroot, self.ongedekt)

    @property
    def alle_gehaald(self) -> bool:
        return self.cofinanciers_gehaald == self.cofinanciers

    @property
    def aandeel_gehaald(self) -> bool:
        return self.cofinanciering >= self.vereist


@dataclass(frozen=True)
class Landelijk:
    jaar: int
    rijen: list[Regiorij]
    begroot: Decimal
    gedekt: Decimal
    ongedekt: Decimal
    cofinanciers: int
    cofinanciers_gehaald: int
    cofinanciering: Decimal
    vereist: Decimal  # per region

    @property
    def dekkingsgraad(self) -> Decimal | None:
        return dekkingsgraad(self.begroot, self.ongedekt)

    @property
    def regios_met_aandeel(self) -> int:
        return sum(1 for r in self.rijen if r.aandeel_gehaald)

    @property
    def regios_met_jaarplan(self) -> int:
        return sum(1 for r in self.rijen if r.jaarplan is not None)

    @property
    def leeg(self) -> bool:
        return not self.begroot and not self.cofinanciers and not self.cofinanciering


def landelijk_overzicht(jaar: int) -> Landelijk:
    """Per region for `jaar`: the jaarplan's status, budgeted and covered, how many co-financiers
    meet their minimum, and whether together they co-finance the required share; with the sums
    over all regions from the database (one query for the rows, one for the totals)."""
    _, _, vereist = cofinancieringsnorm()
    cofinanciering = Toezegging.objects.telt().filter(
        afspraak__leerwerkloket=OuterRef("pk"), jaar=jaar, afspraak__soort=COFINANCIERING
    )
    plan = Jaarplan.objects.filter(leerwerkloket=OuterRef("pk"), jaar=jaar).met_totalen()
    regios = Leerwerkloket.objects.annotate(
        status=Subquery(plan.values("status")[:1]),
        begroot=Coalesce(Subquery(plan.values("totaal_begroot")[:1]), Value(ZERO), output_field=GELD),
        gedekt=Coalesce(Subquery(plan.values("totaal_gedekt")[:1]), Value(ZERO), output_field=GELD),
        ongedekt=Coalesce(Subquery(plan.values("totaal_ongedekt")[:1]), Value(ZERO), output_field=GELD),
        cofinanciers=_aantal(
            Financieringsafspraak.objects.filter(leerwerkloket=OuterRef("pk")).cofinanciering_in(jaar),
            "leerwerkloket",
        ),
        cofinanciers_gehaald=_aantal(cofinanciering.met_toegezegd().filter(gehaald=True), "afspraak__leerwerkloket"),
        cofinanciering=som(cofinanciering, TELT_MEE),
        heeft_afspraken=Exists(Financieringsafspraak.objects.filter(leerwerkloket=OuterRef("pk"))),
    ).order_by("naam")
    statussen = dict(Jaarplan.Status.choices)
    rijen = [
        Regiorij(
            naam=r.naam,
            slug=r.slug,
            jaarplan=statussen.get(r.status),
            begroot=geld(r.begroot),
            gedekt=geld(r.gedekt),
            ongedekt=geld(r.ongedekt),
            cofinanciers=r.cofinanciers,
            cofinanciers_gehaald=r.cofinanciers_gehaald,
            cofinanciering=geld(r.cofinanciering),
            vereist=vereist,
            heeft_afspraken=r.heeft_afspraken,
        )
        for r in regios
    ]
    totaal = regios.aggregate(
        begroot_t=bedrag_som("begroot"),
        gedekt_t=bedrag_som("gedekt"),
        ongedekt_t=bedrag_som("ongedekt"),
        cofinanciers_t=Sum("cofinanciers"),
        gehaald_t=Sum("cofinanciers_gehaald"),
        cofinanciering_t=bedrag_som("cofinanciering"),
    )
    return Landelijk(
        jaar=jaar,
        rijen=rijen,
        begroot=geld(totaal["begroot_t"]),
        gedekt=geld(totaal["gedekt_t"]),
        ongedekt=geld(totaal["ongedekt_t"]),
        cofinanciers=totaal["cofinanciers_t"] or 0,
        cofinanciers_gehaald=totaal["gehaald_t"] or 0,
        cofinanciering=geld(totaal["cofinanciering_t"]),
        vereist=vereist,
    )
