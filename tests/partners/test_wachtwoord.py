"""Wachtwoord vergeten: from the sign-in page, a one-time link by e-mail (Django's password reset),
also for a user who never set a password; without mail the page says whom to ask."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from tests.factories import GebruikerFactory

pytestmark = pytest.mark.django_db


def _link_uit(brief) -> str:
    return re.search(r"http://testserver(/wachtwoord-instellen/\S+/)", brief.body).group(1)


def test_the_sign_in_page_links_to_wachtwoord_vergeten(client):
    assert reverse("wachtwoord_vergeten") in client.get(reverse("login")).text


def test_a_forgotten_password_is_set_anew_through_the_mailed_link(client, projectleider):
    projectleider.email = "jenny@lwl-twente.example"
    projectleider.save()

    verstuurd = client.post(reverse("wachtwoord_vergeten"), {"email": "Jenny@lwl-twente.example"}, follow=True)

    assert "Kijk in uw e-mail" in verstuurd.text
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["jenny@lwl-twente.example"]
    assert mail.outbox[0].subject == "Een nieuw wachtwoord voor Leerwerkloket Financiering"
    formulier = client.get(_link_uit(mail.outbox[0]), follow=True)
    klaar = client.post(
        formulier.redirect_chain[-1][0],
        {"new_password1": "twentse-zomeravond-2026", "new_password2": "twentse-zomeravond-2026"},
        follow=True,
    )
    assert "Uw wachtwoord is ingesteld" in klaar.text
    assert client.login(username="jenny", password="twentse-zomeravond-2026")


def test_a_short_or_mismatched_password_is_refused_in_dutch(client, projectleider):
    projectleider.email = "jenny@lwl-twente.example"
    projectleider.save()
    client.post(reverse("wachtwoord_vergeten"), {"email": "jenny@lwl-twente.example"})
    formulier = client.get(_link_uit(mail.outbox[0]), follow=True)

    fout = client.post(formulier.redirect_chain[-1][0], {"new_password1": "kort", "new_password2": "anders"})

    assert "Het wachtwoord is niet ingesteld" in fout.text
    assert "De twee wachtwoordvelden komen niet overeen." in fout.text


def test_a_user_who_never_set_a_password_gets_a_link_too(client, twente):
    nieuw = GebruikerFactory(username="pieter", email="pieter@lwl.example", leerwerkloket=twente)
    nieuw.set_unusable_password()
    nieuw.save()

    client.post(reverse("wachtwoord_vergeten"), {"email": "pieter@lwl.example"})

    assert [m.to for m in mail.outbox] == [["pieter@lwl.example"]]


def test_an_unknown_address_gets_the_same_answer_and_no_mail(client):
    verstuurd = client.post(reverse("wachtwoord_vergeten"), {"email": "niemand@lwl.example"}, follow=True)

    assert "Kijk in uw e-mail" in verstuurd.text
    assert mail.outbox == []


def test_without_mail_the_page_says_whom_to_ask(client, settings):
    settings.EMAIL_VERSTUREN = False

    pagina = client.get(reverse("wachtwoord_vergeten"))

    assert "Deze installatie verstuurt geen e-mail" in pagina.text
    assert 'name="email"' not in pagina.text
