"""The stuurgroep report and its vastgelegd versions: the report shows the dashboard's figures under
a meeting date and its status; laying it down freezes them, so a later change of a toezegging
leaves the snapshot as it was and shows up on the page of what changed; who may do what."""

import datetime
import re
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from financiering.models import Financieringsafspraak
from financiering.services import toezegging_vastleggen
from partners.models import Partner
from partners.roles import Rol
from rapportage.dashboard import selectors
from rapportage.dashboard.bevriezen import bevries, naar_json, ontdooi
from rapportage.dashboard.cijfers import dashboard_cijfers
from rapportage.dashboard.services import rapport_vastleggen
from rapportage.dashboard.verschillen import verschillen
from rapportage.models import Stuurgroeprapport
from tests.factories import GebruikerFactory, JaarplanFactory

from .test_dashboard import _queries, _regio_met_jaren

pytestmark = pytest.mark.django_db

VERGADERING = datetime.date(2021, 10, 14)
OP = datetime.date(2021, 9, 1)


def rapport(client, **params):
    return client.get(reverse("dashboard:rapport"), params)


def vastleggen(client, jaar=2021, status="concept", datum="2021-10-14"):
    return client.post(reverse("dashboard:rapport_vastleggen"), {"jaar": jaar, "status": status, "datum": datum})


@pytest.fixture
def vastgelegd(demo, stuurgroeplid) -> Stuurgroeprapport:
    return rapport_vastleggen(
        regio=demo, jaar=2021, vergaderdatum=VERGADERING, status="definitief", door=stuurgroeplid, op=OP
    )


def roc_2021_wordt(demo, bedrag: str, door):
    afspraak = Financieringsafspraak.objects.get(leerwerkloket=demo, financier__naam="ROC van Twente")
    toezegging_vastleggen(afspraak=afspraak, jaar=2021, bedrag_geld=Decimal(bedrag), door=door, reden="Bijgesteld")


# -- The report -------------------------------------------------------------------------------
def test_the_report_shows_the_dashboards_figures_under_the_meeting_date_and_status(client, stuurgroeplid, demo):
    client.force_login(stuurgroeplid)
    response = rapport(client, jaar=2021, status="definitief", datum="2021-10-14")
    assert response.status_code == 200
    tekst = response.text
    assert "Stuurgroeprapport 2021" in tekst
    assert '<p class="rapport-status rapport-status--definitief" data-testid="rapport-status">Definitief</p>' in tekst
    assert '<dd data-testid="vergaderdatum">14 oktober 2021</dd>' in tekst
    # Every section of the dashboard, with its figures: the joint co-financing, UWV's € 75.000,00.
    for kop in (
        "1. Toezeggingen tegen het minimum",
        "2. Geldstroom 2021",
        "3. Financieringsmix 2017–2021",
        "4. Begroting en realisatie 2021",
        "5. Output tegen streefwaarden 2021",
        "6. Waar gaat uw geld naartoe?",
        "7. Meerjarenoverzicht 2017–2021",
    ):
        assert kop in tekst
    assert "€\u00a0227.500,00" in tekst and "€\u00a075.000,00" in tekst and "€\u00a01.672.500,00" in tekst
    assert "Vastleggen voor de vergadering van 14 oktober 2021" in tekst
    assert "data-afdrukken" in tekst
    assert "css/rapport.css" in tekst and "js/afdrukken.js" in tekst
    # Print has no use for links to the live financier pages.
    assert "Waar gaat het geld van UWV naartoe?" not in tekst


def test_the_report_shows_what_the_dashboard_shows(client, stuurgroeplid, demo):
    client.force_login(stuurgroeplid)
    dashboard = client.get(reverse("dashboard:overzicht"), {"jaar": 2019}).context
    verslag = rapport(client, jaar=2019).context
    for naam in ("toezeggingen", "mix", "begroting", "output", "meerjaren_activiteiten", "jaren"):
        assert verslag[naam] == dashboard[naam], naam
    assert verslag["geldstroom"].rijen == dashboard["geldstroom"].rijen


