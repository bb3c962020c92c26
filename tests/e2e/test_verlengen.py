"""The funding cycle goes on, in a real browser: a stuurgroep member sees a partner whose agreement
ended in red on the next year's dashboard; the projectleider renews that agreement from its page
and sees the concept, then turns the next-period plan into concept agreements."""

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from financiering.models import Financieringsafspraak
from tests.factories import (
    ActiviteitFactory,
    AfspraakFactory,
    BegrotingsregelFactory,
    JaarplanFactory,
    PartnerFactory,
    SubsidieAfspraakFactory,
    ToezeggingFactory,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def eerste_periode(twente):
    """2017-2021: UWV and ROC co-finance, SZW's grant has no end year; the 2021 plan costs € 300.000,00."""
    BegrotingsregelFactory(
        activiteit=ActiviteitFactory(jaarplan=JaarplanFactory(leerwerkloket=twente, jaar=2021)),
        bedrag=Decimal("300000.00"),
    )
    uwv = AfspraakFactory(leerwerkloket=twente)
    roc = AfspraakFactory(leerwerkloket=twente, financier=PartnerFactory(leerwerkloket=twente, naam="ROC van Twente"))
    szw = SubsidieAfspraakFactory(leerwerkloket=twente)
    for jaar in range(2017, 2022):
        ToezeggingFactory(afspraak=uwv, jaar=jaar, bedrag_geld=Decimal("80000.00"))
        ToezeggingFactory(afspraak=roc, jaar=jaar)
        ToezeggingFactory(afspraak=szw, jaar=jaar, bedrag_geld=Decimal("100000.00"))
    return {"uwv": uwv, "roc": roc, "szw": szw}


def test_the_stuurgroep_sees_the_ended_partner_and_the_projectleider_renews_and_converts(
    inloggen, page, live_server, projectleider, stuurgroeplid, eerste_periode
):
    # 2022 on the dashboard: UWV's and ROC's agreements ended in 2021 and nothing follows them yet.
    inloggen("mariska")
    page.goto(f"{live_server.url}/dashboard/?jaar=2022")
    uwv = page.get_by_test_id(f"cofinancier-{eerste_periode['uwv'].financier_id}")
    expect(uwv).to_contain_text("liep af in 2021")
    cel = uwv.get_by_text("geen toezegging")
    expect(cel).to_have_class("nee")
    expect(cel).to_have_css("color", "rgb(179, 38, 30)")  # --rood
    expect(page.get_by_role("link", name="Verlengen")).to_have_count(0)  # the stuurgroep reads
    page.get_by_role("button", name="Uitloggen").click()

    inloggen("jenny")

    # Renew UWV from its page: a concept for 2022-2026 with 2021's amounts; the old one stays.
    page.get_by_role("link", name="Afspraken").first.click()
    page.get_by_role("link", name="Cofinanciering UWV 2017-2021").click()
    page.get_by_role("link", name="Verlengen").click()
    expect(page.get_by_test_id("verlenging").locator("tbody tr")).to_have_count(5)
    page.get_by_role("button", name="Verlengen als concept").click()
    expect(page.get_by_text("Cofinanciering UWV 2022-2026 is vastgelegd als concept.")).to_be_visible()
    expect(page.get_by_test_id("concept-uitleg")).to_be_visible()
    expect(page.get_by_test_id("raster").locator('tr[data-rij="toegezegd"] td').last).to_have_text("€ 400.000,00")

    page.get_by_role("link", name="Afspraken").first.click()
    rij = page.get_by_role("row").filter(has_text="Cofinanciering UWV 2022-2026")
    expect(rij).to_contain_text("Concept")

    # The next period: SZW keeps its € 100.000,00; the plan becomes concept agreements.
    page.goto(f"{live_server.url}/dashboard/volgende-periode/")
    expect(page.get_by_test_id("plan-financiers")).to_contain_text("vast bedrag")
    page.get_by_role("button", name="Omzetten in afspraken").click()
    expect(
        page.get_by_text("1 conceptafspraak voor 2022–2026 vastgelegd: Cofinanciering ROC van Twente 2022-2026.")
    ).to_be_visible()
    expect(page.get_by_text("niet opnieuw omgezet")).to_be_visible()
    expect(page.get_by_role("row").filter(has_text="Cofinanciering ROC van Twente 2022-2026")).to_contain_text(
        "Concept"
    )

    # A second time is refused.
    page.goto(f"{live_server.url}/dashboard/volgende-periode/")
    page.get_by_role("button", name="Omzetten in afspraken").click()
    expect(page.get_by_text("Omzetten kan maar één keer", exact=False)).to_be_visible()
    assert Financieringsafspraak.objects.filter(startjaar=2022, status="concept").count() == 2
