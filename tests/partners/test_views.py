"""The partner pages: list, detail with money per year, create and edit; for every role."""

from decimal import Decimal

import pytest
from django.urls import reverse

from partners.models import Contactpersoon, Partner
from tests.factories import (
    AfspraakFactory,
    BetalingFactory,
    FactuurFactory,
    GebruikerFactory,
    PartnerFactory,
    ToezeggingFactory,
)
from tests.factories_extra import ContactpersoonFactory, twentse_gemeenten

pytestmark = pytest.mark.django_db

ROLLEN = ["projectleider", "stuurgroeplid", "financien", "collega_achterhoek", "landelijk"]


@pytest.fixture
def uwv(twente):
    """UWV in Twente: 2017 € 75.000,00; 2018 € 80.000,00 in money and € 25.000,00 in kind,
    of which € 60.000,00 invoiced and € 40.000,00 received."""
    partner = PartnerFactory(leerwerkloket=twente, naam="UWV", soort=Partner.Soort.UWV)
    ContactpersoonFactory(partner=partner, naam="Petra Jansen", functie="Accountmanager", is_stuurgroeplid=True)
    afspraak = AfspraakFactory(leerwerkloket=twente, financier=partner, naam="Cofinanciering UWV 2017-2021")
    ToezeggingFactory(afspraak=afspraak, jaar=2017, bedrag_geld=Decimal("75000.00"))
    t2018 = ToezeggingFactory(
        afspraak=afspraak, jaar=2018, bedrag_geld=Decimal("80000.00"), bedrag_natura=Decimal("25000.00")
    )
    BetalingFactory(factuur=FactuurFactory(toezegging=t2018, bedrag=Decimal("40000.00")), bedrag=Decimal("40000.00"))
    FactuurFactory(toezegging=t2018, bedrag=Decimal("20000.00"))
    return partner


@pytest.fixture
def partners(twente, achterhoek, uwv):
    """UWV, ROC van Twente and an inactive AOC Oost in Twente; the Graafschap College in the Achterhoek."""
    PartnerFactory(leerwerkloket=twente, naam="ROC van Twente", soort=Partner.Soort.ROC)
    PartnerFactory(leerwerkloket=twente, naam="AOC Oost", soort=Partner.Soort.AOC, actief=False)
    PartnerFactory(leerwerkloket=achterhoek, naam="Graafschap College", soort=Partner.Soort.ROC)
    return uwv


@pytest.fixture
def gemeenten(twente):
    """The fourteen Twente gemeenten with a 2017 key by inhabitants and € 75.000,00 pledged for 2018."""
    groep = twentse_gemeenten(twente, jaar=2017)
    afspraak = AfspraakFactory(leerwerkloket=twente, financier=groep, naam="Cofinanciering gemeenten 2017-2021")
    ToezeggingFactory(afspraak=afspraak, jaar=2018, bedrag_geld=Decimal("75000.00"))
    return groep


def _namen(response):
    return [rij.record.naam for rij in response.context["table"].paginated_rows]


def _login(client, request, rol):
    gebruiker = request.getfixturevalue(rol)
    client.force_login(gebruiker)
    return gebruiker


# --- who may open what ---------------------------------------------------------------------------

PAGINAS = {
    "lijst": lambda p: reverse("partners:lijst"),
    "detail": lambda p: reverse("partners:detail", args=[p.pk]),
    "nieuw": lambda p: reverse("partners:nieuw"),
    "bewerken": lambda p: reverse("partners:bewerken", args=[p.pk]),
}

# The UWV partner is Twente's: the Achterhoek colleague cannot find it (404), roles that may not
# edit are refused before any lookup (403); the national role reads but has no region to edit in.
VERWACHT = {
    "projectleider": {"lijst": 200, "detail": 200, "nieuw": 200, "bewerken": 200},
    "stuurgroeplid": {"lijst": 200, "detail": 200, "nieuw": 403, "bewerken": 403},
    "financien": {"lijst": 200, "detail": 200, "nieuw": 403, "bewerken": 403},
    "collega_achterhoek": {"lijst": 200, "detail": 404, "nieuw": 200, "bewerken": 404},
    "landelijk": {"lijst": 200, "detail": 200, "nieuw": 403, "bewerken": 403},
}


