"""The pages of issue 24 on the demo of 7 December 2026: each role's home page is its to-do list,
the national role starts on the national overview, "Mijn meldingen", the agenda feed, the payment
reminders drafted for finance staff, recording a verantwoording, and the favicon."""

import datetime
import html

import pytest
from django.core import mail
from django.template import Context, Template
from django.urls import reverse

from cyclus.models import Agendakoppeling, Betalingsherinnering, Meldingsvoorkeur, Soort, Verantwoording
from financiering.models import Factuur, Financieringsafspraak
from financiering.services import afspraak_verlengen
from jaarplan.models import Jaarplan
from jaarplan.services import jaarplan_kopieren
from kern.tekst import aantal, meervoud
from partners.models import Gebruiker
from tests.pagina import Pagina

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture(scope="module")
def demo_datum():
    return D(2026, 12, 7)


def _als(client, gebruikersnaam):
    gebruiker = Gebruiker.objects.get(username=gebruikersnaam)
    client.force_login(gebruiker)
    return gebruiker


def _te_doen(client, gebruikersnaam) -> list[dict[str, str]]:
    _als(client, gebruikersnaam)
    tabel = Pagina(client.get(reverse("home")).text).tabel("Uiterlijk", "Wat", "Doen")
    return [dict(zip(tabel.kop, rij, strict=False)) for rij in tabel.rijen]


def _wat(rijen) -> list[str]:
    return [r["Wat"] for r in rijen]


def test_the_projectleiders_home_is_the_to_do_list_ordered_by_date(client, demo):
    rijen = _te_doen(client, "projectleider")
    assert [r["Uiterlijk"] for r in rijen] == [
        "1 december 2026",
        "9 december 2026",
        "10 december 2026",
        "31 december 2026",
        "31 december 2026",
        "31 december 2026",
        "31 december 2026",
    ]
    assert rijen[0]["Wat"].startswith("Jaarplan 2027 maken")
    assert rijen[0]["Doen"] == "Naar de jaarplannen"
    assert rijen[1]["Wat"] == "Stuurgroeprapport vastleggen voor de vergadering van 10-12-2026"
    assert any(w.startswith("Ministerie van SZW: subsidie 2027 vastleggen") for w in _wat(rijen))
    assert sum(w.startswith(("UWV: afspraak", "ROC van Twente: afspraak", "Veertien")) for w in _wat(rijen)) == 3


def test_the_stuurgroep_sees_the_renewals_and_the_meeting_not_the_projectleiders_work(client, demo):
    wat = _wat(_te_doen(client, "stuurgroep"))
    assert "Stuurgroepvergadering 10-12-2026" in wat
    assert sum("2022–2026 verlengen" in w for w in wat) == 3
    assert not any(w.startswith("Jaarplan 2027 maken") for w in wat)


def test_finance_staff_see_the_overdue_invoices_with_a_reminder_to_draft(client, demo):
    rijen = _te_doen(client, "financien")
    assert [r["Uiterlijk"] for r in rijen] == ["14 november 2026", "14 november 2026"]
    assert rijen[1]["Wat"].startswith("Factuur LWT-2026-012 van Veertien Twentse gemeenten is verlopen verlopen")
    assert "€\u00a022.000,00 openstaand, 23 dagen na de vervaldatum; 0 herinneringen verstuurd." in rijen[1]["Wat"]
    assert rijen[1]["Doen"] == "Herinnering opstellen"


def test_concept_renewals_stay_on_every_home_page_as_te_tekenen(client, demo):
    projectleider = Gebruiker.objects.get(username="projectleider")
    for afspraak in Financieringsafspraak.objects.filter(leerwerkloket=demo, startjaar=2022, eindjaar=2026):
        afspraak_verlengen(afspraak=afspraak, door=projectleider)
    for wie in ("projectleider", "stuurgroep"):
        rijen = [r for r in _te_doen(client, wie) if "verlenging 2027–2031 tekenen" in r["Wat"]]
        assert len(rijen) == 3, wie
        assert all("te tekenen" in r["Wat"] for r in rijen)
        assert rijen[0]["Doen"].endswith("tekenen") == (wie == "projectleider")


