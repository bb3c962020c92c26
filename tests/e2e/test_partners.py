"""The projectleider keeps the partners up to date; a stuurgroep member only reads them."""

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from partners.models import Partner
from tests.factories import AfspraakFactory, BetalingFactory, FactuurFactory, PartnerFactory, ToezeggingFactory
from tests.factories_extra import ContactpersoonFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def uwv(twente):
    partner = PartnerFactory(leerwerkloket=twente, naam="UWV", soort=Partner.Soort.UWV)
    PartnerFactory(leerwerkloket=twente, naam="ROC van Twente", soort=Partner.Soort.ROC)
    ContactpersoonFactory(partner=partner, naam="Petra Jansen")
    afspraak = AfspraakFactory(leerwerkloket=twente, financier=partner)
    ToezeggingFactory(afspraak=afspraak, jaar=2017, bedrag_geld=Decimal("75000.00"))
    t2018 = ToezeggingFactory(
        afspraak=afspraak, jaar=2018, bedrag_geld=Decimal("80000.00"), bedrag_natura=Decimal("25000.00")
    )
    BetalingFactory(factuur=FactuurFactory(toezegging=t2018, bedrag=Decimal("40000.00")), bedrag=Decimal("40000.00"))
    return partner


def test_the_projectleider_finds_uwv_and_adds_a_partner_with_a_contact(inloggen, projectleider, uwv):
    page = inloggen("jenny")
    menu = page.get_by_role("navigation", name="Hoofdmenu")
    menu.get_by_role("link", name="Partners").click()
    expect(page.get_by_role("heading", name="Partners", exact=True)).to_be_visible()
    expect(menu.get_by_role("link", name="Partners")).to_have_attribute("aria-current", "page")

    page.get_by_label("Soort").select_option(label="UWV")
    page.get_by_role("button", name="Filteren").click()
    rijen = page.get_by_role("region", name="Gevonden partners").locator("tbody tr")
    expect(rijen).to_have_count(1)
    expect(page.get_by_role("link", name="ROC van Twente")).to_have_count(0)

    page.get_by_role("link", name="UWV", exact=True).click()
    expect(page.get_by_role("heading", name="UWV", exact=True)).to_be_visible()
    expect(page.get_by_text("Petra Jansen")).to_be_visible()
    per_jaar = page.get_by_test_id("per-jaar")
    rij_2018 = per_jaar.get_by_role("row", name="2018")
    expect(rij_2018).to_contain_text("€ 80.000,00")
    expect(rij_2018).to_contain_text("€ 25.000,00")
    expect(rij_2018).to_contain_text("€ 40.000,00")
    expect(per_jaar.get_by_role("row", name="2017")).to_contain_text("€ 75.000,00")

    page.get_by_role("link", name="Partners", exact=True).first.click()
    page.get_by_role("link", name="Nieuwe partner").click()
    gegevens = page.get_by_role("group", name="Gegevens van de partner")
    gegevens.get_by_label("Naam").fill("Zorgaccent")
    gegevens.get_by_label("Soort").select_option(label="Zorginstelling")
    contact = page.get_by_test_id("contactpersoon-0")
    contact.get_by_label("Naam").fill("Sanne de Vries")
    contact.get_by_label("E-mail").fill("sanne@example.nl")
    page.get_by_role("button", name="Opslaan").click()

    expect(page.get_by_text("Zorgaccent is toegevoegd.")).to_be_visible()
    expect(page.get_by_role("cell", name="Sanne de Vries")).to_be_visible()
    menu.get_by_role("link", name="Partners").click()
    expect(page.get_by_role("link", name="Zorgaccent")).to_be_visible()


def test_a_stuurgroep_member_reads_but_finds_no_edit_button(inloggen, stuurgroeplid, uwv, live_server):
    page = inloggen("mariska")
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Partners").click()
    expect(page.get_by_role("link", name="UWV", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="Nieuwe partner")).to_have_count(0)
    page.get_by_role("link", name="UWV", exact=True).click()
    expect(page.get_by_test_id("per-jaar").get_by_role("row", name="2018")).to_contain_text("€ 80.000,00")
    expect(page.get_by_role("link", name="Bewerken")).to_have_count(0)
    page.goto(f"{live_server.url}/partners/{uwv.pk}/bewerken/")
    expect(page.get_by_role("heading", name="Geen toegang")).to_be_visible()
