"""Backups of everything, and restoring one: one archive (.tar.gz, readable by its owner alone)
with the database and the uploaded documents, and a manifest that names every member with its
size and SHA-256.

The database is pg_dump/pg_restore on PostgreSQL, SQLite's own online backup (a consistent copy,
also while the app runs) on SQLite; the documents are read and written through Django's storage
API (default_storage), so the same backup holds them on a disk or in an S3-compatible store.

A backup holds no way in: the sessions table travels empty (its rows are left out of the dump),
and the second factors are stored encrypted with a key that lives in the environment, not in the
database (kern/geheimen.py).

Restoring verifies before it replaces anything: the whole gzip stream (its CRC and length), every
tar member against the manifest (name, order, size, SHA-256), and only then the database, and then
the documents, swapped in as a whole. A damaged archive is refused with a Dutch message naming what
is wrong, and the database and the documents stay as they were. After a restore every session has
ended and every backup code is void (a restored code may already have been used).

An older backup that is a bare database file (.sqlite3, .dump) still restores the database, after
the database's own check. `manage.py backup` sends `backup_written` when it is done; the audit trail
(partners) listens, so kern needs to know no app."""

import gzip
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import time
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from django.core.exceptions import ImproperlyConfigured
from django.core.files import File
from django.core.files.storage import FileSystemStorage, default_storage
from django.db import connections
from django.dispatch import Signal

EXTENSIE = ".tar.gz"
DOCUMENTEN = "documenten/"
MANIFEST = "manifest.json"
FORMAAT = 2
SESSIETABEL = "django_session"
BLOK = 1024 * 1024
MANIFEST_MAX = 64 * 1024 * 1024  # far above a line per document of any loket

# Sent by `manage.py backup` with `path`, the file it wrote.
backup_written = Signal()


class OngeldigeBackup(ValueError):
    """The archive is damaged or is no backup of this app: nothing was replaced."""


def is_sqlite(alias: str = "default") -> bool:
    return connections[alias].vendor == "sqlite"


def extension(alias: str = "default") -> str:
    return EXTENSIE


def database_description(alias: str = "default") -> str:
    """Which database a command touches, in words an operator checks before typing ja."""
    instellingen = connections[alias].settings_dict
    if is_sqlite(alias):
        return f"SQLite-bestand {instellingen['NAME']}"
    host = instellingen.get("HOST") or "localhost"
    return f"PostgreSQL-database {instellingen['NAME']} op {host}:{instellingen.get('PORT') or 5432}"


def _database_name(alias: str) -> str:
    """The database's name inside the archive."""
    return "database.sqlite3" if is_sqlite(alias) else "database.dump"


def _pg_arguments(database: dict) -> tuple[list[str], dict]:
    for program in ("pg_dump", "pg_restore"):
        if shutil.which(program) is None:
            raise ImproperlyConfigured(f"{program} is niet geïnstalleerd (Debian: postgresql-client).")
    options = [
        f"--host={database.get('HOST') or 'localhost'}",
        f"--port={database.get('PORT') or 5432}",
        f"--username={database.get('USER') or 'postgres'}",
    ]
    environment = dict(os.environ)
    if database.get("PASSWORD"):
        environment["PGPASSWORD"] = database["PASSWORD"]
    return options, environment


def _sqlite_connection(alias: str) -> sqlite3.Connection:
    connection = connections[alias]
    connection.ensure_connection()
    return connection.connection


def documents(storage=default_storage, folder: str = "") -> Iterator[str]:
    """Every file in the storage, by its name there (as a FileField holds it)."""
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:  # no document uploaded yet: MEDIA_ROOT does not exist
        return
    for name in sorted(files):
        yield f"{folder}/{name}" if folder else name
    for sub in sorted(folders):
        yield from documents(storage, f"{folder}/{sub}" if folder else sub)


class _Hashing:
    """A file object that counts and hashes what tarfile reads from it while writing."""

    def __init__(self, raw):
        self.raw = raw
        self.sha256 = hashlib.sha256()
        self.size = 0

    def read(self, n=-1):
        data = self.raw.read(n)
        self.sha256.update(data)
        self.size += len(data)
        return data