@pytest.mark.parametrize("pagina", PAGINAS)
@pytest.mark.parametrize("rol", ROLLEN)
def test_every_page_for_every_role(client, request, partners, rol, pagina):
    _login(client, request, rol)
    response = client.get(PAGINAS[pagina](partners))
    verwacht = VERWACHT[rol][pagina]
    assert response.status_code == verwacht
    if verwacht == 403:
        assert "Geen toegang" in response.text
        assert "€\u00a0" not in response.text
    if verwacht == 404:
        assert "Niet gevonden" in response.text
        assert "UWV" not in response.text


@pytest.mark.parametrize("pagina", PAGINAS)
def test_an_anonymous_visitor_is_sent_to_the_login_page(client, partners, pagina):
    response = client.get(PAGINAS[pagina](partners))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_a_post_by_a_stuurgroep_member_is_refused_and_changes_nothing(client, stuurgroeplid, partners):
    client.force_login(stuurgroeplid)
    response = client.post(reverse("partners:bewerken", args=[partners.pk]), {"naam": "Anders", "soort": "uwv"})
    assert response.status_code == 403 and "Geen toegang" in response.text
    assert client.post(reverse("partners:nieuw"), {"naam": "Nieuw", "soort": "overig"}).status_code == 403
    partners.refresh_from_db()
    assert partners.naam == "UWV"
    assert not Partner.objects.filter(naam="Nieuw").exists()


def test_a_user_without_a_region_or_national_role_sees_no_partners(client, partners):
    zonder_regio = GebruikerFactory(username="los", leerwerkloket=None)
    client.force_login(zonder_regio)
    assert client.get(reverse("partners:lijst")).status_code == 403


# --- the list ------------------------------------------------------------------------------------


def test_the_projectleider_sees_the_regions_partners_and_a_button_to_add_one(client, projectleider, partners):
    client.force_login(projectleider)
    response = client.get(reverse("partners:lijst"))
    assert _namen(response) == ["AOC Oost", "ROC van Twente", "UWV"]
    assert "Graafschap College" not in response.text
    assert "Nieuwe partner" in response.text
    assert reverse("partners:detail", args=[partners.pk]) in response.text
    assert "Leerwerkloket</a>" not in response.text  # no region column for a regional user


@pytest.mark.parametrize("rol", ["stuurgroeplid", "financien"])
def test_readers_see_the_list_without_an_add_button(client, request, rol, partners):
    _login(client, request, rol)
    response = client.get(reverse("partners:lijst"))
    assert _namen(response) == ["AOC Oost", "ROC van Twente", "UWV"]
    assert "Nieuwe partner" not in response.text
    assert reverse("partners:nieuw") not in response.text


def test_the_achterhoek_colleague_sees_only_the_achterhoek(client, collega_achterhoek, partners):
    client.force_login(collega_achterhoek)
    response = client.get(reverse("partners:lijst"))
    assert _namen(response) == ["Graafschap College"]
    assert "ROC van Twente" not in response.text
    assert reverse("partners:detail", args=[partners.pk]) not in response.text


def test_the_national_reader_sees_every_region_with_its_name(client, landelijk, partners):
    client.force_login(landelijk)
    response = client.get(reverse("partners:lijst"))
    assert _namen(response) == ["AOC Oost", "Graafschap College", "ROC van Twente", "UWV"]
    assert "Leerwerkloket Achterhoek" in response.text
    assert "Nieuwe partner" not in response.text


@pytest.mark.parametrize(
    ("filters", "namen"),
    [
        ({"soort": "roc"}, ["ROC van Twente"]),
        ({"soort": "uwv"}, ["UWV"]),
        ({"actief": "false"}, ["AOC Oost"]),
        ({"actief": "true"}, ["ROC van Twente", "UWV"]),
        ({"naam": "twen"}, ["ROC van Twente"]),
        ({"naam": "o", "actief": "true"}, ["ROC van Twente"]),
        ({"soort": "gemeente"}, []),
    ],
)
def test_filters_give_the_right_rows(client, projectleider, partners, filters, namen):
    client.force_login(projectleider)
    response = client.get(reverse("partners:lijst"), filters)
    assert _namen(response) == namen
    if not namen:
        assert "Geen partners gevonden." in response.text


def test_the_filter_form_keeps_the_chosen_filters(client, projectleider, partners):
    client.force_login(projectleider)
    response = client.get(reverse("partners:lijst"), {"soort": "roc", "naam": "twen"})
    assert '<option value="roc" selected>ROC</option>' in response.text
    assert 'value="twen"' in response.text


