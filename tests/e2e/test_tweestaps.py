"""Two-factor sign-in in the browser: set it up from the QR page, keep the backup codes, sign in
again with a code; every step without a CSP or WCAG 2.1 A/AA violation."""

import base64
import re

import pytest
from django_otp.oath import TOTP
from playwright.sync_api import expect

from tests.e2e.test_csp import AXE, AXE_RUN, VERZAMEL_SCHENDINGEN

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def code_uit_sleutel(sleutel: str) -> str:
    """What an authenticator app shows for the key as the page prints it (groups of four)."""
    geheim = base64.b32decode(sleutel.replace(" ", ""))
    return f"{TOTP(geheim).token():06d}"


def zonder_schendingen(page, live_server):
    assert page.evaluate("window.__csp") == [], page.url
    page.add_script_tag(url=f"{live_server.url}{AXE}")
    assert page.evaluate(AXE_RUN) == [], page.url


def test_a_required_second_factor_is_set_up_and_then_asked_after_the_password(
    inloggen, page, live_server, financien, settings
):
    settings.TWEESTAPS_VERPLICHT = True
    page.add_init_script(VERZAMEL_SCHENDINGEN)

    inloggen("fenna")

    expect(page.get_by_role("heading", name="Tweestapsverificatie")).to_be_visible()
    expect(page.get_by_text("Voor uw rol is tweestapsverificatie verplicht")).to_be_visible()
    expect(page.get_by_role("img", name="QR-code om de sleutel in uw authenticator-app te zetten")).to_be_visible()
    zonder_schendingen(page, live_server)
    sleutel = page.get_by_test_id("geheim").inner_text()
    page.get_by_label("Code").fill(code_uit_sleutel(sleutel))
    page.get_by_role("button", name="Tweestapsverificatie aanzetten").click()

    expect(page.get_by_text("Tweestapsverificatie staat nu aan")).to_be_visible()
    reservecodes = page.get_by_test_id("reservecodes").inner_text().split()
    assert len(reservecodes) == 10 and all(re.fullmatch(r"[a-z2-7]{8}", c) for c in reservecodes)
    zonder_schendingen(page, live_server)
    page.get_by_role("link", name="Verder").click()
    expect(page.get_by_role("heading", name="Welkom, Fenna")).to_be_visible()

    page.get_by_role("button", name="Uitloggen").click()
    inloggen("fenna")
    expect(page.get_by_text("Typ nu de code uit uw authenticator-app")).to_be_visible()
    page.get_by_label("Code").fill("000000" if code_uit_sleutel(sleutel) != "000000" else "111111")
    page.get_by_role("button", name="Doorgaan").click()
    expect(page.get_by_text("Deze code klopt niet")).to_be_visible()
    zonder_schendingen(page, live_server)
    page.get_by_label("Code").fill(reservecodes[0])
    page.get_by_role("button", name="Doorgaan").click()
    expect(page.get_by_role("heading", name="Welkom, Fenna")).to_be_visible()
