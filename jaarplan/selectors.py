"""Reads for the jaarplan pages: the list of years and the dekking matrix of one year.
Every total is summed by the database; the number of queries does not grow with the data."""

import datetime
import functools
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Max, OuterRef, Q, Subquery

from financiering.models import TOEGEZEGD, Financieringsafspraak, Toezegging
from kern.db import bedrag_som, som
from kern.gelijktijdig import vingerafdruk
from kern.geschiedenis import Gebeurtenis, gebeurtenissen
from kern.money import ZERO

from .models import (
    Activiteit,
    Begrotingsregel,
    Dekking,
    Indicator,
    Jaarplan,
    Kostenrealisatie,
    Kostensoort,
    Outputrealisatie,
    alle_activiteiten_met_totalen,
    alle_jaarplannen_met_totalen,
    met_toewijzing,
)


def jaarplannen_van(gebruiker):
    # Newest first; nationally by region within a year, so the pages of the list stay put.
    return (
        alle_jaarplannen_met_totalen()
        .voor_gebruiker(gebruiker)
        .select_related("leerwerkloket")
        .order_by("-jaar", "leerwerkloket__naam", "pk")
    )


def bronnen(jaarplan: Jaarplan):
    """This year's toezeggingen of the region, each with what is allocated and what is still free."""
    return met_toewijzing(
        Toezegging.objects.voor_regio(jaarplan.leerwerkloket_id)
        .filter(jaar=jaarplan.jaar)
        .select_related("afspraak__financier", "afspraak__project")
        .met_toegezegd()
    ).order_by("afspraak__financier__naam", "afspraak__naam")


def door_te_zetten(jaarplan: Jaarplan) -> list[Financieringsafspraak]:
    """Open-ended structural grants without their toezegging for the jaarplan's year."""
    return list(
        Financieringsafspraak.objects.voor_regio(jaarplan.leerwerkloket_id)
        .door_te_zetten(jaarplan.jaar)
        .select_related("financier")
        .order_by("financier__naam")
    )


def ontbrekende_toezeggingen(jaarplan: Jaarplan) -> list[Financieringsafspraak]:
    """The agreements that owe the jaarplan's year a toezegging and have none (running, or a
    cofinanciering that ended less than a period ago), so an empty matrix says whose is missing."""
    return list(
        Financieringsafspraak.objects.voor_regio(jaarplan.leerwerkloket_id)
        .zonder_toezegging_in(jaarplan.jaar)
        .select_related("financier")
        .order_by("financier__naam", "startjaar")
    )


@dataclass
class MatrixRij:
    activiteit: Activiteit  # read `met_totalen()`: begroot, gedekt, ongedekt, overgedekt
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
        return self.activiteit.ongedekt

    @property
    def overgedekt(self) -> Decimal:
        return self.activiteit.overgedekt


@dataclass
class DekkingMatrix:
    """The totals are the database's: the jaarplan's `met_totalen()` and the sums of its bronnen."""

    jaarplan: Jaarplan  # read through `met_matrixtotalen()`
    bronnen: list[Toezegging]
    rijen: list[MatrixRij]
    kostensoorten: list[tuple[str, str]] = field(default_factory=lambda: list(Kostensoort.choices))

    @property
    def totaal_begroot(self) -> Decimal:
        return self.jaarplan.totaal_begroot

    @property
    def totaal_gedekt(self) -> Decimal:
        return self.jaarplan.totaal_gedekt

    @property
    def totaal_ongedekt(self) -> Decimal:
        return self.jaarplan.totaal_ongedekt

    @property
    def totaal_overgedekt(self) -> Decimal:
        return self.jaarplan.totaal_overgedekt

    @property
    def totaal_toegezegd(self) -> Decimal:
        return self.jaarplan.bronnen_toegezegd

    @property
    def totaal_vrij(self) -> Decimal:
        return self.jaarplan.bronnen_vrij

    @property
    def dekkingsgraad(self) -> Decimal | None:
        return self.jaarplan.dekkingsgraad

    def begroting_per_kostensoort(self) -> list[Decimal]:
        return [getattr(self.jaarplan, f"kostensoort_{k}") for k, _ in self.kostensoorten]


def met_matrixtotalen(jaarplannen):
    """Jaarplannen `met_totalen()`, with what the dekking matrix shows beside them: the sums of the
    year's toezeggingen (toegezegd, vrij) and of the budget per kostensoort, in the same query."""
    return jaarplannen.met_totalen().annotate(**_matrixtotalen())


