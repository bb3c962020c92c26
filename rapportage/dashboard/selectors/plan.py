"""Money out and what it achieved: budget against actual, outputs against targets, where one
financier's money went, and budget and actuals per activity over the agreement period."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Exists, OuterRef, Subquery, Sum
from django.utils.formats import date_format, localize
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from financiering.models import Toezegging
from jaarplan.models import (
    Activiteit,
    Begrotingsregel,
    Dekking,
    Indicator,
    Jaarplan,
    Kostenrealisatie,
    Outputrealisatie,
    alle_activiteiten_met_totalen,
    alle_jaarplannen_met_totalen,
    met_toewijzing,
)
from kern.db import som
from kern.figuren import BEGROOT, GEREALISEERD, OUTPUT, STREEFWAARDE, VERSCHIL
from kern.money import ZERO, round_money, verhouding
from kern.soorten import BEDRAG, JA_NEE, PROCENT_1, PROCENT_HEEL, TEKST
from partners.models import Partner

from ..figuren import afgeleid, figuren, figuur
from .basis import Reeks, geld, kruistabel


def _laatste_datum(queryset):
    return Subquery(queryset.order_by("-datum").values("datum")[:1])


# -- 4. Budget against actual -----------------------------------------------------------------
def _begroot_tot_en_met(begroting) -> str:
    return f"Begroot t/m {date_format(begroting.peildatum, 'F')}"


def _afwijking(f, waarde, rij, begroting, totaal: bool) -> tuple[str, str]:
    if not waarde:
        return "", ""
    return "", format_html('<span class="nee">⚠ meer dan {}%</span>', localize(begroting.drempel))


@dataclass(frozen=True)
class Begrotingsrij:
    naam: str
    begroot: Decimal = figuur(BEGROOT, label="Begroot {jaar}")  # the whole year
    # The budget up to the peilmaand; the whole year once the year is complete.
    naar_rato: Decimal = figuur("Begroot naar rato", BEDRAG, alleen_als="loopt", kop=_begroot_tot_en_met)
    gerealiseerd: Decimal = figuur(GEREALISEERD)
    drempel: Decimal | None  # percent; None: nothing to judge yet (no actuals)

    @afgeleid(VERSCHIL)
    def verschil(self) -> Decimal:
        return self.gerealiseerd - self.naar_rato

    @afgeleid("Percentage", PROCENT_1)
    def percentage(self) -> Decimal | None:
        return verhouding(self.gerealiseerd, self.naar_rato)

    @afgeleid("Afwijking", JA_NEE, cel=_afwijking)
    def afwijking(self) -> bool:
        """More than `drempel` percent over or under the (pro-rata) budget."""
        if self.drempel is None:
            return False
        if self.percentage is None:
            return self.gerealiseerd != 0  # spent without a budget
        return abs(self.percentage - 1) * 100 > self.drempel


@dataclass(frozen=True)
class BegrotingTegenRealisatie:
    jaar: int
    status: str | None  # the jaarplan's status label; None: no jaarplan for the year
    rijen: list[Begrotingsrij]
    totaal: Begrotingsrij | None
    peildatum: datetime.date | None  # the latest booking
    peilmaand: int | None  # the months the actuals cover: 12 once the jaarplan is afgesloten
    drempel: Decimal
    # The decision: when the stuurgroep adopted the plan, and the shortfall (ongedekt) it
    # explicitly accepted then; None when adopted fully covered (or not yet adopted).
    besluitdatum: datetime.date | None = None
    aanvaard_ongedekt: Decimal | None = None

    @property
    def heeft_jaarplan(self) -> bool:
        return self.status is not None

    @property
    def loopt(self) -> bool:
        """The year runs: the actuals are held against the budget up to the peilmaand."""
        return bool(self.peilmaand) and not self.heel_jaar

    @property
    def heel_jaar(self) -> bool:
        return self.peilmaand == 12

    @property
    def aantal_afwijkingen(self) -> int:
        return sum(1 for r in self.rijen if r.afwijking)


def _naar_rato(bedrag: Decimal, peilmaand: int | None) -> Decimal:
    # Costs are assumed to run evenly through the year: what a partial year is judged against.
    return bedrag if peilmaand in (None, 12) else round_money(bedrag * peilmaand / 12)


def begroting_tegen_realisatie(regio, jaar: int, drempel: Decimal) -> BegrotingTegenRealisatie:
    """Per activity of the year's jaarplan: budgeted, actual, the difference and the percentage,
    marked when it deviates more than `drempel` percent. While the year runs, the actuals are
    compared with the budget up to the month of the latest booking. Two queries."""
    jaarplan = (
        alle_jaarplannen_met_totalen()
        .voor_regio(regio)
        .filter(jaar=jaar)
        .annotate(
            laatste_boeking=_laatste_datum(Kostenrealisatie.objects.filter(activiteit__jaarplan=OuterRef("pk"))),
        )
        .first()
    )
    if jaarplan is None:
        return BegrotingTegenRealisatie(jaar, None, [], None, None, None, drempel)
    peildatum = jaarplan.laatste_boeking
    peilmaand = 12 if jaarplan.is_afgesloten else (peildatum.month if peildatum else None)
    oordeel = drempel if peilmaand is not None else None
    rijen = [
        Begrotingsrij(a.naam, geld(a.begroot), _naar_rato(geld(a.begroot), peilmaand), geld(a.gerealiseerd), oordeel)
        for a in alle_activiteiten_met_totalen().filter(jaarplan=jaarplan).order_by("volgorde", "naam")
    ]
    begroot = geld(jaarplan.totaal_begroot)
    totaal = Begrotingsrij(
        "Totaal", begroot, _naar_rato(begroot, peilmaand), geld(jaarplan.totaal_gerealiseerd), oordeel
    )
    return BegrotingTegenRealisatie(
        jaar,
        jaarplan.get_status_display(),
        rijen,
        totaal,
        peildatum,
        peilmaand,
        drempel,
        besluitdatum=jaarplan.besluitdatum,
        aanvaard_ongedekt=jaarplan.aanvaard_ongedekt,
    )


# -- 5. Outputs against targets ---------------------------------------------------------------
def _gehaald(f, waarde, rij, output, totaal: bool) -> tuple[str, str]:
    if waarde:
        return "", mark_safe('<span class="ok">✓ ja</span>')
    return "", mark_safe('<span class="hint">nog niet</span>')


@dataclass(frozen=True)
class Outputrij:
    activiteit: str
    indicator: str
    eenheid: str = figuur("Eenheid", TEKST, vergelijk=False, breedte=14)
    streefwaarde: int = figuur(STREEFWAARDE)
    gerealiseerd: int = figuur(OUTPUT)

    @afgeleid("Van streefwaarde", PROCENT_HEEL, vergelijk=False, blad="Gerealiseerd van streefwaarde")
    def percentage(self) -> Decimal | None:
        return Indicator.deel_van_streef(self.gerealiseerd, self.streefwaarde)

    @afgeleid("Gehaald", JA_NEE, blad=False, cel=_gehaald)
    def gehaald(self) -> bool:
        return Indicator.streef_gehaald(self.gerealiseerd, self.streefwaarde)


@dataclass(frozen=True)
class OutputTegenStreef:
    jaar: int
    heeft_jaarplan: bool
    rijen: list[Outputrij]
    peildatum: datetime.date | None  # the latest measurement
    afgesloten: bool = False

    @property
    def kolommen(self) -> int:
        """The table's width: the indicator and each figure of a row."""
        return 1 + len(figuren(Outputrij))

    @property
    def aantal_gehaald(self) -> int:
        return sum(1 for r in self.rijen if r.gehaald)


