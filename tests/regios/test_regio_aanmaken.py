"""A new region in one step: the command `regio_aanmaken`, the national role's page, each refusal
(a Dutch message naming the row, nothing stored), the one-time links and the region's first day."""

import datetime
import re

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from jaarplan.models import Activiteit, Indicator, Jaarplan
from partners.models import Gebruiker, Leerwerkloket, Partner, Verdeelsleutel
from partners.roles import Rol
from tests.factories import ActiviteitFactory, GebruikerFactory, IndicatorFactory, JaarplanFactory, PartnerFactory

pytestmark = pytest.mark.django_db

VANDAAG = datetime.datetime(2026, 3, 2, 10, 0, tzinfo=datetime.UTC)
GEMEENTEN = "gemeente;inwoners\nGroningen;243768\nHet Hogeland;48203\nWesterkwartier;65004\n"
GEBRUIKERS = (
    "rol;naam;e-mail\n"
    "projectleider;Pieter de Vries;pieter@lwl-groningen.example\n"
    "stuurgroep;Anna Bakker;anna@lwl-groningen.example\n"
    "financien;Sanne Mulder;sanne@lwl-groningen.example\n"
    "beheerder;Kees Smit;kees@lwl-groningen.example\n"
)


@pytest.fixture(autouse=True)
def _vandaag():
    with time_machine.travel(VANDAAG, tick=False):
        yield


@pytest.fixture
def bestanden(tmp_path):
    def schrijf(naam: str, inhoud: str | bytes) -> str:
        pad = tmp_path / naam
        pad.write_bytes(inhoud if isinstance(inhoud, bytes) else inhoud.encode("utf-8"))
        return str(pad)

    return schrijf


def _aanmaken(bestanden, *extra, gemeenten=GEMEENTEN, gebruikers=None, kort="groningen"):
    args = ["--naam", "Leerwerkloket Groningen", "--kort", kort, "--gemeenten", bestanden("gemeenten.csv", gemeenten)]
    if gebruikers is not None:
        args += ["--gebruikers", bestanden("gebruikers.csv", gebruikers)]
    uit = []

    class Uit:
        def write(self, tekst, *a, **k):
            uit.append(tekst)

        def flush(self):
            pass

    call_command("regio_aanmaken", *args, *extra, stdout=Uit())
    return "".join(uit)


def _niets_opgeslagen():
    assert not Leerwerkloket.objects.filter(slug="groningen").exists()
    assert not Partner.objects.filter(naam__contains="Groningen").exists()
    assert not Gebruiker.objects.filter(email__endswith="lwl-groningen.example").exists()
    assert mail.outbox == []


# -- the command -------------------------------------------------------------------------------
def test_the_command_makes_the_region_with_its_partners_gemeenten_key_users_and_first_jaarplan(
    bestanden, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        uitvoer = _aanmaken(bestanden, "--uwv", "UWV Groningen", "--roc", "Noorderpoort", gebruikers=GEBRUIKERS)

    regio = Leerwerkloket.objects.get(slug="groningen")
    assert regio.naam == "Leerwerkloket Groningen" and regio.arbeidsmarktregio == "Groningen"
    partners = {p.naam: p for p in Partner.objects.voor_regio(regio)}
    assert partners["UWV Groningen"].soort == Partner.Soort.UWV
    assert partners["Noorderpoort"].soort == Partner.Soort.ROC
    groep = partners["Gemeenten regio Groningen"]
    assert groep.is_groep and sorted(groep.leden.values_list("naam", flat=True)) == [
        "Gemeente Groningen",
        "Gemeente Het Hogeland",
        "Gemeente Westerkwartier",
    ]
    sleutel = Verdeelsleutel.objects.get(groep=groep)
    assert sleutel.jaar == 2026 and sleutel.methode == Verdeelsleutel.Methode.INWONERS
    assert {a.partner.naam: a.inwoners for a in sleutel.aandelen.all()}["Gemeente Het Hogeland"] == 48203
    jaarplan = Jaarplan.objects.get(leerwerkloket=regio)
    assert jaarplan.jaar == 2026 and jaarplan.status == Jaarplan.Status.CONCEPT
    assert not jaarplan.activiteiten.exists()

    pieter = Gebruiker.objects.get(username="pieter@lwl-groningen.example")
    assert pieter.leerwerkloket == regio and pieter.rollen == {Rol.PROJECTLEIDER}
    assert not pieter.has_usable_password() and not pieter.is_staff
    assert Gebruiker.objects.get(email="kees@lwl-groningen.example").is_staff  # the beheerder uses the admin
    assert "Leerwerkloket Groningen (groningen) is aangemaakt." in uitvoer
    assert "3 gemeenten in Gemeenten regio Groningen, verdeelsleutel 2026" in uitvoer
    links = re.findall(r"http://testserver/wachtwoord-instellen/\S+/", uitvoer)
    assert len(links) == 4
    assert "Pieter de Vries <pieter@lwl-groningen.example> (projectleider)" in uitvoer
    # The same links went out by mail, one per user.
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [
            "pieter@lwl-groningen.example",
            "anna@lwl-groningen.example",
            "sanne@lwl-groningen.example",
            "kees@lwl-groningen.example",
        ]
    )
    brief = next(m for m in mail.outbox if m.to == ["pieter@lwl-groningen.example"])
    assert "Leerwerkloket Groningen" in brief.subject
    assert any(link in brief.body for link in links)