def test_the_report_is_a_concept_of_today_unless_told_otherwise(client, financien, demo):
    client.force_login(financien)
    response = rapport(client)
    assert response.context["status"] == "concept"
    assert response.context["vergaderdatum"] == timezone.localdate()
    assert "Concept: de cijfers kunnen nog veranderen" in response.text
    # Finance staff read the report; they do not lay it down.
    assert "Vastleggen voor de vergadering" not in response.text


@pytest.mark.parametrize(
    ("params", "melding"),
    [
        ({"status": "klad"}, "Kies concept of definitief."),
        ({"datum": "14 oktober"}, "Dit is geen datum. Schrijf bijvoorbeeld 14-10-2021."),
        ({"datum": ""}, "Vul de datum van de vergadering in."),
    ],
)
def test_a_wrong_status_or_date_is_refused_in_dutch(client, stuurgroeplid, demo, params, melding):
    client.force_login(stuurgroeplid)
    response = rapport(client, **params)
    assert response.status_code == 200
    assert melding in response.text
    assert 'data-testid="rapport"' not in response.text


def test_a_year_without_jaarplan_and_a_new_region_say_so_in_every_section(client, stuurgroeplid, collega_achterhoek):
    client.force_login(stuurgroeplid)
    tekst = rapport(client, jaar=2030).text
    assert "Er is geen jaarplan 2030; er is geen begroting om de realisatie tegen af te zetten." in tekst
    assert "Er is geen jaarplan 2030; er zijn geen streefwaarden" in tekst
    client.force_login(collega_achterhoek)
    tekst = rapport(client).text
    assert "In " in tekst and "loopt geen cofinancieringsafspraak" in tekst
    assert "er is nog geen geld toegezegd, gefactureerd of ontvangen" in tekst
    assert "Er zijn nog geen toezeggingen in deze periode" in tekst


def test_the_report_runs_as_many_queries_for_ten_years_as_for_one(client, db, django_assert_max_num_queries):
    aantallen = []
    for gebruiker in (_regio_met_jaren("een", range(2021, 2022)), _regio_met_jaren("tien", range(2012, 2022))):
        client.force_login(gebruiker)
        with django_assert_max_num_queries(23):
            aantallen.append(_queries(client, reverse("dashboard:rapport"), status="definitief"))
    assert aantallen[0] == aantallen[1]


# -- Freezing ---------------------------------------------------------------------------------
def test_frozen_figures_thaw_into_the_same_values(demo):
    for jaar in (2018, 2021, 2030):
        cijfers = dashboard_cijfers(demo, jaar, op=OP)
        assert ontdooi(bevries(cijfers)) == cijfers


def test_amounts_are_frozen_as_strings_never_as_floats(demo):
    def getallen(waarde):
        if isinstance(waarde, dict):
            for w in waarde.values():
                yield from getallen(w)
        elif isinstance(waarde, list):
            for w in waarde:
                yield from getallen(w)
        else:
            yield waarde

    data = naar_json(dashboard_cijfers(demo, 2021, op=OP))
    assert not any(isinstance(w, float) for w in getallen(data))
    assert data["toezeggingen"]["gezamenlijk"][-1]["geteld"] == "227500.00"


def test_a_stuurgroep_member_lays_down_the_report_for_a_meeting(client, stuurgroeplid, demo):
    client.force_login(stuurgroeplid)
    response = vastleggen(client, status="definitief")
    vastgelegd = Stuurgroeprapport.objects.get()
    assert response.url == reverse("dashboard:vastgelegd_rapport", args=[vastgelegd.pk])
    assert (vastgelegd.leerwerkloket, vastgelegd.jaar, vastgelegd.vergaderdatum) == (demo, 2021, VERGADERING)
    assert (vastgelegd.status, vastgelegd.vastgelegd_door, vastgelegd.peildatum) == (
        "definitief",
        stuurgroeplid,
        timezone.localdate(),
    )
    pagina = client.get(response.url)
    assert "Het rapport 2021 is vastgelegd voor de vergadering van 14-10-2021" in pagina.text
    assert "Vastgelegd op" in pagina.text and "door Mariska" in pagina.text
    assert "€\u00a0227.500,00" in pagina.text
    assert '<p class="rapport-status rapport-status--definitief" data-testid="rapport-status">Definitief</p>' in (
        pagina.text
    )


