"""The copy of a load that tests use instead of loading the demo again (tests/demo_snapshot.py): it
gives back exactly what the load wrote, history included, and is written only where the load
could have run."""

import datetime
from decimal import Decimal

import pytest
from django.db import transaction

from financiering.models import Financieringsafspraak
from partners.models import Leerwerkloket, Partner
from tests.conftest import op_dag
from tests.factories import AfspraakFactory, LeerwerkloketFactory, PartnerFactory

from .demo_snapshot import Snapshot

pytestmark = pytest.mark.django_db


def _load():
    """A small load of the same kind as the demo: rows in several tables, with their history."""
    regio = LeerwerkloketFactory(naam="Leerwerkloket Twente", slug="twente")
    uwv = PartnerFactory(leerwerkloket=regio, naam="UWV")
    PartnerFactory(leerwerkloket=regio, naam="ROC van Twente")
    AfspraakFactory(leerwerkloket=regio, financier=uwv, naam="Cofinanciering UWV 2017-2021")


def _taken_and_undone() -> Snapshot:
    """The load's snapshot, with the load itself rolled back, as at the end of a module."""
    savepoint = transaction.savepoint()
    with op_dag(datetime.date(2021, 8, 16)):
        snapshot = Snapshot.take(_load)
    transaction.savepoint_rollback(savepoint)
    assert not Leerwerkloket.objects.exists()
    return snapshot


def test_a_copy_gives_back_the_rows_and_history_of_the_load_and_new_rows_get_free_ids():
    snapshot = _taken_and_undone()

    assert snapshot.restore()

    regio = Leerwerkloket.objects.get(slug="twente")
    assert sorted(regio.partners.values_list("naam", flat=True)) == ["ROC van Twente", "UWV"]
    afspraak = Financieringsafspraak.objects.get(naam="Cofinanciering UWV 2017-2021")
    assert afspraak.financier.naam == "UWV"
    assert afspraak.history.exists()
    assert snapshot.ended.date() == datetime.date(2021, 8, 16)
    # A row made after the copy gets an id of its own (PostgreSQL's sequences follow the copy).
    nieuw = PartnerFactory(leerwerkloket=regio, naam="AOC Oost")
    assert nieuw.pk not in set(Partner.objects.exclude(pk=nieuw.pk).values_list("pk", flat=True))
    assert Partner.objects.count() == 3


def test_a_copy_is_not_written_into_a_database_the_load_did_not_find():
    snapshot = _taken_and_undone()
    LeerwerkloketFactory(naam="Leerwerkloket Achterhoek", slug="achterhoek")

    assert not snapshot.restore()

    assert list(Leerwerkloket.objects.values_list("slug", flat=True)) == ["achterhoek"]
    assert not Partner.objects.exists()


def test_demo_op_puts_the_demo_of_that_day_in_the_test(demo_op):
    demo_op(datetime.date(2021, 8, 16))

    uwv = Financieringsafspraak.objects.get(financier__naam="UWV", startjaar=2017)
    assert uwv.minimum_per_jaar == Decimal("75000.00")
    assert not Financieringsafspraak.objects.filter(startjaar__gt=2021).exists()