def output_tegen_streef(regio, jaar: int) -> OutputTegenStreef:
    """Per activity and indicator of the year's jaarplan: the target and what was delivered
    (the sum of the measurements). Two queries."""
    jaarplan = (
        Jaarplan.objects.voor_regio(regio)
        .filter(jaar=jaar)
        .annotate(
            laatste_meting=_laatste_datum(
                Outputrealisatie.objects.filter(indicator__activiteit__jaarplan=OuterRef("pk"))
            )
        )
        .first()
    )
    if jaarplan is None:
        return OutputTegenStreef(jaar, False, [], None)
    return OutputTegenStreef(jaar, True, outputrijen(jaarplan), jaarplan.laatste_meting, jaarplan.is_afgesloten)


def outputrijen(jaarplan: Jaarplan) -> list[Outputrij]:
    """The rows of section 5: per activity and indicator of `jaarplan`, the target and what was
    delivered (IndicatorQuerySet.met_gerealiseerd). One query."""
    return [
        Outputrij(i.activiteit.naam, i.naam, i.eenheid, i.streefwaarde, i.gerealiseerd)
        for i in Indicator.objects.filter(activiteit__jaarplan=jaarplan)
        .select_related("activiteit")
        .met_gerealiseerd()
        .order_by("activiteit__volgorde", "activiteit__naam", "pk")
    ]


