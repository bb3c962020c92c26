"""Issue 14, the realisatie import: no booking twice, every booking traceable to its document,
every encoding an office writes, a bound on the size of a file, one message per unlinked
kostenplaats, and every row through the model's own field rules. Each test makes real files."""

import codecs
import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse

from jaarplan.importeren.realisatie import import_analyseren, import_doorvoeren, import_voorbereiden
from jaarplan.models import Importbatch, Kostenplaatskoppeling, Kostenrealisatie

from .bestanden import xlsx
from .test_import_views import upload

KOP = ["Boekdatum", "Stuknr", "Omschrijving", "Kostenplaats", "Grootboekrekening", "Bedrag"]
RIJEN = [
    [datetime.datetime(2018, 1, 31), "M18-001", "Salarissen januari", "4100", "4000", 12500.5],
    [datetime.datetime(2018, 2, 28), "I18-017", "Licentie e-portfolio", "4200", "4300", 1234.56],
    [datetime.datetime(2018, 3, 31), "I18-022", "Creditnota licentie", "4200", "4300", -234.56],
]
CSV_REGELS = [
    "Boekdatum;Stuknr;Omschrijving;Kostenplaats;Grootboekrekening;Bedrag",
    "31-01-2018;M18-001;Salarissen januari;4100;4000;12.500,50",
    "28-02-2018;I18-017;Licentie e-portfolio;4200;4300;1.234,56",
    "31-03-2018;I18-022;Creditnota licentie;4200;4300;-234,56",
]


def csv_bytes(regels, codering="utf-8-sig", scheiding=";"):
    return ("\r\n".join(r.replace(";", scheiding) for r in regels) + "\r\n").encode(codering)


def pagina(client, batch):
    return client.get(reverse("importeren:batch", args=[batch.pk])).content.decode()


# -- no booking twice --------------------------------------------------------------------------
@time_machine.travel(datetime.datetime(2019, 1, 15, 10, 30), tick=False)
def test_the_same_bookings_as_csv_after_xlsx_are_flagged_and_not_read_in_again(client, financien, jaarplan_2018):
    client.force_login(financien)
    upload(client, xlsx([KOP, *RIJEN]))
    eerste = Importbatch.objects.get()
    client.post(reverse("importeren:inlezen", args=[eerste.pk]))
    assert Kostenrealisatie.objects.count() == 3

    upload(client, csv_bytes(CSV_REGELS), naam="boekingen-2018.csv")
    tweede = Importbatch.objects.exclude(pk=eerste.pk).get()
    tekst = pagina(client, tweede)

    assert (
        f"3 van 3 regels zijn al ingelezen in import {eerste.pk} (boekingen-2018.xlsx) van 15-01-2019 11:30 "
        f"door {financien.get_full_name()}." in tekst
    )
    assert 'name="dubbele_behouden"' in tekst
    assert "0 regels inlezen</button>" in tekst

    antwoord = client.post(reverse("importeren:inlezen", args=[tweede.pk]), follow=True)
    assert "Er is niets ingelezen. Vink &#x27;Toch inlezen&#x27; aan" in antwoord.content.decode()
    assert Kostenrealisatie.objects.count() == 3
    assert Importbatch.objects.get(pk=tweede.pk).status == Importbatch.Status.VOORBEELD


def test_keeping_the_flagged_bookings_deliberately_reads_them_in(client, financien, jaarplan_2018):
    client.force_login(financien)
    upload(client, xlsx([KOP, *RIJEN]))
    eerste = Importbatch.objects.get()
    client.post(reverse("importeren:inlezen", args=[eerste.pk]))
    upload(client, csv_bytes(CSV_REGELS), naam="boekingen-2018.csv")
    tweede = Importbatch.objects.exclude(pk=eerste.pk).get()

    antwoord = client.post(reverse("importeren:inlezen", args=[tweede.pk]), {"dubbele_behouden": "ja"}, follow=True)

    assert f"Import {tweede.pk} is ingelezen: 3 regels" in antwoord.content.decode()
    assert Kostenrealisatie.objects.count() == 6


