"""The report exports, checked cell by cell against the app's own figures on the demo data."""

from decimal import Decimal
from io import StringIO

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from financiering.models import Betaling, Factuur, Toezegging
from jaarplan.models import Begrotingsregel, Dekking, Kostenrealisatie
from kern.db import opgeteld
from partners.models import Partner
from rapportage.dashboard.selectors import besteding
from rapportage.exporteren.registry import EXPORTERS
from rapportage.exporteren.schrijver import EURO

from .libreoffice import herberekend


def schrijf(tmp_path, rapport, regio, **opties):
    pad = tmp_path / f"{rapport}.xlsx"
    EXPORTERS[rapport](leerwerkloket=regio, **opties).schrijf(pad)
    return pad


def rijen(blad):
    return list(blad.iter_rows(values_only=True))


def rij_van(blad, eerste):
    return next(r for r in rijen(blad) if r[0] == eerste)


def test_the_jaaroverzicht_has_every_sheet_the_stuurgroep_expects(demo, tmp_path):
    boek = openpyxl.load_workbook(schrijf(tmp_path, "jaaroverzicht", demo, jaar=2018))

    assert boek.sheetnames == [
        "Samenvatting",
        "Toezeggingen",
        "Geldstroom",
        "Facturen",
        "Betalingen",
        "Begroting en realisatie",
        "Dekking",
        "Output",
        "Gemeenten",
        "Info",
    ]
    info = {r[0]: r[1] for r in rijen(boek["Info"])[1:]}
    assert info["Leerwerkloket"] == "Leerwerkloket Twente"
    assert info["Jaar"] == 2018
    assert info["Gemaakt door"] == "opdrachtregel"


def test_the_toezeggingen_sheet_shows_each_financier_and_sums_with_formulas(demo, tmp_path):
    blad = openpyxl.load_workbook(schrijf(tmp_path, "jaaroverzicht", demo, jaar=2018))["Toezeggingen"]

    assert rijen(blad)[2][:5] == ("Financier", "Afspraak", "Soort", "Minimum per jaar", "Toegezegd in geld")
    uwv = rij_van(blad, "UWV")
    assert uwv[3:11] == (75000, 50000, 25000, 75000, "ja", 50000, 50000, 0)
    szw = rij_van(blad, "Ministerie van SZW")
    # SZW's advances have no invoice: received, and nothing outstanding (never a negative debt).
    assert (szw[8], szw[9], szw[10]) == (0, 100000, 0)
    totaal = rij_van(blad, "Totaal")
    assert totaal[4] == "=SUM(E4:E8)"
    assert blad.freeze_panes == "A4"
    assert blad.auto_filter.ref == "A3:K8"
    assert blad["E4"].number_format == EURO


def test_libreoffice_recalculates_the_totals_to_the_apps_figures(demo, tmp_path):
    boek = herberekend(schrijf(tmp_path, "jaaroverzicht", demo, jaar=2021), tmp_path)

    toezeggingen = Toezegging.objects.filter(jaar=2021)
    totaal = rij_van(boek["Toezeggingen"], "Totaal")
    assert Decimal(str(totaal[4])) == opgeteld(toezeggingen, "bedrag_geld")
    assert Decimal(str(totaal[5])) == opgeteld(toezeggingen, "bedrag_natura")
    assert Decimal(str(totaal[8])) == opgeteld(Factuur.objects.filter(toezegging__jaar=2021))
    assert Decimal(str(totaal[9])) == opgeteld(Betaling.objects.filter(toezegging__jaar=2021))
    # ROC's second 2021 term is partly paid, the gemeenten' not at all: 17,500 + 38,750.
    assert Decimal(str(totaal[10])) == Decimal("56250.00")

    begroting = rij_van(boek["Begroting en realisatie"], "Totaal")
    assert Decimal(str(begroting[2])) == opgeteld(Begrotingsregel.objects.filter(activiteit__jaarplan__jaar=2021))
    assert Decimal(str(round(begroting[3], 2))) == opgeteld(
        Kostenrealisatie.objects.filter(activiteit__jaarplan__jaar=2021)
    )
    dekking = rij_van(boek["Dekking"], "Totaal")
    assert Decimal(str(dekking[-2])) == opgeteld(Dekking.objects.filter(activiteit__jaarplan__jaar=2021))

    gemeenten = rij_van(boek["Gemeenten"], "Totaal")
    assert Decimal(str(round(gemeenten[4], 2))) == Decimal("77500.00")
    assert gemeenten[2] == 617_567