@pytest.mark.parametrize(
    ("sort", "namen"),
    [
        ("naam", ["AOC Oost", "Enschede", "Hengelo", "ROC van Twente", "Twentse gemeenten", "UWV"]),
        ("-naam", ["UWV", "Twentse gemeenten", "ROC van Twente", "Hengelo", "Enschede", "AOC Oost"]),
        ("soort", ["AOC Oost", "Enschede", "Hengelo", "Twentse gemeenten", "ROC van Twente", "UWV"]),
        ("actief", ["AOC Oost", "Enschede", "Hengelo", "ROC van Twente", "Twentse gemeenten", "UWV"]),
        ("groep", ["AOC Oost", "ROC van Twente", "Twentse gemeenten", "UWV", "Enschede", "Hengelo"]),
    ],
)
def test_sorting_orders_the_rows(client, projectleider, partners, twente, sort, namen):
    groep = PartnerFactory(leerwerkloket=twente, naam="Twentse gemeenten", soort="gemeente", is_groep=True)
    for naam in ("Hengelo", "Enschede"):
        PartnerFactory(leerwerkloket=twente, naam=naam, soort="gemeente", groep=groep)
    client.force_login(projectleider)
    response = client.get(reverse("partners:lijst"), {"sort": sort})
    assert _namen(response) == namen
    assert 'aria-sort="' in response.text


def test_the_list_shows_the_group_of_a_member(client, projectleider, gemeenten):
    client.force_login(projectleider)
    response = client.get(reverse("partners:lijst"), {"naam": "enschede"})
    assert _namen(response) == ["Enschede"]
    assert "Twentse gemeenten" in response.text.split("<tbody")[1]


@pytest.mark.parametrize("aantal", [3, 30])
def test_the_list_has_a_constant_number_of_queries(
    client, projectleider, twente, aantal, django_assert_max_num_queries
):
    groep = PartnerFactory(leerwerkloket=twente, naam="Twentse gemeenten", soort="gemeente", is_groep=True)
    for i in range(aantal):
        PartnerFactory(leerwerkloket=twente, naam=f"Partner {i:02d}", soort="overig", groep=groep if i % 2 else None)
    client.force_login(projectleider)
    with django_assert_max_num_queries(8):  # two of them the request's own transaction (ATOMIC_REQUESTS)
        response = client.get(reverse("partners:lijst"), {"sort": "groep"})
    assert len(_namen(response)) == aantal + 1


# --- the detail ----------------------------------------------------------------------------------


@pytest.mark.parametrize("rol", ["projectleider", "stuurgroeplid", "financien", "landelijk"])
def test_the_detail_shows_contacts_agreements_and_money_per_year(client, request, rol, uwv):
    _login(client, request, rol)
    response = client.get(reverse("partners:detail", args=[uwv.pk]))
    tekst = response.text
    assert "<h1>UWV</h1>" in tekst
    assert "Petra Jansen" in tekst and "petra.jansen@example.nl" in tekst
    assert "Cofinanciering UWV 2017-2021" in tekst and "2017–2021" in tekst
    jaren = {rij["jaar"]: rij for rij in response.context["jaren"]}
    assert jaren[2018] == {
        "jaar": 2018,
        "geteld": Decimal("80000.00"),  # what counts towards the minimum: UWV's natura does not here
        "geld": Decimal("80000.00"),
        "natura": Decimal("25000.00"),
        "toegezegd": Decimal("105000.00"),
        "gefactureerd": Decimal("60000.00"),
        "ontvangen": Decimal("40000.00"),
        "openstaand": Decimal("20000.00"),
    }
    assert jaren[2017]["geld"] == Decimal("75000.00") and jaren[2017]["gefactureerd"] == Decimal("0.00")
    rij_2018 = tekst.split('data-jaar="2018"')[1].split("</tr>")[0]
    for bedrag in ("€\u00a080.000,00", "€\u00a025.000,00", "€\u00a060.000,00", "€\u00a040.000,00", "€\u00a020.000,00"):
        assert bedrag in rij_2018
    assert response.context["totaal"]["geld"] == Decimal("155000.00")
    assert "€\u00a0155.000,00" in tekst


def test_only_the_projectleider_gets_an_edit_button(client, projectleider, stuurgroeplid, financien, uwv):
    url = reverse("partners:detail", args=[uwv.pk])
    bewerken = reverse("partners:bewerken", args=[uwv.pk])
    client.force_login(projectleider)
    assert bewerken in client.get(url).text
    for lezer in (stuurgroeplid, financien):
        client.force_login(lezer)
        tekst = client.get(url).text
        assert bewerken not in tekst and "Bewerken" not in tekst


