"""Migrations 0010 and 0011 keep every bank line and its booking: the one payment a booked line
had now points at it (Betaling.bankregel), and each stored line gets its key by the new formula
(date, amount, IBAN, serial; decision 0049), so a statement read again in another format adds
nothing. And back, while no line has more than one payment."""

import datetime
from decimal import Decimal

import pytest

from financiering.bankimport.bank import afschrift_opslaan, sleutel
from financiering.bankimport.formaten import Afschrift, Afschriftregel
from partners.models import Leerwerkloket
from tests.migraties import laatste, migreer, naar_de_laatste

VOOR = [("financiering", "0009_afspraak_getekend_heeft_datum")]
IBAN = "NL44RABO0123456789"


@pytest.mark.django_db(transaction=True)
def test_booked_lines_keep_their_payment_and_get_the_new_key_there_and_back():
    oud = migreer(VOOR)
    try:
        regio = oud.get_model("partners", "Leerwerkloket").objects.create(
            naam="Leerwerkloket Twente", slug="twente", arbeidsmarktregio="Twente"
        )
        roc = oud.get_model("partners", "Partner").objects.create(
            leerwerkloket=regio, naam="ROC van Twente", soort="roc"
        )
        afspraak = oud.get_model("financiering", "Financieringsafspraak").objects.create(
            leerwerkloket=regio, financier=roc, soort="cofinanciering", naam="Cofinanciering ROC", startjaar=2021,
            eindjaar=2025, minimum_per_jaar=Decimal("75000.00"), status="getekend",
            getekend_op=datetime.date(2020, 12, 1),
        )  # fmt: skip
        toezegging = oud.get_model("financiering", "Toezegging").objects.create(
            afspraak=afspraak, jaar=2021, bedrag_geld=Decimal("75000.00")
        )
        factuur = oud.get_model("financiering", "Factuur").objects.create(
            toezegging=toezegging, nummer="LWT-2021-002", factuurdatum=datetime.date(2021, 2, 1),
            vervaldatum=datetime.date(2021, 3, 3), bedrag=Decimal("37500.00"),
        )  # fmt: skip
        betaling = oud.get_model("financiering", "Betaling").objects.create(
            toezegging=toezegging, factuur=factuur, datum=datetime.date(2021, 2, 26), bedrag=Decimal("37500.00")
        )
        Bankregel = oud.get_model("financiering", "Bankregel")
        gemeen = {"leerwerkloket": regio, "bestandsnaam": "afschrift.csv", "tegenrekening": IBAN}
        geboekt = Bankregel.objects.create(
            **gemeen, sleutel="a" * 64, datum=datetime.date(2021, 2, 26), bedrag=Decimal("37500.00"),
            tegenpartij="ROC VAN TWENTE", omschrijving="LWT-2021-002 /ISDT/2021-02-26", status="geboekt",
            betaling=betaling,
        )  # fmt: skip
        # The same day and amount twice, once as CSV and once as MT940 (the old key told them apart).
        tweemaal = [
            Bankregel.objects.create(
                **gemeen,
                sleutel=letter * 64,
                datum=datetime.date(2021, 3, 1),
                bedrag=Decimal("500.00"),
                tegenpartij="ROC",
                omschrijving=omschrijving,
            )  # fmt: skip
            for letter, omschrijving in [("b", "Gift"), ("c", "Gift /SUM/ 1")]
        ]

        nieuw = migreer([laatste("financiering")])

        na = nieuw.get_model("financiering", "Bankregel").objects.get(pk=geboekt.pk)
        assert na.status == "geboekt"
        betalingen = nieuw.get_model("financiering", "Betaling").objects.filter(bankregel=na)
        assert list(betalingen.values_list("pk", "bedrag")) == [(betaling.pk, Decimal("37500.00"))]
        assert na.sleutel == sleutel(datetime.date(2021, 2, 26), Decimal("37500.00"), IBAN, 1)
        sleutels = nieuw.get_model("financiering", "Bankregel").objects.filter(pk__in=[r.pk for r in tweemaal])
        assert sorted(sleutels.values_list("sleutel", flat=True)) == sorted(
            sleutel(datetime.date(2021, 3, 1), Decimal("500.00"), IBAN, n) for n in (1, 2)
        )

        # The same payment read again, now as CAMT.053 with its own description: known.
        afschrift = Afschrift(
            [Afschriftregel("Post 1", datetime.date(2021, 2, 26), Decimal("37500.00"), "ROC van Twente", IBAN, "x")]
        )
        afschrift.formaat = "CAMT.053"
        inlezing = afschrift_opslaan(
            leerwerkloket=Leerwerkloket.objects.get(pk=regio.pk), afschrift=afschrift, bestandsnaam="b.xml", door=None
        )
        assert (inlezing.nieuw, inlezing.al_bekend) == (0, 1)

        terug = migreer(VOOR)
        oud_na = terug.get_model("financiering", "Bankregel").objects.get(pk=geboekt.pk)
        assert (oud_na.status, oud_na.betaling_id) == ("geboekt", betaling.pk)
        assert oud_na.sleutel != na.sleutel and len(oud_na.sleutel) == 64
    finally:
        naar_de_laatste("financiering")
