"""An invoice dated after today is refused, unless finance staff confirm it is dated ahead on
purpose: the model says so (so every way in follows), and the invoice page offers the checkbox
after the first refusal, keeping what was typed."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from financiering.models import Factuur
from tests.conftest import op_dag
from tests.factories import AfspraakFactory, FactuurFactory, ToezeggingFactory

pytestmark = pytest.mark.django_db

VANDAAG = datetime.date(2026, 12, 7)
WEIGERING = (
    "De factuurdatum 15-12-2026 ligt in de toekomst. Vul de datum in waarop de factuur verstuurd is, of vink "
    "&#x27;Ja, deze factuur is vooruitgedateerd&#x27; aan als zij bewust vooruitgedateerd is."
)


@pytest.fixture
def toezegging(twente):
    afspraak = AfspraakFactory(leerwerkloket=twente, startjaar=2026, eindjaar=2030, naam="Cofinanciering UWV")
    return ToezeggingFactory(afspraak=afspraak, jaar=2026)


def test_the_model_refuses_a_future_invoice_date_unless_confirmed(toezegging):
    factuur = FactuurFactory.build(
        toezegging=toezegging,
        nummer="LWT-2026-040",
        factuurdatum=datetime.date(2026, 12, 15),
        vervaldatum=datetime.date(2027, 1, 14),
    )

    with op_dag(VANDAAG):
        with pytest.raises(ValidationError) as fout:
            factuur.full_clean()
        factuur.vooruitgedateerd = True
        factuur.full_clean()
        factuur.factuurdatum = factuur.vervaldatum = VANDAAG
        factuur.vooruitgedateerd = False
        factuur.full_clean()

    assert fout.value.message_dict["factuurdatum"] == [
        WEIGERING.replace("&#x27;", "'"),
    ]


def test_the_invoice_page_offers_the_confirmation_only_after_refusing_and_keeps_what_was_typed(
    client, toezegging, financien
):
    url = reverse("facturen:nieuw", args=[toezegging.pk])
    getypt = {"nummer": "LWT-2026-040", "factuurdatum": "15-12-2026", "bedrag": "37.500,00", "omschrijving": "Q4"}

    with op_dag(VANDAAG):
        client.force_login(financien)
        leeg = client.get(url).text
        geweigerd = client.post(url, getypt).text
        assert not Factuur.objects.exists()
        bevestigd = client.post(url, getypt | {"vooruitgedateerd": "on"}, follow=True).text

    assert "Ja, deze factuur is vooruitgedateerd" not in leeg
    assert WEIGERING in geweigerd
    assert '<label for="id_vooruitgedateerd">Ja, deze factuur is vooruitgedateerd</label>' in geweigerd
    for waarde in ('value="LWT-2026-040"', 'value="15-12-2026"', 'value="37.500,00"', 'value="Q4"'):
        assert waarde in geweigerd
    assert "Factuur LWT-2026-040 van €\u00a037.500,00 is vastgelegd." in bevestigd
    factuur = Factuur.objects.get()
    assert (factuur.factuurdatum, factuur.bedrag, factuur.vooruitgedateerd) == (
        datetime.date(2026, 12, 15),
        Decimal("37500.00"),
        True,
    )


def test_an_invoice_dated_today_needs_no_confirmation(client, toezegging, financien):
    with op_dag(VANDAAG):
        client.force_login(financien)
        antwoord = client.post(
            reverse("facturen:nieuw", args=[toezegging.pk]),
            {"nummer": "LWT-2026-041", "factuurdatum": "07-12-2026", "bedrag": "37.500,00"},
            follow=True,
        ).text

    assert "Factuur LWT-2026-041 van €\u00a037.500,00 is vastgelegd." in antwoord
    assert Factuur.objects.get().vooruitgedateerd is False


def test_a_credit_invoice_dated_ahead_is_refused_until_confirmed_too(client, toezegging, financien):
    factuur = FactuurFactory(
        toezegging=toezegging,
        nummer="LWT-2026-030",
        factuurdatum=datetime.date(2026, 10, 1),
        vervaldatum=datetime.date(2026, 10, 31),
    )
    url = reverse("facturen:crediteren", args=[factuur.pk])
    getypt = {"nummer": "LWT-2026-030-C", "factuurdatum": "15-12-2026", "bedrag": "1.000,00", "reden": "Te veel"}

    with op_dag(VANDAAG):
        client.force_login(financien)
        geweigerd = client.post(url, getypt).text
        client.post(url, getypt | {"vooruitgedateerd": "on"})

    assert WEIGERING in geweigerd
    assert "Ja, deze factuur is vooruitgedateerd</label>" in geweigerd
    credit = Factuur.objects.get(crediteert=factuur)
    assert (credit.bedrag, credit.vooruitgedateerd) == (Decimal("-1000.00"), True)