def test_a_partner_without_money_says_so(client, projectleider, twente):
    roc = PartnerFactory(leerwerkloket=twente, naam="ROC van Twente", soort="roc")
    client.force_login(projectleider)
    tekst = client.get(reverse("partners:detail", args=[roc.pk])).text
    assert "Nog geen contactpersonen." in tekst
    assert "ROC van Twente heeft geen financieringsafspraken." in tekst
    assert "Er zijn nog geen toezeggingen van ROC van Twente." in tekst


def test_the_group_shows_its_members_and_each_members_share(client, stuurgroeplid, gemeenten):
    client.force_login(stuurgroeplid)
    response = client.get(reverse("partners:detail", args=[gemeenten.pk]))
    tekst = response.text
    assert "ja, 14 leden" in tekst
    assert "Hof van Twente" in tekst and "Rijssen-Holten" in tekst
    (verdeling,) = response.context["verdelingen"]
    assert verdeling["jaar"] == 2018 and verdeling["sleutel"].jaar == 2017  # the 2017 key still holds
    assert len(verdeling["delen"]) == 14
    assert sum(deel["bedrag"] for deel in verdeling["delen"]) == Decimal("75000.00")
    enschede = verdeling["delen"][3]
    assert enschede["partner"].naam == "Enschede" and enschede["bedrag"] == Decimal("18734.85")
    rij = tekst.split("<td>Enschede</td>")[1].split("</tr>")[0]
    assert "154.267" in rij and "24,98%" in rij and "€\u00a018.734,85" in rij
    assert 'data-testid="verdeling-totaal-2018">€\u00a075.000,00' in tekst
    assert "Verdeling 2018: €\u00a075.000,00" in tekst


def test_a_member_links_to_its_group_and_points_to_the_groups_agreement(client, projectleider, gemeenten):
    enschede = gemeenten.leden.get(naam="Enschede")
    client.force_login(projectleider)
    tekst = client.get(reverse("partners:detail", args=[enschede.pk])).text
    assert reverse("partners:detail", args=[gemeenten.pk]) in tekst
    assert "Twentse gemeenten financiert namens de leden" in tekst


def test_a_group_year_without_a_key_or_with_a_broken_key_says_so(client, projectleider, gemeenten):
    afspraak = gemeenten.afspraken.get()
    ToezeggingFactory(afspraak=afspraak, jaar=2017, bedrag_geld=Decimal("75000.00"))
    sleutel_2017 = gemeenten.verdeelsleutels.get()
    sleutel_2017.jaar = 2019
    sleutel_2017.save()
    sleutel_2017.aandelen.update(inwoners=0)
    client.force_login(projectleider)
    tekst = client.get(reverse("partners:detail", args=[gemeenten.pk])).text
    assert "Er is geen verdeelsleutel voor 2017." in tekst
    assert "Er is geen verdeelsleutel voor 2018." in tekst
    ToezeggingFactory(afspraak=afspraak, jaar=2019, bedrag_geld=Decimal("75000.00"))
    tekst = client.get(reverse("partners:detail", args=[gemeenten.pk])).text
    assert "heeft alleen nullen" in tekst


@pytest.mark.parametrize(("jaren", "rijen", "verdeeld"), [(3, 4, 1), (30, 30, 13)])
def test_the_detail_has_a_constant_number_of_queries(
    client, projectleider, gemeenten, jaren, rijen, verdeeld, django_assert_max_num_queries
):
    # Years 2000 onwards, beside the fixture's 2018; the 2017 key splits 2017 and later.
    afspraak = AfspraakFactory(
        leerwerkloket=gemeenten.leerwerkloket, financier=gemeenten, startjaar=2000, eindjaar=2000 + jaren - 1
    )
    for jaar in range(2000, 2000 + jaren):
        toezegging = ToezeggingFactory(afspraak=afspraak, jaar=jaar, bedrag_geld=Decimal("75000.00"))
        BetalingFactory(factuur=FactuurFactory(toezegging=toezegging, bedrag=Decimal("10000.00")))
        ContactpersoonFactory(partner=gemeenten, naam=f"Contact {jaar}")
    client.force_login(projectleider)
    with django_assert_max_num_queries(14):  # two of them the request's own transaction (ATOMIC_REQUESTS)
        response = client.get(reverse("partners:detail", args=[gemeenten.pk]))
    assert len(response.context["jaren"]) == rijen
    assert len([v for v in response.context["verdelingen"] if v["delen"]]) == verdeeld


# --- create and edit -----------------------------------------------------------------------------


