"""Excel and CSV of a list page: exactly the rows its filters show, readable by Dutch Excel."""

import io
from dataclasses import dataclass
from decimal import Decimal

import openpyxl
import pandas as pd
import pytest
from django.urls import reverse

from kern.money import parse_bedrag, round_money
from partners.models import Partner
from rapportage.exporteren.schrijver import EURO
from tests.factories import PartnerFactory
from tests.geldstroom import geldstroom, tabel


def test_the_partner_list_offers_excel_and_csv_of_the_current_filter(client, projectleider, twente):
    client.force_login(projectleider)

    pagina = client.get(reverse("partners:lijst"), {"soort": "uwv"}).content.decode()

    assert f'href="{reverse("exports:lijst", args=["partners", "xlsx"])}?soort=uwv"' in pagina
    assert f'href="{reverse("exports:lijst", args=["partners", "csv"])}?soort=uwv&amp;csv=standaard"' in pagina


def test_the_excel_export_holds_exactly_the_filtered_rows(client, stuurgroeplid, twente, achterhoek):
    PartnerFactory(leerwerkloket=twente, naam="UWV", soort="uwv")
    PartnerFactory(leerwerkloket=twente, naam="ROC van Twente", soort="roc")
    PartnerFactory(leerwerkloket=twente, naam="UWV Werkbedrijf", soort="uwv", actief=False)
    PartnerFactory(leerwerkloket=achterhoek, naam="UWV", soort="uwv")
    client.force_login(stuurgroeplid)

    antwoord = client.get(reverse("exports:lijst", args=["partners", "xlsx"]), {"soort": "uwv", "actief": "true"})

    assert antwoord.status_code == 200
    boek = openpyxl.load_workbook(io.BytesIO(b"".join(antwoord.streaming_content)))
    rijen = list(boek["Partners"].iter_rows(values_only=True))
    assert rijen[0][0] == "Partners – Leerwerkloket Twente"
    assert rijen[1] == ("Naam", "Soort", "Groep", "Actief")
    assert rijen[2:] == [("UWV", "UWV", "—", "ja")]
    info = {r[0]: r[1] for r in boek["Info"].iter_rows(values_only=True)}
    assert info["Filters"] == "Soort: UWV; Actief: ja"


def test_the_dutch_csv_opens_in_pandas_with_dutch_settings(client, projectleider, twente):
    PartnerFactory(leerwerkloket=twente, naam="Gemeente Enschede; afdeling Werk", soort="gemeente")
    PartnerFactory(leerwerkloket=twente, naam="=1+1 Kwaadaardig", soort="overig")
    client.force_login(projectleider)

    antwoord = client.get(reverse("exports:lijst", args=["partners", "csv"]))

    inhoud = antwoord.content
    assert inhoud.startswith("\ufeff".encode())
    assert antwoord["Content-Type"] == "text/csv; charset=utf-8"
    frame = pd.read_csv(io.BytesIO(inhoud), sep=";", decimal=",", encoding="utf-8-sig", dtype=str)
    assert list(frame.columns) == ["Naam", "Soort", "Groep", "Actief"]
    assert list(frame["Naam"]) == ["'=1+1 Kwaadaardig", "Gemeente Enschede; afdeling Werk"]


def test_the_standard_csv_uses_commas(client, projectleider, twente):
    PartnerFactory(leerwerkloket=twente, naam="UWV", soort="uwv")
    client.force_login(projectleider)

    antwoord = client.get(reverse("exports:lijst", args=["partners", "csv"]), {"csv": "standaard"})

    assert antwoord.content.decode() == "Naam,Soort,Groep,Actief\r\nUWV,UWV,—,ja\r\n"


def test_a_list_export_asks_the_list_pages_permission(client, db):
    antwoord = client.get(reverse("exports:lijst", args=["partners", "xlsx"]))
    assert antwoord.status_code == 302
    assert client.get(reverse("exports:lijst", args=["geheim", "xlsx"])).status_code == 302


def test_unknown_lists_and_formats_are_not_found(client, projectleider):
    client.force_login(projectleider)
    assert client.get(reverse("exports:lijst", args=["geheim", "xlsx"])).status_code == 404
    assert client.get(reverse("exports:lijst", args=["partners", "pdf"])).status_code == 404