@functools.cache
def _matrixtotalen() -> dict:
    # Built once, as the figures' own expressions are (jaarplan.models._jaarplan_totalen).
    van_het_jaar = met_toewijzing(
        Toezegging.objects.telt().filter(afspraak__leerwerkloket=OuterRef("leerwerkloket"), jaar=OuterRef("jaar"))
    )
    regels = Begrotingsregel.objects.filter(activiteit__jaarplan=OuterRef("pk"))
    return {
        "bronnen_toegezegd": som(van_het_jaar, TOEGEZEGD),
        "bronnen_vrij": som(van_het_jaar, "vrij"),
        **{f"kostensoort_{k}": som(regels.filter(kostensoort=k)) for k in Kostensoort.values},
    }


def activiteiten_met_totalen(jaarplan: Jaarplan, *, indicatoren: bool = True) -> list[Activiteit]:
    """The jaarplan's activities `met_totalen()`, in their order, with project and (unless not
    asked for) indicators: the rows of the dekking matrix and of the realisatie. A report with both
    reads them once and gives them to each (the jaaroverzicht): the annotated queryset is built
    and compiled once."""
    activiteiten = alle_activiteiten_met_totalen().filter(jaarplan=jaarplan).select_related("project")
    if indicatoren:
        activiteiten = activiteiten.prefetch_related("indicatoren")
    return list(activiteiten.order_by("volgorde", "naam"))


def dekking_matrix(jaarplan: Jaarplan, *, activiteiten: list[Activiteit] | None = None) -> DekkingMatrix:
    """Funding sources as columns, activities as rows, allocations in the cells. Every total is
    the database's; a jaarplan read through `met_matrixtotalen` brings its own, otherwise they are
    read first. Five queries after that, whatever the size (four with `activiteiten` given, as
    `activiteiten_met_totalen` reads them)."""
    if not hasattr(jaarplan, "bronnen_vrij"):
        jaarplan = met_matrixtotalen(Jaarplan.objects.select_related("leerwerkloket")).get(pk=jaarplan.pk)
    if activiteiten is None:
        activiteiten = activiteiten_met_totalen(jaarplan)
    bron_lijst = list(bronnen(jaarplan))
    cellen = dekking_cellen(jaarplan, activiteiten, bron_lijst)
    begroting = {a.pk: {} for a in activiteiten}
    for activiteit_id, kostensoort, bedrag in Begrotingsregel.objects.filter(activiteit__jaarplan=jaarplan).values_list(
        "activiteit_id", "kostensoort", "bedrag"
    ):
        begroting[activiteit_id][kostensoort] = bedrag
    return DekkingMatrix(
        jaarplan=jaarplan,
        bronnen=bron_lijst,
        rijen=[MatrixRij(a, begroting[a.pk], cellen[a.pk]) for a in activiteiten],
    )


def dekking_cellen(jaarplan: Jaarplan, activiteiten: list[Activiteit], bron_lijst: list[Toezegging]) -> dict:
    """The matrix's cells: per activity (by pk), what each of `bron_lijst` (the year's toezeggingen,
    `bronnen`) allocates to it, in their order; None where nothing. One query."""
    kolom = {b.pk: i for i, b in enumerate(bron_lijst)}
    cellen = {a.pk: [None] * len(bron_lijst) for a in activiteiten}
    for activiteit_id, toezegging_id, bedrag in Dekking.objects.filter(activiteit__jaarplan=jaarplan).values_list(
        "activiteit_id", "toezegging_id", "bedrag"
    ):
        cellen[activiteit_id][kolom[toezegging_id]] = bedrag
    return cellen


def bewaakte_rijen(jaarplan: Jaarplan):
    """What the editor is drawn from: the jaarplan's status, its activities, budget lines and dekking."""
    return (
        Jaarplan.objects.filter(pk=jaarplan.pk).values_list("status"),
        Begrotingsregel.objects.filter(activiteit__jaarplan=jaarplan.pk).values_list(
            "activiteit_id", "kostensoort", "bedrag"
        ),
        Dekking.objects.filter(activiteit__jaarplan=jaarplan.pk).values_list(
            "activiteit_id", "toezegging_id", "bedrag"
        ),
        Activiteit.objects.filter(jaarplan=jaarplan.pk).values_list("pk"),
    )


def toestand(jaarplan: Jaarplan) -> str:
    """The fingerprint the jaarplan editor carries (kern.gelijktijdig)."""
    return vingerafdruk(*bewaakte_rijen(jaarplan))


@dataclass
class Vergelijking:
    """Budgeted against actually spent."""

    begroot: Decimal
    gerealiseerd: Decimal

    @property
    def verschil(self) -> Decimal:
        return self.gerealiseerd - self.begroot


