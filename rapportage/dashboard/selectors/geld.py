"""Money in: commitments against their minimum, the money flow of a year, the funding mix, and
the toezeggingen of the agreement period per financier."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count

from financiering.models import (
    TOEGEZEGD,
    Toezegging,
    alle_cofinancieringen_in,
    alle_facturen_met_ontvangen,
)
from jaarplan.models import met_toewijzing
from kern.db import bedrag_som, bedrag_som_per, eenmaal_gebouwd
from kern.figuren import (
    BETAALTERMIJN,
    DAGEN_TE_LAAT,
    FACTUURDATUM,
    GEFACTUREERD,
    LEEFTIJD,
    MINIMUM,
    ONTVANGEN,
    OPENSTAAND,
    TOEGEWEZEN,
    TOEGEZEGD_GELD,
    TOEGEZEGD_NATURA,
    VERVALDATUM,
)
from kern.figuren import TOEGEZEGD as TOEGEZEGD_TOTAAL
from kern.money import ZERO, verhouding
from kern.soorten import AANTAL, BEDRAG, JA_NEE, PROCENT_1, TEKST

from ..figuren import afgeleid, figuur, rood, rood_tenzij_totaal, uit
from .basis import COFINANCIERING, Reeks, cofinancieringsnorm, geld, kruistabel


# -- 1. Commitments kept ----------------------------------------------------------------------
@dataclass(frozen=True)
class Toezeggingscel:
    jaar: int
    geld: Decimal
    geteld: Decimal = figuur("{jaar}", BEDRAG)  # what counts towards the minimum
    natura: Decimal = figuur("{jaar} waarvan in natura", BEDRAG, bron="bedrag_natura")
    gehaald: bool = figuur("{jaar} minimum gehaald", JA_NEE)


@dataclass(frozen=True)
class Cofinancier:
    financier_id: int
    financier: str
    afspraak: str
    minimum: Decimal = figuur(MINIMUM, label=MINIMUM.label)
    in_natura_telt_mee: bool
    # Per year of the period: the toezegging, "ontbreekt" for a year of the agreement, or a year
    # after it ended up to the year shown, without one ("geen toezegging"), or None for a year
    # outside the agreement.
    cellen: list[Toezeggingscel | str | None]
    # The last year of an agreement that ended before the year shown; None while it runs. (A
    # snapshot laid down before this existed held running agreements only.)
    liep_af_in: int | None = None

    @property
    def alles_gehaald(self) -> bool:
        return all(c is None or (isinstance(c, Toezeggingscel) and c.gehaald) for c in self.cellen)


@dataclass(frozen=True)
class Gezamenlijk:
    jaar: int
    geteld: Decimal = figuur("Samen", BEDRAG)
    vereist: Decimal = figuur("Vereist", BEDRAG)

    @afgeleid("Samen gehaald", JA_NEE)
    def gehaald(self) -> bool:
        return self.geteld >= self.vereist


@dataclass(frozen=True)
class Toezeggingen:
    jaar: int
    jaren: list[int]
    cofinanciers: list[Cofinancier]
    gezamenlijk: list[Gezamenlijk]  # per year of `jaren`
    aandeel: Decimal
    basisbedrag: Decimal
    vereist: Decimal

    @property
    def leeg(self) -> bool:
        return not self.cofinanciers

    @property
    def dit_jaar(self) -> Gezamenlijk | None:
        return next((g for g in self.gezamenlijk if g.jaar == self.jaar), None)

    def in_jaar(self) -> list[tuple["Cofinancier", "Toezeggingscel | str | None"]]:
        """Each co-financier with its cell of the year shown (the home page's table)."""
        if self.jaar not in self.jaren:
            return []
        i = self.jaren.index(self.jaar)
        return [(c, c.cellen[i]) for c in self.cofinanciers]


def toezeggingen_tegen_minimum(regio, jaar: int) -> Toezeggingen:
    """Every cofinanciering agreement that owes a toezegging in `jaar` (running then, or ended
    less than a period before without a successor: `FinancieringsafspraakQuerySet.cofinanciering_in`),
    with its toezegging for each year of the running agreements' periods against the minimum ("geen
    toezegging" for a year after an agreement ended, up to `jaar`), and per year whether the
    partners together co-finance the required share of SZW's base amount. Two queries."""
    aandeel, basisbedrag, vereist = cofinancieringsnorm()
    afspraken = list(
        alle_cofinancieringen_in(jaar)
        .voor_regio(regio)
        .select_related("financier")
        .order_by("financier__naam", "startjaar", "pk")
    )
    if not afspraken:
        return Toezeggingen(jaar, [], [], [], aandeel, basisbedrag, vereist)
    # The running agreements' periods, and the years from an ended agreement's end up to `jaar`.
    van = [a.startjaar if a.in_looptijd(jaar) else a.eindjaar + 1 for a in afspraken]
    tot = [a.eindjaar if a.in_looptijd(jaar) else jaar for a in afspraken]
    jaren = list(range(min(van), max(tot) + 1))
    # Every cofinanciering toezegging of the region in those years, whichever agreement, each
    # with its year's joint total (a window sum): the cells and "samen" in one query.
    rijen = list(
        Toezegging.objects.voor_regio(regio)
        .filter(afspraak__soort=COFINANCIERING, jaar__in=jaren)
        .met_toegezegd()
        .annotate(samen=bedrag_som_per("geteld", groep=["jaar"]))
        .values("afspraak_id", "jaar", "bedrag_geld", "bedrag_natura", "geteld", "gehaald", "samen")
    )
    toezeggingen = {(t["afspraak_id"], t["jaar"]): t for t in rijen}
    per_jaar = {t["jaar"]: t["samen"] for t in rijen}
    cofinanciers = []
    for afspraak in afspraken:
        cellen = []
        for j in jaren:
            t = toezeggingen.get((afspraak.pk, j))
            if t is not None:
                cellen.append(uit(Toezeggingscel, t, jaar=j, geld=geld(t["bedrag_geld"])))
            elif afspraak.in_looptijd(j) or afspraak.eindjaar < j <= jaar:
                cellen.append("ontbreekt")
            else:
                cellen.append(None)
        cofinanciers.append(
            Cofinancier(
                afspraak.financier_id,
                afspraak.financier.naam,
                afspraak.naam,
                afspraak.minimum_per_jaar,
                afspraak.in_natura_telt_mee,
                cellen,
                liep_af_in=None if afspraak.in_looptijd(jaar) else afspraak.eindjaar,
            )
        )
    gezamenlijk = [Gezamenlijk(j, geld(per_jaar.get(j)), vereist) for j in jaren]
    return Toezeggingen(jaar, jaren, cofinanciers, gezamenlijk, aandeel, basisbedrag, vereist)


# -- 2. Money flow ----------------------------------------------------------------------------
@dataclass(frozen=True)
class Geldstroomrij:
    naam: str
    toegezegd_geld: Decimal = figuur(TOEGEZEGD_GELD, bron="geld", tabel="geldstroom")
    toegezegd_natura: Decimal = figuur(TOEGEZEGD_NATURA, label=TOEGEZEGD_NATURA.kop, bron="natura", tabel="geldstroom")
    gefactureerd: Decimal = figuur(GEFACTUREERD, tabel="geldstroom")
    # Every payment, advances without an invoice included.
    ontvangen: Decimal = figuur(ONTVANGEN, tabel="geldstroom")
    # Invoiced and not yet paid on those invoices; red on a financier's row.
    openstaand: Decimal = figuur(OPENSTAAND, tabel="geldstroom", cel=rood_tenzij_totaal)
    # ToezeggingQuerySet.met_betaaltermijn; not a sum: the total row's is the average of all invoices.
    betaaltermijn: Decimal | None = figuur(BETAALTERMIJN, tabel="geldstroom")

    @afgeleid(TOEGEZEGD_TOTAAL, label="Toegezegd {jaar}", tabel="besteding")
    def toegezegd(self) -> Decimal:
        return self.toegezegd_geld + self.toegezegd_natura

    # Allocated to activities (dekking).
    toegewezen: Decimal = figuur(TOEGEWEZEN, tabel="besteding")
    financier_id: int | None = None


@dataclass(frozen=True)
class VerlopenFactuur:
    nummer: str
    bedrag: Decimal
    financier: str = figuur("Financier", TEKST, vergelijk=False)
    factuurdatum: datetime.date = figuur(FACTUURDATUM, vergelijk=False)
    vervaldatum: datetime.date = figuur(VERVALDATUM, vergelijk=False)
    openstaand: Decimal = figuur(OPENSTAAND)
    # The age grows every day: shown, never compared (FactuurQuerySet.met_ontvangen(op=)).
    leeftijd: int = figuur(LEEFTIJD, vergelijk=False)
    dagen_te_laat: int = figuur(DAGEN_TE_LAAT, label="Over de vervaldatum", vergelijk=False, cel=rood)


@dataclass(frozen=True)
class Geldstroom:
    jaar: int
    op: datetime.date
    rijen: list[Geldstroomrij]
    totaal: Geldstroomrij
    verlopen: list[VerlopenFactuur]
    verlopen_andere_jaren: int = figuur("Aantal", AANTAL, default=0)
    verlopen_andere_jaren_bedrag: Decimal = figuur(OPENSTAAND, default=ZERO)

    @property
    def leeg(self) -> bool:
        return not self.rijen


def geldstroom_van(toezeggingen, op: datetime.date | None = None):
    """The toezeggingen with every money-flow figure annotated (ToezeggingQuerySet's and the
    dekking's) as on `op`, ready for `opgeteld()`."""
    return met_toewijzing(toezeggingen.met_geldstroom(op=op).met_betaaltermijn())


def geldstroom_van_jaar(regio, jaar: int, op: datetime.date):
    """`geldstroom_van` the region's toezeggingen of `jaar`, as on `op`."""
    return _geldstroom_van_alle(op).voor_regio(regio).filter(jaar=jaar)


@eenmaal_gebouwd
def _geldstroom_van_alle(op: datetime.date):
    # Annotated once per day: a filter clones it without resolving its correlated subqueries
    # again, a third of the money flow's CPU per page (issue 26).
    return geldstroom_van(Toezegging.objects.all(), op=op)


def geldstroom_per_financier(
    regio, jaar: int, op: datetime.date, *, stroom=None
) -> tuple[list[Geldstroomrij], Geldstroomrij]:
    """The money flow's rows, one per financier, and its totals row (each figure's own total: a
    sum, or for an average its own ratio, `ToezeggingQuerySet.opgeteld`). One query. `stroom`:
    the year's toezeggingen already read through `geldstroom_van_jaar` (a report that shows them row by
    row too builds that annotated queryset once)."""
    if stroom is None:
        stroom = geldstroom_van_jaar(regio, jaar, op)
    per_financier, totaal = stroom.opgeteld("afspraak__financier__naam", "afspraak__financier", met_totaal=True)
    rijen = [
        uit(Geldstroomrij, r, naam=r["afspraak__financier__naam"], financier_id=r["afspraak__financier"])
        for r in per_financier
    ]
    return rijen, uit(Geldstroomrij, totaal, naam="Totaal")


def geldstroom(regio, jaar: int, op: datetime.date) -> Geldstroom:
    """Per financier, for the toezeggingen of `jaar`: committed, invoiced, received, outstanding
    (and allocated to activities); the invoices of that year overdue on `op` with their age; and
    how many overdue invoices of other years are still open. Three queries."""
    rijen, totaal = geldstroom_per_financier(regio, jaar, op)
    facturen = alle_facturen_met_ontvangen(op).voor_regio(regio).te_laat()
    verlopen = [
        VerlopenFactuur(
            nummer=f.nummer,
            financier=f.toezegging.afspraak.financier.naam,
            factuurdatum=f.factuurdatum,
            vervaldatum=f.vervaldatum,
            bedrag=f.bedrag,
            openstaand=geld(f.openstaand),
            leeftijd=f.leeftijd,
            dagen_te_laat=f.dagen_te_laat,
        )
        for f in facturen.filter(toezegging__jaar=jaar)
        .select_related("toezegging__afspraak__financier")
        .order_by("vervaldatum", "nummer")
    ]
    elders = facturen.exclude(toezegging__jaar=jaar).aggregate(aantal=Count("pk"), open_bedrag=bedrag_som("openstaand"))
    return Geldstroom(
        jaar=jaar,
        op=op,
        rijen=rijen,
        totaal=totaal,
        verlopen=verlopen,
        verlopen_andere_jaren=elders["aantal"],
        verlopen_andere_jaren_bedrag=geld(elders["open_bedrag"]),
    )


# -- 3. Funding mix and 7. the period per financier -------------------------------------------
@dataclass(frozen=True)
class Mixdeel:
    naam: str
    bedrag: Decimal = figuur(TOEGEZEGD_TOTAAL, label=TOEGEZEGD_TOTAAL.kort, vergelijk=False)  # the year's column above
    aandeel: Decimal | None = figuur("Aandeel", PROCENT_1)


@dataclass(frozen=True)
class Financieringsmix:
    jaar: int
    jaren: list[int]
    bronnen: list[Reeks]  # per financier: committed (money and in kind) per year
    totaal: Reeks  # per year, and the whole period
    dit_jaar: list[Mixdeel] = field(default_factory=list)
    dit_jaar_totaal: Decimal = ZERO

    @property
    def leeg(self) -> bool:
        return not self.bronnen

    def grafiekdata(self) -> dict:
        """For json_script: the amounts as strings of euros, to be read with parseFloat."""
        return {
            "jaar": self.jaar,
            "jaren": self.jaren,
            "bronnen": [{"naam": b.naam, "bedragen": [str(x) for x in b.bedragen]} for b in self.bronnen],
            "ditJaar": [{"naam": d.naam, "bedrag": str(d.bedrag)} for d in self.dit_jaar],
        }


def toezeggingen_per_financier(regio, jaren: list[int]) -> tuple[list[Reeks], Reeks]:
    """Committed (money and in kind) per financier and year over `jaren`, each financier's period
    total, and the total per year and of the period: three queries, all summed by the database."""
    tabel = kruistabel(
        Toezegging.objects.voor_regio(regio).telt(),
        rij="afspraak__financier",
        labels=("afspraak__financier__naam",),
        jaar="jaar",
        waarde=TOEGEZEGD,
        jaren=jaren,
    )
    reeksen = [
        Reeks(naam=naam, bedragen=tabel.bedragen(pk), totaal=tabel.rijtotalen[pk], sleutel=pk)
        for pk, (naam,) in tabel.rijen.items()
    ]
    return reeksen, Reeks("Totaal", tabel.jaartotalen, tabel.totaal)


def financieringsmix(regio, jaar: int, jaren: list[int]) -> Financieringsmix:
    """The sources per year of the period `jaren` (a stacked bar chart) and this year's mix."""
    bronnen, totaal = toezeggingen_per_financier(regio, jaren)
    if jaar not in jaren:
        return Financieringsmix(jaar, jaren, bronnen, totaal)
    i = jaren.index(jaar)
    dit_jaar_totaal = totaal.bedragen[i]
    dit_jaar = [
        Mixdeel(b.naam, b.bedragen[i], verhouding(b.bedragen[i], dit_jaar_totaal)) for b in bronnen if b.bedragen[i]
    ]
    return Financieringsmix(jaar, jaren, bronnen, totaal, dit_jaar, dit_jaar_totaal)
