"""The Content Security Policy holds in a real browser: every page, the charts and the jaarplan
editor's live totals work without one violation being reported."""

import pytest
from django.conf import settings
from playwright.sync_api import expect

from jaarplan.demo import laad_demo_data
from jaarplan.models import Jaarplan

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# Collected before any page script runs, so a violation on load is caught too.
VERZAMEL_SCHENDINGEN = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__csp.push(e.violatedDirective + " " + (e.blockedURI || "inline") + " " + (e.sourceFile || ""));
});
"""


def test_no_page_breaks_the_content_security_policy(inloggen, page, live_server):
    laad_demo_data()
    page.add_init_script(VERZAMEL_SCHENDINGEN)
    berichten = []
    page.on("console", lambda b: berichten.append(b.text) if "Content Security Policy" in b.text else None)

    inloggen("projectleider", settings.DEMO_PASSWORD)
    jaarplan = Jaarplan.objects.get(jaar=2021)
    adressen = [
        "/",
        "/partners/",
        "/jaarplan/",
        f"/jaarplan/{jaarplan.pk}/",
        "/dashboard/",
        "/dashboard/rapport/",
        "/dashboard/volgende-periode/",
        "/exports/",
    ]
    for adres in adressen:
        antwoord = page.goto(f"{live_server.url}{adres}")
        assert antwoord.ok, adres
        assert "script-src 'self'" in antwoord.headers["content-security-policy"]
        assert page.evaluate("window.__csp") == [], adres

    page.goto(f"{live_server.url}/dashboard/")
    expect(page.locator("canvas").first).to_be_visible()
    assert page.evaluate("() => Object.values(Chart.instances).length") >= 2
    assert page.evaluate("window.__csp") == []
    assert berichten == []
