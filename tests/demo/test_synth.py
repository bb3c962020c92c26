"""`manage.py synth_data`: realistic data for many regions, valid by construction, repeatable."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import F, Sum

from demo.synth import make_synthetic_data
from financiering.models import Betaling, Factuur, Toezegging
from jaarplan.models import Activiteit, Jaarplan, Kostenrealisatie
from partners.models import Leerwerkloket


def samenvatting():
    return (
        Toezegging.objects.aggregate(s=Sum("bedrag_geld"))["s"],
        Kostenrealisatie.objects.aggregate(s=Sum("bedrag"))["s"],
        Kostenrealisatie.objects.count(),
    )


def test_the_command_makes_every_region_and_year(db):
    uit = StringIO()

    call_command("synth_data", "--regios", "2", "--jaren", "3", "--boekingen", "4", stdout=uit)

    assert "2 regio's gemaakt" in uit.getvalue()
    assert list(Leerwerkloket.objects.values_list("slug", flat=True)) == ["friesland", "groningen"]
    assert Jaarplan.objects.count() == 6
    plannen = Jaarplan.objects.filter(leerwerkloket__slug="groningen").order_by("jaar")
    assert list(plannen.values_list("jaar", "status")) == [
        (2017, "afgesloten"),
        (2018, "afgesloten"),
        (2019, "vastgesteld"),
    ]


def test_the_data_obeys_the_rules(db):
    make_synthetic_data(regios=2, jaren=3, boekingen=4)

    for toezegging in Toezegging.objects.select_related("afspraak__financier"):
        toezegging.full_clean()  # the minimum, the period, in kind only where it counts
    for factuur in Factuur.objects.all():
        factuur.full_clean()
    for betaling in Betaling.objects.all():
        betaling.full_clean()
    # Compared in Python: SQLite sums decimals as floating point inside a WHERE.
    for toezegging in Toezegging.objects.annotate(toegewezen=Sum("dekkingen__bedrag")):
        assert (toezegging.toegewezen or 0) <= toezegging.totaal, toezegging
    for activiteit in Activiteit.objects.met_totalen():
        assert activiteit.gedekt <= activiteit.begroot, activiteit
    assert not Kostenrealisatie.objects.exclude(datum__year=F("activiteit__jaarplan__jaar")).exists()


def eenmaal(seed):
    """Make one region's data, note its totals, and roll it back."""
    with transaction.atomic():
        make_synthetic_data(regios=1, jaren=2, boekingen=3, seed=seed)
        uitkomst = samenvatting()
        transaction.set_rollback(True)
    return uitkomst


def test_the_same_seed_gives_the_same_data_and_another_seed_other_data(db):
    eerste = eenmaal(7)

    assert eerste[2] > 0
    assert eenmaal(7) == eerste
    assert eenmaal(8) != eerste


def test_an_existing_region_is_left_alone(twente):
    uit = StringIO()

    call_command("synth_data", "--regios", "5", "--jaren", "1", "--boekingen", "1", stdout=uit)

    assert "Overgeslagen (bestaat al): Twente" in uit.getvalue()
    assert not Jaarplan.objects.filter(leerwerkloket=twente).exists()


@pytest.mark.parametrize(
    ("argumenten", "melding"), [(["--regios", "36"], "--regios moet tussen 1 en 35"), (["--jaren", "0"], "--jaren")]
)
def test_impossible_sizes_are_refused(db, argumenten, melding):
    with pytest.raises(CommandError, match=melding):
        call_command("synth_data", *argumenten)
