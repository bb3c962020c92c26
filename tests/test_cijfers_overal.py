"""Every money figure, everywhere it is shown, equals its one definition.

For Twente's demo and for a synthetic region (`synth_data`), each figure (toegezegd in geld and
in natura, geteld and gehaald against the minimum, gefactureerd, ontvangen, openstaand, begroot,
gedekt, ongedekt, overgedekt, dekkingsgraad, toegewezen, vrij, gerealiseerd) is taken from its
QuerySet method, and then read as a user reads it: from the home page, the lists, the partner
page, the jaarplan editor, the dashboard, the stuurgroep report, a vastgelegd report, the
national view, the jaaroverzicht workbook and the read API (/api/v1). The definitions themselves
are checked once against the test's own arithmetic on the raw rows."""

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from api.services import api_sleutel_maken
from demo.synth import make_synthetic_data
from financiering.bankimport.bank import (
    Deel,
    afschrift_opslaan,
    bankregel_boeken,
    bankregel_verdelen,
    terugboeking_verwerken,
)
from financiering.bankimport.formaten import Afschrift, Afschriftregel
from financiering.models import Bankregel, Betaling, Factuur, Financieringsafspraak, Toezegging
from financiering.services import (
    afspraak_opslaan,
    betaling_corrigeren,
    betaling_registreren,
    betaling_terugdraaien,
    factuur_crediteren,
)
from jaarplan.models import (
    Activiteit,
    Begrotingsregel,
    Dekking,
    Indicator,
    Jaarplan,
    Kostenrealisatie,
    met_toewijzing,
)
from kern.figuren import BETAALTERMIJN
from kern.money import ZERO, format_euro
from kern.templatetags.geld import procent
from partners.models import Leerwerkloket, Partner
from partners.roles import Rol
from rapportage.dashboard.services import rapport_vastleggen
from rapportage.exporteren.registry import EXPORTERS
from tests.conftest import DEMO_DATUM
from tests.factories import GebruikerFactory
from tests.pagina import Pagina

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module", params=[DEMO_DATUM, datetime.date(2026, 11, 29)], ids=str)
def demo_datum(request):
    """The demo's day: in its first period (it stops in 2021), and years later (2021 closed, a
    second period running up to 2026). Every test of this module runs on both."""
    return request.param


@pytest.fixture(params=["demo", "synth", "correcties", "bank"])
def regio_en_jaren(request, demo, demo_datum):
    """The region, and the years whose figures are reconciled: an afgesloten year and the year
    the dashboard opens on (vastgesteld). The synthetic region is made beside the demo, which this
    module loads once per day (its transaction must wrap each test's). "correcties" is the demo
    after finance staff's corrections: a credit invoice, an advance, a corrected and a reversed
    payment. Each region also holds a concept agreement with toezeggingen in those years: a
    concept commits nothing, so no figure shows it."""
    if request.param == "synth":
        make_synthetic_data(regios=1, jaren=3, boekingen=4, eerste_jaar=2030)
        regio = Leerwerkloket.objects.exclude(slug="twente").get()
        jaren = sorted(Jaarplan.objects.filter(leerwerkloket=regio).values_list("jaar", flat=True))
        jaren = [jaren[0], jaren[-1]]
    else:
        regio, jaren = demo, [2018, 2021] if demo_datum.year == 2021 else [2021, demo_datum.year]
        if request.param == "correcties":
            _corrigeer(demo, jaren[-1])
        if request.param == "bank":
            _bankafschrift(demo, jaren[-1])
    _concept_afspraak(regio, jaren)
    return regio, jaren


def _concept_afspraak(regio, jaren):
    """A cofinancier's concept for the same years (as a renewal or the next-period plan makes)."""
    financier = (
        Financieringsafspraak.objects.voor_regio(regio).filter(soort="cofinanciering").order_by("pk").first().financier
    )
    concept = Financieringsafspraak(
        leerwerkloket=regio,
        financier=financier,
        soort=Financieringsafspraak.Soort.COFINANCIERING,
        naam=f"Concept {financier.naam}",
        status=Financieringsafspraak.Status.CONCEPT,
        startjaar=jaren[0],
        eindjaar=jaren[-1],
        minimum_per_jaar=Decimal("1000.00"),
    )
    bedragen = {jaar: (Decimal("12345.67"), Decimal("1.11")) for jaar in range(jaren[0], jaren[-1] + 1)}
    afspraak_opslaan(afspraak=concept, bedragen=bedragen, door=None)