def test_a_later_change_does_not_alter_the_snapshot_and_shows_on_the_changes_page(
    client, stuurgroeplid, projectleider, demo, vastgelegd
):
    roc_2021_wordt(demo, "82500.00", door=projectleider)
    client.force_login(stuurgroeplid)

    # The dashboard shows today's € 82.500,00; the snapshot still the € 75.000,00 it was.
    assert "€\u00a082.500,00" in client.get(reverse("dashboard:overzicht")).text
    pagina = client.get(reverse("dashboard:vastgelegd_rapport", args=[vastgelegd.pk]))
    assert pagina.context["toezeggingen"].dit_jaar.geteld == Decimal("227500.00")
    assert "€\u00a0227.500,00" in pagina.text and "€\u00a0235.000,00" not in pagina.text
    assert "€\u00a082.500,00" not in pagina.text
    roc = next(c for c in pagina.context["toezeggingen"].cofinanciers if c.financier == "ROC van Twente")
    assert roc.cellen[-1].geteld == Decimal("75000.00")

    verschillen_pagina = client.get(reverse("dashboard:verschillen", args=[vastgelegd.pk]))
    lijst = verschillen_pagina.context["verschillen"]
    gevonden = {(v.sectie, v.rij, v.kolom): (v.toen, v.nu) for v in lijst}
    assert gevonden[("1. Toezeggingen tegen het minimum", "ROC van Twente", "2021")] == (
        "€\u00a075.000,00",
        "€\u00a082.500,00",
    )
    assert gevonden[("1. Toezeggingen tegen het minimum", "Samen", "2021")] == (
        "€\u00a0227.500,00",
        "€\u00a0235.000,00",
    )
    assert gevonden[("2. Geldstroom", "ROC van Twente", "Toegezegd in geld")] == (
        "€\u00a075.000,00",
        "€\u00a082.500,00",
    )
    assert gevonden[("3. Financieringsmix", "Totaal", "Totaal")] == ("€\u00a01.672.500,00", "€\u00a01.680.000,00")
    assert gevonden[("6. Waar gaat uw geld naartoe?", "ROC van Twente", "Toegezegd 2021")] == (
        "€\u00a075.000,00",
        "€\u00a082.500,00",
    )
    # Nothing else changed: the budget, the outputs and the actuals are the same.
    assert {v.sectie for v in lijst} == {
        "1. Toezeggingen tegen het minimum",
        "2. Geldstroom",
        "3. Financieringsmix",
        "6. Waar gaat uw geld naartoe?",
    }
    assert "€\u00a075.000,00" in verschillen_pagina.text and "€\u00a082.500,00" in verschillen_pagina.text


def test_the_changes_page_of_an_unchanged_report_says_nothing_changed(client, stuurgroeplid, vastgelegd):
    client.force_login(stuurgroeplid)
    response = client.get(reverse("dashboard:verschillen", args=[vastgelegd.pk]))
    assert response.context["verschillen"] == []
    assert "Sinds het vastleggen is geen enkel cijfer van dit rapport veranderd." in response.text


def test_a_figure_that_appears_or_disappears_is_listed_as_such(demo, achterhoek):
    leeg = dashboard_cijfers(achterhoek, 2021, op=OP)
    vol = dashboard_cijfers(demo, 2021, op=OP)
    erbij = verschillen(leeg, vol)
    assert erbij and all(v.toen is None for v in erbij)
    assert [v.sectie for v in erbij] == sorted((v.sectie for v in erbij), key=lambda s: int(s[0]))
    weg = verschillen(vol, leeg)
    assert all(v.nu is None for v in weg) and len(weg) == len(erbij)