# -- The money lists: the export holds the page's amounts, exactly, in every format ----------------
@dataclass(frozen=True)
class Lijst:
    naam: str
    pagina: str
    sleutels: tuple[str, ...]  # columns that read the same on the page and in the file
    bedragen: tuple[str, ...]
    filter: dict
    datums: tuple[str, ...] = ()

    def __str__(self):
        return self.naam


GELDLIJSTEN = [
    Lijst(
        "afspraken",
        "afspraken:lijst",
        ("Afspraak", "Financier"),
        ("Minimum per jaar",),
        {"soort": "structurele_subsidie"},
    ),
    Lijst(
        "facturen",
        "facturen:lijst",
        ("Factuur", "Financier", "Jaar"),
        ("Bedrag", "Ontvangen", "Openstaand"),
        {"jaar": 2018},
        datums=("Factuurdatum", "Vervaldatum"),
    ),
    Lijst(
        "toezeggingen",
        "toezeggingen:lijst",
        ("Financier", "Afspraak", "Jaar"),
        ("In geld", "In natura", "Toegezegd", "Gefactureerd", "Ontvangen", "Openstaand"),
        {"jaar": 2018},
    ),
    Lijst(
        "betalingen",
        "facturen:betalingen",
        ("Financier", "Jaar"),
        ("Bedrag",),
        {"van": "2018-07-01", "tot": "2019-12-31"},
        datums=("Ontvangen op",),
    ),
]
FORMATEN = ["xlsx", "csv-nl", "csv"]


@pytest.fixture
def geld(twente, achterhoek):
    return geldstroom(twente, andere_regio=achterhoek)


def _tekst(waarde) -> str:
    return "" if waarde is None or waarde != waarde else str(waarde)  # NaN: an empty CSV cell


def _bedrag_van_pagina(tekst: str) -> Decimal | None:
    return None if tekst in ("", "–") else parse_bedrag(tekst)


def op_de_pagina(client, lijst: Lijst, params: dict) -> list[tuple]:
    rijen = tabel(client.get(reverse(lijst.pagina), params).content.decode())
    return [
        tuple(r[k] for k in lijst.sleutels) + tuple(_bedrag_van_pagina(r[k]) for k in lijst.bedragen) for r in rijen
    ]


def in_de_export(client, lijst: Lijst, params: dict, formaat: str) -> list[tuple]:
    """The rows of the exported file, read the way a finance person's tool reads them."""
    if formaat == "xlsx":
        antwoord = client.get(reverse("exports:lijst", args=[lijst.naam, "xlsx"]), params)
        blad = openpyxl.load_workbook(io.BytesIO(b"".join(antwoord.streaming_content))).worksheets[0]
        kop, *rijen = list(blad.iter_rows(min_row=2))
        if rijen and rijen[-1][0].value == "Totaal":
            rijen = rijen[:-1]  # the totals row under the list (test_every_money_list_has_a_totals_row)
        kolom = {cel.value: i for i, cel in enumerate(kop)}
        uit = []
        for rij in rijen:
            for k in lijst.bedragen:
                assert rij[kolom[k]].value is None or rij[kolom[k]].number_format == EURO, k
            uit.append(
                tuple(_tekst(rij[kolom[k]].value) for k in lijst.sleutels)
                + tuple(None if (w := rij[kolom[k]].value) is None else Decimal(str(w)) for k in lijst.bedragen)
            )
        return uit
    nederlands = formaat == "csv-nl"
    antwoord = client.get(
        reverse("exports:lijst", args=[lijst.naam, "csv"]), params if nederlands else {**params, "csv": "standaard"}
    )
    if nederlands:
        frame = pd.read_csv(io.BytesIO(antwoord.content), sep=";", decimal=",", thousands=None, encoding="utf-8-sig")
    else:
        frame = pd.read_csv(io.BytesIO(antwoord.content), sep=",", decimal=".", thousands=None, encoding="utf-8")
    for k in lijst.bedragen:
        assert frame[k].dtype == "float64", f"{k} is niet als getal gelezen"
    return [
        tuple(_tekst(rij[k]) for k in lijst.sleutels)
        + tuple(None if rij[k] != rij[k] else round_money(Decimal(repr(rij[k]))) for k in lijst.bedragen)
        for _, rij in frame.iterrows()
    ]


