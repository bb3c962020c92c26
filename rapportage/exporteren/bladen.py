"""The sheets the report exports are made of. Every figure is read from the database as the
pages read it (the same QuerySet methods and selectors); a sheet holds raw values and the
writer adds formats and `=SUM()` totals."""

import itertools
from decimal import Decimal
from operator import itemgetter

from financiering.models import (
    Betaling,
    Toezegging,
    alle_cofinancieringen_in,
    alle_facturen_met_ontvangen,
    alle_toezeggingen_met_geldstroom,
)
from jaarplan.models import Kostensoort, alle_jaarplannen_met_totalen
from jaarplan.selectors import activiteiten_met_totalen, dekking_cellen, realisatie_per_activiteit
from jaarplan.selectors import bronnen as jaarplan_bronnen
from kern.figuren import (
    AANDEEL_SLEUTEL,
    BEGROOT,
    BETAALD_BEDRAG,
    DAGEN_TE_LAAT,
    DEEL_VAN_BIJDRAGE,
    FACTUURBEDRAG,
    FACTUURDATUM,
    GEDEKT,
    GEFACTUREERD,
    GEREALISEERD,
    GEREALISEERD_VAN_BEGROOT,
    INWONERS,
    MINIMUM,
    MINIMUM_GEHAALD,
    ONGEDEKT,
    ONTVANGEN,
    OPENSTAAND,
    TOEGEZEGD,
    TOEGEZEGD_GELD,
    TOEGEZEGD_NATURA,
    VERSCHIL,
    VERVALDATUM,
)
from kern.money import ZERO, verhouding
from kern.soorten import ja_nee

from ..dashboard.figuren import figuren
from ..dashboard.selectors import output_tegen_streef
from ..dashboard.selectors.geld import Geldstroomrij, geldstroom_per_financier, geldstroom_van_jaar
from ..dashboard.selectors.plan import Outputrij, outputrijen
from .registry import vandaag
from .schrijver import Blad, Kolom

SOORT_LABEL = dict(Kostensoort.choices)


def toezeggingen_met_geldstroom(leerwerkloket, **filters):
    return (
        alle_toezeggingen_met_geldstroom(vandaag())
        .voor_regio(leerwerkloket)
        .filter(**filters)
        .select_related("afspraak__financier")
        .order_by("jaar", "afspraak__financier__naam", "afspraak__naam")
    )


def jaarplan_van(leerwerkloket, jaar):
    """The year's jaarplan with the totals the summary shows (`met_totalen()`), read once."""
    return alle_jaarplannen_met_totalen().voor_regio(leerwerkloket).filter(jaar=jaar).first()


GEEN_TOEZEGGING = "geen toezegging"


def geldstroom_van_het_jaar(leerwerkloket, jaar):
    """The year's toezeggingen with every money-flow figure (`geldstroom_van`, as on today): its sums
    per financier and in all are the Geldstroom sheet and the summary."""
    return geldstroom_van_jaar(leerwerkloket, jaar, vandaag())


def toezeggingen_van_het_jaar(leerwerkloket, jaar) -> list[Toezegging]:
    """The year's toezeggingen with the figures the Toezeggingen sheet shows (toegezegd, gehaald,
    and the geldstroom's as on today), read once: the rows of that sheet and the dekking's sources
    (the same toezeggingen in the same order as `jaarplan.selectors.bronnen` reads them)."""
    return list(toezeggingen_met_geldstroom(leerwerkloket, jaar=jaar))


