"""Excel and CSV of a list page: exactly the rows its filters show, readable by Dutch Excel."""

import io

import openpyxl
import pandas as pd
from django.urls import reverse

from tests.factories import PartnerFactory


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