def test_a_snapshot_cannot_be_changed_or_deleted(vastgelegd):
    vastgelegd.status = "concept"
    with pytest.raises(ValidationError, match="kan niet worden gewijzigd"):
        vastgelegd.save()
    with pytest.raises(ValidationError, match="blijft bewaard"):
        vastgelegd.delete()
    assert Stuurgroeprapport.objects.get().status == "definitief"


def test_one_definitive_report_per_meeting_concepts_as_often_as_needed(client, stuurgroeplid, demo, vastgelegd):
    client.force_login(stuurgroeplid)
    response = vastleggen(client, status="definitief")
    assert Stuurgroeprapport.objects.count() == 1
    gevolgd = client.get(response.url)
    assert "Het rapport is niet vastgelegd. Voor deze vergadering is het rapport van dit jaar al definitief" in (
        gevolgd.text
    )
    vastleggen(client, status="concept")
    vastleggen(client, status="concept")
    assert Stuurgroeprapport.objects.filter(status="concept").count() == 2


def test_a_wrong_date_lays_nothing_down(client, projectleider, demo):
    client.force_login(projectleider)
    response = vastleggen(client, datum="morgen")
    assert not Stuurgroeprapport.objects.exists()
    assert "Dit is geen datum" in client.get(response.url).text


def test_the_list_shows_the_regions_snapshots_newest_meeting_first(client, stuurgroeplid, projectleider, demo):
    for datum in (datetime.date(2021, 3, 1), VERGADERING):
        rapport_vastleggen(regio=demo, jaar=2021, vergaderdatum=datum, status="concept", door=projectleider, op=OP)
    client.force_login(stuurgroeplid)
    response = client.get(reverse("dashboard:vastgelegde_rapporten"))
    assert [r.vergaderdatum for r in response.context["rapporten"]] == [VERGADERING, datetime.date(2021, 3, 1)]
    assert "Rapport 2021 van 14 oktober 2021" in response.text
    assert "Rapport 2021 van 1 maart 2021" in response.text


def test_the_list_of_a_new_region_says_there_is_none_yet(client, collega_achterhoek):
    client.force_login(collega_achterhoek)
    response = client.get(reverse("dashboard:vastgelegde_rapporten"))
    assert "Er zijn nog geen rapporten vastgelegd. Op het stuurgroeprapport legt u de cijfers vast" in response.text


def test_a_snapshot_of_a_year_without_anything_says_so(client, collega_achterhoek, achterhoek):
    JaarplanFactory(leerwerkloket=achterhoek, jaar=2021)
    vastgelegd = rapport_vastleggen(
        regio=achterhoek, jaar=2021, vergaderdatum=VERGADERING, status="concept", door=collega_achterhoek, op=OP
    )
    client.force_login(collega_achterhoek)
    tekst = client.get(reverse("dashboard:vastgelegd_rapport", args=[vastgelegd.pk])).text
    assert "Jaarplan 2021 (concept) heeft nog geen activiteiten." in tekst
    assert "In 2021 loopt geen cofinancieringsafspraak" in tekst


def test_the_snapshot_pages_run_a_fixed_number_of_queries(
    client, stuurgroeplid, vastgelegd, django_assert_max_num_queries
):
    client.force_login(stuurgroeplid)
    with django_assert_max_num_queries(7):
        client.get(reverse("dashboard:vastgelegd_rapport", args=[vastgelegd.pk]))
    with django_assert_max_num_queries(7):
        client.get(reverse("dashboard:vastgelegde_rapporten"))
    with django_assert_max_num_queries(30):
        client.get(reverse("dashboard:verschillen", args=[vastgelegd.pk]))


