"""A figure of one invoice or toezegging has one home: FactuurQuerySet.met_ontvangen(op=) for what
is open and how late it is, ToezeggingQuerySet.met_betaaltermijn for the payment term, and the
one-object methods that checks read (`Factuur.nog_open`, `Toezegging.nog_te_factureren`)."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db.models import Sum

from financiering.models import Betaling, Factuur, Toezegging
from tests.factories import BetalingFactory, FactuurFactory, ToezeggingFactory

OP = datetime.date(2018, 5, 1)


def test_met_ontvangen_on_a_day_gives_the_age_and_the_days_past_due(twente):
    factuur = FactuurFactory(
        toezegging=ToezeggingFactory(afspraak__leerwerkloket=twente),
        factuurdatum=datetime.date(2018, 3, 1),
        vervaldatum=datetime.date(2018, 3, 31),
        bedrag=Decimal("1000.00"),
    )
    BetalingFactory(factuur=factuur, bedrag=Decimal("400.00"))

    rij = Factuur.objects.met_ontvangen(op=OP).get(pk=factuur.pk)

    assert (rij.openstaand, rij.leeftijd, rij.dagen_te_laat) == (Decimal("600.00"), 61, 31)
    assert list(Factuur.objects.verlopen(op=OP)) == [factuur]


def test_a_paid_invoice_is_not_late_and_has_no_days_past_due(twente):
    factuur = FactuurFactory(toezegging=ToezeggingFactory(afspraak__leerwerkloket=twente))
    BetalingFactory(factuur=factuur)

    rij = Factuur.objects.met_ontvangen(op=OP).get(pk=factuur.pk)

    assert (rij.openstaand, rij.dagen_te_laat) == (Decimal("0.00"), None)
    assert not Factuur.objects.verlopen(op=OP).exists()


def test_an_invoice_dated_after_the_day_is_neither_open_nor_overdue_on_that_day(twente):
    factuur = FactuurFactory(
        toezegging=ToezeggingFactory(afspraak__leerwerkloket=twente),
        factuurdatum=datetime.date(2018, 6, 1),
        vervaldatum=datetime.date(2018, 7, 1),
        vooruitgedateerd=True,
    )

    op_de_dag = Factuur.objects.met_ontvangen(op=OP).get(pk=factuur.pk)
    later = Factuur.objects.met_ontvangen(op=datetime.date(2018, 8, 1)).get(pk=factuur.pk)

    assert (op_de_dag.openstaand, op_de_dag.leeftijd, op_de_dag.dagen_te_laat) == (Decimal("0.00"), None, None)
    assert (later.openstaand, later.dagen_te_laat) == (Decimal("37500.00"), 31)
    assert not Factuur.objects.verlopen(op=OP).exists()


def test_a_payment_above_what_is_open_is_refused_with_the_open_amount(twente):
    factuur = FactuurFactory(toezegging=ToezeggingFactory(afspraak__leerwerkloket=twente), bedrag=Decimal("1000.00"))
    BetalingFactory(factuur=factuur, bedrag=Decimal("700.00"))
    teveel = Betaling(factuur=factuur, toezegging=factuur.toezegging, datum=OP, bedrag=Decimal("300.01"))

    assert factuur.nog_open() == Decimal("300.00")
    with pytest.raises(ValidationError) as fout:
        teveel.full_clean()
    assert f"Op factuur {factuur.nummer} staat nog €\xa0300,00 open" in fout.value.messages[0]


def test_an_invoice_above_what_is_still_to_invoice_is_refused_with_what_fits(twente):
    toezegging = ToezeggingFactory(afspraak__leerwerkloket=twente, bedrag_geld=Decimal("75000.00"))
    FactuurFactory(toezegging=toezegging, bedrag=Decimal("50000.00"))
    BetalingFactory(factuur=None, toezegging=toezegging, bedrag=Decimal("5000.00"))
    te_veel = Factuur(
        toezegging=toezegging,
        nummer="F-TEVEEL",
        factuurdatum=datetime.date(2018, 4, 1),
        vervaldatum=datetime.date(2018, 5, 1),
        bedrag=Decimal("20000.01"),
    )

    assert toezegging.nog_te_factureren() == Decimal("20000.00")
    with pytest.raises(ValidationError) as fout:
        te_veel.full_clean()
    assert "er kan nog €\xa020.000,00 bij" in fout.value.messages[0]


def test_the_average_payment_term_is_over_paid_invoices_and_its_total_is_not_a_sum(twente):
    """Per agreement the average of its paid invoices' days to payment; over all of them the
    average of every paid invoice (33 days), not the average of the agreements' averages (40)."""
    uwv = ToezeggingFactory(afspraak__leerwerkloket=twente)
    roc = ToezeggingFactory(afspraak__leerwerkloket=twente)
    for dagen in (10, 20):  # UWV: 15 days on average
        factuur = FactuurFactory(toezegging=uwv, bedrag=Decimal("1000.00"), factuurdatum=datetime.date(2018, 3, 1))
        BetalingFactory(factuur=factuur, bedrag=Decimal("1000.00"), datum=datetime.date(2018, 3, 1 + dagen))
    # ROC: paid in two parts, the term runs to the last: 65 days.
    factuur = FactuurFactory(toezegging=roc, bedrag=Decimal("1000.00"), factuurdatum=datetime.date(2018, 3, 1))
    BetalingFactory(factuur=factuur, bedrag=Decimal("500.00"), datum=datetime.date(2018, 3, 11))
    BetalingFactory(factuur=factuur, bedrag=Decimal("500.00"), datum=datetime.date(2018, 5, 5))
    FactuurFactory(toezegging=roc, bedrag=Decimal("1000.00"))  # not paid: not counted

    stroom = Toezegging.objects.filter(pk__in=[uwv.pk, roc.pk]).met_geldstroom().met_betaaltermijn()
    per_afspraak = {r["afspraak"]: r["betaaltermijn"] for r in stroom.opgeteld("afspraak")}

    assert per_afspraak == {uwv.afspraak_id: Decimal(15), roc.afspraak_id: Decimal(65)}
    assert stroom.opgeteld()["betaaltermijn"] == Decimal(95) / Decimal(3)


