"""The error pages a user may meet are Dutch: a server error and a refused (expired) form."""

import logging

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


class Regels(logging.Handler):
    """What the log handler would write, formatted as it does (a traceback included)."""

    def __init__(self):
        super().__init__(level=logging.WARNING)
        self.setFormatter(logging.Formatter("%(levelname)s %(name)s %(message)s"))
        self.teksten: list[str] = []

    def emit(self, record):
        self.teksten.append(self.format(record))


@pytest.fixture
def logboek():
    handler = Regels()
    logging.getLogger().addHandler(handler)
    yield handler.teksten
    logging.getLogger().removeHandler(handler)


def test_an_expected_refusal_is_one_line_in_the_log_without_a_traceback(client, stuurgroeplid, logboek):
    """The probe: every 403 wrote a full traceback (11,680 in one run), burying real errors."""
    client.force_login(stuurgroeplid)
    client.raise_request_exception = False

    assert client.get(reverse("regios:nieuw")).status_code == 403
    assert client.get(reverse("jaarplan:detail", args=[987654])).status_code == 404

    assert len(logboek) == 2
    assert logboek[0] == "WARNING django.request Forbidden (Permission denied): /regios/nieuw/"
    assert logboek[1] == f"WARNING django.request Not Found: {reverse('jaarplan:detail', args=[987654])}"
    assert not any("Traceback" in tekst or "\n" in tekst for tekst in logboek)


def test_a_server_error_keeps_its_traceback_in_the_log(client, projectleider, monkeypatch, logboek):
    def stuk(*args, **kwargs):
        raise RuntimeError("kapot")

    monkeypatch.setattr("jaarplan.views.selectors.jaarplannen_van", stuk)
    client.raise_request_exception = False
    client.force_login(projectleider)

    client.get(reverse("jaarplan:lijst"))

    assert any("Traceback" in tekst and "RuntimeError: kapot" in tekst for tekst in logboek)
