"""The screens on a laptop (1366 x 900): the jaarplan editor, the dashboard and the report show every
column without scrolling sideways, with the demo's busiest year (2019, five financiers); the editor
works by keyboard alone; the menu fits on one line at 1280 px."""

import pytest
from django.conf import settings
from playwright.sync_api import expect

from demo.twente import load_demo_data
from jaarplan.models import Jaarplan
from tests.conftest import DEMO_DATUM, op_dag

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

LAPTOP = {"width": 1366, "height": 900}

EEN_REGEL = """() => {
  const delen = [".merk", ".topbalk nav a", ".gebruiker"].flatMap((s) => [...document.querySelectorAll(s)]);
  const boven = Math.max(...delen.map((d) => d.getBoundingClientRect().top));
  const onder = Math.min(...delen.map((d) => d.getBoundingClientRect().bottom));
  return [delen.length, boven < onder];
}"""

# Each table wider than the page's content area (main without its padding), by how much, and whether the page
# itself scrolls sideways.
TE_BREED = """() => {
  const main = document.querySelector("main"), stijl = getComputedStyle(main);
  const rechts = main.getBoundingClientRect().right - parseFloat(stijl.paddingRight);
  const tabellen = [...main.querySelectorAll("table")].filter((t) => t.checkVisibility())
    .filter((t) => t.getBoundingClientRect().right > rechts + 0.5)
    .map((t) => `${t.id || t.className || "tabel"}: ${Math.round(t.getBoundingClientRect().right - rechts)} px`);
  const pagina = document.documentElement.scrollWidth > document.documentElement.clientWidth;
  return pagina ? tabellen.concat(["de pagina scrolt opzij"]) : tabellen;
}"""


@pytest.fixture
def drukste_jaar(transactional_db):
    """The demo (on its usual test day), with 2019 (five financiers) open for a begrotingswijziging,
    so its matrix has inputs."""
    with op_dag(DEMO_DATUM):
        load_demo_data()
        Jaarplan.objects.filter(jaar=2019).update(status=Jaarplan.Status.VASTGESTELD)  # status is protected
        yield Jaarplan.objects.get(jaar=2019)


def test_editor_dashboard_report_and_menu_fit_a_laptop(inloggen, page, live_server, drukste_jaar):
    page.set_viewport_size(LAPTOP)
    for gebruiker in ("projectleider", "stuurgroep"):
        page.context.clear_cookies()
        inloggen(gebruiker, settings.DEMO_PASSWORD)
        page.goto(f"{live_server.url}/jaarplan/{drukste_jaar.pk}/")
        expect(page.locator("#dekking thead th[data-bron]")).to_have_count(5)
        # The projectleider types in the matrix, the stuurgroep reads it as amounts: both are measured.
        expect(page.locator("#dekking tbody input")).to_have_count(5 * 8 if gebruiker == "projectleider" else 0)
        for adres in (f"/jaarplan/{drukste_jaar.pk}/", "/dashboard/?jaar=2019", "/dashboard/rapport/?jaar=2019"):
            page.goto(f"{live_server.url}{adres}")
            assert page.evaluate(TE_BREED) == [], f"{adres} als {gebruiker}"
    # The realisatie list and the national overview with their key columns in view (issue 24).
    for gebruiker, adres in (("financien", "/jaarplan/realisatie/"), ("landelijk", "/dashboard/landelijk/?jaar=2019")):
        page.context.clear_cookies()
        inloggen(gebruiker, settings.DEMO_PASSWORD)
        page.goto(f"{live_server.url}{adres}")
        assert page.evaluate(TE_BREED) == [], f"{adres} als {gebruiker}"

    # At 1280 px the name of the app, every section and the user share one band of the bar, for
    # finance staff too (ten sections).
    page.set_viewport_size({"width": 1280, "height": 800})
    for gebruiker in ("projectleider", "stuurgroep", "financien", "beheerder"):
        page.context.clear_cookies()
        inloggen(gebruiker, settings.DEMO_PASSWORD)
        expect(page.get_by_role("button", name="Uitloggen")).to_be_visible()
        # Measured with the stylesheet applied: on a day other than the file's (the test day of the
        # demo), the browser revalidates app.css and the page can be in the DOM before its style.
        page.wait_for_load_state("load")
        delen, een_regel = page.evaluate(EEN_REGEL)
        assert delen >= 6 and een_regel, f"{gebruiker}: het menu loopt over meer dan één regel"


def test_the_editor_works_by_keyboard_along_a_row(inloggen, page, live_server, drukste_jaar):
    page.set_viewport_size(LAPTOP)
    inloggen("projectleider", settings.DEMO_PASSWORD)
    page.goto(f"{live_server.url}/jaarplan/{drukste_jaar.pk}/")
    financiers = page.locator("#dekking thead th[data-bron]").evaluate_all(
        "(kop) => kop.map((th) => th.childNodes[0].textContent.trim())"
    )
    activiteiten = page.locator("#dekking tbody th").all_inner_texts()
    assert len(financiers) == 5

    page.get_by_label(f"Dekking {activiteiten[0]} door {financiers[0]}").focus()
    labels = []
    for _ in financiers:
        labels.append(page.evaluate("document.activeElement.getAttribute('aria-label')"))
        page.keyboard.press("Tab")
    # Tab goes along the row, financier by financier, then to the next activity; each input says
    # which activity and which financier it is.
    assert labels == [f"Dekking {activiteiten[0]} door {f}" for f in financiers]
    expect(page.get_by_label(f"Dekking {activiteiten[1]} door {financiers[0]}")).to_be_focused()