@pytest.mark.parametrize("formaat", FORMATEN)
@pytest.mark.parametrize("lijst", GELDLIJSTEN, ids=str)
def test_every_export_of_a_money_list_holds_the_pages_rows_and_exact_amounts(client, financien, geld, lijst, formaat):
    client.force_login(financien)

    pagina = op_de_pagina(client, lijst, {})
    export = in_de_export(client, lijst, {}, formaat)

    assert export == pagina
    assert any(b is not None and b != b.to_integral_value() for rij in pagina for b in rij[len(lijst.sleutels) :])


@pytest.mark.parametrize("lijst", GELDLIJSTEN, ids=str)
def test_a_filter_narrows_the_page_and_every_export_alike(client, financien, geld, lijst):
    client.force_login(financien)

    alles = op_de_pagina(client, lijst, {})
    gefilterd = op_de_pagina(client, lijst, lijst.filter)

    assert 0 < len(gefilterd) < len(alles)
    for formaat in FORMATEN:
        assert in_de_export(client, lijst, lijst.filter, formaat) == gefilterd, formaat


@pytest.mark.parametrize("lijst", [lijst for lijst in GELDLIJSTEN if lijst.datums], ids=str)
def test_dates_are_real_dates_in_excel_and_dutch_in_the_dutch_csv(client, financien, geld, lijst):
    client.force_login(financien)
    pagina = tabel(client.get(reverse(lijst.pagina)).content.decode())

    xlsx = client.get(reverse("exports:lijst", args=[lijst.naam, "xlsx"]))
    blad = openpyxl.load_workbook(io.BytesIO(b"".join(xlsx.streaming_content))).worksheets[0]
    kop, *rijen, _totaal = list(blad.iter_rows(min_row=2))
    kolom = {cel.value: i for i, cel in enumerate(kop)}
    frame = pd.read_csv(
        io.BytesIO(client.get(reverse("exports:lijst", args=[lijst.naam, "csv"])).content),
        sep=";",
        decimal=",",
        thousands=None,
        encoding="utf-8-sig",
        dtype=str,
    )

    for k in lijst.datums:
        cellen = [rij[kolom[k]] for rij in rijen]
        assert all(c.is_date and c.number_format == "DD-MM-YYYY" for c in cellen)
        assert [f"{c.value:%d-%m-%Y}" for c in cellen] == [r[k] for r in pagina] == list(frame[k])


def test_the_export_follows_the_order_the_page_is_sorted_in(client, financien, geld):
    client.force_login(financien)
    lijst = GELDLIJSTEN[3]

    pagina = op_de_pagina(client, lijst, {"sort": "-bedrag"})

    assert [rij[-1] for rij in pagina] == sorted((rij[-1] for rij in pagina), reverse=True)
    assert in_de_export(client, lijst, {"sort": "-bedrag"}, "xlsx") == pagina


def test_text_in_a_payment_that_looks_like_a_formula_stays_text(client, financien, geld):
    client.force_login(financien)

    xlsx = client.get(reverse("exports:lijst", args=["betalingen", "xlsx"]), {"jaar": 2019})
    csv = client.get(reverse("exports:lijst", args=["betalingen", "csv"]), {"jaar": 2019}).content.decode("utf-8-sig")

    cel = openpyxl.load_workbook(io.BytesIO(b"".join(xlsx.streaming_content)))["Betalingen"]["E3"]
    assert (cel.value, cel.data_type) == ("=UWV 2019", "s")
    assert ";'=UWV 2019;" in csv


@pytest.mark.parametrize("formaat", ["xlsx", "csv"])
@pytest.mark.parametrize("lijst", ["afspraken", "toezeggingen", "facturen", "betalingen"])
def test_a_list_export_naming_another_regions_financier_is_not_found(client, financien, geld, lijst, formaat):
    client.force_login(financien)
    andere = Partner.objects.get(naam="UWV Oost")
    onbekend = Partner.objects.order_by("-pk").first().pk + 1
    eigen = Partner.objects.filter(leerwerkloket=financien.leerwerkloket, naam="UWV").get()
    adres = reverse("exports:lijst", args=[lijst, formaat])

    # As the README promises: another region's financier and one that exists nowhere answer alike.
    assert client.get(adres, {"financier": andere.pk}).status_code == 404
    assert client.get(adres, {"financier": onbekend}).status_code == 404
    assert client.get(adres, {"financier": "9" * 40}).status_code == 404
    assert client.get(adres, {"financier": eigen.pk}).status_code == 200