def _member(name: str, size: int) -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.size = size
    info.mode = 0o600
    info.mtime = int(time.time())
    return info


def make_backup(target: Path, alias: str = "default") -> Path:
    """Write the database, every document and the manifest to the archive `target`, mode 0600.
    It appears whole or not at all: written beside it, verified as a restore would, and renamed
    when complete."""
    target = Path(target)
    target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    unfinished = target.with_name(target.name + ".deel")
    try:
        with tempfile.TemporaryDirectory() as work:
            database = _dump_database(Path(work) / _database_name(alias), alias)
            # Created 0600 from the start: password hashes are in it.
            descriptor = os.open(unfinished, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            os.fchmod(descriptor, 0o600)
            leden = []
            with os.fdopen(descriptor, "wb") as out, tarfile.open(fileobj=out, mode="w:gz") as archive:
                with open(database, "rb") as raw:
                    gelezen = _Hashing(raw)
                    archive.addfile(_member(database.name, database.stat().st_size), gelezen)
                leden.append({"naam": database.name, "grootte": gelezen.size, "sha256": gelezen.sha256.hexdigest()})
                for name in documents():
                    with default_storage.open(name, "rb") as document:
                        gelezen = _Hashing(document)
                        archive.addfile(_member(DOCUMENTEN + name, default_storage.size(name)), gelezen)
                    leden.append(
                        {"naam": DOCUMENTEN + name, "grootte": gelezen.size, "sha256": gelezen.sha256.hexdigest()}
                    )
                manifest = json.dumps(
                    {
                        "formaat": FORMAAT,
                        "database": leden[0],
                        "leden": leden,
                        "sessies": "niet opgenomen",
                    },
                    indent=1,
                ).encode()
                archive.addfile(_member(MANIFEST, len(manifest)), _Hashing(_Bytes(manifest)))
            # A document that changed while it was read would not match its own manifest line.
            with tempfile.TemporaryDirectory() as controle:
                verify_backup(unfinished, Path(controle), alias=alias)
        os.replace(unfinished, target)
    finally:
        unfinished.unlink(missing_ok=True)
    return target


class _Bytes:
    def __init__(self, data: bytes):
        self.data, self.pos = data, 0

    def read(self, n=-1):
        n = len(self.data) - self.pos if n < 0 else n
        chunk = self.data[self.pos : self.pos + n]
        self.pos += len(chunk)
        return chunk


def _dump_database(target: Path, alias: str) -> Path:
    """A consistent copy of the database in `target`, without the rows of the sessions table."""
    if is_sqlite(alias):
        with sqlite3.connect(target) as copy:
            _sqlite_connection(alias).backup(copy)
        # secure_delete and VACUUM: the removed sessions leave no trace in free pages of the file.
        copy.isolation_level = None
        copy.execute("PRAGMA secure_delete = ON")
        if copy.execute("SELECT 1 FROM sqlite_master WHERE name = ?", (SESSIETABEL,)).fetchone():
            copy.execute(f"DELETE FROM {SESSIETABEL}")
        copy.execute("VACUUM")
        copy.close()
        return target
    database = connections[alias].settings_dict
    options, environment = _pg_arguments(database)
    subprocess.run(
        [
            "pg_dump",
            *options,
            "--format=custom",
            "--no-owner",
            f"--exclude-table-data={SESSIETABEL}",
            f"--file={target}",
            database["NAME"],
        ],
        check=True,
        env=environment,
        capture_output=True,
    )
    return target


# -- verifying --------------------------------------------------------------------------------------
@dataclass
class Gecontroleerd:
    """A verified archive, unpacked: the database file and the folder of documents."""

    database: Path
    documenten: Path
    namen: list[str] = field(default_factory=list)


def _document_name(naam: str) -> str:
    """The storage name of a member under documenten/, refused when it could leave the folder."""
    rest = naam.removeprefix(DOCUMENTEN)
    pad = PurePosixPath(rest)
    if not rest or pad.is_absolute() or any(deel in ("", ".", "..") for deel in rest.split("/")):
        raise OngeldigeBackup(f"De backup is onbruikbaar: het document {naam!r} heeft een ongeldige naam.")
    return rest


def verify_backup(source: Path, work: Path, alias: str = "default") -> Gecontroleerd:
    """Read the whole archive, unpacking into `work` (database) and `work/documenten`, and check
    the gzip stream and every member against the manifest. Raises OngeldigeBackup, in Dutch,
    naming what is wrong; replaces nothing."""
    verwacht_db = _database_name(alias)
    gelezen: list[dict] = []
    manifest = None
    doelmap = work / "documenten"
    doelmap.mkdir(parents=True, exist_ok=True)
    database = work / verwacht_db
    try:
        with gzip.open(source, "rb") as stroom:
            with tarfile.open(fileobj=stroom, mode="r|") as archief:
                for lid in archief:
                    if manifest is not None:
                        raise OngeldigeBackup(
                            f"De backup is onbruikbaar: na de inhoudsopgave staat nog {lid.name!r} in het archief."
                        )
                    if not lid.isreg():
                        raise OngeldigeBackup(f"De backup is onbruikbaar: {lid.name!r} is geen gewoon bestand.")
                    inhoud = archief.extractfile(lid)
                    if lid.name == MANIFEST:
                        if lid.size > MANIFEST_MAX:
                            raise OngeldigeBackup("De backup is beschadigd: de inhoudsopgave is onmogelijk groot.")
                        manifest = _read_manifest(inhoud.read(lid.size + 1))
                        continue
                    if lid.name.startswith(DOCUMENTEN):
                        doel = doelmap / _document_name(lid.name)
                    elif lid.name.startswith("database."):
                        if lid.name != verwacht_db:
                            raise OngeldigeBackup(
                                f"Deze backup hoort bij een andere soort database ({lid.name}); "
                                f"deze database heeft {verwacht_db} nodig."
                            )
                        doel = database
                    else:
                        raise OngeldigeBackup(
                            f"De backup is onbruikbaar: onbekend bestand {lid.name!r} in het archief."
                        )
                    doel.parent.mkdir(parents=True, exist_ok=True)
                    som, grootte = hashlib.sha256(), 0
                    with open(doel, "xb") as uit:
                        while blok := inhoud.read(BLOK):
                            som.update(blok)
                            grootte += len(blok)
                            uit.write(blok)
                    gelezen.append({"naam": lid.name, "grootte": grootte, "sha256": som.hexdigest()})
            # Past tar's end-of-archive blocks to the end of the gzip stream: this checks its CRC and
            # length, and finds a cut-off file or anything appended.
            while stroom.read(BLOK):
                pass
    except OngeldigeBackup:
        raise
    except FileExistsError as fout:
        raise OngeldigeBackup(
            f"De backup is onbruikbaar: {Path(fout.filename).name!r} staat er twee keer in."
        ) from fout
    except (EOFError, gzip.BadGzipFile, zlib.error) as fout:
        raise OngeldigeBackup(
            f"De backup is beschadigd of afgebroken: het gecomprimeerde archief klopt niet ({fout})."
        ) from fout
    except (tarfile.TarError, OSError, UnicodeError) as fout:
        raise OngeldigeBackup(f"De backup is beschadigd: het archief is niet te lezen ({fout}).") from fout

    if manifest is None:
        raise OngeldigeBackup(
            "De backup is onvolledig of beschadigd: de inhoudsopgave (manifest.json) ontbreekt. "
            "Een backup van vóór december 2026 heeft er geen; maak een nieuwe."
        )
    _compare(manifest, gelezen)
    if not gelezen or gelezen[0]["naam"] != verwacht_db:
        raise OngeldigeBackup(f"Dit archief is geen backup van het loket: er staat geen {verwacht_db} in.")
    _check_database_file(database, alias)
    return Gecontroleerd(
        database=database,
        documenten=doelmap,
        namen=[lid["naam"].removeprefix(DOCUMENTEN) for lid in gelezen[1:]],
    )


def _read_manifest(data: bytes) -> dict:
    try:
        manifest = json.loads(data)
        assert manifest["formaat"] == FORMAAT
        leden = [
            {"naam": str(d["naam"]), "grootte": int(d["grootte"]), "sha256": str(d["sha256"])}
            for d in manifest["leden"]
        ]
        database = manifest["database"]
    except (ValueError, KeyError, TypeError, AssertionError) as fout:
        raise OngeldigeBackup("De backup is beschadigd: de inhoudsopgave (manifest.json) is niet te lezen.") from fout
    return {"leden": leden, "database": database}


def _compare(manifest: dict, gelezen: list[dict]) -> None:
    """Every member as the manifest names it, in its order: no member missing, none added,
    none changed."""
    verwacht = manifest["leden"]
    if not verwacht or verwacht[0] != manifest["database"]:
        raise OngeldigeBackup("De backup is beschadigd: de controlesom van de database ontbreekt in de inhoudsopgave.")
    namen_verwacht = [lid["naam"] for lid in verwacht]
    namen_gelezen = [lid["naam"] for lid in gelezen]
    ontbreekt = [n for n in namen_verwacht if n not in namen_gelezen]
    if ontbreekt:
        raise OngeldigeBackup(
            f"De backup is onvolledig: {len(ontbreekt)} bestand(en) uit de inhoudsopgave ontbreken, "
            f"te beginnen met {ontbreekt[0]!r}."
        )
    extra = [n for n in namen_gelezen if n not in namen_verwacht]
    if extra:
        raise OngeldigeBackup(f"De backup is gewijzigd: {extra[0]!r} staat niet in de inhoudsopgave.")
    if namen_gelezen != namen_verwacht:
        raise OngeldigeBackup(
            "De backup is gewijzigd: de bestanden staan in een andere volgorde dan de inhoudsopgave zegt."
        )
    for verwacht_lid, gelezen_lid in zip(verwacht, gelezen, strict=True):
        if verwacht_lid != gelezen_lid:
            raise OngeldigeBackup(
                f"De backup is beschadigd: {gelezen_lid['naam']!r} heeft niet de grootte en controlesom (SHA-256) "
                "die de inhoudsopgave noemt."
            )


def _check_database_file(database: Path, alias: str) -> None:
    """The database's own check of a file to restore: SQLite's integrity_check, pg_restore's list."""
    if is_sqlite(alias):
        try:
            with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as verbinding:
                uitkomst = verbinding.execute("PRAGMA integrity_check").fetchone()[0]
            verbinding.close()
        except sqlite3.DatabaseError as fout:
            raise OngeldigeBackup(f"De database in de backup is onbruikbaar ({fout}).") from fout
        if uitkomst != "ok":
            raise OngeldigeBackup(f"De database in de backup is beschadigd ({uitkomst}).")
        return
    options, environment = _pg_arguments(connections[alias].settings_dict)
    lijst = subprocess.run(["pg_restore", "--list", str(database)], env=environment, capture_output=True)
    if lijst.returncode != 0:
        raise OngeldigeBackup(f"De database in de backup is onbruikbaar: {lijst.stderr.decode(errors='replace')}")


# -- restoring --------------------------------------------------------------------------------------
SQLITE_KOP = b"SQLite format 3\x00"
PG_KOP = b"PGDMP"


def restore_backup(source: Path, alias: str = "default") -> None:
    """Verify the whole backup, then replace the database's content with the backup's (all of it,
    in one go), then make the documents the backup's, swapped in as a whole. Every session ends
    and every backup code is void afterwards."""
    source = Path(source)
    if not source.is_file():
        raise FileNotFoundError(f"De backup {source} bestaat niet.")
    with open(source, "rb") as bestand:
        kop = bestand.read(16)
    if kop.startswith(b"\x1f\x8b"):
        with tempfile.TemporaryDirectory() as work, _Staging() as nieuw:
            gecontroleerd = verify_backup(source, Path(work), alias=alias)
            nieuw.fill(gecontroleerd)
            _restore_database(gecontroleerd.database, alias)
            nieuw.swap_in()
        return
    # An older backup: the database alone, checked by the database itself first.
    if (kop.startswith(SQLITE_KOP) and is_sqlite(alias)) or (kop.startswith(PG_KOP) and not is_sqlite(alias)):
        _check_database_file(source, alias)
        _restore_database(source, alias)
        return
    raise OngeldigeBackup(f"{source.name} is geen backup van het loket voor deze database (of hij is beschadigd).")


class _Staging:
    """The new set of documents, complete before the old set goes. On a disk (FileSystemStorage)
    it is a folder beside MEDIA_ROOT, renamed into place in one step; the old folder is removed only
    after that. In another store (S3) every document of the backup is written, then the others
    are deleted."""

    def __init__(self):
        self.storage = default_storage
        self.map = None
        self.gecontroleerd = None

    def __enter__(self):
        if isinstance(self.storage, FileSystemStorage) or isinstance(
            getattr(self.storage, "_wrapped", None), FileSystemStorage
        ):
            self.root = Path(self.storage.location)
            self.root.parent.mkdir(parents=True, exist_ok=True)
            self.map = Path(tempfile.mkdtemp(prefix=f".{self.root.name}-terugzetten-", dir=self.root.parent))
        return self

    def fill(self, gecontroleerd: Gecontroleerd) -> None:
        self.gecontroleerd = gecontroleerd
        if self.map is None:
            return
        for naam in gecontroleerd.namen:
            doel = self.map / naam
            doel.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(gecontroleerd.documenten / naam, doel)
            os.chmod(doel, 0o600)

    def swap_in(self) -> None:
        if self.map is None:
            self._through_storage_api()
            return
        if self.root.exists():
            os.chmod(self.map, self.root.stat().st_mode & 0o7777)
            oud = self.root.with_name(f".{self.root.name}-vorige-{os.getpid()}-{time.time_ns()}")
            os.rename(self.root, oud)
            os.rename(self.map, self.root)
            shutil.rmtree(oud, ignore_errors=True)
        else:
            os.rename(self.map, self.root)
        self.map = None

    def _through_storage_api(self) -> None:
        kept = set()
        for naam in self.gecontroleerd.namen:
            if self.storage.exists(naam):
                self.storage.delete(naam)
            with open(self.gecontroleerd.documenten / naam, "rb") as document:
                opgeslagen = self.storage.save(naam, File(document, name=naam))
            if opgeslagen != naam:
                raise OngeldigeBackup(f"Het document {naam} kon niet onder zijn eigen naam worden teruggezet.")
            kept.add(naam)
        for naam in list(documents(self.storage)):
            if naam not in kept:
                self.storage.delete(naam)

    def __exit__(self, *exc):
        if self.map is not None:  # refused or failed before the swap: the old set stays
            shutil.rmtree(self.map, ignore_errors=True)
        return False


def _restore_database(source: Path, alias: str) -> None:
    if is_sqlite(alias):
        with sqlite3.connect(source) as original:
            original.backup(_sqlite_connection(alias))
        original.close()
    else:
        database = connections[alias].settings_dict
        connections[alias].close()
        options, environment = _pg_arguments(database)
        subprocess.run(
            [
                "pg_restore",
                *options,
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                f"--dbname={database['NAME']}",
                str(source),
            ],
            check=True,
            env=environment,
            capture_output=True,
        )
    _end_every_way_in(alias)


def _end_every_way_in(alias: str) -> None:
    """No session from before the restore (or from an older backup that held sessions) signs
    anyone in, and no backup code comes back: one restored may already have been used."""
    with connections[alias].cursor() as cursor:
        tabellen = set(connections[alias].introspection.table_names(cursor))
        for tabel in (SESSIETABEL, "kern_reservecode"):
            if tabel in tabellen:
                cursor.execute(f"DELETE FROM {connections[alias].ops.quote_name(tabel)}")
