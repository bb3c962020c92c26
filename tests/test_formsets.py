"""A posted formset builds no more forms than a person could fill in, and does not believe an
INITIAL_FORMS outside the rows that exist: the probe posted TOTAL_FORMS above 1,000 to an admin
inline (20-31 s to render) and to the contacts on /partners/nieuw/ (11-13 s), and INITIAL_FORMS=-1
reached an IntegrityError."""

import re

import pytest
from django.urls import reverse

from partners.models import Contactpersoon, Partner
from partners.roles import Rol
from tests.factories import GebruikerFactory, PartnerFactory


@pytest.fixture
def beheerder(twente):
    return GebruikerFactory(username="bea", leerwerkloket=twente, is_staff=True, rollen=[Rol.BEHEERDER])


def admin_formulier(client, url) -> dict:
    """The change form as the browser would send it back: every field and management form."""
    pagina = client.get(url).content.decode()
    data = dict(re.findall(r'<input type="(?:hidden|text|number)" name="([^"]+)" value="([^"]*)"', pagina))
    data.update(re.findall(r'<input[^>]*name="([^"]+)"[^>]*type="(?:hidden|text)"[^>]*value="([^"]*)"', pagina))
    for naam, waarde in re.findall(r'<select name="([^"]+)"[^>]*>.*?<option value="([^"]*)" selected', pagina, re.S):
        data[naam] = waarde
    return data


def rendered_rows(pagina: str, prefix: str) -> int:
    return len(set(re.findall(rf'name="{prefix}-(\d+)-naam"', pagina)))


def test_an_admin_inline_posted_with_a_huge_total_forms_is_refused_in_dutch_and_stays_small(client, beheerder, twente):
    uwv = PartnerFactory(leerwerkloket=twente, naam="UWV")
    client.force_login(beheerder)
    url = reverse("admin:partners_partner_change", args=[uwv.pk])
    data = admin_formulier(client, url) | {"naam": "UWV Twente", "contactpersonen-TOTAL_FORMS": "100000"}

    antwoord = client.post(url, data)

    tekst = antwoord.content.decode()
    assert antwoord.status_code == 200
    assert "Er zijn te veel regels tegelijk verstuurd; ten hoogste 100. Sla op in delen." in tekst
    assert rendered_rows(tekst, "contactpersonen") <= 100
    assert Partner.objects.get(pk=uwv.pk).naam == "UWV"


def test_an_admin_inline_with_a_negative_initial_forms_is_refused_not_a_server_error(client, beheerder, twente):
    uwv = PartnerFactory(leerwerkloket=twente, naam="UWV")
    client.force_login(beheerder)
    url = reverse("admin:partners_partner_change", args=[uwv.pk])
    data = admin_formulier(client, url) | {
        "contactpersonen-TOTAL_FORMS": "2",
        "contactpersonen-INITIAL_FORMS": "-1",
        "contactpersonen-0-naam": "Petra",
        "contactpersonen-1-naam": "Karim",
    }

    antwoord = client.post(url, data)

    assert antwoord.status_code == 200
    assert "De regels van dit formulier kloppen niet meer. Laad de pagina opnieuw" in antwoord.content.decode()
    assert not Contactpersoon.objects.exists()


@pytest.mark.parametrize(
    ("beheer", "melding"),
    [
        ({"contact-TOTAL_FORMS": "100000"}, "Er zijn te veel regels tegelijk verstuurd; ten hoogste 100."),
        ({"contact-INITIAL_FORMS": "-1"}, "De regels van dit formulier kloppen niet meer."),
        ({"contact-INITIAL_FORMS": "5"}, "De regels van dit formulier kloppen niet meer."),
    ],
    ids=["total-groot", "initial-negatief", "initial-te-groot"],
)
def test_the_contacts_on_a_new_partner_are_bounded_the_same_way(client, projectleider, beheer, melding):
    client.force_login(projectleider)
    data = {
        "naam": "Zorgaccent",
        "soort": "zorginstelling",
        "actief": "on",
        "contact-TOTAL_FORMS": "1",
        "contact-INITIAL_FORMS": "0",
        "contact-0-naam": "Sanne de Vries",
    } | beheer

    antwoord = client.post(reverse("partners:nieuw"), data)

    tekst = antwoord.content.decode()
    assert antwoord.status_code == 200
    assert melding in tekst
    assert rendered_rows(tekst, "contact") <= 100
    assert not Partner.objects.filter(naam="Zorgaccent").exists()
