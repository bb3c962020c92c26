"""8. The next period: the current activities and their budget, indexed year by year, split over
the financiers by a chosen share, against each partner's minimum of today.

`planbasis` reads what the plan starts from (three queries); `volgende_periode` is arithmetic on
it alone, so it can be tested without a database: every year's parts add up to that year's cost,
to the cent."""

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db.models import Exists, OuterRef, Q, Subquery

from financiering.models import TOEGEZEGD, Financieringsafspraak, Toezegging
from jaarplan.models import Activiteit, Jaarplan
from kern.db import som
from kern.money import ZERO, round_money, verdeel
from partners.models import Partner

from .basis import COFINANCIERING, cofinancieringsnorm, geld, periode
from .geld import Gezamenlijk

HONDERD = Decimal("100.00")


@dataclass(frozen=True)
class Kostenpost:
    naam: str
    begroot: Decimal  # in the base year


@dataclass(frozen=True)
class Planfinancier:
    financier_id: int
    naam: str
    toegezegd: Decimal  # in the base year, money and in kind
    minimum: Decimal | None  # today's minimum per year: a cofinanciering agreement running in the base year


@dataclass(frozen=True)
class Planbasis:
    jaren: list[int]  # the years with a jaarplan, newest first
    basisjaar: int | None  # None: there is no jaarplan at all
    activiteiten: list[Kostenpost]
    financiers: list[Planfinancier]
    huidige_periode: list[int]  # the agreement period around the base year

    @property
    def toegezegd(self) -> Decimal:
        return sum((f.toegezegd for f in self.financiers), ZERO)

    def standaard_verdeling(self) -> dict[int, Decimal]:
        """Each financier's share of the base year's toezeggingen in percent, to two decimals and
        adding up to exactly 100; equal shares when nothing was committed."""
        if not self.financiers:
            return {}
        gewichten = [f.toegezegd for f in self.financiers] if self.toegezegd else [1] * len(self.financiers)
        return {f.financier_id: p for f, p in zip(self.financiers, verdeel(HONDERD, gewichten), strict=True)}

    @property
    def standaard_van(self) -> int:
        return self.huidige_periode[-1] + 1

    @property
    def standaard_aantal(self) -> int:
        return len(self.huidige_periode) if len(self.huidige_periode) > 1 else 5


def standaard_indexatie() -> Decimal:
    """Percent per year (setting VOLGENDE_PERIODE_INDEXATIE_PROCENT)."""
    return Decimal(str(getattr(settings, "VOLGENDE_PERIODE_INDEXATIE_PROCENT", "2.0")))


def planbasis(regio, basisjaar: int | None = None) -> Planbasis:
    """The activities of the base year's jaarplan with their budget, and the financiers with a
    toezegging in that year or an agreement running in it, each with its toezegging and minimum.
    The base year: `basisjaar` if it has a jaarplan, else the latest adopted one, else the latest."""
    plannen = list(Jaarplan.objects.voor_regio(regio).order_by("-jaar").values_list("jaar", "status"))  # one query
    jaren = [jaar for jaar, _ in plannen]
    if basisjaar not in jaren:
        vastgesteld = [jaar for jaar, status in plannen if status != Jaarplan.Status.CONCEPT]
        basisjaar = (vastgesteld or jaren or [None])[0]
    if basisjaar is None:
        return Planbasis([], None, [], [], [])
    activiteiten = [
        Kostenpost(a["naam"], geld(a["begroot"]))
        for a in Activiteit.objects.voor_regio(regio)
        .filter(jaarplan__jaar=basisjaar)
        .met_totalen()
        .order_by("volgorde", "naam")
        .values("naam", "begroot")
    ]
    toezeggingen = Toezegging.objects.telt().filter(afspraak__financier=OuterRef("pk"), jaar=basisjaar)
    lopend = (
        Financieringsafspraak.objects.telt()
        .filter(financier=OuterRef("pk"), startjaar__lte=basisjaar)
        .filter(Q(eindjaar__isnull=True) | Q(eindjaar__gte=basisjaar))
    )
    minimum = lopend.filter(soort=COFINANCIERING).order_by("-minimum_per_jaar").values("minimum_per_jaar")[:1]
    financiers = [
        Planfinancier(p["pk"], p["naam"], geld(p["toegezegd"]), p["minimum"])
        for p in Partner.objects.voor_regio(regio)
        .filter(Exists(toezeggingen) | Exists(lopend))
        .annotate(
            toegezegd=som(toezeggingen, TOEGEZEGD),
            minimum=Subquery(minimum),
        )
        .order_by("naam")
        .values("pk", "naam", "toegezegd", "minimum")
    ]
    return Planbasis(jaren, basisjaar, activiteiten, financiers, periode(regio, basisjaar))


