"""Twente's demo, loaded once per test session and day, and copied into every module that uses it.

Loading the demo (`demo.twente.load_demo_data`) takes seconds on this machine; copying its rows
takes milliseconds. `Snapshot.take` loads the demo inside the caller's transaction and keeps the
rows of every table the load changed; `Snapshot.restore` writes those rows into a later
transaction, which the caller rolls back as it would roll back a load. This is a template database
at the level of rows: it works the same on SQLite (in memory) and PostgreSQL, inside the
transaction pytest-django's tests nest in, and needs no second database per worker.

Two checks keep a copy honest. A copy is written only into a database that is exactly as the load
found it (every table, every row; a transactional test that flushed the database and made the
content types again has changed their ids, say), otherwise the caller loads the demo again. And
after writing, the database must read back exactly as the load left it, or the test fails."""

from __future__ import annotations

import datetime
import fcntl
import hashlib
import pickle
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.core.management.color import no_style
from django.db import connection
from django.utils import timezone

# Django's own record of applied migrations: each worker's database has its own times in it, and
# loading data never touches it.
IGNORED_TABLES = {"django_migrations"}


def _tables() -> list[str]:
    return sorted(set(connection.introspection.table_names(include_views=False)) - IGNORED_TABLES)


def _digests(tables: list[str]) -> dict[str, str]:
    """Every table's rows (in any order) as one digest per table."""
    digests = {}
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            rows = sorted(repr(_plain(row)) for row in cursor.fetchall())
            digests[table] = hashlib.sha256("\n".join(rows).encode()).hexdigest()
    return digests


def _plain(row: tuple) -> tuple:
    """A row read from SQLite as SQLite stores it: Django's converters turn text into dates and
    times and 0/1 into booleans when reading; Django writes them back as str() and 0/1."""
    return tuple(
        int(value)
        if isinstance(value, bool)
        else str(value)
        if isinstance(value, datetime.date | datetime.time)
        else value
        for value in row
    )


def _read(table: str):
    quoted = connection.ops.quote_name(table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # COPY's text format gives back exactly what it was given, json and arrays included.
            with cursor.cursor.copy(f"COPY {quoted} TO STDOUT") as copy:
                return b"".join(bytes(block) for block in copy)
        cursor.execute(f"SELECT * FROM {quoted}")
        return [_plain(row) for row in cursor.fetchall()]


def _write(table: str, rows) -> None:
    quoted = connection.ops.quote_name(table)
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {quoted}")
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {quoted} FROM STDIN") as copy:
                copy.write(rows)
        elif rows:
            placeholders = ", ".join(["%s"] * len(rows[0]))
            cursor.executemany(f"INSERT INTO {quoted} VALUES ({placeholders})", rows)


def _reset_sequences(tables: set[str]) -> None:
    """PostgreSQL's sequences do not follow rows written with their ids (SQLite's AUTOINCREMENT
    does): point them past the copied rows, so the next row a test makes gets a free id."""
    models = [model for model in apps.get_models(include_auto_created=True) if model._meta.db_table in tables]
    statements = connection.ops.sequence_reset_sql(no_style(), models)
    if statements:
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)


@dataclass(frozen=True)
class Snapshot:
    """What a load did to the database: the digest of every table before and after it, the rows
    of each table it changed, and the moment it finished (`ended`). A test after a copy runs from
    that moment on, as it would after the load: what it records comes after the demo's history."""

    vendor: str
    ended: datetime.datetime
    before: dict[str, str]
    after: dict[str, str]
    rows: dict[str, object] = field(repr=False)

    @classmethod
    def take(cls, load: Callable[[], object]) -> Snapshot:
        """Run `load` in the current transaction and keep what it changed."""
        tables = _tables()
        before = _digests(tables)
        load()
        ended = timezone.now()
        after = _digests(_tables())
        changed = [table for table in after if after[table] != before.get(table)]
        return cls(connection.vendor, ended, before, after, {table: _read(table) for table in changed})

    def restore(self) -> bool:
        """Write the load's rows into the current transaction; False (and nothing written) when the
        database is not as the load found it."""
        if connection.vendor != self.vendor or _digests(_tables()) != self.before:
            return False
        for table, rows in self.rows.items():
            _write(table, rows)
        _reset_sequences(set(self.rows))
        if (verschil := sorted(t for t, d in _digests(_tables()).items() if d != self.after.get(t))) != []:
            raise AssertionError(f"De kopie van de demo verschilt van wat het laden achterliet, in: {verschil}")
        return True


class Snapshots:
    """A session's snapshots, one per key (the demo's day), shared by pytest-xdist's workers
    through files in `folder`: the first worker that needs a day loads it, under a lock, and the
    others copy its rows. Each worker still has its own database."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.known: dict[str, Snapshot] = {}

    def restore_or_take(self, key: str, load: Callable[[], object]) -> Snapshot:
        """Put the load's result in the current transaction: copied when possible, else loaded."""
        key = f"{connection.vendor}-{key}"
        if (snapshot := self.known.get(key)) is not None and snapshot.restore():
            return snapshot
        with self._lock(key):
            path = self.folder / f"demo-{key}.pickle"
            if path.exists():
                snapshot = pickle.loads(path.read_bytes())
                if snapshot.restore():
                    self.known[key] = snapshot
                    return snapshot
            snapshot = Snapshot.take(load)
            self.known[key] = snapshot
            if not path.exists():
                temporary = path.with_suffix(".tmp")
                temporary.write_bytes(pickle.dumps(snapshot))
                temporary.replace(path)
        return snapshot

    @contextmanager
    def _lock(self, key: str) -> Iterator[None]:
        with open(self.folder / f"demo-{key}.lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)  # released when the holder ends, also if it crashes
            try:
                yield
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)
