"""Realisatie as finance staff record it and everyone of the region reads it: costs per activity and
kostensoort against the budget, outputs against the streefwaarde, and the list of bookings."""

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from jaarplan.importeren.realisatie import import_doorvoeren, import_ongedaan_maken, import_voorbereiden
from jaarplan.models import (
    Importbatch,
    Jaarplan,
    Kostenplaatskoppeling,
    Kostenrealisatie,
    Kostensoort,
    Outputrealisatie,
)
from tests.factories import ActiviteitFactory, BegrotingsregelFactory, IndicatorFactory, JaarplanFactory
from tests.jaarplan.bestanden import BOEKHOUDING_2018, xlsx

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(twente):
    """Jaarplan 2018: the loket budgeted € 120.000,00 personeel and € 5.000,00 materiaal, with a target
    of 400 loopbaangesprekken; € 30.000,00 personeel already booked by hand."""
    jaarplan = JaarplanFactory(leerwerkloket=twente, jaar=2018)
    loket = ActiviteitFactory(jaarplan=jaarplan, code="loketfunctie", naam="Loketfunctie", volgorde=10)
    ActiviteitFactory(jaarplan=jaarplan, code="e-portfolio", naam="E-portfolio", volgorde=20)
    BegrotingsregelFactory(activiteit=loket, kostensoort=Kostensoort.PERSONEEL, bedrag=Decimal("120000.00"))
    BegrotingsregelFactory(activiteit=loket, kostensoort=Kostensoort.MATERIAAL, bedrag=Decimal("5000.00"))
    IndicatorFactory(activiteit=loket, streefwaarde=400)
    Kostenrealisatie.objects.create(
        activiteit=loket,
        kostensoort=Kostensoort.PERSONEEL,
        datum=datetime.date(2018, 3, 31),
        bedrag=Decimal("30000.00"),
        omschrijving="Salarissen eerste kwartaal",
    )
    jaarplan.loket = loket
    return jaarplan


def kosten(plan, **velden):
    data = {
        "kosten-activiteit": plan.loket.pk,
        "kosten-kostensoort": Kostensoort.MATERIAAL,
        "kosten-datum": "2018-05-14",
        "kosten-bedrag": "1.234,56",
        "kosten-omschrijving": "Folders spreekuur",
    }
    return data | {f"kosten-{k}": v for k, v in velden.items()}


def output(plan, **velden):
    indicator = plan.loket.indicatoren.get()
    data = {"output-indicator": indicator.pk, "output-datum": "2018-06-30", "output-aantal": "120"}
    return data | {f"output-{k}": v for k, v in velden.items()}


@pytest.mark.parametrize("wie", ["projectleider", "stuurgroeplid", "financien"])
def test_every_role_of_the_region_reads_budget_against_actuals(client, request, wie, plan):
    client.force_login(request.getfixturevalue(wie))

    pagina = client.get(reverse("jaarplan:realisatie", args=[plan.pk])).text

    assert 'data-testid="realisatie-begroot">€\u00a0125.000,00<' in pagina
    assert 'data-testid="realisatie-gerealiseerd">€\u00a030.000,00<' in pagina
    assert 'data-testid="gerealiseerd-loketfunctie">€\u00a030.000,00<' in pagina
    assert '<td>Personeel</td><td class="getal">€\u00a0120.000,00</td><td class="getal">€\u00a030.000,00</td>' in pagina
    assert 'data-testid="output-loketfunctie-loopbaangesprekken">0 gesprekken<' in pagina
    assert ("Kosten boeken" in pagina) == (wie == "financien")


def test_the_page_says_up_to_which_date_costs_are_booked_against_the_whole_years_budget(client, financien, plan):
    client.force_login(financien)
    client.post(reverse("jaarplan:kosten_nieuw", args=[plan.pk]), kosten(plan))

    pagina = client.get(reverse("jaarplan:realisatie", args=[plan.pk])).content.decode()

    assert 'data-testid="realisatie-verschil">€\u00a0-93.765,44<' in pagina  # 31.234,56 - 125.000,00
    assert "Geboekt tot en met 14 mei 2018; de begroting is die van het hele jaar" in pagina


