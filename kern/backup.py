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


def extension(alias: str = "default") -> str:
    return ".sqlite3" if is_sqlite(alias) else ".dump"


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


def make_backup(target: Path, alias: str = "default") -> Path:
    """Write a consistent copy of the database to `target`."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
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
    """Replace the database's content with the backup `source` (all of it, in one go)."""
    source = Path(source)
    if not source.is_file():
        raise FileNotFoundError(f"De backup {source} bestaat niet.")
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
