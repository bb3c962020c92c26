"""Finance staff book an actual cost and an output on the realisatie page of a real browser."""

import datetime
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from jaarplan.models import Kostensoort
from tests.factories import ActiviteitFactory, BegrotingsregelFactory, IndicatorFactory, JaarplanFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def plan(twente):
    jaarplan = JaarplanFactory(leerwerkloket=twente, jaar=2021)
    loket = ActiviteitFactory(jaarplan=jaarplan, code="loketfunctie", naam="Loketfunctie", volgorde=1)
    BegrotingsregelFactory(activiteit=loket, kostensoort=Kostensoort.PERSONEEL, bedrag=Decimal("150000.00"))
    IndicatorFactory(activiteit=loket, streefwaarde=400)
    return jaarplan


def test_finance_staff_book_a_cost_and_an_output_and_see_the_totals(inloggen, page, financien, plan):
    inloggen("fenna")
    page.get_by_role("link", name="Realisatie", exact=True).click()
    page.get_by_role("link", name="2021", exact=True).click()
    expect(page.get_by_test_id("realisatie-begroot")).to_have_text("€ 150.000,00")
    expect(page.get_by_test_id("realisatie-gerealiseerd")).to_have_text("€ 0,00")

    page.get_by_role("combobox", name="Activiteit").select_option(label="Loketfunctie")
    page.get_by_role("combobox", name="Kostensoort").select_option(label="Personeel")
    page.locator("#id_kosten-datum").fill("2022-01-05")
    page.get_by_label("Bedrag").fill("37.512,50")
    page.get_by_label("Omschrijving").fill("Salarissen januari")
    page.get_by_role("button", name="Kosten boeken").click()
    # A date outside the year: the model's message next to the field, everything typed kept.
    expect(page.locator("#id_kosten-datum_fout")).to_have_text(
        "De boekdatum 05-01-2022 valt niet in 2021, het jaar van dit jaarplan."
    )
    expect(page.get_by_label("Bedrag")).to_have_value("37.512,50")

    page.locator("#id_kosten-datum").fill(datetime.date(2021, 1, 31).isoformat())
    page.get_by_role("button", name="Kosten boeken").click()
    expect(page.get_by_text("€ 37.512,50 op Loketfunctie is geboekt.")).to_be_visible()
    expect(page.get_by_test_id("realisatie-gerealiseerd")).to_have_text("€ 37.512,50")
    expect(page.get_by_test_id("realisatie-verschil")).to_have_text("€ -112.487,50")

    page.get_by_role("combobox", name="Indicator").select_option(label="Loopbaangesprekken (Loketfunctie)")
    page.locator("#id_output-datum").fill("2021-03-31")
    page.get_by_label("Aantal").fill("120")
    page.get_by_role("button", name="Output vastleggen").click()
    expect(page.get_by_text("120 gesprekken voor Loopbaangesprekken vastgelegd.")).to_be_visible()
    expect(page.get_by_test_id("output-loketfunctie-loopbaangesprekken")).to_have_text("120 gesprekken")

    page.get_by_role("link", name="Alle boekingen van 2021").click()
    expect(page.get_by_text("1 boeking", exact=True)).to_be_visible()
    expect(page.get_by_role("cell", name="Salarissen januari")).to_be_visible()
