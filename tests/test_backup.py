"""make backup / make restore: a backup restored into an emptied database gives every report
back unchanged, history included, and every uploaded document; only its owner can read it."""

import io
import stat
import tarfile
from decimal import Decimal

import openpyxl
import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command

from demo.twente import load_demo_data
from financiering.models import Financieringsafspraak
from financiering.services import toezegging_vastleggen
from kern.backup import extension, make_backup, restore_backup
from partners.models import Auditregel, Gebruiker, Leerwerkloket, Partner
from rapportage.exporteren.registry import EXPORTERS
from tests.conftest import DEMO_DATUM, op_dag


def rapporten() -> dict:
    """Every cell of the reports a finance person sends out (the 'made on' moment aside)."""
    twente = Leerwerkloket.objects.get(slug="twente")
    uwv = Partner.objects.get(naam="UWV")
    uitkomst = {}
    for naam, opties in [
        ("jaaroverzicht", {"jaar": 2018}),
        ("jaaroverzicht", {"jaar": 2021}),
        ("verantwoording", {"jaar": 2019, "financier": uwv}),
        ("meerjarenoverzicht", {}),
    ]:
        bestand = io.BytesIO()
        EXPORTERS[naam](leerwerkloket=twente, **opties).schrijf(bestand)
        boek = openpyxl.load_workbook(bestand)
        for blad in boek.worksheets:
            if blad.title != "Info":
                uitkomst[(naam, opties.get("jaar"), blad.title)] = list(blad.iter_rows(values_only=True))
    return uitkomst


def alle_rijen() -> dict:
    """Every row of every table of our apps, history tables included."""
    return {
        model._meta.label: list(model.objects.order_by("pk").values_list())
        for app in ("partners", "financiering", "jaarplan", "rapportage")
        for model in apps.get_app_config(app).get_models()
    }


@pytest.fixture
def demo_van_augustus_2021(transactional_db):
    """The demo on its usual test day: its reports and figures depend on the date."""
    with op_dag(DEMO_DATUM):
        load_demo_data()
        yield


GETEKEND = b"%PDF-1.7\n% de getekende afspraak met ROC van Twente\n%%EOF\n"


def test_a_restored_backup_gives_every_report_all_history_and_the_documents_back(
    demo_van_augustus_2021, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path / "media"
    projectleider = Gebruiker.objects.get(username="projectleider")
    roc = Financieringsafspraak.objects.get(financier__naam="ROC van Twente")
    toezegging_vastleggen(
        afspraak=roc, jaar=2021, bedrag_geld=Decimal("82500.00"), door=projectleider, reden="Routekaart BBL"
    )
    roc.document.save("roc-getekend.pdf", ContentFile(GETEKEND), save=True)
    document = roc.document.name
    voor_rapporten, voor_rijen = rapporten(), alle_rijen()
    assert voor_rijen["financiering.HistoricalToezegging"], "the demo must have history to prove it comes back"

    pad = make_backup(tmp_path / "backups" / f"backup{extension()}")

    assert stat.S_IMODE(pad.stat().st_mode) == 0o600
    with tarfile.open(pad) as archief:
        assert f"documenten/{document}" in archief.getnames()
    # A new host: an empty database, and the document gone; something else lying around.
    call_command("flush", interactive=False, verbosity=0)
    default_storage.delete(document)
    default_storage.save("afspraken/wees.pdf", ContentFile(b"%PDF-1.7 nergens naar verwezen"))
    assert not Leerwerkloket.objects.exists()

    restore_backup(pad)

    assert alle_rijen() == voor_rijen
    assert rapporten() == voor_rapporten
    assert Gebruiker.objects.get(username="projectleider").check_password("leerwerkloket-demo")
    with Financieringsafspraak.objects.get(pk=roc.pk).document.open("rb") as teruggezet:
        assert teruggezet.read() == GETEKEND
    assert not default_storage.exists("afspraken/wees.pdf")


def test_the_commands_write_and_refuse(db, tmp_path, capsys, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    pad = tmp_path / f"b{extension()}"

    call_command("backup", "-o", str(pad))

    assert f"Backup geschreven naar {pad}" in capsys.readouterr().out
    assert pad.stat().st_size > 0
    assert stat.S_IMODE(pad.stat().st_mode) == 0o600
    assert Auditregel.objects.get().omschrijving == f"Backup geschreven naar {pad}"
    with pytest.raises(CommandError, match="De backup .* bestaat niet."):
        call_command("restore", str(tmp_path / "weg.sqlite3"), "--ja")


def test_restore_without_anyone_to_confirm_restores_nothing_and_says_how(tmp_path, monkeypatch, db):
    pad = tmp_path / f"b{extension()}"
    call_command("backup", "-o", str(pad))
    Partner.objects.create(leerwerkloket=Leerwerkloket.objects.create(naam="Na de backup", slug="na"), naam="Blijft")

    def geen_toetsenbord(vraag):
        raise EOFError  # as input() does when stdin is not a terminal (a script, a pipe)

    monkeypatch.setattr("builtins.input", geen_toetsenbord)
    with pytest.raises(CommandError, match=r"Niets teruggezet: .* Geef --ja mee"):
        call_command("restore", str(pad))
    assert Partner.objects.filter(naam="Blijft").exists()
