"""Every Dutch bank statement layout, read from a file made after the bank's own description
(tests/financiering/bankafschriften/): each line's date, signed amount, counterparty, IBAN,
end-to-end reference and whether it is a reversal. Each file holds the same payments: ROC van
Twente's receipt of € 37.500,00 with reference LWT2021002, a direct debit of € 120,50, and (where the
layout has a way to say so) the storno of the receipt three days later."""

import datetime
import logging
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from financiering.bankimport.formaten import lees_afschrift
from financiering.models import Bankregel, Betaling

MAP = Path(__file__).parent / "bankafschriften"
ROC, WINKEL = "NL91ABNA0417164300", "NL71INGB0009876543"

ONTVANGST = (datetime.date(2021, 2, 26), Decimal("37500.00"), "ROC van Twente", ROC, "LWT2021002", False)
INCASSO = (datetime.date(2021, 3, 3), Decimal("-120.50"), "Kantoorartikelen BV", WINKEL, "", False)
STORNO = (datetime.date(2021, 3, 5), Decimal("-37500.00"), "ROC van Twente", ROC, "LWT2021002", True)
ZONDER_REFERENTIE = (ONTVANGST[:4] + ("", False), INCASSO, STORNO[:4] + ("", True))


def _hoofdletters(regel):
    return (regel[0], regel[1], regel[2].upper(), *regel[3:])


LAYOUTS = {
    "ING CSV (2019, komma)": ("ing-2019.csv", "CSV", [ONTVANGST, INCASSO, STORNO]),
    "ING CSV (puntkomma)": ("ing.csv", "CSV", [ONTVANGST, INCASSO, STORNO]),
    "ING CSV (Engelse kop)": ("ing-engels.csv", "CSV", [ONTVANGST, INCASSO]),
    "ING MT940": ("ing.sta", "MT940", [ONTVANGST, INCASSO, STORNO]),
    "ING MT940 (oud)": (
        "ing-oud.sta",
        "MT940",
        [
            (datetime.date(2013, 2, 26), Decimal("37500.00"), "ROC van Twente ENSCHEDE", "", "", False),
            (datetime.date(2013, 3, 3), Decimal("-120.50"), "Kantoorartikelen BV", "", "", False),
        ],
    ),
    "Rabobank CSV": ("rabobank.csv", "CSV", [ONTVANGST, INCASSO, STORNO]),
    "Rabobank MT940": ("rabobank.swi", "MT940", [ONTVANGST, INCASSO, STORNO]),
    "ABN AMRO .TAB": ("abnamro.TAB", "CSV", [ONTVANGST, INCASSO, STORNO]),
    "ABN AMRO MT940": ("abnamro.sta", "MT940", [ONTVANGST, INCASSO, STORNO]),
    "ABN AMRO MT940 (ongestructureerd)": (
        "abnamro-ongestructureerd.sta",
        "MT940",
        [_hoofdletters(ONTVANGST), _hoofdletters(INCASSO)],
    ),
    "ABN AMRO CAMT.053": ("abnamro-camt053.xml", "CAMT.053", [ONTVANGST, INCASSO, STORNO]),
    "Triodos CSV": ("triodos.csv", "CSV", list(ZONDER_REFERENTIE)),
    "Triodos MT940": (
        "triodos.sta",
        "MT940",
        [
            ONTVANGST[:2] + ("ROC VAN TWENTE BETALING LWT-2021-002 COFINANCIERING", ROC, "", False),
            INCASSO[:2] + ("KANTOORARTIKELEN BV FACTUUR 998", WINKEL, "", False),
            STORNO[:2] + ("ROC VAN TWENTE BETALING LWT-2021-002", ROC, "", True),
        ],
    ),
    "ASN CSV": ("asn.csv", "CSV", list(ZONDER_REFERENTIE)),
    "ASN MT940": ("asn.940", "MT940", list(ZONDER_REFERENTIE)),
    "SNS MT940": ("sns.940", "MT940", list(ZONDER_REFERENTIE[:2])),
    "RegioBank MT940": ("regiobank.940", "MT940", [ZONDER_REFERENTIE[0], ZONDER_REFERENTIE[2]]),
    "Knab CSV": ("knab.csv", "CSV", [ONTVANGST, INCASSO, STORNO]),
    "Knab MT940": ("knab.sta", "MT940", [ONTVANGST, INCASSO, STORNO]),
    "bunq CSV": ("bunq.csv", "CSV", [ONTVANGST[:4] + ("", False), INCASSO]),
    "bunq CSV (Engelse kop)": ("bunq-engels.csv", "CSV", [ONTVANGST[:4] + ("", False), INCASSO]),
    "bunq MT940": ("bunq.sta", "MT940", [ONTVANGST[:4] + ("", False), INCASSO]),
    "BNG CAMT.053": ("bng-camt053.xml", "CAMT.053", [ONTVANGST, INCASSO, STORNO]),
    "BNG MT940S": ("bng.940s", "MT940", [ONTVANGST, INCASSO, STORNO]),
}