def test_a_link_lets_the_user_set_a_password_once(bestanden, client):
    uitvoer = _aanmaken(bestanden, gebruikers=GEBRUIKERS)
    link = re.search(r"http://testserver(/wachtwoord-instellen/\S+/)", uitvoer).group(1)

    formulier = client.get(link, follow=True)
    assert "Wachtwoord instellen" in formulier.text and "pieter@lwl-groningen.example" in formulier.text
    klaar = client.post(
        formulier.redirect_chain[-1][0],
        {"new_password1": "groningen-loket-voorjaar", "new_password2": "groningen-loket-voorjaar"},
        follow=True,
    )
    assert "Uw wachtwoord is ingesteld" in klaar.text
    assert client.login(username="pieter@lwl-groningen.example", password="groningen-loket-voorjaar")
    client.logout()
    assert "Deze link werkt niet (meer)" in client.get(link, follow=True).text


def test_activities_are_copied_from_another_region_without_money_or_targets(bestanden):
    twente = Leerwerkloket.objects.create(naam="Leerwerkloket Twente", slug="twente", arbeidsmarktregio="Twente")
    JaarplanFactory(leerwerkloket=twente, jaar=2020)
    nieuwste = JaarplanFactory(leerwerkloket=twente, jaar=2021)
    activiteit = ActiviteitFactory(jaarplan=nieuwste, locatie="Werkplein Hengelo")
    IndicatorFactory(activiteit=activiteit, streefwaarde=1500)

    uitvoer = _aanmaken(bestanden, "--activiteiten-van", "twente")

    kopie = Activiteit.objects.get(jaarplan__leerwerkloket__slug="groningen")
    assert (kopie.code, kopie.naam, kopie.locatie) == ("loketfunctie", "Loketfunctie en adviesgesprekken", "")
    indicator = Indicator.objects.get(activiteit=kopie)
    assert (indicator.code, indicator.naam, indicator.streefwaarde) == ("loopbaangesprekken", "Loopbaangesprekken", 0)
    assert not kopie.begrotingsregels.exists() and not kopie.dekkingen.exists()
    assert "met 1 activiteiten zonder bedragen" in uitvoer


@pytest.mark.parametrize(
    ("gemeenten", "melding"),
    [
        (
            "plaats;aantal\nGroningen;243768\n",
            "Rij 1: de kopregel moet 'gemeente;inwoners' zijn, maar is 'plaats;aantal'",
        ),
        (GEMEENTEN + "Groningen;1000\n", "Rij 5: Groningen staat er twee keer in (ook op rij 2)"),
        (
            "gemeente;inwoners\nGroningen;-12\n",
            "Rij 2: het aantal inwoners van Groningen ('-12') is geen positief geheel getal",
        ),
        (
            "gemeente;inwoners\nGroningen;0\n",
            "Rij 2: het aantal inwoners van Groningen ('0') is geen positief geheel getal",
        ),
        ("gemeente;inwoners\nGroningen;12,5\n", "Rij 2: het aantal inwoners van Groningen ('12,5')"),
        ("gemeente;inwoners\nGroningen;veel\n", "Rij 2: het aantal inwoners van Groningen ('veel')"),
        ("", "Het bestand is leeg"),
        ("gemeente;inwoners\n", "Het bestand heeft alleen een kopregel"),
    ],
    ids=["kopregel", "dubbel", "negatief", "nul", "komma", "tekst", "leeg", "alleen-kop"],
)
def test_the_command_refuses_a_bad_gemeenten_file_and_stores_nothing(bestanden, gemeenten, melding):
    with pytest.raises(CommandError) as fout:
        _aanmaken(bestanden, gemeenten=gemeenten, gebruikers=GEBRUIKERS)

    assert str(fout.value).startswith("Niets aangemaakt.\n--gemeenten: ")
    assert melding in str(fout.value)
    _niets_opgeslagen()


