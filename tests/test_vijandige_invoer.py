"""Hostile input at every form and import: HTML and script, formula text, huge and negative
amounts, impossible dates, unicode tricks (NUL, RTL override, emoji, combining marks), text beyond
its length, required fields left empty. Each value is either refused with a Dutch message next to
its field (what was typed stays in the form, nothing is saved) or stored and shown harmlessly:
escaped on the pages, as text in Excel.

A form joins with one `Formulier` in FORMULIEREN: where it is, who fills it in, a submission that
is accepted, which fields hold what kind of value, and what it saves. The tests take every field
of every form with every value of its kind."""

import csv
import datetime
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

import openpyxl
import pytest
from axes.models import AccessAttempt
from django.contrib import admin
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.forms import BaseForm, BaseFormSet
from django.urls import resolve, reverse
from django.utils.html import escape

from api.models import ApiSleutel
from financiering.models import Bankregel, Betaling, Factuur, Financieringsafspraak, Toezegging
from financiering.selectors import toestand as afspraak_toestand
from jaarplan.models import (
    Activiteit,
    Begrotingsregel,
    Dekking,
    Importbatch,
    Indicator,
    Jaarplan,
    Kostenplaatskoppeling,
    Kostenrealisatie,
    Kostensoort,
    Outputrealisatie,
)
from jaarplan.selectors import toestand
from kern.models import AuthenticatorApp
from kern.tweestaps import reservecodes_maken
from kern.views import BegrensdePaginator
from partners.models import Auditregel, Contactpersoon, Partner
from rapportage.models import Stuurgroeprapport
from tests.factories import (
    ActiviteitFactory,
    BegrotingsregelFactory,
    FactuurFactory,
    GebruikerFactory,
    IndicatorFactory,
    JaarplanFactory,
    PartnerFactory,
    ToezeggingFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.matrix]

# -- the values ---------------------------------------------------------------------------------
# Shown harmlessly wherever text is stored: escaped in HTML, text (never a formula) in Excel.
HTML = ["<script>alert('x')</script>", '<img src=x onerror="alert(1)">', '"><b>vet</b>']
FORMULES = ['=HYPERLINK("http://kwaad.example","klik")', "+1", "-1", "@SUM(A1:A9)"]
UNICODE = ["Zorg 🚀 groep", "\u202egnirtS", "Zoe\u0308 e\u0301\u0301\u0301", "الشريك"]  # emoji, RTL, combining
HARMLOOS = HTML + FORMULES + UNICODE

NUL = "Partner\x00naam"
TE_LANG = "x" * 1000
LEEG = ["", "   "]
BEDRAGEN_FOUT = [
    "1e20",
    "1e30",
    "1E999999",
    "10**15",
    "1000000000000000",
    "99999999999999,99",
    "999.999.999.999,99",
    "NaN",
    "Infinity",
    "-Infinity",
    "12\x00",
    "1,2,3",
    "€ 1.000,005",
    "<script>",
    "0x1F",
]
NEGATIEF = ["-1", "-0,01", "(75.000)"]
# 0001-01-01 and 9999-12-31 are dates to Python, but none this administration can hold (9999-12-31
# plus a 30-day due date does not even exist).
DATUMS_FOUT = [
    "31-02-2021",
    "2021-13-01",
    "99999-01-01",
    "0000-00-00",
    "0001-01-01",
    "9999-12-31",
    "<script>",
    "2021-01-01\x00",
    "1e5",
]
JAREN_FOUT = ["99999", "-2021", "2021.5", "<script>", "1e3", "2021\x00"]
GETALLEN_FOUT = ["-1", "1e30", "99999999999999999999", "NaN", "Infinity", "<script>", "1,5", "12\x00", "0x1F"]
PROCENTEN_FOUT = ["101", "-11", "1e30", "1E999999", "NaN", "-Infinity", "<script>", "12\x00", "22,555", "1,2,3", "0x1F"]

# field kind -> values refused at that kind of field
WEIGEREN = {
    "naam": [NUL, TE_LANG, *LEEG],  # a required, limited text
    "tekst": [NUL, TE_LANG],  # an optional, limited text
    "vrije_tekst": [NUL],  # a text without a limit
    "email": [NUL, "<script>@x", "geen-adres", TE_LANG + "@example.nl"],
    "bedrag": [*BEDRAGEN_FOUT, *NEGATIEF],
    "datum": DATUMS_FOUT,
    "jaar": JAREN_FOUT,
    "code": [NUL, TE_LANG, *LEEG, *HTML, "+1", "@SUM(A1:A9)", FORMULES[0], *UNICODE],  # a slug: a-z, 0-9, - and _
    # a new activity's code: a slug as above, or empty, and then made from the name
    "code_uit_naam": [NUL, TE_LANG, *HTML, "+1", "@SUM(A1:A9)", FORMULES[0], *UNICODE],
    "aantal": [*GETALLEN_FOUT, *LEEG],  # a required whole number
    "keuze": [NUL, "<script>", "99999999999999999999999", "-1"],  # a select
    "boeking": BEDRAGEN_FOUT,  # an amount that may be negative (a correction)
    "datum_2021": [*DATUMS_FOUT, "2022-01-01", "31-12-2020"],  # a date in the jaarplan's year
    "procent": PROCENTEN_FOUT,
}
# a select cannot show a value that is none of its options; its message is enough
NIET_TERUG_TE_ZIEN = {"keuze"}
# field kind -> values stored and shown harmlessly
TONEN = {"naam", "tekst", "vrije_tekst"}

ENGELS = ("Enter a", "Ensure this", "This field", "Null characters", "Select a valid", "is not a valid")


# -- the forms ----------------------------------------------------------------------------------
@dataclass
class Opzet:
    """What the forms work on: Twente with a partner, an agreement with a year, an invoice, a jaarplan."""

    partner: Partner
    toezegging: Toezegging
    factuur: Factuur
    jaarplan: Jaarplan
    activiteit: object
    indicator: Indicator


@pytest.fixture
def opzet(twente):
    partner = PartnerFactory(leerwerkloket=twente, naam="UWV")
    toezegging = ToezeggingFactory(afspraak__leerwerkloket=twente, afspraak__financier=partner, jaar=2021)
    factuur = FactuurFactory(
        toezegging=toezegging,
        factuurdatum=datetime.date(2021, 3, 1),
        vervaldatum=datetime.date(2021, 3, 31),
        bedrag=Decimal("37500.00"),
    )
    jaarplan = JaarplanFactory(leerwerkloket=twente, jaar=2021)
    activiteit = ActiviteitFactory(jaarplan=jaarplan, code="loketfunctie", naam="Loketfunctie")
    BegrotingsregelFactory(activiteit=activiteit, kostensoort=Kostensoort.PERSONEEL, bedrag=Decimal("100000.00"))
    indicator = IndicatorFactory(activiteit=activiteit)
    return Opzet(partner, toezegging, factuur, jaarplan, activiteit, indicator)


