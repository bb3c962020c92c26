"""A jaarplan is closed only after its year has ended, and with its realisatie booked through
December or the shortfall explicitly accepted; the button, the page, the service and the home
page all follow the transition's condition."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from jaarplan.models import Jaarplan, Kostenrealisatie, Kostensoort
from jaarplan.permissions import can_afsluiten
from jaarplan.services import jaarplan_afsluiten
from partners.roles import Rol
from tests.conftest import op_dag
from tests.factories import ActiviteitFactory, GebruikerFactory, JaarplanFactory

pytestmark = pytest.mark.django_db

VANDAAG = datetime.date(2026, 12, 7)
NIEUWJAAR = datetime.date(2027, 1, 4)


def _vastgesteld(twente, jaar):
    jaarplan = JaarplanFactory(leerwerkloket=twente, jaar=jaar)
    ActiviteitFactory(jaarplan=jaarplan)
    Jaarplan.objects.filter(pk=jaarplan.pk).update(
        status=Jaarplan.Status.VASTGESTELD, besluitdatum=datetime.date(2025, 12, 11)
    )
    return Jaarplan.objects.get(pk=jaarplan.pk)


def _boeking(jaarplan, datum):
    return Kostenrealisatie.objects.create(
        activiteit=jaarplan.activiteiten.get(),
        kostensoort=Kostensoort.PERSONEEL,
        datum=datum,
        bedrag=Decimal("1000.00"),
    )


@pytest.mark.parametrize("jaar", [2026, 2027])
def test_a_plan_whose_year_has_not_ended_is_not_closed_and_the_refusal_says_from_when(
    client, twente, projectleider, jaar
):
    jaarplan = _vastgesteld(twente, jaar)
    client.force_login(projectleider)
    vanaf = f"vanaf 1 januari {jaar + 1}"

    with op_dag(VANDAAG):
        with pytest.raises(
            ValidationError, match=f"Jaarplan {jaar} kan pas worden afgesloten als het jaar voorbij is, {vanaf}"
        ):
            jaarplan_afsluiten(jaarplan=jaarplan, door=projectleider)
        detail = client.get(reverse("jaarplan:detail", args=[jaarplan.pk])).text
        pagina = client.get(reverse("jaarplan:afsluiten", args=[jaarplan.pk])).text
        client.post(reverse("jaarplan:afsluiten", args=[jaarplan.pk]), {"bevestig": "on"})

    assert not can_afsluiten(projectleider, jaarplan)
    assert "Afsluiten</a>" not in detail
    assert (
        f"Jaarplan {jaar} kan pas worden afgesloten als het jaar voorbij is, {vanaf}, met de realisatie tot en met "
        "december geboekt." in pagina
    )
    assert '<button type="submit">Afsluiten</button>' not in pagina
    jaarplan.refresh_from_db()
    assert jaarplan.status == Jaarplan.Status.VASTGESTELD


def test_after_the_year_a_plan_booked_through_december_closes_without_more(client, twente, financien):
    jaarplan = _vastgesteld(twente, 2026)
    _boeking(jaarplan, datetime.date(2026, 12, 31))

    with op_dag(NIEUWJAAR):
        client.force_login(financien)
        detail = client.get(reverse("jaarplan:detail", args=[jaarplan.pk])).text
        pagina = client.get(reverse("jaarplan:afsluiten", args=[jaarplan.pk])).text
        antwoord = client.post(reverse("jaarplan:afsluiten", args=[jaarplan.pk]), {"bevestig": "on"}, follow=True)

    assert f'href="{reverse("jaarplan:afsluiten", args=[jaarplan.pk])}">Afsluiten</a>' in detail
    assert "De realisatie is geboekt tot en met 31 december 2026." in pagina
    assert "Ik aanvaard uitdrukkelijk" not in pagina
    assert "Jaarplan 2026 is afgesloten." in antwoord.text
    jaarplan.refresh_from_db()
    assert (jaarplan.status, jaarplan.aanvaard_geboekt_tot) == (Jaarplan.Status.AFGESLOTEN, None)


def test_after_the_year_a_plan_booked_short_of_december_closes_only_with_the_shortfall_accepted(
    client, twente, projectleider
):
    jaarplan = _vastgesteld(twente, 2026)
    _boeking(jaarplan, datetime.date(2026, 9, 30))
    url = reverse("jaarplan:afsluiten", args=[jaarplan.pk])

    with op_dag(NIEUWJAAR):
        client.force_login(projectleider)
        pagina = client.get(url).text
        zonder = client.post(url, {"bevestig": "on", "getoond_geboekt_tot": "2026-09-30"}).text
        jaarplan.refresh_from_db()
        assert jaarplan.status == Jaarplan.Status.VASTGESTELD
        met = client.post(
            url, {"bevestig": "on", "getoond_geboekt_tot": "2026-09-30", "aanvaard_onvolledig": "on"}, follow=True
        ).text

    assert "De realisatie is geboekt tot en met 30 september 2026." in pagina
    assert (
        "Ik aanvaard uitdrukkelijk dat de realisatie van jaarplan 2026 geboekt is tot en met 30-09-2026 en niet tot "
        "en met december." in pagina
    )
    assert (
        "De realisatie van jaarplan 2026 is geboekt tot en met 30-09-2026. Vink aan dat u dat aanvaardt, of boek "
        "eerst de rest van het jaar." in zonder
    )
    assert "Jaarplan 2026 is afgesloten." in met
    jaarplan.refresh_from_db()
    assert (jaarplan.status, jaarplan.aanvaard_geboekt_tot) == (Jaarplan.Status.AFGESLOTEN, datetime.date(2026, 9, 30))


def test_the_service_refuses_a_shortfall_not_accepted_or_no_longer_what_was_accepted(twente, financien):
    jaarplan = _vastgesteld(twente, 2026)
    _boeking(jaarplan, datetime.date(2026, 9, 30))

    with op_dag(NIEUWJAAR):
        with pytest.raises(ValidationError, match="geboekt tot en met 30-09-2026, niet tot en met december"):
            jaarplan_afsluiten(jaarplan=jaarplan, door=financien)
        with pytest.raises(ValidationError, match="is nu geboekt tot en met 30-09-2026, niet tot en met 31-08-2026"):
            jaarplan_afsluiten(jaarplan=jaarplan, door=financien, aanvaard_geboekt_tot=datetime.date(2026, 8, 31))
        _boeking(jaarplan, datetime.date(2026, 12, 15))
        with pytest.raises(ValidationError, match="geboekt tot en met december; er is geen tekort om te aanvaarden"):
            jaarplan_afsluiten(jaarplan=jaarplan, door=financien, aanvaard_geboekt_tot=datetime.date(2026, 9, 30))
        jaarplan_afsluiten(jaarplan=jaarplan, door=financien)

    jaarplan.refresh_from_db()
    assert jaarplan.is_afgesloten


def test_a_plan_with_nothing_booked_is_accepted_as_booked_through_the_day_before_its_year(twente, financien):
    jaarplan = _vastgesteld(twente, 2026)

    with op_dag(NIEUWJAAR):
        jaarplan_afsluiten(jaarplan=jaarplan, door=financien, aanvaard_geboekt_tot=datetime.date(2025, 12, 31))

    jaarplan.refresh_from_db()
    assert jaarplan.aanvaard_geboekt_tot == datetime.date(2025, 12, 31)


def test_the_home_page_invites_closing_only_after_the_year_has_ended(client, twente, projectleider, financien):
    """Through the to-do list (issue 24): after the year, finance staff first book its realisatie
    through December; then closing is offered, also once next year's plan exists."""
    plan_2026 = _vastgesteld(twente, 2026)
    JaarplanFactory(leerwerkloket=twente, jaar=2027)
    afsluiten = f'<a href="{reverse("jaarplan:afsluiten", args=[plan_2026.pk])}">Jaarplan 2026 afsluiten</a>'

    def thuis(gebruiker, dag):
        # Signed in on the day itself: a session does not last from December into January.
        with op_dag(dag):
            client.force_login(gebruiker)
            return client.get(reverse("home")).text

    assert "afsluiten" not in thuis(projectleider, VANDAAG).lower()
    assert "Realisatie 2026 boeken tot en met december" not in thuis(financien, VANDAAG)
    assert "Realisatie 2026 boeken tot en met december" in thuis(financien, NIEUWJAAR)
    assert afsluiten not in thuis(projectleider, NIEUWJAAR)
    _boeking(plan_2026, datetime.date(2026, 12, 31))
    assert afsluiten in thuis(projectleider, NIEUWJAAR)
    assert afsluiten in thuis(financien, NIEUWJAAR)


def test_the_admin_action_follows_the_same_condition(client, twente):
    beheer = GebruikerFactory(
        username="fenna-beheer", leerwerkloket=twente, is_staff=True, rollen=[Rol.FINANCIEN, Rol.BEHEERDER]
    )
    jaarplan = _vastgesteld(twente, 2026)
    _boeking(jaarplan, datetime.date(2026, 12, 31))
    actie = {"action": "afsluiten", "_selected_action": [jaarplan.pk]}
    lijst = reverse("admin:jaarplan_jaarplan_changelist")

    with op_dag(VANDAAG):
        client.force_login(beheer)
        december = client.post(lijst, actie, follow=True).text
        jaarplan.refresh_from_db()
        assert jaarplan.status == Jaarplan.Status.VASTGESTELD
    with op_dag(NIEUWJAAR):
        client.force_login(beheer)
        januari = client.post(lijst, actie, follow=True).text

    assert "Jaarplan 2026: Jaarplan 2026 kan pas worden afgesloten als het jaar voorbij is, vanaf 1 januari 2027" in (
        december
    )
    assert "Jaarplan 2026 is afgesloten." in januari
    jaarplan.refresh_from_db()
    assert jaarplan.is_afgesloten
