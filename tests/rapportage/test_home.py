import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from jaarplan.models import Jaarplan
from tests.factories import (
    ActiviteitFactory,
    AfspraakFactory,
    BegrotingsregelFactory,
    BetalingFactory,
    DekkingFactory,
    FactuurFactory,
    JaarplanFactory,
    PartnerFactory,
    ToezeggingFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def jaarplan_2018(twente):
    """A concept jaarplan: € 120.000,00 budgeted, € 50.000,00 of UWV's € 75.000,00 allocated."""
    activiteit = ActiviteitFactory(jaarplan=JaarplanFactory(leerwerkloket=twente, jaar=2018))
    BegrotingsregelFactory(activiteit=activiteit, bedrag=Decimal("120000.00"))
    DekkingFactory(activiteit=activiteit, bedrag=Decimal("50000.00"))
    return activiteit.jaarplan


def test_an_anonymous_visitor_is_sent_to_the_dutch_login_page(client):
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    page = client.get(response.url)
    assert "Inloggen" in page.text and "Gebruikersnaam" in page.text and "Wachtwoord" in page.text


def test_a_wrong_password_is_refused_in_dutch_and_keeps_the_username(client, projectleider):
    response = client.post(reverse("login"), {"username": "jenny", "password": "fout"})
    assert response.status_code == 200
    assert "Voer een juiste gebruikersnaam en wachtwoord in" in response.text
    assert 'value="jenny"' in response.text


def test_the_projectleider_sees_budget_coverage_and_what_is_left_to_cover(client, projectleider, jaarplan_2018):
    client.force_login(projectleider)
    response = client.get(reverse("home"))
    assert "Jaarplan 2018" in response.text
    assert "€\u00a0120.000,00" in response.text  # begroot
    assert "€\u00a050.000,00" in response.text  # gedekt
    assert "€\u00a070.000,00" in response.text  # ongedekt on the activity
    assert "UWV: €\u00a025.000,00 van €\u00a075.000,00" in response.text  # not yet allocated
    assert "wacht op vaststelling" not in response.text  # that is the stuurgroep's


def test_the_stuurgroep_member_sees_each_cofinancier_against_the_minimum(client, stuurgroeplid, twente, jaarplan_2018):
    roc = PartnerFactory(leerwerkloket=twente, naam="ROC van Twente", soort="roc")
    afspraak = AfspraakFactory(leerwerkloket=twente, financier=roc)
    ToezeggingFactory(afspraak=afspraak, jaar=2018, bedrag_geld=Decimal("80000.00"))
    client.force_login(stuurgroeplid)
    response = client.get(reverse("home"))
    assert "Dit jaarplan wacht op vaststelling door de stuurgroep." in response.text
    assert "Cofinanciering 2018 tegen het minimum" in response.text
    assert "ROC van Twente" in response.text and "€\u00a080.000,00" in response.text
    assert "Nog te dekken" not in response.text  # the projectleider's section


def test_finance_staff_see_overdue_invoices_and_what_is_outstanding(client, financien, twente):
    toezegging = ToezeggingFactory(afspraak__leerwerkloket=twente)
    betaald = FactuurFactory(toezegging=toezegging, nummer="2018-001", bedrag=Decimal("37500.00"))
    BetalingFactory(factuur=betaald, bedrag=Decimal("37500.00"))
    FactuurFactory(
        toezegging=toezegging,
        nummer="2018-002",
        bedrag=Decimal("37500.00"),
        factuurdatum=datetime.date(2018, 9, 1),
        vervaldatum=datetime.date(2018, 9, 30),
    )
    client.force_login(financien)
    response = client.get(reverse("home"))
    assert "2018-002" in response.text and "30-09-2018" in response.text
    assert "2018-001" not in response.text  # paid, so not overdue
    assert response.context["openstaand"] == Decimal("37500.00")
    assert 'Totaal openstaand: <strong data-testid="openstaand">€\u00a037.500,00</strong>' in response.text


def test_a_user_of_another_region_sees_nothing_of_twente(client, collega_achterhoek, jaarplan_2018, achterhoek):
    client.force_login(collega_achterhoek)
    response = client.get(reverse("home"))
    assert "Leerwerkloket Achterhoek heeft nog geen jaarplan." in response.text
    assert "€\u00a0120.000,00" not in response.text


def test_the_home_page_shows_the_jaarplan_being_worked_on(client, projectleider, twente, jaarplan_2018):
    afgesloten = JaarplanFactory(leerwerkloket=twente, jaar=2017)
    Jaarplan.objects.filter(pk=afgesloten.pk).update(status=Jaarplan.Status.AFGESLOTEN, besluitdatum="2016-12-14")
    client.force_login(projectleider)
    assert client.get(reverse("home")).context["jaarplan"].jaar == 2018


def test_the_home_page_has_a_constant_number_of_queries(
    client, projectleider, stuurgroeplid, jaarplan_2018, django_assert_max_num_queries
):
    projectleider.groups.add(*stuurgroeplid.groups.all())
    projectleider.__dict__.pop("rollen", None)
    client.force_login(projectleider)
    # 14 for the page's sections and, for the to-do list (issue 24), one to three per kind of item
    # of the calendar (cyclus.kalender.BRONNEN), never one per row
    with django_assert_max_num_queries(28):
        client.get(reverse("home"))


def test_an_unknown_address_gives_a_dutch_404(client, projectleider):
    client.force_login(projectleider)
    response = client.get("/bestaat-niet/")
    assert response.status_code == 404
    assert "Niet gevonden" in response.text