def test_the_snapshot_page_runs_as_many_queries_for_ten_years_as_for_one(client, db):
    aantallen = []
    for gebruiker in (_regio_met_jaren("een", range(2021, 2022)), _regio_met_jaren("tien", range(2012, 2022))):
        vastgelegd = rapport_vastleggen(
            regio=gebruiker.leerwerkloket, jaar=2021, vergaderdatum=VERGADERING, status="concept", door=gebruiker
        )
        client.force_login(gebruiker)
        aantallen.append(
            (
                _queries(client, reverse("dashboard:vastgelegd_rapport", args=[vastgelegd.pk])),
                _queries(client, reverse("dashboard:verschillen", args=[vastgelegd.pk])),
            )
        )
    assert aantallen[0] == aantallen[1]


def test_a_changed_threshold_setting_does_not_alter_a_snapshot(client, stuurgroeplid, vastgelegd, settings):
    settings.AFWIJKING_DREMPEL_PROCENT = 1
    client.force_login(stuurgroeplid)
    pagina = client.get(reverse("dashboard:vastgelegd_rapport", args=[vastgelegd.pk]))
    assert pagina.context["begroting"].aantal_afwijkingen == 1  # as presented, with 10%
    assert client.get(reverse("dashboard:verschillen", args=[vastgelegd.pk])).context["verschillen"] == []


# -- Who may do what --------------------------------------------------------------------------
def test_stuurgroep_members_and_the_projectleider_lay_it_down_finance_and_the_national_role_do_not(
    client, stuurgroeplid, projectleider, financien, landelijk, demo
):
    for gebruiker in (stuurgroeplid, projectleider):
        client.force_login(gebruiker)
        assert vastleggen(client).status_code == 302
    assert Stuurgroeprapport.objects.count() == 2
    for gebruiker in (financien, landelijk):
        client.force_login(gebruiker)
        assert vastleggen(client).status_code == 403
    assert Stuurgroeprapport.objects.count() == 2
    with pytest.raises(PermissionDenied):
        rapport_vastleggen(regio=demo, jaar=2021, vergaderdatum=VERGADERING, status="concept", door=financien)


def test_laying_down_is_a_post(client, stuurgroeplid, demo):
    client.force_login(stuurgroeplid)
    assert client.get(reverse("dashboard:rapport_vastleggen")).status_code == 405


def test_everyone_of_the_region_and_the_national_role_read_the_snapshots(
    client, stuurgroeplid, projectleider, financien, landelijk, vastgelegd
):
    adressen = [
        reverse("dashboard:vastgelegde_rapporten"),
        reverse("dashboard:vastgelegd_rapport", args=[vastgelegd.pk]),
        reverse("dashboard:verschillen", args=[vastgelegd.pk]),
        reverse("dashboard:rapport"),
    ]
    for gebruiker in (stuurgroeplid, projectleider, financien):
        client.force_login(gebruiker)
        for adres in adressen:
            assert client.get(adres).status_code == 200, (gebruiker, adres)
    client.force_login(landelijk)
    alle = client.get(adressen[0])
    assert "Leerwerkloket Twente" in alle.text and "alle Leerwerkloketten" in alle.text
    for adres in adressen[1:3]:
        assert client.get(adres).status_code == 200
    assert client.get(adressen[3]).url == reverse("dashboard:landelijk")
    assert client.get(adressen[3], {"regio": "twente"}).status_code == 200
    # The national role reads; it lays down nothing.
    assert "Vastleggen voor de vergadering" not in client.get(adressen[3], {"regio": "twente"}).text


def test_another_region_never_sees_twentes_snapshots(client, collega_achterhoek, achterhoek, vastgelegd):
    client.force_login(collega_achterhoek)
    assert client.get(reverse("dashboard:vastgelegd_rapport", args=[vastgelegd.pk])).status_code == 404
    assert client.get(reverse("dashboard:verschillen", args=[vastgelegd.pk])).status_code == 404
    assert client.get(reverse("dashboard:vastgelegde_rapporten")).context["rapporten"].count() == 0
    assert client.get(reverse("dashboard:rapport"), {"regio": "twente"}).status_code == 404
    assert client.get(reverse("dashboard:vastgelegde_rapporten"), {"regio": "twente"}).status_code == 404


