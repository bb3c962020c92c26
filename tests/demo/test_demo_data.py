"""`manage.py demo_data`: Twente as the seeds and DOMAIN.md describe it, loaded once."""

from decimal import Decimal
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db.models import Sum

from demo.twente import INWONERS
from financiering.models import Betaling, Factuur, Financieringsafspraak, Toezegging
from jaarplan.models import Begrotingswijziging, Dekking, Jaarplan, Kostenrealisatie
from partners.models import Gebruiker, Partner, Verdeelsleutel, VerdeelsleutelAandeel
from partners.roles import Rol

JAREN = range(2017, 2022)


def momentopname():
    """Every row of every model of our apps (history included), as comparable tuples."""
    inhoud = {}
    for app in ("partners", "financiering", "jaarplan"):
        for model in apps.get_app_config(app).get_models():
            velden = [f.attname for f in model._meta.concrete_fields if f.attname not in ("password", "last_login")]
            inhoud[model._meta.label] = list(model.objects.order_by("pk").values_list(*velden))
    return inhoud


def test_a_second_run_changes_nothing(demo):
    voor = momentopname()
    uitvoer = StringIO()

    call_command("demo_data", stdout=uitvoer)

    assert "De demodata van Leerwerkloket Twente is er al; er is niets opnieuw geladen." in uitvoer.getvalue()
    assert momentopname() == voor
    assert voor["financiering.Toezegging"], "the snapshot must hold the demo, or the comparison proves nothing"


@pytest.mark.parametrize("financier", ["UWV", "ROC van Twente", "Veertien Twentse gemeenten"])
def test_the_three_cofinanciers_commit_at_least_75000_a_year_for_2017_to_2021(demo, financier):
    afspraak = Financieringsafspraak.objects.get(financier__naam=financier)
    assert afspraak.soort == Financieringsafspraak.Soort.COFINANCIERING
    assert (afspraak.startjaar, afspraak.eindjaar) == (2017, 2021)
    assert afspraak.minimum_per_jaar == Decimal("75000.00")

    toezeggingen = afspraak.toezeggingen.order_by("jaar")
    assert [t.jaar for t in toezeggingen] == list(JAREN)
    for t in toezeggingen:
        assert afspraak.telt_voor_minimum(t.bedrag_geld, t.bedrag_natura) >= Decimal("75000.00"), t.jaar


def test_uwv_cofinances_partly_in_kind_and_that_counts_toward_the_minimum(demo):
    afspraak = Financieringsafspraak.objects.get(financier__naam="UWV")
    assert afspraak.in_natura_telt_mee
    uwv_2018 = afspraak.toezeggingen.get(jaar=2018)
    assert (uwv_2018.bedrag_geld, uwv_2018.bedrag_natura) == (Decimal("50000.00"), Decimal("25000.00"))


def test_some_years_are_above_the_minimum(demo):
    boven = Toezegging.objects.filter(afspraak__soort=Financieringsafspraak.Soort.COFINANCIERING).exclude(
        bedrag_geld=Decimal("75000.00"), bedrag_natura=0
    )
    assert {(t.financier.naam, t.jaar) for t in boven if t.bedrag_natura == 0} == {
        ("ROC van Twente", 2019),
        ("ROC van Twente", 2020),
        ("Veertien Twentse gemeenten", 2021),
    }


def test_szw_grants_100000_a_year_from_2017_with_its_beschikking(demo):
    afspraak = Financieringsafspraak.objects.get(financier__naam="Ministerie van SZW")
    assert afspraak.soort == Financieringsafspraak.Soort.STRUCTURELE_SUBSIDIE
    assert afspraak.startjaar == 2017
    assert afspraak.beschikkingsnummer
    assert dict(afspraak.toezeggingen.values_list("jaar", "bedrag_geld")) == dict.fromkeys(JAREN, Decimal("100000.00"))


def test_aoc_oost_contributes_to_the_leerwerkarrangement_project_only(demo):
    afspraak = Financieringsafspraak.objects.get(financier__naam="AOC Oost")
    assert afspraak.soort == Financieringsafspraak.Soort.PROJECTBIJDRAGE
    assert afspraak.project.naam == "Leerwerkarrangement zorg niveau 3 en 4"
    gedekt = Dekking.objects.filter(toezegging__afspraak=afspraak)
    assert gedekt.exists()
    assert set(gedekt.values_list("activiteit__project", flat=True)) == {afspraak.project_id}