def test_only_the_new_bookings_of_an_overlapping_export_are_read_in(twente, financien, jaarplan_2018):
    eerste = import_voorbereiden(
        leerwerkloket=twente, bestandsnaam="jan-feb.xlsx", inhoud=xlsx([KOP, *RIJEN[:2]]), door=financien, jaar=2018
    )
    import_doorvoeren(batch=eerste, door=financien)
    tweede = import_voorbereiden(
        leerwerkloket=twente, bestandsnaam="jan-mrt.xlsx", inhoud=xlsx([KOP, *RIJEN]), door=financien, jaar=2018
    )

    analyse = import_analyseren(tweede)
    assert [r.rijnummer for r in analyse.dubbele] == [2, 3]
    tweede = import_doorvoeren(batch=tweede, door=financien)

    assert (tweede.aantal_regels, tweede.totaal, tweede.weggelaten) == (1, Decimal("-234.56"), 2)
    assert list(Kostenrealisatie.objects.order_by("datum").values_list("stuknummer", flat=True)) == [
        "M18-001",
        "I18-017",
        "I18-022",
    ]


def test_identical_rows_inside_one_file_are_both_read_in(twente, financien, jaarplan_2018):
    batch = import_voorbereiden(
        leerwerkloket=twente,
        bestandsnaam="dubbel.xlsx",
        inhoud=xlsx([KOP, RIJEN[0], RIJEN[0]]),
        door=financien,
        jaar=2018,
    )

    batch = import_doorvoeren(batch=batch, door=financien)

    assert batch.aantal_regels == 2
    assert Kostenrealisatie.objects.filter(stuknummer="M18-001").count() == 2


def test_an_undone_import_does_not_count_as_already_read_in(twente, financien, jaarplan_2018):
    from jaarplan.importeren.realisatie import import_ongedaan_maken

    eerste = import_voorbereiden(
        leerwerkloket=twente, bestandsnaam="a.xlsx", inhoud=xlsx([KOP, *RIJEN]), door=financien, jaar=2018
    )
    import_ongedaan_maken(batch=import_doorvoeren(batch=eerste, door=financien), door=financien)
    tweede = import_voorbereiden(
        leerwerkloket=twente, bestandsnaam="a.csv", inhoud=csv_bytes(CSV_REGELS), door=financien, jaar=2018
    )

    assert import_doorvoeren(batch=tweede, door=financien).aantal_regels == 3


# -- traceable costs ---------------------------------------------------------------------------
def test_each_booking_keeps_its_document_number_ledger_account_kostenplaats_and_row(twente, financien, jaarplan_2018):
    batch = import_voorbereiden(
        leerwerkloket=twente,
        bestandsnaam="b.xlsx",
        inhoud=xlsx([["Boekingen 2018"], [], KOP, *RIJEN]),
        door=financien,
        jaar=2018,
    )
    import_doorvoeren(batch=batch, door=financien)

    rijen = Kostenrealisatie.objects.order_by("datum").values_list(
        "stuknummer", "grootboekrekening", "kostenplaats", "omschrijving", "rijnummer"
    )
    assert list(rijen) == [
        ("M18-001", "4000", "4100", "Salarissen januari", 4),
        ("I18-017", "4300", "4200", "Licentie e-portfolio", 5),
        ("I18-022", "4300", "4200", "Creditnota licentie", 6),
    ]
    assert Kostenrealisatie.history.filter(history_type="+", stuknummer="I18-017", kostenplaats="4200").exists()
    assert Kostenrealisatie.objects.filter(importbatch=batch).exclude(vingerafdruk="").count() == 3
    # The history tells where each booking came from too.
    herkomst = Kostenrealisatie.history.filter(history_type="+", importbatch=batch, rijnummer=5)
    assert herkomst.get().stuknummer == "I18-017"


def test_the_preview_shows_document_number_and_ledger_account(client, financien, jaarplan_2018):
    client.force_login(financien)
    upload(client, xlsx([KOP, *RIJEN]))

    tekst = pagina(client, Importbatch.objects.get())

    assert "<td>I18-017</td><td>Licentie e-portfolio</td><td>4300</td><td>4200</td>" in tekst


# -- every encoding ----------------------------------------------------------------------------
CRECHE = [
    "Datum;Omschrijving;Kostenplaats;Bedrag",
    "31-01-2018;Crèche De Kleine Wereld;4100;1.250,00",
    "28-02-2018;Café-overleg Enschedé;4100;12,50",
]


