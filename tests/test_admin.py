"""The admin obeys the same rules and the same region boundary as every page."""

from decimal import Decimal

import pytest
from django.contrib import admin
from django.urls import reverse

from jaarplan.models import Jaarplan, Kostenrealisatie, Kostensoort
from partners.models import Gebruiker
from partners.roles import Rol
from tests.factories import (
    ActiviteitFactory,
    AfspraakFactory,
    BegrotingsregelFactory,
    GebruikerFactory,
    JaarplanFactory,
    PartnerFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def beheerder(twente):
    return GebruikerFactory(username="bea", leerwerkloket=twente, is_staff=True, rollen=[Rol.BEHEERDER])


@pytest.fixture
def superuser(db):
    return GebruikerFactory(username="root", leerwerkloket=None, is_staff=True, is_superuser=True)


def test_every_admin_list_and_add_page_opens(client, superuser):
    client.force_login(superuser)
    # A copy: the first reverse() loads the URLconf, which registers some admins again (kern.admin.elke_lijst_geldig).
    for model, model_admin in list(admin.site._registry.items()):
        opts = model._meta
        lijst = client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist"))
        assert lijst.status_code == 200, opts.label
        if model_admin.has_add_permission(lijst.wsgi_request):
            assert client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_add")).status_code == 200, opts.label


def test_a_regional_beheerder_sees_only_the_own_regions_partners(client, beheerder, twente, achterhoek):
    PartnerFactory(leerwerkloket=twente, naam="ROC van Twente", soort="roc")
    vreemd = PartnerFactory(leerwerkloket=achterhoek, naam="Graafschap College", soort="roc")
    client.force_login(beheerder)
    lijst = client.get(reverse("admin:partners_partner_changelist"))
    assert "ROC van Twente" in lijst.text
    assert "Graafschap College" not in lijst.text
    wijzig = client.get(reverse("admin:partners_partner_change", args=[vreemd.pk]))
    assert wijzig.status_code == 404
    assert "Graafschap College" not in wijzig.text


@pytest.mark.parametrize("pagina", ["change", "delete", "history"])
def test_another_regions_object_answers_404_in_the_admin(client, beheerder, twente, achterhoek, pagina):
    eigen = PartnerFactory(leerwerkloket=twente, naam="ROC van Twente", soort="roc")
    vreemd = PartnerFactory(leerwerkloket=achterhoek, naam="Graafschap College", soort="roc")
    client.force_login(beheerder)

    assert client.get(reverse(f"admin:partners_partner_{pagina}", args=[eigen.pk])).status_code == 200
    antwoord = client.get(reverse(f"admin:partners_partner_{pagina}", args=[vreemd.pk]))

    assert antwoord.status_code == 404
    assert "Graafschap College" not in antwoord.text


def test_another_regions_object_cannot_be_deleted_through_the_admin(client, beheerder, achterhoek):
    vreemd = PartnerFactory(leerwerkloket=achterhoek, naam="Graafschap College", soort="roc")
    client.force_login(beheerder)

    antwoord = client.post(reverse("admin:partners_partner_delete", args=[vreemd.pk]), {"post": "yes"})

    assert antwoord.status_code == 404
    assert vreemd.__class__.objects.filter(pk=vreemd.pk).exists()


def test_a_historical_version_of_another_regions_object_answers_404(client, beheerder, achterhoek):
    vreemd = PartnerFactory(leerwerkloket=achterhoek, naam="Graafschap College", soort="roc")
    versie = vreemd.history.get()
    client.force_login(beheerder)

    antwoord = client.get(reverse("admin:partners_partner_simple_history", args=[vreemd.pk, versie.history_id]))

    assert antwoord.status_code == 404
    assert "Graafschap College" not in antwoord.text


def test_another_regions_user_answers_404_in_the_admin(client, beheerder, collega_achterhoek):
    client.force_login(beheerder)

    assert client.get(reverse("admin:partners_gebruiker_change", args=[collega_achterhoek.pk])).status_code == 404
    assert client.get(reverse("admin:auth_user_password_change", args=[collega_achterhoek.pk])).status_code == 404


def test_a_national_reader_still_sees_the_history_of_a_deleted_object(client, superuser, achterhoek):
    weg = PartnerFactory(leerwerkloket=achterhoek, naam="Graafschap College", soort="roc")
    pk = weg.pk
    weg.delete()
    client.force_login(superuser)

    antwoord = client.get(reverse("admin:partners_partner_history", args=[pk]))

    assert antwoord.status_code == 200
    assert "Graafschap College" in antwoord.text


def test_the_admin_adds_no_toezegging_it_is_made_on_the_agreement_page(client, beheerder, twente):
    """A toezegging's amount is required: it is made where the rules, reason and history are
    (the agreement's page), never typed into the admin (tests/test_admin_geld.py walks them all)."""
    afspraak = AfspraakFactory(leerwerkloket=twente)
    client.force_login(beheerder)

    assert client.get(reverse("admin:financiering_toezegging_add")).status_code == 403
    response = client.post(
        reverse("admin:financiering_toezegging_add"),
        {"afspraak": afspraak.pk, "jaar": "2019", "bedrag_geld": "70000.00", "bedrag_natura": "0.00"},
    )
    assert response.status_code == 403
    assert afspraak.toezeggingen.count() == 0
    lijst = client.get(reverse("admin:financiering_toezegging_changelist")).text
    assert reverse("admin:financiering_toezegging_add") not in lijst


def test_the_admin_offers_no_delete_of_a_budget_line_in_a_closed_jaarplan(client, beheerder, twente):
    regel = BegrotingsregelFactory(activiteit__jaarplan__leerwerkloket=twente, bedrag=Decimal("1000.00"))
    Jaarplan.objects.filter(pk=regel.activiteit.jaarplan_id).update(
        status=Jaarplan.Status.AFGESLOTEN, besluitdatum="2017-12-14"
    )
    client.force_login(beheerder)
    response = client.post(reverse("admin:jaarplan_begrotingsregel_delete", args=[regel.pk]), {"post": "yes"})
    assert response.status_code == 403
    assert regel.__class__.objects.filter(pk=regel.pk).exists()


def test_the_admin_refuses_a_budget_change_of_a_vastgesteld_jaarplan_with_the_rules_message(client, beheerder, twente):
    regel = BegrotingsregelFactory(activiteit__jaarplan__leerwerkloket=twente, bedrag=Decimal("1000.00"))
    Jaarplan.objects.filter(pk=regel.activiteit.jaarplan_id).update(
        status=Jaarplan.Status.VASTGESTELD, besluitdatum="2017-12-14"
    )
    client.force_login(beheerder)

    response = client.post(
        reverse("admin:jaarplan_begrotingsregel_change", args=[regel.pk]),
        {"activiteit": regel.activiteit_id, "kostensoort": regel.kostensoort, "bedrag": "2000.00", "toelichting": ""},
    )

    assert response.status_code == 200
    assert (
        f"Jaarplan {regel.activiteit.jaarplan.jaar} is vastgesteld; wijzig de begroting via een begrotingswijziging "
        "met een reden." in response.text
    )
    regel.refresh_from_db()
    assert regel.bedrag == Decimal("1000.00")


def test_the_admin_neither_moves_a_jaarplans_status_nor_edits_an_afgesloten_one(client, beheerder, twente):
    jaarplan = JaarplanFactory(leerwerkloket=twente, jaar=2018)
    Jaarplan.objects.filter(pk=jaarplan.pk).update(status=Jaarplan.Status.VASTGESTELD, besluitdatum="2017-12-14")
    client.force_login(beheerder)
    formulier = {
        "leerwerkloket": twente.pk,
        "jaar": "2018",
        "status": "concept",
        "toelichting": "bijgewerkt",
        "activiteiten-TOTAL_FORMS": "0",
        "activiteiten-INITIAL_FORMS": "0",
    }

    client.post(reverse("admin:jaarplan_jaarplan_change", args=[jaarplan.pk]), formulier)
    jaarplan.refresh_from_db()
    assert (jaarplan.status, jaarplan.toelichting) == (Jaarplan.Status.VASTGESTELD, "bijgewerkt")

    Jaarplan.objects.filter(pk=jaarplan.pk).update(status=Jaarplan.Status.AFGESLOTEN)
    response = client.post(
        reverse("admin:jaarplan_jaarplan_change", args=[jaarplan.pk]), formulier | {"toelichting": "achteraf"}
    )
    assert "Jaarplan 2018 is afgesloten en kan niet meer worden gewijzigd." in response.text
    jaarplan.refresh_from_db()
    assert (jaarplan.status, jaarplan.toelichting) == (Jaarplan.Status.AFGESLOTEN, "bijgewerkt")


def test_the_admin_refuses_a_change_to_an_imported_booking_with_the_rules_message(client, beheerder, twente):
    activiteit = ActiviteitFactory(jaarplan__leerwerkloket=twente, jaarplan__jaar=2018)
    boeking = Kostenrealisatie.objects.create(
        activiteit=activiteit,
        kostensoort=Kostensoort.PERSONEEL,
        datum="2018-03-31",
        bedrag=Decimal("500.00"),
        geimporteerd=True,
    )
    client.force_login(beheerder)

    response = client.post(
        reverse("admin:jaarplan_kostenrealisatie_change", args=[boeking.pk]),
        {
            "activiteit": activiteit.pk,
            "kostensoort": Kostensoort.PERSONEEL,
            "datum": "2018-03-31",
            "bedrag": "1.00",
            "omschrijving": "",
        },
    )

    assert "Deze boeking is ingelezen uit de boekhouding en wijzigt alleen met haar import" in response.text
    boeking.refresh_from_db()
    assert boeking.bedrag == Decimal("500.00")


def test_the_admin_shows_where_an_imported_booking_came_from(client, beheerder, twente):
    from jaarplan.models import Importbatch

    batch = Importbatch.objects.create(
        leerwerkloket=twente, bestandsnaam="grootboek.xlsx", checksum="0" * 64, inhoud=b"", status="ingelezen"
    )
    boeking = Kostenrealisatie.objects.create(
        activiteit=ActiviteitFactory(jaarplan__leerwerkloket=twente, jaarplan__jaar=2018),
        kostensoort=Kostensoort.PERSONEEL,
        datum="2018-03-31",
        bedrag=Decimal("500.00"),
        geimporteerd=True,
        importbatch=batch,
        rijnummer=17,
    )
    client.force_login(beheerder)

    pagina = client.get(reverse("admin:jaarplan_kostenrealisatie_change", args=[boeking.pk])).text

    assert f"Import {batch.pk} (grootboek.xlsx)" in pagina
    assert '<div class="readonly">17</div>' in pagina


def test_the_admin_financier_choices_hold_only_the_own_region(client, beheerder, twente, achterhoek):
    # A saved money row no longer moves in the admin (kern.admin.GeldAlleenLezenMixin), so the
    # choices to check are a new agreement's: its financier is one of the own region's partners.
    eigen = PartnerFactory(leerwerkloket=twente, naam="UWV Twente")
    vreemd = PartnerFactory(leerwerkloket=achterhoek, naam="UWV Achterhoek")
    client.force_login(beheerder)

    response = client.get(reverse("admin:financiering_financieringsafspraak_add"))

    keuzes = [k.value for k, _ in response.context["adminform"].form.fields["financier"].choices if k]
    assert keuzes == [eigen.pk]
    assert vreemd.pk not in keuzes


def _gebruikersformulier(gebruiker, **wijzigingen):
    gegevens = {
        "username": gebruiker.username,
        "first_name": gebruiker.first_name,
        "last_name": gebruiker.last_name,
        "email": gebruiker.email,
        "is_active": "on",
        "is_staff": "on" if gebruiker.is_staff else "",
        "groups": [g.pk for g in gebruiker.groups.all()],
        "leerwerkloket": gebruiker.leerwerkloket_id or "",
        "date_joined_0": "2026-01-01",
        "date_joined_1": "09:00:00",
    }
    gegevens.update(wijzigingen)
    return {k: v for k, v in gegevens.items() if v not in ("", None)}


def test_a_regional_beheerder_cannot_make_anyone_a_superuser_or_national(client, beheerder, twente):
    from django.contrib.auth.models import Group

    landelijk = Group.objects.get_or_create(name=Rol.LANDELIJK)[0]
    client.force_login(beheerder)

    client.post(
        reverse("admin:partners_gebruiker_change", args=[beheerder.pk]),
        _gebruikersformulier(beheerder, is_superuser="on", groups=[landelijk.pk]),
    )

    beheerder.refresh_from_db()
    assert not beheerder.is_superuser
    assert not beheerder.groups.filter(name=Rol.LANDELIJK).exists()


def test_a_regional_beheerder_cannot_move_a_user_to_another_region(client, beheerder, financien, achterhoek):
    client.force_login(beheerder)

    antwoord = client.post(
        reverse("admin:partners_gebruiker_change", args=[financien.pk]),
        _gebruikersformulier(financien, leerwerkloket=achterhoek.pk),
    )

    assert "Selecteer een geldige keuze" in antwoord.text
    financien.refresh_from_db()
    assert financien.leerwerkloket != achterhoek


def test_a_regional_beheerder_still_edits_the_own_regions_users(client, beheerder, financien, twente):
    client.force_login(beheerder)

    antwoord = client.post(
        reverse("admin:partners_gebruiker_change", args=[financien.pk]),
        _gebruikersformulier(financien, first_name="Fenna B.", is_superuser="on"),
    )

    assert antwoord.status_code == 302
    financien.refresh_from_db()
    assert (financien.first_name, financien.leerwerkloket, financien.is_superuser) == ("Fenna B.", twente, False)


def test_a_user_added_by_a_regional_beheerder_belongs_to_the_beheerders_region(client, beheerder, twente):
    client.force_login(beheerder)

    antwoord = client.post(
        reverse("admin:partners_gebruiker_add"),
        {
            "username": "nieuwe-collega",
            "usable_password": "true",
            "password1": "een-lang-wachtwoord-7",
            "password2": "een-lang-wachtwoord-7",
        },
    )

    nieuw = Gebruiker.objects.get(username="nieuwe-collega")
    assert antwoord.status_code == 302
    assert nieuw.leerwerkloket == twente
    assert client.get(reverse("admin:partners_gebruiker_change", args=[nieuw.pk])).status_code == 200


LIJSTEN_MET_REGIOFILTER = [
    "admin:partners_gebruiker_changelist",
    "admin:partners_partner_changelist",
    "admin:financiering_financieringsafspraak_changelist",
    "admin:jaarplan_jaarplan_changelist",
]


@pytest.mark.parametrize("lijst", LIJSTEN_MET_REGIOFILTER)
def test_the_region_filter_names_only_the_regions_the_reader_may_read(
    client, beheerder, superuser, twente, achterhoek, lijst
):
    client.force_login(beheerder)
    regionaal = client.get(reverse(lijst)).text
    client.force_login(superuser)
    landelijk = client.get(reverse(lijst)).text

    assert "Leerwerkloket Achterhoek" not in regionaal
    assert f"leerwerkloket__id__exact={achterhoek.pk}" not in regionaal
    assert f"leerwerkloket__id__exact={achterhoek.pk}" in landelijk
