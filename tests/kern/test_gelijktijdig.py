"""The one optimistic-concurrency check (kern.gelijktijdig) shared by the agreement form and the
jaarplan editor: a fingerprint of the stored rows, compared by the service under the row lock."""

from decimal import Decimal

import pytest

from financiering.models import Toezegging
from kern.gelijktijdig import IntussenGewijzigd, controleer, vingerafdruk
from tests.factories import AfspraakFactory, ToezeggingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def afspraak(twente):
    afspraak = AfspraakFactory(leerwerkloket=twente)
    for jaar in (2018, 2019):
        ToezeggingFactory(afspraak=afspraak, jaar=jaar)
    return afspraak


def bedragen(afspraak):
    return Toezegging.objects.filter(afspraak=afspraak).values_list("jaar", "bedrag_geld")


def test_the_fingerprint_changes_with_any_change_to_the_rows_however_it_was_made(afspraak):
    getekend = vingerafdruk(bedragen(afspraak))
    assert vingerafdruk(bedragen(afspraak)) == getekend

    Toezegging.objects.filter(afspraak=afspraak, jaar=2019).update(bedrag_geld=Decimal("75000.01"))  # no save()
    gewijzigd = vingerafdruk(bedragen(afspraak))
    ToezeggingFactory(afspraak=afspraak, jaar=2020)
    toegevoegd = vingerafdruk(bedragen(afspraak))
    Toezegging.objects.filter(afspraak=afspraak, jaar=2018).delete()
    verwijderd = vingerafdruk(bedragen(afspraak))

    assert len({getekend, gewijzigd, toegevoegd, verwijderd}) == 4


def test_a_stale_fingerprint_is_refused_with_the_one_message(afspraak):
    getekend = vingerafdruk(bedragen(afspraak))
    Toezegging.objects.filter(afspraak=afspraak, jaar=2018).update(bedrag_geld=Decimal("76000.00"))

    with pytest.raises(IntussenGewijzigd) as geweigerd:
        controleer(getekend, bedragen(afspraak), wat="deze afspraak")

    assert geweigerd.value.messages == [
        "Iemand anders heeft deze afspraak gewijzigd nadat u dit formulier opende, dus er is niets opgeslagen. "
        "Wat u invoerde staat hieronder nog. Open deze afspraak opnieuw in een nieuw tabblad om de nieuwe stand "
        "te zien en breng uw wijzigingen daar opnieuw aan."
    ]
    controleer(vingerafdruk(bedragen(afspraak)), bedragen(afspraak), wat="deze afspraak")  # the current one passes


def test_without_a_fingerprint_nothing_is_compared_and_nothing_is_read(afspraak, django_assert_num_queries):
    with django_assert_num_queries(0):
        controleer(None, bedragen(afspraak), wat="deze afspraak")
