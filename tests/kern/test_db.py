"""Writing many checked rows at once (kern.db.invoegen) and their history (kern.geschiedenis)."""

import datetime
from decimal import Decimal

import pytest

from jaarplan.models import Kostenrealisatie, Kostensoort
from kern.db import invoegen
from kern.geschiedenis import vastleggen_voor
from tests.factories import ActiviteitFactory


@pytest.fixture
def activiteit(twente):
    return ActiviteitFactory(jaarplan__leerwerkloket=twente)


VELDEN = ["activiteit", "kostensoort", "datum", "bedrag", "omschrijving"]


def rijen(activiteit, aantal):
    return [
        (
            activiteit.pk,
            Kostensoort.PERSONEEL,
            datetime.date(2018, 1, 1 + i % 28),
            Decimal(f"{i}.{i % 100:02d}"),
            f"r{i}",
        )
        for i in range(aantal)
    ]


def test_it_returns_each_rows_new_key_in_order_over_several_statements(activiteit):
    te_schrijven = rijen(activiteit, 20_000)  # more than one statement on SQLite

    sleutels = invoegen(Kostenrealisatie, VELDEN, te_schrijven)

    opgeslagen = dict(Kostenrealisatie.objects.values_list("pk", "omschrijving").filter(pk__in=sleutels[::1_999]))
    assert len(sleutels) == len(set(sleutels)) == 20_000
    assert [opgeslagen[s] for s in sleutels[::1_999]] == [f"r{i}" for i in range(0, 20_000, 1_999)]
    rij = Kostenrealisatie.objects.get(pk=sleutels[1234])
    assert (rij.activiteit, rij.datum, rij.bedrag) == (activiteit, datetime.date(2018, 1, 3), Decimal("1234.34"))


def test_it_refuses_rows_without_a_required_field(activiteit):
    with pytest.raises(ValueError, match="zonder waarde voor datum"):
        invoegen(Kostenrealisatie, ["activiteit", "kostensoort", "bedrag"], [(activiteit.pk, "overig", Decimal("1"))])


def test_the_history_of_rows_written_in_bulk_says_who_and_holds_every_field(activiteit, financien):
    sleutels = invoegen(Kostenrealisatie, VELDEN, rijen(activiteit, 3))
    moment = datetime.datetime(2018, 5, 1, 12, tzinfo=datetime.UTC)

    aantal = vastleggen_voor(Kostenrealisatie.objects.filter(pk__in=sleutels), soort="+", door=financien, op=moment)

    assert aantal == 3
    record = Kostenrealisatie.history.get(id=sleutels[2])
    assert (record.history_type, record.history_user, record.history_date) == ("+", financien, moment)
    assert (record.activiteit_id, record.bedrag, record.omschrijving) == (activiteit.pk, Decimal("2.02"), "r2")
    with pytest.raises(ValueError):
        vastleggen_voor(Kostenrealisatie.objects.all(), soort="~", door=financien)