def _partner(o: Opzet) -> dict:
    return {
        "naam": "Zorgaccent",
        "soort": "zorginstelling",
        "actief": "on",
        "groep": "",
        "notities": "",
        "contact-TOTAL_FORMS": "1",
        "contact-INITIAL_FORMS": "0",
        "contact-MIN_NUM_FORMS": "0",
        "contact-MAX_NUM_FORMS": "1000",
        "contact-0-naam": "Sanne de Vries",
        "contact-0-functie": "HR-adviseur",
        "contact-0-email": "sanne@example.nl",
        "contact-0-telefoon": "",
    }


def _afspraak(o: Opzet) -> dict:
    data = {
        "financier": o.partner.pk,
        "soort": "cofinanciering",
        "naam": "Cofinanciering UWV 2022-2023",
        "status": "toegezegd",
        "startjaar": "2022",
        "eindjaar": "2023",
        "minimum_per_jaar": "75.000",
        "beschikkingsnummer": "",
        "beschikkingsdatum": "",
        "notities": "",
        "toestand": "",
    }
    for jaar in (2022, 2023):
        data[f"geld_{jaar}"], data[f"natura_{jaar}"] = "75.000", ""
    return data


def _editor(o: Opzet) -> dict:
    data = {"toestand": toestand(o.jaarplan), "reden": ""}
    for kostensoort, _ in Kostensoort.choices:
        data[f"b-{o.activiteit.pk}-{kostensoort}"] = "100.000" if kostensoort == Kostensoort.PERSONEEL else ""
    data[f"d-{o.activiteit.pk}-{o.toezegging.pk}"] = ""
    return data


def _stand_financiering():
    return (
        list(Financieringsafspraak.objects.values_list("pk", "naam", "notities", "minimum_per_jaar")),
        list(Toezegging.objects.values_list("pk", "jaar", "bedrag_geld", "bedrag_natura")),
        Financieringsafspraak.history.count(),
    )


def _activiteit(o: Opzet) -> dict:
    return {
        "code": "spreekuur",
        "naam": "Spreekuur vrije inloop",
        "soort": Activiteit.Soort.SPREEKUUR,
        "locatie": "",
        "project": "",
        "omschrijving": "",
        "volgorde": "2",
    }


def _stand_activiteiten():
    return (
        list(Activiteit.objects.values_list("pk", "code", "naam", "soort", "locatie", "omschrijving", "volgorde")),
        list(Indicator.objects.values_list("pk", "code", "naam", "eenheid", "streefwaarde")),
        Activiteit.history.count(),
        Indicator.history.count(),
    )


def _stand_realisatie():
    return (
        list(Kostenrealisatie.objects.values_list("pk", "datum", "bedrag", "omschrijving")),
        list(Outputrealisatie.objects.values_list("pk", "datum", "aantal", "toelichting")),
        Auditregel.objects.count(),
    )


@dataclass(frozen=True)
class Formulier:
    naam: str
    rol: str  # the fixture of the user who fills it in
    url: Callable[[Opzet], str]
    gegevens: Callable[[Opzet], dict]  # a submission that is accepted
    velden: dict[str, str]  # field name -> kind (a key of WEIGEREN)
    stand: Callable[[], object]  # everything a submission could save
    tonen: dict[str, Callable[[Opzet], list[str]]] = field(default_factory=dict)  # field -> pages showing it
    lijst: str | None = None  # the list page whose Excel export shows ...
    lijstvelden: tuple[str, ...] = ()  # ... these fields
    methode: str = "post"  # "get": a form that only shows, and saves nothing
    omleiding: bool = False  # a refusal is a Dutch message on the page it sends back to (a one-click form)


