"""What the README promises of the exports, read from the cells with openpyxl: real dates in every
list (and 31-12-2018 in the Dutch CSV), years never written with a thousands separator, a totals
row under every list that shows amounts, and no empty report for a year without data."""

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from financiering.models import Factuur
from kern.money import format_euro
from partners.models import Partner
from rapportage.exporteren.registry import EXPORTERS
from rapportage.exporteren.schrijver import EURO

# list -> (its page, the filter, the amount columns, the date columns)
LIJSTEN = {
    "afspraken": ("afspraken:lijst", {}, ("Minimum per jaar",), ()),
    "toezeggingen": ("toezeggingen:lijst", {"jaar": 2021}, ("In geld", "Gefactureerd", "Openstaand"), ()),
    "facturen": ("facturen:lijst", {"jaar": 2021}, ("Bedrag", "Ontvangen", "Openstaand"), ("Factuurdatum",)),
    "betalingen": ("facturen:betalingen", {"jaar": 2021}, ("Bedrag",), ("Ontvangen op",)),
    "realisatie": ("jaarplan:realisatie_lijst", {"jaar": 2021}, ("Bedrag",), ("Boekdatum",)),
}
JAARKOPPEN = ("jaar", "van", "tot en met")


def _werkboek(antwoord):
    inhoud = b"".join(antwoord.streaming_content) if antwoord.streaming else antwoord.content
    return openpyxl.load_workbook(io.BytesIO(inhoud))


def _xlsx(client, naam, params):
    antwoord = client.get(reverse("exports:lijst", args=[naam, "xlsx"]), params)
    assert antwoord.status_code == 200
    return _werkboek(antwoord).worksheets[0]


@pytest.fixture
def lezer(client, demo, financien):
    client.force_login(financien)
    return client


@pytest.mark.parametrize("naam", LIJSTEN)
def test_every_list_with_amounts_has_a_totals_row_of_sums(lezer, naam):
    _pagina, params, bedragen, _datums = LIJSTEN[naam]

    blad = _xlsx(lezer, naam, params)

    kop, *rijen, totaal = list(blad.iter_rows(min_row=2))
    assert len(rijen) > 0
    assert totaal[0].value == "Totaal"
    kolom = {cel.value: i for i, cel in enumerate(kop)}
    for k in bedragen:
        letter = kop[kolom[k]].column_letter
        assert totaal[kolom[k]].value == f"=SUM({letter}3:{letter}{2 + len(rijen)})", k
        assert totaal[kolom[k]].number_format == EURO


def test_the_facturen_totals_are_those_on_the_page(lezer):
    blad = _xlsx(lezer, "facturen", {"jaar": 2021})
    pagina = lezer.get(reverse("facturen:lijst"), {"jaar": 2021}).content.decode()

    kop, *rijen, _totaal = list(blad.iter_rows(min_row=2))
    kolom = {cel.value: i for i, cel in enumerate(kop)}
    for label, k in (
        ("Gefactureerd", "Bedrag"),
        ("Ontvangen op deze facturen", "Ontvangen"),
        ("Openstaand", "Openstaand"),
    ):
        som = sum((Decimal(str(r[kolom[k]].value)) for r in rijen), Decimal("0")).quantize(Decimal("0.01"))
        assert f"<dt>{label}</dt><dd>{format_euro(som)}</dd>" in pagina


@pytest.mark.parametrize("naam", [n for n, lijst in LIJSTEN.items() if lijst[3]])
def test_dates_are_real_dates_in_excel_and_31_12_2018_in_the_dutch_csv(lezer, naam):
    _pagina, params, _bedragen, datums = LIJSTEN[naam]

    blad = _xlsx(lezer, naam, params)
    csv = lezer.get(reverse("exports:lijst", args=[naam, "csv"]), params).content.decode("utf-8-sig")
    standaard = lezer.get(reverse("exports:lijst", args=[naam, "csv"]), {**params, "csv": "standaard"})

    kop, *rijen, _totaal = list(blad.iter_rows(min_row=2))
    kolom = [cel.value for cel in kop].index(datums[0])
    cellen = [r[kolom] for r in rijen]
    assert all(isinstance(c.value, datetime.datetime) and c.number_format.lower() == "dd-mm-yyyy" for c in cellen)
    csv_kop, *csv_rijen = [regel.split(";") for regel in csv.strip().split("\r\n")]
    assert [r[csv_kop.index(datums[0])] for r in csv_rijen] == [f"{c.value:%d-%m-%Y}" for c in cellen]
    std_kop, eerste, *_ = standaard.content.decode().split("\r\n")
    assert eerste.split(",")[std_kop.split(",").index(datums[0])] == f"{cellen[0].value:%Y-%m-%d}"


