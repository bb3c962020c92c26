"""A jaarplan 2018 with the region's kostenplaatsen mapped to its activities, for the import tests."""

import pytest

from jaarplan.models import Kostenplaatskoppeling, Kostensoort
from tests.factories import ActiviteitFactory, JaarplanFactory


@pytest.fixture
def jaarplan_2018(twente):
    jaarplan = JaarplanFactory(leerwerkloket=twente, jaar=2018)
    ActiviteitFactory(jaarplan=jaarplan, code="loketfunctie", naam="Loketfunctie", volgorde=10)
    ActiviteitFactory(jaarplan=jaarplan, code="e-portfolio", naam="E-portfolio", volgorde=20)
    Kostenplaatskoppeling.objects.create(
        leerwerkloket=twente, kostenplaats="4100", activiteit_code="loketfunctie", kostensoort=Kostensoort.PERSONEEL
    )
    Kostenplaatskoppeling.objects.create(
        leerwerkloket=twente, kostenplaats="4200", activiteit_code="e-portfolio", kostensoort=Kostensoort.MATERIAAL
    )
    return jaarplan
