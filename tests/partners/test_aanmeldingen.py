"""Sign-ins, sign-outs and failed sign-ins are in the audit trail, beside exports and imports."""

from django.test import override_settings
from django.urls import reverse

from partners.models import Auditregel
from partners.roles import Rol
from tests.factories import GebruikerFactory

INLOGGEN, UITLOGGEN, MISLUKT = (
    Auditregel.Actie.INLOGGEN,
    Auditregel.Actie.UITLOGGEN,
    Auditregel.Actie.INLOGGEN_MISLUKT,
)


def inloggen(client, gebruikersnaam, wachtwoord):
    return client.post(reverse("login"), {"username": gebruikersnaam, "password": wachtwoord})


def test_a_sign_in_through_the_login_page_is_recorded_with_who_and_from_where(client, financien, twente):
    antwoord = inloggen(client, "fenna", "wachtwoord-voor-tests")

    assert antwoord.status_code == 302
    regel = Auditregel.objects.get()
    assert (regel.actie, regel.gebruiker, regel.leerwerkloket) == (INLOGGEN, financien, twente)
    assert regel.omschrijving == "Ingelogd vanaf 127.0.0.1"


def test_a_sign_out_is_recorded(client, financien, twente):
    inloggen(client, "fenna", "wachtwoord-voor-tests")

    client.post(reverse("logout"))

    assert list(Auditregel.objects.order_by("pk").values_list("actie", "gebruiker", "leerwerkloket")) == [
        (INLOGGEN, financien.pk, twente.pk),
        (UITLOGGEN, financien.pk, twente.pk),
    ]
    assert Auditregel.objects.get(actie=UITLOGGEN).omschrijving == "Uitgelogd vanaf 127.0.0.1"


def test_signing_out_without_being_signed_in_records_nothing(client, db):
    client.post(reverse("logout"))

    assert not Auditregel.objects.exists()


def test_a_wrong_password_is_recorded_for_that_user_without_the_password(client, financien, twente):
    antwoord = inloggen(client, "fenna", "geheim-fout-wachtwoord")

    assert antwoord.status_code == 200
    regel = Auditregel.objects.get()
    assert (regel.actie, regel.gebruiker, regel.leerwerkloket) == (MISLUKT, financien, twente)
    assert regel.omschrijving == "Inloggen mislukt als “fenna” vanaf 127.0.0.1"
    assert "geheim" not in regel.omschrijving


def test_a_name_that_exists_nowhere_is_recorded_without_user_or_region(client, financien):
    inloggen(client, "onbekend", "wat-dan-ook")

    regel = Auditregel.objects.get()
    assert (regel.actie, regel.gebruiker, regel.leerwerkloket) == (MISLUKT, None, None)
    assert regel.omschrijving == "Inloggen mislukt als “onbekend” vanaf 127.0.0.1"


@override_settings(
    AXES_ENABLED=True,
    AUTHENTICATION_BACKENDS=["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"],
)
def test_an_attempt_while_locked_out_is_recorded_as_blocked(client, financien, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        inloggen(client, "fenna", "fout")

    assert inloggen(client, "fenna", "wachtwoord-voor-tests").status_code == 429

    mislukt = list(Auditregel.objects.filter(actie=MISLUKT).order_by("pk").values_list("omschrijving", flat=True))
    assert len(mislukt) == settings.AXES_FAILURE_LIMIT + 1
    assert mislukt[-1] == "Inloggen mislukt als “fenna” vanaf 127.0.0.1 (geblokkeerd na te veel pogingen)"
    assert not Auditregel.objects.filter(actie=INLOGGEN).exists()


def test_the_regional_beheerder_finds_the_own_regions_sign_ins_in_the_admin(client, financien, collega_achterhoek):
    inloggen(client, "aart", "fout-wachtwoord")
    inloggen(client, "fenna", "fout-wachtwoord")
    inloggen(client, "fenna", "wachtwoord-voor-tests")
    beheerder = GebruikerFactory(
        username="bart", leerwerkloket=financien.leerwerkloket, is_staff=True, rollen=[Rol.BEHEERDER]
    )
    client.force_login(beheerder)
    adres = reverse("admin:partners_auditregel_changelist")

    alles = client.get(adres).text
    alleen_inloggen = client.get(adres, {"actie__exact": INLOGGEN}).text

    assert "Ingelogd vanaf 127.0.0.1" in alles
    assert "Inloggen mislukt als “fenna”" in alles
    assert "aart" not in alles
    assert "Ingelogd vanaf 127.0.0.1" in alleen_inloggen
    assert "Inloggen mislukt als" not in alleen_inloggen