def blad_toezeggingen(leerwerkloket, jaar, *, toezeggingen=None) -> Blad:
    kolommen = [
        Kolom("Financier", breedte=30, lees="afspraak.financier.naam"),
        Kolom("Afspraak", breedte=40, lees="afspraak.naam"),
        Kolom("Soort", lees=lambda t: t.afspraak.get_soort_display()),
        Kolom.van(MINIMUM, lees="afspraak.minimum_per_jaar"),
        Kolom.van(TOEGEZEGD_GELD, lees="bedrag_geld"),
        Kolom.van(TOEGEZEGD_NATURA, lees="bedrag_natura"),
        Kolom.van(TOEGEZEGD, lees="toegezegd"),
        Kolom.van(MINIMUM_GEHAALD, breedte=10, lees="gehaald"),  # empty without a minimum
        Kolom.van(GEFACTUREERD, lees="gefactureerd"),
        Kolom.van(ONTVANGEN, lees="ontvangen"),
        Kolom.van(OPENSTAAND, lees="openstaand"),
    ]
    if toezeggingen is None:
        toezeggingen = toezeggingen_met_geldstroom(leerwerkloket, jaar=jaar)
    blad = Blad.van(
        toezeggingen,
        naam="Toezeggingen",
        titel=f"Toezeggingen {jaar} – {leerwerkloket}",
        kolommen=kolommen,
        toelichting=(
            "Openstaand = wat gefactureerd is en op die facturen nog niet is betaald. "
            "Een voorschot zonder factuur (SZW) staat als ontvangen en maakt niets openstaand. "
            f"Een cofinancier die voor {jaar} nog iets moet toezeggen (een lopende afspraak, of een die minder dan "
            f"een periode geleden afliep) en dat niet deed, staat er met '{GEEN_TOEZEGGING}': minimum niet gehaald."
        ),
    )
    blad.rijen = itertools.chain(blad.rijen, _geen_toezegging(leerwerkloket, jaar, kolommen))
    return blad


def _geen_toezegging(leerwerkloket, jaar, kolommen):
    """A row per co-financier that owes a toezegging in `jaar` and has none, as the dashboard's
    "geen toezegging": no amounts, the minimum not met."""
    afspraken = (
        alle_cofinancieringen_in(jaar)
        .voor_regio(leerwerkloket)
        .exclude(toezeggingen__jaar=jaar)
        .select_related("financier")
        .order_by("financier__naam", "naam")
    )
    for afspraak in afspraken:
        naam = afspraak.naam if afspraak.in_looptijd(jaar) else f"{afspraak.naam} (liep af in {afspraak.eindjaar})"
        waarden = {
            "Financier": afspraak.financier.naam,
            "Afspraak": naam,
            "Soort": afspraak.get_soort_display(),
            MINIMUM.label: afspraak.minimum_per_jaar,
            TOEGEZEGD.label: GEEN_TOEZEGGING,
            MINIMUM_GEHAALD.label: ja_nee(False),
        }
        yield [waarden.get(k.titel) for k in kolommen]


def blad_facturen(leerwerkloket, jaar) -> Blad:
    op = vandaag()
    # The cells as values, not as invoices with their toezegging, agreement and financier: making
    # those objects was most of this sheet's time (issue 26).
    rijen = (
        alle_facturen_met_ontvangen(op)
        .voor_regio(leerwerkloket)
        .filter(toezegging__jaar=jaar)
        .order_by("factuurdatum", "nummer")
        .values_list(
            "nummer",
            "toezegging__afspraak__financier__naam",
            "factuurdatum",
            "vervaldatum",
            "omschrijving",
            "bedrag",
            "ontvangen",
            "openstaand",
            "dagen_te_laat",
        )
    )

    return Blad(
        naam="Facturen",
        titel=f"Facturen voor toezeggingen {jaar}",
        kolommen=[
            Kolom("Factuur", breedte=14),
            Kolom("Financier", breedte=30),
            Kolom.van(FACTUURDATUM),
            Kolom.van(VERVALDATUM),
            Kolom("Omschrijving", breedte=36),
            Kolom.van(FACTUURBEDRAG),
            Kolom.van(ONTVANGEN),
            Kolom.van(OPENSTAAND),
            Kolom.van(DAGEN_TE_LAAT),
        ],
        rijen=rijen,
        toelichting=f"Dagen verlopen: op {op:%d-%m-%Y}, voor facturen die nog (deels) openstaan.",
    )


def blad_betalingen(leerwerkloket, jaar, financier=None) -> Blad:
    betalingen = Betaling.objects.voor_regio(leerwerkloket).filter(toezegging__jaar=jaar)
    if financier is not None:
        betalingen = betalingen.filter(toezegging__afspraak__financier=financier)
    betalingen = betalingen.order_by("datum", "pk").values_list(
        "datum", "toezegging__afspraak__financier__naam", "factuur__nummer", "referentie", "bedrag"
    )

    def rijen():
        for datum, financier, factuur, referentie, bedrag in betalingen:
            yield [datum, financier, factuur or "", referentie, bedrag]

    return Blad(
        naam="Betalingen",
        titel=f"Ontvangen betalingen op toezeggingen {jaar}",
        kolommen=[
            Kolom("Datum", "datum"),
            Kolom("Financier", breedte=30),
            Kolom("Factuur", breedte=14),
            Kolom("Referentie", breedte=40),
            Kolom.van(BETAALD_BEDRAG),
        ],
        rijen=rijen(),
    )