FORMULIEREN = [
    Formulier(
        naam="partner",
        rol="projectleider",
        url=lambda o: reverse("partners:nieuw"),
        gegevens=_partner,
        velden={
            "naam": "naam",
            "notities": "vrije_tekst",
            "contact-0-naam": "naam",
            "contact-0-functie": "tekst",
            "contact-0-email": "email",
            "contact-0-telefoon": "tekst",
        },
        stand=lambda: (
            list(Partner.objects.values_list("pk", "naam", "notities")),
            list(Contactpersoon.objects.values_list("pk", "naam", "functie", "email", "telefoon")),
        ),
        tonen={
            "naam": lambda o: [reverse("partners:lijst"), _nieuwste_partner()],
            "notities": lambda o: [_nieuwste_partner()],
            "contact-0-naam": lambda o: [_nieuwste_partner()],
            "contact-0-functie": lambda o: [_nieuwste_partner()],
        },
        lijst="partners",
        lijstvelden=("naam",),
    ),
    Formulier(
        naam="partner bewerken",
        rol="projectleider",
        url=lambda o: reverse("partners:bewerken", args=[o.partner.pk]),
        gegevens=lambda o: {**_partner(o), "naam": "UWV", "soort": "uwv"},
        velden={"naam": "naam", "notities": "vrije_tekst", "contact-0-naam": "naam"},
        stand=lambda: (
            list(Partner.objects.values_list("pk", "naam", "notities")),
            list(Contactpersoon.objects.values_list("pk", "naam")),
        ),
    ),
    Formulier(
        naam="afspraak",
        rol="projectleider",
        url=lambda o: reverse("afspraken:nieuw"),
        gegevens=_afspraak,
        velden={
            "naam": "naam",
            "beschikkingsnummer": "tekst",
            "notities": "vrije_tekst",
            "startjaar": "jaar",
            "eindjaar": "jaar",
            "minimum_per_jaar": "bedrag",
            "geld_2022": "bedrag",
            "natura_2023": "bedrag",
            "beschikkingsdatum": "datum",
        },
        stand=_stand_financiering,
        tonen={
            "naam": lambda o: [reverse("afspraken:lijst"), _nieuwste_afspraak()],
            "notities": lambda o: [_nieuwste_afspraak()],
        },
        lijst="afspraken",
        lijstvelden=("naam",),
    ),
    Formulier(
        naam="afspraak bewerken",
        rol="projectleider",
        url=lambda o: reverse("afspraken:bewerken", args=[o.toezegging.afspraak_id]),
        gegevens=lambda o: {
            **_afspraak(o),
            "naam": "Cofinanciering UWV 2021",
            "startjaar": "2021",
            "eindjaar": "2021",
            "geld_2021": "75.000",
            "natura_2021": "",
            # The agreement is signed: its period and amounts change only with a reason.
            "reden": "Correctie na de stuurgroep",
            "toestand": afspraak_toestand(o.toezegging.afspraak),
        },
        velden={"naam": "naam", "geld_2021": "bedrag", "natura_2021": "bedrag", "eindjaar": "jaar"},
        stand=_stand_financiering,
    ),
    Formulier(
        naam="factuur",
        rol="financien",
        url=lambda o: reverse("facturen:nieuw", args=[o.toezegging.pk]),
        gegevens=lambda o: {
            "nummer": "F-2021-77",
            "factuurdatum": "2021-04-01",
            "vervaldatum": "",
            "bedrag": "10.000",
            "omschrijving": "",
        },
        velden={
            "nummer": "naam",
            "omschrijving": "tekst",
            "factuurdatum": "datum",
            "vervaldatum": "datum",
            "bedrag": "bedrag",
        },
        stand=lambda: (list(Factuur.objects.values_list("pk", "nummer", "bedrag")), Factuur.history.count()),
        tonen={
            "nummer": lambda o: [reverse("facturen:lijst")],
        },
        lijst="facturen",
        lijstvelden=("nummer",),
    ),
    Formulier(
        naam="betaling",
        rol="financien",
        url=lambda o: reverse("facturen:betaling", args=[o.factuur.pk]),
        gegevens=lambda o: {"datum": "2021-04-15", "bedrag": "1.000", "referentie": ""},
        velden={"datum": "datum", "bedrag": "bedrag", "referentie": "tekst"},
        stand=lambda: (list(Betaling.objects.values_list("pk", "bedrag", "referentie")), Betaling.history.count()),
    ),
    Formulier(
        naam="jaarplan-editor",
        rol="projectleider",
        url=lambda o: reverse("jaarplan:detail", args=[o.jaarplan.pk]),
        gegevens=_editor,
        velden={
            "b-{a}-personeel": "bedrag",
            "b-{a}-materiaal": "bedrag",
            "d-{a}-{t}": "bedrag",
        },
        stand=lambda: (
            list(Begrotingsregel.objects.values_list("pk", "bedrag")),
            list(Dekking.objects.values_list("pk", "bedrag")),
            Begrotingsregel.history.count(),
        ),
    ),
    Formulier(
        naam="vaststellen",
        rol="stuurgroeplid",
        url=lambda o: reverse("jaarplan:vaststellen", args=[o.jaarplan.pk]),
        gegevens=lambda o: {"besluitdatum": "2020-12-14", "bevestig": "on"},
        velden={"besluitdatum": "datum"},
        stand=lambda: list(Jaarplan.objects.values_list("pk", "status", "besluitdatum")),
    ),
    Formulier(
        naam="jaarplan nieuw",
        rol="projectleider",
        url=lambda o: reverse("jaarplan:nieuw"),
        gegevens=lambda o: {"jaar": "2022"},
        velden={"jaar": "jaar"},
        stand=lambda: list(Jaarplan.objects.values_list("pk", "jaar")),
        omleiding=True,
    ),
    Formulier(
        naam="activiteit",
        rol="projectleider",
        url=lambda o: reverse("jaarplan:activiteit_nieuw", args=[o.jaarplan.pk]),
        gegevens=_activiteit,
        velden={
            "code": "code_uit_naam",
            "naam": "naam",
            "soort": "keuze",
            "locatie": "tekst",
            "project": "keuze",
            "omschrijving": "vrije_tekst",
            "volgorde": "aantal",
        },
        stand=_stand_activiteiten,
        tonen={
            "naam": lambda o: [reverse("jaarplan:detail", args=[o.jaarplan.pk])],
            "locatie": lambda o: [reverse("jaarplan:detail", args=[o.jaarplan.pk])],
        },
    ),
    Formulier(
        naam="activiteit bewerken",
        rol="projectleider",
        url=lambda o: reverse("jaarplan:activiteit_bewerken", args=[o.activiteit.pk]),
        gegevens=lambda o: {**_activiteit(o), "code": "loketfunctie", "naam": "Loketfunctie"},
        velden={"code": "code", "naam": "naam", "soort": "keuze", "volgorde": "aantal"},
        stand=_stand_activiteiten,
        tonen={"naam": lambda o: [reverse("jaarplan:realisatie", args=[o.jaarplan.pk])]},
    ),
    Formulier(
        naam="indicator",
        rol="projectleider",
        url=lambda o: reverse("jaarplan:indicator_nieuw", args=[o.activiteit.pk]),
        gegevens=lambda o: {"naam": "Deelnemers", "code": "deelnemers", "eenheid": "deelnemers", "streefwaarde": "120"},
        velden={"naam": "naam", "code": "code", "eenheid": "naam", "streefwaarde": "aantal"},
        stand=_stand_activiteiten,
        tonen={
            "naam": lambda o: [reverse("jaarplan:detail", args=[o.jaarplan.pk])],
            "eenheid": lambda o: [reverse("jaarplan:detail", args=[o.jaarplan.pk])],
        },
    ),
    Formulier(
        naam="indicator bewerken",
        rol="projectleider",
        url=lambda o: reverse("jaarplan:indicator_bewerken", args=[o.indicator.pk]),
        gegevens=lambda o: {
            "naam": "Loopbaangesprekken",
            "code": "loopbaangesprekken",
            "eenheid": "gesprekken",
            "streefwaarde": "400",
        },
        velden={"naam": "naam", "code": "code", "streefwaarde": "aantal"},
        stand=_stand_activiteiten,
        tonen={"naam": lambda o: [reverse("jaarplan:realisatie", args=[o.jaarplan.pk])]},
    ),
    Formulier(
        naam="kostenboeking",
        rol="financien",
        url=lambda o: reverse("jaarplan:kosten_nieuw", args=[o.jaarplan.pk]),
        gegevens=lambda o: {
            "kosten-activiteit": o.activiteit.pk,
            "kosten-kostensoort": Kostensoort.PERSONEEL,
            "kosten-datum": "2021-05-01",
            "kosten-bedrag": "250,00",
            "kosten-omschrijving": "",
        },
        velden={
            "kosten-activiteit": "keuze",
            "kosten-kostensoort": "keuze",
            "kosten-datum": "datum_2021",
            "kosten-bedrag": "boeking",
            "kosten-omschrijving": "tekst",
        },
        stand=_stand_realisatie,
        tonen={"kosten-omschrijving": lambda o: [reverse("jaarplan:realisatie_lijst")]},
        lijst="realisatie",
        lijstvelden=("kosten-omschrijving",),
    ),
    Formulier(
        naam="output",
        rol="financien",
        url=lambda o: reverse("jaarplan:output_nieuw", args=[o.jaarplan.pk]),
        gegevens=lambda o: {
            "output-indicator": o.indicator.pk,
            "output-datum": "2021-05-01",
            "output-aantal": "12",
            "output-toelichting": "",
        },
        velden={
            "output-indicator": "keuze",
            "output-datum": "datum_2021",
            "output-aantal": "aantal",
            "output-toelichting": "tekst",
        },
        stand=_stand_realisatie,
        tonen={"output-toelichting": lambda o: [reverse("jaarplan:realisatie", args=[o.jaarplan.pk])]},
    ),
    Formulier(
        naam="stuurgroeprapport",
        rol="stuurgroeplid",
        url=lambda o: reverse("dashboard:rapport"),
        gegevens=lambda o: {"jaar": "2021", "status": "concept", "datum": "2021-10-14"},
        velden={"status": "keuze", "datum": "datum"},
        stand=lambda: list(Stuurgroeprapport.objects.values_list("pk")),
        methode="get",
    ),
    Formulier(
        naam="rapport vastleggen",
        rol="stuurgroeplid",
        url=lambda o: reverse("dashboard:rapport_vastleggen"),
        gegevens=lambda o: {"jaar": "2021", "status": "definitief", "datum": "2021-10-14"},
        velden={"status": "keuze", "datum": "datum"},
        stand=lambda: list(Stuurgroeprapport.objects.values_list("pk")),
        omleiding=True,
    ),
    Formulier(
        naam="volgende periode",
        rol="stuurgroeplid",
        url=lambda o: reverse("dashboard:volgende_periode"),
        gegevens=lambda o: {
            "basisjaar": "2021",
            "indexatie": "2,5",
            "van": "2022",
            "aantal": "2",
            f"aandeel_{o.partner.pk}": "100",
        },
        velden={"indexatie": "procent", "van": "jaar", "aantal": "aantal", "aandeel_{f}": "procent"},
        stand=lambda: Auditregel.objects.count(),
        methode="get",
    ),
    Formulier(
        naam="api-sleutel",
        rol="stuurgroeplid",
        url=lambda o: reverse("api_sleutels:lijst"),
        gegevens=lambda o: {"naam": "Power BI", "dagen": "90"},
        velden={"naam": "naam", "dagen": "keuze"},
        # The page answers a new key with 200 (it shows the key once), not a redirect: no `tonen`.
        stand=lambda: list(ApiSleutel.objects.values_list("pk", "naam", "verloopt_op")),
    ),
]


