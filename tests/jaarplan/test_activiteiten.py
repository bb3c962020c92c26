"""The projectleider shapes the jaarplan: activities and their indicators (streefwaarden). In a
concept anything goes; once vastgesteld, activities and streefwaarden stay as the stuurgroep adopted them."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from jaarplan.models import (
    Activiteit,
    Begrotingswijziging,
    Dekking,
    Indicator,
    Jaarplan,
    Kostenrealisatie,
    Kostensoort,
)
from tests.factories import ActiviteitFactory, BegrotingsregelFactory, DekkingFactory, IndicatorFactory, JaarplanFactory

pytestmark = pytest.mark.django_db

ACTIVITEIT = {
    "code": "taalakkoord",
    "naam": "Taalakkoord",
    "soort": "taalakkoord",
    "locatie": "Werkplein Hengelo",
    "project": "",
    "omschrijving": "Werkgevers verbeteren de taalvaardigheid van hun medewerkers.",
    "volgorde": "30",
}


@pytest.fixture
def plan(twente):
    jaarplan = JaarplanFactory(leerwerkloket=twente, jaar=2021)
    loket = ActiviteitFactory(jaarplan=jaarplan, code="loketfunctie", naam="Loketfunctie", volgorde=10)
    BegrotingsregelFactory(activiteit=loket, kostensoort=Kostensoort.PERSONEEL, bedrag=Decimal("150000.00"))
    DekkingFactory(activiteit=loket, bedrag=Decimal("50000.00"), toezegging__jaar=2021)
    IndicatorFactory(activiteit=loket, streefwaarde=400)
    jaarplan.loket = loket
    return jaarplan


def vaststellen(plan):
    Jaarplan.objects.filter(pk=plan.pk).update(status=Jaarplan.Status.VASTGESTELD, besluitdatum="2020-12-14")


def test_the_projectleider_adds_an_activity_and_its_indicator(client, projectleider, plan):
    client.force_login(projectleider)
    editor = client.get(reverse("jaarplan:detail", args=[plan.pk])).text
    nieuw = reverse("jaarplan:activiteit_nieuw", args=[plan.pk])
    assert f'href="{nieuw}"' in editor

    formulier = client.get(nieuw).text
    for label in ("Code", "Naam", "Soort", "Locatie", "Project", "Omschrijving", "Volgorde"):
        assert f">{label}" in formulier
    pagina = client.post(nieuw, ACTIVITEIT, follow=True).text

    assert "Activiteit &#x27;Taalakkoord&#x27; is toegevoegd" in pagina
    taal = Activiteit.objects.get(code="taalakkoord")
    assert (taal.jaarplan, taal.locatie, taal.history.get().history_user) == (plan, "Werkplein Hengelo", projectleider)
    assert 'aria-label="Begroting Taalakkoord, personeel"' in pagina  # its budget is typed in the matrix

    indicator = {"naam": "Deelnemende bedrijven", "code": "bedrijven", "eenheid": "bedrijven", "streefwaarde": "3"}
    pagina = client.post(reverse("jaarplan:indicator_nieuw", args=[taal.pk]), indicator, follow=True).text
    assert "Indicator &#x27;Deelnemende bedrijven&#x27; is toegevoegd met streefwaarde 3 bedrijven." in pagina
    assert "3 bedrijven" in pagina


def test_a_new_activity_asks_its_name_first_and_makes_its_code_from_it(client, projectleider, plan):
    client.force_login(projectleider)
    nieuw = reverse("jaarplan:activiteit_nieuw", args=[plan.pk])

    formulier = client.get(nieuw).text
    assert formulier.index(">Naam") < formulier.index(">Code") < formulier.index(">Volgorde")
    assert ">Code <span" not in formulier  # not required: left empty, it comes from the name
    assert "Leeg laten: de code wordt gemaakt van de naam." in formulier
    assert 'name="volgorde" value="11"' in formulier  # after the loketfunctie (10)

    client.post(nieuw, ACTIVITEIT | {"code": "", "naam": "Taalakkoord Twente 2.0", "volgorde": "11"})
    client.post(nieuw, ACTIVITEIT | {"code": "", "naam": "Taalakkoord Twente 2.0", "volgorde": "12"})
    client.post(nieuw, ACTIVITEIT | {"code": "", "naam": "Loketfunctie", "volgorde": "13"})
    client.post(nieuw, ACTIVITEIT | {"code": "taal-eigen", "naam": "Taalakkoord Twente 2.0", "volgorde": "14"})

    assert list(plan.activiteiten.order_by("volgorde").values_list("code", flat=True)) == [
        "loketfunctie",
        "taalakkoord-twente-20",
        "taalakkoord-twente-20-2",
        "loketfunctie-2",
        "taal-eigen",
    ]


def test_an_activity_keeps_its_code_required_once_it_exists(client, projectleider, plan):
    client.force_login(projectleider)
    antwoord = client.post(reverse("jaarplan:activiteit_bewerken", args=[plan.loket.pk]), ACTIVITEIT | {"code": ""})
    assert antwoord.context["form"].errors["code"] == ["Dit veld is verplicht."]
    plan.loket.refresh_from_db()
    assert plan.loket.code == "loketfunctie"


def test_a_duplicate_code_and_a_missing_name_are_refused_and_the_input_stays(client, projectleider, plan):
    client.force_login(projectleider)

    antwoord = client.post(reverse("jaarplan:activiteit_nieuw", args=[plan.pk]), ACTIVITEIT | {"naam": ""})
    assert antwoord.context["form"].errors["naam"] == ["Dit veld is verplicht."]
    assert 'value="Werkplein Hengelo"' in antwoord.text

    antwoord = client.post(reverse("jaarplan:activiteit_nieuw", args=[plan.pk]), ACTIVITEIT | {"code": "loketfunctie"})
    assert antwoord.status_code == 200
    assert "loketfunctie" in " ".join(antwoord.context["form"].non_field_errors())
    assert Activiteit.objects.count() == 1


def test_the_projectleider_edits_and_removes_in_a_concept(client, projectleider, plan):
    client.force_login(projectleider)
    indicator = plan.loket.indicatoren.get()

    client.post(
        reverse("jaarplan:indicator_bewerken", args=[indicator.pk]),
        {"naam": "Loopbaangesprekken", "code": "loopbaangesprekken", "eenheid": "gesprekken", "streefwaarde": "450"},
    )
    client.post(reverse("jaarplan:activiteit_bewerken", args=[plan.loket.pk]), ACTIVITEIT | {"code": "loket"})
    indicator.refresh_from_db()
    plan.loket.refresh_from_db()
    assert (indicator.streefwaarde, plan.loket.code) == (450, "loket")

    client.post(reverse("jaarplan:indicator_verwijderen", args=[indicator.pk]))
    assert not Indicator.objects.exists()
    pagina = client.post(reverse("jaarplan:activiteit_verwijderen", args=[plan.loket.pk]), follow=True).text
    assert "Activiteit &#x27;Taalakkoord&#x27; is verwijderd." in pagina
    assert not Activiteit.objects.exists() and not Dekking.objects.exists()


def test_an_activity_with_realisatie_stays(client, projectleider, plan):
    Kostenrealisatie.objects.create(
        activiteit=plan.loket, kostensoort="personeel", datum=datetime.date(2021, 1, 31), bedrag=Decimal("9000")
    )
    client.force_login(projectleider)

    antwoord = client.post(reverse("jaarplan:activiteit_verwijderen", args=[plan.loket.pk]))

    assert "&#x27;Loketfunctie&#x27; heeft al realisatie en kan niet worden verwijderd." in antwoord.text
    assert Activiteit.objects.filter(pk=plan.loket.pk).exists()


def test_after_vaststellen_activities_and_streefwaarden_stay_as_adopted(client, projectleider, plan):
    vaststellen(plan)
    client.force_login(projectleider)
    indicator = plan.loket.indicatoren.get()
    editor = client.get(reverse("jaarplan:detail", args=[plan.pk])).text
    assert reverse("jaarplan:activiteit_nieuw", args=[plan.pk]) not in editor
    assert reverse("jaarplan:activiteit_verwijderen", args=[plan.loket.pk]) not in editor
    assert reverse("jaarplan:activiteit_bewerken", args=[plan.loket.pk]) in editor

    antwoord = client.post(reverse("jaarplan:activiteit_nieuw", args=[plan.pk]), ACTIVITEIT)
    assert "Jaarplan 2021 is vastgesteld: de stuurgroep heeft de activiteiten en streefwaarden vastgesteld" in (
        antwoord.text
    )
    assert "een activiteit toevoegen kan niet meer" in antwoord.text
    assert 'value="Werkplein Hengelo"' in antwoord.text

    antwoord = client.post(
        reverse("jaarplan:indicator_bewerken", args=[indicator.pk]),
        {"naam": "Loopbaangesprekken", "code": "loopbaangesprekken", "eenheid": "gesprekken", "streefwaarde": "500"},
    )
    assert antwoord.context["form"].errors["streefwaarde"] == [
        "Jaarplan 2021 is vastgesteld; de streefwaarde van deze indicator ligt vast zoals de stuurgroep die vaststelde."
    ]
    assert (
        "een indicator verwijderen kan niet meer"
        in client.get(reverse("jaarplan:indicator_verwijderen", args=[indicator.pk])).text
    )
    client.post(reverse("jaarplan:activiteit_verwijderen", args=[plan.loket.pk]))

    # What describes the activity may still change.
    client.post(
        reverse("jaarplan:activiteit_bewerken", args=[plan.loket.pk]),
        ACTIVITEIT | {"code": "loketfunctie", "naam": "Loket en adviesgesprekken"},
    )
    plan.loket.refresh_from_db()
    indicator.refresh_from_db()
    assert (plan.loket.naam, indicator.streefwaarde, Activiteit.objects.count()) == (
        "Loket en adviesgesprekken",
        400,
        1,
    )


def test_the_rule_holds_outside_the_pages_too(plan):
    vaststellen(plan)
    with pytest.raises(Exception, match="een indicator toevoegen kan niet meer"):
        Indicator(activiteit=plan.loket, code="x", naam="X", eenheid="x", streefwaarde=1).save()
    with pytest.raises(Exception, match="een activiteit verwijderen kan niet meer"):
        plan.loket.delete()


@pytest.mark.parametrize("wie", ["stuurgroeplid", "financien"])
def test_readers_get_403_on_every_edit_address(client, request, wie, plan):
    client.force_login(request.getfixturevalue(wie))
    indicator = plan.loket.indicatoren.get()
    editor = client.get(reverse("jaarplan:detail", args=[plan.pk])).text
    assert "Activiteit toevoegen" not in editor and "Bewerken" not in editor
    for adres in (
        reverse("jaarplan:activiteit_nieuw", args=[plan.pk]),
        reverse("jaarplan:activiteit_bewerken", args=[plan.loket.pk]),
        reverse("jaarplan:activiteit_verwijderen", args=[plan.loket.pk]),
        reverse("jaarplan:indicator_nieuw", args=[plan.loket.pk]),
        reverse("jaarplan:indicator_bewerken", args=[indicator.pk]),
        reverse("jaarplan:indicator_verwijderen", args=[indicator.pk]),
    ):
        antwoord = client.get(adres)
        assert antwoord.status_code == 403 and "Geen toegang" in antwoord.text, adres
        assert client.post(adres, ACTIVITEIT).status_code == 403, adres
    assert Activiteit.objects.get().naam == "Loketfunctie"


def test_another_regions_projectleider_gets_404(client, collega_achterhoek, plan):
    client.force_login(collega_achterhoek)
    assert client.get(reverse("jaarplan:activiteit_nieuw", args=[plan.pk])).status_code == 404
    assert client.post(reverse("jaarplan:activiteit_bewerken", args=[plan.loket.pk]), ACTIVITEIT).status_code == 404
    assert client.post(reverse("jaarplan:activiteit_verwijderen", args=[plan.loket.pk])).status_code == 404
    indicator = plan.loket.indicatoren.get()
    assert client.post(reverse("jaarplan:indicator_verwijderen", args=[indicator.pk])).status_code == 404
    assert Indicator.objects.exists()


def test_an_afgesloten_jaarplan_takes_no_changes(client, projectleider, plan):
    Jaarplan.objects.filter(pk=plan.pk).update(status=Jaarplan.Status.AFGESLOTEN, besluitdatum="2020-12-14")
    client.force_login(projectleider)
    assert client.get(reverse("jaarplan:activiteit_bewerken", args=[plan.loket.pk])).status_code == 403


def test_a_begrotingswijziging_opens_the_budget_not_what_the_stuurgroep_adopted(plan, projectleider):
    vaststellen(plan)
    wijziging = Begrotingswijziging.objects.create(jaarplan=plan, reden="Meer gesprekken", door=projectleider)
    indicator = plan.loket.indicatoren.get()

    plan.loket.code = "loket"
    with pytest.raises(ValidationError) as fout:
        plan.loket.save(begrotingswijziging=wijziging)
    assert fout.value.message_dict["code"] == [
        "Jaarplan 2021 is vastgesteld; de code van deze activiteit ligt vast zoals de stuurgroep die vaststelde."
    ]
    indicator.streefwaarde = 500
    with pytest.raises(ValidationError) as fout:
        indicator.full_clean(begrotingswijziging=wijziging)
    assert fout.value.message_dict["streefwaarde"] == [
        "Jaarplan 2021 is vastgesteld; de streefwaarde van deze indicator ligt vast zoals de stuurgroep die vaststelde."
    ]
    with pytest.raises(ValidationError, match="een indicator toevoegen kan niet meer"):
        Indicator(activiteit=plan.loket, code="x", naam="X", eenheid="x", streefwaarde=1).save(
            begrotingswijziging=wijziging
        )
    assert (Activiteit.objects.get().code, Indicator.objects.get().streefwaarde) == ("loketfunctie", 400)


def test_in_an_afgesloten_jaarplan_a_begrotingswijziging_opens_nothing(plan, projectleider):
    vaststellen(plan)
    wijziging = Begrotingswijziging.objects.create(jaarplan=plan, reden="Te laat", door=projectleider)
    Jaarplan.objects.filter(pk=plan.pk).update(status=Jaarplan.Status.AFGESLOTEN)
    regel = plan.loket.begrotingsregels.get()
    regel.bedrag = Decimal("1.00")

    gesloten = "Jaarplan 2021 is afgesloten; er kan niets meer aan worden gewijzigd, ook de realisatie niet."
    with pytest.raises(ValidationError, match=gesloten):
        regel.save(begrotingswijziging=wijziging)
    with pytest.raises(ValidationError, match=gesloten):
        Dekking.objects.get().delete(begrotingswijziging=wijziging)
    assert plan.loket.begrotingsregels.get().bedrag == Decimal("150000.00")
