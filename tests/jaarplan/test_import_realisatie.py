"""Importing actual costs from a bookkeeping export: preview, read in whole, undo, and refusals."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from jaarplan.importeren.realisatie import (
    import_analyseren,
    import_doorvoeren,
    import_ongedaan_maken,
    import_voorbereiden,
    kolommen_aanpassen,
)
from jaarplan.models import Importbatch, Jaarplan, Kostenrealisatie, Kostensoort
from jaarplan.services import kostenplaatskoppelingen_opslaan

from .bestanden import BOEKHOUDING_2018, csv_nl, xlsx


def voorbereiden(twente, financien, inhoud, naam="boekingen-2018.xlsx", jaar=2018):
    return import_voorbereiden(leerwerkloket=twente, bestandsnaam=naam, inhoud=inhoud, door=financien, jaar=jaar)


def test_the_preview_reads_every_booking_below_the_title_rows_and_writes_nothing(twente, financien, jaarplan_2018):
    batch = voorbereiden(twente, financien, xlsx(BOEKHOUDING_2018))

    analyse = import_analyseren(batch)

    assert batch.kopregel == 4
    assert analyse.fouten == []
    assert [(r.rijnummer, r.datum, r.bedrag) for r in analyse.regels] == [
        (5, datetime.date(2018, 1, 31), Decimal("12500.50")),
        (6, datetime.date(2018, 2, 28), Decimal("1234.56")),
        (7, datetime.date(2018, 3, 31), Decimal("-234.56")),
        (8, datetime.date(2018, 4, 30), Decimal("12500.50")),
    ]
    assert analyse.overgeslagen == [(9, "totaalregel overgeslagen")]
    assert analyse.totaal == Decimal("26001.00")
    assert [(a.code, n, s) for a, n, s in analyse.totalen_per_activiteit()] == [
        ("loketfunctie", 2, Decimal("25001.00")),
        ("e-portfolio", 2, Decimal("1000.00")),
    ]
    assert (analyse.regels[1].omschrijving, analyse.regels[1].grootboekrekening) == ("Licentie e-portfolio", "4300")
    assert not Kostenrealisatie.objects.exists()


def test_reading_in_writes_every_row_with_its_activity_and_cost_kind(twente, financien, jaarplan_2018):
    batch = voorbereiden(twente, financien, xlsx(BOEKHOUDING_2018))

    batch = import_doorvoeren(batch=batch, door=financien)

    assert batch.status == Importbatch.Status.INGELEZEN
    assert (batch.aantal_regels, batch.totaal, batch.jaar) == (4, Decimal("26001.00"), 2018)
    rijen = Kostenrealisatie.objects.order_by("datum").values_list("activiteit__code", "kostensoort", "datum", "bedrag")
    assert list(rijen) == [
        ("loketfunctie", "personeel", datetime.date(2018, 1, 31), Decimal("12500.50")),
        ("e-portfolio", "materiaal", datetime.date(2018, 2, 28), Decimal("1234.56")),
        ("e-portfolio", "materiaal", datetime.date(2018, 3, 31), Decimal("-234.56")),
        ("loketfunctie", "personeel", datetime.date(2018, 4, 30), Decimal("12500.50")),
    ]
    eerste = Kostenrealisatie.objects.order_by("datum").first()
    assert eerste.history.get().history_user == financien
    assert (eerste.importbatch, eerste.rijnummer) == (batch, 5)


def test_the_same_file_a_second_time_is_refused_naming_the_earlier_batch(twente, financien, jaarplan_2018):
    inhoud = xlsx(BOEKHOUDING_2018)
    eerste = import_doorvoeren(batch=voorbereiden(twente, financien, inhoud), door=financien)

    with pytest.raises(ValidationError) as fout:
        voorbereiden(twente, financien, inhoud, naam="nogmaals.xlsx")

    tekst = fout.value.messages[0]
    assert f"Dit bestand is al ingelezen als import {eerste.pk} (boekingen-2018.xlsx)" in tekst
    assert "4 regels, €\u00a026.001,00" in tekst
    assert Kostenrealisatie.objects.count() == 4


def test_undo_removes_exactly_the_rows_of_the_batch_and_then_the_file_may_come_again(twente, financien, jaarplan_2018):
    activiteit = jaarplan_2018.activiteiten.get(code="loketfunctie")
    met_de_hand = Kostenrealisatie.objects.create(
        activiteit=activiteit, kostensoort=Kostensoort.OVERIG, datum=datetime.date(2018, 6, 1), bedrag=Decimal("99.99")
    )
    inhoud = xlsx(BOEKHOUDING_2018)
    batch = import_doorvoeren(batch=voorbereiden(twente, financien, inhoud), door=financien)

    batch = import_ongedaan_maken(batch=batch, door=financien)

    assert batch.status == Importbatch.Status.ONGEDAAN
    assert list(Kostenrealisatie.objects.all()) == [met_de_hand]
    assert Kostenrealisatie.history.filter(history_type="-", history_user=financien).count() == 4
    opnieuw = import_doorvoeren(batch=voorbereiden(twente, financien, inhoud), door=financien)
    assert opnieuw.status == Importbatch.Status.INGELEZEN
    assert Kostenrealisatie.objects.count() == 5


def test_bad_rows_are_listed_with_their_row_number_and_nothing_is_read_in(twente, financien, jaarplan_2018):
    rijen = [
        ["Datum", "Omschrijving", "Kostenplaats", "Bedrag"],
        ["31-01-2018", "Goed", "4100", "100,00"],
        ["31-13-2018", "Datum fout", "4100", "100,00"],
        ["28-02-2018", "Tekst als bedrag", "4100", "honderd"],
        ["28-02-2019", "Volgend jaar", "4100", "100,00"],
        ["28-02-2018", "Onbekende kostenplaats", "9999", "100,00"],
        ["28-02-2018", "Geen kostenplaats", None, "100,00"],
        ["28-02-2018", "Te veel decimalen", "4100", "10,005"],
    ]
    batch = voorbereiden(twente, financien, xlsx(rijen))

    analyse = import_analyseren(batch)

    assert analyse.fouten == [
        (3, "'31-13-2018' is geen datum; schrijf bijvoorbeeld 31-12-2018"),
        (4, "'honderd' is geen bedrag (kolom Bedrag)"),
        (5, "De boekdatum 28-02-2019 valt niet in 2018, het jaar van dit jaarplan."),
        (6, "Kostenplaats 9999 (1 regel, op rij 6) is nog niet gekoppeld aan een activiteit; koppel haar hieronder."),
        (7, "de kostenplaats ontbreekt"),
        (8, "'10,005' heeft meer dan twee decimalen (kolom Bedrag)"),
    ]
    assert analyse.onbekende_kostenplaatsen == ["9999"]
    with pytest.raises(ValidationError, match="Er zijn 6 fouten in dit bestand; .* Er is niets ingelezen."):
        import_doorvoeren(batch=batch, door=financien)
    assert not Kostenrealisatie.objects.exists()
    assert Importbatch.objects.get().status == Importbatch.Status.VOORBEELD


def test_mapping_an_unknown_kostenplaats_is_remembered_for_the_region(twente, financien, jaarplan_2018):
    rijen = [["Datum", "Kostenplaats", "Bedrag"], ["28-02-2018", "4300", "50,00"]]
    batch = voorbereiden(twente, financien, xlsx(rijen))
    assert import_analyseren(batch).onbekende_kostenplaatsen == ["4300"]

    kostenplaatskoppelingen_opslaan(leerwerkloket=twente, koppelingen={"4300": ("e-portfolio", Kostensoort.INHUUR)})

    analyse = import_analyseren(batch)
    assert analyse.fouten == []
    assert (analyse.regels[0].activiteit.code, analyse.regels[0].kostensoort) == ("e-portfolio", "inhuur")


def test_an_afgesloten_jaarplan_takes_no_import(twente, financien, jaarplan_2018):
    Jaarplan.objects.filter(pk=jaarplan_2018.pk).update(
        status=Jaarplan.Status.AFGESLOTEN, besluitdatum=datetime.date(2017, 12, 14)
    )
    batch = voorbereiden(twente, financien, xlsx(BOEKHOUDING_2018))

    analyse = import_analyseren(batch)

    assert analyse.fouten == [
        (None, "Jaarplan 2018 is afgesloten; er kan geen realisatie meer bij. Geen enkele regel wordt ingelezen.")
    ]
    with pytest.raises(ValidationError, match="Er is 1 fout in dit bestand"):
        import_doorvoeren(batch=batch, door=financien)
    assert not Kostenrealisatie.objects.exists()


def test_an_import_cannot_be_undone_once_its_jaarplan_is_afgesloten(twente, financien, jaarplan_2018):
    batch = import_doorvoeren(batch=voorbereiden(twente, financien, xlsx(BOEKHOUDING_2018)), door=financien)
    Jaarplan.objects.filter(pk=jaarplan_2018.pk).update(
        status=Jaarplan.Status.AFGESLOTEN, besluitdatum=datetime.date(2017, 12, 14)
    )

    with pytest.raises(
        ValidationError,
        match="Jaarplan 2018 is afgesloten; er kan niets meer aan worden gewijzigd, ook de realisatie niet.",
    ):
        import_ongedaan_maken(batch=batch, door=financien)

    batch.refresh_from_db()
    assert (batch.status, batch.boekingen.count()) == (
        Importbatch.Status.INGELEZEN,
        4,
    )


def test_without_a_year_the_year_of_the_first_booking_counts(twente, financien, jaarplan_2018):
    batch = voorbereiden(twente, financien, xlsx(BOEKHOUDING_2018), jaar=None)

    assert import_analyseren(batch).jaar == 2018


def test_a_dutch_csv_with_debet_and_credit_and_a_total_row(twente, financien, jaarplan_2018):
    inhoud = csv_nl(
        [
            "Export boekhouding;;;;",
            "Boekingsdatum;Omschrijving;Kpl;Debet;Credit",
            "2018-03-31;Inhuur adviseur café;4100;1.500,00;",
            "31/03/2018;Terugboeking;4100;;200,00",
            "15-05-2018;Correctie;4200;300,00-;",
            "Totaal;;;1.200,00;200,00",
        ]
    )
    batch = voorbereiden(twente, financien, inhoud, naam="export.csv")

    analyse = import_analyseren(batch)

    assert analyse.fouten == []
    assert [(r.datum, r.bedrag, r.omschrijving) for r in analyse.regels] == [
        (datetime.date(2018, 3, 31), Decimal("1500.00"), "Inhuur adviseur café"),
        (datetime.date(2018, 3, 31), Decimal("-200.00"), "Terugboeking"),
        (datetime.date(2018, 5, 15), Decimal("-300.00"), "Correctie"),
    ]
    assert analyse.overgeslagen == [(6, "totaalregel overgeslagen")]


def test_the_user_can_correct_which_column_holds_the_amount(twente, financien, jaarplan_2018):
    rijen = [["Datum", "Kostenplaats", "Bedrag", "Bedrag incl. btw"], ["28-02-2018", "4100", "100,00", "121,00"]]
    batch = voorbereiden(twente, financien, xlsx(rijen))
    assert import_analyseren(batch).regels[0].bedrag == Decimal("100.00")

    kolommen_aanpassen(batch=batch, kolommen={"datum": 0, "kostenplaats": 1, "bedrag": 3})

    assert import_analyseren(batch).regels[0].bedrag == Decimal("121.00")
    with pytest.raises(ValidationError) as fout:
        kolommen_aanpassen(batch=batch, kolommen={"datum": 0, "bedrag": 3})
    assert fout.value.messages == ["Kies de kolom met de kostenplaats; daarmee vindt het loket de activiteit."]


@pytest.mark.parametrize(
    ("naam", "inhoud", "melding"),
    [
        ("leeg.xlsx", b"", "Het bestand is leeg."),
        ("factuur.xlsx", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "Dit bestand is geen spreadsheet maar een PDF."),
        ("kapot.xlsx", b"PK\x03\x04 dit is geen echte zip", "Het bestand kan niet als spreadsheet worden gelezen"),
        (
            "geheim.xlsx",
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64 + "EncryptedPackage".encode("utf-16-le"),
            "Het bestand is beveiligd met een wachtwoord.",
        ),
        ("notities.docx", b"PK\x03\x04", "Upload een export van de boekhouding als .xlsx, .xls of .csv, of de "),
        ("leeg.csv", b"\r\n;;\r\n", "Het bestand bevat geen gegevens."),
    ],
)
def test_a_bad_file_is_refused_with_a_clear_message_and_changes_nothing(
    twente, financien, jaarplan_2018, naam, inhoud, melding
):
    with pytest.raises(ValidationError) as fout:
        voorbereiden(twente, financien, inhoud, naam=naam)

    assert fout.value.messages[0].startswith(melding)
    assert not Importbatch.objects.exists()


def test_a_file_over_the_size_limit_is_refused(twente, financien, jaarplan_2018, settings):
    settings.IMPORT_MAX_BYTES = 2 * 1024 * 1024

    with pytest.raises(ValidationError) as fout:
        voorbereiden(twente, financien, b"Datum;Bedrag\r\n" * (3 * 1024 * 1024 // 14), naam="groot.csv")

    assert fout.value.messages == ["Het bestand is 3,0 MB; het maximum is 2 MB."]


def test_a_large_import_is_read_in_and_undone_in_a_few_queries_each_row_with_its_history(
    twente, financien, jaarplan_2018, django_assert_max_num_queries
):
    rijen = [["Datum", "Omschrijving", "Kostenplaats", "Bedrag"]] + [
        [datetime.datetime(2018, 1 + i % 12, 1 + i % 28), f"Boeking {i}", "4100" if i % 3 else "4200", i + 0.25]
        for i in range(3000)
    ]
    batch = voorbereiden(twente, financien, xlsx(rijen))

    with django_assert_max_num_queries(20):
        batch = import_doorvoeren(batch=batch, door=financien)
    assert Kostenrealisatie.objects.count() == 3000
    assert Kostenrealisatie.history.filter(history_type="+", history_user=financien).count() == 3000
    with django_assert_max_num_queries(15):
        import_ongedaan_maken(batch=batch, door=financien)

    assert not Kostenrealisatie.objects.exists()
    assert Kostenrealisatie.history.filter(history_type="-", history_user=financien).count() == 3000
    laatste = Kostenrealisatie.history.filter(history_type="-", omschrijving="Boeking 2999").get()
    assert (laatste.bedrag, laatste.datum) == (Decimal("2999.25"), datetime.date(2018, 12, 4))