def _lees(naam):
    return lees_afschrift((MAP / naam).read_bytes(), naam)


@pytest.mark.parametrize("layout", LAYOUTS)
def test_each_layout_gives_date_amount_counterparty_iban_reference_and_reversal(layout):
    naam, formaat, verwacht = LAYOUTS[layout]

    afschrift, fouten = _lees(naam)

    assert fouten == []
    assert afschrift.formaat == formaat
    assert [
        (r.datum, r.bedrag, r.tegenpartij, r.tegenrekening, r.referentie, r.terugboeking) for r in afschrift
    ] == verwacht


@pytest.mark.parametrize(
    ("naam", "omschrijving"),
    [
        ("ing.sta", "Betaling LWT-2021-002, cofinanciering 2021, eerste termijn"),  # no closing /SUM/
        ("rabobank.swi", "Betaling LWT-2021-002 cofinanciering 2021"),  # no /ISDT/
        ("abnamro.TAB", "Betaling LWT-2021-002, termijn 1, 2021, cofinanciering, Twente, ROC, UWV"),  # six commas
        ("abnamro.sta", "Betaling LWT-2021-002 cofinanciering"),  # no /TRTP/, /EREF/
        ("asn.940", "Betaling LWT-2021-002 cofinanciering"),  # no padding, no IBAN and name
        ("ing-2019.csv", "Betaling LWT-2021-002, cofinanciering 2021, eerste termijn"),  # no Naam:, IBAN:
    ],
)
def test_the_description_keeps_the_payers_words_without_the_formats_debris(naam, omschrijving):
    afschrift, _ = _lees(naam)

    assert afschrift[0].omschrijving == omschrijving
    assert not any(
        teken in regel.omschrijving for regel in afschrift for teken in ("/SUM/", "/ISDT/", "/TRTP/", "/EREF/")
    )


@pytest.mark.parametrize(
    ("csv", "mt940"), [("ing.csv", "ing.sta"), ("ing-2019.csv", "ing.sta"), ("rabobank.csv", "rabobank.swi")]
)
def test_the_same_payments_as_csv_and_as_mt940_are_the_same_lines(csv, mt940):
    def regels(naam):
        return [(r.datum, r.bedrag, r.tegenrekening, r.referentie, r.omschrijving) for r in _lees(naam)[0]]

    assert regels(csv) == regels(mt940)


def test_abn_amros_tab_export_stays_tab_separated_whatever_its_name_and_commas():
    inhoud = (MAP / "abnamro.TAB").read_bytes()

    als_tab, _ = lees_afschrift(inhoud, "TXT210305.TAB")
    als_txt, fouten = lees_afschrift(inhoud, "afschrift.txt")

    assert fouten == []
    assert als_txt == als_tab
    assert als_txt[0].bedrag == Decimal("37500.00")