def test_finance_staff_book_a_cost_the_dutch_way_and_see_the_totals(client, financien, plan):
    client.force_login(financien)

    pagina = client.post(reverse("jaarplan:kosten_nieuw", args=[plan.pk]), kosten(plan), follow=True).text

    assert "€\u00a01.234,56 op Loketfunctie is geboekt." in pagina
    assert 'data-testid="realisatie-gerealiseerd">€\u00a031.234,56<' in pagina
    boeking = Kostenrealisatie.objects.get(omschrijving="Folders spreekuur")
    assert (boeking.bedrag, boeking.geimporteerd, boeking.history.get().history_user) == (
        Decimal("1234.56"),
        False,
        financien,
    )


def test_finance_staff_record_an_output_against_the_streefwaarde(client, financien, plan):
    client.force_login(financien)

    pagina = client.post(reverse("jaarplan:output_nieuw", args=[plan.pk]), output(plan), follow=True).text

    assert "120 gesprekken voor Loopbaangesprekken vastgelegd." in pagina
    assert 'data-testid="output-loketfunctie-loopbaangesprekken">120 gesprekken<' in pagina
    assert "30%" in pagina  # 120 of 400


def test_a_date_outside_the_year_is_refused_next_to_the_field_and_everything_typed_stays(client, financien, plan):
    client.force_login(financien)

    antwoord = client.post(
        reverse("jaarplan:kosten_nieuw", args=[plan.pk]), kosten(plan, datum="2019-01-02", bedrag="1.234,56")
    )

    assert antwoord.status_code == 200
    assert antwoord.context["kosten_form"].errors["datum"] == [
        "De boekdatum 02-01-2019 valt niet in 2018, het jaar van dit jaarplan."
    ]
    assert 'id="id_kosten-datum_fout">De boekdatum 02-01-2019 valt niet in 2018' in antwoord.text
    assert 'value="1.234,56"' in antwoord.text and 'value="Folders spreekuur"' in antwoord.text
    antwoord = client.post(reverse("jaarplan:output_nieuw", args=[plan.pk]), output(plan, datum="2017-12-31"))
    assert antwoord.context["output_form"].errors["datum"] == ["De datum valt niet in 2018, het jaar van dit jaarplan."]
    assert Kostenrealisatie.objects.count() == 1 and not Outputrealisatie.objects.exists()


def test_a_wrong_amount_is_a_dutch_message(client, financien, plan):
    client.force_login(financien)

    antwoord = client.post(reverse("jaarplan:kosten_nieuw", args=[plan.pk]), kosten(plan, bedrag="twaalf"))

    assert "is geen bedrag" in antwoord.context["kosten_form"].errors["bedrag"][0]
    assert 'value="twaalf"' in antwoord.text


def test_an_afgesloten_jaarplan_refuses_a_booking_with_the_models_message(client, financien, plan):
    Jaarplan.objects.filter(pk=plan.pk).update(status=Jaarplan.Status.AFGESLOTEN, besluitdatum="2017-12-14")
    client.force_login(financien)

    assert "Kosten boeken" not in client.get(reverse("jaarplan:realisatie", args=[plan.pk])).text
    antwoord = client.post(reverse("jaarplan:kosten_nieuw", args=[plan.pk]), kosten(plan))

    assert "Jaarplan 2018 is afgesloten; er kan niets meer aan worden gewijzigd, ook de realisatie niet." in (
        antwoord.text
    )
    assert Kostenrealisatie.objects.count() == 1


def test_a_booking_by_hand_is_edited_and_deleted(client, financien, plan):
    boeking = Kostenrealisatie.objects.get()
    client.force_login(financien)
    bewerken = reverse("jaarplan:kosten_bewerken", args=[boeking.pk])

    antwoord = client.post(bewerken, {k.removeprefix("kosten-"): v for k, v in kosten(plan, bedrag="€ 29.500").items()})
    assert antwoord.status_code == 302
    boeking.refresh_from_db()
    assert (boeking.bedrag, boeking.kostensoort) == (Decimal("29500.00"), Kostensoort.MATERIAAL)

    verwijderen = reverse("jaarplan:kosten_verwijderen", args=[boeking.pk])
    assert "Weet u het zeker?" in client.get(verwijderen).text
    pagina = client.post(verwijderen, follow=True).text
    assert "De boeking van €\u00a029.500,00 op Loketfunctie is verwijderd." in pagina
    assert not Kostenrealisatie.objects.exists()


