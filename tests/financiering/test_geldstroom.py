"""What a toezegging has brought in: gefactureerd, ontvangen and openstaand, from the database."""

import datetime
from decimal import Decimal

from financiering.models import Factuur, Toezegging
from tests.factories import BetalingFactory, FactuurFactory, ToezeggingFactory


def test_openstaand_is_what_is_invoiced_and_not_yet_paid_on_those_invoices(twente):
    toezegging = ToezeggingFactory(afspraak__leerwerkloket=twente)
    factuur = FactuurFactory(toezegging=toezegging, bedrag=Decimal("37500.00"))
    BetalingFactory(factuur=factuur, bedrag=Decimal("20000.00"))

    rij = Toezegging.objects.met_geldstroom().get(pk=toezegging.pk)

    assert (rij.gefactureerd, rij.ontvangen, rij.openstaand) == (
        Decimal("37500.00"),
        Decimal("20000.00"),
        Decimal("17500.00"),
    )


def test_an_advance_without_invoice_is_received_money_not_a_negative_debt(twente):
    toezegging = ToezeggingFactory(afspraak__leerwerkloket=twente, bedrag_geld=Decimal("100000.00"))
    BetalingFactory(factuur=None, toezegging=toezegging, bedrag=Decimal("25000.00"), datum=datetime.date(2018, 1, 15))

    rij = Toezegging.objects.met_geldstroom().get(pk=toezegging.pk)

    assert (rij.gefactureerd, rij.ontvangen, rij.openstaand) == (Decimal("0.00"), Decimal("25000.00"), Decimal("0.00"))


def test_an_invoice_paid_in_parts_is_not_overdue_on_any_database(twente):
    """0.70 + 0.10 + 0.10 + 0.10 is 0.9999999999999999 in floating point, as SQLite sums decimals."""
    factuur = FactuurFactory(
        toezegging=ToezeggingFactory(afspraak__leerwerkloket=twente),
        bedrag=Decimal("1.00"),
        vervaldatum=datetime.date(2018, 3, 31),
    )
    for deel in ("0.70", "0.10", "0.10", "0.10"):
        BetalingFactory(factuur=factuur, bedrag=Decimal(deel))

    assert not Factuur.objects.verlopen(op=datetime.date(2018, 6, 1)).exists()
    assert Toezegging.objects.met_geldstroom().filter(openstaand__gt=0).count() == 0