def test_asn_csv_keeps_a_comma_inside_its_single_quotes_and_ignores_a_bom():
    inhoud = (MAP / "asn.csv").read_bytes().replace(b"'ROC van Twente'", b"'ROC van Twente, Hengelo'")

    afschrift, fouten = lees_afschrift(b"\xef\xbb\xbf" + inhoud, "asn.csv")

    assert fouten == []
    assert [(r.tegenpartij, r.bedrag) for r in afschrift] == [
        ("ROC van Twente, Hengelo", Decimal("37500.00")),
        ("Kantoorartikelen BV", Decimal("-120.50")),
        ("ROC van Twente, Hengelo", Decimal("-37500.00")),
    ]


def test_an_mt940_line_without_a_transaction_type_is_still_a_line_of_its_own():
    tekst = (
        (MAP / "bunq.sta")
        .read_bytes()
        .replace(b"C37500,NTRFNONREF", b"C37500,")
        .replace(b"D120,5NMSCNONREF", b"D120,5")
    )

    afschrift, fouten = lees_afschrift(tekst, "bunq.sta")

    assert fouten == []
    assert [(r.bedrag, r.omschrijving) for r in afschrift] == [
        (Decimal("37500.00"), "Betaling LWT-2021-002 cofinanciering"),
        (Decimal("-120.50"), "Factuur 998"),
    ]


def test_an_mt940_field_cut_on_a_space_keeps_the_space():
    """Rabobank's end-to-end reference of an iDEAL payment holds spaces; the 65-character line may
    end on one, which the library strips."""
    tekst = (MAP / "rabobank.swi").read_bytes()
    gesneden = tekst.replace(b":86:/EREF/LWT2021002/ORDP", b":86:/EREF/26-02-2021 \r\n10:22 0030001100999991/ORDP", 1)

    afschrift, _ = lees_afschrift(gesneden, "rabobank.swi")

    assert afschrift[0].referentie == "26-02-2021 10:22 0030001100999991"
    assert afschrift[0].tegenpartij == "ROC van Twente"


def test_a_reversal_of_a_credit_in_mt940_is_money_going_out_whatever_the_library_defaults():
    """mt-940 keeps an RC line positive unless told otherwise (Options.reversal_sign)."""
    tekst = (MAP / "abnamro.sta").read_bytes()

    afschrift, _ = lees_afschrift(tekst, "abnamro.sta")
    rd, _ = lees_afschrift(tekst.replace(b"RC37500,", b"RD37500,"), "abnamro.sta")

    assert (afschrift[2].bedrag, afschrift[2].terugboeking) == (Decimal("-37500.00"), True)
    assert (rd[2].bedrag, rd[2].terugboeking) == (Decimal("37500.00"), True)  # a reversed debit puts money back


@pytest.fixture
def open_2021(demo):
    Betaling.objects.filter(factuur__factuurdatum__year=2021).delete()
    return demo


def test_import_bank_shows_no_library_debug_lines(open_2021, tmp_path, capsys, caplog):
    caplog.set_level(logging.DEBUG)
    goed = tmp_path / "ing.sta"
    goed.write_bytes((MAP / "ing.sta").read_bytes())
    kapot = tmp_path / "kapot.sta"
    kapot.write_bytes(b":20:X\r\n:25:NL\r\n:60F:C210225EUR1000,00\r\n:61:kapot\r\n:62F:C210225EUR1000,00\r\n-")

    call_command("import_bank", str(goed), "--regio", "twente", "--dry-run")
    with pytest.raises(CommandError):
        call_command("import_bank", str(kapot), "--regio", "twente")

    uitvoer = capsys.readouterr()
    assert "MT940: 1 nieuwe ontvangst(en) ingelezen" in uitvoer.out
    assert "Dit MT940-bestand kan niet worden gelezen" in uitvoer.err
    for tekst in (uitvoer.out, uitvoer.err, caplog.text):
        assert "matching" not in tekst
        assert "matched" not in tekst
        assert "mt940.tags" not in tekst
        assert "Unable to parse" not in tekst
    assert not Bankregel.objects.exists()