def test_an_output_is_edited_and_deleted(client, financien, plan):
    meting = Outputrealisatie.objects.create(indicator=plan.loket.indicatoren.get(), datum="2018-03-31", aantal=90)
    client.force_login(financien)

    data = {k.removeprefix("output-"): v for k, v in output(plan, aantal="95").items()}
    client.post(reverse("jaarplan:output_bewerken", args=[meting.pk]), data)
    meting.refresh_from_db()
    assert meting.aantal == 95
    client.post(reverse("jaarplan:output_verwijderen", args=[meting.pk]))
    assert not Outputrealisatie.objects.exists()


@pytest.fixture
def ingelezen(twente, financien, plan):
    """The four bookings of the 2018 bookkeeping file, read in by an import."""
    Kostenplaatskoppeling.objects.create(
        leerwerkloket=twente, kostenplaats="4100", activiteit_code="loketfunctie", kostensoort=Kostensoort.PERSONEEL
    )
    Kostenplaatskoppeling.objects.create(
        leerwerkloket=twente, kostenplaats="4200", activiteit_code="e-portfolio", kostensoort=Kostensoort.MATERIAAL
    )
    batch = import_voorbereiden(
        leerwerkloket=twente, bestandsnaam="boekingen.xlsx", inhoud=xlsx(BOEKHOUDING_2018), door=financien, jaar=2018
    )
    # The plan's hand booking of the first quarter is another cost than the file's: kept beside it.
    return import_doorvoeren(batch=batch, door=financien, handmatig="naast")


def test_an_imported_booking_is_read_only_and_goes_with_its_import(client, financien, ingelezen):
    geimporteerd = Kostenrealisatie.objects.filter(geimporteerd=True).first()
    client.force_login(financien)

    lijst = client.get(reverse("jaarplan:realisatie_lijst"), {"herkomst": "import"}).text
    assert "4 boekingen" in lijst and "via de import" in lijst
    assert reverse("jaarplan:kosten_bewerken", args=[geimporteerd.pk]) not in lijst
    melding = "Deze boeking is ingelezen uit de boekhouding en wijzigt alleen met haar import"
    assert melding in client.get(reverse("jaarplan:kosten_bewerken", args=[geimporteerd.pk])).text
    client.post(reverse("jaarplan:kosten_verwijderen", args=[geimporteerd.pk]))
    assert Kostenrealisatie.objects.filter(geimporteerd=True).count() == 4

    import_ongedaan_maken(batch=ingelezen, door=financien)
    assert list(Kostenrealisatie.objects.values_list("geimporteerd", flat=True)) == [False]


def test_the_list_filters_and_exports_exactly_the_filtered_rows(client, stuurgroeplid, plan, ingelezen):
    client.force_login(stuurgroeplid)

    lijst = client.get(reverse("jaarplan:realisatie_lijst"), {"herkomst": "handmatig", "jaar": 2018}).text
    assert "1 boeking<" in lijst and "Salarissen eerste kwartaal" in lijst
    assert "Bewerken" not in lijst  # the stuurgroep reads
    assert f'href="{reverse("exports:lijst", args=["realisatie", "xlsx"])}?herkomst=handmatig&amp;jaar=2018"' in lijst

    antwoord = client.get(
        reverse("exports:lijst", args=["realisatie", "xlsx"]),
        {"activiteit": "loketfunctie", "kostensoort": "personeel"},
    )
    rijen = list(
        openpyxl.load_workbook(io.BytesIO(b"".join(antwoord.streaming_content)))["Kostenboekingen"].iter_rows(
            values_only=True
        )
    )
    assert rijen[1] == (
        "Boekdatum",
        "Jaar",
        "Activiteit",
        "Kostensoort",
        "Bedrag",
        "Omschrijving",
        "Stuknummer",
        "Kostenplaats",
        "Grootboekrekening",
        "Herkomst",
    )
    verwacht = Kostenrealisatie.objects.filter(activiteit__code="loketfunctie", kostensoort="personeel")
    *boekingen, totaal = rijen[2:]
    assert len(boekingen) == verwacht.count() == 3
    assert sum(r[4] for r in boekingen) == sum(b.bedrag for b in verwacht)
    assert (totaal[0], totaal[4]) == ("Totaal", "=SUM(E3:E5)")
    assert {r[9] for r in boekingen} == {
        "Handmatig",
        f"Ingelezen: import {ingelezen.pk}, rij 5",
        f"Ingelezen: import {ingelezen.pk}, rij 8",
    }
    assert {(r[7], r[8]) for r in boekingen if r[9] != "Handmatig"} == {("4100", "4000")}


