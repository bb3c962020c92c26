"""A new region in a real browser: the national role makes it on the page, its projectleider follows
the one-time link it got by mail, sets a password, signs in and finds the first steps on an empty home page."""

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from tests.factories import LeerwerkloketFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

GEMEENTEN = "gemeente;inwoners\nGroningen;243768\nHet Hogeland;48203\nWesterkwartier;65004\n"
WACHTWOORD = "noorderlicht-boven-het-wad"


def test_a_national_user_makes_a_region_and_its_projectleider_starts_from_the_link(inloggen, landelijk, live_server):
    LeerwerkloketFactory()  # Twente, so the national view has a region beside the new one
    page = inloggen("lotte")
    page.goto(f"{live_server.url}/dashboard/landelijk/")
    page.get_by_role("link", name="Nieuwe regio aanmaken").click()

    page.get_by_label("Naam van het Leerwerkloket").fill("Leerwerkloket Groningen")
    page.get_by_label("Korte naam").fill("groningen")
    page.get_by_label("UWV-vestiging").fill("UWV Groningen")
    page.get_by_label("ROC", exact=True).fill("Noorderpoort")
    page.get_by_label("Gemeenten en inwoners").fill("gemeente;inwoners\nGroningen;243768\nGroningen;1\n")
    eerste = page.get_by_test_id("gebruiker-0")
    eerste.get_by_label("Naam").fill("Pieter de Vries")
    eerste.get_by_label("E-mailadres").fill("pieter@lwl-groningen.example")
    page.get_by_role("button", name="Regio aanmaken").click()

    # A gemeente twice: refused, and what was typed is still there.
    expect(page.get_by_role("alert")).to_contain_text("Niets aangemaakt")
    expect(page.get_by_text("Rij 3: Groningen staat er twee keer in (ook op rij 2).")).to_be_visible()
    expect(page.get_by_label("Naam van het Leerwerkloket")).to_have_value("Leerwerkloket Groningen")
    expect(page.get_by_test_id("gebruiker-0").get_by_label("E-mailadres")).to_have_value("pieter@lwl-groningen.example")
    page.get_by_label("Gemeenten en inwoners").fill(GEMEENTEN)
    page.get_by_role("button", name="Regio aanmaken").click()

    expect(page.get_by_role("heading", name="Leerwerkloket Groningen is aangemaakt")).to_be_visible()
    expect(page.get_by_test_id("uitnodiging-pieter@lwl-groningen.example")).to_have_text(
        "per e-mail verstuurd naar pieter@lwl-groningen.example"
    )
    # The link reaches Pieter by mail alone; the page never shows it.
    (brief,) = mail.outbox
    link = re.search(r"https?://\S+/wachtwoord-instellen/\S+/", brief.body).group(0)
    page.get_by_role("link", name="Naar het landelijke overzicht").click()
    expect(page.get_by_test_id("regio-groningen")).to_contain_text("nog geen afspraken")
    page.get_by_role("button", name="Uitloggen").click()

    page.goto(link)
    expect(page.get_by_role("heading", name="Wachtwoord instellen")).to_be_visible()
    page.locator("#id_new_password1").fill(WACHTWOORD)
    page.locator("#id_new_password2").fill(WACHTWOORD)
    page.get_by_role("button", name="Wachtwoord instellen").click()
    expect(page.get_by_role("heading", name="Uw wachtwoord is ingesteld")).to_be_visible()
    page.get_by_role("link", name="Naar inloggen").click()

    inloggen("pieter@lwl-groningen.example", WACHTWOORD)
    expect(page.get_by_role("heading", name="Welkom, Pieter")).to_be_visible()
    stappen = page.get_by_test_id("eerste-stappen")
    expect(stappen).to_contain_text("Eerste stappen voor Leerwerkloket Groningen")
    expect(stappen.get_by_role("link", name="Een afspraak vastleggen")).to_be_visible()
    expect(stappen.get_by_role("link", name="Een activiteit toevoegen")).to_be_visible()
    expect(page.get_by_test_id("begroot")).to_have_text("€\u00a00,00")
    stappen.get_by_role("link", name="Een activiteit toevoegen").click()
    expect(page).to_have_url(
        f"{live_server.url}/jaarplan/{page.url.split('/jaarplan/')[1].split('/')[0]}/activiteiten/nieuw/"
    )

    # The used link works no more.
    page.goto(link)
    expect(page.get_by_role("alert")).to_contain_text("Deze link werkt niet (meer)")