def _corrigeer(regio, jaar):
    """Finance staff's corrections in `jaar`: half of an unpaid invoice credited, an advance on a
    toezegging not yet wholly invoiced, a payment corrected by a cent, and the region's first
    payment reversed."""
    door = GebruikerFactory(username="corrector", leerwerkloket=regio, rollen=[Rol.FINANCIEN])
    facturen = Factuur.objects.voor_regio(regio).filter(toezegging__jaar=jaar, crediteert__isnull=True)
    onbetaald = facturen.met_ontvangen().filter(ontvangen=0, openstaand__gt=0).order_by("nummer").first()
    factuur_crediteren(
        factuur=onbetaald, nummer=f"{onbetaald.nummer}-C", factuurdatum=onbetaald.factuurdatum,
        bedrag=(onbetaald.bedrag / 2).quantize(Decimal("0.01")), reden="Lagere bijdrage afgesproken", door=door,
    )  # fmt: skip
    ruimte = {  # what may still be invoiced or advanced on each of the year's toezeggingen
        t: t.nog_te_factureren() for t in Toezegging.objects.voor_regio(regio).telt().filter(jaar=jaar).order_by("pk")
    }
    toezegging, vrij = next((t, vrij) for t, vrij in ruimte.items() if vrij > 0)
    betaling_registreren(
        toezegging=toezegging, bedrag=min(Decimal("12500.00"), vrij), datum=onbetaald.factuurdatum, door=door
    )
    betaald = Betaling.objects.filter(factuur__in=facturen).order_by("pk").first()
    betaling_corrigeren(
        betaling=betaald, bedrag=betaald.bedrag - Decimal("0.01"), datum=betaald.datum, referentie="",
        reden="Typfout", door=door,
    )  # fmt: skip
    betaling_terugdraaien(
        betaling=Betaling.objects.voor_regio(regio).filter(factuur__isnull=False).order_by("datum", "pk").first(),
        reden="Vergissing",
        door=door,
    )


def _bankafschrift(regio, jaar):
    """A statement read in and booked by finance staff: one receipt split over the first open
    invoice and half of the second, with an advance beside them when the first one's toezegging
    has room; one receipt of the second's other half, booked and then taken back by the bank's
    storno (that half is open again); and a receipt nobody booked yet."""
    door = GebruikerFactory(username="bankboeker", leerwerkloket=regio, rollen=[Rol.FINANCIEN])
    open_ = list(
        Factuur.objects.voor_regio(regio)
        .filter(toezegging__jaar=jaar, crediteert__isnull=True)
        .met_ontvangen()
        .filter(openstaand__gt=1)
        .select_related("toezegging")
        .order_by("nummer")
    )
    assert len(open_) >= 2, [f.nummer for f in open_]
    eerste, tweede = open_[:2]
    voorschot = min(Decimal("1000.00"), eerste.toezegging.nog_te_factureren())
    helft = (tweede.openstaand / 2).quantize(Decimal("0.01"))
    rest = tweede.openstaand - helft
    dag = timezone.localdate() - datetime.timedelta(days=5)
    iban = "NL44RABO0123456789"
    lijnen = [
        Afschriftregel("Post 1", dag, eerste.openstaand + helft + voorschot, "Financier", iban, "Twee facturen"),
        Afschriftregel("Post 2", dag, rest, "Financier", iban, tweede.nummer, "E2E-2"),
        Afschriftregel("Post 3", dag, Decimal("12.34"), "Onbekend", "", "Nog niet geboekt"),
        Afschriftregel("Post 4", dag + datetime.timedelta(days=2), -rest, "Financier", iban, "", "E2E-2", True),
    ]
    afschrift = Afschrift(lijnen)
    afschrift.formaat = "CAMT.053"
    afschrift_opslaan(leerwerkloket=regio, afschrift=afschrift, bestandsnaam="bank.xml", door=door)
    gesplitst, ontvangst, _, storno = Bankregel.objects.voor_regio(regio).order_by("datum", "pk")
    bankregel_verdelen(
        regel=gesplitst,
        delen=[Deel(eerste, eerste.openstaand), Deel(tweede, helft)],
        voorschot_op=eerste.toezegging if voorschot else None,
        door=door,
    )
    bankregel_boeken(regel=ontvangst, factuur=tweede, door=door)
    assert Factuur.objects.met_ontvangen().get(pk=tweede.pk).openstaand == 0
    terugboeking_verwerken(regel=storno, ontvangst=ontvangst, door=door)
    assert Factuur.objects.met_ontvangen().get(pk=tweede.pk).openstaand == rest


