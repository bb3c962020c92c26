"""Ledger exports as Dutch bookkeeping packages send them (tests/jaarplan/grootboeken/): each
package's layout recognised by its header row, D/C and Debet/Credit read as the books mean them,
contra rows on balance-sheet accounts skipped and counted, an unknown layout mapped once and
remembered, and the XAF 3.2 auditfile. Every file holds the same three costs of the jaarplan
2018 fixture: salaries € 12.500,50 on kostenplaats 4100, a licence € 1.234,56 and its credit note
€ 234,56 on 4200 (Twinfield: two credit notes of € 191,25)."""

import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command, execute_from_command_line
from django.core.management.base import CommandError
from django.urls import reverse

from jaarplan.importeren.realisatie import import_analyseren, import_doorvoeren, import_voorbereiden
from jaarplan.models import Importbatch, Kolomindeling, Kostenrealisatie

from .bestanden import csv_nl

MAP = Path(__file__).parent / "grootboeken"
EURO = "€\u00a0"


@pytest.fixture(autouse=True)
def verbinding_blijft_open(monkeypatch):
    """run_from_argv closes the database connections when it ends, which would close the test's own."""
    monkeypatch.setattr("django.core.management.base.connections.close_all", lambda: None)


def inhoud(naam: str) -> bytes:
    return (MAP / naam).read_bytes()


def voorbereiden(twente, financien, naam, data=None, jaar=2018):
    return import_voorbereiden(
        leerwerkloket=twente, bestandsnaam=naam, inhoud=data or inhoud(naam), door=financien, jaar=jaar
    )


def upload(client, naam, data=None):
    bestand = SimpleUploadedFile(naam, data or inhoud(naam))
    return client.post(reverse("importeren:realisatie"), {"bestand": bestand, "jaar": 2018}, follow=True)


def tekst(html: str) -> str:
    """The page's text as a person reads it: tags out, spaces collapsed."""
    return re.sub(r"[ \t\r\n]+", " ", re.sub(r"<[^>]+>", " ", html))


PAKKETTEN = [
    # file, recognised as, rows read in, their total, loketfunctie, e-portfolio, contra rows skipped
    ("exact-online-grootboekkaart-2018.csv", "Exact Online", 3, "13.500,50", "12.500,50", "1.000,00", 3),
    ("twinfield-transacties-2018.csv", "Twinfield", 4, "13.352,56", "12.500,50", "852,06", 1),
    ("afas-profit-financiele-mutaties-2018.csv", "AFAS Profit", 3, "13.500,50", "12.500,50", "1.000,00", 3),
    ("snelstart-grootboekmutaties-2018.csv", "SnelStart", 3, "13.500,50", "12.500,50", "1.000,00", 3),
    ("e-boekhouden-mutaties-2018.csv", "e-Boekhouden", 3, "13.500,50", "12.500,50", "1.000,00", 0),
    ("auditfile-2018.xaf", "XAF 3.2-auditfile", 3, "13.500,50", "12.500,50", "1.000,00", 3),
]


@pytest.mark.parametrize(("naam", "bron", "aantal", "totaal", "loket", "portfolio", "tegen"), PAKKETTEN)
def test_each_package_export_is_recognised_and_previewed_to_the_cent(
    client, financien, jaarplan_2018, naam, bron, aantal, totaal, loket, portfolio, tegen
):
    client.force_login(financien)

    pagina = upload(client, naam).content.decode()

    assert f'<dd data-testid="bron">{bron}</dd>' in pagina
    assert f'data-testid="importtotaal">{EURO}{totaal}</td>' in pagina
    lezen = tekst(pagina)
    assert f"Loketfunctie 1 {EURO}{loket}" in lezen
    assert f"E-portfolio {aantal - 1} {EURO}{portfolio}" in lezen
    assert f"Inlezen voegt toe: {aantal} regels, totaal {EURO}{totaal}." in lezen
    if tegen:
        assert f"{tegen} tegenboeking{'en' if tegen > 1 else ''} op balansrekeningen zonder kostenplaats" in lezen
    else:
        assert "tegenboeking" not in lezen
    assert not Kostenrealisatie.objects.exists()