def _nieuwste_partner() -> str:
    return reverse("partners:detail", args=[Partner.objects.latest("pk").pk])


def _nieuwste_afspraak() -> str:
    return reverse("afspraken:detail", args=[Financieringsafspraak.objects.latest("pk").pk])


def _veldnaam(naam: str, o: Opzet) -> str:
    return naam.format(a=o.activiteit.pk, t=o.toezegging.pk, f=o.partner.pk)


def _gevallen(soort_filter, *, omleiding=False):
    for formulier in (f for f in FORMULIEREN if f.omleiding == omleiding):
        for veld, soort in formulier.velden.items():
            for waarde in soort_filter(formulier, veld, soort):
                yield pytest.param(formulier, veld, waarde, id=f"{formulier.naam}-{veld}-{waarde[:20]!r}")


GEWEIGERD = list(_gevallen(lambda f, veld, soort: WEIGEREN[soort]))
OMGELEID = list(_gevallen(lambda f, veld, soort: WEIGEREN[soort], omleiding=True))
GETOOND = list(_gevallen(lambda f, veld, soort: HARMLOOS if soort in TONEN and veld in f.tonen else []))


def _aanmelden(client, request, formulier):
    client.force_login(request.getfixturevalue(formulier.rol))


def _foutmeldingen(antwoord, veld: str) -> list[str]:
    """The messages shown next to `veld`, in whichever form (or formset) of the page holds it."""
    meldingen = []
    waarden = {id(w): w for context in antwoord.context for w in context.flatten().values()}
    for waarde in waarden.values():
        formulieren = waarde.forms if isinstance(waarde, BaseFormSet) else [waarde]
        for f in formulieren:
            if isinstance(f, BaseForm) and f.is_bound:
                naam = veld.removeprefix(f"{f.prefix}-") if f.prefix else veld
                meldingen += list(f.errors.get(naam, []))
    return meldingen


@pytest.mark.parametrize(("formulier", "veld", "waarde"), GEWEIGERD)
def test_a_hostile_value_is_refused_with_a_dutch_message_next_to_its_field(
    client, request, opzet, formulier, veld, waarde
):
    _aanmelden(client, request, formulier)
    soort, veld = formulier.velden[veld], _veldnaam(veld, opzet)
    voor = formulier.stand()

    sturen = client.get if formulier.methode == "get" else client.post
    antwoord = sturen(formulier.url(opzet), {**formulier.gegevens(opzet), veld: waarde})

    assert antwoord.status_code == 200
    meldingen = _foutmeldingen(antwoord, veld)
    assert meldingen, f"geen melding bij {veld}"
    assert not any(engels in m for m in meldingen for engels in ENGELS), meldingen
    if waarde.strip() and soort not in NIET_TERUG_TE_ZIEN:  # what was typed is still there to correct
        assert escape(waarde) in antwoord.content.decode()
    assert formulier.stand() == voor


@pytest.mark.parametrize(("formulier", "veld", "waarde"), OMGELEID)
def test_a_hostile_value_in_a_one_click_form_is_refused_with_a_dutch_message_on_the_page_it_returns_to(
    client, request, opzet, formulier, veld, waarde
):
    _aanmelden(client, request, formulier)
    voor = formulier.stand()

    antwoord = client.post(formulier.url(opzet), {**formulier.gegevens(opzet), veld: waarde}, follow=True)

    assert antwoord.status_code == 200 and antwoord.redirect_chain
    meldingen = [m.message for m in antwoord.context["messages"] if m.level_tag == "error"]
    assert meldingen, "geen melding"
    assert not any(engels in m for m in meldingen for engels in ENGELS), meldingen
    assert "<script>" not in antwoord.content.decode()
    assert formulier.stand() == voor


