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
from jaarplan.models import Jaarplan, alle_activiteiten_met_totalen
from kern.db import som
from kern.money import ZERO, format_euro, round_money, verdeel
from partners.models import Partner

from .basis import cofinancieringsnorm, geld, periode
from .geld import Gezamenlijk

HONDERD = Decimal("100.00")
STRUCTURELE_SUBSIDIE = Financieringsafspraak.Soort.STRUCTURELE_SUBSIDIE


@dataclass(frozen=True)
class Kostenpost:
    naam: str
    begroot: Decimal  # in the base year


@dataclass(frozen=True)
class Planfinancier:
    financier_id: int
    naam: str
    toegezegd: Decimal  # in the base year, money and in kind
    minimum: Decimal | None  # today's minimum per year: its cofinanciering agreement in sight in the base year
    # A structural grant's beschikking amount (its latest toezegging up to the base year): the grant
    # keeps it in the next period, not indexed and not a share. None for everyone else.
    vast: Decimal | None = None
    afspraak_id: int | None = None  # its latest agreement up to the base year (what a new one follows)
    soort: str = ""  # that agreement's soort
    open_einde: bool = False  # that agreement has no end year (a structural grant that carries on)

    @property
    def gewicht(self) -> Decimal:
        """Its weight in the proposed split: the base year's toezegging, or for a co-financier that
        committed nothing that year (its agreement ended), its minimum."""
        return self.toegezegd or self.minimum or ZERO


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

    @property
    def met_aandeel(self) -> list[Planfinancier]:
        """The financiers that take a share of the costs (all but a structural grant's fixed amount)."""
        return [f for f in self.financiers if f.vast is None]

    def standaard_vast(self) -> dict[int, Decimal]:
        return {f.financier_id: f.vast for f in self.financiers if f.vast is not None}

    def standaard_verdeling(self) -> dict[int, Decimal]:
        """Each sharing financier's part of their weights (`Planfinancier.gewicht`) in percent, to
        two decimals and adding up to exactly 100; equal shares when they weigh nothing."""
        financiers = self.met_aandeel
        if not financiers:
            return {}
        gewichten = [f.gewicht for f in financiers]
        if not sum(gewichten, ZERO):
            gewichten = [1] * len(financiers)
        return {f.financier_id: p for f, p in zip(financiers, verdeel(HONDERD, gewichten), strict=True)}

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
    toezegging in that year, an agreement running in it, or a cofinanciering agreement still in
    sight then (`cofinanciering_in`: a partner whose agreement ended stays in the plan), each with
    its toezegging, minimum and, for a structural grant, its fixed amount. Concepts count nowhere.
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
        for a in alle_activiteiten_met_totalen()
        .voor_regio(regio)
        .filter(jaarplan__jaar=basisjaar)
        .order_by("volgorde", "naam")
        .values("naam", "begroot")
    ]
    toezeggingen = Toezegging.objects.telt().filter(afspraak__financier=OuterRef("pk"), jaar=basisjaar)
    afspraken = Financieringsafspraak.objects.telt().filter(financier=OuterRef("pk"), startjaar__lte=basisjaar)
    lopend = afspraken.filter(Q(eindjaar__isnull=True) | Q(eindjaar__gte=basisjaar))
    in_zicht = Financieringsafspraak.objects.cofinanciering_in(basisjaar).filter(financier=OuterRef("pk"))
    minimum = in_zicht.order_by("-eindjaar", "-minimum_per_jaar").values("minimum_per_jaar")[:1]
    laatste = afspraken.order_by("-startjaar", "-pk")
    beschikking = (
        Toezegging.objects.telt()
        .filter(afspraak__financier=OuterRef("pk"), afspraak__soort=STRUCTURELE_SUBSIDIE, jaar__lte=basisjaar)
        .order_by("-jaar")
        .annotate(_bedrag=TOEGEZEGD)
        .values("_bedrag")[:1]
    )
    financiers = [
        Planfinancier(
            p["pk"],
            p["naam"],
            geld(p["toegezegd"]),
            p["minimum"],
            vast=geld(p["vast"]) if p["laatste_soort"] == STRUCTURELE_SUBSIDIE and p["vast"] is not None else None,
            afspraak_id=p["afspraak_id"],
            soort=p["laatste_soort"] or "",
            open_einde=p["afspraak_id"] is not None and p["laatste_eindjaar"] is None,
        )
        for p in Partner.objects.voor_regio(regio)
        .filter(Exists(toezeggingen) | Exists(lopend) | Exists(in_zicht))
        .annotate(
            toegezegd=som(toezeggingen, TOEGEZEGD),
            minimum=Subquery(minimum),
            vast=Subquery(beschikking),
            afspraak_id=Subquery(laatste.values("pk")[:1]),
            laatste_soort=Subquery(laatste.values("soort")[:1]),
            laatste_eindjaar=Subquery(laatste.values("eindjaar")[:1]),
        )
        .order_by("naam")
        .values("pk", "naam", "toegezegd", "minimum", "vast", "afspraak_id", "laatste_soort", "laatste_eindjaar")
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
    percentage: Decimal | None  # None: a structural grant's fixed amount, no share
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
    basis: Planbasis,
    *,
    indexatie: Decimal,
    verdeling: dict[int, Decimal],
    jaren: list[int],
    vast: dict[int, Decimal] | None = None,
) -> VolgendePeriode:
    """Each activity's base-year budget, indexed by `indexatie` percent a year (compounded from the
    base year) and rounded to cents. Per year a structural grant pays its fixed amount (`vast`,
    by default its beschikking: not indexed), and the rest is split over the other financiers in
    proportion to `verdeling` (percent per financier) with the largest-remainder method of
    `verdeel`, so the parts add up to the year's total to the cent. A part below the financier's
    minimum of today is flagged."""
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

    vast = basis.standaard_vast() if vast is None else vast
    vaste = {f.financier_id: Decimal(vast.get(f.financier_id) or ZERO) for f in basis.financiers if f.vast is not None}
    delers = basis.met_aandeel
    gewichten = [Decimal(verdeling.get(f.financier_id, ZERO)) for f in delers]
    if delers and sum(gewichten) != HONDERD:
        raise ValueError("De verdeling over de financiers moet samen precies 100% zijn.")
    vast_samen = sum(vaste.values(), ZERO)
    delen_per_jaar = []
    for jaar, totaal in zip(jaren, jaartotalen, strict=True):
        rest = totaal - vast_samen
        if rest < 0 or (rest and basis.financiers and not delers):
            raise ValueError(
                f"De vaste bedragen van de structurele subsidies ({format_euro(vast_samen)}) passen niet bij de "
                f"kosten van {jaar} ({format_euro(totaal)}); pas ze aan."
            )
        gedeeld = dict(zip((f.financier_id for f in delers), verdeel(rest, gewichten), strict=True)) if delers else {}
        delen_per_jaar.append([vaste.get(f.financier_id, gedeeld.get(f.financier_id)) for f in basis.financiers])
    percentages = dict(zip((f.financier_id for f in delers), gewichten, strict=True))
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
                percentages.get(f.financier_id),
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
