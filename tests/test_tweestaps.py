"""Two-factor sign-in: after the password a code from an authenticator app (TOTP) or a backup code
used once; required by TWEESTAPS_VERPLICHT for the roles that change money and for the admin."""

import re

import pytest
from django.urls import reverse
from django_otp.oath import TOTP

from kern.models import AuthenticatorApp, Reservecode
from kern.tweestaps import reservecodes_maken, tweestaps_uitzetten
from partners.roles import Rol
from tests.factories import GebruikerFactory

WACHTWOORD = "wachtwoord-voor-tests"


def code_van(apparaat: AuthenticatorApp) -> str:
    """What the authenticator app shows now."""
    totp = TOTP(apparaat.bin_key, apparaat.step, apparaat.t0, apparaat.digits, apparaat.drift)
    return f"{totp.token():06d}"


def inloggen(client, gebruiker, volgende=""):
    return client.post(reverse("login"), {"username": gebruiker.username, "password": WACHTWOORD, "next": volgende})


@pytest.fixture
def met_app(financien):
    apparaat = AuthenticatorApp.objects.create(user=financien, name="Authenticator-app", confirmed=True)
    return apparaat


@pytest.fixture
def beheerder(twente):
    return GebruikerFactory(username="bea", leerwerkloket=twente, is_staff=True, rollen=[Rol.BEHEERDER])


def test_signing_in_with_an_app_asks_its_code_after_the_password(client, financien, met_app):
    na_wachtwoord = inloggen(client, financien, reverse("facturen:lijst"))

    # The password alone opens nothing: every page sends to the code page.
    assert na_wachtwoord.status_code == 302
    assert client.get(reverse("facturen:lijst"))["Location"].startswith(reverse("tweestaps_code"))
    pagina = client.get(reverse("tweestaps_code"), {"next": reverse("facturen:lijst")})
    assert "Typ nu de code uit uw authenticator-app" in pagina.content.decode()

    antwoord = client.post(reverse("tweestaps_code"), {"code": code_van(met_app), "next": reverse("facturen:lijst")})

    assert antwoord.status_code == 302
    assert antwoord["Location"] == reverse("facturen:lijst")
    assert client.get(reverse("facturen:lijst")).status_code == 200


def test_a_wrong_code_is_refused_in_dutch_and_opens_nothing(client, financien, met_app):
    inloggen(client, financien)
    fout = "000000" if code_van(met_app) != "000000" else "111111"

    antwoord = client.post(reverse("tweestaps_code"), {"code": fout})

    assert antwoord.status_code == 200
    assert "Deze code klopt niet" in antwoord.content.decode()
    assert client.get(reverse("home"))["Location"].startswith(reverse("tweestaps_code"))


def test_a_backup_code_signs_in_once(client, financien, met_app):
    codes = reservecodes_maken(financien)
    inloggen(client, financien)

    assert client.post(reverse("tweestaps_code"), {"code": codes[0].upper()}).status_code == 302
    assert client.get(reverse("home")).status_code == 200
    assert Reservecode.objects.filter(apparaat__user=financien).count() == len(codes) - 1

    client.post(reverse("logout"))
    inloggen(client, financien)
    tweede_keer = client.post(reverse("tweestaps_code"), {"code": codes[0]})
    assert "Deze code klopt niet" in tweede_keer.content.decode()
    assert client.get(reverse("home")).status_code == 302


def test_setting_it_up_confirms_the_app_with_a_code_and_shows_ten_backup_codes(client, projectleider):
    inloggen(client, projectleider)
    pagina = client.get(reverse("tweestaps_instellen")).content.decode()
    assert 'src="data:image/svg+xml;base64,' in pagina
    apparaat = AuthenticatorApp.objects.get(user=projectleider, confirmed=False)
    geheim = re.search(r'data-testid="geheim">([A-Z2-7 ]+)<', pagina).group(1)
    assert len(geheim.replace(" ", "")) == 32

    fout = client.post(reverse("tweestaps_instellen"), {"code": "12345"})
    assert "Deze code klopt niet" in fout.content.decode()
    apparaat.refresh_from_db()
    apparaat.throttle_reset()

    aan = client.post(reverse("tweestaps_instellen"), {"code": code_van(apparaat)}).content.decode()

    assert "Tweestapsverificatie staat nu aan" in aan
    assert len(re.findall(r"<li><code>[a-z2-7]{8}</code></li>", aan)) == 10
    apparaat.refresh_from_db()
    assert apparaat.confirmed
    # From now on the password alone is not enough.
    client.post(reverse("logout"))
    inloggen(client, projectleider)
    assert client.get(reverse("home"))["Location"].startswith(reverse("tweestaps_code"))


def test_without_the_setting_a_user_without_an_app_signs_in_with_the_password(client, financien, beheerder, settings):
    settings.TWEESTAPS_VERPLICHT = False
    inloggen(client, financien)
    assert client.get(reverse("home")).status_code == 200

    client.post(reverse("logout"))
    client.post(reverse("admin:login"), {"username": "bea", "password": WACHTWOORD})
    assert client.get(reverse("admin:index")).status_code == 200