@dataclass
class Realisatie:
    """A jaarplan's actuals: per activity and kostensoort budgeted vs spent, and its indicators
    with what was delivered against the streefwaarde. Every total is the database's."""

    jaarplan: Jaarplan
    # Per activity: its totals and the kostensoorten with a budget or a booking.
    rijen: list[tuple[Activiteit, Vergelijking, list[tuple[str, Vergelijking]]]]
    per_kostensoort: list[tuple[str, Vergelijking]]
    totaal: Vergelijking
    indicatoren: list[Indicator]  # read met_gerealiseerd(): deel() and gehaald() are theirs
    outputs: list[Outputrealisatie]
    laatste_boeking: datetime.date | None  # the costs are counted up to here; the budget is the whole year's


def _per(queryset, *velden, som_van: str = "bedrag") -> dict:
    """The sum of `som_van` per combination of `velden`, by the database."""
    return {
        tuple(r[v] for v in velden): r["_totaal"]
        for r in queryset.order_by().values(*velden).annotate(_totaal=bedrag_som(som_van))
    }


def _totaal(jaarplan: Jaarplan) -> dict:
    """The jaarplan's budget and actuals (`met_totalen`) and the date of its last booking."""
    return (
        alle_jaarplannen_met_totalen()
        .filter(pk=jaarplan.pk)
        .annotate(
            laatste_boeking=Subquery(
                Kostenrealisatie.objects.filter(activiteit__jaarplan=OuterRef("pk"))
                .order_by("-datum")
                .values("datum")[:1]
            ),
        )
        .values("totaal_begroot", "totaal_gerealiseerd", "laatste_boeking")
        .get()
    )


def realisatie(jaarplan: Jaarplan, *, activiteiten: list[Activiteit] | None = None) -> Realisatie:
    """Eight queries, however many activities and bookings; fewer when the activities are given
    (`activiteiten_met_totalen`) and the jaarplan was read `met_totalen()` (its totals then are
    those, and only the date of the last booking is asked)."""
    kostensoorten = list(Kostensoort.choices)
    if activiteiten is None:
        activiteiten = list(alle_activiteiten_met_totalen().filter(jaarplan=jaarplan).order_by("volgorde", "naam"))
    regels = Begrotingsregel.objects.filter(activiteit__jaarplan=jaarplan)
    boekingen = Kostenrealisatie.objects.filter(activiteit__jaarplan=jaarplan)
    begroot_soort = _per(regels, "kostensoort", som_van="bedrag")
    gerealiseerd_soort = _per(boekingen, "kostensoort", som_van="bedrag")
    if hasattr(jaarplan, "totaal_begroot") and hasattr(jaarplan, "totaal_gerealiseerd"):
        totaal = {
            "totaal_begroot": jaarplan.totaal_begroot,
            "totaal_gerealiseerd": jaarplan.totaal_gerealiseerd,
            "laatste_boeking": boekingen.aggregate(laatste=Max("datum"))["laatste"],
        }
    else:
        totaal = _totaal(jaarplan)
    indicatoren = list(
        Indicator.objects.filter(activiteit__jaarplan=jaarplan)
        .select_related("activiteit")
        .met_gerealiseerd()
        .order_by("activiteit__volgorde", "activiteit__naam", "naam")
    )
    return Realisatie(
        jaarplan=jaarplan,
        rijen=realisatie_per_activiteit(jaarplan, activiteiten),
        per_kostensoort=[
            (label, Vergelijking(begroot_soort.get((k,), ZERO), gerealiseerd_soort.get((k,), ZERO)))
            for k, label in kostensoorten
            if (k,) in begroot_soort or (k,) in gerealiseerd_soort
        ],
        totaal=Vergelijking(totaal["totaal_begroot"], totaal["totaal_gerealiseerd"]),
        indicatoren=indicatoren,
        outputs=list(
            Outputrealisatie.objects.filter(indicator__activiteit__jaarplan=jaarplan)
            .select_related("indicator__activiteit")
            .order_by("-datum", "-pk")
        ),
        laatste_boeking=totaal["laatste_boeking"],
    )