def test_the_national_role_starts_on_the_national_overview_with_nieuwe_regio(client, demo):
    _als(client, "landelijk")
    response = client.get(reverse("home"), follow=True)
    assert response.redirect_chain == [(reverse("dashboard:landelijk"), 302)]
    assert "Nieuwe regio aanmaken" in response.text


# -- Mijn meldingen -----------------------------------------------------------------------------
def test_a_user_chooses_which_reminders_reach_them_and_none(client, demo):
    gebruiker = _als(client, "financien")
    pagina = client.get(reverse("cyclus:meldingen")).text
    assert "Verlopen facturen" in pagina and "Stuurgroepvergaderingen" not in pagina  # only their role's kinds
    response = client.post(reverse("cyclus:meldingen"), {"soorten": [Soort.FACTUUR_VERLOPEN]}, follow=True)
    assert "Uw keuze is opgeslagen." in response.text
    voorkeur = Meldingsvoorkeur.objects.get(gebruiker=gebruiker)
    assert voorkeur.wil(Soort.FACTUUR_VERLOPEN) and not voorkeur.wil(Soort.FACTUUR_VERSTUREN)
    client.post(reverse("cyclus:meldingen"), {})
    voorkeur.refresh_from_db()
    assert not voorkeur.wil(Soort.FACTUUR_VERLOPEN)


# -- The agenda feed ----------------------------------------------------------------------------
def test_the_agenda_feed_holds_the_users_deadlines_and_stops_when_revoked(client, demo):
    gebruiker = _als(client, "projectleider")
    client.post(reverse("cyclus:agenda_koppelen"))
    koppeling = Agendakoppeling.objects.get(gebruiker=gebruiker)
    feed_url = reverse("cyclus:agenda_feed", args=[koppeling.token])
    assert feed_url in client.get(reverse("cyclus:meldingen")).text
    client.logout()  # an agenda program does not sign in
    response = client.get(feed_url)
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    tekst = response.content.decode()
    assert tekst.startswith("BEGIN:VCALENDAR\r\n") and tekst.endswith("END:VCALENDAR\r\n")
    assert "SUMMARY:Jaarplan 2027 maken\r\n" in tekst
    assert "DTSTART;VALUE=DATE:20261201\r\n" in tekst
    assert tekst.count("BEGIN:VEVENT") == 7
    assert all(len(regel.encode()) <= 75 for regel in tekst.split("\r\n"))
    client.force_login(gebruiker)
    client.post(reverse("cyclus:agenda_intrekken"))
    client.logout()
    assert client.get(feed_url).status_code == 404


# -- Payment reminders: drafted, sent by a person's click ---------------------------------------
def test_finance_staff_review_and_send_the_first_and_then_the_second_reminder(client, demo):
    _als(client, "financien")
    factuur = Factuur.objects.get(nummer="LWT-2026-012")
    url = reverse("cyclus:betalingsherinnering", args=[factuur.pk])
    pagina = Pagina(client.get(url).text)
    assert pagina.tekst("openstaand") == "€\u00a022.000,00"
    concept = client.get(url).context["form"].initial
    assert concept["onderwerp"] == "Eerste herinnering: factuur LWT-2026-012 van Leerwerkloket Twente"
    assert "er staat nog €\u00a022.000,00 open" in concept["tekst"]
    assert mail.outbox == []  # nothing leaves by itself
    response = client.post(url, concept, follow=True)
    assert "De eerste herinnering van factuur LWT-2026-012 is verstuurd aan" in response.text
    (bericht,) = mail.outbox
    assert bericht.to == [concept["aan"]] and bericht.subject == concept["onderwerp"]
    tweede = client.get(url).context["form"].initial
    assert tweede["onderwerp"].startswith("Tweede herinnering")
    assert "stuurden wij u al een eerste herinnering" in tweede["tekst"]
    client.post(url, tweede)
    assert list(Betalingsherinnering.objects.filter(factuur=factuur).values_list("nummer", flat=True)) == [1, 2]
    assert "De eerste en de tweede herinnering zijn verstuurd" in client.get(url).text
    assert "2 herinneringen verstuurd." in client.get(reverse("home")).text