# -- 6. Where your money goes -----------------------------------------------------------------
@dataclass(frozen=True)
class Bestedingsindicator:
    naam: str
    eenheid: str
    streefwaarde: int
    gerealiseerd: int
    uw_deel: Decimal | None  # gerealiseerd × the financier's share, to one decimal


@dataclass(frozen=True)
class KostenPerEenheid:
    eenheid: str
    aantal: int
    kosten: Decimal | None  # the activity's actual cost / aantal


@dataclass(frozen=True)
class Bestedingsrij:
    activiteit: str
    uw_bijdrage: Decimal
    begroot: Decimal
    gedekt: Decimal
    gerealiseerd: Decimal  # the activity's actual cost, whoever paid
    indicatoren: list[Bestedingsindicator] = field(default_factory=list)
    per_eenheid: list[KostenPerEenheid] = field(default_factory=list)

    @property
    def aandeel(self) -> Decimal | None:
        """The financier's share of the activity: its contribution over the budget, or over the
        coverage when the activity is covered beyond its budget, so the shares add up to one."""
        return verhouding(self.uw_bijdrage, max(self.begroot, self.gedekt))

    @property
    def uw_deel_kosten(self) -> Decimal | None:
        return round_money(self.aandeel * self.gerealiseerd) if self.aandeel is not None else None


@dataclass(frozen=True)
class Besteding:
    financier_id: int
    financier: str
    jaar: int
    toegezegd: Decimal  # money and in kind
    toegewezen: Decimal  # allocated to activities
    rijen: list[Bestedingsrij]
    niet_toegewezen: Decimal = ZERO  # vrij: toegezegd not yet allocated (jaarplan.models.met_toewijzing)

    @property
    def leeg(self) -> bool:
        return not self.toegezegd and not self.rijen


