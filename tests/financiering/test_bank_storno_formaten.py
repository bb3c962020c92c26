"""Every bank layout's storno undoes its receipt, and the same receipt
from every layout is one line."""

import pytest

from financiering.bankimport.bank import Voorsteller, bankafschrift_inlezen, bankregel_boeken, terugboeking_verwerken
from financiering.models import Bankregel, Betaling, Factuur
from tests.financiering.test_bankafschriften import LAYOUTS, MAP, ONTVANGST, STORNO


@pytest.fixture
def open_2021(demo):
    Betaling.objects.filter(factuur__factuurdatum__year=2021).delete()
    return demo


MET_STORNO = [naam for naam, (_, _, regels) in LAYOUTS.items() if STORNO[:4] in [r[:4] for r in regels]]


@pytest.mark.parametrize("layout", MET_STORNO)
def test_each_layouts_storno_undoes_its_receipt(open_2021, financien, layout):
    bestand = LAYOUTS[layout][0]
    inlezing = bankafschrift_inlezen(
        leerwerkloket=open_2021, bestandsnaam=bestand, inhoud=(MAP / bestand).read_bytes(), door=financien
    )
    assert (inlezing.nieuw, inlezing.terugboekingen) == (1, 1), inlezing.samenvatting()
    ontvangst = Bankregel.objects.get(terugboeking=False)
    storno = Bankregel.objects.get(terugboeking=True)
    factuur = Factuur.objects.get(nummer="LWT-2021-002")
    bankregel_boeken(regel=ontvangst, factuur=factuur, door=financien)
    assert Voorsteller(open_2021).ontvangsten([storno]) == {storno.pk: ontvangst}
    terugboeking_verwerken(regel=storno, ontvangst=ontvangst, door=financien)
    assert Factuur.objects.met_ontvangen().get(pk=factuur.pk).openstaand == factuur.bedrag


def test_the_same_receipt_from_every_layout_is_one_line(open_2021, financien):
    sleutel = ONTVANGST[:2] + (ONTVANGST[3],)
    gelijk = [naam for naam, (_, _, regels) in LAYOUTS.items() if sleutel in [(r[0], r[1], r[3]) for r in regels]]
    assert len(gelijk) >= 10, gelijk  # the receipt is in most layouts, or this test proves nothing
    for naam in gelijk:
        bestand = LAYOUTS[naam][0]
        inhoud = (MAP / bestand).read_bytes()
        bankafschrift_inlezen(leerwerkloket=open_2021, bestandsnaam=bestand, inhoud=inhoud, door=financien)
    assert Bankregel.objects.filter(terugboeking=False, bedrag=ONTVANGST[1]).count() == 1