def test_only_finance_staff_draft_a_payment_reminder(client, demo):
    factuur = Factuur.objects.get(nummer="LWT-2026-012")
    _als(client, "projectleider")
    assert client.get(reverse("cyclus:betalingsherinnering", args=[factuur.pk])).status_code == 403


def test_a_verantwoording_is_recorded_as_submitted(client, demo):
    _als(client, "projectleider")
    szw = Financieringsafspraak.objects.get(leerwerkloket=demo, soort="structurele_subsidie")
    url = reverse("cyclus:verantwoording", args=[szw.pk, 2026])
    response = client.post(url, {"ingediend_op": "07-12-2026"}, follow=True)
    assert "De verantwoording 2026 aan Ministerie van SZW is vastgelegd als ingediend." in response.text
    assert Verantwoording.objects.get(afspraak=szw, jaar=2026).ingediend_op == D(2026, 12, 7)


# -- Small things -------------------------------------------------------------------------------
def test_the_favicon_is_found(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response.url.endswith("favicon.ico")


def test_dutch_singular_and_plural():
    assert aantal(1, "regio,regio's") == "1 regio"
    assert aantal(2, "regio,regio's") == "2 regio's"
    assert aantal(0, "factuur,facturen") == "0 facturen"
    assert meervoud(1, "heeft,hebben") == "heeft"
    assert meervoud(35, "heeft,hebben") == "hebben"


def test_a_concept_renewal_is_named_wherever_the_missing_commitment_is(client, demo):
    projectleider = Gebruiker.objects.get(username="projectleider")
    for afspraak in Financieringsafspraak.objects.filter(leerwerkloket=demo, startjaar=2022, eindjaar=2026):
        afspraak_verlengen(afspraak=afspraak, door=projectleider)
    plan = jaarplan_kopieren(bron=Jaarplan.objects.get(leerwerkloket=demo, jaar=2026), jaar=2027, door=projectleider)
    client.force_login(projectleider)
    editor = Pagina(client.get(reverse("jaarplan:detail", args=[plan.pk])).text).tekst("concepten")
    assert editor.startswith("Nog te tekenen voor 2027: ROC van Twente (Cofinanciering ROC van Twente 2027-2031")
    thuis = client.get(reverse("home")).text
    assert "Er zijn voor 2027 nog geen toezeggingen: 3 conceptafspraken wachten op ondertekening." in thuis
    assert "Alle toezeggingen van 2027 zijn toegewezen" not in thuis
    _als(client, "stuurgroep")
    dashboard = client.get(reverse("dashboard:overzicht"), {"jaar": 2027}).text
    assert dashboard.count(">concept, te tekenen<") == 3
    assert ">geen toezegging<" not in dashboard
    minima = Pagina(client.get(reverse("home")).text).tabel("Financier", "Minimum", "Toegezegd", "Gehaald")
    assert minima.rij("UWV")["Toegezegd"] == "concept, te tekenen"


@pytest.mark.parametrize(
    ("n", "tekst"), [(0, "0 regio's hebben"), (1, "1 regio heeft"), (2, "2 regio's hebben"), (35, "35 regio's hebben")]
)
def test_the_template_filters_write_singular_and_plural(n, tekst):
    sjabloon = Template("""{% load tekst %}{{ n|aantal:"regio,regio's" }} {{ n|meervoud:"heeft,hebben" }}""")
    assert html.unescape(sjabloon.render(Context({"n": n}))) == tekst  # the page escapes the apostrophe