@pytest.mark.parametrize(
    "inhoud",
    [
        pytest.param(csv_bytes(CRECHE, "utf-8-sig"), id="utf-8-met-bom"),
        pytest.param(csv_bytes(CRECHE, "utf-8"), id="utf-8-zonder-bom"),
        pytest.param(csv_bytes(CRECHE, "cp1252"), id="windows-1252"),
        pytest.param(csv_bytes(CRECHE, "latin-1"), id="iso-8859-1"),
        pytest.param(csv_bytes(CRECHE, "iso8859-15"), id="iso-8859-15"),
        pytest.param(csv_bytes(CRECHE, "mac-roman"), id="mac-roman"),
        # Excel's "Unicode-tekst": UTF-16 little-endian with its BOM, fields separated by tabs.
        pytest.param(csv_bytes(CRECHE, "utf-16", "\t"), id="utf-16-tab"),
        pytest.param(codecs.BOM_UTF16_BE + csv_bytes(CRECHE, "utf-16-be", "\t"), id="utf-16-be-tab"),
    ],
)
def test_every_encoding_an_office_writes_is_read(client, financien, jaarplan_2018, inhoud):
    client.force_login(financien)
    antwoord = upload(client, inhoud, naam="export.csv")
    assert antwoord.status_code == 302, antwoord.content.decode()[:2000]

    tekst = pagina(client, Importbatch.objects.get())

    assert "<td>Crèche De Kleine Wereld</td>" in tekst
    assert "<td>Café-overleg Enschedé</td>" in tekst
    assert "2 regels inlezen</button>" in tekst


def test_the_euro_sign_of_iso_8859_15_is_read_as_the_euro(twente, financien, jaarplan_2018):
    inhoud = csv_bytes(["Datum;Omschrijving;Kostenplaats;Bedrag", "31-01-2018;Crèche;4100;€ 1.250,00"], "iso8859-15")
    batch = import_voorbereiden(leerwerkloket=twente, bestandsnaam="e.csv", inhoud=inhoud, door=financien, jaar=2018)

    assert [r.bedrag for r in import_analyseren(batch).regels] == [Decimal("1250.00")]


def test_bytes_undefined_in_windows_1252_give_a_preview_not_an_error(client, financien, jaarplan_2018):
    inhoud = b"Datum;Omschrijving;Kostenplaats;Bedrag\r\n31-01-2018;Crche \x81\x8d\x90;4100;10,00\r\n"
    client.force_login(financien)

    antwoord = upload(client, inhoud, naam="vreemd.csv")

    assert antwoord.status_code == 302
    assert "1 regels inlezen</button>" in pagina(client, Importbatch.objects.get())


# -- bounded work ------------------------------------------------------------------------------
def test_a_sheet_over_the_row_limit_is_refused_in_dutch(client, financien, jaarplan_2018, settings):
    settings.IMPORT_MAX_RIJEN = 10
    client.force_login(financien)
    rijen = [KOP] + [[datetime.datetime(2018, 1, 31), f"M{i}", "x", "4100", "4000", 1.0] for i in range(12)]

    antwoord = upload(client, xlsx(rijen))

    assert (
        "Het bestand heeft meer dan 10 regels; er kunnen er ten hoogste 10 tegelijk worden ingelezen. "
        "Splits de export, bijvoorbeeld per kwartaal." in antwoord.content.decode()
    )
    assert not Importbatch.objects.exists()


def test_a_sheet_with_a_cell_far_to_the_right_is_refused_before_it_is_read(client, financien, jaarplan_2018, settings):
    settings.IMPORT_MAX_CELLEN = 500_000
    boek = openpyxl.Workbook()
    blad = boek.active
    for rij in [KOP, *RIJEN] * 15:
        blad.append(rij)
    blad["XFD60"] = "verdwaald"  # 60 rows of 16,384 columns: 983,040 cells in the grid
    uit = io.BytesIO()
    boek.save(uit)
    client.force_login(financien)

    antwoord = upload(client, uit.getvalue())

    assert (
        "Het bestand heeft meer dan 60 regels van 16.384 kolommen (983.040 cellen); er kunnen er ten hoogste "
        "500.000 tegelijk worden ingelezen." in antwoord.content.decode()
    )


def test_a_csv_over_the_row_limit_is_refused(client, financien, jaarplan_2018, settings):
    settings.IMPORT_MAX_RIJEN = 3
    client.force_login(financien)

    antwoord = upload(client, csv_bytes(CSV_REGELS + CSV_REGELS[1:]), naam="groot.csv")

    assert "er kunnen er ten hoogste 3 tegelijk worden ingelezen" in antwoord.content.decode()