def test_the_command_refuses_a_short_name_in_use(bestanden):
    Leerwerkloket.objects.create(naam="Leerwerkloket Twente", slug="twente", arbeidsmarktregio="Twente")

    with pytest.raises(CommandError) as fout:
        _aanmaken(bestanden, kort="twente", gebruikers=GEBRUIKERS)

    assert "--kort: De korte naam 'twente' is al in gebruik door Leerwerkloket Twente" in str(fout.value)
    assert Leerwerkloket.objects.count() == 1
    _niets_opgeslagen()


def test_the_command_refuses_an_invalid_address_naming_its_row_and_stores_nothing(bestanden):
    gebruikers = GEBRUIKERS + "stuurgroep;Jan Jansen;jan(at)groningen\n"

    with pytest.raises(CommandError) as fout:
        _aanmaken(bestanden, gebruikers=gebruikers)

    assert "--gebruikers: Rij 6: 'jan(at)groningen' is geen geldig e-mailadres." in str(fout.value)
    _niets_opgeslagen()


def test_the_command_refuses_an_address_already_in_use_and_an_unknown_role(bestanden):
    GebruikerFactory(username="jenny", email="anna@lwl-groningen.example")
    gebruikers = GEBRUIKERS + "directeur;Jan Jansen;jan@lwl-groningen.example\n"

    with pytest.raises(CommandError) as fout:
        _aanmaken(bestanden, gebruikers=gebruikers)

    assert "Rij 6: de rol 'directeur' bestaat niet" in str(fout.value)
    assert "Rij 3: er is al een gebruiker met e-mailadres of gebruikersnaam anna@lwl-groningen.example" in str(
        fout.value
    )
    assert not Leerwerkloket.objects.filter(slug="groningen").exists()


def test_a_cbs_statline_export_with_bom_windows_encoding_title_and_spaces_is_read(bestanden):
    statline = (
        '"Regionale kerncijfers Nederland"\r\n'
        '"Regio\'s";"Perioden";"Bevolking op 1 januari (aantal)"\r\n'
        '"Súdwest-Fryslân";"2024";"92 112"\r\n'
        '"Groningen (gemeente)";"2024";"243.768"\r\n'
    ).encode("cp1252")

    _aanmaken(bestanden, gemeenten=statline)

    groep = Partner.objects.get(naam="Gemeenten regio Groningen")
    assert {a.partner.naam: a.inwoners for a in groep.verdeelsleutels.get().aandelen.all()} == {
        "Gemeente Súdwest-Fryslân": 92112,
        "Gemeente Groningen": 243768,
    }


# -- the page ----------------------------------------------------------------------------------
def _formulier(**velden):
    data = {
        "naam": "Leerwerkloket Groningen",
        "slug": "groningen",
        "arbeidsmarktregio": "",
        "uwv": "UWV Groningen",
        "roc": "Noorderpoort",
        "gemeenten": GEMEENTEN,
        "activiteiten_van": "",
        "gebruiker-TOTAL_FORMS": "6",
        "gebruiker-INITIAL_FORMS": "0",
        "gebruiker-MIN_NUM_FORMS": "0",
        "gebruiker-MAX_NUM_FORMS": "30",
    }
    rollen = ["projectleider", "stuurgroep", "financien", "beheerder", "stuurgroep", "stuurgroep"]
    for i, rol in enumerate(rollen):
        data |= {f"gebruiker-{i}-rol": rol, f"gebruiker-{i}-naam": "", f"gebruiker-{i}-email": ""}
    data |= {"gebruiker-0-naam": "Pieter de Vries", "gebruiker-0-email": "pieter@lwl-groningen.example"}
    return data | velden


