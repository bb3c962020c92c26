"""A damaged backup never replaces good data, and a backup holds no way in.

The probe of issue 28 flipped one byte near the end of a valid archive and `make restore` said
"is teruggezet" while it deleted documents. Here bytes are flipped at many offsets, the archive is
cut off at many lengths, and its members are reordered, doubled or changed: every time the restore
refuses in Dutch and the database rows and the documents are exactly what they were."""

import gzip
import hashlib
import io
import os
import sqlite3
import subprocess
import sys
import tarfile
import zlib
from base64 import b32encode
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.db import connection
from django.urls import reverse

from kern.backup import MANIFEST, OngeldigeBackup, extension, make_backup, restore_backup
from kern.models import AuthenticatorApp, Reservecodes
from kern.tweestaps import nieuw_app_apparaat, reservecodes_maken
from partners.models import Partner
from tests.factories import GebruikerFactory, LeerwerkloketFactory, PartnerFactory

ROOT = Path(__file__).resolve().parent.parent
PRODUCTIE = {"SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "MEDIA_ROOT", "TWEESTAPS_SLEUTEL", "DJANGO_SETTINGS_MODULE"}


def zelfde_inhoud(kapot: bytes, goed: bytes) -> bool:
    """A flip that changes no byte of what is restored: the gzip header's time and OS bytes, which
    no checksum covers, or a bit deflate never reads. Restoring such a file restores the backup."""
    try:
        return gzip.decompress(kapot) == gzip.decompress(goed)
    except (OSError, EOFError, zlib.error):
        return False


def pdf(naam: str, grootte: int) -> bytes:
    """Deterministic bytes that do not compress away (so the archive has some length to damage)."""
    blokken, teller = [], 0
    while sum(map(len, blokken)) < grootte:
        blokken.append(hashlib.sha256(f"{naam}-{teller}".encode()).digest())
        teller += 1
    return b"%PDF-1.7\n" + b"".join(blokken)[:grootte]


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def backup(transactional_db, media, tmp_path):
    """A backup of a small administration with three documents; afterwards the data moves on
    (a partner added, a document replaced), so 'intact' and 'restored' differ."""
    twente = LeerwerkloketFactory()
    PartnerFactory(leerwerkloket=twente, naam="UWV")
    default_storage.save("afspraken/roc-getekend.pdf", ContentFile(pdf("roc", 3000)))
    default_storage.save("afspraken/uwv-getekend.pdf", ContentFile(pdf("uwv", 40_000)))
    default_storage.save("beschikkingen/szw-2021.pdf", ContentFile(pdf("szw", 9000)))
    pad = make_backup(tmp_path / "backups" / f"backup{extension()}")

    PartnerFactory(leerwerkloket=twente, naam="ROC van Twente")
    default_storage.delete("afspraken/uwv-getekend.pdf")
    default_storage.save("afspraken/uwv-getekend.pdf", ContentFile(pdf("uwv-nieuw", 41_000)))
    default_storage.save("afspraken/na-de-backup.pdf", ContentFile(pdf("nieuw", 500)))
    return pad


def staat() -> tuple:
    """What a restore may not touch unless it succeeds: the rows and every document's bytes."""
    documenten = {}
    for map_ in ("afspraken", "beschikkingen"):
        try:
            namen = default_storage.listdir(map_)[1]
        except FileNotFoundError:
            continue
        for naam in namen:
            with default_storage.open(f"{map_}/{naam}", "rb") as bestand:
                documenten[f"{map_}/{naam}"] = hashlib.sha256(bestand.read()).hexdigest()
    return sorted(Partner.objects.values_list("naam", flat=True)), documenten


def weigert_en_laat_staan(pad, tmp_path, inhoud: bytes, voor: tuple, wat: str) -> str:
    kapot = tmp_path / "kapot.tar.gz"
    kapot.write_bytes(inhoud)
    with pytest.raises(OngeldigeBackup) as fout:
        restore_backup(kapot)
    assert staat() == voor, f"{wat}: de gegevens zijn veranderd na een weigering"
    return str(fout.value)


def test_a_byte_flipped_anywhere_is_refused_and_nothing_changes(backup, tmp_path):
    goed = backup.read_bytes()
    voor = staat()
    lengte = len(goed)
    plaatsen = sorted({*range(0, lengte, max(1, lengte // 60)), *range(lengte - 80, lengte), *range(10, 40)})
    assert len(plaatsen) > 100

    meldingen, onschuldig = set(), []
    for plaats in plaatsen:
        kapot = bytearray(goed)
        kapot[plaats] ^= 0x5A
        if zelfde_inhoud(bytes(kapot), goed):
            onschuldig.append(plaats)
            continue
        melding = weigert_en_laat_staan(backup, tmp_path, bytes(kapot), voor, f"byte {plaats} van {lengte}")
        assert melding.startswith(("De backup is", "De database in de backup", "Dit archief", "kapot.tar.gz"))
        meldingen.add(melding.split(":")[0])
    assert len(onschuldig) < 12, onschuldig  # the gzip header's six unchecked bytes and a few deflate bits
    assert meldingen  # every refusal said in Dutch what is wrong


def test_a_cut_off_backup_is_refused_and_nothing_changes(backup, tmp_path):
    goed = backup.read_bytes()
    voor = staat()
    lengtes = sorted({*range(1, len(goed), max(1, len(goed) // 40)), *range(len(goed) - 40, len(goed))})

    for lengte in lengtes:
        melding = weigert_en_laat_staan(backup, tmp_path, goed[:lengte], voor, f"afgebroken na {lengte} bytes")
        assert "De backup is" in melding or "geen backup" in melding


def leden(pad) -> list[tuple[tarfile.TarInfo, bytes]]:
    with tarfile.open(pad) as archief:
        return [(lid, archief.extractfile(lid).read()) for lid in archief.getmembers()]


def opnieuw_ingepakt(lijst) -> bytes:
    """A well-formed .tar.gz of these members: only the manifest can tell it is not the backup."""
    uit = io.BytesIO()
    with tarfile.open(fileobj=uit, mode="w:gz") as archief:
        for lid, inhoud in lijst:
            lid = tarfile.TarInfo(lid) if isinstance(lid, str) else lid
            lid.size = len(inhoud)
            archief.addfile(lid, io.BytesIO(inhoud))
    return uit.getvalue()


def test_reordered_doubled_changed_or_missing_members_are_refused(backup, tmp_path):
    voor = staat()
    origineel = leden(backup)
    namen = [lid.name for lid, _ in origineel]
    assert namen[-1] == MANIFEST and namen[0].startswith("database.")
    database, *documenten, manifest = origineel

    gevallen = {
        "de documenten omgedraaid": [database, *reversed(documenten), manifest],
        "de inhoudsopgave vooraan": [manifest, database, *documenten],
        "de database achteraan": [*documenten, database, manifest],
        "een document weg": [database, *documenten[1:], manifest],
        "de inhoudsopgave weg": [database, *documenten],
        "een document twee keer": [database, *documenten, (documenten[0][0].name, b"%PDF-1.7 ander"), manifest],
        "een document vervangen": [database, (documenten[0][0].name, b"%PDF-1.7 vals"), *documenten[1:], manifest],
        "een document erbij": [database, *documenten, ("documenten/afspraken/erbij.pdf", b"%PDF"), manifest],
        "buiten de map": [database, *documenten, ("documenten/../../buiten.pdf", b"%PDF"), manifest],
    }
    meldingen = {
        wat: weigert_en_laat_staan(backup, tmp_path, opnieuw_ingepakt(lijst), voor, wat)
        for wat, lijst in gevallen.items()
    }

    assert "volgorde" in meldingen["de documenten omgedraaid"]
    assert "manifest.json" in meldingen["de inhoudsopgave weg"]
    assert "ontbreken" in meldingen["een document weg"]
    assert "twee keer" in meldingen["een document twee keer"]
    assert "controlesom (SHA-256)" in meldingen["een document vervangen"]
    assert "niet in de inhoudsopgave" in meldingen["een document erbij"]
    assert "ongeldige naam" in meldingen["buiten de map"]
    assert not (tmp_path / "buiten.pdf").exists()


def test_something_appended_after_the_archive_is_refused(backup, tmp_path):
    voor = staat()
    melding = weigert_en_laat_staan(backup, tmp_path, backup.read_bytes() + b"\x00rommel", voor, "aangevuld")
    assert "gecomprimeerde archief klopt niet" in melding


def test_a_good_backup_still_restores_the_database_first_and_then_every_document(backup):
    restore_backup(backup)

    partners, documenten = staat()
    assert partners == ["UWV"]
    assert set(documenten) == {"afspraken/roc-getekend.pdf", "afspraken/uwv-getekend.pdf", "beschikkingen/szw-2021.pdf"}
    with default_storage.open("afspraken/uwv-getekend.pdf", "rb") as teruggezet:
        assert teruggezet.read() == pdf("uwv", 40_000)


def test_the_command_refuses_a_damaged_backup_in_dutch(backup, tmp_path, capsys):
    voor = staat()
    kapot = tmp_path / "kapot.tar.gz"
    kapot.write_bytes(backup.read_bytes()[:-7])

    with pytest.raises(CommandError, match=r"^Niets teruggezet: De backup is beschadigd of afgebroken"):
        call_command("restore", str(kapot), "--ja")

    assert staat() == voor
    assert "is teruggezet" not in capsys.readouterr().out


# -- a backup holds no way in ------------------------------------------------------------------------
def test_a_backup_holds_no_session_and_a_restore_ends_every_session(transactional_db, media, tmp_path, client):
    gebruiker = GebruikerFactory(username="stuurgroep", leerwerkloket=LeerwerkloketFactory())
    client.force_login(gebruiker)
    assert client.get(reverse("home")).status_code == 200
    sessie = client.cookies["sessionid"].value

    pad = make_backup(tmp_path / f"b{extension()}")

    with gzip.open(pad) as uitgepakt:
        assert sessie.encode() not in uitgepakt.read()
    if connection.vendor == "sqlite":
        with tarfile.open(pad) as archief:
            (tmp_path / "db.sqlite3").write_bytes(archief.extractfile("database.sqlite3").read())
        kopie = sqlite3.connect(tmp_path / "db.sqlite3")
        assert kopie.execute("SELECT count(*) FROM django_session").fetchone() == (0,)
        kopie.close()

    restore_backup(pad)

    # The cookie of before the restore opens nothing: the probe opened / and /facturen/ with one.
    antwoord = client.get(reverse("home"))
    assert antwoord.status_code == 302
    assert antwoord["Location"].startswith(reverse("login"))


def test_a_backup_holds_no_readable_second_factor_and_a_restore_voids_the_backup_codes(
    transactional_db, media, tmp_path
):
    gebruiker = GebruikerFactory(username="landelijk", leerwerkloket=None)
    apparaat = nieuw_app_apparaat(gebruiker)
    codes = reservecodes_maken(gebruiker)
    geheim = apparaat.bin_key

    pad = make_backup(tmp_path / f"b{extension()}")

    with gzip.open(pad) as uitgepakt:
        inhoud = uitgepakt.read().lower()
    for vorm in (geheim.hex(), b32encode(geheim).decode().rstrip("="), *codes):
        assert vorm.lower().encode() not in inhoud
    restore_backup(pad)
    # A restored code may have been used since the backup was made: none comes back.
    assert not Reservecodes.objects.get(user=gebruiker).verify_token(codes[0])
    assert AuthenticatorApp.objects.get(user=gebruiker).bin_key == geheim


# -- make backup / make restore ----------------------------------------------------------------------
def test_make_backup_and_restore_run_with_the_production_settings():
    recepten = subprocess.run(
        ["make", "-n", "--always-make", "backup", "restore", "FILE=b.tar.gz"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    regels = [r for r in recepten.splitlines() if "manage.py backup" in r or "manage.py restore" in r]
    assert len(regels) == 2
    assert all("DJANGO_SETTINGS_MODULE=config.settings.production" in r for r in regels)


def test_without_the_production_environment_the_backup_stops_before_writing_anything(tmp_path):
    """The probe: `make backup` fell back to the development settings and wrote an archive of an
    empty database into backups/."""
    schoon = {k: v for k, v in os.environ.items() if k not in PRODUCTIE}
    schoon["DJANGO_SETTINGS_MODULE"] = "config.settings.production"

    uitkomst = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "backup"], cwd=tmp_path, env=schoon, capture_output=True, text=True
    )

    assert uitkomst.returncode != 0
    # One line for the operator, not Django's traceback.
    assert uitkomst.stderr.strip() == (
        "config.settings.production: SECRET_KEY ontbreekt: zet deze omgevingsvariabele voor productie."
    )
    assert list(tmp_path.iterdir()) == []


def test_a_backup_of_a_database_that_was_never_migrated_is_refused_and_says_which(tmp_path):
    schoon = {k: v for k, v in os.environ.items() if k not in PRODUCTIE}
    schoon.update(DJANGO_SETTINGS_MODULE="config.settings.dev", DATABASE_URL=f"sqlite:///{tmp_path / 'leeg.sqlite3'}")

    uitkomst = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "backup", "-o", str(tmp_path / "b.tar.gz")],
        cwd=tmp_path,
        env=schoon,
        capture_output=True,
        text=True,
    )

    assert uitkomst.returncode != 0
    assert f"Geen backup gemaakt: SQLite-bestand {tmp_path / 'leeg.sqlite3'} is leeg" in uitkomst.stderr
    assert not (tmp_path / "b.tar.gz").exists()


def test_in_another_store_the_documents_are_written_first_and_a_refusal_touches_none(
    transactional_db, settings, tmp_path
):
    """Documents in S3 (here Django's in-memory store, through the same storage API): no folder to
    swap, so every document of the backup is written before any other is deleted."""
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"}}
    LeerwerkloketFactory()
    default_storage.save("afspraken/roc-getekend.pdf", ContentFile(pdf("roc", 3000)))
    pad = make_backup(tmp_path / f"b{extension()}")
    default_storage.delete("afspraken/roc-getekend.pdf")
    default_storage.save("afspraken/roc-getekend.pdf", ContentFile(pdf("roc-nieuw", 100)))
    default_storage.save("afspraken/na-de-backup.pdf", ContentFile(pdf("nieuw", 100)))
    voor = staat()

    weigert_en_laat_staan(pad, tmp_path, pad.read_bytes()[:-30], voor, "afgebroken, in S3")
    restore_backup(pad)

    _, documenten = staat()
    assert set(documenten) == {"afspraken/roc-getekend.pdf"}
    with default_storage.open("afspraken/roc-getekend.pdf", "rb") as teruggezet:
        assert teruggezet.read() == pdf("roc", 3000)