@pytest.mark.parametrize(("formulier", "veld", "waarde"), GETOOND)
def test_hostile_text_is_stored_as_typed_and_shown_escaped(client, request, opzet, formulier, veld, waarde):
    _aanmelden(client, request, formulier)

    antwoord = client.post(formulier.url(opzet), {**formulier.gegevens(opzet), veld: waarde})

    assert antwoord.status_code == 302, _foutmeldingen(antwoord, veld)
    for pagina in formulier.tonen[veld](opzet):
        html = client.get(pagina).content.decode()
        assert escape(waarde) in html, pagina
        if "<" in waarde:
            assert waarde not in html, pagina  # never as markup
    if veld in formulier.lijstvelden:
        assert waarde in _tekstcellen(client, formulier.lijst)


def _tekstcellen(client, lijst: str) -> set[str]:
    """Every cell of the list's Excel export that holds text, and never a formula."""
    antwoord = client.get(reverse("exports:lijst", args=[lijst, "xlsx"]))
    boek = openpyxl.load_workbook(io.BytesIO(b"".join(antwoord.streaming_content)))
    cellen = [c for blad in boek.worksheets for rij in blad.iter_rows() for c in rij if c.value is not None]
    assert not [c.value for c in cellen if c.data_type == "f" and not str(c.value).startswith("=SUM(")]
    return {c.value for c in cellen if c.data_type == "s"}


def test_a_hostile_activity_name_is_shown_escaped_in_the_editor_and_as_text_in_the_jaaroverzicht(
    client, projectleider, financien, opzet
):
    """Activities are made in the admin (and soon on a page of their own); their name reaches the
    editor and the exports."""
    for i, naam in enumerate(HTML + FORMULES):
        ActiviteitFactory(jaarplan=opzet.jaarplan, code=f"vijandig-{i}", naam=naam, volgorde=100 + i)
    client.force_login(projectleider)
    html = client.get(reverse("jaarplan:detail", args=[opzet.jaarplan.pk])).content.decode()
    client.force_login(financien)
    antwoord = client.get(reverse("exports:downloaden", args=["jaaroverzicht"]), {"jaar": 2021})
    boek = openpyxl.load_workbook(io.BytesIO(b"".join(antwoord.streaming_content)))
    tekst = {c.value for blad in boek.worksheets for rij in blad.iter_rows() for c in rij if c.data_type == "s"}

    for naam in HTML + FORMULES:
        assert escape(naam) in html and (naam not in html or "<" not in naam)
        assert naam in tekst


# -- sign in ----------------------------------------------------------------------------------------
AANMELDPAGINAS = ["login", "admin:login"]


@pytest.mark.parametrize("pagina", AANMELDPAGINAS)
@pytest.mark.parametrize("waarde", [*HTML, FORMULES[0], NUL, TE_LANG, "\u202eadmin", "' OR '1'='1"])
def test_a_hostile_sign_in_is_refused_in_dutch(client, projectleider, pagina, waarde):
    antwoord = client.post(reverse(pagina), {"username": waarde, "password": waarde})

    assert antwoord.status_code == 200
    html = antwoord.content.decode()
    assert "_auth_user_id" not in client.session
    meldingen = [m for f in antwoord.context["form"].errors.values() for m in f]
    assert meldingen and not any(e in m for m in meldingen for e in ENGELS), meldingen
    assert "<script>alert" not in html


@pytest.mark.parametrize("pagina", AANMELDPAGINAS)
def test_an_over_long_user_name_gets_the_refusal_of_a_wrong_password(client, projectleider, pagina):
    """django-axes records a failed sign-in in a column of 255 characters; a longer name must
    be refused before it gets there, with the same message as any wrong name or password."""
    fout = client.post(reverse(pagina), {"username": "projectleider", "password": "fout"})
    te_lang = client.post(reverse(pagina), {"username": "p" * 256, "password": "fout"})

    assert te_lang.status_code == 200
    assert te_lang.context["form"].errors == fout.context["form"].errors
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("pagina", AANMELDPAGINAS)
def test_an_over_long_user_name_is_recorded_as_a_failed_sign_in(client, projectleider, settings, pagina):
    settings.AXES_ENABLED = True
    settings.AUTHENTICATION_BACKENDS = [
        "axes.backends.AxesStandaloneBackend",
        "django.contrib.auth.backends.ModelBackend",
    ]

    client.post(reverse(pagina), {"username": "p" * 1000, "password": "fout"})

    assert AccessAttempt.objects.get().username == "p" * 150
    assert Auditregel.objects.get(actie=Auditregel.Actie.INLOGGEN_MISLUKT).omschrijving.startswith(
        f"Inloggen mislukt als “{'p' * 150}”"
    )


@pytest.mark.parametrize("pagina", ["tweestaps_code", "tweestaps_instellen"])
@pytest.mark.parametrize("waarde", [*HTML, FORMULES[0], NUL, TE_LANG, "12345\x006", "-1", "9" * 400, "' OR '1'='1"])
def test_a_hostile_second_factor_code_is_refused_in_dutch(client, projectleider, pagina, waarde):
    if pagina == "tweestaps_code":
        AuthenticatorApp.objects.create(user=projectleider, name="Authenticator-app", confirmed=True)
        reservecodes_maken(projectleider)
    client.post(reverse("login"), {"username": "jenny", "password": "wachtwoord-voor-tests"})

    antwoord = client.post(reverse(pagina), {"code": waarde})

    assert antwoord.status_code == 200
    meldingen = antwoord.context["form"].errors["code"]
    assert meldingen and not any(e in m for m in meldingen for e in ENGELS), meldingen
    assert "<script>alert" not in antwoord.content.decode()
    if pagina == "tweestaps_code":
        assert client.get(reverse("home"))["Location"].startswith(reverse("tweestaps_code"))
    else:
        assert not AuthenticatorApp.objects.filter(user=projectleider, confirmed=True).exists()


# -- query parameters -------------------------------------------------------------------------------
# Every value answers with a page (or "niet gevonden"), never an error of the server.
PARAMETERS_FOUT = ["\x00", "-1", "-2147483649", "2147483648", "9" * 400, "<script>", "1e5", "NaN", ""]
LIJSTEN = [
    ("partners:lijst", "projectleider"),
    ("afspraken:lijst", "projectleider"),
    ("toezeggingen:lijst", "projectleider"),
    ("facturen:lijst", "financien"),
    ("facturen:betalingen", "financien"),
    ("jaarplan:realisatie_lijst", "financien"),
]
DASHBOARDS = [
    "dashboard:overzicht",
    "dashboard:rapport",
    "dashboard:vastgelegde_rapporten",
    "dashboard:volgende_periode",
]


