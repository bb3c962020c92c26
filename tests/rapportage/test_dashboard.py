"""The stuurgroep's dashboard. Every figure is checked against a sum the test computes itself
from the raw rows (toezeggingen, facturen, betalingen, begrotingsregels, boekingen, metingen) of
Twente's demo; the sections must agree with each other; who may read it; what an empty region
or year says; and the number of queries does not grow with the years of data."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from financiering.models import Betaling, Factuur, Financieringsafspraak, Toezegging
from jaarplan.models import (
    Activiteit,
    Begrotingsregel,
    Dekking,
    Indicator,
    Jaarplan,
    Kostenrealisatie,
    Kostensoort,
    Outputrealisatie,
)
from kern.money import ZERO, round_money
from partners.models import Gebruiker, Leerwerkloket, Partner
from partners.roles import Rol
from rapportage.dashboard import selectors
from tests.factories import (
    ActiviteitFactory,
    AfspraakFactory,
    BegrotingsregelFactory,
    DekkingFactory,
    FactuurFactory,
    GebruikerFactory,
    IndicatorFactory,
    JaarplanFactory,
    LeerwerkloketFactory,
    PartnerFactory,
    ToezeggingFactory,
)

pytestmark = pytest.mark.django_db

JAREN = [2017, 2018, 2019, 2020, 2021]
OP = datetime.date(2021, 9, 1)  # the day the money flow is read: mid-2021


def optellen(rijen, veld="bedrag") -> Decimal:
    """The test's own sum over rows, in Python, independent of the app's aggregates."""
    return sum((getattr(r, veld) for r in rijen), ZERO)


def toezeggingen(regio, **filters):
    return list(Toezegging.objects.voor_regio(regio).filter(**filters).select_related("afspraak__financier"))


def dashboard(client, **params):
    return client.get(reverse("dashboard:overzicht"), params)


@pytest.fixture
def uwv(demo):
    return Partner.objects.get(leerwerkloket=demo, naam="UWV")


# -- 1. Commitments kept ----------------------------------------------------------------------
@pytest.mark.parametrize("jaar", JAREN)
def test_each_cofinancier_is_held_against_its_minimum_for_every_year_of_the_period(demo, jaar):
    overzicht = selectors.toezeggingen_tegen_minimum(demo, jaar)
    assert overzicht.jaren == JAREN
    afspraken = Financieringsafspraak.objects.voor_regio(demo).filter(soort="cofinanciering")
    assert sorted(c.financier for c in overzicht.cofinanciers) == sorted(a.financier.naam for a in afspraken)
    for rij in overzicht.cofinanciers:
        afspraak = afspraken.get(financier_id=rij.financier_id)
        assert rij.minimum == afspraak.minimum_per_jaar
        for cel in rij.cellen:
            t = Toezegging.objects.get(afspraak=afspraak, jaar=cel.jaar)
            geteld = t.bedrag_geld + (t.bedrag_natura if afspraak.in_natura_telt_mee else ZERO)
            assert (cel.geld, cel.natura, cel.geteld) == (t.bedrag_geld, t.bedrag_natura, geteld)
            assert cel.gehaald is (geteld >= afspraak.minimum_per_jaar)


def test_uwvs_in_kind_counts_and_the_partners_jointly_meet_the_share(demo):
    overzicht = selectors.toezeggingen_tegen_minimum(demo, 2021)
    uwv = next(c for c in overzicht.cofinanciers if c.financier == "UWV")
    assert [c.geteld for c in uwv.cellen] == [Decimal("75000.00")] * 5  # € 50.000 money + € 25.000 in kind
    assert uwv.alles_gehaald
    for samen in overzicht.gezamenlijk:
        rijen = toezeggingen(demo, jaar=samen.jaar, afspraak__soort="cofinanciering")
        verwacht = sum(
            (t.bedrag_geld + (t.bedrag_natura if t.afspraak.in_natura_telt_mee else ZERO) for t in rijen), ZERO
        )
        assert samen.geteld == verwacht
        assert samen.vereist == Decimal("50000.00")  # 0,50 × € 100.000,00 from the settings
        assert samen.gehaald
    assert overzicht.dit_jaar.geteld == Decimal("227500.00")


def test_the_co_financing_share_comes_from_the_settings(demo, settings):
    settings.COFINANCIERING_AANDEEL_VAN_BASISBEDRAG = "2.50"
    overzicht = selectors.toezeggingen_tegen_minimum(demo, 2021)
    assert overzicht.vereist == Decimal("250000.00")
    assert not overzicht.dit_jaar.gehaald  # € 227.500,00 is below € 250.000,00


def test_a_toezegging_below_the_minimum_or_missing_is_shown_as_not_met(achterhoek):
    afspraak = AfspraakFactory(leerwerkloket=achterhoek, financier=PartnerFactory(leerwerkloket=achterhoek, naam="ROC"))
    # Saved without full_clean: an older row from before the minimum was raised.
    ToezeggingFactory(afspraak=afspraak, jaar=2017, bedrag_geld=Decimal("70000.00"))
    ToezeggingFactory(afspraak=afspraak, jaar=2018, bedrag_geld=Decimal("75000.00"))
    rij = selectors.toezeggingen_tegen_minimum(achterhoek, 2018).cofinanciers[0]
    assert rij.cellen[0].gehaald is False
    assert rij.cellen[1].gehaald is True
    assert rij.cellen[2:] == ["ontbreekt"] * 3
    assert not rij.alles_gehaald


# -- 2. Money flow ----------------------------------------------------------------------------
@pytest.mark.parametrize("jaar", JAREN)
def test_the_money_flow_per_financier_is_the_sum_of_its_invoices_and_payments(demo, jaar):
    stroom = selectors.geldstroom(demo, jaar, op=OP)
    financiers = {t.afspraak.financier for t in toezeggingen(demo, jaar=jaar)}
    assert [r.naam for r in stroom.rijen] == sorted(f.naam for f in financiers)
    for rij in stroom.rijen:
        eigen = toezeggingen(demo, jaar=jaar, afspraak__financier_id=rij.financier_id)
        facturen = Factuur.objects.filter(toezegging__in=eigen)
        betalingen = Betaling.objects.filter(toezegging__in=eigen)
        assert rij.toegezegd_geld == optellen(eigen, "bedrag_geld")
        assert rij.toegezegd_natura == optellen(eigen, "bedrag_natura")
        assert rij.gefactureerd == optellen(facturen)
        assert rij.ontvangen == optellen(betalingen)
        assert rij.openstaand == optellen(facturen) - optellen(betalingen.filter(factuur__isnull=False))
        assert rij.toegewezen == optellen(Dekking.objects.filter(toezegging__in=eigen))
    alle = toezeggingen(demo, jaar=jaar)
    facturen = Factuur.objects.filter(toezegging__in=alle)
    betalingen = Betaling.objects.filter(toezegging__in=alle)
    assert stroom.totaal.toegezegd_geld == optellen(alle, "bedrag_geld")
    assert stroom.totaal.toegezegd_natura == optellen(alle, "bedrag_natura")
    assert stroom.totaal.gefactureerd == optellen(facturen)
    assert stroom.totaal.ontvangen == optellen(betalingen)
    assert stroom.totaal.openstaand == optellen(facturen) - optellen(betalingen.filter(factuur__isnull=False))


def test_overdue_invoices_are_named_with_their_age_in_days(demo):
    stroom = selectors.geldstroom(demo, 2021, op=OP)
    verwacht = []
    for f in Factuur.objects.voor_regio(demo).filter(toezegging__jaar=2021, vervaldatum__lt=OP):
        open_bedrag = f.bedrag - optellen(f.betalingen.all())
        if open_bedrag > 0:
            verwacht.append((f.nummer, f.toezegging.financier.naam, open_bedrag))
    assert [(f.nummer, f.financier, f.openstaand) for f in stroom.verlopen] == sorted(verwacht)
    # The demo: ROC paid € 20.000 of its second invoice, the gemeenten nothing; due 31 July 2021.
    assert [f.financier for f in stroom.verlopen] == ["ROC van Twente", "Veertien Twentse gemeenten"]
    assert {(f.leeftijd, f.dagen_te_laat) for f in stroom.verlopen} == {(62, 32)}
    assert stroom.verlopen_andere_jaren == 0


def test_overdue_invoices_of_other_years_are_counted_beside_the_year(demo):
    stroom = selectors.geldstroom(demo, 2020, op=OP)
    assert stroom.verlopen == []
    assert stroom.verlopen_andere_jaren == 2
    assert stroom.verlopen_andere_jaren_bedrag == Decimal("56250.00")


def test_the_money_flow_read_again_on_the_same_day_shows_what_was_booked_in_between(demo):
    """The annotated toezeggingen are built once per day (`_geldstroom_van_alle`), never their rows:
    an invoice added after a first read is in the next one."""
    voor = selectors.geldstroom(demo, 2021, op=OP).totaal.gefactureerd
    toezegging = Toezegging.objects.voor_regio(demo).filter(jaar=2021).telt().first()
    FactuurFactory(
        toezegging=toezegging,
        bedrag=Decimal("0.01"),
        factuurdatum=datetime.date(2021, 1, 4),
        vervaldatum=datetime.date(2021, 2, 3),
    )

    assert selectors.geldstroom(demo, 2021, op=OP).totaal.gefactureerd == voor + Decimal("0.01")


# -- 3. Funding mix ---------------------------------------------------------------------------
def test_the_funding_mix_is_each_financiers_toezeggingen_per_year(demo):
    mix = selectors.financieringsmix(demo, 2021, JAREN)
    for bron in mix.bronnen:
        for jaar, bedrag in zip(JAREN, bron.bedragen, strict=True):
            rijen = toezeggingen(demo, jaar=jaar, afspraak__financier_id=bron.sleutel)
            assert bedrag == optellen(rijen, "bedrag_geld") + optellen(rijen, "bedrag_natura")
        alle = toezeggingen(demo, afspraak__financier_id=bron.sleutel)
        assert bron.totaal == optellen(alle, "bedrag_geld") + optellen(alle, "bedrag_natura")
    for jaar, totaal in zip(JAREN, mix.totaal.bedragen, strict=True):
        rijen = toezeggingen(demo, jaar=jaar)
        assert totaal == optellen(rijen, "bedrag_geld") + optellen(rijen, "bedrag_natura")
    assert mix.totaal.totaal == sum(mix.totaal.bedragen, ZERO) == Decimal("1672500.00")
    assert {d.naam: d.bedrag for d in mix.dit_jaar} == {
        "Ministerie van SZW": Decimal("100000.00"),
        "ROC van Twente": Decimal("75000.00"),
        "UWV": Decimal("75000.00"),
        "Veertien Twentse gemeenten": Decimal("77500.00"),
    }
    assert sum((d.aandeel for d in mix.dit_jaar), Decimal(0)) == 1


def test_the_chart_data_carries_the_same_numbers_as_the_table(demo):
    mix = selectors.financieringsmix(demo, 2019, JAREN)
    data = mix.grafiekdata()
    assert data["jaren"] == JAREN
    assert [b["naam"] for b in data["bronnen"]] == [b.naam for b in mix.bronnen]
    assert [[Decimal(x) for x in b["bedragen"]] for b in data["bronnen"]] == [b.bedragen for b in mix.bronnen]
    assert {d["naam"]: Decimal(d["bedrag"]) for d in data["ditJaar"]}["AOC Oost"] == Decimal("20000.00")


# -- 4. Budget against actual -----------------------------------------------------------------
def test_budget_against_actual_per_activity_of_a_closed_year(demo):
    overzicht = selectors.begroting_tegen_realisatie(demo, 2019, Decimal(10))
    assert overzicht.status == "Afgesloten" and overzicht.heel_jaar
    activiteiten = Activiteit.objects.filter(jaarplan__leerwerkloket=demo, jaarplan__jaar=2019)
    assert [r.naam for r in overzicht.rijen] == [a.naam for a in activiteiten.order_by("volgorde")]
    for rij in overzicht.rijen:
        activiteit = activiteiten.get(naam=rij.naam)
        begroot = optellen(Begrotingsregel.objects.filter(activiteit=activiteit))
        gerealiseerd = optellen(Kostenrealisatie.objects.filter(activiteit=activiteit))
        assert (rij.begroot, rij.naar_rato, rij.gerealiseerd) == (begroot, begroot, gerealiseerd)
        assert rij.verschil == gerealiseerd - begroot
        assert rij.percentage == gerealiseerd / begroot
        assert rij.afwijking is (abs(gerealiseerd / begroot - 1) > Decimal("0.10"))
    assert overzicht.totaal.begroot == optellen(Begrotingsregel.objects.filter(activiteit__in=activiteiten))
    assert overzicht.totaal.gerealiseerd == optellen(Kostenrealisatie.objects.filter(activiteit__in=activiteiten))


def test_a_running_year_is_judged_against_the_budget_up_to_the_latest_booking(demo):
    overzicht = selectors.begroting_tegen_realisatie(demo, 2021, Decimal(10))
    assert overzicht.peildatum == datetime.date(2021, 6, 30) and overzicht.peilmaand == 6
    assert not overzicht.heel_jaar
    for rij in overzicht.rijen:
        assert rij.naar_rato == round_money(rij.begroot / 2)
        assert rij.verschil == rij.gerealiseerd - rij.naar_rato
    # The budget change of 2021 raised Almelo's walk-in hours from September on: behind by June.
    assert [r.naam for r in overzicht.rijen if r.afwijking] == ["Spreekuur vrije inloop Almelo"]


def test_the_deviation_threshold_is_a_setting(demo, settings):
    settings.AFWIJKING_DREMPEL_PROCENT = 20
    overzicht = selectors.begroting_tegen_realisatie(demo, 2021, selectors.afwijking_drempel())
    assert overzicht.drempel == 20
    assert overzicht.aantal_afwijkingen == 0
    settings.AFWIJKING_DREMPEL_PROCENT = 2
    assert selectors.begroting_tegen_realisatie(demo, 2021, selectors.afwijking_drempel()).aantal_afwijkingen == 5


# -- 5. Outputs against targets ---------------------------------------------------------------
def test_outputs_are_the_sum_of_the_measurements_against_the_targets(demo):
    overzicht = selectors.output_tegen_streef(demo, 2020)
    indicatoren = Indicator.objects.filter(activiteit__jaarplan__leerwerkloket=demo, activiteit__jaarplan__jaar=2020)
    assert len(overzicht.rijen) == indicatoren.count() == 9
    for rij in overzicht.rijen:
        indicator = indicatoren.get(activiteit__naam=rij.activiteit, naam=rij.indicator)
        gemeten = sum(m.aantal for m in Outputrealisatie.objects.filter(indicator=indicator))
        assert (rij.streefwaarde, rij.gerealiseerd) == (indicator.streefwaarde, gemeten)
        assert rij.gehaald is (gemeten >= indicator.streefwaarde)
    taalakkoord = next(r for r in overzicht.rijen if r.activiteit == "Taalakkoord")
    assert (taalakkoord.streefwaarde, taalakkoord.gerealiseerd) == (3, 4)


# -- 6. Where your money goes -----------------------------------------------------------------
def test_where_uwvs_money_goes_is_its_dekking_with_the_activities_results(demo, uwv):
    besteding = selectors.besteding(demo, 2019, uwv)
    eigen = toezeggingen(demo, jaar=2019, afspraak__financier=uwv)
    dekkingen = Dekking.objects.filter(toezegging__in=eigen)
    assert besteding.toegezegd == optellen(eigen, "bedrag_geld") + optellen(eigen, "bedrag_natura")
    assert besteding.toegewezen == optellen(dekkingen) == Decimal("75000.00")
    assert besteding.niet_toegewezen == ZERO
    assert [r.activiteit for r in besteding.rijen] == ["Loketfunctie en adviesgesprekken"]
    rij = besteding.rijen[0]
    activiteit = Activiteit.objects.get(jaarplan__leerwerkloket=demo, jaarplan__jaar=2019, code="loketfunctie")
    begroot = optellen(activiteit.begrotingsregels.all())
    kosten = optellen(activiteit.kostenrealisaties.all())
    assert (rij.uw_bijdrage, rij.begroot, rij.gerealiseerd) == (optellen(dekkingen), begroot, kosten)
    assert rij.aandeel == Decimal("75000.00") / begroot
    assert rij.uw_deel_kosten == round_money(Decimal("75000.00") / begroot * kosten)
    metingen = {
        i.naam: sum(m.aantal for m in i.realisaties.all()) for i in Indicator.objects.filter(activiteit=activiteit)
    }
    assert {i.naam: i.gerealiseerd for i in rij.indicatoren} == metingen
    for i in rij.indicatoren:
        assert i.uw_deel == (rij.aandeel * metingen[i.naam]).quantize(Decimal("0.1"))
    # Every conversation is a "gesprek": the cost per conversation is the cost over all of them.
    [per_gesprek] = rij.per_eenheid
    assert (per_gesprek.eenheid, per_gesprek.aantal) == ("gesprekken", sum(metingen.values()))
    assert per_gesprek.kosten == round_money(kosten / sum(metingen.values()))


def test_money_not_yet_allocated_is_shown_apart(demo):
    gemeenten = Partner.objects.get(leerwerkloket=demo, naam="Veertien Twentse gemeenten")
    besteding = selectors.besteding(demo, 2021, gemeenten)
    assert besteding.toegezegd == Decimal("77500.00")
    assert besteding.niet_toegewezen == Decimal("1000.00")  # € 2.500 left free, € 1.500 allocated by the change
    assert sum((r.uw_bijdrage for r in besteding.rijen), ZERO) == besteding.toegewezen


def test_the_shares_of_all_financiers_of_an_activity_add_up_to_at_most_one(demo):
    loket = {}
    for financier in Partner.objects.filter(leerwerkloket=demo, afspraken__toezeggingen__jaar=2018).distinct():
        for rij in selectors.besteding(demo, 2018, financier).rijen:
            loket.setdefault(rij.activiteit, []).append(rij.aandeel)
    for aandelen in loket.values():
        assert sum(aandelen) <= 1


# -- 7. Five-year overview --------------------------------------------------------------------
def test_the_five_year_overview_per_activity_is_the_budget_and_the_bookings(demo):
    overzicht = selectors.activiteiten_per_jaar(demo, JAREN)
    assert [r.sleutel for r in overzicht.begroot][:2] == ["loketfunctie", "spreekuur-enschede"]
    for reeks, model in ((overzicht.begroot, Begrotingsregel), (overzicht.gerealiseerd, Kostenrealisatie)):
        for rij in reeks:
            rijen = model.objects.filter(activiteit__jaarplan__leerwerkloket=demo, activiteit__code=rij.sleutel)
            per_jaar = [optellen(rijen.filter(activiteit__jaarplan__jaar=j)) for j in JAREN]
            assert rij.bedragen == per_jaar
            assert rij.totaal == optellen(rijen)
    zorg = next(r for r in overzicht.begroot if r.sleutel == "leerwerkarrangement-zorg")
    assert zorg.bedragen == [ZERO, Decimal("30000.00"), Decimal("34000.00"), ZERO, ZERO]  # a 2018-2019 project
    alle = Begrotingsregel.objects.filter(activiteit__jaarplan__leerwerkloket=demo)
    assert overzicht.begroot_totaal.bedragen == [optellen(alle.filter(activiteit__jaarplan__jaar=j)) for j in JAREN]
    assert overzicht.begroot_totaal.totaal == optellen(alle) == Decimal("1681000.00")


# -- The sections agree -----------------------------------------------------------------------
@pytest.mark.parametrize("jaar", JAREN)
def test_the_totals_add_up_across_sections(demo, jaar):
    stroom = selectors.geldstroom(demo, jaar, op=OP)
    mix = selectors.financieringsmix(demo, jaar, JAREN)
    financiers, financiers_totaal = selectors.toezeggingen_per_financier(demo, JAREN)
    activiteiten = selectors.activiteiten_per_jaar(demo, JAREN)
    begroting = selectors.begroting_tegen_realisatie(demo, jaar, Decimal(10))
    i = JAREN.index(jaar)

    # Committed: the money flow, this year's mix, the stacked bar and the five-year overview.
    assert stroom.totaal.toegezegd == mix.dit_jaar_totaal == mix.totaal.bedragen[i] == financiers_totaal.bedragen[i]
    for rij in stroom.rijen:
        assert rij.toegezegd == next(f.bedragen[i] for f in financiers if f.sleutel == rij.financier_id)
    assert (
        financiers_totaal.totaal == sum(financiers_totaal.bedragen, ZERO) == sum((f.totaal for f in financiers), ZERO)
    )
    # Budget and actuals: the year's section and the five-year overview.
    assert begroting.totaal.begroot == activiteiten.begroot_totaal.bedragen[i]
    assert begroting.totaal.gerealiseerd == activiteiten.gerealiseerd_totaal.bedragen[i]
    assert sum((r.begroot for r in begroting.rijen), ZERO) == begroting.totaal.begroot
    assert sum((r.gerealiseerd for r in begroting.rijen), ZERO) == begroting.totaal.gerealiseerd
    # Allocated: each financier's "where your money goes" against the money flow.
    for rij in stroom.rijen:
        besteding = selectors.besteding(demo, jaar, Partner.objects.get(pk=rij.financier_id))
        assert besteding.toegewezen == rij.toegewezen
        assert besteding.toegezegd == rij.toegezegd
    assert stroom.totaal.toegewezen == Jaarplan.objects.voor_regio(demo).met_totalen().get(jaar=jaar).totaal_gedekt


# -- The page ---------------------------------------------------------------------------------
def test_the_stuurgroep_sees_every_section_of_the_latest_adopted_year(client, stuurgroeplid, demo):
    client.force_login(stuurgroeplid)
    response = dashboard(client)
    assert response.status_code == 200
    assert response.context["jaar"] == 2021  # the latest vastgesteld jaarplan
    tekst = response.text
    for kop in (
        "1. Toezeggingen tegen het minimum",
        "2. Geldstroom 2021",
        "3. Financieringsmix 2017–2021",
        "4. Begroting en realisatie 2021",
        "5. Output tegen streefwaarden 2021",
        "6. Waar gaat uw geld naartoe?",
        "7. Meerjarenoverzicht 2017–2021",
    ):
        assert kop in tekst
    assert "In 2021 cofinancieren de partners samen <strong>€\u00a0227.500,00</strong>" in tekst
    assert "LWT-2021-006" in tekst and "Veertien Twentse gemeenten" in tekst
    assert 'id="financieringsmix-data"' in tekst and "vendor/chart.js/chart.umd.min.js" in tekst
    assert "€\u00a01.672.500,00" in tekst  # toezeggingen of the period
    assert "⚠ meer dan 10%" in tekst
    waar = reverse("dashboard:financier", args=[Partner.objects.get(leerwerkloket=demo, naam="UWV").pk])
    assert f'href="{waar}?jaar=2021"' in tekst


def test_the_year_can_be_chosen_and_nonsense_falls_back_to_the_default(client, stuurgroeplid, demo):
    client.force_login(stuurgroeplid)
    response = dashboard(client, jaar="2018")
    assert response.context["jaar"] == 2018
    assert "2. Geldstroom 2018" in response.text
    assert 'value="2018" selected' in response.text
    assert dashboard(client, jaar="twintig").context["jaar"] == 2021
    assert dashboard(client, jaar="1850").context["jaar"] == 2021


def test_the_financier_page_shows_where_uwvs_money_went(client, stuurgroeplid, uwv):
    client.force_login(stuurgroeplid)
    response = client.get(reverse("dashboard:financier", args=[uwv.pk]), {"jaar": 2019})
    assert response.status_code == 200
    assert "Waar gaat het geld van UWV naartoe?" in response.text
    assert '<dd data-testid="toegewezen">€\u00a075.000,00</dd>' in response.text
    assert "Loketfunctie en adviesgesprekken" in response.text and "Loopbaangesprekken" in response.text
    assert "ROC van Twente" in response.text  # the other financiers of the year


def test_the_default_year_is_the_latest_adopted_jaarplan_else_the_latest(achterhoek):
    JaarplanFactory(leerwerkloket=achterhoek, jaar=2020)
    JaarplanFactory(leerwerkloket=achterhoek, jaar=2022)
    assert selectors.jaarkeuze(achterhoek).gekozen == 2022  # none vastgesteld: the latest
    plan = JaarplanFactory(leerwerkloket=achterhoek, jaar=2021)
    Jaarplan.objects.filter(pk=plan.pk).update(status=Jaarplan.Status.VASTGESTELD, besluitdatum="2020-12-10")
    assert selectors.jaarkeuze(achterhoek).gekozen == 2021
    assert selectors.jaarkeuze(achterhoek).jaren == [2022, 2021, 2020]


def test_a_region_without_anything_gets_this_calendar_year(achterhoek):
    keuze = selectors.jaarkeuze(achterhoek, vandaag=datetime.date(2024, 5, 1))
    assert (keuze.jaren, keuze.gekozen, keuze.opties) == ([], 2024, [2024])


# -- Empty regions and years -------------------------------------------------------------------
def test_a_new_region_says_in_every_section_that_there_is_nothing_yet(client, collega_achterhoek):
    client.force_login(collega_achterhoek)
    tekst = dashboard(client).text
    assert "Voor Leerwerkloket Achterhoek is nog niets vastgelegd" in tekst
    assert "loopt geen cofinancieringsafspraak" in tekst
    assert "nog geen toezeggingen; er is nog geen geld toegezegd" in tekst
    assert "er is geen financieringsmix om te tonen" in tekst
    assert "Er is geen jaarplan" in tekst and "er zijn geen streefwaarden" in tekst
    assert "er is nog geen geld om te volgen" in tekst
    assert "nog geen toezeggingen en geen jaarplannen" in tekst
    assert "€\u00a0" not in tekst  # no amount of another region, no zeros pretending to be figures


def test_a_year_without_jaarplan_says_so_and_keeps_the_period(client, stuurgroeplid, demo):
    client.force_login(stuurgroeplid)
    tekst = dashboard(client, jaar=2022).text
    # The agreements ended in 2021: their partners stay in sight, without a toezegging (issue 13).
    assert "In 2022 loopt geen cofinancieringsafspraak" not in tekst
    assert tekst.count('<span class="nee">geen toezegging</span>') == 3 and tekst.count("liep af in 2021") == 3
    assert "Er is geen jaarplan 2022; er is geen begroting" in tekst
    assert "Er is geen jaarplan 2022; er zijn geen streefwaarden" in tekst
    assert "In 2022 zijn er geen toezeggingen." in tekst
    assert "7. Meerjarenoverzicht 2017–2021" in tekst  # the years with data


def test_a_jaarplan_without_activities_or_actuals_says_so(achterhoek):
    plan = JaarplanFactory(leerwerkloket=achterhoek, jaar=2022)
    assert selectors.begroting_tegen_realisatie(achterhoek, 2022, Decimal(10)).rijen == []
    activiteit = ActiviteitFactory(jaarplan=plan)
    BegrotingsregelFactory(activiteit=activiteit, bedrag=Decimal("1000.00"))
    IndicatorFactory(activiteit=activiteit)
    overzicht = selectors.begroting_tegen_realisatie(achterhoek, 2022, Decimal(10))
    assert overzicht.peilmaand is None and overzicht.aantal_afwijkingen == 0  # nothing to judge yet
    assert overzicht.rijen[0].naar_rato == Decimal("1000.00")
    assert selectors.output_tegen_streef(achterhoek, 2022).peildatum is None


def test_the_empty_messages_on_the_page_for_a_jaarplan_without_activities(client, collega_achterhoek, achterhoek):
    JaarplanFactory(leerwerkloket=achterhoek, jaar=2022)
    client.force_login(collega_achterhoek)
    tekst = dashboard(client).text
    assert "Jaarplan 2022 (concept) heeft nog geen activiteiten." in tekst
    assert "Jaarplan 2022 heeft nog geen indicatoren met streefwaarden." in tekst


# -- Who may read it --------------------------------------------------------------------------
@pytest.mark.parametrize("wie", ["stuurgroeplid", "projectleider", "financien"])
def test_everyone_of_the_region_reads_the_dashboard(client, request, wie, demo, uwv):
    client.force_login(request.getfixturevalue(wie))
    assert dashboard(client).status_code == 200
    assert client.get(reverse("dashboard:financier", args=[uwv.pk])).status_code == 200


def test_the_menu_has_a_dashboard_line_and_the_home_page_links_it_for_the_stuurgroep(client, stuurgroeplid, demo):
    client.force_login(stuurgroeplid)
    tekst = client.get(reverse("home")).text
    assert f'<a href="{reverse("dashboard:overzicht")}">Dashboard</a>' in tekst
    assert "Naar het dashboard van de stuurgroep" in tekst


def test_an_anonymous_visitor_is_sent_to_the_login_page(client, demo, uwv):
    for url in (reverse("dashboard:overzicht"), reverse("dashboard:financier", args=[uwv.pk])):
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_another_region_never_sees_twente(client, collega_achterhoek, demo, uwv):
    client.force_login(collega_achterhoek)
    response = dashboard(client)
    assert response.context["regio"].slug == "achterhoek"
    assert "€\u00a0227.500,00" not in response.text
    assert dashboard(client, regio="twente").status_code == 404
    assert dashboard(client, regio="bestaat-niet").status_code == 404
    assert client.get(reverse("dashboard:financier", args=[uwv.pk])).status_code == 404


def test_a_user_without_region_or_national_role_is_refused(client, db):
    client.force_login(GebruikerFactory(username="zwerver", leerwerkloket=None))
    assert dashboard(client).status_code == 403


def test_the_national_role_goes_from_the_national_view_to_a_regions_dashboard(client, landelijk, demo, achterhoek, uwv):
    client.force_login(landelijk)
    assert dashboard(client).url == reverse("dashboard:landelijk")
    landelijk_overzicht = client.get(reverse("dashboard:landelijk"))
    assert "?regio=twente&amp;jaar=2021" in landelijk_overzicht.text
    assert "?regio=achterhoek&amp;jaar=2021" in landelijk_overzicht.text
    response = dashboard(client, regio="twente")
    assert response.status_code == 200 and response.context["regio"] == demo
    assert "€\u00a0227.500,00" in response.text
    assert '<input type="hidden" name="regio" value="twente">' in response.text
    assert "?jaar=2021&amp;regio=twente" in response.text  # the financier links keep the region
    assert client.get(reverse("dashboard:financier", args=[uwv.pk])).status_code == 200
    assert dashboard(client, regio="achterhoek").context["regio"] == achterhoek
    assert "Landelijk overzicht" in response.text


# -- The national view ------------------------------------------------------------------------
def test_the_national_view_puts_every_regions_figures_side_by_side(demo, achterhoek):
    overzicht = selectors.landelijk_overzicht(2021)
    assert [r.naam for r in overzicht.rijen] == ["Leerwerkloket Achterhoek", "Leerwerkloket Twente"]
    leeg, twente = overzicht.rijen
    assert (leeg.jaarplan, leeg.begroot, leeg.cofinanciers, leeg.cofinanciering) == (None, ZERO, 0, ZERO)
    assert not leeg.aandeel_gehaald and leeg.dekkingsgraad is None

    activiteiten = Activiteit.objects.filter(jaarplan__leerwerkloket=demo, jaarplan__jaar=2021)
    assert twente.jaarplan == "Vastgesteld"
    assert twente.begroot == optellen(Begrotingsregel.objects.filter(activiteit__in=activiteiten))
    assert twente.gedekt == optellen(Dekking.objects.filter(activiteit__in=activiteiten))
    rijen = toezeggingen(demo, jaar=2021, afspraak__soort="cofinanciering")
    geteld = [t.bedrag_geld + (t.bedrag_natura if t.afspraak.in_natura_telt_mee else ZERO) for t in rijen]
    assert twente.cofinanciering == sum(geteld, ZERO) == Decimal("227500.00")
    assert twente.cofinanciers == 3
    assert twente.cofinanciers_gehaald == sum(
        1 for t, g in zip(rijen, geteld, strict=True) if g >= t.afspraak.minimum_per_jaar
    )
    assert twente.aandeel_gehaald
    # The totals are the regions added up, and Twente's figures are those of its own dashboard.
    assert overzicht.begroot == leeg.begroot + twente.begroot
    assert overzicht.cofinanciering == twente.cofinanciering
    assert (overzicht.cofinanciers, overzicht.cofinanciers_gehaald, overzicht.regios_met_aandeel) == (3, 3, 1)
    assert twente.begroot == selectors.begroting_tegen_realisatie(demo, 2021, Decimal(10)).totaal.begroot
    assert twente.cofinanciering == selectors.toezeggingen_tegen_minimum(demo, 2021).dit_jaar.geteld


def test_the_national_view_is_only_for_the_national_role(client, landelijk, stuurgroeplid, demo):
    client.force_login(stuurgroeplid)
    assert client.get(reverse("dashboard:landelijk")).status_code == 403
    client.force_login(landelijk)
    response = client.get(reverse("dashboard:landelijk"), {"jaar": 2019})
    assert response.status_code == 200
    assert "Landelijk overzicht 2019" in response.text
    assert "1 van de 1 regio haalt in 2019 het gezamenlijke cofinancieringsaandeel" in response.text


def test_the_national_view_of_a_year_without_anything_says_so(client, landelijk, demo):
    client.force_login(landelijk)
    response = client.get(reverse("dashboard:landelijk"), {"jaar": 2030})
    assert "Voor 2030 heeft nog geen enkele regio een begroting of cofinanciering vastgelegd." in response.text


def test_the_national_view_runs_as_many_queries_for_five_regions_as_for_one(
    client, landelijk, django_assert_max_num_queries
):
    client.force_login(landelijk)
    _regio_met_jaren("een", range(2020, 2022))
    with django_assert_max_num_queries(10):
        een = _queries(client, reverse("dashboard:landelijk"))
    for slug in ("twee", "drie", "vier", "vijf"):
        _regio_met_jaren(slug, range(2012, 2022))
    with django_assert_max_num_queries(10):
        vijf = _queries(client, reverse("dashboard:landelijk"))
    assert een == vijf
    rijen = client.get(reverse("dashboard:landelijk")).context["overzicht"].rijen
    assert len(rijen) == Leerwerkloket.objects.count() >= 5


# -- A constant number of queries -------------------------------------------------------------
def _regio_met_jaren(slug: str, jaren: range) -> Gebruiker:
    """A region with UWV and SZW, a jaarplan per year with two activities, budget, coverage,
    bookings, measurements, invoices (one overdue) and payments; returns its stuurgroep member."""
    regio = LeerwerkloketFactory(naam=f"Leerwerkloket {slug}", slug=slug, arbeidsmarktregio=slug)
    uwv = PartnerFactory(leerwerkloket=regio, naam="UWV")
    szw = PartnerFactory(leerwerkloket=regio, naam="Ministerie van SZW", soort=Partner.Soort.RIJK)
    cofinanciering = AfspraakFactory(
        leerwerkloket=regio, financier=uwv, startjaar=jaren[0], eindjaar=jaren[-1], in_natura_telt_mee=True
    )
    subsidie = AfspraakFactory(
        leerwerkloket=regio,
        financier=szw,
        soort=Financieringsafspraak.Soort.STRUCTURELE_SUBSIDIE,
        naam="Rijksbijdrage",
        startjaar=jaren[0],
        eindjaar=None,
        minimum_per_jaar=None,
        beschikkingsnummer="SZW-1",
        beschikkingsdatum=datetime.date(jaren[0] - 1, 12, 1),
    )
    for jaar in jaren:
        van_uwv = ToezeggingFactory(
            afspraak=cofinanciering, jaar=jaar, bedrag_geld=Decimal("50000.00"), bedrag_natura=Decimal("25000.00")
        )
        van_szw = ToezeggingFactory(afspraak=subsidie, jaar=jaar, bedrag_geld=Decimal("100000.00"))
        betaald = FactuurFactory(toezegging=van_uwv, nummer=f"{slug}-{jaar}-1", bedrag=Decimal("25000.00"))
        Betaling.objects.create(toezegging=van_uwv, factuur=betaald, datum=datetime.date(jaar, 3, 1), bedrag=25000)
        FactuurFactory(
            toezegging=van_uwv,
            nummer=f"{slug}-{jaar}-2",
            factuurdatum=datetime.date(jaar, 7, 1),
            vervaldatum=datetime.date(jaar, 7, 31),
            bedrag=Decimal("25000.00"),
        )
        Betaling.objects.create(toezegging=van_szw, datum=datetime.date(jaar, 1, 15), bedrag=Decimal("25000.00"))
        plan = JaarplanFactory(leerwerkloket=regio, jaar=jaar)
        for code, toezegging in (("loketfunctie", van_uwv), ("e-portfolio", van_szw)):
            activiteit = ActiviteitFactory(jaarplan=plan, code=code, naam=code.capitalize())
            BegrotingsregelFactory(activiteit=activiteit, bedrag=Decimal("60000.00"))
            DekkingFactory(activiteit=activiteit, toezegging=toezegging, bedrag=Decimal("60000.00"))
            indicator = IndicatorFactory(activiteit=activiteit, code="deelnemers", streefwaarde=100)
            Kostenrealisatie.objects.create(
                activiteit=activiteit, kostensoort=Kostensoort.PERSONEEL, datum=datetime.date(jaar, 6, 30), bedrag=31000
            )
            Outputrealisatie.objects.create(indicator=indicator, datum=datetime.date(jaar, 6, 30), aantal=40)
        status = Jaarplan.Status.VASTGESTELD if jaar == jaren[-1] else Jaarplan.Status.AFGESLOTEN
        Jaarplan.objects.filter(pk=plan.pk).update(status=status, besluitdatum=datetime.date(jaar - 1, 12, 1))
    return GebruikerFactory(username=f"stuurgroep-{slug}", leerwerkloket=regio, rollen=[Rol.STUURGROEP])


def _queries(client, url, **params) -> int:
    with CaptureQueriesContext(connection) as vastgelegd:
        assert client.get(url, params).status_code == 200
    return len(vastgelegd.captured_queries)


def test_the_dashboard_runs_as_many_queries_for_ten_years_as_for_one(client, db, django_assert_max_num_queries):
    een = _regio_met_jaren("een", range(2021, 2022))
    tien = _regio_met_jaren("tien", range(2012, 2022))
    assert selectors.periode(tien.leerwerkloket, 2021) == list(range(2012, 2022))
    aantallen = []
    for gebruiker in (een, tien):
        client.force_login(gebruiker)
        uwv = Partner.objects.get(leerwerkloket=gebruiker.leerwerkloket, naam="UWV")
        # Each count includes the savepoint pair of the request's transaction (ATOMIC_REQUESTS).
        with django_assert_max_num_queries(23):
            overzicht = _queries(client, reverse("dashboard:overzicht"))
        with django_assert_max_num_queries(14):
            financier = _queries(client, reverse("dashboard:financier", args=[uwv.pk]))
        aantallen.append((overzicht, financier))
    assert aantallen[0] == aantallen[1]
    response = client.get(reverse("dashboard:overzicht"))
    assert len(response.context["mix"].jaren) == 10
    assert response.context["geldstroom"].verlopen_andere_jaren == 9


def test_the_demo_dashboard_stays_within_the_same_number_of_queries(
    client, stuurgroeplid, demo, django_assert_max_num_queries
):
    client.force_login(stuurgroeplid)
    with django_assert_max_num_queries(23):  # two of them the request's savepoint pair (ATOMIC_REQUESTS)
        dashboard(client)