def test_the_command_obeys_the_limit_and_an_option_raises_it(jaarplan_2018, tmp_path, settings, capsys):
    settings.IMPORT_MAX_RIJEN = 3
    pad = tmp_path / "b.xlsx"
    pad.write_bytes(xlsx([KOP, *RIJEN, *RIJEN]))

    with pytest.raises(CommandError, match="Het bestand heeft meer dan 3 regels"):
        call_command("import_realisatie", str(pad), "--regio", "twente")
    assert not Kostenrealisatie.objects.exists()

    call_command("import_realisatie", str(pad), "--regio", "twente", "--max-rijen", "10")
    assert Kostenrealisatie.objects.count() == 6


def test_the_preview_shows_the_first_50_errors_and_counts_the_rest(client, financien, jaarplan_2018):
    rijen = [["Datum", "Kostenplaats", "Bedrag"]] + [["31-01-2018", "4100", "tien"]] * 130
    client.force_login(financien)
    upload(client, xlsx(rijen))

    tekst = pagina(client, Importbatch.objects.get())

    assert "130 fouten: er wordt niets ingelezen tot alles klopt" in tekst
    assert tekst.count("&#x27;tien&#x27; is geen bedrag") == 50
    assert "En nog 80 fouten, niet getoond." in tekst


# -- kostenplaatsen ----------------------------------------------------------------------------
def test_an_unlinked_kostenplaats_is_one_message_with_its_row_count(client, financien, jaarplan_2018):
    rijen = [["Datum", "Kostenplaats", "Bedrag"]] + [["31-01-2018", "0410", "10,00"]] * 125
    rijen += [["31-01-2018", "4100", "tien"]] * 4
    client.force_login(financien)
    upload(client, xlsx(rijen))

    tekst = pagina(client, Importbatch.objects.get())

    assert "5 fouten: er wordt niets ingelezen" in tekst
    assert (
        tekst.count(
            "Kostenplaats 0410 (125 regels, vanaf rij 2) is nog niet gekoppeld aan een activiteit; "
            "koppel haar hieronder."
        )
        == 1
    )
    assert "<h2>Kostenplaatsen koppelen</h2>" in tekst
    assert '<tr><th scope="row">0410</th>' in tekst


def test_the_command_links_a_kostenplaats_and_then_reads_its_bookings(jaarplan_2018, tmp_path, capsys):
    pad = tmp_path / "b.csv"
    pad.write_bytes(csv_bytes(["Datum;Kostenplaats;Bedrag", "31-01-2018;0410;10,00"]))

    with pytest.raises(CommandError):
        call_command("import_realisatie", str(pad), "--regio", "twente")
    assert "Kostenplaats 0410 (1 regel, op rij 2) is nog niet gekoppeld" in capsys.readouterr().err

    call_command("import_realisatie", str(pad), "--regio", "twente", "--koppel", "0410=loketfunctie:personeel")

    assert "Kostenplaats 0410 gekoppeld aan loketfunctie (Personeel)." in capsys.readouterr().out
    koppeling = Kostenplaatskoppeling.objects.get(kostenplaats="0410")
    assert (koppeling.activiteit_code, koppeling.kostensoort) == ("loketfunctie", "personeel")
    assert Kostenrealisatie.objects.get().activiteit.code == "loketfunctie"


@pytest.mark.parametrize(
    ("koppel", "melding"),
    [
        ("0410", "schrijf KOSTENPLAATS=ACTIVITEIT:KOSTENSOORT"),
        ("0410=bestaat-niet:personeel", "heeft geen activiteit 'bestaat-niet'"),
        ("0410=loketfunctie:snoep", "'snoep' is geen kostensoort"),
    ],
)
def test_the_command_refuses_a_bad_link(jaarplan_2018, koppel, melding):
    with pytest.raises(CommandError, match=melding):
        call_command("import_realisatie", "--regio", "twente", "--koppel", koppel)
    assert not Kostenplaatskoppeling.objects.filter(kostenplaats="0410").exists()


# -- every row through the model's rules -------------------------------------------------------
def test_every_row_is_checked_by_the_models_field_rules(twente, financien, jaarplan_2018):
    rijen = [KOP, *RIJEN, [datetime.datetime(2018, 2, 1), "S" * 61, "Midden", "4100", "4000", 50.0], *RIJEN]
    batch = import_voorbereiden(
        leerwerkloket=twente, bestandsnaam="b.xlsx", inhoud=xlsx(rijen), door=financien, jaar=2018
    )

    analyse = import_analyseren(batch)

    assert analyse.fouten == [
        (5, "stuknummer: Zorg dat deze waarde niet meer dan 60 tekens bevat (het zijn er nu 61).")
    ]


