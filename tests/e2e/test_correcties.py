"""Finance staff correct money in a real browser: an invoice beyond what is left after SZW's
advances is refused, an invoice is reversed with a credit invoice, and a payment is corrected and
then reversed, each with a reason. And the link-like buttons can be read: their text contrasts
with what is behind them (WCAG AA, 4.5:1)."""

import pytest
from playwright.sync_api import expect

from demo.twente import load_demo_data
from financiering.bankimport.bank import bankregel_negeren
from financiering.models import Betaling, Factuur, Financieringsafspraak
from partners.models import Gebruiker
from tests.test_toegangsmatrix import maak_gegevens

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# The contrast of an element's text with the first opaque background behind it (white at the root).
CONTRAST = """(el) => {
  const rgb = (kleur) => (kleur.match(/[\\d.]+/g) || []).map(Number);
  const licht = ([r, g, b]) => {
    const k = [r, g, b].map((c) => { c /= 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; });
    return 0.2126 * k[0] + 0.7152 * k[1] + 0.0722 * k[2];
  };
  let achter = [255, 255, 255];
  for (let e = el; e; e = e.parentElement) {
    const kleur = rgb(getComputedStyle(e).backgroundColor);
    if (kleur.length === 3 || (kleur.length === 4 && kleur[3] > 0)) { achter = kleur.slice(0, 3); break; }
  }
  const voor = rgb(getComputedStyle(el).color).slice(0, 3);
  const [a, b] = [licht(voor), licht(achter)].sort((x, y) => y - x);
  return (a + 0.05) / (b + 0.05);
}"""


def _inloggen_als(inloggen, settings, gebruikersnaam):
    return inloggen(gebruikersnaam, settings.DEMO_PASSWORD)


def test_finance_staff_correct_invoices_and_payments_in_the_browser(inloggen, page, live_server, settings):
    load_demo_data()
    szw = Financieringsafspraak.objects.get(financier__naam="Ministerie van SZW")
    _inloggen_als(inloggen, settings, "financien")

    # SZW paid EUR 75,000 of its EUR 100,000 for 2021 as advances: an invoice of 75,000 can never be paid.
    page.goto(f"{live_server.url}/afspraken/{szw.pk}/")
    page.get_by_role("link", name="Factuur 2021").click()
    page.get_by_label("Factuurnummer").fill("LWT-2021-SZW")
    page.get_by_label("Factuurdatum").fill("2021-08-02")
    page.get_by_label("Bedrag").fill("75.000")
    page.get_by_role("button", name="Factuur vastleggen").click()
    expect(page.locator("#id_bedrag_fout")).to_have_text(
        "Op de toezegging van Ministerie van SZW voor 2021 (€ 100.000,00 in geld) is al € 0,00 gefactureerd en "
        "€ 75.000,00 als voorschot zonder factuur ontvangen; er kan nog € 25.000,00 bij."
    )
    page.get_by_label("Bedrag").fill("25.000")
    page.get_by_role("button", name="Factuur vastleggen").click()
    expect(page.get_by_text("Factuur LWT-2021-SZW van € 25.000,00 is vastgelegd.")).to_be_visible()

    # A credit invoice, its own number and a reason.
    page.get_by_role("link", name="Facturen", exact=True).first.click()
    rij = page.get_by_role("row").filter(has_text="LWT-2021-006")
    rij.get_by_role("link", name="Crediteren").click()
    page.get_by_label("Nummer van de creditfactuur").fill("LWT-2021-006-C")
    page.get_by_label("Reden").fill("Dubbel gefactureerd")
    page.get_by_role("button", name="Creditfactuur vastleggen").click()
    expect(
        page.get_by_text("Creditfactuur LWT-2021-006-C van € -38.750,00 voor factuur LWT-2021-006 is vastgelegd.")
    ).to_be_visible()
    expect(page.get_by_role("row").filter(has_text="LWT-2021-006-C")).to_contain_text("creditfactuur voor LWT-2021-006")

    # Correct a payment, then reverse it; both with a reason.
    betaling = Betaling.objects.get(factuur__nummer="LWT-2021-005")
    page.goto(f"{live_server.url}/facturen/betalingen/?jaar=2021")
    page.locator(f'a[href="/facturen/betalingen/{betaling.pk}/corrigeren/"]').click()
    page.get_by_label("Bedrag").fill("21.000")
    page.get_by_label("Reden van de correctie").fill("Bedrag verkeerd overgenomen")
    page.get_by_role("button", name="Correctie opslaan").click()
    expect(page.get_by_text("De betaling is gecorrigeerd: € 21.000,00.")).to_be_visible()

    page.locator(f'a[href="/facturen/betalingen/{betaling.pk}/corrigeren/"]').click()
    page.get_by_label("Reden van het terugdraaien").fill("Op de verkeerde factuur geboekt")
    page.get_by_role("button", name="Betaling terugdraaien").click()
    expect(page.locator("#id_terug-bevestigd_fout")).to_have_text("Dit veld is verplicht.")
    page.get_by_label("Ik wil deze betaling terugdraaien").check()
    page.get_by_role("button", name="Betaling terugdraaien").click()
    expect(page.get_by_text("is teruggedraaid.")).to_be_visible()

    assert Factuur.objects.get(nummer="LWT-2021-006-C").bedrag == -38750
    assert not Betaling.objects.filter(pk=betaling.pk).exists()
    assert Betaling.history.filter(id=betaling.pk).first().history_change_reason == (
        "Teruggedraaid: Op de verkeerde factuur geboekt"
    )


def test_the_link_buttons_can_be_read_where_they_appear(inloggen, page, live_server, settings):
    load_demo_data()
    g = maak_gegevens()

    _inloggen_als(inloggen, settings, "financien")
    # An ignored line shows its "Heropenen" button; "Negeren" itself is a link to a page that asks first.
    bankregel_negeren(regel=g.bankregel, door=Gebruiker.objects.get(username="financien"))
    knoppen = [("/import/bank/", "Heropenen"), (f"/import/realisatie/{g.batch.pk}/", "Voorbeeld weggooien")]
    for adres, naam in knoppen:
        page.goto(f"{live_server.url}{adres}")
        knop = page.get_by_role("button", name=naam).first
        expect(knop).to_be_visible()
        assert knop.evaluate(CONTRAST) >= 4.5, (adres, naam)

    page.context.clear_cookies()
    _inloggen_als(inloggen, settings, "projectleider")
    page.goto(f"{live_server.url}/afspraken/{g.afspraak.pk}/bewerken/")
    knop = page.get_by_role("button", name="Jaren bijwerken")
    expect(knop).to_be_visible()
    assert knop.evaluate(CONTRAST) >= 4.5
    # and the one in the top bar, on blue
    uitloggen = page.get_by_role("button", name="Uitloggen")
    assert uitloggen.evaluate(CONTRAST) >= 4.5
