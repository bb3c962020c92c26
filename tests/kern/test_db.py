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


def test_it_writes_every_row_as_given_over_many(activiteit):
    te_schrijven = rijen(activiteit, 20_000)

    assert invoegen(Kostenrealisatie, VELDEN, te_schrijven) == 20_000

    opgeslagen = Kostenrealisatie.objects.order_by("pk").values_list("omschrijving", "datum", "bedrag")
    assert len(set(Kostenrealisatie.objects.values_list("pk", flat=True))) == 20_000
    assert opgeslagen[1234] == ("r1234", datetime.date(2018, 1, 3), Decimal("1234.34"))
    omschrijvingen = list(opgeslagen.values_list("omschrijving", flat=True))
    assert omschrijvingen[::1_999] == [f"r{i}" for i in range(0, 20_000, 1_999)]
    # The fields left out get their Django default, here the empty document number.
    assert set(Kostenrealisatie.objects.values_list("stuknummer", "geimporteerd", "importbatch")) == {("", False, None)}


def test_it_refuses_rows_without_a_required_field(activiteit):
    with pytest.raises(ValueError, match="zonder waarde voor datum"):
        invoegen(Kostenrealisatie, ["activiteit", "kostensoort", "bedrag"], [(activiteit.pk, "overig", Decimal("1"))])


def test_the_history_of_rows_written_in_bulk_says_who_and_holds_every_field(activiteit, financien):
    invoegen(Kostenrealisatie, VELDEN, rijen(activiteit, 3))
    sleutels = list(Kostenrealisatie.objects.order_by("pk").values_list("pk", flat=True))
    moment = datetime.datetime(2018, 5, 1, 12, tzinfo=datetime.UTC)

    aantal = vastleggen_voor(Kostenrealisatie.objects.filter(pk__in=sleutels), soort="+", door=financien, op=moment)

    assert aantal == 3
    record = Kostenrealisatie.history.get(id=sleutels[2])
    assert (record.history_type, record.history_user, record.history_date) == ("+", financien, moment)
    assert (record.activiteit_id, record.bedrag, record.omschrijving) == (activiteit.pk, Decimal("2.02"), "r2")
    with pytest.raises(ValueError):
        vastleggen_voor(Kostenrealisatie.objects.all(), soort="~", door=financien)