def test_the_gemeenten_sheet_splits_the_joint_amount_to_the_cent(demo, tmp_path):
    blad = openpyxl.load_workbook(schrijf(tmp_path, "jaaroverzicht", demo, jaar=2017))["Gemeenten"]

    delen = {r[1]: r for r in rijen(blad)[3:] if r[1] and r[1].startswith("Gemeente ")}

    assert len(delen) == 14
    assert delen["Gemeente Enschede"][2] == 154_267
    assert Decimal(str(delen["Gemeente Enschede"][4])) == Decimal("18734.85")
    assert sum(Decimal(str(r[4])) for r in delen.values()) == Decimal("75000.00")


def test_the_verantwoording_tells_uwv_where_its_money_went(demo, tmp_path):
    uwv = Partner.objects.get(naam="UWV")

    boek = openpyxl.load_workbook(schrijf(tmp_path, "verantwoording", demo, jaar=2019, financier=uwv))

    assert boek.sheetnames == ["Afspraken", "Toezeggingen", "Betalingen", "Waar ging het geld naartoe", "Info"]
    # The status as the agreement's page shows it on the day (16 August 2021): derived from its years.
    assert rij_van(boek["Afspraken"], "Cofinanciering UWV 2017-2021")[2] == "Loopt af"
    assert [r[0] for r in rijen(boek["Toezeggingen"])[2:7]] == [2017, 2018, 2019, 2020, 2021]
    besteed = [r for r in rijen(boek["Waar ging het geld naartoe"])[3:] if r[0]]
    loket = Dekking.objects.get(toezegging__afspraak__financier=uwv, toezegging__jaar=2019)
    assert {r[0] for r in besteed} == {loket.activiteit.naam}
    assert all(Decimal(str(r[1])) == loket.bedrag for r in besteed)
    assert [r[6] for r in besteed] == [
        "Loopbaangesprekken (gesprekken)",
        "Vraagverheldering (gesprekken)",
        "Informatiegesprekken (gesprekken)",
    ]
    assert all(r[0] != "Ministerie van SZW" for r in rijen(boek["Betalingen"])[2:])
    # The same figures as the dashboard's "waar gaat uw geld naartoe" for UWV.
    op_de_pagina = besteding(demo, 2019, uwv).rijen[0]
    eerste = besteed[0]
    assert Decimal(str(eerste[5])) == op_de_pagina.uw_deel_kosten
    assert Decimal(str(eerste[8])) == op_de_pagina.indicatoren[0].uw_deel


def test_the_meerjarenoverzicht_puts_the_years_side_by_side(demo, tmp_path):
    boek = openpyxl.load_workbook(schrijf(tmp_path, "meerjarenoverzicht", demo))

    blad = boek["Toezeggingen"]
    assert rijen(blad)[1] == ("Financier", "2017", "2018", "2019", "2020", "2021", "Totaal periode")
    assert rij_van(blad, "ROC van Twente")[1:] == (75000, 75000, 80000, 80000, 75000, 385000)
    assert rij_van(blad, "Totaal")[6] == "=SUM(G3:G7)"


