"""The toezeggingen and payments lists: every reader of the region, filters, totals, a constant
number of queries, and another region's money out of sight."""

import re

import pytest
from django.urls import reverse

from partners.models import Partner
from tests.factories import AfspraakFactory, BetalingFactory, FactuurFactory, PartnerFactory, ToezeggingFactory
from tests.geldstroom import geldstroom, tabel

TOEZEGGINGEN = reverse("toezeggingen:lijst")
BETALINGEN = reverse("facturen:betalingen")


@pytest.fixture
def geld(twente, achterhoek):
    return geldstroom(twente, andere_regio=achterhoek)


def test_anonymous_visitors_go_to_the_login_page(client, db):
    for adres in (TOEZEGGINGEN, BETALINGEN):
        antwoord = client.get(adres)
        assert antwoord.status_code == 302 and antwoord.url.startswith(reverse("login")), adres


@pytest.mark.parametrize("wie", ["projectleider", "stuurgroeplid", "financien"])
def test_every_reader_of_the_region_sees_the_toezeggingen_with_their_money(client, request, wie, geld):
    client.force_login(request.getfixturevalue(wie))

    pagina = client.get(TOEZEGGINGEN).content.decode()

    rijen = tabel(pagina)
    kolommen = ["Financier", "Jaar", "Toegezegd", "Gefactureerd", "Ontvangen", "Openstaand"]
    assert [tuple(r[k] for k in kolommen) for r in rijen] == [
        ("UWV", "2019", "€\u00a080.000,50", "€\u00a040.000,25", "€\u00a040.000,25", "€\u00a00,00"),
        ("Ministerie van SZW", "2018", "€\u00a0100.000,00", "€\u00a00,00", "€\u00a050.000,00", "€\u00a00,00"),
        ("UWV", "2018", "€\u00a087.345,67", "€\u00a075.000,00", "€\u00a049.845,67", "€\u00a025.154,33"),
    ]  # fmt: skip
    assert "3 toezeggingen" in pagina
    assert "<dt>Toegezegd</dt><dd>€\u00a0267.346,17</dd>" in pagina
    assert "<dt>Openstaand</dt><dd>€\u00a025.154,33</dd>" in pagina
    assert "UWV Oost" not in pagina and "Leerwerkloket" not in rijen[0]


@pytest.mark.parametrize("wie", ["projectleider", "stuurgroeplid", "financien"])
def test_every_reader_of_the_region_sees_the_payments_newest_first(client, request, wie, geld):
    client.force_login(request.getfixturevalue(wie))

    pagina = client.get(BETALINGEN).content.decode()

    assert [(r["Ontvangen op"], r["Financier"], r["Jaar"], r["Factuur"], r["Bedrag"]) for r in tabel(pagina)] == [
        ("01-04-2019", "UWV", "2019", "F-2019-01", "€\u00a040.000,25"),
        ("02-10-2018", "UWV", "2018", "F-2018-02", "€\u00a012.345,67"),
        ("20-03-2018", "UWV", "2018", "F-2018-01", "€\u00a037.500,00"),
        ("15-01-2018", "Ministerie van SZW", "2018", "voorschot zonder factuur", "€\u00a050.000,00"),
    ]
    assert 'samen <strong data-testid="totaal">€\u00a0139.845,92</strong>' in pagina
    assert "Achterhoek" not in pagina


def test_another_region_sees_none_of_twentes_money(client, collega_achterhoek, geld):
    client.force_login(collega_achterhoek)

    toezeggingen = tabel(client.get(TOEZEGGINGEN).content.decode())
    betalingen = tabel(client.get(BETALINGEN).content.decode())

    assert [r["Financier"] for r in toezeggingen] == ["UWV Oost"]
    assert [r["Bedrag"] for r in betalingen] == ["€\u00a099.999,99"]


def test_the_national_reader_sees_every_region_with_its_name(client, landelijk, geld):
    client.force_login(landelijk)

    rijen = tabel(client.get(TOEZEGGINGEN).content.decode())

    assert sorted({r["Leerwerkloket"] for r in rijen}) == ["Leerwerkloket Achterhoek", "Leerwerkloket Twente"]
    assert len(rijen) == 4


@pytest.mark.parametrize(
    ("filters", "verwacht"),
    [
        ({"jaar": 2018}, [("Ministerie van SZW", "2018"), ("UWV", "2018")]),
        ({"soort": "cofinanciering"}, [("UWV", "2019"), ("UWV", "2018")]),
        ({"soort": "structurele_subsidie", "jaar": 2019}, []),
    ],
)
def test_toezeggingen_filter_by_year_and_kind_of_agreement(client, stuurgroeplid, geld, filters, verwacht):
    client.force_login(stuurgroeplid)

    rijen = tabel(client.get(TOEZEGGINGEN, filters).content.decode())

    assert [(r["Financier"], r["Jaar"]) for r in rijen] == verwacht