def _werkboeken(client, demo):
    """Every report of the registry for 2021 (the verantwoording of each financier), and every list."""
    for identifier, exporter in EXPORTERS.items():
        if "financier" in exporter.opties:
            for partner in Partner.objects.filter(leerwerkloket=demo, afspraken__isnull=False).distinct():
                params = {"jaar": 2021, "financier": partner.pk}
                antwoord = client.get(reverse("exports:downloaden", args=[identifier]), params)
                if antwoord.status_code == 200:
                    yield f"{identifier} {partner}", _werkboek(antwoord)
        else:
            params = {"jaar": 2021} if "jaar" in exporter.opties else {}
            yield identifier, _werkboek(client.get(reverse("exports:downloaden", args=[identifier]), params))
    for naam, (_pagina, params, _b, _d) in LIJSTEN.items():
        yield naam, _werkboek(client.get(reverse("exports:lijst", args=[naam, "xlsx"]), params))


def test_no_sheet_writes_a_year_with_a_thousands_separator(lezer, demo):
    gezien = 0
    for naam, boek in _werkboeken(lezer, demo):
        for blad in boek.worksheets:
            koppen = {}
            for rij in blad.iter_rows():
                for cel in rij:
                    if isinstance(cel.value, str) and cel.value.strip().lower() in JAARKOPPEN:
                        koppen[cel.column] = cel.value
                    elif type(cel.value) is int and 2000 <= cel.value <= 2100 and cel.column in koppen:
                        gezien += 1
                        assert "," not in cel.number_format and "#" not in cel.number_format, (
                            naam,
                            blad.title,
                            cel.coordinate,
                            cel.number_format,
                        )
            if blad.title == "Info":  # ("Jaar", 2021)
                for label, waarde in blad.iter_rows(min_row=2, max_col=2):
                    if label.value == "Jaar":
                        gezien += 1
                        assert "," not in waarde.number_format, (naam, waarde.number_format)
    assert gezien > 20


def test_the_verantwoording_writes_its_years_plainly(lezer, demo):
    uwv = Partner.objects.get(leerwerkloket=demo, naam="UWV")
    boek = _werkboek(
        lezer.get(reverse("exports:downloaden", args=["verantwoording"]), {"jaar": 2019, "financier": uwv.pk})
    )

    cellen = [c for blad in boek.worksheets for rij in blad.iter_rows() for c in rij if c.value == 2017]

    assert cellen and all(c.number_format == "0" for c in cellen)


def test_a_report_for_a_year_without_data_is_refused(demo, tmp_path):
    uit = tmp_path / "leeg.xlsx"

    with pytest.raises(CommandError) as fout:
        call_command("export_rapport", "--rapport", "jaaroverzicht", "--regio", "twente", "--jaar", "2030", "-o", uit)
    with pytest.raises(CommandError) as verantwoording:
        call_command(
            "export_rapport", "--rapport", "verantwoording", "--regio", "twente", "--jaar", "2016",
            "--financier", "UWV", "-o", uit,
        )  # fmt: skip

    assert str(fout.value) == (
        "Leerwerkloket Twente heeft voor 2030 geen jaarplan en geen toezeggingen; er is niets om te rapporteren. "
        "Kies een jaar met gegevens."
    )
    assert str(verantwoording.value).startswith("Leerwerkloket Twente heeft voor 2016 geen jaarplan")
    assert not uit.exists()


def test_a_year_with_only_a_concept_renewal_has_nothing_to_report(demo, tmp_path):
    from financiering.models import Financieringsafspraak
    from financiering.services import afspraak_verlengen

    uwv = Financieringsafspraak.objects.get(leerwerkloket=demo, financier__naam="UWV")
    afspraak_verlengen(afspraak=uwv, door=None)  # a concept for 2022-2026: it commits nothing yet
    uit = tmp_path / "leeg.xlsx"

    with pytest.raises(CommandError) as fout:
        call_command(
            "export_rapport", "--rapport", "verantwoording", "--regio", "twente", "--jaar", "2022",
            "--financier", "UWV", "-o", uit,
        )  # fmt: skip

    assert str(fout.value) == (
        "Leerwerkloket Twente heeft voor 2022 geen jaarplan en geen toezeggingen; er is niets om te rapporteren. "
        "Kies een jaar met gegevens."
    )
    assert not uit.exists()


def test_the_credit_invoice_is_in_the_facturen_export(lezer, demo, financien):
    from financiering.services import factuur_crediteren

    factuur = Factuur.objects.get(nummer="LWT-2021-006")
    factuur_crediteren(
        factuur=factuur, nummer="LWT-2021-006-C", factuurdatum=datetime.date(2021, 8, 2),
        bedrag=Decimal("38750.00"), reden="Dubbel", door=financien,
    )  # fmt: skip

    blad = _xlsx(lezer, "facturen", {"jaar": 2021})

    rijen = {r[0]: r for r in blad.iter_rows(min_row=3, values_only=True)}
    assert rijen["LWT-2021-006-C"][5] == -38750
    assert rijen["LWT-2021-006"][7] == 0  # openstaand: nothing left on the credited invoice