def test_the_list_filters_by_kostenplaats_and_shows_where_each_booking_came_from(client, financien, ingelezen):
    client.force_login(financien)

    lijst = client.get(reverse("jaarplan:realisatie_lijst"), {"kostenplaats": "4200"}).text

    assert "2 boekingen" in lijst
    assert "Licentie e-portfolio" in lijst and "Salarissen januari" not in lijst
    assert f"Ingelezen: import {ingelezen.pk}, rij 6" in lijst
    assert "<td >4300</td>" in lijst or ">4300<" in lijst


def test_only_finance_staff_of_the_region_write(client, projectleider, stuurgroeplid, collega_achterhoek, plan):
    boeking = Kostenrealisatie.objects.get()
    for wie in (projectleider, stuurgroeplid):
        client.force_login(wie)
        assert client.post(reverse("jaarplan:kosten_nieuw", args=[plan.pk]), kosten(plan)).status_code == 403
        assert client.post(reverse("jaarplan:output_nieuw", args=[plan.pk]), output(plan)).status_code == 403
        assert client.get(reverse("jaarplan:kosten_bewerken", args=[boeking.pk])).status_code == 403
        assert client.post(reverse("jaarplan:kosten_verwijderen", args=[boeking.pk])).status_code == 403
    client.force_login(collega_achterhoek)  # finance staff too, but of the Achterhoek
    assert client.get(reverse("jaarplan:realisatie", args=[plan.pk])).status_code == 404
    assert client.post(reverse("jaarplan:kosten_nieuw", args=[plan.pk]), kosten(plan)).status_code == 404
    assert client.get(reverse("jaarplan:kosten_bewerken", args=[boeking.pk])).status_code == 404
    assert client.post(reverse("jaarplan:kosten_verwijderen", args=[boeking.pk])).status_code == 404
    assert "0 boekingen" in client.get(reverse("jaarplan:realisatie_lijst")).text
    assert Kostenrealisatie.objects.get() == boeking


def test_the_menu_leads_finance_staff_to_the_bookings_and_the_editor_links_everyone(
    client, financien, stuurgroeplid, plan
):
    client.force_login(financien)
    assert f'href="{reverse("jaarplan:realisatie_lijst")}">Realisatie</a>' in client.get(reverse("home")).text
    client.force_login(stuurgroeplid)
    assert f'href="{reverse("jaarplan:realisatie_lijst")}">Realisatie</a>' not in client.get(reverse("home")).text
    editor = client.get(reverse("jaarplan:detail", args=[plan.pk])).text
    assert f'href="{reverse("jaarplan:realisatie", args=[plan.pk])}"' in editor


@pytest.mark.parametrize("aantal", [1, 15])
def test_the_realisatie_pages_keep_a_constant_number_of_queries(
    client, financien, plan, aantal, django_assert_max_num_queries
):
    for i in range(aantal):
        activiteit = ActiviteitFactory(jaarplan=plan, code=f"extra-{i}", naam=f"Extra {i}")
        BegrotingsregelFactory(activiteit=activiteit, bedrag=Decimal("1000.00"))
        indicator = IndicatorFactory(activiteit=activiteit)
        Kostenrealisatie.objects.create(
            activiteit=activiteit, kostensoort="overig", datum=datetime.date(2018, 4, 1), bedrag=Decimal("10")
        )
        Outputrealisatie.objects.create(indicator=indicator, datum=datetime.date(2018, 4, 1), aantal=3)
    client.force_login(financien)
    with django_assert_max_num_queries(17):
        assert client.get(reverse("jaarplan:realisatie", args=[plan.pk])).status_code == 200
    with django_assert_max_num_queries(10):
        assert client.get(reverse("jaarplan:realisatie_lijst")).status_code == 200