def _lezer(client, regio, *rollen):
    gebruiker = GebruikerFactory(username=f"lezer-{regio.slug}-{'-'.join(rollen)}", leerwerkloket=regio, rollen=rollen)
    client.force_login(gebruiker)
    return gebruiker


def _pagina(client, url, **params) -> Pagina:
    response = client.get(url, params)
    assert response.status_code == 200, url
    return Pagina(response.text)


def _bedrag(waarde) -> Decimal:
    """A number cell of the workbook as an amount in cents (openpyxl hands back floats)."""
    return Decimal(str(waarde)).quantize(Decimal("0.01"))


# -- The one definitions ----------------------------------------------------------------------
def per_financier(regio, jaar) -> dict[str, dict]:
    stroom = met_toewijzing(
        Toezegging.objects.voor_regio(regio).filter(jaar=jaar).met_toegezegd().met_geldstroom().met_betaaltermijn()
    )
    return {r["afspraak__financier__naam"]: r for r in stroom.opgeteld("afspraak__financier__naam")}


def totaal_van_het_jaar(regio, jaar) -> dict:
    toezeggingen = Toezegging.objects.voor_regio(regio).filter(jaar=jaar)
    return met_toewijzing(toezeggingen.met_geldstroom().met_betaaltermijn()).opgeteld()


def jaarplan_van(regio, jaar) -> Jaarplan:
    return Jaarplan.objects.voor_regio(regio).met_totalen().get(jaar=jaar)


def cofinanciers(regio, jaar) -> dict[str, Toezegging]:
    return {
        t.afspraak.financier.naam: t
        for t in Toezegging.objects.voor_regio(regio)
        .filter(jaar=jaar, afspraak__soort="cofinanciering")
        .met_toegezegd()
        .select_related("afspraak__financier")
    }


def zonder_toezegging(regio, jaar) -> dict[str, Financieringsafspraak]:
    """The co-financiers that owe a toezegging in `jaar` and have none: "geen toezegging", not met."""
    return {
        a.financier.naam: a
        for a in Financieringsafspraak.objects.voor_regio(regio)
        .cofinanciering_in(jaar)
        .exclude(toezeggingen__jaar=jaar)
        .select_related("financier")
    }


# -- The definitions against the test's own arithmetic ----------------------------------------
def test_the_definitions_follow_the_rules_of_the_domain(regio_en_jaren):
    regio, jaren = regio_en_jaren
    for jaar in jaren:
        plan = jaarplan_van(regio, jaar)
        activiteiten = Activiteit.objects.filter(jaarplan=plan)
        ongedekt = overgedekt = ZERO
        for a in activiteiten:
            begroot = sum((r.bedrag for r in Begrotingsregel.objects.filter(activiteit=a)), ZERO)
            gedekt = sum((d.bedrag for d in Dekking.objects.filter(activiteit=a)), ZERO)
            ongedekt += max(ZERO, begroot - gedekt)
            overgedekt += max(ZERO, gedekt - begroot)
        assert plan.totaal_ongedekt == ongedekt
        assert plan.totaal_overgedekt == overgedekt
        assert plan.totaal_begroot - plan.totaal_gedekt == ongedekt - overgedekt
        if plan.totaal_begroot:
            assert plan.dekkingsgraad == (plan.totaal_begroot - ongedekt) / plan.totaal_begroot
        assert plan.totaal_gerealiseerd == sum(
            (k.bedrag for k in Kostenrealisatie.objects.filter(activiteit__jaarplan=plan)), ZERO
        )

        for naam, rij in per_financier(regio, jaar).items():
            toezeggingen = Toezegging.objects.filter(afspraak__financier__naam=naam, afspraak__leerwerkloket=regio)
            # a concept commits nothing
            toezeggingen = toezeggingen.filter(jaar=jaar).exclude(afspraak__status="concept")
            facturen = Factuur.objects.filter(toezegging__in=toezeggingen)
            op_facturen = Betaling.objects.filter(factuur__in=facturen)
            assert rij["geld"] == sum((t.bedrag_geld for t in toezeggingen), ZERO)
            assert rij["natura"] == sum((t.bedrag_natura for t in toezeggingen), ZERO)
            assert rij["gefactureerd"] == sum((f.bedrag for f in facturen), ZERO)
            betalingen = Betaling.objects.filter(toezegging__in=toezeggingen)
            assert rij["ontvangen"] == sum((b.bedrag for b in betalingen), ZERO)
            # An invoice dated after today is not open yet (FactuurQuerySet.met_ontvangen(op=)).
            tot_vandaag = facturen.filter(factuurdatum__lte=timezone.localdate())
            assert rij["openstaand"] == sum((f.bedrag for f in tot_vandaag), ZERO) - sum(
                (b.bedrag for b in op_facturen.filter(factuur__in=tot_vandaag)), ZERO
            )
            toegewezen = sum((d.bedrag for d in Dekking.objects.filter(toezegging__in=toezeggingen)), ZERO)
            assert (rij["toegewezen"], rij["vrij"]) == (toegewezen, rij["toegezegd"] - toegewezen)
        for t in cofinanciers(regio, jaar).values():
            assert t.geteld == t.afspraak.telt_voor_minimum(t.bedrag_geld, t.bedrag_natura)
            assert t.gehaald == (t.geteld >= t.afspraak.minimum_per_jaar)