def test_the_national_role_makes_a_region_on_the_page_and_the_links_go_by_mail(
    client, landelijk, django_capture_on_commit_callbacks
):
    client.force_login(landelijk)

    with django_capture_on_commit_callbacks(execute=True):
        pagina = client.post(reverse("regios:nieuw"), _formulier())

    assert pagina.status_code == 200
    assert "Leerwerkloket Groningen is aangemaakt" in pagina.text
    assert "Gemeenten regio Groningen met 3 gemeenten en een verdeelsleutel 2026 naar inwonertal" in pagina.text
    # The national role never sees the link with which another person sets a password (the probe
    # saw them for every new user, a beheerder included, and could use them first).
    assert "wachtwoord-instellen" not in pagina.text
    assert "per e-mail verstuurd naar pieter@lwl-groningen.example" in pagina.text
    (brief,) = mail.outbox
    assert brief.to == ["pieter@lwl-groningen.example"]
    assert re.search(r"http://testserver/wachtwoord-instellen/[^/]+/[^/]+/", brief.body)
    assert "pieter@lwl-groningen.example" in pagina.text
    regio = Leerwerkloket.objects.get(slug="groningen")
    assert Partner.objects.voor_regio(regio).filter(naam="UWV Groningen", soort=Partner.Soort.UWV).exists()
    assert Gebruiker.objects.get(username="pieter@lwl-groningen.example").leerwerkloket == regio
    # The national view lists it at once.
    landelijk_overzicht = client.get(reverse("dashboard:landelijk"), {"jaar": 2026})
    rij = re.search(r'data-testid="regio-groningen">(.*?)</tr>', landelijk_overzicht.text, re.S).group(1)
    assert "Leerwerkloket Groningen" in rij and "Concept" in rij and "nog geen afspraken" in rij


def test_the_page_takes_the_gemeenten_as_a_file_too(client, landelijk):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(landelijk)
    bestand = SimpleUploadedFile("gemeenten.csv", b"\xef\xbb\xbf" + GEMEENTEN.encode())

    pagina = client.post(reverse("regios:nieuw"), _formulier(gemeenten="", gemeenten_bestand=bestand))

    assert "Leerwerkloket Groningen is aangemaakt" in pagina.text
    assert Partner.objects.filter(naam="Gemeente Westerkwartier").exists()


@pytest.mark.parametrize(
    ("velden", "veld", "melding"),
    [
        ({"slug": "twente"}, "slug", "De korte naam &#x27;twente&#x27; is al in gebruik door Leerwerkloket Twente"),
        ({"gemeenten": "naam;aantal\nGroningen;5\n"}, "gemeenten", "Rij 1: de kopregel moet"),
        ({"gemeenten": GEMEENTEN + "Groningen;5\n"}, "gemeenten", "Rij 5: Groningen staat er twee keer in"),
        ({"gemeenten": "gemeente;inwoners\nGroningen;1,5\n"}, "gemeenten", "is geen positief geheel getal"),
        ({"gemeenten": ""}, "gemeenten", "Plak de gemeenten met hun inwonertal hierboven"),
        ({"gebruiker-1-naam": "Anna", "gebruiker-1-email": "anna@"}, "gebruiker-1-email", "geldig e-mailadres"),
    ],
    ids=["korte-naam", "kopregel", "dubbel", "geen-getal", "leeg", "e-mail"],
)
def test_the_page_refuses_bad_input_keeps_what_was_typed_and_stores_nothing(client, landelijk, velden, veld, melding):
    Leerwerkloket.objects.create(naam="Leerwerkloket Twente", slug="twente", arbeidsmarktregio="Twente")
    client.force_login(landelijk)

    pagina = client.post(reverse("regios:nieuw"), _formulier(**velden))

    assert pagina.status_code == 200
    assert "Niets aangemaakt: verbeter wat hieronder is aangegeven." in pagina.text
    assert melding in pagina.text
    assert 'value="Leerwerkloket Groningen"' in pagina.text and "pieter@lwl-groningen.example" in pagina.text
    assert Leerwerkloket.objects.count() == 1
    assert not Gebruiker.objects.filter(email__endswith="lwl-groningen.example").exists()


@pytest.mark.parametrize("rol", ["projectleider", "stuurgroeplid", "financien", "collega_achterhoek"])
def test_no_regional_role_may_open_the_page(client, rol, request):
    client.force_login(request.getfixturevalue(rol))
    assert client.get(reverse("regios:nieuw")).status_code == 403
    assert client.post(reverse("regios:nieuw"), _formulier()).status_code == 403
    assert not Leerwerkloket.objects.filter(slug="groningen").exists()


