"""The stuurgroep's dashboard in a real browser: the charts are drawn from the page's data, the
year changes, and a member follows UWV's money to the activities it paid for."""

import datetime

import pytest
from django.conf import settings
from playwright.sync_api import expect

from demo.twente import load_demo_data
from tests.conftest import DEMO_DATUM, op_dag
from tests.e2e.schermafdrukken import schermafdruk

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# Did the canvas get pixels? Chart.js draws on it; an empty canvas is all transparent.
HEEFT_PIXELS = """(id) => {
  const canvas = document.getElementById(id);
  const pixels = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
  for (let i = 3; i < pixels.length; i += 4) if (pixels[i] !== 0) return true;
  return false;
}"""
GRAFIEK = """(id) => {
  const grafiek = Chart.getChart(id);
  return {
    labels: grafiek.data.labels,
    reeksen: grafiek.data.datasets.map((d) => d.label || null),
    totaal: grafiek.data.datasets.reduce((som, d) => som + d.data.reduce((a, b) => a + b, 0), 0),
  };
}"""


@pytest.fixture
def twente_demo(transactional_db):
    """The demo on its usual test day (tests/conftest.py), for the browser test and the live
    server's thread alike: time-machine moves the clock of the whole process."""
    with op_dag(DEMO_DATUM):
        load_demo_data()
        yield


# The texts of the visible leaf elements that the element with this data-testid lies over.
BEDEKT = """(testid) => {
  const el = document.querySelector(`[data-testid="${testid}"]`), r = el.getBoundingClientRect();
  return [...document.body.querySelectorAll("*")].filter((o) => !o.contains(el) && !el.contains(o)
    && !o.children.length && o.textContent.trim() && o.checkVisibility()).filter((o) => {
    const q = o.getBoundingClientRect();
    return q.left < r.right && r.left < q.right && q.top < r.bottom && r.top < q.bottom;
  }).map((o) => o.textContent.trim());
}"""


def test_a_stuurgroep_member_reads_the_dashboard_changes_year_and_follows_uwvs_money(
    inloggen, page, live_server, twente_demo
):
    inloggen("stuurgroep", settings.DEMO_PASSWORD)
    page.set_viewport_size({"width": 1400, "height": 1000})
    page.get_by_role("link", name="Dashboard", exact=True).click()
    expect(page.get_by_role("heading", name="Dashboard 2021")).to_be_visible()
    expect(page.get_by_test_id("cofinanciering-samen")).to_contain_text("€ 227.500,00")

    # Both charts exist as Chart.js instances, hold the page's numbers and have drawn pixels.
    page.wait_for_function(
        "() => window.Chart && Chart.getChart('grafiek-bronnen') && Chart.getChart('grafiek-dit-jaar')"
    )
    staaf = page.evaluate(GRAFIEK, "grafiek-bronnen")
    assert staaf["labels"] == ["2017", "2018", "2019", "2020", "2021"]
    assert staaf["reeksen"] == ["AOC Oost", "Ministerie van SZW", "ROC van Twente", "UWV", "Veertien Twentse gemeenten"]
    assert staaf["totaal"] == 1672500
    ring = page.evaluate(GRAFIEK, "grafiek-dit-jaar")
    assert ring["totaal"] == 327500 and "AOC Oost" not in ring["labels"]
    assert page.evaluate(HEEFT_PIXELS, "grafiek-bronnen")
    assert page.evaluate(HEEFT_PIXELS, "grafiek-dit-jaar")
    schermafdruk(page, "dashboard.png")

    # Choosing a year reloads the dashboard for it (the picker submits itself).
    page.get_by_label("Jaar", exact=True).select_option("2019")
    expect(page.get_by_role("heading", name="2. Geldstroom 2019")).to_be_visible()
    assert "jaar=2019" in page.url
    page.wait_for_function("() => window.Chart && Chart.getChart('grafiek-dit-jaar')")
    ring = page.evaluate(GRAFIEK, "grafiek-dit-jaar")
    assert "AOC Oost" in ring["labels"] and ring["totaal"] == 350000

    # Waar gaat uw geld naartoe, for UWV.
    page.get_by_role("link", name="Waar gaat het geld van UWV naartoe?").click()
    expect(page.get_by_role("heading", name="Waar gaat het geld van UWV naartoe?")).to_be_visible()
    expect(page.get_by_test_id("toegewezen")).to_have_text("€ 75.000,00")
    besteding = page.get_by_test_id("besteding")
    expect(besteding).to_contain_text("Loketfunctie en adviesgesprekken")
    expect(besteding).to_contain_text("€ 193,76")  # per conversation
    expect(page.get_by_test_id("opbrengst")).to_contain_text("Loopbaangesprekken")
    schermafdruk(page, "dashboard-uwv.png")


def test_late_in_2026_the_dashboard_opens_on_2026_in_the_second_period(inloggen, page, live_server, transactional_db):
    with op_dag(datetime.date(2026, 11, 29)):
        load_demo_data()
        inloggen("stuurgroep", settings.DEMO_PASSWORD)
        page.get_by_role("link", name="Dashboard", exact=True).click()

        expect(page.get_by_role("heading", name="Dashboard 2026")).to_be_visible()
        page.wait_for_function(
            "() => window.Chart && Chart.getChart('grafiek-bronnen') && Chart.getChart('grafiek-dit-jaar')"
        )
        # The years of the running period, the renewed agreements' 2022-2026.
        assert page.evaluate(GRAFIEK, "grafiek-bronnen")["labels"] == [str(j) for j in range(2022, 2027)]
        # 2026: UWV 63,000 and 25,000 in kind, ROC and the gemeenten 88,000 each, SZW 100,000.
        assert page.evaluate(GRAFIEK, "grafiek-dit-jaar")["totaal"] == 364000