@pytest.mark.parametrize(("naam", "bron", "aantal", "totaal", "loket", "portfolio", "tegen"), PAKKETTEN)
def test_each_package_export_reads_in_what_the_preview_showed(
    twente, financien, jaarplan_2018, naam, bron, aantal, totaal, loket, portfolio, tegen
):
    batch = import_doorvoeren(batch=voorbereiden(twente, financien, naam), door=financien)

    assert (batch.aantal_regels, f"{batch.totaal:.2f}") == (aantal, totaal.replace(".", "").replace(",", "."))
    assert Kostenrealisatie.objects.filter(grootboekrekening="1600").count() == 0  # no contra row became a cost


def test_twinfield_credit_rows_subtract(twente, financien, jaarplan_2018):
    analyse = import_analyseren(voorbereiden(twente, financien, "twinfield-transacties-2018.csv"))

    assert [(r.stuknummer, r.omschrijving, r.bedrag) for r in analyse.regels] == [
        ("201800001", "Salarissen januari", Decimal("12500.50")),
        ("201800012", "Licentie e-portfolio", Decimal("1234.56")),
        ("201800020", "Creditnota licentie", Decimal("-191.25")),
        ("201800021", "Creditnota training", Decimal("-191.25")),
    ]
    assert analyse.tegenboekingen == {"1600": [1, Decimal("382.50")]}


def test_a_dc_column_without_d_or_c_is_refused_with_its_row(twente, financien, jaarplan_2018):
    data = csv_nl(
        [
            "Boekingsnummer;Boekdatum;Grootboekrek.;Kpl.;Omschrijving;Bedrag;D/C",
            "1;31-01-2018;4000;4100;Goed;10,00;D",
            "2;31-01-2018;4000;4100;Geen teken;10,00;",
            "3;31-01-2018;4000;4100;Iets anders;10,00;X",
        ]
    )

    analyse = import_analyseren(voorbereiden(twente, financien, "twinfield.csv", data))

    assert analyse.fouten == [
        (3, "er staat niet bij of het bedrag debet of credit is (kolom D/C)"),
        (4, "'X' is geen D (debet) of C (credit) (kolom D/C)"),
    ]


def test_a_row_without_kostenplaats_on_a_cost_account_is_still_an_error(twente, financien, jaarplan_2018):
    data = csv_nl(
        [
            "Dagboek;Boekstuknummer;Datum;Grootboekrekening;Omschrijving;Kostenplaats;Debet;Credit",
            "70;1;31-01-2018;4000;Vergeten kostenplaats;;100,00;",
            "70;1;31-01-2018;1600;Crediteuren;;;100,00",
        ]
    )

    analyse = import_analyseren(voorbereiden(twente, financien, "exact.csv", data))

    assert analyse.fouten == [(2, "de kostenplaats ontbreekt")]
    assert analyse.tegenboekingen == {"1600": [1, Decimal("-100.00")]}


def test_the_contra_rows_are_named_on_the_page_with_their_account_and_amount(client, financien, jaarplan_2018):
    client.force_login(financien)

    lezen = tekst(upload(client, "exact-online-grootboekkaart-2018.csv").content.decode())

    assert (
        f"3 tegenboekingen op balansrekeningen zonder kostenplaats overgeslagen: 1600 (3× {EURO}-13.500,50)." in lezen
    )


