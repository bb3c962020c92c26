"""An agreement in a real browser: the projectleider lays down five years at once, a year below
the minimum is refused next to it, and the grid shows the years side by side."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from financiering.models import Financieringsafspraak
from tests.e2e.schermafdrukken import schermafdruk
from tests.factories import PartnerFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_the_projectleider_lays_down_a_five_year_agreement(inloggen, page, live_server, projectleider, twente):
    PartnerFactory(leerwerkloket=twente, naam="ROC van Twente", soort="roc")
    inloggen("jenny")

    page.get_by_role("link", name="Afspraken").click()
    page.get_by_role("link", name="Nieuwe afspraak").click()
    page.get_by_label("Financier").select_option(label="ROC van Twente")
    page.get_by_label("Soort").select_option("cofinanciering")
    page.get_by_label("Naam").fill("Cofinanciering ROC van Twente 2022-2026")
    page.get_by_label("Eerste jaar").fill("2022")
    page.get_by_label("Laatste jaar").fill("2026")
    page.get_by_label("Minimum per jaar").fill("75.000")
    page.get_by_role("button", name="Jaren bijwerken").click()

    for jaar in range(2022, 2027):
        expect(page.get_by_label(f"{jaar}: in geld")).to_have_value("75.000,00")
    page.get_by_label("2024: in geld").fill("70.000")
    page.get_by_label("2025: in geld").fill("80.000")
    page.get_by_role("button", name="Opslaan").click()

    expect(page.locator("#id_geld_2024_fout")).to_contain_text(
        "De toezegging van ROC van Twente voor 2024 is € 70.000,00; afgesproken is minimaal € 75.000,00 per jaar."
    )
    expect(page.get_by_label("2025: in geld")).to_have_value("80.000")
    assert not Financieringsafspraak.objects.exists()

    page.get_by_label("2024: in geld").fill("75.000")
    page.get_by_role("button", name="Opslaan").click()

    expect(page.get_by_text("Cofinanciering ROC van Twente 2022-2026 is vastgelegd als concept.")).to_be_visible()
    raster = page.get_by_test_id("raster")
    expect(raster.locator('tr[data-rij="toegezegd"] td').last).to_have_text("€ 380.000,00")
    expect(raster.locator('tr[data-rij="toegezegd"] td').nth(3)).to_have_text("€ 80.000,00")
    schermafdruk(page, "afspraak-raster.png")

    # A new agreement is a concept until it is signed: "Tekenen" records the date and who.
    expect(page.get_by_test_id("concept-uitleg")).to_be_visible()
    page.get_by_role("link", name="Tekenen").click()
    page.get_by_label("Getekend op").fill(timezone.localdate().isoformat())
    page.get_by_label("Ondertekend door").fill("G. Olde Monnikhof (ROC van Twente)")
    page.get_by_role("button", name="Getekend vastleggen").click()
    expect(page.get_by_test_id("getekend")).to_contain_text("door G. Olde Monnikhof (ROC van Twente)")
    expect(page.get_by_test_id("concept-uitleg")).to_have_count(0)
    assert Financieringsafspraak.objects.get().status == Financieringsafspraak.Status.GETEKEND