def test_the_demo_shows_an_over_covered_activity_apart_from_the_shortfalls(demo):
    plan = jaarplan_van(demo, 2021)
    # The example: one activity's surplus no longer hides another's shortfall.
    assert plan.totaal_overgedekt > 0 and plan.totaal_ongedekt > plan.totaal_begroot - plan.totaal_gedekt


# -- Money in: per financier, everywhere ------------------------------------------------------
GELDSTROOM = {
    "Toegezegd in geld": "geld",
    "In natura": "natura",
    "Gefactureerd": "gefactureerd",
    "Ontvangen": "ontvangen",
    "Openstaand": "openstaand",
}


def _controleer_geldstroom(pagina: Pagina, regio, jaar):
    tabel = pagina.tabel("Financier", *GELDSTROOM)
    for naam, rij in per_financier(regio, jaar).items():
        cellen = tabel.rij(naam)
        for kolom, figuur in GELDSTROOM.items():
            assert cellen[kolom] == format_euro(rij[figuur]), (naam, kolom)
        assert cellen[BETAALTERMIJN.label] == BETAALTERMIJN.soort.tekst(rij["betaaltermijn"]), naam
    totaal = totaal_van_het_jaar(regio, jaar)
    for kolom, figuur in GELDSTROOM.items():
        assert tabel.rij("Totaal")[kolom] == format_euro(totaal[figuur]), ("Totaal", kolom)
    # An average: the total row's is over every paid invoice, not a sum of the rows.
    assert tabel.rij("Totaal")[BETAALTERMIJN.label] == BETAALTERMIJN.soort.tekst(totaal["betaaltermijn"])


def _controleer_minima(pagina: Pagina, regio, jaar):
    """Section 1: each co-financier's cell of `jaar` reads what counts and whether it is met, or
    "geen toezegging" where it owes one and has none."""
    tabel = pagina.tabel("Financier", "Minimum per jaar", str(jaar))
    for naam, t in cofinanciers(regio, jaar).items():
        cel = tabel.rij(naam)[str(jaar)]
        assert cel.startswith(format_euro(t.geteld)), (naam, cel)
        assert ("gehaald" in cel) == t.gehaald and ("onder minimum" in cel) == (not t.gehaald)
    for naam in zonder_toezegging(regio, jaar):
        assert tabel.rij(naam)[str(jaar)] == "geen toezegging", naam


def test_the_dashboard_report_and_snapshot_show_each_financiers_money(client, regio_en_jaren):
    regio, jaren = regio_en_jaren
    lezer = _lezer(client, regio, Rol.STUURGROEP)
    for jaar in jaren:
        dashboard = _pagina(client, reverse("dashboard:overzicht"), jaar=jaar)
        rapport = _pagina(client, reverse("dashboard:rapport"), jaar=jaar)
        vastgelegd = rapport_vastleggen(
            regio=regio, jaar=jaar, vergaderdatum=datetime.date(2026, 11, 26), status="concept", door=lezer
        )
        snapshot = _pagina(client, reverse("dashboard:vastgelegd_rapport", args=[vastgelegd.pk]))
        for pagina in (dashboard, rapport, snapshot):
            _controleer_geldstroom(pagina, regio, jaar)
            _controleer_minima(pagina, regio, jaar)


