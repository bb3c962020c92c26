"""Backups of the whole database, and restoring one: pg_dump/pg_restore on PostgreSQL, SQLite's
own online backup (a consistent copy, also while the app runs) on SQLite.

A backup holds everything, history included. Restoring replaces the database's whole content.
`manage.py backup` sends `backup_written` when it is done; the audit trail (partners) listens, so
kern needs to know no app."""

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.db import connections
from django.dispatch import Signal

# Sent by `manage.py backup` with `path`, the file it wrote.
backup_written = Signal()


def is_sqlite(alias: str = "default") -> bool:
    return connections[alias].vendor == "sqlite"


def extensie(alias: str = "default") -> str:
    return ".sqlite3" if is_sqlite(alias) else ".dump"


def _pg_omgeving(instellingen: dict) -> tuple[list[str], dict]:
    for programma in ("pg_dump", "pg_restore"):
        if shutil.which(programma) is None:
            raise ImproperlyConfigured(f"{programma} is niet geïnstalleerd (Debian: postgresql-client).")
    opties = [
        f"--host={instellingen.get('HOST') or 'localhost'}",
        f"--port={instellingen.get('PORT') or 5432}",
        f"--username={instellingen.get('USER') or 'postgres'}",
    ]
    omgeving = dict(os.environ)
    if instellingen.get("PASSWORD"):
        omgeving["PGPASSWORD"] = instellingen["PASSWORD"]
    return opties, omgeving


def _sqlite_verbinding(alias: str) -> sqlite3.Connection:
    verbinding = connections[alias]
    verbinding.ensure_connection()
    return verbinding.connection


def maak_backup(doel: Path, alias: str = "default") -> Path:
    """Write a consistent copy of the database to `doel`."""
    doel = Path(doel)
    doel.parent.mkdir(parents=True, exist_ok=True)
    if is_sqlite(alias):
        with sqlite3.connect(doel) as kopie:
            _sqlite_verbinding(alias).backup(kopie)
        kopie.close()
        return doel
    instellingen = connections[alias].settings_dict
    opties, omgeving = _pg_omgeving(instellingen)
    subprocess.run(
        ["pg_dump", *opties, "--format=custom", "--no-owner", f"--file={doel}", instellingen["NAME"]],
        check=True,
        env=omgeving,
        capture_output=True,
    )
    return doel


def herstel_backup(bron: Path, alias: str = "default") -> None:
    """Replace the database's content with the backup `bron` (all of it, in one go)."""
    bron = Path(bron)
    if not bron.is_file():
        raise FileNotFoundError(f"De backup {bron} bestaat niet.")
    if is_sqlite(alias):
        with sqlite3.connect(bron) as origineel:
            origineel.backup(_sqlite_verbinding(alias))
        origineel.close()
        return
    instellingen = connections[alias].settings_dict
    connections[alias].close()
    opties, omgeving = _pg_omgeving(instellingen)
    subprocess.run(
        [
            "pg_restore",
            *opties,
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            f"--dbname={instellingen['NAME']}",
            str(bron),
        ],
        check=True,
        env=omgeving,
        capture_output=True,
    )
