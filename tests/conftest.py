import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings

from partners.roles import Rol

from .factories import GebruikerFactory, LeerwerkloketFactory


@pytest.fixture
def twente(db):
    return LeerwerkloketFactory()


@pytest.fixture
def achterhoek(db):
    """A second region, to prove one never sees the other's data."""
    return LeerwerkloketFactory(naam="Leerwerkloket Achterhoek", slug="achterhoek", arbeidsmarktregio="Achterhoek")


@pytest.fixture
def projectleider(twente):
    return GebruikerFactory(username="jenny", first_name="Jenny", leerwerkloket=twente, rollen=[Rol.PROJECTLEIDER])


@pytest.fixture
def stuurgroeplid(twente):
    return GebruikerFactory(username="mariska", first_name="Mariska", leerwerkloket=twente, rollen=[Rol.STUURGROEP])


@pytest.fixture
def financien(twente):
    return GebruikerFactory(username="fenna", first_name="Fenna", leerwerkloket=twente, rollen=[Rol.FINANCIEN])


@pytest.fixture
def collega_achterhoek(achterhoek):
    return GebruikerFactory(username="aart", leerwerkloket=achterhoek, rollen=[Rol.PROJECTLEIDER, Rol.FINANCIEN])


@pytest.fixture
def landelijk(db):
    return GebruikerFactory(username="lotte", leerwerkloket=None, rollen=[Rol.LANDELIJK])


# The demo lives in today (`timezone.localdate()`), so a test that loads it runs on a fixed day.
# By default a day in the first period, in August 2021: the demo stops at 2021, realised through June,
# with the gemeenten' second invoice of 2021 overdue. A module chooses another day by overriding the
# module-scoped fixture `demo_datum`.
DEMO_DATUM = datetime.date(2021, 8, 16)


def op_dag(datum: datetime.date, **kwargs):
    """time_machine.travel to noon of `datum` in the project's time zone. The clock keeps ticking
    from there (tick=True), so "now" still moves on within the day, in this thread and the live
    server's alike."""
    moment = datetime.datetime.combine(datum, datetime.time(12), tzinfo=ZoneInfo(settings.TIME_ZONE))
    return time_machine.travel(moment, **{"tick": True} | kwargs)


@pytest.fixture(scope="module")
def demo_datum():
    """The day on which the demo of a module is loaded and its tests run."""
    return DEMO_DATUM


@pytest.fixture(scope="session")
def _demo_snapshots(request, tmp_path_factory):
    """The demo's snapshots of this session, one per day, kept in the folder that pytest-xdist's
    workers share (each worker has its own database, and its own folder in that one)."""
    from .demo_snapshot import Snapshots

    folder = tmp_path_factory.getbasetemp()
    return Snapshots(folder.parent if hasattr(request.config, "workerinput") else folder)


@pytest.fixture(scope="module")
def _demo_voor_module(django_db_setup, django_db_blocker, demo_datum, _demo_snapshots):
    """Twente's demo on `demo_datum`, in a transaction that is rolled back at the end of the module
    (the way Django's setUpTestData works); each test still runs in its own savepoint, and on the
    same day. The demo is loaded once per session and day and copied into each module that needs it
    (tests/demo_snapshot.py): the same rows, with the same ids, as loading it there, and the clock
    goes on from the moment the load ended."""
    from django.db import transaction

    from demo.twente import load_demo_data

    with op_dag(demo_datum) as klok, django_db_blocker.unblock(), transaction.atomic():
        snapshot = _demo_snapshots.restore_or_take(demo_datum.isoformat(), load_demo_data)
        klok.move_to(snapshot.ended)
        yield
        transaction.set_rollback(True)


@pytest.fixture
def demo_op(db, _demo_snapshots):
    """`demo_op(datum)` puts Twente's demo as loaded on `datum` into this test's own transaction:
    copied from the session's snapshot of that day (loaded here if no test loaded it yet). For a
    test that needs the demo of a day in a module whose other tests need an empty database."""
    from demo.twente import load_demo_data

    def _demo_op(datum: datetime.date):
        with op_dag(datum):
            _demo_snapshots.restore_or_take(datum.isoformat(), load_demo_data)

    return _demo_op


@pytest.fixture
def demo(_demo_voor_module, db):
    """The demo region (Leerwerkloket Twente) with all of `manage.py demo_data`, on `demo_datum`.
    A module that uses it must not also expect an empty database in other tests."""
    from partners.models import Leerwerkloket

    return Leerwerkloket.objects.get(slug="twente")
