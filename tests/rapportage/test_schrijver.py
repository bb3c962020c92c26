"""The workbook writer (rapportage.exporteren.schrijver) on its own: what every sheet it writes
holds, read back with openpyxl as a finance person's spreadsheet would read the file. The writer
makes a small workbook in memory and streams a big one; `wijze` runs a test both ways."""

import datetime
import re
import tracemalloc
import zipfile
from decimal import Decimal
from unittest import mock
from zoneinfo import ZoneInfo

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kern.soorten import DATUM, EURO, GETAL, JAARTAL, PROCENT
from rapportage.exporteren import schrijver
from rapportage.exporteren.schrijver import Blad, Info, Kolom, schrijf_xlsx

from .libreoffice import herberekend

KOLOMMEN = [
    Kolom("Datum", "datum"),
    Kolom("Omschrijving", breedte=36),
    Kolom("Aantal", "aantal", totaal=True),
    Kolom("Aandeel", "procent"),
    Kolom("Bedrag", "bedrag", totaal=True),
]
# Amounts a float cannot hold: 0.1 + 0.2 is 0.30000000000000004 as floats, 0.07 is written
# 0.07000000000000001 and 99,999,999,999.99 as 99999999999.99001 with 16 digits.
LASTIGE_BEDRAGEN = [
    Decimal("0.10"),
    Decimal("0.20"),
    Decimal("0.07"),
    Decimal("-0.01"),
    Decimal("1234.50"),
    Decimal("99999999999.99"),
    Decimal("100000000000.01"),
    Decimal("12345678901.23"),
]


@pytest.fixture(params=["in het geheugen", "stromend"])
def wijze(request, monkeypatch):
    monkeypatch.setattr(schrijver, "IN_GEHEUGEN_TOT", 10**9 if request.param == "in het geheugen" else 0)
    return request.param


def _schrijf(tmp_path, *bladen, info=None):
    pad = tmp_path / "boek.xlsx"
    schrijf_xlsx(list(bladen), info or Info(rapport="Proef", regels=[("Jaar", 2021)]), pad)
    return pad


def _blad(rijen, **anders):
    return Blad(**{"naam": "Boekingen", "titel": "Boekingen 2021", "kolommen": KOLOMMEN, "rijen": rijen, **anders})


def _zoals_excel(tekst: str) -> str:
    """Text as Excel reads it from the file: `_xHHHH_` is the character HHHH (openpyxl leaves it
    in a cell's own text)."""
    return re.sub(r"_x([0-9A-F]{4})_", lambda m: chr(int(m.group(1), 16)), tekst)


def _xml(pad, deel="xl/worksheets/sheet1.xml") -> str:
    with zipfile.ZipFile(pad) as boek:
        return boek.read(deel).decode()


def test_every_amount_is_written_with_its_exact_cents(tmp_path, wijze):
    rijen = [[datetime.date(2021, 1, 4), f"regel {i}", 1, None, b] for i, b in enumerate(LASTIGE_BEDRAGEN)]

    pad = _schrijf(tmp_path, _blad(rijen))

    getallen = re.findall(r'<c r="E\d+" s="\d+"><v>([^<]*)</v></c>', _xml(pad))
    assert getallen == [str(b) for b in LASTIGE_BEDRAGEN]  # the file holds the Decimal's own digits
    blad = openpyxl.load_workbook(pad)["Boekingen"]
    terug = [blad.cell(row=3 + i, column=5) for i in range(len(LASTIGE_BEDRAGEN))]
    assert [Decimal(repr(c.value)).quantize(Decimal("0.01")) for c in terug] == LASTIGE_BEDRAGEN
    assert all(c.number_format == EURO for c in terug)


