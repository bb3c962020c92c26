"""Bookkeeping files made in the test, as the bookkeeping package would export them."""

import datetime
import io

import openpyxl


def xlsx(rijen) -> bytes:
    boek = openpyxl.Workbook()
    blad = boek.active
    for rij in rijen:
        blad.append(rij)
    uit = io.BytesIO()
    boek.save(uit)
    return uit.getvalue()


def csv_nl(regels: list[str]) -> bytes:
    """As Dutch Excel writes a CSV: `;` between fields, UTF-8 with a byte order mark."""
    return ("\r\n".join(regels) + "\r\n").encode("utf-8-sig")


BOEKHOUDING_2018 = [
    ["Leerwerkloket Twente - boekingen 2018"],
    ["Afdrukdatum 15-01-2019"],
    [],
    ["Boekdatum", "Omschrijving", "Kostenplaats", "Grootboekrekening", "Bedrag"],
    [datetime.datetime(2018, 1, 31), "Salarissen januari", 4100, 4000, 12500.5],
    [datetime.datetime(2018, 2, 28), "Licentie e-portfolio", "4200", 4300, "€ 1.234,56"],
    [43190, "Creditnota licentie", 4200, 4300, "(234,56)"],  # 31-03-2018 as an Excel serial
    ["30-04-2018", "Salarissen april", 4100, 4000, "12.500,50"],
    [None, "Totaal", None, None, 26001.06],
]