def besteding(regio, jaar: int, financier: Partner) -> Besteding:
    """Where `financier`'s money of `jaar` goes: per activity its contribution (dekking), its share
    of the activity, the activity's actual cost and outputs, the financier's part of those (pro
    rata) and the cost per unit of output. Four queries."""
    sommen = met_toewijzing(
        Toezegging.objects.voor_regio(regio).filter(afspraak__financier=financier, jaar=jaar)
    ).opgeteld()
    van_financier = Dekking.objects.filter(toezegging__afspraak__financier=financier, toezegging__jaar=jaar)
    activiteiten = list(
        alle_activiteiten_met_totalen()
        .voor_regio(regio)
        .filter(jaarplan__jaar=jaar)
        .filter(Exists(van_financier.filter(activiteit=OuterRef("pk"))))
        .annotate(uw_bijdrage=som(van_financier.filter(activiteit=OuterRef("pk"))))
        .order_by("volgorde", "naam")
    )
    indicatoren: dict[int, list[Indicator]] = {}
    for i in Indicator.objects.filter(activiteit__in=activiteiten).met_gerealiseerd().order_by("pk"):
        indicatoren.setdefault(i.activiteit_id, []).append(i)
    aantallen: dict[int, list[tuple[str, int]]] = {}
    for r in (
        Outputrealisatie.objects.filter(indicator__activiteit__in=activiteiten)
        .values("indicator__activiteit", "indicator__eenheid")
        .annotate(aantal=Sum("aantal"))
        .order_by("indicator__activiteit", "indicator__eenheid")
    ):
        aantallen.setdefault(r["indicator__activiteit"], []).append((r["indicator__eenheid"], r["aantal"]))

    rijen = []
    for a in activiteiten:
        rij = Bestedingsrij(a.naam, geld(a.uw_bijdrage), geld(a.begroot), geld(a.gedekt), geld(a.gerealiseerd))
        aandeel = rij.aandeel
        rij.indicatoren.extend(
            Bestedingsindicator(
                i.naam,
                i.eenheid,
                i.streefwaarde,
                i.gerealiseerd,
                (aandeel * i.gerealiseerd).quantize(Decimal("0.1")) if aandeel is not None else None,
            )
            for i in indicatoren.get(a.pk, [])
        )
        rij.per_eenheid.extend(
            KostenPerEenheid(eenheid, aantal, round_money(rij.gerealiseerd / aantal) if aantal else None)
            for eenheid, aantal in aantallen.get(a.pk, [])
        )
        rijen.append(rij)
    return Besteding(
        financier.pk,
        financier.naam,
        jaar,
        geld(sommen["toegezegd"]),
        geld(sommen["toegewezen"]),
        rijen,
        niet_toegewezen=geld(sommen["vrij"]),
    )


# -- 7. The period per activity ---------------------------------------------------------------
@dataclass(frozen=True)
class Meerjarenactiviteiten:
    jaren: list[int]
    begroot: list[Reeks]
    begroot_totaal: Reeks
    gerealiseerd: list[Reeks]
    gerealiseerd_totaal: Reeks

    @property
    def leeg(self) -> bool:
        return not self.begroot and not self.gerealiseerd


def activiteiten_per_jaar(regio, jaren: list[int]) -> Meerjarenactiviteiten:
    """Budgeted and actual cost per activity (by its code, the same every year) for each year of
    `jaren`, with the totals per activity, per year and of the period. Seven queries."""
    namen: dict[str, str] = {}
    volgorde: dict[str, tuple] = {}
    for code, naam, plek in (
        Activiteit.objects.voor_regio(regio)
        .filter(jaarplan__jaar__in=jaren)
        .order_by("jaarplan__jaar")
        .values_list("code", "naam", "volgorde")
    ):
        namen[code] = naam  # the latest year's name
        volgorde.setdefault(code, (plek, naam))  # the first year's place

    def reeksen(model) -> tuple[list[Reeks], Reeks]:
        tabel = kruistabel(
            model.objects.voor_regio(regio),
            rij="activiteit__code",
            labels=(),
            jaar="activiteit__jaarplan__jaar",
            waarde="bedrag",
            jaren=jaren,
        )
        codes = sorted(tabel.rijen, key=lambda c: volgorde.get(c, (0, c)))
        rijen = [Reeks(namen.get(c, c), tabel.bedragen(c), tabel.rijtotalen[c], sleutel=c) for c in codes]
        return rijen, Reeks("Totaal", tabel.jaartotalen, tabel.totaal)

    begroot, begroot_totaal = reeksen(Begrotingsregel)
    gerealiseerd, gerealiseerd_totaal = reeksen(Kostenrealisatie)
    return Meerjarenactiviteiten(list(jaren), begroot, begroot_totaal, gerealiseerd, gerealiseerd_totaal)