def realisatie_per_activiteit(
    jaarplan: Jaarplan, activiteiten: list[Activiteit]
) -> list[tuple[Activiteit, Vergelijking, list[tuple[str, Vergelijking]]]]:
    """`Realisatie.rijen`: per activity (read `met_totalen()`) its totals and the kostensoorten with
    a budget or a booking. Two queries."""
    begroot = _per(Begrotingsregel.objects.filter(activiteit__jaarplan=jaarplan), "activiteit_id", "kostensoort")
    gerealiseerd = _per(Kostenrealisatie.objects.filter(activiteit__jaarplan=jaarplan), "activiteit_id", "kostensoort")
    return [
        (
            a,
            Vergelijking(a.begroot, a.gerealiseerd),
            [
                (label, Vergelijking(begroot.get((a.pk, k), ZERO), gerealiseerd.get((a.pk, k), ZERO)))
                for k, label in Kostensoort.choices
                if (a.pk, k) in begroot or (a.pk, k) in gerealiseerd
            ],
        )
        for a in activiteiten
    ]


@dataclass(frozen=True)
class DekkingPerActiviteit:
    totalen: Jaarplan  # annotated by `JaarplanQuerySet.met_totalen`
    activiteiten: list[Activiteit]  # annotated by `ActiviteitQuerySet.met_totalen`


def dekking_per_activiteit(jaarplan: Jaarplan) -> DekkingPerActiviteit:
    """Begroot, gedekt, ongedekt and overgedekt per activity and in total, from their one
    definitions: what the stuurgroep sees before it adopts the plan. Two queries."""
    return DekkingPerActiviteit(
        totalen=alle_jaarplannen_met_totalen().get(pk=jaarplan.pk),
        activiteiten=list(alle_activiteiten_met_totalen().filter(jaarplan=jaarplan).order_by("volgorde", "naam")),
    )


def geschiedenis(jaarplan: Jaarplan) -> list[Gebeurtenis]:
    """Who changed the jaarplan, its activities, indicators, budget lines, coverage and cost
    bookings typed by hand, old → new.
    One query per kind of record and two for names, however long the history; the parts of an
    activity removed since keep their history (they are found through the activity's records)."""
    activiteiten = Activiteit.history.filter(jaarplan_id=jaarplan.pk)
    namen = dict(activiteiten.order_by("history_date", "history_id").values_list("id", "naam"))  # the latest name
    financiers = dict(
        Toezegging.objects.voor_regio(jaarplan.leerwerkloket_id)
        .filter(jaar=jaarplan.jaar)
        .values_list("pk", "afspraak__financier__naam")
    )
    van_activiteit = {"activiteit_id__in": activiteiten.values("id")}

    def activiteit(record) -> str:
        return namen.get(record.activiteit_id, "een activiteit")

    return gebeurtenissen(
        (jaarplan.history.select_related("vastgesteld_door"), lambda h: "het jaarplan"),
        (activiteiten.select_related("project"), lambda h: f"activiteit {h.naam}"),
        (Indicator.history.filter(**van_activiteit), lambda h: f"streefwaarde {h.naam} van {activiteit(h)}"),
        (
            Begrotingsregel.history.filter(**van_activiteit),
            lambda h: f"begroting {activiteit(h)}, {Kostensoort(h.kostensoort).label.lower()}",
        ),
        (
            Dekking.history.filter(**van_activiteit),
            lambda h: f"dekking {activiteit(h)} door {financiers.get(h.toezegging_id, 'een toezegging')}",
        ),
        # Cost bookings typed by hand, with where they come from; a read-in booking's history is
        # its import's (the import page lists each booking with its file row), not 100,000 lines here.
        (
            Kostenrealisatie.history.filter(geimporteerd=False, **van_activiteit),
            lambda h: f"kostenboeking {activiteit(h)} van {h.datum:%d-%m-%Y}{_herkomst(h)}",
        ),
    )


def _herkomst(h) -> str:
    """Where a booking comes from, as the history names it: ` (stuk M18-100, kostenplaats 4100)`."""
    herkomst = ", ".join(
        f"{label} {waarde}"
        for label, waarde in (
            ("stuk", h.stuknummer),
            ("kostenplaats", h.kostenplaats),
            ("grootboek", h.grootboekrekening),
        )
        if waarde
    )
    return f" ({herkomst})" if herkomst else ""


def concepten_in(leerwerkloket, jaar: int) -> dict[int, Financieringsafspraak]:
    """The concept agreements (a renewal or a plan not yet signed) running in `jaar`, by financier
    id: where a missing toezegging is named, its concept is named with it ("concept, te tekenen"),
    since a concept's toezeggingen do not count until it is signed."""
    concepten = (
        Financieringsafspraak.objects.voor_regio(leerwerkloket)
        .filter(status=Financieringsafspraak.Status.CONCEPT, startjaar__lte=jaar)
        .filter(Q(eindjaar__isnull=True) | Q(eindjaar__gte=jaar))
        .select_related("financier")
        .order_by("financier__naam", "startjaar", "pk")
    )
    return {a.financier_id: a for a in concepten}