# Records a call to window.print instead of opening the browser's print dialog.
PRINT_OPNEMEN = "window.__afgedrukt = 0; window.print = () => { window.__afgedrukt += 1; };"


def test_a_stuurgroep_member_opens_the_report_prints_it_and_lays_it_down(inloggen, page, live_server, twente_demo):
    page.add_init_script(PRINT_OPNEMEN)
    inloggen("stuurgroep", settings.DEMO_PASSWORD)
    page.set_viewport_size({"width": 1400, "height": 1000})
    page.get_by_role("link", name="Dashboard", exact=True).click()
    page.get_by_role("link", name="Stuurgroeprapport 2021").click()
    expect(page.get_by_role("heading", name="Stuurgroeprapport 2021")).to_be_visible()
    expect(page.get_by_test_id("rapport-status")).to_have_text("Concept")

    # Definitief, for the meeting of 14 October 2021.
    page.get_by_label("Status").select_option("definitief")
    page.get_by_label("Vergadering van").fill("2021-10-14")
    page.get_by_role("button", name="Toon").click()
    expect(page.get_by_test_id("rapport-status")).to_have_text("Definitief")
    expect(page.get_by_test_id("vergaderdatum")).to_have_text("14 oktober 2021")
    expect(page.get_by_test_id("cofinanciering-samen")).to_contain_text("€ 227.500,00")
    page.wait_for_function("() => window.Chart && Chart.getChart('grafiek-bronnen')")

    # The button opens the browser's print dialog.
    page.get_by_role("button", name="Afdrukken").click()
    assert page.evaluate("window.__afgedrukt") == 1

    # On paper: no menu, buttons or forms; the report, its status on every page, and page breaks.
    page.emulate_media(media="print")
    expect(page.locator(".topbalk")).to_be_hidden()
    expect(page.get_by_role("button", name="Afdrukken")).to_be_hidden()
    expect(page.locator(".rapport-bediening")).to_be_hidden()
    expect(page.get_by_role("heading", name="Stuurgroeprapport 2021")).to_be_visible()
    # The status shows in the head and covers nothing; on paper a page-margin box repeats it on every sheet.
    expect(page.get_by_test_id("rapport-status")).to_be_visible()
    assert page.evaluate(BEDEKT, "rapport-status") == []
    stijl = "(id) => getComputedStyle(document.getElementById(id)).breakBefore"
    assert page.evaluate(stijl, "financieringsmix") == "page"
    assert page.evaluate(stijl, "toezeggingen") != "page"
    schermafdruk(page, "rapport.png")
    pdf = page.pdf(format="A4", print_background=True, prefer_css_page_size=True)
    assert pdf.startswith(b"%PDF") and pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages") >= 4

    # Laid down for the meeting; a later change does not alter it.
    page.emulate_media(media="screen")
    page.get_by_role("button", name="Vastleggen voor de vergadering van 14 oktober 2021").click()
    expect(page.get_by_test_id("vastgelegd")).to_contain_text("Latere wijzigingen in de gegevens veranderen ze niet.")
    expect(page.get_by_test_id("rapport-status")).to_have_text("Definitief")
    expect(page.get_by_test_id("cofinanciering-samen")).to_contain_text("€ 227.500,00")
    page.get_by_role("link", name="Wat is er sindsdien veranderd?").click()
    expect(page.get_by_test_id("geen-verschillen")).to_be_visible()


def test_the_next_period_refuses_a_split_that_is_not_100_and_keeps_what_was_typed(
    inloggen, page, live_server, twente_demo
):
    inloggen("stuurgroep", settings.DEMO_PASSWORD)
    page.goto(f"{live_server.url}/dashboard/")
    page.get_by_role("link", name="De volgende periode", exact=True).first.click()
    expect(page.get_by_role("heading", name="De volgende periode")).to_be_visible()
    expect(page.get_by_test_id("plan-kosten-totaal")).to_contain_text("€ 340.680,00")

    page.get_by_label("UWV").fill("10")
    page.get_by_role("button", name="Doorrekenen").click()
    expect(page.get_by_test_id("verdeling-fout")).to_contain_text(
        "De percentages tellen op tot 77,03%; samen moeten ze precies 100% zijn."
    )
    expect(page.get_by_label("UWV")).to_have_value("10")
    # SZW's structural grant is a fixed amount (its beschikking), not a share.
    expect(page.get_by_label("Ministerie van SZW")).to_have_value("100.000,00")

    page.get_by_label("Veertien Twentse gemeenten").fill("57,03")
    page.get_by_role("button", name="Doorrekenen").click()
    expect(page.get_by_test_id("verdeling-fout")).to_be_hidden()
    expect(page.get_by_test_id("plan-samenvatting")).to_contain_text("5 keer komt een partner onder zijn minimum")
    page.set_viewport_size({"width": 1400, "height": 1000})
    schermafdruk(page, "volgende-periode.png")