def _lijstparameters(pagina: str) -> list[str]:
    """The paging and sorting parameters of the list, and every field of its filter."""
    view = resolve(reverse(pagina)).func.view_class
    return ["per_page", "page", "sort", *view.filterset_class.base_filters]


@pytest.mark.parametrize(("pagina", "rol"), LIJSTEN)
def test_a_hostile_query_parameter_on_a_list_gets_a_page(client, request, opzet, pagina, rol):
    client.force_login(request.getfixturevalue(rol))
    for parameter in _lijstparameters(pagina):
        for waarde in PARAMETERS_FOUT:
            antwoord = client.get(reverse(pagina), {parameter: waarde})
            assert antwoord.status_code == 200, (parameter, waarde)
            assert "<script>" not in antwoord.content.decode()


@pytest.mark.parametrize(("pagina", "rol"), LIJSTEN)
def test_a_list_shows_at_most_its_largest_page(client, request, opzet, monkeypatch, pagina, rol):
    monkeypatch.setattr(BegrensdePaginator, "max_per_page", 1)
    ToezeggingFactory(afspraak__leerwerkloket=opzet.partner.leerwerkloket, afspraak__financier=opzet.partner, jaar=2022)
    PartnerFactory(leerwerkloket=opzet.partner.leerwerkloket, naam="ROC van Twente")
    FactuurFactory(toezegging=opzet.toezegging, nummer="F-2021-2", bedrag=Decimal("100.00"))
    client.force_login(request.getfixturevalue(rol))

    tabel = client.get(reverse(pagina), {"per_page": "100000"}).context["table"]

    assert len(tabel.page.object_list) <= 1


@pytest.mark.parametrize("pagina", DASHBOARDS)
@pytest.mark.parametrize("rol", ["stuurgroeplid", "landelijk"])
@pytest.mark.parametrize("parameter", ["regio", "jaar", "basisjaar", "status", "datum"])
def test_a_hostile_query_parameter_on_a_dashboard_page_gets_a_page_or_not_found(
    client, request, opzet, pagina, rol, parameter
):
    client.force_login(request.getfixturevalue(rol))
    for waarde in PARAMETERS_FOUT:
        antwoord = client.get(reverse(pagina), {parameter: waarde})
        if parameter == "regio" and waarde:
            assert antwoord.status_code == 404, waarde  # no region has that name
        else:
            assert antwoord.status_code in (200, 302), (parameter, waarde)


# The other pages that read query parameters: name -> (role, URL arguments from the set-up, parameters).
PAGINAS_MET_PARAMETERS = {
    "dashboard:landelijk": ("landelijk", lambda o: [], ["jaar"]),
    "dashboard:financier": ("stuurgroeplid", lambda o: [o.partner.pk], ["jaar"]),
    "dashboard:volgende_periode": ("projectleider", lambda o: [], ["basisjaar", "indexatie", "van", "aantal"]),
    "exports:downloaden": ("financien", lambda o: ["verantwoording"], ["jaar", "financier"]),
    "exports:downloaden#jaaroverzicht": ("financien", lambda o: ["jaaroverzicht"], ["jaar"]),
    "exports:downloaden#meerjarenoverzicht": ("financien", lambda o: ["meerjarenoverzicht"], ["van", "tot"]),
}


@pytest.mark.parametrize("pagina", PAGINAS_MET_PARAMETERS)
def test_a_hostile_query_parameter_elsewhere_gets_a_page_a_refusal_or_not_found(client, request, opzet, pagina):
    rol, argumenten, parameters = PAGINAS_MET_PARAMETERS[pagina]
    client.force_login(request.getfixturevalue(rol))
    adres = reverse(pagina.split("#")[0], args=argumenten(opzet))
    for parameter in parameters:
        for waarde in PARAMETERS_FOUT:
            antwoord = client.get(adres, {parameter: waarde})
            assert antwoord.status_code in (200, 302, 400, 404), (parameter, waarde, antwoord.status_code)
            if antwoord.get("Content-Type", "").startswith("text/html"):
                assert "<script>" not in antwoord.content.decode(), (parameter, waarde)


@pytest.mark.parametrize(("pagina", "rol"), LIJSTEN)
@pytest.mark.parametrize("formaat", ["xlsx", "csv"])
def test_a_hostile_query_parameter_on_a_list_export_gets_a_file_or_not_found(
    client, request, opzet, pagina, rol, formaat
):
    client.force_login(request.getfixturevalue(rol))
    lijst = {"jaarplan:realisatie_lijst": "realisatie", "facturen:betalingen": "betalingen"}.get(
        pagina, pagina.split(":")[0]
    )
    for parameter in [*_lijstparameters(pagina), "csv"]:
        for waarde in PARAMETERS_FOUT:
            antwoord = client.get(reverse("exports:lijst", args=[lijst, formaat]), {parameter: waarde})
            if parameter == "financier" and waarde.isdigit():
                assert antwoord.status_code == 404, waarde  # no financier of the region has that id
            else:
                assert antwoord.status_code == 200, (parameter, waarde)


@pytest.mark.parametrize("factuur", ["abc", "\x00", "-1", "9" * 400, "1.5", ""])
def test_booking_a_bank_line_on_a_hostile_invoice_is_refused_in_dutch(client, financien, opzet, factuur):
    regel = Bankregel.objects.create(
        leerwerkloket=opzet.partner.leerwerkloket,
        sleutel="0" * 64,
        datum=datetime.date(2021, 4, 15),
        bedrag=Decimal("100.00"),
        tegenpartij="UWV",
        bestandsnaam="bank.csv",
    )
    client.force_login(financien)

    antwoord = client.post(reverse("importeren:bank_boeken", args=[regel.pk]), {"factuur": factuur}, follow=True)

    assert antwoord.status_code == 200
    meldingen = [m.message for m in antwoord.context["messages"]]
    assert meldingen == ["Kies de factuur waarop de ontvangst van €\u00a0100,00 hoort."]
    regel.refresh_from_db()
    assert regel.status == Bankregel.Status.OPEN