def test_the_lists_and_the_partner_page_show_the_same_money(client, regio_en_jaren):
    regio, jaren = regio_en_jaren
    _lezer(client, regio, Rol.FINANCIEN)
    for jaar in jaren:
        totaal = totaal_van_het_jaar(regio, jaar)
        lijst = _pagina(client, reverse("toezeggingen:lijst"), jaar=jaar)
        getoond = lijst.tekst("totalen")
        for label, figuur in (
            ("Toegezegd", "toegezegd"),
            ("Gefactureerd", "gefactureerd"),
            ("Ontvangen", "ontvangen"),
            ("Openstaand", "openstaand"),
        ):
            assert f"{label} {format_euro(totaal[figuur])}" in getoond, (label, getoond)
        facturen = _pagina(client, reverse("facturen:lijst"), jaar=jaar).tekst("totalen")
        for label, figuur in (("Gefactureerd", "gefactureerd"), ("Openstaand", "openstaand")):
            assert f"{label} {format_euro(totaal[figuur])}" in facturen, (label, facturen)
        for naam, rij in per_financier(regio, jaar).items():
            partner = Partner.objects.get(leerwerkloket=regio, naam=naam)
            per_jaar = _pagina(client, reverse("partners:detail", args=[partner.pk])).tabel("Jaar", "Openstaand")
            cellen = per_jaar.rij(str(jaar))
            assert cellen["Toegezegd in geld"] == format_euro(rij["geld"])
            assert cellen["Toegezegd in natura"] == format_euro(rij["natura"])
            for kolom in ("Gefactureerd", "Ontvangen", "Openstaand"):
                assert cellen[kolom] == format_euro(rij[kolom.lower()]), (naam, kolom)


def test_the_home_pages_show_the_same_minimum_and_outstanding(client, regio_en_jaren):
    regio, _ = regio_en_jaren
    _lezer(client, regio, Rol.STUURGROEP, Rol.FINANCIEN)
    response = client.get(reverse("home"))
    jaar = response.context["jaarplan"].jaar
    home = Pagina(response.text)
    tabel = home.tabel("Financier", "Minimum", "Toegezegd", "Gehaald")
    for naam, t in cofinanciers(regio, jaar).items():
        assert tabel.rij(naam)["Toegezegd"] == format_euro(t.geteld)
        assert tabel.rij(naam)["Gehaald"] == ("ja" if t.gehaald else "nee")
    for naam in zonder_toezegging(regio, jaar):
        assert (tabel.rij(naam)["Toegezegd"], tabel.rij(naam)["Gehaald"]) == ("geen toezegging", "nee")
    openstaand = Toezegging.objects.voor_regio(regio).met_geldstroom().opgeteld()["openstaand"]
    assert home.tekst("openstaand") == format_euro(openstaand)


# -- Money out: the jaarplan, everywhere ------------------------------------------------------
def test_the_home_page_editor_and_list_show_the_same_coverage(client, regio_en_jaren):
    regio, jaren = regio_en_jaren
    _lezer(client, regio, Rol.PROJECTLEIDER)
    for jaar in jaren:
        plan = jaarplan_van(regio, jaar)
        editor = _pagina(client, reverse("jaarplan:detail", args=[plan.pk]))
        for testid, figuur in (
            ("totaal-begroot", plan.totaal_begroot),
            ("totaal-gedekt", plan.totaal_gedekt),
            ("totaal-ongedekt", plan.totaal_ongedekt),
            ("totaal-overgedekt", plan.totaal_overgedekt),
        ):
            assert editor.tekst(testid) == format_euro(figuur), testid
        assert editor.tekst("dekkingsgraad") == procent(plan.dekkingsgraad, 1)
        matrix = editor.tabel("Activiteit", "Begroot", "Gedekt", "Ongedekt", "Overgedekt")
        for a in Activiteit.objects.filter(jaarplan=plan).met_totalen():
            assert matrix.rij(a.naam)["Ongedekt"] == format_euro(a.ongedekt)
            assert matrix.rij(a.naam)["Overgedekt"] == format_euro(a.overgedekt)
        for t in met_toewijzing(Toezegging.objects.voor_regio(regio).telt().filter(jaar=jaar)):
            assert editor.data("toegewezen", t.pk) == format_euro(t.toegewezen)
            assert editor.data("vrij", t.pk) == format_euro(t.vrij)

        lijst = _pagina(client, reverse("jaarplan:lijst")).tabel("Jaar", "Begroot", "Ongedekt", "Dekkingsgraad")
        rij = lijst.rij(f"Jaarplan {jaar}")
        assert (rij["Begroot"], rij["Gedekt"], rij["Ongedekt"], rij["Dekkingsgraad"]) == (
            format_euro(plan.totaal_begroot),
            format_euro(plan.totaal_gedekt),
            format_euro(plan.totaal_ongedekt),
            procent(plan.dekkingsgraad, 1),
        )

    response = client.get(reverse("home"))
    plan = jaarplan_van(regio, response.context["jaarplan"].jaar)
    home = Pagina(response.text)
    assert home.tekst("begroot") == format_euro(plan.totaal_begroot)
    assert home.tekst("gedekt") == format_euro(plan.totaal_gedekt)
    assert home.tekst("ongedekt") == format_euro(plan.totaal_ongedekt)
    assert home.tekst("dekkingsgraad") == procent(plan.dekkingsgraad, 1)
    if plan.totaal_ongedekt:
        assert home.tekst("nog-te-dekken") == format_euro(plan.totaal_ongedekt)
        tabel = home.tabel("Activiteit", "Ongedekt")
        for a in Activiteit.objects.filter(jaarplan=plan).met_totalen().filter(ongedekt__gt=0):
            assert tabel.rij(a.naam)["Ongedekt"] == format_euro(a.ongedekt)


