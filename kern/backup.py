"""Backups of everything, and restoring one: one archive (.tar.gz, readable by its owner alone)
with the database and the uploaded documents.

The database is pg_dump/pg_restore on PostgreSQL, SQLite's own online backup (a consistent copy,
also while the app runs) on SQLite; the documents are read and written through Django's storage
API (default_storage), so the same backup holds them on a disk or in an S3-compatible store.
Restoring replaces the database's whole content and makes the documents exactly the archive's.
An older backup that is a bare database file (.sqlite3, .dump) still restores the database.
`manage.py backup` sends `backup_written` when it is done; the audit trail (partners) listens, so
kern needs to know no app."""

import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import connections
from django.dispatch import Signal

EXTENSIE = ".tar.gz"
DOCUMENTEN = "documenten/"

# Sent by `manage.py backup` with `path`, the file it wrote.
backup_written = Signal()


def is_sqlite(alias: str = "default") -> bool:
    return connections[alias].vendor == "sqlite"


def extension(alias: str = "default") -> str:
    return EXTENSIE


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


def make_backup(target: Path, alias: str = "default") -> Path:
    """Write the database and every document to the archive `target`, mode 0600. It appears
    whole or not at all: written beside it and renamed when complete."""
    target = Path(target)
    target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    unfinished = target.with_name(target.name + ".deel")
    try:
        with tempfile.TemporaryDirectory() as work:
            database = _dump_database(Path(work) / _database_name(alias), alias)
            # Created 0600 from the start: password hashes and sessions are in it.
            descriptor = os.open(unfinished, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            os.fchmod(descriptor, 0o600)
            with os.fdopen(descriptor, "wb") as out, tarfile.open(fileobj=out, mode="w:gz") as archive:
                archive.add(database, arcname=database.name, filter=_owner_only)
                for name in documents():
                    info = tarfile.TarInfo(DOCUMENTEN + name)
                    info.size = default_storage.size(name)
                    info.mode = 0o600
                    info.mtime = int(time.time())
                    with default_storage.open(name, "rb") as document:
                        archive.addfile(info, document)
        os.replace(unfinished, target)
    finally:
        unfinished.unlink(missing_ok=True)
    return target


def _owner_only(info: tarfile.TarInfo) -> tarfile.TarInfo:
    info.mode = 0o600
    return info


def _dump_database(target: Path, alias: str) -> Path:
    """A consistent copy of the database in `target`."""
    if is_sqlite(alias):
        with sqlite3.connect(target) as copy:
            _sqlite_connection(alias).backup(copy)
        copy.close()
        return target
    database = connections[alias].settings_dict
    options, environment = _pg_arguments(database)
    subprocess.run(
        ["pg_dump", *options, "--format=custom", "--no-owner", f"--file={target}", database["NAME"]],
        check=True,
        env=environment,
        capture_output=True,
    )
    return target


def restore_backup(source: Path, alias: str = "default") -> None:
    """Replace the database's content with the backup's (all of it, in one go), then make the
    documents the backup's: each one written back, any other removed (nothing refers to it)."""
    source = Path(source)
    if not source.is_file():
        raise FileNotFoundError(f"De backup {source} bestaat niet.")
    if not tarfile.is_tarfile(source):
        _restore_database(source, alias)  # an older backup: the database alone
        return
    with tarfile.open(source, "r:*") as archive:
        members = {m.name: m for m in archive.getmembers() if m.isfile()}
        expected = _database_name(alias)
        if expected not in members:
            other = next((n for n in members if n.startswith("database.")), None)
            raise ValueError(
                f"Deze backup hoort bij een andere soort database ({other}); deze database heeft {expected} nodig."
                if other
                else "Dit archief is geen backup van het loket: er staat geen database in."
            )
        with tempfile.TemporaryDirectory() as work:
            database = Path(work) / expected
            with archive.extractfile(members[expected]) as packed, open(database, "wb") as unpacked:
                shutil.copyfileobj(packed, unpacked)
            _restore_database(database, alias)
        kept = set()
        for name, member in members.items():
            if not name.startswith(DOCUMENTEN):
                continue
            name = name.removeprefix(DOCUMENTEN)
            if default_storage.exists(name):
                default_storage.delete(name)
            with archive.extractfile(member) as document:
                saved = default_storage.save(name, File(document, name=name))
            if saved != name:
                raise ValueError(f"Het document {name} kon niet onder zijn eigen naam worden teruggezet.")
            kept.add(name)
    for name in list(documents()):
        if name not in kept:
            default_storage.delete(name)


def _restore_database(source: Path, alias: str) -> None:
    if is_sqlite(alias):
        with sqlite3.connect(source) as original:
            original.backup(_sqlite_connection(alias))
        original.close()
        return
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
