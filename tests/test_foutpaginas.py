"""The error pages a user may meet are Dutch: a server error and a refused (expired) form."""

import pytest
from django.test import Client
from django.urls import reverse

from config import urls
from kern.storingen import serverfout


def test_a_server_error_shows_a_dutch_page_without_a_stack_trace(rf):
    # Rendered without the request and without the database, so what broke cannot break it too.
    assert urls.handler500 == "kern.storingen.serverfout"
    antwoord = serverfout(rf.get("/"))

    tekst = antwoord.content.decode()
    assert antwoord.status_code == 500
    assert '<html lang="nl">' in tekst and "Er ging iets mis" in tekst
    assert "de fout is vastgelegd voor de beheerder" in tekst and "Traceback" not in tekst


def test_an_exception_in_a_view_reaches_the_dutch_500_page(client, projectleider, monkeypatch):
    def stuk(*args, **kwargs):
        raise RuntimeError("kapot")

    monkeypatch.setattr("jaarplan.views.selectors.jaarplannen_van", stuk)
    client.raise_request_exception = False
    client.force_login(projectleider)

    antwoord = client.get(reverse("jaarplan:lijst"))

    assert antwoord.status_code == 500
    assert "Er ging iets mis" in antwoord.content.decode()


@pytest.mark.django_db
def test_a_form_without_a_valid_token_gets_a_dutch_page(financien):
    client = Client(enforce_csrf_checks=True)
    client.force_login(financien)

    antwoord = client.post(reverse("logout"))

    tekst = antwoord.content.decode()
    assert antwoord.status_code == 403
    assert "Formulier verlopen" in tekst and "laad de pagina opnieuw" in tekst
    assert "CSRF" not in tekst