def test_text_that_looks_like_a_formula_is_written_as_text(twente, tmp_path):
    from tests.factories import AfspraakFactory, PartnerFactory, ToezeggingFactory

    kwaad = PartnerFactory(leerwerkloket=twente, naam='=HYPERLINK("http://kwaad.example","klik")')
    ToezeggingFactory(afspraak=AfspraakFactory(leerwerkloket=twente, financier=kwaad, naam="+31 cofinanciering"))

    pad = schrijf(tmp_path, "jaaroverzicht", twente, jaar=2018)

    blad = openpyxl.load_workbook(pad)["Toezeggingen"]
    assert blad["A4"].value == '=HYPERLINK("http://kwaad.example","klik")'
    assert blad["A4"].data_type == "s"
    assert blad["B4"].value == "+31 cofinanciering"
    herrekend = herberekend(pad, tmp_path)["Toezeggingen"]
    assert herrekend["A4"].value == '=HYPERLINK("http://kwaad.example","klik")'


def test_a_year_without_jaarplan_still_gives_a_workbook_that_says_so(twente, tmp_path):
    boek = openpyxl.load_workbook(schrijf(tmp_path, "jaaroverzicht", twente, jaar=2030))

    assert rijen(boek["Samenvatting"])[1][0] == "Er is geen jaarplan 2030."
    assert "Dekking" not in boek.sheetnames
    assert rij_van(boek["Toezeggingen"], "Totaal")[4] == 0


def test_the_command_writes_the_report(demo, tmp_path):
    uit = StringIO()
    pad = tmp_path / "overzicht.xlsx"

    call_command(
        "export_rapport",
        "--rapport",
        "jaaroverzicht",
        "--jaar",
        "2018",
        "--regio",
        "twente",
        "-o",
        str(pad),
        stdout=uit,
    )

    assert f"Jaaroverzicht geschreven naar {pad}." in uit.getvalue()
    assert openpyxl.load_workbook(pad)["Info"]["B3"].value == 2018
    assert not list(tmp_path.glob("*.deel"))


@pytest.mark.parametrize(
    ("argumenten", "melding"),
    [
        (["--rapport", "jaaroverzicht", "--regio", "twente"], "Het rapport jaaroverzicht heeft een jaar nodig"),
        (["--rapport", "verantwoording", "--regio", "twente", "--jaar", "2018"], "heeft een financier nodig"),
        (
            ["--rapport", "verantwoording", "--regio", "twente", "--jaar", "2018", "--financier", "Niemand"],
            "Er is geen financier 'Niemand' bij Leerwerkloket Twente.",
        ),
        (["--rapport", "jaaroverzicht", "--regio", "nergens", "--jaar", "2018"], "Er is geen leerwerkloket 'nergens'."),
    ],
)
def test_the_command_refuses_what_it_cannot_make(demo, tmp_path, argumenten, melding):
    with pytest.raises(CommandError, match=melding):
        call_command("export_rapport", *argumenten, "-o", str(tmp_path / "x.xlsx"))
    assert not (tmp_path / "x.xlsx").exists()


def test_the_help_lists_every_report(capsys):
    with pytest.raises(SystemExit):
        call_command("export_rapport", "--help")
    hulp = capsys.readouterr().out
    for identifier in ("jaaroverzicht", "verantwoording", "meerjarenoverzicht"):
        assert identifier in hulp
    assert "(opties: --jaar, --financier)" in hulp


def test_the_jaaroverzicht_asks_a_fixed_number_of_queries(demo, tmp_path, django_assert_max_num_queries):
    """Each annotated queryset is read once and shared by the sheets that show it (issue 26): 15
    queries for ten sheets, three of them the verdeelsleutel of the one group of gemeenten."""
    with django_assert_max_num_queries(15):
        boek = openpyxl.load_workbook(schrijf(tmp_path, "jaaroverzicht", demo, jaar=2021))
    assert {"Toezeggingen", "Geldstroom", "Dekking", "Output", "Gemeenten"} <= set(boek.sheetnames)