def blad_begroting_realisatie(jaarplan, *, activiteiten=None) -> Blad:
    """Per activity and kostensoort, as the realisatie page shows them (the same selector)."""
    if activiteiten is None:
        activiteiten = activiteiten_met_totalen(jaarplan, indicatoren=False)
    regels = [
        (activiteit.naam, label, vergelijking)
        for activiteit, _, per_soort in realisatie_per_activiteit(jaarplan, activiteiten)
        for label, vergelijking in per_soort
    ]
    return Blad.van(
        regels,
        naam="Begroting en realisatie",
        titel=f"Begroting en realisatie {jaarplan.jaar} (jaarplan {jaarplan.get_status_display().lower()})",
        kolommen=[
            Kolom("Activiteit", breedte=40, lees=itemgetter(0)),
            Kolom("Kostensoort", breedte=22, lees=itemgetter(1)),
            Kolom.van(BEGROOT, lees=lambda r: r[2].begroot),
            Kolom.van(GEREALISEERD, lees=lambda r: r[2].gerealiseerd),
            Kolom.van(VERSCHIL, lees=lambda r: r[2].verschil),
            Kolom.van(GEREALISEERD_VAN_BEGROOT, lees=lambda r: verhouding(r[2].gerealiseerd, r[2].begroot)),
        ],
        toelichting="Verschil = gerealiseerd - begroot; positief is meer uitgegeven dan begroot.",
    )


def blad_dekking(jaarplan, *, activiteiten=None, bronnen=None) -> Blad:
    """The dekking matrix's rows (the same selectors); `activiteiten` (`activiteiten_met_totalen`)
    and `bronnen` (the year's toezeggingen as `jaarplan.selectors.bronnen` orders them) when the
    caller read them already."""
    if activiteiten is None:
        activiteiten = activiteiten_met_totalen(jaarplan, indicatoren=False)
    if bronnen is None:
        bronnen = list(jaarplan_bronnen(jaarplan).select_related("afspraak__financier"))
    cellen = dekking_cellen(jaarplan, activiteiten, bronnen)

    def rijen():
        for a in activiteiten:
            yield [a.naam, a.begroot, *[c or ZERO for c in cellen[a.pk]], a.gedekt, a.ongedekt]

    return Blad(
        naam="Dekking",
        titel=f"Dekking {jaarplan.jaar}: welke toezegging betaalt welke activiteit",
        kolommen=[
            Kolom("Activiteit", breedte=40),
            Kolom.van(BEGROOT),
            *[
                Kolom(f"{b.afspraak.financier.naam} ({b.afspraak.get_soort_display().lower()})", "bedrag", totaal=True)
                for b in bronnen
            ],
            Kolom.van(GEDEKT),
            Kolom.van(ONGEDEKT),
        ],
        rijen=rijen(),
    )


def blad_sectie(
    klasse, rijen, *, naam: str, titel: str, eerste: list[Kolom], tabel: str = "", totaal=None, toelichting: str = ""
) -> Blad:
    """A sheet of a dashboard section: after the row's name (`eerste`), a column per figure that
    `klasse` declares for `tabel` and for sheets, in their order, with their headers and kinds;
    the section's rows, read from the same selector as the page. Under the rows `totaal` (the
    section's totals row): a figure that sums gets =SUM(), one that does not (an average) the
    section's own total, as computed by its own method. A figure added to the section's
    dataclass is a column here without a line in this file."""
    gekozen = [f for f in figuren(klasse, tabel) if f.blad]
    blad = Blad.van(
        rijen, kolommen=[*eerste, *(Kolom.van(f) for f in gekozen)], naam=naam, titel=titel, toelichting=toelichting
    )
    if totaal is not None:
        blad.totaalrij = [None] * len(eerste) + [None if f.totaal else f.soort.cel(f.waarde(totaal)) for f in gekozen]
    return blad