@pytest.mark.parametrize("jaar", JAREN)
def test_the_gemeenten_share_splits_by_inhabitants_to_the_cent(demo, jaar):
    groep = Partner.objects.get(naam="Veertien Twentse gemeenten")
    bedrag = Toezegging.objects.get(afspraak__financier=groep, jaar=jaar).totaal
    sleutel = groep.verdeelsleutel_voor(jaar)

    delen = {aandeel.partner.naam: deel for aandeel, _, deel in sleutel.verdeel(bedrag)}

    assert len(delen) == 14
    assert sum(delen.values()) == bedrag
    # Enschede's share, computed here from DOMAIN.md's inhabitants: exact share, rounded to the cent.
    exact = bedrag * Decimal(INWONERS["Enschede"]) / Decimal(sum(INWONERS.values()))
    assert abs(delen["Gemeente Enschede"] - exact) < Decimal("0.01")
    assert VerdeelsleutelAandeel.objects.filter(verdeelsleutel=sleutel).count() == 14


def test_the_2017_split_is_the_one_a_person_would_compute(demo):
    groep = Partner.objects.get(naam="Veertien Twentse gemeenten")
    delen = {a.partner.naam: deel for a, _, deel in groep.verdeelsleutel_voor(2017).verdeel(Decimal("75000"))}
    # 75,000 x 154,267 / 617,567 = 18,734.849...; 75,000 x 20,531 / 617,567 = 2,493.37...
    assert delen["Gemeente Enschede"] == Decimal("18734.85")
    assert delen["Gemeente Borne"] == Decimal("2493.37")


def test_earlier_years_are_closed_and_2021_is_adopted_with_a_budget_change(demo):
    statussen = dict(Jaarplan.objects.filter(leerwerkloket=demo).values_list("jaar", "status"))
    assert statussen == {
        2017: Jaarplan.Status.AFGESLOTEN,
        2018: Jaarplan.Status.AFGESLOTEN,
        2019: Jaarplan.Status.AFGESLOTEN,
        2020: Jaarplan.Status.AFGESLOTEN,
        2021: Jaarplan.Status.VASTGESTELD,
    }
    wijziging = Begrotingswijziging.objects.get(jaarplan__jaar=2021)
    assert "Almelo" in wijziging.reden
    # 2021 is realised through June only; every earlier year has four quarters.
    kwartalen = Kostenrealisatie.objects.filter(activiteit__jaarplan__jaar=2021).values_list("datum__month", flat=True)
    assert set(kwartalen) == {3, 6}
    assert Kostenrealisatie.objects.filter(activiteit__jaarplan__jaar=2020, datum__month=12).exists()


def test_no_toezegging_is_allocated_beyond_what_it_commits(demo):
    for toezegging in Toezegging.objects.annotate(toegewezen=Sum("dekkingen__bedrag")):
        assert (toezegging.toegewezen or 0) <= toezegging.totaal, toezegging


def test_some_invoices_are_still_outstanding(demo):
    gefactureerd = Factuur.objects.aggregate(s=Sum("bedrag"))["s"]
    ontvangen = Betaling.objects.filter(factuur__isnull=False).aggregate(s=Sum("bedrag"))["s"]
    # ROC 2021 second term: 37,500 invoiced, 20,000 paid; gemeenten 2021 second term: 38,750 unpaid.
    assert gefactureerd - ontvangen == Decimal("56250.00")


def test_the_demo_users_can_log_in_with_their_role(demo, client, settings):
    verwacht = {
        "projectleider": Rol.PROJECTLEIDER,
        "stuurgroep": Rol.STUURGROEP,
        "financien": Rol.FINANCIEN,
        "beheerder": Rol.BEHEERDER,
    }
    for gebruikersnaam, rol in verwacht.items():
        gebruiker = Gebruiker.objects.get(username=gebruikersnaam)
        assert gebruiker.leerwerkloket == demo
        assert rol.value in gebruiker.rollen
        assert client.login(username=gebruikersnaam, password=settings.DEMO_PASSWORD), gebruikersnaam
    assert Gebruiker.objects.get(username="beheerder").is_staff
    assert not Gebruiker.objects.get(username="stuurgroep").is_staff
    assert Gebruiker.objects.get(username="projectleider").get_full_name() == "Jenny Holtrop"


def test_the_yearly_splits_explain_themselves_without_file_names(demo):
    # Shown under every split on the gemeenten page: a reader has no use for the name of a project file.
    toelichtingen = set(Verdeelsleutel.objects.values_list("toelichting", flat=True))
    assert toelichtingen == {"Inwonertallen 2005."}