def test_a_missing_document_file_is_not_found(client, stuurgroeplid, opzet, settings, tmp_path):
    """As after a restore on a new host: the agreement names a file the disk no longer holds."""
    settings.MEDIA_ROOT = tmp_path
    afspraak = opzet.toezegging.afspraak
    afspraak.document.save("getekend.pdf", ContentFile(b"%PDF-1.7\n%getekend"), save=True)
    afspraak.document.storage.delete(afspraak.document.name)
    client.force_login(stuurgroeplid)

    antwoord = client.get(reverse("afspraken:document", args=[afspraak.pk]))

    assert antwoord.status_code == 404
    assert "Niet gevonden" in antwoord.content.decode()


# -- the admin's list filters -----------------------------------------------------------------------
ADMINLIJSTEN = {
    "admin:partners_partner_changelist": ["soort__exact", "actief__exact", "leerwerkloket__id__exact", "q", "o"],
    "admin:partners_auditregel_changelist": ["actie__exact", "tijdstip__year", "tijdstip__month", "tijdstip__day"],
    "admin:financiering_financieringsafspraak_changelist": ["soort__exact", "status__exact"],
    "admin:jaarplan_kostenrealisatie_changelist": ["activiteit__jaarplan__jaar", "kostensoort__exact"],
    "admin:partners_gebruiker_changelist": ["groups__id__exact", "is_active__exact", "leerwerkloket__id__exact"],
}


@pytest.mark.parametrize("pagina", ADMINLIJSTEN)
def test_a_hostile_admin_list_filter_gets_an_answer_in_dutch(client, twente, pagina):
    client.force_login(GebruikerFactory(username="root", leerwerkloket=None, is_staff=True, is_superuser=True))
    Auditregel.objects.create(actie="export", omschrijving="x", leerwerkloket=twente)
    for parameter in ADMINLIJSTEN[pagina]:
        for waarde in PARAMETERS_FOUT:
            antwoord = client.get(reverse(pagina), {parameter: waarde}, follow=True)
            assert antwoord.status_code == 200, (parameter, waarde)
            html = antwoord.content.decode()
            assert "<script>" not in html
            if antwoord.redirect_chain:  # a value no filter knows: said so, in Dutch
                assert "Deze filterwaarde bestaat niet" in html, (parameter, waarde)


ADMIN_PARAMETERS_FOUT = ["\x00", "-2147483649", "2147483648", "9" * 400, "<script>", ""]


# One test per model, so that pytest-xdist's workers share its thousand requests. The models as
# registered now (the URLconf registers some again, under the same model: kern.admin.elke_lijst_geldig).
ADMINMODELLEN = sorted(admin.site._registry, key=lambda m: m._meta.label)


@pytest.mark.parametrize("model", ADMINMODELLEN, ids=lambda m: m._meta.label)
def test_every_admin_change_list_answers_a_hostile_filter_sort_search_or_page(client, twente, model):
    """Every model in the admin, every parameter its change list reads: the filters it offers
    (as the admin names them), search, sort, page."""
    client.force_login(GebruikerFactory(username="root", leerwerkloket=None, is_staff=True, is_superuser=True))
    Auditregel.objects.create(actie="export", omschrijving="x", leerwerkloket=twente)
    pagina = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    lijst = client.get(pagina)
    assert lijst.status_code == 200, pagina
    parameters = {p for spec in lijst.context["cl"].filter_specs for p in spec.expected_parameters()}
    for parameter in sorted(parameters | {"q", "o", "p"}):
        for waarde in ADMIN_PARAMETERS_FOUT:
            antwoord = client.get(pagina, {parameter: waarde}, follow=True)
            assert antwoord.status_code in (200, 404), (pagina, parameter, waarde, antwoord.status_code)
            assert "<script>" not in antwoord.content.decode(), (pagina, parameter, waarde)


# -- imports ----------------------------------------------------------------------------------------
@pytest.fixture
def import_opzet(opzet, twente):
    Kostenplaatskoppeling.objects.create(
        leerwerkloket=twente, kostenplaats="4100", activiteit_code="loketfunctie", kostensoort=Kostensoort.PERSONEEL
    )
    return opzet


def _csv(*rijen: list[str]) -> bytes:
    """A CSV as Dutch Excel writes it: `;`, and quotes around a cell that needs them."""
    uit = io.StringIO()
    csv.writer(uit, delimiter=";", lineterminator="\r\n").writerows(rijen)
    return uit.getvalue().encode("utf-8")


def _vulling(maand: int) -> list[list[str]]:
    """Ordinary rows enough to put what follows far beyond any sniffing of the file's start (4 kB),
    and within the 200 rows the preview shows."""
    return [
        [f"{dag:02d}-{maand:02d}-2021", f"een gewone regel met een langere omschrijving {dag}"] for dag in range(1, 29)
    ] * 4


REALISATIE_KOP = ["Boekdatum", "Omschrijving", "Kostenplaats", "Bedrag"]
# one booking row -> refused (with its row number) or read in
REALISATIE_REGELS = [
    *[pytest.param(["31-01-2021", t, "4100", "100,00"], "ingelezen", id=f"omschrijving-{t[:15]!r}") for t in HARMLOOS],
    pytest.param(["31-01-2021", "x" * 1000, "4100", "100,00"], "ingelezen", id="omschrijving-te-lang-ingekort"),
    pytest.param(["31-01-2021", "a\x00b", "4100", "100,00"], "geweigerd", id="omschrijving-nul"),
    pytest.param(["31-01-2021", "loon", "41\x0000", "100,00"], "geweigerd", id="kostenplaats-nul"),
    pytest.param(["31-01-2021", "loon", "9" * 500, "100,00"], "geweigerd", id="kostenplaats-te-lang"),
    pytest.param(["31-01-2021", "loon", "<script>x</script>", "100,00"], "geweigerd", id="kostenplaats-html"),
    *[pytest.param(["31-01-2021", "loon", "4100", b], "geweigerd", id=f"bedrag-{b!r}") for b in BEDRAGEN_FOUT],
    *[pytest.param([d, "loon", "4100", "100,00"], "geweigerd", id=f"datum-{d!r}") for d in DATUMS_FOUT],
    pytest.param(["31-01-2022", "loon", "4100", "100,00"], "geweigerd", id="datum-buiten-het-jaar"),
    pytest.param(["31-01-2021", "creditnota", "4100", "-100,00"], "ingelezen", id="negatief-een-creditboeking"),
]


