"""What a toezegging has brought in: gefactureerd, ontvangen and openstaand, from the database."""

import datetime
from decimal import Decimal

from financiering.models import Toezegging
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
