"""The jaarplan in a real browser: coverage that updates as you type, refusals, and vaststellen."""

import datetime
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from financiering.models import Financieringsafspraak
from jaarplan.models import Activiteit, Jaarplan, Kostensoort
from tests.e2e.schermafdrukken import schermafdruk
from tests.factories import (
    ActiviteitFactory,
    AfspraakFactory,
    BegrotingsregelFactory,
    DekkingFactory,
    JaarplanFactory,
    PartnerFactory,
    ToezeggingFactory,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def vorig_jaar(twente):
    """Jaarplan 2020 (vastgesteld) with the loket covered by SZW; for 2021 SZW commits € 120.000,00
    and UWV € 75.000,00."""
    plan = JaarplanFactory(leerwerkloket=twente, jaar=2020)
    loket = ActiviteitFactory(jaarplan=plan, code="loketfunctie", naam="Loketfunctie", volgorde=1)
    BegrotingsregelFactory(activiteit=loket, kostensoort=Kostensoort.PERSONEEL, bedrag=Decimal("150000.00"))
    szw = AfspraakFactory(
        leerwerkloket=twente,
        financier=PartnerFactory(leerwerkloket=twente, naam="Ministerie van SZW", soort="rijk"),
        soort=Financieringsafspraak.Soort.STRUCTURELE_SUBSIDIE,
        naam="Structurele subsidie SZW",
        eindjaar=None,
        minimum_per_jaar=None,
        beschikkingsnummer="SZW-2016-1",
        beschikkingsdatum=datetime.date(2016, 12, 15),
    )
    DekkingFactory(
        activiteit=loket,
        toezegging=ToezeggingFactory(afspraak=szw, jaar=2020, bedrag_geld=Decimal("100000.00")),
        bedrag=Decimal("100000.00"),
    )
    ToezeggingFactory(afspraak=szw, jaar=2021, bedrag_geld=Decimal("120000.00"))
    uwv = AfspraakFactory(leerwerkloket=twente)
    ToezeggingFactory(afspraak=uwv, jaar=2021, bedrag_geld=Decimal("50000.00"), bedrag_natura=Decimal("25000.00"))
    Jaarplan.objects.filter(pk=plan.pk).update(status=Jaarplan.Status.VASTGESTELD, besluitdatum="2019-12-12")
    return plan


def test_the_projectleider_plans_next_year_and_the_stuurgroep_vaststelt_it(
    inloggen, page, live_server, projectleider, stuurgroeplid, vorig_jaar
):
    inloggen("jenny")
    page.get_by_role("link", name="Jaarplan", exact=True).click()
    page.get_by_label("Jaar").fill("2021")
    page.get_by_role("button", name="Nieuw jaarplan maken").click()
    expect(page.get_by_text("Jaarplan 2021 is aangemaakt op basis van 2020.")).to_be_visible()
    expect(page.get_by_test_id("totaal-gedekt")).to_have_text("€ 100.000,00")
    expect(page.get_by_test_id("totaal-ongedekt")).to_have_text("€ 50.000,00")

    # A new activity, then its budget and SZW's and UWV's money in the matrix.
    page.get_by_role("link", name="Activiteit toevoegen").click()
    page.get_by_label("Code").fill("e-portfolio")
    page.get_by_label("Naam").fill("E-portfolio")
    page.get_by_label("Soort").select_option(label="E-portfolio")
    page.get_by_label("Volgorde").fill("2")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("Activiteit 'E-portfolio' is toegevoegd")).to_be_visible()

    page.get_by_label("Begroting E-portfolio, materiaal en middelen").fill("20.000")
    page.get_by_label("Dekking E-portfolio door Ministerie van SZW").fill("20.000")
    # The totals follow while typing, before anything is saved.
    expect(page.get_by_test_id("totaal-begroot")).to_have_text("€ 170.000,00")
    expect(page.get_by_test_id("totaal-gedekt")).to_have_text("€ 120.000,00")
    page.get_by_label("Dekking Loketfunctie door UWV").fill("30.000")
    expect(page.get_by_test_id("totaal-gedekt")).to_have_text("€ 150.000,00")
    expect(page.get_by_test_id("totaal-ongedekt")).to_have_text("€ 20.000,00")
    # The dekkingsgraad too, by the server's rule (issue 24: it stayed at the saved figure).
    expect(page.get_by_test_id("dekkingsgraad")).to_have_text("88,2%")
    page.get_by_label("Dekking Loketfunctie door UWV").fill("0")
    expect(page.get_by_test_id("dekkingsgraad")).to_have_text("70,6%")
    page.get_by_label("Dekking Loketfunctie door UWV").fill("30.000")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("Jaarplan 2021 is opgeslagen (3 bedragen gewijzigd).")).to_be_visible()
    expect(page.get_by_test_id("totaal-gedekt")).to_have_text("€ 150.000,00")
    expect(page.get_by_test_id("dekkingsgraad")).to_have_text("88,2%")
    page.set_viewport_size({"width": 1400, "height": 1000})
    schermafdruk(page, "jaarplan-editor.png")

    # More than UWV's € 75.000,00 (money and in kind) is refused next to the cell; the input stays.
    page.get_by_label("Dekking Loketfunctie door UWV").fill("80.000")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.get_by_text("er is nog € 75.000,00 vrij")).to_be_visible()
    expect(page.get_by_label("Dekking Loketfunctie door UWV")).to_have_value("80.000")

    page.get_by_role("button", name="Uitloggen").click()
    inloggen("mariska")
    page.goto(f"{live_server.url}/jaarplan/")
    page.get_by_role("link", name="Jaarplan 2021").click()
    expect(page.locator("input.bedrag")).to_have_count(0)
    expect(page.get_by_role("link", name="Bewerken")).to_have_count(0)
    page.get_by_role("link", name="Vaststellen").click()
    # The confirmation shows the money per activity; a shortfall must be accepted by name.
    expect(page.get_by_test_id("bevestigen-begroot")).to_have_text("€ 170.000,00")
    expect(page.get_by_test_id("bevestigen-gedekt")).to_have_text("€ 150.000,00")
    expect(page.get_by_test_id("bevestigen-ongedekt")).to_have_text("€ 20.000,00")
    page.get_by_label("Datum van het stuurgroepbesluit").fill("2020-12-14")
    page.get_by_label("Ik bevestig").check()
    page.get_by_role("button", name="Vaststellen").click()
    expect(page.get_by_text("Van dit jaarplan is € 20.000,00 niet gedekt.")).to_be_visible()
    page.get_by_label("De stuurgroep aanvaardt uitdrukkelijk dat € 20.000,00 van dit jaarplan niet gedekt is.").check()
    page.get_by_role("button", name="Vaststellen").click()
    expect(page.get_by_text("Jaarplan 2021 is vastgesteld.")).to_be_visible()
    assert Jaarplan.objects.get(jaar=2021).aanvaard_ongedekt == Decimal("20000.00")
    detail_url = page.url

    # A stuurgroep member who types an edit address gets the Dutch 403 page, and cannot post either.
    loket = Activiteit.objects.get(jaarplan__jaar=2021, code="loketfunctie")
    response = page.goto(f"{live_server.url}/jaarplan/activiteiten/{loket.pk}/bewerken/")
    assert response.status == 403
    expect(page.get_by_role("heading", name="Geen toegang")).to_be_visible()
    expect(page.get_by_text("U hebt geen toestemming voor deze handeling.")).to_be_visible()
    assert page.request.post(detail_url, form={"toestand": "x"}).status == 403

    page.goto(detail_url)
    page.get_by_role("button", name="Uitloggen").click()
    inloggen("jenny")
    page.goto(detail_url)
    page.get_by_label("Dekking Loketfunctie door UWV").fill("40.000")
    page.get_by_role("button", name="Begrotingswijziging opslaan").click()
    expect(page.get_by_text("geef de reden van de begrotingswijziging op")).to_be_visible()
    # Without a reason nothing changed: a fresh page still shows the adopted amount.
    page.goto(detail_url)
    expect(page.get_by_label("Dekking Loketfunctie door UWV")).to_have_value("30.000,00")
    expect(page.get_by_test_id("totaal-gedekt")).to_have_text("€ 150.000,00")

    page.get_by_label("Dekking Loketfunctie door UWV").fill("40.000")
    page.get_by_label("Reden van de begrotingswijziging").fill("UWV neemt meer van de loketfunctie voor zijn rekening")
    page.get_by_role("button", name="Begrotingswijziging opslaan").click()
    expect(page.get_by_text("Dekking Loketfunctie door UWV: € 30.000,00 → € 40.000,00")).to_be_visible()
    expect(page.get_by_test_id("totaal-gedekt")).to_have_text("€ 160.000,00")

    # The history says who changed what.
    page.get_by_role("link", name="Geschiedenis").click()
    eerste = page.get_by_test_id("geschiedenis").locator("tbody tr").first
    expect(eerste).to_contain_text("Jenny")
    expect(eerste).to_contain_text("€ 30.000,00 → € 40.000,00")