@pytest.mark.parametrize(("regel", "uitkomst"), REALISATIE_REGELS)
def test_a_hostile_cell_in_a_cost_import_is_refused_in_the_preview_or_read_in_harmlessly(
    client, financien, import_opzet, regel, uitkomst
):
    client.force_login(financien)
    vulling = [[datum, omschrijving, "4100", "1,00"] for datum, omschrijving in _vulling(1)]
    bestand = SimpleUploadedFile("boekingen.csv", _csv(REALISATIE_KOP, *vulling, regel))

    voorbeeld = client.post(reverse("importeren:realisatie"), {"bestand": bestand, "jaar": 2021}, follow=True)

    html = voorbeeld.content.decode()
    assert voorbeeld.status_code == 200
    assert "<script>x" not in html and "<script>alert" not in html
    batch = Importbatch.objects.get()
    inlezen = client.post(reverse("importeren:inlezen", args=[batch.pk]), follow=True)
    batch.refresh_from_db()
    if uitkomst == "geweigerd":
        assert f">{len(vulling) + 2}<" in html  # the row number, beside its message in the preview's table
        assert batch.status == Importbatch.Status.VOORBEELD
        assert not Kostenrealisatie.objects.exists()
        assert "Er is niets ingelezen" in inlezen.content.decode()
    else:
        assert batch.status == Importbatch.Status.INGELEZEN
        assert Kostenrealisatie.objects.count() == len(vulling) + 1
        opgeslagen = Kostenrealisatie.objects.latest("pk").omschrijving
        assert opgeslagen and regel[1].startswith(opgeslagen)
        assert escape(opgeslagen) in html


BANK_KOP = ["Datum", "Naam tegenpartij", "Omschrijving", "Bedrag"]
BANK_REGELS = [
    *[pytest.param(["15-04-2021", t, "factuur", "100,00"], "bewaard", id=f"tegenpartij-{t[:15]!r}") for t in HARMLOOS],
    pytest.param(["15-04-2021", "UWV", "x" * 5000, "100,00"], "bewaard", id="omschrijving-te-lang-ingekort"),
    pytest.param(["15-04-2021", "U\x00WV", "factuur", "100,00"], "geweigerd", id="tegenpartij-nul"),
    pytest.param(["15-04-2021", "UWV", "fact\x00uur", "100,00"], "geweigerd", id="omschrijving-nul"),
    *[pytest.param(["15-04-2021", "UWV", "factuur", b], "geweigerd", id=f"bedrag-{b!r}") for b in BEDRAGEN_FOUT],
    *[pytest.param([d, "UWV", "factuur", "100,00"], "geweigerd", id=f"datum-{d!r}") for d in DATUMS_FOUT],
]


@pytest.mark.parametrize(("regel", "uitkomst"), BANK_REGELS)
def test_a_hostile_cell_in_a_bank_statement_is_refused_or_stored_harmlessly(client, financien, opzet, regel, uitkomst):
    client.force_login(financien)
    vulling = [[datum, "Rente", omschrijving, "0,01"] for datum, omschrijving in _vulling(4)]
    bestand = SimpleUploadedFile("bank.csv", _csv(BANK_KOP, *vulling, regel))

    antwoord = client.post(reverse("importeren:bank"), {"bestand": bestand}, follow=True)

    assert antwoord.status_code == 200
    html = antwoord.content.decode()
    assert "<script>alert" not in html
    if uitkomst == "geweigerd":
        assert f"Rij {len(vulling) + 2}" in " ".join(_foutmeldingen(antwoord, "bestand"))
        assert not Bankregel.objects.exists() and not Auditregel.objects.filter(actie=Auditregel.Actie.IMPORT).exists()
    else:
        opgeslagen = Bankregel.objects.get(bedrag=Decimal("100.00"))
        assert opgeslagen.tegenpartij == regel[1] and regel[2].startswith(opgeslagen.omschrijving)
        assert escape(regel[1]) in html


@pytest.mark.parametrize(
    ("naam", "inhoud", "melding"),
    [
        pytest.param("boekingen.csv", b"", "is leeg", id="leeg"),
        pytest.param(
            "boekingen.csv", b'Boekdatum;Bedrag\r\n"31-01-2021;1,00\r\n', "aanhalingsteken", id="los-aanhalingsteken"
        ),
        pytest.param("boekingen.pdf", b"%PDF-1.4 ...", "Upload een export van de boekhouding", id="pdf"),
        pytest.param("boekingen.csv", b"%PDF-1.4 ...", "geen spreadsheet maar een PDF", id="pdf-als-csv"),
        pytest.param(
            "boekingen.xlsx", b"PK\x03\x04kapot", "kan niet als spreadsheet worden gelezen", id="kapotte-xlsx"
        ),
        pytest.param("boekingen.csv", b"\x00\x01\x02" * 100, "geen spreadsheet en geen CSV", id="binair"),
        # A file without a recognisable header row is kept for the user to map its columns (issue 23).
        pytest.param("<script>alert(1)</script>.csv", _csv(["a", "b"], ["1", "2"]), None, id="naam-html"),
        pytest.param(
            "boek\x00ingen.csv", _csv(REALISATIE_KOP, ["31-01-2021", "x", "4100", "1,00"]), None, id="naam-nul"
        ),
        pytest.param("boekingen.csv", b"x" * 2048, "het maximum is", id="te-groot"),
    ],
)
def test_a_hostile_file_is_refused_next_to_the_upload_field(
    client, financien, import_opzet, settings, naam, inhoud, melding
):
    settings.IMPORT_MAX_BYTES = 1024
    client.force_login(financien)

    antwoord = client.post(
        reverse("importeren:realisatie"), {"bestand": SimpleUploadedFile(naam, inhoud), "jaar": 2021}, follow=True
    )

    assert antwoord.status_code == 200
    html = antwoord.content.decode()
    assert "<script>alert" not in html
    if melding is None:  # stored, with a name that holds no NUL
        assert "\x00" not in Importbatch.objects.get().bestandsnaam
    else:
        assert melding in " ".join(_foutmeldingen(antwoord, "bestand"))
        assert not Importbatch.objects.exists()


@pytest.mark.parametrize("jaar", ["<script>", "99999", "2021\x00", ""])
def test_a_hostile_year_for_an_import_is_refused(client, financien, import_opzet, jaar):
    client.force_login(financien)
    bestand = SimpleUploadedFile("boekingen.csv", _csv(REALISATIE_KOP, ["31-01-2021", "x", "4100", "1,00"]))

    antwoord = client.post(reverse("importeren:realisatie"), {"bestand": bestand, "jaar": jaar})

    assert antwoord.status_code == 200
    assert _foutmeldingen(antwoord, "jaar")
    assert not Importbatch.objects.exists()