# -- an unknown layout: mapped once, remembered -------------------------------------------------
def test_an_unknown_layout_is_mapped_on_the_preview_and_remembered_for_the_next_file(
    client, financien, twente, jaarplan_2018
):
    client.force_login(financien)
    pagina = upload(client, "eigen-indeling-2018.csv").content.decode()
    batch = Importbatch.objects.get()
    assert "In dit bestand staan geen herkenbare kolommen. Kies hieronder" in pagina
    assert "niet herkend: kies de kolommen" in pagina
    assert '<details class="kaart" open>' in pagina
    assert batch.kopregel == 2  # the title row above it is passed over

    pagina = client.post(
        reverse("importeren:kolommen", args=[batch.pk]),
        {"kopregel": "2", "datum": "0", "kostenplaats": "1", "omschrijving": "2", "bedrag": "3"},
        follow=True,
    ).content.decode()

    assert "onthouden voor volgende bestanden met deze kopregel" in pagina
    assert f'data-testid="importtotaal">{EURO}13.735,06</td>' in pagina
    indeling = Kolomindeling.objects.get()
    assert (indeling.leerwerkloket, indeling.bron) == (twente, "Boekstukdatum, Kst, Tekst, Waarde")
    import_doorvoeren(batch=batch, door=financien)

    volgende = csv_nl(["Export kosten 2018;;;", "Boekstukdatum;Kst;Tekst;Waarde", "30-04-2018;4100;April;500,00"])
    pagina = upload(client, "kosten-april.csv", volgende).content.decode()

    assert '<dd data-testid="bron">onthouden kolomindeling</dd>' in pagina
    assert f'data-testid="importtotaal">{EURO}500,00</td>' in pagina
    assert "geen herkenbare kolommen" not in pagina


def test_a_remembered_layout_belongs_to_its_region(
    client, financien, twente, achterhoek, jaarplan_2018, collega_achterhoek
):
    client.force_login(financien)
    upload(client, "eigen-indeling-2018.csv")
    batch = Importbatch.objects.get()
    client.post(
        reverse("importeren:kolommen", args=[batch.pk]),
        {"kopregel": "2", "datum": "0", "kostenplaats": "1", "bedrag": "3"},
    )

    anders = import_voorbereiden(
        leerwerkloket=achterhoek,
        bestandsnaam="eigen-indeling-2018.csv",
        inhoud=inhoud("eigen-indeling-2018.csv"),
        door=collega_achterhoek,
        jaar=2018,
    )

    assert (anders.bron, anders.kolommen) == ("", {})


def test_choosing_another_header_row_shows_its_columns_first(client, financien, jaarplan_2018):
    client.force_login(financien)
    upload(client, "eigen-indeling-2018.csv")
    batch = Importbatch.objects.get()

    pagina = client.post(reverse("importeren:kolommen", args=[batch.pk]), {"kopregel": "1"}, follow=True)

    assert "De kopregel is nu rij 1; controleer hieronder welke kolom wat bevat." in pagina.content.decode()
    assert '<details class="kaart" open>' in pagina.content.decode()
    batch.refresh_from_db()
    assert (batch.kopregel, batch.kolommen) == (1, {})
    assert not Kolomindeling.objects.exists()


def test_the_command_maps_columns_by_name_and_remembers_them(jaarplan_2018, financien, tmp_path, capsys):
    pad = MAP / "eigen-indeling-2018.csv"
    with pytest.raises(SystemExit) as einde:
        execute_from_command_line(["manage.py", "import_realisatie", str(pad), "--regio", "twente"])
    assert einde.value.code == 1
    assert (
        "In dit bestand staan geen herkenbare kolommen (kopregel vermoedelijk rij 2). Zeg met --kolom welke kolom "
        "wat bevat" in capsys.readouterr().err
    )
    assert not Importbatch.objects.exists()

    kolom = "datum=Boekstukdatum,bedrag=Waarde,kostenplaats=Kst"
    call_command("import_realisatie", str(pad), "--regio", "twente", "--kolom", kolom, "--dry-run")
    uit = capsys.readouterr().out
    assert uit.splitlines()[-1].endswith(f"Zou inlezen: 2 regels, totaal {EURO}13.735,06.")
    assert not Kolomindeling.objects.exists()  # a dry run writes nothing, not even the mapping

    call_command("import_realisatie", str(pad), "--regio", "twente", "--kolom", kolom, "--door", "fenna")
    assert "onthouden voor volgende bestanden met deze kopregel" in capsys.readouterr().out
    volgende = tmp_path / "kosten-april.csv"
    volgende.write_bytes(csv_nl(["Boekstukdatum;Kst;Tekst;Waarde", "30-04-2018;4100;April;500,00"]))

    call_command("import_realisatie", str(volgende), "--regio", "twente")

    assert f"Ingelezen als import {Importbatch.objects.order_by('-pk').first().pk}: 1 regels" in (
        capsys.readouterr().out
    )
    assert Kostenrealisatie.objects.count() == 3