def _formulier(**velden):
    data = {
        "naam": "Zorgaccent",
        "soort": "zorginstelling",
        "actief": "on",
        "groep": "",
        "notities": "Doet mee aan het leerwerkarrangement zorg.",
        "contact-TOTAL_FORMS": "1",
        "contact-INITIAL_FORMS": "0",
        "contact-MIN_NUM_FORMS": "0",
        "contact-MAX_NUM_FORMS": "1000",
        "contact-0-naam": "Sanne de Vries",
        "contact-0-functie": "HR-adviseur",
        "contact-0-email": "sanne@example.nl",
        "contact-0-telefoon": "",
    }
    data.update(velden)
    return data


def test_the_projectleider_creates_a_partner_with_a_contact_in_their_own_region(
    client, projectleider, twente, achterhoek
):
    client.force_login(projectleider)
    assert "Nieuwe partner" in client.get(reverse("partners:nieuw")).text
    response = client.post(reverse("partners:nieuw"), _formulier(leerwerkloket=achterhoek.pk), follow=True)
    partner = Partner.objects.get(naam="Zorgaccent")
    assert partner.leerwerkloket == twente  # from the user, whatever the post says
    assert response.redirect_chain[-1][0] == reverse("partners:detail", args=[partner.pk])
    assert "Zorgaccent is toegevoegd." in response.text
    assert "Sanne de Vries" in response.text and "HR-adviseur" in response.text
    assert partner.contactpersonen.get().email == "sanne@example.nl"
    assert partner.history.get().history_user == projectleider


def test_the_achterhoek_colleague_creates_in_the_achterhoek(client, collega_achterhoek, achterhoek):
    client.force_login(collega_achterhoek)
    client.post(reverse("partners:nieuw"), _formulier())
    assert Partner.objects.get(naam="Zorgaccent").leerwerkloket == achterhoek


def test_a_name_used_in_the_region_is_refused_next_to_the_field_and_the_form_keeps_what_was_typed(
    client, projectleider, partners
):
    client.force_login(projectleider)
    response = client.post(reverse("partners:nieuw"), _formulier(naam="UWV"))
    assert response.status_code == 200
    fouten = response.context["form"].errors
    assert list(fouten) == ["naam"]
    assert "Er is al een partner met de naam 'UWV' in Leerwerkloket Twente" in fouten["naam"][0]
    tekst = response.text
    assert "Niet opgeslagen: verbeter wat hieronder is aangegeven." in tekst
    assert 'class="veldfout" id="id_naam_fout">Er is al een partner' in tekst
    assert 'value="UWV"' in tekst and "Doet mee aan het leerwerkarrangement zorg." in tekst
    assert 'value="Sanne de Vries"' in tekst
    assert Partner.objects.filter(naam="UWV").count() == 1


def test_the_same_name_in_another_region_is_fine(client, collega_achterhoek, partners):
    client.force_login(collega_achterhoek)
    client.post(reverse("partners:nieuw"), _formulier(naam="UWV"))
    assert Partner.objects.filter(naam="UWV").count() == 2


def test_the_models_rule_about_groups_applies_in_the_form(client, projectleider, gemeenten):
    client.force_login(projectleider)
    response = client.post(reverse("partners:nieuw"), _formulier(is_groep="on", groep=gemeenten.pk))
    assert response.context["form"].errors == {
        "groep": ["Een samenwerkingsverband kan zelf geen lid zijn van een ander verband."]
    }
    assert not Partner.objects.filter(naam="Zorgaccent").exists()


def test_only_groups_of_the_own_region_can_be_chosen(client, projectleider, gemeenten, achterhoek, uwv):
    andere = PartnerFactory(leerwerkloket=achterhoek, naam="Achterhoekse gemeenten", soort="gemeente", is_groep=True)
    client.force_login(projectleider)
    keuzes = list(client.get(reverse("partners:nieuw")).context["form"].fields["groep"].queryset)
    assert keuzes == [gemeenten]
    for groep in (andere, uwv):
        response = client.post(reverse("partners:nieuw"), _formulier(groep=groep.pk))
        assert "groep" in response.context["form"].errors


def test_a_wrong_email_of_a_contact_is_shown_next_to_it_and_nothing_is_saved(client, projectleider, twente):
    client.force_login(projectleider)
    response = client.post(reverse("partners:nieuw"), _formulier(**{"contact-0-email": "geen-adres"}))
    assert response.status_code == 200
    assert response.context["contactpersonen"].errors[0] == {"email": ["Voer een geldig e-mailadres in."]}
    assert 'value="geen-adres"' in response.text
    assert not Partner.objects.filter(naam="Zorgaccent").exists()