@pytest.mark.parametrize("grens", [10**9, 0], ids=["in het geheugen", "stromend"])
@settings(max_examples=40, deadline=None)
@given(st.lists(st.decimals(min_value=-(10**11), max_value=10**11, places=2), min_size=1, max_size=30))
def test_any_amount_up_to_a_hundred_billion_reads_back_to_the_cent(tmp_path_factory, grens, bedragen):
    with mock.patch.object(schrijver, "IN_GEHEUGEN_TOT", grens):
        pad = _schrijf(tmp_path_factory.mktemp("bedragen"), _blad([[None, None, None, None, b] for b in bedragen]))

    blad = openpyxl.load_workbook(pad, read_only=True)["Boekingen"]
    terug = [r[4] for r in blad.iter_rows(min_row=3, max_row=2 + len(bedragen), values_only=True)]
    assert [Decimal(repr(w)).quantize(Decimal("0.01")) for w in terug] == bedragen


def test_libreoffice_sums_the_cents_exactly(tmp_path, wijze):
    """0.10 + 0.20 + 0.07 - 0.01 + ...: the =SUM() a spreadsheet computes is the Decimal sum."""
    rijen = [[None, f"regel {i}", 1, None, b] for i, b in enumerate(LASTIGE_BEDRAGEN)]

    blad = herberekend(_schrijf(tmp_path, _blad(rijen)), tmp_path)["Boekingen"]

    totaal = next(r for r in blad.iter_rows(values_only=True) if r[0] == "Totaal")
    assert Decimal(repr(totaal[4])).quantize(Decimal("0.01")) == sum(LASTIGE_BEDRAGEN)
    assert totaal[2] == len(LASTIGE_BEDRAGEN)


def test_a_sheet_has_its_title_header_formats_widths_filter_and_totals(tmp_path, wijze):
    rijen = [
        [datetime.date(2021, 3, 31), "Loketfunctie", 3, Decimal("0.8750"), Decimal("1500.25")],
        [datetime.date(2021, 4, 1), "Spreekuur", 2, Decimal("0.1250"), Decimal("-200.00")],
    ]

    pad = _schrijf(tmp_path, _blad(rijen, toelichting="Alle boekingen van 2021."))

    blad = openpyxl.load_workbook(pad)["Boekingen"]
    assert (blad["A1"].value, blad["A1"].font.b, blad["A1"].font.sz) == ("Boekingen 2021", True, 14)
    assert blad["A2"].value == "Alle boekingen van 2021."
    assert [c.value for c in blad[3]] == ["Datum", "Omschrijving", "Aantal", "Aandeel", "Bedrag"]
    assert all(c.font.b and c.alignment.wrap_text for c in blad[3])
    assert blad.freeze_panes == "A4"
    assert blad.auto_filter.ref == "A3:E5"
    assert blad["A4"].value == datetime.datetime(2021, 3, 31) and blad["A4"].number_format == DATUM
    assert (blad["C4"].value, blad["C4"].number_format) == (3, GETAL)
    assert (blad["D4"].value, blad["D4"].number_format) == (0.875, PROCENT)
    assert (blad["E4"].value, blad["E4"].number_format) == (1500.25, EURO)
    assert [c.value for c in blad[6]] == ["Totaal", None, "=SUM(C4:C5)", None, "=SUM(E4:E5)"]
    assert blad["E6"].number_format == EURO and blad["E6"].font.b
    assert blad["C6"].number_format == GETAL
    # Widths as the columns ask (XlsxWriter stores the width Excel shows, a little wider).
    assert round(blad.column_dimensions["B"].width) == 37
    assert blad.column_dimensions["B"].width > blad.column_dimensions["A"].width


def test_a_formula_total_has_no_value_until_a_spreadsheet_computes_it(tmp_path, wijze):
    """A reader that does not calculate (pandas, data_only) sees an empty total, never a wrong 0."""
    pad = _schrijf(tmp_path, _blad([[None, "x", 1, None, Decimal("5.00")]]))

    blad = openpyxl.load_workbook(pad, data_only=True)["Boekingen"]

    assert (blad["C5"].value, blad["E5"].value) == (None, None)