@pytest.mark.parametrize(
    ("kolom", "melding"),
    [
        ("prijs=Waarde", "--kolom prijs=Waarde: schrijf VELD=KOLOMNAAM"),
        ("datum=Boekdag,bedrag=Waarde", "Geen van de eerste 30 rijen heeft de kolommen 'Boekdag', 'Waarde'"),
    ],
)
def test_the_command_refuses_a_mapping_it_cannot_use(jaarplan_2018, kolom, melding):
    with pytest.raises(CommandError) as fout:
        call_command("import_realisatie", str(MAP / "eigen-indeling-2018.csv"), "--regio", "twente", "--kolom", kolom)

    assert str(fout.value).startswith(melding)
    assert not Importbatch.objects.exists()


# -- XAF 3.2 --------------------------------------------------------------------------------------
def test_an_auditfile_reads_in_with_its_document_account_kostenplaats_and_line(twente, financien, jaarplan_2018):
    batch = voorbereiden(twente, financien, "auditfile-2018.xaf")
    analyse = import_analyseren(batch)
    assert analyse.meldingen[0] == "2 transactieregels van de auditfile vallen buiten 2018 en worden niet ingelezen."

    import_doorvoeren(batch=batch, door=financien)

    rijen = Kostenrealisatie.objects.order_by("rijnummer").values_list(
        "rijnummer", "datum__month", "stuknummer", "grootboekrekening", "kostenplaats", "bedrag"
    )
    assert list(rijen) == [
        (42, 1, "18700001", "4000", "4100", Decimal("12500.50")),  # line 42 of the .xaf
        (55, 2, "F2018-0012", "4300", "4200", Decimal("1234.56")),
        (63, 3, "F2018-0020", "4300", "4200", Decimal("-234.56")),
    ]


def test_the_upload_page_and_the_command_take_an_auditfile(client, financien, jaarplan_2018, capsys):
    client.force_login(financien)
    assert 'accept=".xlsx,.xls,.csv,.xaf"' in client.get(reverse("importeren:realisatie")).content.decode()

    call_command("import_realisatie", str(MAP / "auditfile-2018.xaf"), "--regio", "twente", "--dry-run")

    uit = capsys.readouterr().out.splitlines()
    assert "Herkend als: XAF 3.2-auditfile." in uit
    assert (
        uit[-1]
        == f"Controle geslaagd, er is niets ingelezen (--dry-run). Zou inlezen: 3 regels, totaal {EURO}13.500,50."
    )


def test_the_same_auditfile_twice_is_refused_and_its_bookings_are_recognised_in_another_export(
    twente, financien, jaarplan_2018
):
    import_doorvoeren(batch=voorbereiden(twente, financien, "auditfile-2018.xaf"), door=financien)
    with pytest.raises(ValidationError, match="Dit bestand is al ingelezen als import"):
        voorbereiden(twente, financien, "auditfile-2018.xaf")

    # The same auditfile exported again a month later, with one booking more: only that one is new.
    later = inhoud("auditfile-2018.xaf").replace(b"<dateCreated>2019-01-15", b"<dateCreated>2019-02-15")
    analyse = import_analyseren(voorbereiden(twente, financien, "auditfile-2018-februari.xaf", later))

    assert (len(analyse.regels), len(analyse.nieuwe)) == (3, 0)