def test_toezeggingen_filter_by_financier_of_the_own_region_only(client, stuurgroeplid, geld):
    client.force_login(stuurgroeplid)

    pagina = client.get(TOEZEGGINGEN, {"financier": geld.szw.financier_id}).content.decode()

    assert [r["Afspraak"] for r in tabel(pagina)] == ["Structurele rijksbijdrage"]
    assert "UWV Oost" not in pagina  # the financier choice holds the own region's financiers
    elders = Partner.objects.get(naam="UWV Oost")
    vreemd = client.get(TOEZEGGINGEN, {"financier": elders.pk}).content.decode()
    assert "Selecteer een geldige keuze" in vreemd and tabel(vreemd) == []


def test_payments_filter_by_date_range_and_financier(client, financien, geld):
    client.force_login(financien)

    tweede_helft = tabel(client.get(BETALINGEN, {"van": "2018-07-01", "tot": "2018-12-31"}).content.decode())
    uwv_2018 = tabel(client.get(BETALINGEN, {"financier": geld.uwv.financier_id, "jaar": 2018}).content.decode())

    assert [r["Ontvangen op"] for r in tweede_helft] == ["02-10-2018"]
    assert [r["Factuur"] for r in uwv_2018] == ["F-2018-02", "F-2018-01"]


def test_the_menu_and_the_tabs_lead_to_the_three_money_lists(client, stuurgroeplid, financien, geld):
    client.force_login(stuurgroeplid)
    pagina = client.get(TOEZEGGINGEN).content.decode()
    menu = pagina.split('<nav aria-label="Hoofdmenu">')[1].split("</nav>")[0]
    assert f'<a href="{TOEZEGGINGEN}" aria-current="page">Toezeggingen</a>' in menu
    assert f'href="{BETALINGEN}"' in pagina

    client.force_login(financien)
    pagina = client.get(BETALINGEN).content.decode()
    menu = pagina.split('<nav aria-label="Hoofdmenu">')[1].split("</nav>")[0]
    assert f'<a href="{reverse("facturen:lijst")}" aria-current="page">Facturen</a>' in menu
    assert f'<a href="{BETALINGEN}" aria-current="page">Betalingen</a>' in pagina
    assert f'<a href="{TOEZEGGINGEN}">Toezeggingen</a>' in client.get(reverse("facturen:lijst")).content.decode()


def _meer_geld(regio, aantal: int):
    """`aantal` more financiers, each with a 2018 toezegging that is invoiced and paid."""
    for i in range(aantal):
        toezegging = ToezeggingFactory(
            afspraak=AfspraakFactory(leerwerkloket=regio, financier=PartnerFactory(leerwerkloket=regio, naam=f"P{i}"))
        )
        BetalingFactory(factuur=FactuurFactory(toezegging=toezegging, nummer=f"G-{i}"))


@pytest.mark.parametrize("adres", [TOEZEGGINGEN, BETALINGEN])
def test_the_lists_keep_their_number_of_queries_as_the_money_grows(
    client, twente, financien, landelijk, geld, adres, django_assert_max_num_queries
):
    def aantal_rijen(gebruiker):
        client.force_login(gebruiker)
        with django_assert_max_num_queries(10):
            return len(tabel(client.get(adres).content.decode()))

    klein = [aantal_rijen(financien), aantal_rijen(landelijk)]
    _meer_geld(twente, 12)
    groot = [aantal_rijen(financien), aantal_rijen(landelijk)]

    assert [g - k for k, g in zip(klein, groot, strict=True)] == [12, 12]


def test_the_invoice_list_marks_only_the_column_it_is_sorted_on(client, financien, geld):
    # Newest invoice first, by number within a day: the arrow is on the date alone.
    client.force_login(financien)

    pagina = client.get(reverse("facturen:lijst")).content.decode()
    assert re.findall(r'aria-sort="(\w+)"', pagina) == ["descending"]
    assert re.findall(r">([\w ]+) <span aria-hidden=\"true\">([▲▼])</span>", pagina) == [("Factuurdatum", "▼")]

    pagina = client.get(reverse("facturen:lijst") + "?sort=-bedrag").content.decode()
    assert re.findall(r">([\w ]+) <span aria-hidden=\"true\">([▲▼])</span>", pagina) == [("Bedrag", "▼")]