def test_an_empty_sheet_totals_zero_without_a_formula(tmp_path, wijze):
    blad = openpyxl.load_workbook(_schrijf(tmp_path, _blad([])))["Boekingen"]

    assert [c.value for c in blad[3]] == ["Totaal", None, 0, None, 0]
    assert blad.auto_filter.ref is None


def test_a_column_that_does_not_say_formats_amounts_and_dates_by_their_value(tmp_path, wijze):
    kolommen = [Kolom("Wat"), Kolom("Waarde")]
    rijen = [
        ["bedrag", Decimal("10.00")],
        ["datum", datetime.date(2021, 5, 6)],
        ["tijdstip", datetime.datetime(2021, 5, 6, 14, 30, tzinfo=ZoneInfo("Europe/Amsterdam"))],
        ["jaar", 2021],
        ["ja", True],
        ["breuk", 0.5],
        ["leeg", None],
    ]

    blad = openpyxl.load_workbook(_schrijf(tmp_path, Blad("Los", "Los", kolommen, rijen)))["Los"]

    cellen = {r[0].value: r[1] for r in blad.iter_rows(min_row=3)}
    assert (cellen["bedrag"].value, cellen["bedrag"].number_format) == (10, EURO)
    assert (cellen["datum"].value, cellen["datum"].number_format) == (datetime.datetime(2021, 5, 6), DATUM)
    assert cellen["tijdstip"].value == datetime.datetime(2021, 5, 6, 14, 30)  # the local time, as shown
    assert (cellen["jaar"].value, cellen["jaar"].number_format) == (2021, "General")
    assert (cellen["ja"].value, cellen["ja"].data_type) == (True, "b")
    assert cellen["breuk"].value == 0.5
    assert cellen["leeg"].value is None


@pytest.mark.parametrize(
    "tekst",
    ['=HYPERLINK("http://kwaad.example","klik")', "+31 6 1234", "-1+2", "@SUM(A1)", "\t=1", "\r=1"],
)
def test_text_that_a_spreadsheet_would_run_is_written_as_text(tmp_path, wijze, tekst):
    kolommen = [Kolom("Tekst")]

    pad = _schrijf(
        tmp_path, Blad("Tekst", tekst, kolommen, [[tekst]]), info=Info(rapport=tekst, regels=[(tekst, tekst)])
    )

    boek = openpyxl.load_workbook(pad)
    cellen = [c for blad in boek.worksheets for rij in blad.iter_rows() for c in rij if c.value is not None]
    assert {c.data_type for c in cellen} == {"s"}
    assert _zoals_excel(boek["Tekst"]["A3"].value) == tekst
    assert _zoals_excel(boek["Info"]["B2"].value) == tekst


def test_text_that_looks_like_a_link_or_a_number_stays_the_text_typed(tmp_path, wijze):
    teksten = ["http://kwaad.example", "0612345678", "1.000,00", "2021"]

    pad = _schrijf(tmp_path, Blad("Tekst", "Tekst", [Kolom("Tekst")], [[t] for t in [*teksten, "_x0041_"]]))

    blad = openpyxl.load_workbook(pad)["Tekst"]
    assert [c.value for (c,) in blad.iter_rows(min_row=3, max_row=6)] == teksten
    assert all(c.data_type == "s" for (c,) in blad.iter_rows(min_row=3))
    assert not blad._hyperlinks
    # Excel's own escape of a character is escaped in turn: Excel shows it as typed, not as "A".
    deel = "xl/worksheets/sheet1.xml" if wijze == "stromend" else "xl/sharedStrings.xml"
    assert "<t>_x005F_x0041_</t>" in _xml(pad, deel)


def test_the_info_sheet_says_what_the_file_is(tmp_path, wijze):
    info = Info(
        rapport="Jaaroverzicht – Leerwerkloket Twente",
        regels=[("Jaar", 2021), ("Peildatum", datetime.date(2021, 12, 31)), ("Gemaakt door", "Fien")],
    )

    blad = openpyxl.load_workbook(_schrijf(tmp_path, _blad([]), info=info))["Info"]

    assert [[c.value for c in r] for r in blad.iter_rows()] == [
        ["Jaaroverzicht – Leerwerkloket Twente", None],
        ["Jaar", 2021],
        ["Peildatum", datetime.datetime(2021, 12, 31)],
        ["Gemaakt door", "Fien"],
    ]
    assert blad["B2"].number_format == "General" and blad["B3"].number_format == DATUM
    assert blad["A2"].font.b


