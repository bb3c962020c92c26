"""The Content Security Policy holds in a real browser on every page a user can open with a GET:
no violation is reported, no script error is logged, and every chart draws. The same walk runs
axe-core (vendored in static/vendor/axe-core) over each page of the app: no WCAG 2.1 A or AA
violation, the Django admin (/beheer/, the beheerder's) included: its stock markup is mended in
kern.admin.GelabeldeRegelsMixin (labels for the inputs of tabular inlines) and static/css/beheer.css
(links in running text underlined), and partners/admin.py (checkboxes for the two-pane widget).

The pages come from the permission matrix (tests/test_toegangsmatrix.py): each URL whose row
says 200 for a GET is opened once, by the first role of the matrix that may open it, with the
same demo objects. A new page therefore joins this test as soon as it has its row there, the
admin's some 130 pages too: one of each kind missed the two-pane widget of two change forms.
"""

import pytest
from playwright.sync_api import expect

from demo.twente import load_demo_data
from tests.test_toegangsmatrix import ADRESSEN, ROLLEN, _regel, adres_met_query, maak_gegevens

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


# Collected before any page script runs, so a violation on load is caught too.
VERZAMEL_SCHENDINGEN = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__csp.push(e.violatedDirective + " " + (e.blockedURI || "inline") + " " + (e.sourceFile || ""));
});
"""
# Every <canvas> on a page is a chart that Chart.js must have drawn.
GRAFIEKEN = """() => [
  document.querySelectorAll("canvas").length,
  typeof Chart === "undefined" ? 0 : Object.values(Chart.instances).length,
]"""
# The violations so far and the charts, in one round trip; a page with canvases is asked again for
# its charts once the first canvas shows.
SCHENDINGEN_EN_GRAFIEKEN = f"() => [window.__csp, ...({GRAFIEKEN})()]"

# axe-core, loaded from the app's own static files (the CSP allows 'self'), after the page's CSP is checked.
AXE = "/static/vendor/axe-core/axe.min.js"
AXE_RUN = """async () => {
  const uitslag = await axe.run(document, {
    runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    resultTypes: ["violations"],
  });
  await new Promise((klaar) => setTimeout(klaar));  // its last log lines come in before the answer
  return uitslag.violations.map((v) => {
    const waar = v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(", ");
    return `${v.id} (${v.impact}): ${v.help} — ${waar}`;
  });
}"""

BESTANDEN = {  # files, not pages
    "exports:downloaden",
    "exports:lijst",
    "exports:taak_downloaden",
    "afspraken:document",
    "admin:jsi18n",
    "api_v1:openapi-json",
}
# The roles that sign in here; andere_regio opens the same pages of another region.
ROLLEN_IN_DE_BROWSER = [r for r in ROLLEN if r not in ("anoniem", "andere_regio")]


def _echte_fout(bericht) -> bool:
    # The app declares its icon (static/favicon.svg, and /favicon.ico for whoever asks): no 404 to forgive.
    return bericht.type == "error"


def paginas_per_rol(g) -> dict[str, list[str]]:
    """role -> the addresses it opens: each GET page with a 200 once, by the first role allowed."""
    per_rol = {rol: [] for rol in ROLLEN_IN_DE_BROWSER}
    for adres in ADRESSEN:
        if adres.sleutel in BESTANDEN:
            continue
        regel = _regel(adres)
        if regel.methode != "GET":
            continue
        rol = next((r for r in ROLLEN_IN_DE_BROWSER if regel.voor(r) == 200), None)
        if rol is not None:
            per_rol[rol].append(adres_met_query(g, adres))
    return per_rol


def test_no_page_breaks_the_content_security_policy_or_wcag(inloggen, page, live_server, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    load_demo_data()
    g = maak_gegevens()
    page.add_init_script(VERZAMEL_SCHENDINGEN)
    fouten = []
    # axe itself sets inline styles while it measures, which the CSP rightly blocks and logs: the
    # page's own errors are those logged outside its run.
    axe_loopt = [False]
    page.on(
        "console", lambda b: fouten.append(f"{page.url}: {b.text}") if _echte_fout(b) and not axe_loopt[0] else None
    )
    page.on("pageerror", lambda e: fouten.append(f"{page.url}: {e}"))

    geopend, met_grafieken, schendingen = [], [], []

    def toegankelijk(adres):
        axe_loopt[0] = True
        page.add_script_tag(url=f"{live_server.url}{AXE}")
        schendingen.extend(f"{adres}: {s}" for s in page.evaluate(AXE_RUN))
        axe_loopt[0] = False

    antwoord = page.goto(f"{live_server.url}/inloggen/")  # the login page, before signing in
    assert "script-src 'self'" in antwoord.headers["content-security-policy"]
    assert page.evaluate("window.__csp") == []
    toegankelijk("/inloggen/")
    for rol, adressen in paginas_per_rol(g).items():
        page.context.clear_cookies()
        gebruiker = g.gebruikers[rol]
        wachtwoord = settings.DEMO_PASSWORD if gebruiker.leerwerkloket_id else "wachtwoord-voor-tests"
        inloggen(gebruiker.username, wachtwoord)
        expect(page.get_by_role("button", name="Uitloggen")).to_be_visible()
        for adres in adressen:
            antwoord = page.goto(f"{live_server.url}{adres}")
            assert antwoord.status == 200, f"{adres} als {rol}: {antwoord.status}"
            assert "script-src 'self'" in antwoord.headers["content-security-policy"], adres
            csp, canvassen, grafieken = page.evaluate(SCHENDINGEN_EN_GRAFIEKEN)
            assert csp == [], f"{adres} als {rol}"
            if canvassen:
                expect(page.locator("canvas").first).to_be_visible()
                canvassen, grafieken = page.evaluate(GRAFIEKEN)
            assert grafieken == canvassen, f"{adres}: {canvassen} grafiekvlakken, {grafieken} getekend"
            geopend.append(adres)
            if canvassen:
                met_grafieken.append(adres)
            toegankelijk(adres)

    assert fouten == []
    assert not schendingen, "\n".join(schendingen)
    # The pages the issue names are among them, and the dashboards drew their charts.
    for adres in [
        "/afspraken/",
        f"/afspraken/{g.afspraak.pk}/",
        "/facturen/",
        "/import/realisatie/",
        "/import/bank/",
        "/dashboard/?regio=twente",
        "/dashboard/landelijk/",
        f"/dashboard/financier/{g.uwv.pk}/",
        "/exports/",
        f"/jaarplan/{g.jaarplan.pk}/",
        "/beheer/",
    ]:
        assert adres in geopend
    assert met_grafieken == [
        "/dashboard/?regio=twente",
        "/dashboard/rapport/?regio=twente",
        f"/dashboard/vastgelegd/{g.rapport.pk}/",
    ]
