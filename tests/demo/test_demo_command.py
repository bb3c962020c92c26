"""`manage.py demo_data` on an empty database: what it says, and when it refuses."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from partners.models import Gebruiker, Leerwerkloket, Partner


def test_the_command_reports_what_it_loaded(db):
    uitvoer = StringIO()

    call_command("demo_data", stdout=uitvoer)

    tekst = uitvoer.getvalue()
    assert "21 partners (waarvan 14 gemeenten in één samenwerkingsverband) en 1 project" in tekst
    assert "5 financieringsafspraken met 22 toezeggingen" in tekst
    assert "2017 afgesloten, 2018 afgesloten, 2019 afgesloten, 2020 afgesloten, 2021 vastgesteld" in tekst


def test_logins_lists_the_users_and_the_default_password(db):
    uitvoer = StringIO()

    call_command("demo_data", "--logins", stdout=uitvoer)

    tekst = uitvoer.getvalue()
    assert "wachtwoord: leerwerkloket-demo" in tekst
    assert "projectleider  Jenny Holtrop (projectleider)" in tekst
    assert not Partner.objects.exists(), "--logins only prints"


@override_settings(DEMO_PASSWORD=None)
def test_without_a_demo_password_the_command_refuses_and_loads_nothing(db):
    with pytest.raises(CommandError, match="Geen demowachtwoord: DEMO_PASSWORD is niet ingesteld"):
        call_command("demo_data", stdout=StringIO())
    assert not Gebruiker.objects.exists()
    assert not Leerwerkloket.objects.exists()


def test_logins_include_the_national_login(db):
    uitvoer = StringIO()

    call_command("demo_data", "--logins", stdout=uitvoer)

    assert "landelijk      Lotte Brouwer (landelijk)" in uitvoer.getvalue()


def test_the_national_demo_login_has_no_region_and_opens_the_national_view(db, client):
    call_command("demo_data", stdout=StringIO())
    landelijk = Gebruiker.objects.get(username="landelijk")
    assert landelijk.leerwerkloket is None
    assert landelijk.rollen == {"landelijk"}

    assert client.login(username="landelijk", password="leerwerkloket-demo")
    response = client.get("/dashboard/landelijk/")

    assert response.status_code == 200
    assert "Leerwerkloket Twente" in response.text
