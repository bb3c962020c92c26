"""The first thing every user does: sign in, in Dutch, and find what is theirs to do."""

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from tests.factories import ActiviteitFactory, BegrotingsregelFactory, DekkingFactory, JaarplanFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def jaarplan(twente):
    activiteit = ActiviteitFactory(jaarplan=JaarplanFactory(leerwerkloket=twente, jaar=2021))
    BegrotingsregelFactory(activiteit=activiteit, bedrag=Decimal("120000.00"))
    DekkingFactory(activiteit=activiteit, toezegging__jaar=2021, bedrag=Decimal("50000.00"))
    return activiteit.jaarplan


def test_the_projectleider_signs_in_and_sees_the_jaarplan_figures(inloggen, projectleider, jaarplan):
    page = inloggen("jenny")
    expect(page.get_by_role("heading", name="Welkom, Jenny")).to_be_visible()
    expect(page.get_by_test_id("begroot")).to_have_text("€ 120.000,00")
    expect(page.get_by_test_id("gedekt")).to_have_text("€ 50.000,00")
    expect(page.get_by_test_id("ongedekt")).to_have_text("€ 70.000,00")
    expect(page.get_by_test_id("nog-te-dekken")).to_have_text("€ 70.000,00")  # one activity falls short
    page.get_by_role("button", name="Uitloggen").click()
    expect(page.get_by_role("heading", name="Inloggen")).to_be_visible()


def test_a_wrong_password_gets_a_dutch_message(inloggen, projectleider):
    page = inloggen("jenny", "verkeerd")
    expect(page.get_by_role("alert")).to_contain_text("Voer een juiste gebruikersnaam en wachtwoord in")
    expect(page.get_by_label("Gebruikersnaam")).to_have_value("jenny")