def test_the_projectleider_edits_a_partner_and_its_contacts(client, projectleider, uwv):
    petra = uwv.contactpersonen.get()
    client.force_login(projectleider)
    pagina = client.get(reverse("partners:bewerken", args=[uwv.pk]))
    assert 'value="Petra Jansen"' in pagina.text
    data = _formulier(
        naam="UWV Twente",
        soort="uwv",
        **{
            "contact-TOTAL_FORMS": "2",
            "contact-INITIAL_FORMS": "1",
            "contact-0-id": petra.pk,
            "contact-0-naam": "Petra Jansen",
            "contact-0-email": "petra.jansen@example.nl",
            "contact-0-DELETE": "on",
            "contact-1-naam": "Karim el Amrani",
            "contact-1-functie": "Adviseur",
        },
    )
    response = client.post(reverse("partners:bewerken", args=[uwv.pk]), data, follow=True)
    assert "UWV Twente is opgeslagen." in response.text
    uwv.refresh_from_db()
    assert uwv.naam == "UWV Twente" and uwv.leerwerkloket.slug == "twente"
    assert [c.naam for c in uwv.contactpersonen.all()] == ["Karim el Amrani"]
    assert not Contactpersoon.objects.filter(pk=petra.pk).exists()
    assert uwv.afspraken.count() == 1  # the money stays with the partner


def test_a_contact_of_another_partner_cannot_be_edited_through_this_form(client, projectleider, uwv, twente):
    roc = PartnerFactory(leerwerkloket=twente, naam="ROC van Twente", soort="roc")
    vreemd = ContactpersoonFactory(partner=roc, naam="Ruud")
    client.force_login(projectleider)
    data = _formulier(
        naam="UWV",
        soort="uwv",
        **{"contact-TOTAL_FORMS": "1", "contact-INITIAL_FORMS": "1", "contact-0-id": vreemd.pk, "contact-0-naam": "X"},
    )
    client.post(reverse("partners:bewerken", args=[uwv.pk]), data)
    vreemd.refresh_from_db()
    assert vreemd.naam == "Ruud" and vreemd.partner == roc


def test_a_projectleider_with_the_national_role_still_edits_only_the_own_region(client, projectleider, achterhoek):
    from django.contrib.auth.models import Group

    from partners.roles import Rol

    projectleider.groups.add(Group.objects.get_or_create(name=Rol.LANDELIJK)[0])
    projectleider.__dict__.pop("rollen", None)
    graafschap = PartnerFactory(leerwerkloket=achterhoek, naam="Graafschap College", soort="roc")
    client.force_login(projectleider)
    assert client.get(reverse("partners:detail", args=[graafschap.pk])).status_code == 200
    assert "Bewerken" not in client.get(reverse("partners:detail", args=[graafschap.pk])).text
    assert client.get(reverse("partners:bewerken", args=[graafschap.pk])).status_code == 403


# --- navigation ----------------------------------------------------------------------------------


def _menu(tekst):
    return tekst.split('<nav aria-label="Hoofdmenu">')[1].split("</nav>")[0]


@pytest.mark.parametrize("rol", ROLLEN)
def test_every_role_with_a_region_finds_partners_in_the_menu(client, request, rol):
    _login(client, request, rol)
    menu = _menu(client.get(reverse("partners:lijst")).text)
    assert f'<a href="{reverse("home")}">Overzicht</a>' in menu
    assert f'<a href="{reverse("partners:lijst")}" aria-current="page">Partners</a>' in menu
    assert "Beheer" not in menu


def test_the_menu_marks_the_current_section_and_shows_beheer_to_staff(client, projectleider):
    projectleider.is_staff = True
    projectleider.save()
    client.force_login(projectleider)
    menu = _menu(client.get(reverse("home")).text)
    assert f'<a href="{reverse("home")}" aria-current="page">Overzicht</a>' in menu
    assert f'<a href="{reverse("partners:lijst")}">Partners</a>' in menu
    assert f'<a href="{reverse("admin:index")}">Beheer</a>' in menu


def test_the_refusal_page_keeps_the_menu(client, stuurgroeplid):
    client.force_login(stuurgroeplid)
    response = client.get(reverse("partners:nieuw"))
    assert response.status_code == 403
    assert 'aria-current="page">Partners</a>' in _menu(response.text)