def test_an_imported_booking_changes_only_with_its_own_import_passed_as_argument(twente, financien, plan, ingelezen):
    boeking = Kostenrealisatie.objects.filter(geimporteerd=True).first()
    ander = Importbatch.objects.create(
        leerwerkloket=twente, bestandsnaam="ander.xlsx", checksum="ander", inhoud=b"", kolommen={}, kopregel=1
    )
    melding = (
        "Deze boeking is ingelezen uit de boekhouding en wijzigt alleen met haar import: maak die import ongedaan "
        "en lees een verbeterd bestand in."
    )

    boeking.bedrag = Decimal("1.00")
    with pytest.raises(ValidationError, match=melding):
        boeking.full_clean()
    with pytest.raises(ValidationError, match=melding):
        boeking.save()
    with pytest.raises(ValidationError, match=melding):
        boeking.controleer_bewerkbaar(verwijderen=True, importbatch=ander)
    # A flag set on the instance, as the importer once did, opens nothing any more.
    setattr(boeking, "_via" + "_import", True)
    with pytest.raises(ValidationError, match=melding):
        boeking.delete()

    boeking.controleer_bewerkbaar(verwijderen=True, importbatch=ingelezen)
    import_ongedaan_maken(batch=ingelezen, door=financien)
    assert not Kostenrealisatie.objects.filter(geimporteerd=True).exists()


def test_finance_staff_get_the_edit_and_delete_links_of_a_booking_by_hand(client, financien, plan, ingelezen):
    hand = Kostenrealisatie.objects.get(geimporteerd=False)
    client.force_login(financien)

    lijst = client.get(reverse("jaarplan:realisatie_lijst"), {"herkomst": "handmatig"}).text

    boeking = f"Boeking van {hand.datum:%d-%m-%Y} op {hand.activiteit.naam}"
    assert (
        f'<a href="{reverse("jaarplan:kosten_bewerken", args=[hand.pk])}" aria-label="{boeking} bewerken">Bewerken</a>'
        f' · <a href="{reverse("jaarplan:kosten_verwijderen", args=[hand.pk])}" aria-label="{boeking} verwijderen">'
        "Verwijderen</a>"
    ) in lijst


@pytest.mark.parametrize("sortering", ["jaar", "-jaar", "kostensoort", "-herkomst"])
def test_sorted_on_a_column_with_ties_every_booking_is_on_exactly_one_page(client, financien, plan, sortering):
    """Sorting on a column many rows share (a year) kept no tie-break: django-tables2 replaces the
    view's ordering, and a database may then give the tied rows in another order per page."""
    for n in range(7):
        Kostenrealisatie.objects.create(
            activiteit=plan.loket,
            kostensoort=Kostensoort.PERSONEEL,
            datum=datetime.date(2018, 6, 30),
            bedrag=Decimal("100.00"),
            omschrijving=f"Boeking {n}",
        )
    client.force_login(financien)
    omschrijvingen = [f"Boeking {n}" for n in range(7)] + ["Salarissen eerste kwartaal"]

    gezien = []
    for pagina in (1, 2, 3, 4):
        vraag = {"sort": sortering, "per_page": 2, "page": pagina}
        tekst = client.get(reverse("jaarplan:realisatie_lijst"), vraag).text
        gezien += [o for o in omschrijvingen if f">{o}<" in tekst]

    assert sorted(gezien) == sorted(omschrijvingen)


def test_a_list_table_ends_every_order_with_the_primary_key():
    from jaarplan.tables import KostenrealisatieTable

    tabel = KostenrealisatieTable(Kostenrealisatie.objects.order_by("-datum", "-pk"), order_by="-jaar")
    assert list(tabel.data.data.query.order_by) == ["-activiteit__jaarplan__jaar", "pk"]