def _xaf(vervang: tuple[bytes, bytes] | None = None, voor: bytes = b"") -> bytes:
    data = inhoud("auditfile-2018.xaf")
    if vervang:
        data = data.replace(*vervang)
    return data.replace(b'<?xml version="1.0" encoding="UTF-8"?>\n', b'<?xml version="1.0" encoding="UTF-8"?>\n' + voor)


BOM = (
    b'<!DOCTYPE auditfile [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
    b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>\n'
)


@pytest.mark.parametrize(
    ("data", "melding"),
    [
        (
            _xaf((b"<amntTp>C</amntTp><costID>4200", b"<costID>4200")),
            "Dit auditbestand voldoet niet aan het schema van XAF 3.2 (XmlAuditfileFinancieel3.2.xsd)",
        ),
        (_xaf(voor=BOM), "Dit auditbestand bevat een DTD (<!DOCTYPE>); dat schrijft geen boekhoudpakket."),
        (
            _xaf((b"XAF/3.2", b"XAF/3.1")),
            "Dit bestand is een XAF-auditfile versie 3.1; het loket leest de XML Auditfile Financieel versie 3.2.",
        ),
        (_xaf()[:1500], "Dit .xaf-bestand is geen leesbare XML"),
    ],
    ids=["schema", "entiteiten", "versie-3.1", "afgebroken"],
)
def test_a_bad_auditfile_is_refused_next_to_the_upload_field(client, financien, jaarplan_2018, data, melding):
    client.force_login(financien)

    pagina = upload(client, "auditfile-2018.xaf", data).content.decode()

    assert melding in pagina.replace("&lt;", "<").replace("&gt;", ">")
    assert not Importbatch.objects.exists()


def test_an_auditfile_over_the_row_limit_is_refused(twente, financien, jaarplan_2018, settings):
    settings.IMPORT_MAX_RIJEN = 4

    with pytest.raises(ValidationError, match="Het bestand heeft 9 regels; er kunnen er ten hoogste 4 tegelijk"):
        voorbereiden(twente, financien, "auditfile-2018.xaf")


def test_a_signed_twinfield_amount_beside_its_dc_is_not_negated_twice(twente, financien, jaarplan_2018):
    data = csv_nl(
        [
            "Grootboekrek.;Grootboekrek.naam;Kpl./rel.;Boekdatum;Bedrag;D/C",
            "4300;Licenties;4200;28-02-2018;1234,56;D",
            "4300;Licenties;4200;31-03-2018;-191,25;C",
        ]
    )
    batch = voorbereiden(twente, financien, "twinfield-browse.csv", data)

    analyse = import_analyseren(batch)

    assert batch.bron == "Twinfield"
    assert [r.bedrag for r in analyse.regels] == [Decimal("1234.56"), Decimal("-191.25")]


def test_an_afas_export_with_kenmerk_rekening_skips_its_balance_rows(twente, financien, jaarplan_2018):
    data = csv_nl(
        [
            "Grootboekrekeningnr.;Grootboekrekeningoms.;Kenmerk rekening;Boekstuknr;Boekstukdatum;"
            "Omschrijving boeking;Verbijzonderingsas 1;Debet;Credit",
            "4300;Licenties;Winst & verlies;18000012;28-02-2018;Licentie e-portfolio;4200;1.234,56;",
            "1600;Crediteuren;Balans;18000012;28-02-2018;Licentie e-portfolio;;;1.234,56",
        ]
    )
    batch = voorbereiden(twente, financien, "afas.csv", data)

    analyse = import_analyseren(batch)

    assert (batch.bron, analyse.fouten) == ("AFAS Profit", [])
    assert [(r.stuknummer, r.grootboekrekening, r.kostenplaats, r.bedrag) for r in analyse.regels] == [
        ("18000012", "4300", "4200", Decimal("1234.56"))
    ]
    assert analyse.tegenboekingen == {"1600": [1, Decimal("-1234.56")]}
