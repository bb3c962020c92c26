"""Wachtwoord vergeten: from the sign-in page, a one-time link by e-mail (Django's password reset),
also for a user who never set a password; without mail the page says whom to ask. The answer is the
same for a known and an unknown address and does not wait for the mail, and the mails per address
and per requester are capped per hour."""

import re
import threading

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kern import achtergrond
from tests.factories import GebruikerFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def vragen(client, django_capture_on_commit_callbacks):
    """Ask for a link as a visitor does; the mail goes out after the answer (a thread started when
    the request commits), which the test waits for."""

    def vraag(email, follow=False, **extra):
        with django_capture_on_commit_callbacks(execute=True):
            antwoord = client.post(reverse("wachtwoord_vergeten"), {"email": email}, follow=follow, **extra)
        achtergrond.wait()
        return antwoord

    return vraag


def _link_uit(brief) -> str:
    return re.search(r"http://testserver(/wachtwoord-instellen/\S+/)", brief.body).group(1)


def test_the_sign_in_page_links_to_wachtwoord_vergeten(client):
    assert reverse("wachtwoord_vergeten") in client.get(reverse("login")).text


def test_a_forgotten_password_is_set_anew_through_the_mailed_link(client, projectleider, vragen):
    projectleider.email = "jenny@lwl-twente.example"
    projectleider.save()

    verstuurd = vragen("Jenny@lwl-twente.example", follow=True)

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


def test_a_short_or_mismatched_password_is_refused_in_dutch(client, projectleider, vragen):
    projectleider.email = "jenny@lwl-twente.example"
    projectleider.save()
    vragen("jenny@lwl-twente.example")
    formulier = client.get(_link_uit(mail.outbox[0]), follow=True)

    fout = client.post(formulier.redirect_chain[-1][0], {"new_password1": "kort", "new_password2": "anders"})

    assert "Het wachtwoord is niet ingesteld" in fout.text
    assert "De twee wachtwoordvelden komen niet overeen." in fout.text


def test_a_user_who_never_set_a_password_gets_a_link_too(client, twente, vragen):
    nieuw = GebruikerFactory(username="pieter", email="pieter@lwl.example", leerwerkloket=twente)
    nieuw.set_unusable_password()
    nieuw.save()

    vragen("pieter@lwl.example")

    assert [m.to for m in mail.outbox] == [["pieter@lwl.example"]]


def test_an_unknown_address_gets_the_same_answer_with_the_same_work_and_no_mail(projectleider, vragen):
    projectleider.email = "jenny@lwl-twente.example"
    projectleider.save()

    with CaptureQueriesContext(connection) as bekend_sql:
        bekend = vragen("jenny@lwl-twente.example", follow=True)
    with CaptureQueriesContext(connection) as onbekend_sql:
        onbekend = vragen("niemand@lwl.example", follow=True)

    assert "Kijk in uw e-mail" in onbekend.text
    assert (onbekend.status_code, onbekend.redirect_chain, onbekend.text) == (
        bekend.status_code,
        bekend.redirect_chain,
        bekend.text,
    )
    # The same queries before the answer: the token and the mail are made after it.
    assert len(onbekend_sql.captured_queries) == len(bekend_sql.captured_queries)
    assert [m.to for m in mail.outbox] == [["jenny@lwl-twente.example"]]


def test_thirty_requests_for_one_address_send_three_mails(projectleider, vragen, settings):
    projectleider.email = "jenny@lwl-twente.example"
    projectleider.save()

    antwoorden = [vragen("jenny@lwl-twente.example", REMOTE_ADDR=f"198.51.100.{n}") for n in range(30)]

    assert {a.status_code for a in antwoorden} == {302}
    assert len(mail.outbox) == settings.WACHTWOORD_HERSTEL_PER_ADRES == 3


def test_one_requester_asking_for_many_addresses_is_capped(twente, vragen, settings):
    GebruikerFactory(username="laatste", email="laatste@lwl.example", leerwerkloket=twente)
    for n in range(settings.WACHTWOORD_HERSTEL_PER_AANVRAGER):
        vragen(f"iemand{n}@lwl.example", REMOTE_ADDR="203.0.113.7")

    vragen("laatste@lwl.example", REMOTE_ADDR="203.0.113.7")
    assert mail.outbox == []
    vragen("laatste@lwl.example", REMOTE_ADDR="203.0.113.8")
    assert [m.to for m in mail.outbox] == [["laatste@lwl.example"]]


class TrageBackend(EmailBackend):
    """An SMTP server that takes its time: it sends only when the test lets it."""

    los = threading.Event()

    def send_messages(self, messages):
        assert self.los.wait(10)
        return super().send_messages(messages)


@pytest.mark.django_db(transaction=True)
def test_the_answer_does_not_wait_for_the_mail(client, twente, settings):
    settings.EMAIL_BACKEND = "tests.partners.test_wachtwoord.TrageBackend"
    GebruikerFactory(username="pieter", email="pieter@lwl.example", leerwerkloket=twente)
    TrageBackend.los.clear()

    antwoord = client.post(reverse("wachtwoord_vergeten"), {"email": "pieter@lwl.example"})

    # The request committed, the answer is here, and the mail is still on its way.
    assert antwoord.status_code == 302
    assert mail.outbox == []
    TrageBackend.los.set()
    achtergrond.wait()
    assert [m.to for m in mail.outbox] == [["pieter@lwl.example"]]


def test_without_mail_the_page_says_whom_to_ask(client, settings):
    settings.EMAIL_VERSTUREN = False

    pagina = client.get(reverse("wachtwoord_vergeten"))

    assert "Deze installatie verstuurt geen e-mail" in pagina.text
    assert 'name="email"' not in pagina.text
