"""`manage.py import_realisatie FILE --regio twente [--dry-run]`: the web import's rules, from the shell."""

from decimal import Decimal

import pytest
from django.core.management import call_command, execute_from_command_line

from jaarplan.models import Importbatch, Kostenrealisatie

from .bestanden import BOEKHOUDING_2018, xlsx


@pytest.fixture(autouse=True)
def verbinding_blijft_open(monkeypatch):
    """run_from_argv closes the database connections when it ends, which would close the test's own."""
    monkeypatch.setattr("django.core.management.base.connections.close_all", lambda: None)


@pytest.fixture
def bestand(tmp_path):
    pad = tmp_path / "boekingen-2018.xlsx"
    pad.write_bytes(xlsx(BOEKHOUDING_2018))
    return pad


def test_it_reads_the_file_in_and_says_what_it_did(jaarplan_2018, financien, bestand, capsys):
    call_command("import_realisatie", str(bestand), "--regio", "twente", "--door", "fenna")

    uit = capsys.readouterr().out
    assert "Rij 9: totaalregel overgeslagen" in uit
    assert "Loketfunctie: 2 regels, €\u00a025.001,00" in uit
    assert "regels, €\u00a026.001,00 in jaarplan 2018." in uit
    batch = Importbatch.objects.get()
    assert (batch.status, batch.ingelezen_door, batch.totaal) == ("ingelezen", financien, Decimal("26001.00"))
    assert Kostenrealisatie.objects.count() == 4


def test_dry_run_checks_and_writes_nothing(jaarplan_2018, bestand, capsys):
    call_command("import_realisatie", str(bestand), "--regio", "twente", "--dry-run")

    # It ends with what it would read in, to compare with the bookkeeping package's own total.
    assert capsys.readouterr().out.splitlines()[-1] == (
        "Controle geslaagd, er is niets ingelezen (--dry-run). Zou inlezen: 4 regels, totaal €\u00a026.001,00."
    )
    assert not Kostenrealisatie.objects.exists()
    assert not Importbatch.objects.exists()


def test_bad_rows_are_printed_and_the_command_exits_non_zero(jaarplan_2018, tmp_path, capsys):
    pad = tmp_path / "fout.xlsx"
    pad.write_bytes(xlsx([["Datum", "Kostenplaats", "Bedrag"], ["31-01-2018", "4100", "10"], ["x", "4100", "y"]]))

    with pytest.raises(SystemExit) as einde:
        execute_from_command_line(["manage.py", "import_realisatie", str(pad), "--regio", "twente"])

    assert einde.value.code == 1
    fouten = capsys.readouterr().err
    assert "Rij 3: 'x' is geen datum; schrijf bijvoorbeeld 31-12-2018; 'y' is geen bedrag (kolom Bedrag)" in fouten
    assert "1 fout(en); er is niets ingelezen." in fouten
    assert not Kostenrealisatie.objects.exists()
    assert not Importbatch.objects.exists()


def test_the_same_file_twice_exits_non_zero_naming_the_first_import(jaarplan_2018, bestand, capsys):
    call_command("import_realisatie", str(bestand), "--regio", "twente")
    eerste = Importbatch.objects.get()

    with pytest.raises(SystemExit) as einde:
        execute_from_command_line(["manage.py", "import_realisatie", str(bestand), "--regio", "twente"])

    assert einde.value.code == 1
    assert f"Dit bestand is al ingelezen als import {eerste.pk}" in capsys.readouterr().err
    assert Kostenrealisatie.objects.count() == 4


def test_an_unknown_region_is_refused(db, bestand):
    with pytest.raises(SystemExit) as einde:
        execute_from_command_line(["manage.py", "import_realisatie", str(bestand), "--regio", "nergens"])
    assert einde.value.code == 1


@pytest.mark.parametrize("commando", ["import_realisatie", "import_bank"])
@pytest.mark.parametrize(
    "argumenten, melding",
    [
        (["--regio", "nergens"], "Er is geen leerwerkloket 'nergens'."),
        (["--regio", "twente", "--door", "niemand"], "Er is geen gebruiker 'niemand' bij Leerwerkloket Twente."),
    ],
)
def test_both_import_commands_refuse_an_unknown_region_or_user_alike(
    commando, argumenten, melding, jaarplan_2018, bestand
):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError) as fout:
        call_command(commando, str(bestand), *argumenten)

    assert str(fout.value) == melding
    assert not Importbatch.objects.exists()


@pytest.mark.parametrize("commando", ["import_realisatie", "import_bank"])
def test_both_import_commands_refuse_a_missing_file(commando, jaarplan_2018, tmp_path):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError) as fout:
        call_command(commando, str(tmp_path / "weg.xlsx"), "--regio", "twente")

    assert str(fout.value) == f"Het bestand {tmp_path / 'weg.xlsx'} bestaat niet."