def test_the_dashboard_realisatie_and_national_view_show_the_same_budget(client, regio_en_jaren, landelijk):
    regio, jaren = regio_en_jaren
    _lezer(client, regio, Rol.STUURGROEP)
    for jaar in jaren:
        plan = jaarplan_van(regio, jaar)
        begroting = _pagina(client, reverse("dashboard:overzicht"), jaar=jaar).tabel("Activiteit", "Gerealiseerd")
        assert begroting.rij("Totaal")[f"Begroot {jaar}"] == format_euro(plan.totaal_begroot)
        assert begroting.rij("Totaal")["Gerealiseerd"] == format_euro(plan.totaal_gerealiseerd)
        realisatie = _pagina(client, reverse("jaarplan:realisatie", args=[plan.pk]))
        assert realisatie.tekst("realisatie-begroot") == format_euro(plan.totaal_begroot)
        assert realisatie.tekst("realisatie-gerealiseerd") == format_euro(plan.totaal_gerealiseerd)

    client.force_login(landelijk)
    for jaar in jaren:
        plan = jaarplan_van(regio, jaar)
        landelijk_overzicht = _pagina(client, reverse("dashboard:landelijk"), jaar=jaar)
        rij = landelijk_overzicht.tabel("Leerwerkloket", "Ongedekt").rij(regio.naam)
        assert (rij["Begroot"], rij["Gedekt"], rij["Ongedekt"], rij["Dekkingsgraad"]) == (
            format_euro(plan.totaal_begroot),
            format_euro(plan.totaal_gedekt),
            format_euro(plan.totaal_ongedekt),
            procent(plan.dekkingsgraad, 1),
        )


# -- The read API -----------------------------------------------------------------------------
def _api(client, sleutel: str, pad: str, **params) -> dict:
    antwoord = client.get(f"/api/v1/{pad}", {**params, "paginaGrootte": 1000}, HTTP_AUTHORIZATION=f"Bearer {sleutel}")
    assert antwoord.status_code == 200, (pad, antwoord.content)
    inhoud = antwoord.json()
    assert inhoud["links"]["next"] is None, pad  # one page holds them all
    return inhoud


def _api_bedrag(tekst: str) -> Decimal:
    assert tekst == f"{Decimal(tekst):.2f}", tekst  # text with two decimals, exact to the cent
    return Decimal(tekst)


