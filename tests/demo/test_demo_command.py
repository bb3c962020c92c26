"""`manage.py demo_data` on an empty database: what it says, and when it refuses."""

import datetime
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from partners.models import Gebruiker, Leerwerkloket, Partner
from tests.conftest import DEMO_DATUM, op_dag


def test_the_command_reports_what_it_loaded(db):
    uitvoer = StringIO()

    with op_dag(DEMO_DATUM):
        call_command("demo_data", stdout=uitvoer)

    tekst = uitvoer.getvalue()
    assert "21 partners (waarvan 14 gemeenten in één samenwerkingsverband) en 1 project" in tekst
    assert "5 financieringsafspraken met 22 toezeggingen" in tekst
    assert "2017 afgesloten, 2018 afgesloten, 2019 afgesloten, 2020 afgesloten, 2021 vastgesteld" in tekst
    assert "nog open op facturen: €\u00a056.250,00" in tekst


def test_late_in_2026_the_command_reports_two_periods_up_to_this_year(db):
    uitvoer = StringIO()

    with op_dag(datetime.date(2026, 11, 29)):
        call_command("demo_data", stdout=uitvoer)

    tekst = uitvoer.getvalue()
    assert "8 financieringsafspraken met 42 toezeggingen" in tekst
    assert "2020 afgesloten, 2021 afgesloten, 2022 afgesloten, 2023 afgesloten, 2024 afgesloten, " in tekst
    assert "2025 afgesloten, 2026 vastgesteld" in tekst
    # The fourth quarter's invoices of 2026: the gemeenten' 22,000 and half of ROC's 22,000.
    assert "nog open op facturen: €\u00a033.000,00" in tekst


def test_run_again_years_later_it_says_the_demo_does_not_grow_with_an_existing_database(demo_op):
    demo_op(datetime.date(2026, 11, 29))  # as `demo_data` loaded it then
    uitvoer = StringIO()

    with op_dag(datetime.date(2028, 3, 1)):
        call_command("demo_data", stdout=uitvoer)

    tekst = uitvoer.getvalue()
    assert "De demodata van Leerwerkloket Twente is er al; er is niets opnieuw geladen." in tekst
    assert "De jaarplannen lopen tot en met 2026" in tekst


def test_before_2017_the_command_refuses_and_loads_nothing(db):
    with op_dag(datetime.date(2016, 12, 31)), pytest.raises(CommandError, match="De demo begint in 2017"):
        call_command("demo_data", stdout=StringIO())
    assert not Partner.objects.exists()


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
    with op_dag(DEMO_DATUM):
        call_command("demo_data", stdout=StringIO())
        landelijk = Gebruiker.objects.get(username="landelijk")
        assert landelijk.leerwerkloket is None
        assert landelijk.rollen == {"landelijk"}

        assert client.login(username="landelijk", password="leerwerkloket-demo")
        response = client.get("/dashboard/landelijk/")

    assert response.status_code == 200
    assert "Leerwerkloket Twente" in response.text
