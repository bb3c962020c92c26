"""Hostile bodies on every admin form (issue 27): every model's add and change page (with its
inlines) posted back as the browser would, with values no form expects (an integer beyond any
database column, NUL, an exponent no Decimal holds). Each answers with the form and its Dutch
message, or saves within the rules: never a server error. The fields are found on the page
itself, so a new model or field is covered without being named here; text fields are left to the
hostile-input matrix (tests/test_vijandige_invoer.py), which checks what each one shows."""

from html.parser import HTMLParser

import pytest
from django.contrib import admin
from django.urls import reverse

from tests.factories import GebruikerFactory

pytestmark = [pytest.mark.django_db, pytest.mark.matrix]

MODELLEN = sorted(admin.site._registry, key=lambda m: m._meta.label)
# An integer beyond every column (SQLite cannot even look it up), NUL (PostgreSQL refuses it in
# text), an exponent no Decimal holds.
VIJANDIG = ["99999999999999999999", "\x00", "1E999999"]
BEHEER = ("csrfmiddlewaretoken", "TOTAL_FORMS", "INITIAL_FORMS", "MIN_NUM_FORMS", "MAX_NUM_FORMS")


class Formulier(HTMLParser):
    """The fields of the admin's form on a page, as a browser would post them: (name, value, kind)."""

    def __init__(self):
        super().__init__()
        self.velden: list[tuple[str, str, str]] = []
        self.in_form = False
        self.select = self.textarea = None
        self.tekst = ""

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and (a.get("id") or "").endswith("_form"):
            self.in_form = True
        if not self.in_form or not a.get("name") and tag != "option":
            return
        if tag == "input":
            soort = a.get("type", "text")
            if soort in ("checkbox", "radio"):
                if "checked" in a:
                    self.velden.append((a["name"], a.get("value", "on"), "keuze"))
            elif soort not in ("submit", "button", "file", "image", "reset"):
                self.velden.append((a["name"], a.get("value") or "", soort))
        elif tag == "select":
            self.select = a["name"]
            self.velden.append((a["name"], None, "select"))  # a select is posted even with nothing chosen
        elif tag == "option" and self.select and "selected" in a:
            self.velden.append((self.select, a.get("value") or "", "select"))
        elif tag == "textarea":
            self.textarea, self.tekst = a["name"], ""

    def handle_data(self, data):
        if self.textarea:
            self.tekst += data

    def handle_endtag(self, tag):
        if tag == "select":
            self.select = None
        elif tag == "textarea" and self.textarea:
            self.velden.append((self.textarea, self.tekst.removeprefix("\n"), "textarea"))
            self.textarea = None
        elif tag == "form":
            self.in_form = False


def _velden(html: str) -> list[tuple[str, str, str]]:
    lezer = Formulier()
    lezer.feed(html)
    return lezer.velden


def _te_proberen(velden) -> list[str]:
    """The fields a hostile value is tried in: choices, numbers, dates, hidden ids; not free text."""
    namen = set()
    for naam, waarde, soort in velden:
        if any(deel in naam for deel in BEHEER):
            continue
        getal = (waarde or "").replace("-", "").isdigit()
        datum = soort == "text" and ("datum" in naam or "jaar" in naam or naam.endswith(("_0", "_1")))
        if soort in ("select", "hidden", "number", "keuze") or getal or datum:
            namen.add(naam)
    return sorted(namen)


def _gegevens(velden, wijziging: dict[str, str]) -> dict[str, list[str]]:
    gegevens: dict[str, list[str]] = {}
    for veld, inhoud, _ in velden:
        lijst = gegevens.setdefault(veld, [])
        if inhoud is not None:
            lijst.append(inhoud)
    return gegevens | {naam: [waarde] for naam, waarde in wijziging.items()}


@pytest.fixture
def beheerder(demo):
    return GebruikerFactory(username="root", leerwerkloket=None, is_staff=True, is_superuser=True)


@pytest.mark.parametrize("model", MODELLEN, ids=lambda m: m._meta.label)
def test_a_hostile_value_in_any_field_of_an_admin_form_never_gives_a_server_error(client, beheerder, model):
    """On the add page each field in turn holds each value; on the change page (whose inlines
    make it slow to answer) every field holds the value at once."""
    client.force_login(beheerder)
    client.raise_request_exception = False
    opts = model._meta
    obj = model._default_manager.order_by("pk").first()
    fouten = []
    toevoegen = reverse(f"admin:{opts.app_label}_{opts.model_name}_add")
    pagina = client.get(toevoegen)
    if pagina.status_code == 200:  # not for a model only read, or only made by the app
        velden = _velden(pagina.content.decode())
        for naam in _te_proberen(velden):
            for waarde in VIJANDIG:
                antwoord = client.post(toevoegen, _gegevens(velden, {naam: waarde}))
                if antwoord.status_code not in (200, 302):
                    fouten.append((toevoegen, naam, waarde[:20], antwoord.status_code))
    if obj is not None:
        wijzigen = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
        pagina = client.get(wijzigen)
        if pagina.status_code == 200:
            velden = _velden(pagina.content.decode())
            for waarde in VIJANDIG:
                antwoord = client.post(wijzigen, _gegevens(velden, dict.fromkeys(_te_proberen(velden), waarde)))
                if antwoord.status_code not in (200, 302, 403):  # 403: a model the admin only shows
                    fouten.append((wijzigen, "alle", waarde[:20], antwoord.status_code))
    assert not fouten, fouten