@dataclass(frozen=True)
class Kostenrij:
    naam: str
    begroot: Decimal  # in the base year
    bedragen: list[Decimal]  # per year of the next period, indexed
    totaal: Decimal


@dataclass(frozen=True)
class Plancel:
    jaar: int
    bedrag: Decimal
    onder_minimum: bool


@dataclass(frozen=True)
class Planrij:
    financier_id: int
    naam: str
    percentage: Decimal
    toegezegd: Decimal  # in the base year
    minimum: Decimal | None
    cellen: list[Plancel]
    totaal: Decimal

    @property
    def jaren_onder_minimum(self) -> int:
        return sum(1 for c in self.cellen if c.onder_minimum)


@dataclass(frozen=True)
class VolgendePeriode:
    basisjaar: int
    jaren: list[int]
    indexatie: Decimal  # percent per year
    kosten: list[Kostenrij]  # per activity, indexed
    kosten_totaal: Kostenrij  # per year and of the whole period
    financiers: list[Planrij]
    cofinanciering: list[Gezamenlijk]  # per year: the parts of today's cofinanciers against the national rule
    aandeel: Decimal
    basisbedrag: Decimal

    @property
    def jaren_onder_minimum(self) -> int:
        return sum(r.jaren_onder_minimum for r in self.financiers)

    @property
    def vereist(self) -> Decimal:
        return self.cofinanciering[0].vereist if self.cofinanciering else ZERO


def indexfactor(indexatie: Decimal, jaren_na_basisjaar: int) -> Decimal:
    return (1 + Decimal(indexatie) / 100) ** jaren_na_basisjaar


def volgende_periode(
    basis: Planbasis, *, indexatie: Decimal, verdeling: dict[int, Decimal], jaren: list[int]
) -> VolgendePeriode:
    """Each activity's base-year budget, indexed by `indexatie` percent a year (compounded from the
    base year) and rounded to cents; per year the total split over the financiers in proportion
    to `verdeling` (percent per financier) with the largest-remainder method of `verdeel`, so the
    parts add up to the year's total to the cent. A part below the financier's minimum of today
    is flagged."""
    if basis.basisjaar is None:
        raise ValueError("Zonder jaarplan is er geen begroting om door te rekenen.")
    factoren = [indexfactor(indexatie, jaar - basis.basisjaar) for jaar in jaren]
    kosten = []
    for post in basis.activiteiten:
        bedragen = [round_money(post.begroot * factor) for factor in factoren]
        kosten.append(Kostenrij(post.naam, post.begroot, bedragen, sum(bedragen, ZERO)))
    jaartotalen = [sum((k.bedragen[i] for k in kosten), ZERO) for i in range(len(jaren))]
    begroot = sum((post.begroot for post in basis.activiteiten), ZERO)
    kosten_totaal = Kostenrij("Totaal", begroot, jaartotalen, sum(jaartotalen, ZERO))

    gewichten = [Decimal(verdeling.get(f.financier_id, ZERO)) for f in basis.financiers]
    if basis.financiers and sum(gewichten) != HONDERD:
        raise ValueError("De verdeling over de financiers moet samen precies 100% zijn.")
    delen_per_jaar = [verdeel(totaal, gewichten) if basis.financiers else [] for totaal in jaartotalen]
    financiers = []
    for i, f in enumerate(basis.financiers):
        cellen = [
            Plancel(jaar, delen[i], f.minimum is not None and delen[i] < f.minimum)
            for jaar, delen in zip(jaren, delen_per_jaar, strict=True)
        ]
        financiers.append(
            Planrij(
                f.financier_id,
                f.naam,
                gewichten[i],
                f.toegezegd,
                f.minimum,
                cellen,
                sum((c.bedrag for c in cellen), ZERO),
            )
        )
    aandeel, basisbedrag, vereist = cofinancieringsnorm()
    cofinanciering = [
        Gezamenlijk(
            jaar,
            sum((r.cellen[j].bedrag for r in financiers if r.minimum is not None), ZERO),
            vereist,
        )
        for j, jaar in enumerate(jaren)
    ]
    return VolgendePeriode(
        basis.basisjaar,
        list(jaren),
        Decimal(indexatie),
        kosten,
        kosten_totaal,
        financiers,
        cofinanciering,
        aandeel,
        basisbedrag,
    )