def test_a_user_without_region_or_role_reads_nothing(client, vastgelegd):
    zwerver = GebruikerFactory(username="zwerver", leerwerkloket=None, rollen=[Rol.STUURGROEP])
    client.force_login(zwerver)
    assert client.get(reverse("dashboard:vastgelegd_rapport", args=[vastgelegd.pk])).status_code == 403


def test_anonymous_visitors_go_to_the_login_page(client, vastgelegd):
    for adres in (
        reverse("dashboard:rapport"),
        reverse("dashboard:vastgelegde_rapporten"),
        reverse("dashboard:vastgelegd_rapport", args=[vastgelegd.pk]),
        reverse("dashboard:verschillen", args=[vastgelegd.pk]),
        reverse("dashboard:volgende_periode"),
    ):
        assert client.get(adres).url.startswith(reverse("login")), adres
    assert vastleggen(client).url.startswith(reverse("login"))
    assert Stuurgroeprapport.objects.count() == 1


# -- Links ------------------------------------------------------------------------------------
def test_the_dashboard_leads_to_the_report_the_snapshots_and_the_next_period(client, stuurgroeplid, demo):
    client.force_login(stuurgroeplid)
    tekst = client.get(reverse("dashboard:overzicht"), {"jaar": 2020}).text
    assert f'href="{reverse("dashboard:rapport")}?jaar=2020"' in tekst
    assert f'href="{reverse("dashboard:vastgelegde_rapporten")}"' in tekst
    assert f'href="{reverse("dashboard:volgende_periode")}?basisjaar=2020"' in tekst
    assert "8. De volgende periode" in tekst
    assert selectors.planbasis(demo, 2020).basisjaar == 2020


def test_a_concept_laid_down_says_its_figures_stay_and_the_live_concept_says_they_may_change(
    client, stuurgroeplid, demo
):
    concept = rapport_vastleggen(
        regio=demo, jaar=2021, vergaderdatum=VERGADERING, status="concept", door=stuurgroeplid, op=OP
    )
    client.force_login(stuurgroeplid)

    vast = client.get(reverse("dashboard:vastgelegd_rapport", args=[concept.pk])).text
    live = client.get(reverse("dashboard:rapport"), {"jaar": 2021, "status": "concept"}).text

    assert "Vastgelegd als concept: deze cijfers veranderen niet meer" in vast
    assert "de cijfers kunnen nog veranderen" not in vast
    assert "Concept: de cijfers kunnen nog veranderen tot het rapport definitief is." in live


def test_each_breadcrumb_ends_in_the_page_it_leads_to(client, stuurgroeplid, vastgelegd):
    # The region is in each page's heading; the trail names the page, never the region.
    client.force_login(stuurgroeplid)
    uwv = Partner.objects.get(naam="UWV", leerwerkloket=vastgelegd.leerwerkloket)
    verwacht = {
        reverse("dashboard:rapport") + "?jaar=2021": "Dashboard 2021 › Stuurgroeprapport 2021",
        reverse("dashboard:vastgelegde_rapporten"): "Dashboard › Vastgelegde rapporten",
        reverse("dashboard:vastgelegd_rapport", args=[vastgelegd.pk]): (
            "Vastgelegde rapporten › Rapport 2021 van 14 oktober 2021"
        ),
        reverse("dashboard:volgende_periode"): "Dashboard › De volgende periode",
        reverse("dashboard:financier", args=[uwv.pk]) + "?jaar=2021": "Dashboard 2021 › UWV",
    }
    for adres, kruimel in verwacht.items():
        pagina = client.get(adres).content.decode()
        gelezen = re.search(r'<p class="kruimel[^"]*">(.*?)</p>', pagina, re.S).group(1)
        assert " ".join(re.sub(r"<[^>]+>", "", gelezen).split()) == kruimel, adres