def test_a_rule_added_to_a_field_later_holds_for_a_row_in_the_middle(twente, financien, jaarplan_2018, monkeypatch):
    def geen_privegegevens(waarde):
        if "BSN" in waarde:
            raise ValidationError("Een omschrijving bevat geen BSN.")

    veld = Kostenrealisatie._meta.get_field("omschrijving")
    monkeypatch.setattr(veld, "validators", [*veld.validators, geen_privegegevens])
    midden = [datetime.datetime(2018, 2, 1), "M18-002", "Reiskosten BSN 123456782", "4100", "4000", 50.0]
    batch = import_voorbereiden(
        leerwerkloket=twente,
        bestandsnaam="b.xlsx",
        inhoud=xlsx([KOP, *RIJEN, midden, *RIJEN]),
        door=financien,
        jaar=2018,
    )

    analyse = import_analyseren(batch)

    assert analyse.fouten == [(5, "omschrijving: Een omschrijving bevat geen BSN.")]
    assert len(analyse.regels) == 6


def test_a_read_in_import_shows_each_booking_with_its_row_and_document(client, financien, jaarplan_2018):
    client.force_login(financien)
    upload(client, xlsx([KOP, *RIJEN]))
    batch = Importbatch.objects.get()
    client.post(reverse("importeren:inlezen", args=[batch.pk]))

    tekst = pagina(client, batch)

    assert (
        "<tr><td>3</td><td>28-02-2018</td><td>I18-017</td><td>Licentie e-portfolio</td><td>4300</td><td>4200</td>"
        '<td>E-portfolio</td><td class="getal">€\u00a01.234,56</td></tr>' in tekst
    )


def test_a_booking_typed_by_hand_keeps_its_document_number_and_kostenplaats(client, financien, jaarplan_2018):
    activiteit = jaarplan_2018.activiteiten.get(code="loketfunctie")
    client.force_login(financien)

    client.post(
        reverse("jaarplan:kosten_nieuw", args=[jaarplan_2018.pk]),
        {
            "kosten-activiteit": activiteit.pk,
            "kosten-kostensoort": "personeel",
            "kosten-datum": "15-03-2018",
            "kosten-bedrag": "250,00",
            "kosten-omschrijving": "Inhuur",
            "kosten-stuknummer": "M18-100",
            "kosten-grootboekrekening": "4000",
            "kosten-kostenplaats": "4100",
        },
    )

    boeking = Kostenrealisatie.objects.get()
    assert (boeking.stuknummer, boeking.grootboekrekening, boeking.kostenplaats) == ("M18-100", "4000", "4100")
    lijst = client.get(reverse("jaarplan:realisatie_lijst"), {"kostenplaats": "4100"}).text
    assert "M18-100" in lijst


def test_the_jaarplan_history_names_a_typed_booking_with_its_document_and_a_change_of_it(
    client, financien, jaarplan_2018
):
    client.force_login(financien)
    gegevens = {
        "kosten-activiteit": jaarplan_2018.activiteiten.get(code="loketfunctie").pk,
        "kosten-kostensoort": "personeel",
        "kosten-datum": "15-03-2018",
        "kosten-bedrag": "250,00",
        "kosten-omschrijving": "Inhuur",
        "kosten-stuknummer": "M18-100",
        "kosten-kostenplaats": "4100",
    }
    client.post(reverse("jaarplan:kosten_nieuw", args=[jaarplan_2018.pk]), gegevens)
    boeking = Kostenrealisatie.objects.get()
    bewerkt = {sleutel.removeprefix("kosten-"): waarde for sleutel, waarde in gegevens.items()}
    client.post(reverse("jaarplan:kosten_bewerken", args=[boeking.pk]), {**bewerkt, "stuknummer": "M18-101"})
    assert Kostenrealisatie.objects.get().stuknummer == "M18-101"

    tekst = client.get(reverse("jaarplan:geschiedenis", args=[jaarplan_2018.pk])).content.decode()

    assert "kostenboeking Loketfunctie van 15-03-2018 (stuk M18-101, kostenplaats 4100)" in tekst
    assert "stuknummer: M18-100 → M18-101" in tekst