def test_a_year_column_is_written_without_a_thousands_separator(tmp_path):
    blad = openpyxl.load_workbook(_schrijf(tmp_path, Blad("Jaren", "Jaren", [Kolom("Jaar", "jaar")], [[2021]])))[
        "Jaren"
    ]

    assert (blad["A3"].value, blad["A3"].number_format) == (2021, JAARTAL)


def test_a_failing_sheet_leaves_no_file(tmp_path, wijze):
    def rijen():
        yield [None, "eerste", 1, None, Decimal("1.00")]
        raise RuntimeError("de database viel weg")

    pad = tmp_path / "boek.xlsx"
    with pytest.raises(RuntimeError):
        schrijf_xlsx([_blad(rijen())], Info(rapport="Proef"), pad)

    assert not pad.exists()


def test_more_rows_than_a_sheet_holds_are_refused_not_cut_off(tmp_path, wijze, monkeypatch):
    monkeypatch.setattr(schrijver, "MAX_RIJEN", 6)  # title, header, three rows and the totals

    _schrijf(tmp_path, _blad([[None, "r", 1, None, Decimal("1.00")]] * 3))
    with pytest.raises(ValueError, match="meer rijen dan op één Excel-blad passen"):
        _schrijf(tmp_path, _blad([[None, "r", 1, None, Decimal("1.00")]] * 4))


def test_memory_stays_flat_however_many_rows_a_sheet_has(tmp_path, monkeypatch):
    """Beyond the rows read ahead, one row in memory at a time: ten times the rows, not ten times
    the memory."""
    monkeypatch.setattr(schrijver, "IN_GEHEUGEN_TOT", 1_000)  # cells: both workbooks stream

    def piek(aantal):
        rijen = ([datetime.date(2021, 1, 1 + i % 28), f"boeking {i}", i, None, Decimal(i) / 100] for i in range(aantal))
        tracemalloc.start()
        _schrijf(tmp_path, _blad(rijen))
        _, hoogste = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        return hoogste

    klein, groot = piek(1_000), piek(10_000)

    assert groot < klein * 1.5


def test_a_small_workbook_is_made_in_memory_and_a_big_one_streams(tmp_path, monkeypatch):
    gezien = []
    echt = schrijver.xlsxwriter.Workbook

    def boek(uit, opties):
        gezien.append((opties["in_memory"], opties["constant_memory"]))
        return echt(uit, opties)

    monkeypatch.setattr(schrijver.xlsxwriter, "Workbook", boek)
    monkeypatch.setattr(schrijver, "IN_GEHEUGEN_TOT", 20)  # cells
    rij = [None, "r", 1, None, Decimal("1.00")]

    klein = _schrijf(tmp_path, _blad([rij] * 2), _blad([rij] * 2, naam="Tweede"))
    assert gezien.pop() == (True, False)
    groot = tmp_path / "groot.xlsx"
    schrijf_xlsx((_blad(iter([rij] * n), naam=f"Blad {n}") for n in (2, 3, 4)), Info(rapport="Proef"), groot)
    assert gezien.pop() == (False, True)

    assert [len(list(b.iter_rows(min_row=3))) for b in openpyxl.load_workbook(klein).worksheets[:2]] == [3, 3]
    boek = openpyxl.load_workbook(groot)
    # Every row read ahead is written, in its place: the rows, then the totals.
    assert [len(list(b.iter_rows(min_row=3))) for b in boek.worksheets[:3]] == [3, 4, 5]
    assert boek["Blad 4"]["E7"].value == "=SUM(E3:E6)"