def test_the_api_reads_the_same_figures(client, regio_en_jaren, landelijk):
    """What a key reads is what the pages show: the toezeggingen per financier and their totals,
    the invoices, the jaarplan and its activities with their output, the national overview."""
    regio, jaren = regio_en_jaren
    sleutel = api_sleutel_maken(gebruiker=_lezer(client, regio, Rol.STUURGROEP), naam="Cijfers", dagen=30)[1]
    velden = {"bedragGeld": "geld", "bedragNatura": "natura", "gefactureerd": "gefactureerd",
              "ontvangen": "ontvangen", "openstaand": "openstaand"}  # fmt: skip
    for jaar in jaren:
        toezeggingen = _api(client, sleutel, "toezeggingen", jaar=jaar)
        per_naam: dict[str, dict] = {}
        for r in toezeggingen["resultaten"]:
            som = per_naam.setdefault(r["financierNaam"], dict.fromkeys(velden.values(), ZERO))
            for veld, figuur in velden.items():
                som[figuur] += _api_bedrag(r[veld])
        assert per_naam == {n: {k: r[k] for k in velden.values()} for n, r in per_financier(regio, jaar).items()}
        totaal = totaal_van_het_jaar(regio, jaar)
        for veld, figuur in velden.items():
            assert _api_bedrag(toezeggingen["totalen"][veld]) == totaal[figuur], veld

        facturen = _api(client, sleutel, "facturen", jaar=jaar)["resultaten"]
        assert sum((_api_bedrag(f["bedrag"]) for f in facturen), ZERO) == totaal["gefactureerd"]
        assert sum((_api_bedrag(f["openstaand"]) for f in facturen), ZERO) == totaal["openstaand"]

        plan = jaarplan_van(regio, jaar)
        (getoond,) = _api(client, sleutel, "jaarplannen", jaar=jaar)["resultaten"]
        for veld in ("begroot", "gedekt", "ongedekt", "overgedekt", "gerealiseerd"):
            assert _api_bedrag(getoond[veld]) == getattr(plan, f"totaal_{veld}"), veld
        assert getoond["dekkingsgraad"] == (
            None if plan.dekkingsgraad is None else f"{plan.dekkingsgraad.quantize(Decimal('0.0001')):.4f}"
        )
        activiteiten = {a["naam"]: a for a in _api(client, sleutel, "activiteiten", jaar=jaar)["resultaten"]}
        for a in Activiteit.objects.filter(jaarplan=plan).met_totalen():
            for veld in ("begroot", "gedekt", "ongedekt", "overgedekt", "gerealiseerd"):
                assert _api_bedrag(activiteiten[a.naam][veld]) == getattr(a, veld), (a.naam, veld)
            uitvoer = {i["code"]: i["gerealiseerd"] for i in activiteiten[a.naam]["indicatoren"]}
            assert uitvoer == {
                i.code: i.gerealiseerd for i in Indicator.objects.filter(activiteit=a).met_gerealiseerd()
            }

    sleutel = api_sleutel_maken(gebruiker=landelijk, naam="Landelijk", dagen=30)[1]
    for jaar in jaren:
        plan = jaarplan_van(regio, jaar)
        rij = next(
            r for r in _api(client, sleutel, "landelijk-overzicht", jaar=jaar)["resultaten"] if r["regio"] == regio.slug
        )
        assert (_api_bedrag(rij["begroot"]), _api_bedrag(rij["gedekt"]), _api_bedrag(rij["ongedekt"])) == (
            plan.totaal_begroot,
            plan.totaal_gedekt,
            plan.totaal_ongedekt,
        )


# -- The workbook -----------------------------------------------------------------------------
def _werkboek(regio, jaar):
    uit = io.BytesIO()
    EXPORTERS["jaaroverzicht"](leerwerkloket=regio, jaar=jaar).schrijf(uit)
    return openpyxl.load_workbook(io.BytesIO(uit.getvalue()))


def _gegevensrijen(blad):
    """The rows under the header (the first row whose first cell is a column title), without
    the totals row at the bottom."""
    rijen = list(blad.iter_rows(values_only=True))
    kop = next(i for i, r in enumerate(rijen) if r and r[0] in ("Financier", "Activiteit", "Onderdeel"))
    return [dict(zip(rijen[kop], r, strict=False)) for r in rijen[kop + 1 :] if r[0] not in (None, "Totaal")]