# -- the region's first day --------------------------------------------------------------------
def test_the_projectleider_of_the_new_region_sees_the_first_steps_and_not_twente(bestanden, client):
    twente = Leerwerkloket.objects.create(naam="Leerwerkloket Twente", slug="twente", arbeidsmarktregio="Twente")
    uwv_twente = PartnerFactory(leerwerkloket=twente, naam="UWV Twente")
    twente_plan = JaarplanFactory(leerwerkloket=twente, jaar=2026)
    _aanmaken(bestanden, gebruikers=GEBRUIKERS)
    groningen = Leerwerkloket.objects.get(slug="groningen")
    client.force_login(Gebruiker.objects.get(username="pieter@lwl-groningen.example"))

    thuis = client.get(reverse("home")).text
    assert "Eerste stappen voor Leerwerkloket Groningen" in thuis
    jaarplan = Jaarplan.objects.get(leerwerkloket=groningen)
    assert reverse("afspraken:nieuw") in thuis
    assert reverse("jaarplan:activiteit_nieuw", args=[jaarplan.pk]) in thuis
    assert reverse("jaarplan:detail", args=[jaarplan.pk]) in thuis
    assert "Jaarplan 2026" in thuis and "Er is nog niets begroot." in thuis

    assert "UWV Twente" not in client.get(reverse("partners:lijst")).text
    assert "Gemeente Westerkwartier" in client.get(reverse("partners:lijst")).text
    assert client.get(reverse("partners:detail", args=[uwv_twente.pk])).status_code == 404
    assert client.get(reverse("jaarplan:detail", args=[twente_plan.pk])).status_code == 404
    assert client.get(reverse("dashboard:overzicht"), {"regio": "twente"}).status_code == 404
    assert client.get(reverse("dashboard:landelijk")).status_code == 403


def test_the_first_steps_show_what_is_done_and_leave_once_all_are(bestanden, client):
    _aanmaken(bestanden, gebruikers=GEBRUIKERS)
    jaarplan = Jaarplan.objects.get(leerwerkloket__slug="groningen")
    client.force_login(Gebruiker.objects.get(username="pieter@lwl-groningen.example"))
    ActiviteitFactory(jaarplan=jaarplan)

    thuis = client.get(reverse("home")).text
    assert thuis.count("✓ gedaan") == 1

    # The stuurgroep member has no first steps: they are the projectleider's work.
    client.force_login(Gebruiker.objects.get(username="anna@lwl-groningen.example"))
    assert "Eerste stappen" not in client.get(reverse("home")).text


def test_the_new_regions_beheerder_manages_its_own_region_in_the_admin_and_not_twente(bestanden, client):
    twente = Leerwerkloket.objects.create(naam="Leerwerkloket Twente", slug="twente", arbeidsmarktregio="Twente")
    uwv_twente = PartnerFactory(leerwerkloket=twente, naam="UWV Twente")
    _aanmaken(bestanden, gebruikers=GEBRUIKERS)
    client.force_login(Gebruiker.objects.get(username="kees@lwl-groningen.example"))

    lijst = client.get(reverse("admin:partners_partner_changelist"))

    assert lijst.status_code == 200
    assert "Gemeente Westerkwartier" in lijst.text and "UWV Twente" not in lijst.text
    assert client.get(reverse("admin:partners_partner_change", args=[uwv_twente.pk])).status_code == 404


def test_the_page_refuses_a_file_that_is_no_text_without_an_error_page(client, landelijk):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(landelijk)
    bestand = SimpleUploadedFile("gemeenten.csv", b"\x00\x01PK\x03\x04" + bytes(range(256)))  # binary, named .csv

    pagina = client.post(reverse("regios:nieuw"), _formulier(gemeenten="", gemeenten_bestand=bestand))

    assert pagina.status_code == 200
    assert "Dit bestand is geen spreadsheet en geen CSV-tekstbestand" in pagina.text
    assert not Leerwerkloket.objects.filter(slug="groningen").exists()


def test_an_operator_on_the_server_prints_one_persons_link(db, capsys):
    from tests.factories import GebruikerFactory

    GebruikerFactory(username="pieter@lwl-groningen.example", leerwerkloket=None)

    call_command("wachtwoordlink", "pieter@lwl-groningen.example")

    assert re.fullmatch(r"http://testserver/wachtwoord-instellen/[^/]+/[^/]+/\n", capsys.readouterr().out)
    with pytest.raises(CommandError, match="Er is geen actieve gebruiker 'niemand'"):
        call_command("wachtwoordlink", "niemand")
