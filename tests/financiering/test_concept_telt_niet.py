"""A concept agreement commits nothing until it is signed: no figure counts it, and what only a
commitment allows (dekking, invoicing, receiving) is refused with a Dutch message. A signed
agreement does not go back to concept: its status is a transition, never assigned."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from financiering.forms import AfspraakForm
from financiering.models import Betaling, Factuur, Financieringsafspraak, Toezegging
from jaarplan.models import Dekking
from tests.factories import ActiviteitFactory, AfspraakFactory, JaarplanFactory, ToezeggingFactory

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
        "afspraak getekend is. Leg eerst met 'Tekenen' op de afspraak vast dat zij getekend is en ga dan dekken."
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


def test_a_signed_agreement_cannot_be_set_back_to_concept(twente):
    """The status is protected (django-fsm-2): only the transition `tekenen` moves it, and no
    transition leads back, so money invoiced, received or covering activities stays counted."""
    afspraak = AfspraakFactory(leerwerkloket=twente)

    with pytest.raises(AttributeError, match="Direct status modification is not allowed"):
        afspraak.status = Financieringsafspraak.Status.CONCEPT

    afspraak.refresh_from_db()
    assert afspraak.status == Financieringsafspraak.Status.GETEKEND
    assert "status" not in AfspraakForm(instance=afspraak, leerwerkloket=twente).fields