def test_without_a_paid_invoice_there_is_no_payment_term(twente):
    toezegging = ToezeggingFactory(afspraak__leerwerkloket=twente)
    FactuurFactory(toezegging=toezegging)

    assert Toezegging.objects.filter(pk=toezegging.pk).met_betaaltermijn().opgeteld()["betaaltermijn"] is None


def test_the_groups_and_their_total_come_from_one_query_and_equal_the_separate_sums(twente, django_assert_num_queries):
    """`opgeteld(*groep, met_totaal=True)`: the groups in their order and the sums over all of them,
    to the cent (amounts SQLite's floating point sums wrongly), the payment term of the total its
    own ratio, and the counts summed; the same as the groups and the total asked apart."""
    uwv = ToezeggingFactory(afspraak__leerwerkloket=twente, bedrag_geld=Decimal("0.10"), bedrag_natura=Decimal("0.07"))
    roc = ToezeggingFactory(afspraak__leerwerkloket=twente, bedrag_geld=Decimal("0.20"))
    for toezegging, dagen in ((uwv, 10), (uwv, 20), (roc, 65)):
        factuur = FactuurFactory(toezegging=toezegging, bedrag=Decimal("0.10"), factuurdatum=datetime.date(2018, 3, 1))
        BetalingFactory(
            factuur=factuur, bedrag=Decimal("0.10"), datum=datetime.date(2018, 3, 1) + datetime.timedelta(dagen)
        )
    stroom = Toezegging.objects.filter(pk__in=[uwv.pk, roc.pk]).met_geldstroom(op=OP).met_betaaltermijn()

    with django_assert_num_queries(1):
        groepen, totaal = stroom.opgeteld("afspraak__financier__naam", "afspraak", met_totaal=True)

    assert groepen == stroom.opgeteld("afspraak__financier__naam", "afspraak")
    assert [g["afspraak"] for g in groepen] == sorted(
        [uwv.afspraak_id, roc.afspraak_id],
        key=lambda pk: (Toezegging.objects.get(afspraak=pk).afspraak.financier.naam, pk),
    )
    assert totaal == stroom.opgeteld()
    assert (totaal["geld"], totaal["toegezegd"], totaal["gefactureerd"], totaal["ontvangen"]) == (
        Decimal("0.30"),
        Decimal("0.37"),
        Decimal("0.30"),
        Decimal("0.30"),
    )
    assert (totaal["betaalde_facturen"], totaal["betaaltermijn"]) == (3, Decimal(95) / Decimal(3))


def test_the_groups_with_their_total_keep_a_descending_order(twente):
    from kern.db import groepen_met_totaal

    for geld in ("0.10", "0.30", "0.20"):
        ToezeggingFactory(afspraak__leerwerkloket=twente, bedrag_geld=Decimal(geld))
    per_toezegging = Toezegging.objects.values("pk").annotate(som=Sum("bedrag_geld")).order_by("-som")

    rijen = groepen_met_totaal(per_toezegging, bedragen=["som"])

    assert [r["som"] for r in rijen] == [Decimal("0.30"), Decimal("0.20"), Decimal("0.10")]
    assert {r["alles_som"] for r in rijen} == {Decimal("0.60")}


def test_the_total_of_no_groups_is_the_sum_of_nothing(twente):
    groepen, totaal = Toezegging.objects.none().met_geldstroom(op=OP).opgeteld("afspraak", met_totaal=True)

    assert groepen == []
    assert totaal["toegezegd"] == Decimal("0.00")