@pytest.mark.parametrize("rol", [Rol.PROJECTLEIDER, Rol.FINANCIEN])
def test_the_setting_makes_the_roles_that_change_money_set_it_up(client, twente, settings, rol):
    settings.TWEESTAPS_VERPLICHT = True
    gebruiker = GebruikerFactory(username="geld", leerwerkloket=twente, rollen=[rol])
    inloggen(client, gebruiker)

    doorverwezen = client.get(reverse("partners:lijst"))

    assert doorverwezen.status_code == 302
    assert doorverwezen["Location"].startswith(reverse("tweestaps_instellen"))
    pagina = client.get(doorverwezen["Location"]).content.decode()
    assert "Voor uw rol is tweestapsverificatie verplicht" in pagina
    apparaat = AuthenticatorApp.objects.get(user=gebruiker)
    client.post(reverse("tweestaps_instellen"), {"code": code_van(apparaat)})
    assert client.get(reverse("partners:lijst")).status_code == 200


def test_the_setting_leaves_the_stuurgroep_to_choose_outside_production(client, stuurgroeplid, settings):
    settings.TWEESTAPS_VERPLICHT = True
    settings.TWEESTAPS_ROLLEN = ["projectleider", "financien", "beheerder"]
    inloggen(client, stuurgroeplid)
    assert client.get(reverse("partners:lijst")).status_code == 200
    assert "tweestaps" not in client.get(reverse("home")).get("Location", "")


def test_the_national_role_always_gives_a_second_factor_when_it_is_required(client, landelijk, settings):
    # It reads every region: not one roles list leaves it out (the probe signed in as it with a password).
    settings.TWEESTAPS_VERPLICHT = True
    settings.TWEESTAPS_ROLLEN = []
    inloggen(client, landelijk)

    assert client.get(reverse("dashboard:landelijk"))["Location"].startswith(reverse("tweestaps_instellen"))


def test_the_setting_can_require_it_of_reading_roles_too(client, stuurgroeplid, settings):
    settings.TWEESTAPS_VERPLICHT = True
    settings.TWEESTAPS_ROLLEN = [*settings.TWEESTAPS_ROLLEN, Rol.STUURGROEP]
    inloggen(client, stuurgroeplid)

    assert client.get(reverse("home"))["Location"].startswith(reverse("tweestaps_instellen"))


def test_the_admin_requires_a_second_factor(client, beheerder, settings):
    settings.TWEESTAPS_VERPLICHT = True
    apparaat = AuthenticatorApp.objects.create(user=beheerder, name="Authenticator-app", confirmed=True)

    client.post(reverse("admin:login"), {"username": "bea", "password": WACHTWOORD})
    beheer = client.get(reverse("admin:partners_partner_changelist"))

    assert beheer.status_code == 302
    assert beheer["Location"].startswith(reverse("tweestaps_code"))
    client.post(reverse("tweestaps_code"), {"code": code_van(apparaat)})
    assert client.get(reverse("admin:partners_partner_changelist")).status_code == 200


def test_the_admin_sends_a_beheerder_without_an_app_to_set_it_up(client, beheerder, settings):
    settings.TWEESTAPS_VERPLICHT = True

    client.post(reverse("admin:login"), {"username": "bea", "password": WACHTWOORD})

    assert client.get(reverse("admin:index"))["Location"].startswith(reverse("tweestaps_instellen"))


def test_a_beheerder_turns_it_off_for_a_colleague_who_lost_the_phone(client, beheerder, met_app, financien):
    reservecodes_maken(financien)
    client.force_login(beheerder)

    antwoord = client.post(
        reverse("admin:partners_gebruiker_changelist"),
        {"action": "tweestaps_uitzetten", "_selected_action": [financien.pk]},
        follow=True,
    )

    assert "Tweestapsverificatie uitgezet voor 1 gebruiker(s)" in antwoord.content.decode()
    assert not AuthenticatorApp.objects.filter(user=financien).exists()
    client.post(reverse("logout"))
    inloggen(client, financien)
    assert client.get(reverse("home")).status_code == 200


def test_another_regions_beheerder_cannot_turn_it_off(client, met_app, financien, achterhoek):
    ander = GebruikerFactory(username="anton", leerwerkloket=achterhoek, is_staff=True, rollen=[Rol.BEHEERDER])
    client.force_login(ander)

    client.post(
        reverse("admin:partners_gebruiker_changelist"),
        {"action": "tweestaps_uitzetten", "_selected_action": [financien.pk]},
    )

    assert AuthenticatorApp.objects.filter(user=financien).exists()


def test_a_session_whose_app_was_turned_off_meanwhile_carries_on_with_the_password(client, financien, met_app):
    inloggen(client, financien)
    client.post(reverse("tweestaps_code"), {"code": code_van(met_app)})
    tweestaps_uitzetten(financien)

    # No longer verified, nothing to give a code from, not required: on, without a loop.
    assert client.get(reverse("home"))["Location"].startswith(reverse("tweestaps_code"))
    assert client.get(reverse("tweestaps_code"))["Location"] == reverse("home")
    assert client.get(reverse("home")).status_code == 200