def blad_geldstroom(leerwerkloket, jaar, *, berekend=None) -> Blad:
    """The dashboard's money flow per financier (section 2, the same selector); `berekend`: its
    rows and totals row when the caller read them already (`geldstroom_per_financier`)."""
    rijen, totaal = berekend or geldstroom_per_financier(leerwerkloket, jaar, op=vandaag())
    return blad_sectie(
        Geldstroomrij,
        rijen,
        tabel="geldstroom",
        totaal=totaal,
        naam="Geldstroom",
        titel=f"Geldstroom {jaar} per financier",
        eerste=[Kolom("Financier", breedte=30, lees="naam")],
        toelichting=(
            "Openstaand = wat gefactureerd is en op die facturen nog niet is betaald. Gemiddelde betaaltermijn: "
            "dagen van factuurdatum tot de betaling die de factuur voldeed, over de betaalde facturen; de "
            "totaalregel is het gemiddelde over alle betaalde facturen, geen som."
        ),
    )


def blad_output(leerwerkloket, jaar, *, jaarplan=None) -> Blad:
    """The dashboard's outputs against their targets (section 5, the same selector); `jaarplan`:
    the year's, when the caller read it already."""
    return blad_sectie(
        Outputrij,
        outputrijen(jaarplan) if jaarplan is not None else output_tegen_streef(leerwerkloket, jaar).rijen,
        naam="Output",
        titel=f"Output tegen streefwaarden {jaar}",
        eerste=[Kolom("Activiteit", breedte=40, lees="activiteit"), Kolom("Indicator", breedte=28, lees="indicator")],
    )


def blad_gemeenten(leerwerkloket, jaar, *, toezeggingen: list[Toezegging]) -> Blad | None:
    """Each member's share of a group's toezegging by the verdeelsleutel, adding up to the cent.
    `toezeggingen`: the year's, as `toezeggingen_van_het_jaar` reads them (the groups' among them)."""
    toezeggingen = [t for t in toezeggingen if t.afspraak.financier.is_groep]
    if not toezeggingen:
        return None

    def rijen():
        for t in toezeggingen:
            groep = t.afspraak.financier
            sleutel = groep.verdeelsleutel_voor(jaar)
            if sleutel is None:
                yield [groep.naam, "geen verdeelsleutel", None, None, t.totaal]
                continue
            for aandeel, fractie, bedrag in sleutel.verdeel(t.totaal):
                yield [
                    groep.naam,
                    aandeel.partner.naam,
                    aandeel.inwoners,
                    fractie.quantize(Decimal("0.000001")),
                    bedrag,
                ]

    return Blad(
        naam="Gemeenten",
        titel=f"Verdeling van de gezamenlijke bijdrage {jaar} naar verdeelsleutel",
        kolommen=[
            Kolom("Samenwerkingsverband", breedte=30),
            Kolom("Gemeente", breedte=28),
            Kolom.van(INWONERS),
            Kolom.van(AANDEEL_SLEUTEL),
            Kolom.van(DEEL_VAN_BIJDRAGE),
        ],
        rijen=rijen(),
        toelichting="De bedragen tellen op tot de toezegging, tot op de cent (grootste-restmethode).",
    )


def samenvatting(leerwerkloket, jaar, plan, *, geldstroom: Geldstroomrij | None = None) -> list[tuple[str, Decimal]]:
    """The year's key figures, each read from its one definition: the toezeggingen's
    (ToezeggingQuerySet.met_geldstroom; `geldstroom`, the Geldstroom sheet's totals row, when the
    caller has it) and the jaarplan's (`plan`, read `met_totalen()`; None when the year has none)."""
    if geldstroom is None:
        som = Toezegging.objects.voor_regio(leerwerkloket).filter(jaar=jaar).met_geldstroom().opgeteld()
    else:
        som = {
            "geld": geldstroom.toegezegd_geld,
            "natura": geldstroom.toegezegd_natura,
            "gefactureerd": geldstroom.gefactureerd,
            "ontvangen": geldstroom.ontvangen,
        }

    def van_plan(naam):
        return getattr(plan, f"totaal_{naam}") if plan is not None else ZERO

    return [
        (TOEGEZEGD_GELD.label, som["geld"]),
        (TOEGEZEGD_NATURA.label, som["natura"]),
        (GEFACTUREERD.label, som["gefactureerd"]),
        (ONTVANGEN.label, som["ontvangen"]),
        (BEGROOT.label, van_plan("begroot")),
        (GEDEKT.label, van_plan("gedekt")),
        ("Nog niet gedekt", van_plan("ongedekt")),
        (GEREALISEERD.label, van_plan("gerealiseerd")),
    ]
