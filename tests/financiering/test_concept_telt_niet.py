"""A concept agreement commits nothing until its status says so: no figure counts it, and what
only a commitment allows (dekking, invoicing, receiving) is refused with a Dutch message."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from financiering.models import Betaling, Factuur, Financieringsafspraak, Toezegging
from jaarplan.models import Dekking
from tests.factories import ActiviteitFactory, AfspraakFactory, DekkingFactory, JaarplanFactory, ToezeggingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def concept(twente):
    afspraak = AfspraakFactory(leerwerkloket=twente, status=Financieringsafspraak.Status.CONCEPT)
    return ToezeggingFactory(afspraak=afspraak, jaar=2018)


def test_no_figure_counts_a_concepts_toezegging(concept, twente):
    ToezeggingFactory(afspraak=AfspraakFactory(leerwerkloket=twente, naam="Lopend"), jaar=2018)

    assert Toezegging.objects.opgeteld()["toegezegd"] == Decimal("75000.00")
    assert Toezegging.objects.met_toegezegd().count() == 1
    assert Toezegging.objects.met_geldstroom().count() == 1
    assert list(Financieringsafspraak.objects.telt()) == [Financieringsafspraak.objects.get(naam="Lopend")]
    # The concept's own page still shows what it proposes.
    eigen = Financieringsafspraak.objects.met_totalen(ook_concept=True).get(pk=concept.afspraak_id)
    assert eigen.totaal_toegezegd == Decimal("75000.00")
    assert Financieringsafspraak.objects.met_totalen().get(pk=concept.afspraak_id).totaal_toegezegd == 0


def test_a_dekking_on_a_concept_toezegging_is_refused(concept, twente):
    activiteit = ActiviteitFactory(jaarplan=JaarplanFactory(leerwerkloket=twente, jaar=2018))
    dekking = Dekking(activiteit=activiteit, toezegging=concept, bedrag=Decimal("1000.00"))

    with pytest.raises(ValidationError) as fout:
        dekking.full_clean()

    assert fout.value.message_dict["toezegging"] == [
        "'Cofinanciering UWV 2017-2021' is nog een concept: de toezegging van UWV voor 2018 telt pas mee als de "
        "afspraak getekend is. Zet eerst de status van de afspraak op 'Toegezegd' of 'Lopend' en ga dan dekken."
    ]


def test_invoicing_or_receiving_on_a_concept_is_refused(concept):
    factuur = Factuur(
        toezegging=concept,
        nummer="F-1",
        factuurdatum=datetime.date(2018, 3, 1),
        vervaldatum=datetime.date(2018, 3, 31),
        bedrag=Decimal("100.00"),
    )
    with pytest.raises(ValidationError, match="is nog een concept.*en ga dan factureren"):
        factuur.full_clean()
    betaling = Betaling(toezegging=concept, datum=datetime.date(2018, 3, 1), bedrag=Decimal("100.00"))
    with pytest.raises(ValidationError, match="en ga dan een betaling vastleggen"):
        betaling.full_clean()


def test_an_agreement_whose_money_covers_activities_cannot_go_back_to_concept(twente):
    dekking = DekkingFactory(
        activiteit=ActiviteitFactory(jaarplan=JaarplanFactory(leerwerkloket=twente, jaar=2018)),
        toezegging=ToezeggingFactory(afspraak=AfspraakFactory(leerwerkloket=twente), jaar=2018),
        bedrag=Decimal("1000.00"),
    )
    afspraak = dekking.toezegging.afspraak
    afspraak.status = Financieringsafspraak.Status.CONCEPT

    with pytest.raises(ValidationError) as fout:
        afspraak.full_clean()

    assert fout.value.message_dict["status"] == [
        "De toezeggingen van deze afspraak dekken al activiteiten in het jaarplan (2018); een concept telt niet "
        "mee, dus haal eerst die dekking weg."
    ]


def test_an_agreement_paid_only_by_an_advance_cannot_go_back_to_concept(twente):
    """SZW pays its grant as advances without invoices: that money is received, and a concept
    would hide it from every figure."""
    toezegging = ToezeggingFactory(afspraak=AfspraakFactory(leerwerkloket=twente), jaar=2018)
    Betaling.objects.create(toezegging=toezegging, datum=datetime.date(2018, 3, 1), bedrag=Decimal("5000.00"))
    afspraak = toezegging.afspraak
    afspraak.status = Financieringsafspraak.Status.CONCEPT

    with pytest.raises(ValidationError) as fout:
        afspraak.full_clean()

    assert fout.value.message_dict["status"] == [
        "Op deze afspraak is al gefactureerd of betaald; een concept telt niet mee, dus terug naar concept kan "
        "niet meer."
    ]