def test_the_jaaroverzicht_holds_the_same_figures(regio_en_jaren):
    regio, jaren = regio_en_jaren
    for jaar in jaren:
        boek = _werkboek(regio, jaar)
        plan = jaarplan_van(regio, jaar)
        totaal = totaal_van_het_jaar(regio, jaar)
        samenvatting = {r["Onderdeel"]: r["Bedrag"] for r in _gegevensrijen(boek["Samenvatting"])}
        for label, figuur in (
            ("Toegezegd in geld", totaal["geld"]),
            ("Toegezegd in natura", totaal["natura"]),
            ("Gefactureerd", totaal["gefactureerd"]),
            ("Ontvangen", totaal["ontvangen"]),
            ("Begroot", plan.totaal_begroot),
            ("Gedekt", plan.totaal_gedekt),
            ("Nog niet gedekt", plan.totaal_ongedekt),
            ("Gerealiseerd", plan.totaal_gerealiseerd),
        ):
            assert _bedrag(samenvatting[label]) == figuur, label

        per_naam: dict[str, dict] = {}
        rijen = _gegevensrijen(boek["Toezeggingen"])
        geen = {r["Financier"]: r for r in rijen if r["Toegezegd totaal"] == "geen toezegging"}
        assert set(geen) == set(zonder_toezegging(regio, jaar))
        assert all(r["Minimum gehaald"] == "nee" for r in geen.values())
        for r in rijen:
            if r["Toegezegd totaal"] == "geen toezegging":
                continue
            som = per_naam.setdefault(r["Financier"], dict.fromkeys(GELDSTROOM.values(), ZERO))
            for kolom, figuur in (
                ("Toegezegd in geld", "geld"),
                ("Toegezegd in natura", "natura"),
                ("Gefactureerd", "gefactureerd"),
                ("Ontvangen", "ontvangen"),
                ("Openstaand", "openstaand"),
            ):
                som[figuur] += _bedrag(r[kolom])
        definitie = per_financier(regio, jaar)
        assert per_naam == {n: {k: r[k] for k in GELDSTROOM.values()} for n, r in definitie.items()}
        gehaald = {r["Financier"]: r["Minimum gehaald"] for r in rijen if r not in geen.values()}
        for naam, t in cofinanciers(regio, jaar).items():
            assert gehaald[naam] == ("ja" if t.gehaald else "nee")

        # The dashboard's money flow, a sheet built from its section's declarations.
        geldstroom = {r["Financier"]: r for r in _gegevensrijen(boek["Geldstroom"])}
        assert set(geldstroom) == set(definitie)
        for naam, r in definitie.items():
            for kolom, figuur in GELDSTROOM.items():
                assert _bedrag(geldstroom[naam][kolom]) == r[figuur], (naam, kolom)
            termijn = geldstroom[naam][BETAALTERMIJN.label]
            assert (Decimal(str(termijn)) if termijn is not None else None) == BETAALTERMIJN.soort.cel(
                r["betaaltermijn"]
            ), naam

        dekking = {r["Activiteit"]: r for r in _gegevensrijen(boek["Dekking"])}
        for a in Activiteit.objects.filter(jaarplan=plan).met_totalen():
            assert _bedrag(dekking[a.naam]["Ongedekt"]) == a.ongedekt, a.naam


# -- A co-financier without a toezegging, everywhere ------------------------------------------
def test_a_cofinancier_without_a_toezegging_is_the_same_row_everywhere(client, demo, demo_datum, landelijk):
    """The year after the demo's agreements end (2021, or 2026 for the second period): every
    co-financier owes a toezegging for the next year and has none. The dashboard, report, snapshot,
    home page, national view and jaaroverzicht all name them, as not met."""
    jaar = demo_datum.year + 1
    Jaarplan.objects.create(leerwerkloket=demo, jaar=jaar)
    ontbrekend = zonder_toezegging(demo, jaar)
    assert sorted(ontbrekend) == ["ROC van Twente", "UWV", "Veertien Twentse gemeenten"]

    lezer = _lezer(client, demo, Rol.STUURGROEP, Rol.FINANCIEN)
    vastgelegd = rapport_vastleggen(regio=demo, jaar=jaar, vergaderdatum=demo_datum, status="concept", door=lezer)
    for url, params in (
        (reverse("dashboard:overzicht"), {"jaar": jaar}),
        (reverse("dashboard:rapport"), {"jaar": jaar}),
        (reverse("dashboard:vastgelegd_rapport", args=[vastgelegd.pk]), {}),
    ):
        _controleer_minima(_pagina(client, url, **params), demo, jaar)

    home = Pagina(client.get(reverse("home")).text)
    tabel = home.tabel("Financier", "Minimum", "Toegezegd", "Gehaald")
    for naam, afspraak in ontbrekend.items():
        assert tabel.rij(naam) == {
            "Financier": f"{naam} afspraak liep af in {afspraak.eindjaar}",
            "Minimum": format_euro(afspraak.minimum_per_jaar),
            "Toegezegd": "geen toezegging",
            "Gehaald": "nee",
        }

    client.force_login(landelijk)
    rij = _pagina(client, reverse("dashboard:landelijk"), jaar=jaar).tabel("Leerwerkloket").rij(demo.naam)
    assert f"0 van {len(ontbrekend)}" in rij.values()

    rijen = _gegevensrijen(_werkboek(demo, jaar)["Toezeggingen"])
    geen = {r["Financier"]: r for r in rijen if r["Toegezegd totaal"] == "geen toezegging"}
    assert set(geen) == set(ontbrekend)
    for naam, afspraak in ontbrekend.items():
        assert geen[naam]["Minimum gehaald"] == "nee"
        assert _bedrag(geen[naam]["Minimum per jaar"]) == afspraak.minimum_per_jaar
