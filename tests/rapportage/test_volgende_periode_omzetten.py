"""From the next-period plan to agreements: every co-financier of the current or last period is
in the plan, a structural grant keeps its beschikking amount (not indexed), and "Omzetten in
afspraken" makes concept agreements, once."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from financiering.models import Financieringsafspraak, Toezegging
from financiering.services import afspraak_verlengen
from rapportage.dashboard import selectors
from tests.factories import (
    ActiviteitFactory,
    AfspraakFactory,
    BegrotingsregelFactory,
    JaarplanFactory,
    PartnerFactory,
    SubsidieAfspraakFactory,
    ToezeggingFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _november_2021():
    """Late in the last year of the first period, when the next one is planned."""
    with time_machine.travel(datetime.datetime(2021, 11, 1, 12, 0), tick=False):
        yield


URL = "dashboard:volgende_periode"
OMZETTEN = "dashboard:volgende_periode_omzetten"


@pytest.fixture
def partners(twente):
    """2021 costs € 300.000,00; UWV and ROC co-finance 2017-2021 (€ 75.000,00 each in 2021), SZW's
    open-ended grant gives € 100.000,00 a year."""
    BegrotingsregelFactory(
        activiteit=ActiviteitFactory(jaarplan=JaarplanFactory(leerwerkloket=twente, jaar=2021)),
        bedrag=Decimal("300000.00"),
    )
    uwv = AfspraakFactory(leerwerkloket=twente, in_natura_telt_mee=True)
    roc = AfspraakFactory(leerwerkloket=twente, financier=PartnerFactory(leerwerkloket=twente, naam="ROC van Twente"))
    szw = SubsidieAfspraakFactory(leerwerkloket=twente)
    for afspraak, bedrag in ((uwv, "75000.00"), (roc, "75000.00"), (szw, "100000.00")):
        ToezeggingFactory(afspraak=afspraak, jaar=2021, bedrag_geld=Decimal(bedrag))
    return {"uwv": uwv, "roc": roc, "szw": szw}


def _keuze(partners, **anders):
    gegevens = {
        "basisjaar": "2021",
        "indexatie": "2",
        "van": "2022",
        "aantal": "5",
        f"aandeel_{partners['uwv'].financier_id}": "50",
        f"aandeel_{partners['roc'].financier_id}": "50",
        f"vast_{partners['szw'].financier_id}": "100.000,00",
    }
    return gegevens | anders


def test_a_structural_grant_keeps_its_beschikking_amount_and_the_others_share_the_indexed_rest(
    client, projectleider, partners
):
    client.force_login(projectleider)
    response = client.get(reverse(URL), _keuze(partners))
    plan = response.context["plan"]
    szw, roc, uwv = plan.financiers
    assert [c.bedrag for c in szw.cellen] == [Decimal("100000.00")] * 5  # not indexed
    # 2022: € 300.000,00 × 1,02 = € 306.000,00; the rest after SZW, € 206.000,00, half each.
    assert (uwv.cellen[0].bedrag, roc.cellen[0].bedrag) == (Decimal("103000.00"), Decimal("103000.00"))
    assert szw.percentage is None and "vast bedrag" in response.text

    # Changed by the user, the fixed amount is what it pays.
    veld = f"vast_{partners['szw'].financier_id}"
    plan = client.get(reverse(URL), _keuze(partners, **{veld: "120.000"})).context["plan"]
    assert plan.financiers[0].cellen[0].bedrag == Decimal("120000.00")
    assert plan.financiers[2].cellen[0].bedrag == Decimal("93000.00")


def test_fixed_amounts_above_the_costs_are_refused_in_dutch(client, projectleider, partners):
    client.force_login(projectleider)
    veld = f"vast_{partners['szw'].financier_id}"
    response = client.get(reverse(URL), _keuze(partners, indexatie="0", **{veld: "400.000"}))
    assert "plan" not in response.context
    assert (
        "De vaste bedragen van de structurele subsidies (€\u00a0400.000,00) passen niet bij de kosten van 2022 "
        "(€\u00a0300.000,00); pas ze aan." in response.text
    )
    assert 'value="400.000"' in response.text  # what was typed stays


def test_a_co_financier_whose_agreement_ended_stays_in_the_plan_at_its_minimum(twente, partners):
    # 2022: ROC renewed (and committed € 90.000,00), UWV's agreement ended and it committed nothing.
    BegrotingsregelFactory(
        activiteit=ActiviteitFactory(jaarplan=JaarplanFactory(leerwerkloket=twente, jaar=2022)),
        bedrag=Decimal("300000.00"),
    )
    roc_2022 = AfspraakFactory(
        leerwerkloket=twente, financier=partners["roc"].financier, naam="ROC 2022-2026", startjaar=2022, eindjaar=2026
    )
    ToezeggingFactory(afspraak=roc_2022, jaar=2022, bedrag_geld=Decimal("90000.00"))
    ToezeggingFactory(afspraak=partners["szw"], jaar=2022, bedrag_geld=Decimal("100000.00"))

    basis = selectors.planbasis(twente, 2022)

    namen = {f.naam: f for f in basis.financiers}
    assert list(namen) == ["Ministerie van SZW", "ROC van Twente", "UWV"]
    assert (namen["UWV"].toegezegd, namen["UWV"].minimum) == (Decimal("0.00"), Decimal("75000.00"))
    # Weighed by its minimum: € 90.000,00 against € 75.000,00.
    assert list(basis.standaard_verdeling().values()) == [Decimal("54.55"), Decimal("45.45")]


def test_omzetten_makes_concept_agreements_from_the_plan_once(client, projectleider, partners):
    client.force_login(projectleider)
    response = client.post(reverse(OMZETTEN), _keuze(partners, indexatie="0"), follow=True)

    nieuw = Financieringsafspraak.objects.filter(startjaar=2022).order_by("financier__naam")
    assert [(a.naam, a.status, a.eindjaar, a.minimum_per_jaar) for a in nieuw] == [
        ("Cofinanciering ROC van Twente 2022-2026", "concept", 2026, Decimal("75000.00")),
        ("Cofinanciering UWV 2022-2026", "concept", 2026, Decimal("75000.00")),
    ]
    assert nieuw[1].in_natura_telt_mee is True  # the rule of its current agreement
    assert list(nieuw[1].toezeggingen.values_list("jaar", "bedrag_geld")) == [
        (jaar, Decimal("100000.00")) for jaar in range(2022, 2027)
    ]
    reden = "Uit het plan voor de volgende periode (kosten 2021, 2022-2026)"
    assert nieuw[1].history.get().history_change_reason == reden
    assert set(Toezegging.history.filter(afspraak_id=nieuw[1].pk).values_list("history_change_reason", flat=True)) == {
        reden
    }
    tekst = response.text
    assert "2 conceptafspraken voor 2022–2026 vastgelegd" in tekst
    assert "de structurele subsidie &#x27;Structurele rijksbijdrage SZW&#x27; loopt door zonder laatste jaar" in tekst
    assert response.redirect_chain[-1][0] == reverse("afspraken:lijst") + "?status=concept"
    # Concepts commit nothing: 2022 has no toezegging that counts.
    assert Toezegging.objects.filter(jaar=2022).opgeteld()["toegezegd"] == 0

    tweede = client.post(reverse(OMZETTEN), _keuze(partners, indexatie="0"), follow=True)
    assert (
        "Niet omgezet: Dit plan is al omgezet: ROC van Twente heeft voor 2022–2026 al een afspraak: "
        "&#x27;Cofinanciering ROC van Twente 2022-2026&#x27; (2022–2026, concept); UWV heeft voor" in tweede.text
    )
    assert "Omzetten kan maar één keer" in tweede.text
    assert Financieringsafspraak.objects.filter(startjaar=2022).count() == 2


def test_a_part_below_the_minimum_is_not_converted_and_nothing_is_stored(client, projectleider, partners):
    client.force_login(projectleider)
    keuze = _keuze(partners, indexatie="0")
    keuze[f"aandeel_{partners['uwv'].financier_id}"] = "20"
    keuze[f"aandeel_{partners['roc'].financier_id}"] = "80"
    response = client.post(reverse(OMZETTEN), keuze, follow=True)
    assert "Niet omgezet: De toezegging van UWV voor 2022 is €\u00a040.000,00" in response.text
    assert 'name="aandeel_' in response.text and 'value="20"' in response.text  # back to the plan as chosen
    assert not Financieringsafspraak.objects.filter(startjaar=2022).exists()


def test_only_the_projectleider_converts(client, stuurgroeplid, financien, projectleider, partners):
    for wie in (stuurgroeplid, financien):
        client.force_login(wie)
        assert client.post(reverse(OMZETTEN), _keuze(partners)).status_code == 403
        assert "Omzetten in afspraken" not in client.get(reverse(URL)).text
    client.force_login(projectleider)
    assert "Omzetten in afspraken" in client.get(reverse(URL)).text
    assert not Financieringsafspraak.objects.filter(startjaar=2022).exists()


def test_an_empty_post_converts_nothing(client, projectleider, partners):
    client.force_login(projectleider)
    response = client.post(reverse(OMZETTEN), follow=True)
    assert "Niet omgezet: reken de volgende periode eerst door" in response.text
    assert not Financieringsafspraak.objects.filter(startjaar=2022).exists()


def test_a_financier_renewed_by_hand_is_left_out_and_named(client, projectleider, partners):
    afspraak_verlengen(afspraak=partners["uwv"], door=projectleider)
    client.force_login(projectleider)
    response = client.post(reverse(OMZETTEN), _keuze(partners, indexatie="0"), follow=True)

    assert "1 conceptafspraak voor 2022–2026 vastgelegd: Cofinanciering ROC van Twente 2022-2026." in response.text
    assert (
        "UWV heeft voor 2022–2026 al een afspraak: &#x27;Cofinanciering UWV 2022-2026&#x27; (2022–2026, concept); "
        "niet opnieuw omgezet." in response.text
    )
    assert Financieringsafspraak.objects.filter(startjaar=2022).count() == 2


def test_a_plan_with_only_a_grant_that_carries_on_converts_nothing(client, projectleider, partners):
    client.force_login(projectleider)
    keuze = _keuze(partners, indexatie="0")
    keuze[f"aandeel_{partners['uwv'].financier_id}"] = "0"
    keuze[f"aandeel_{partners['roc'].financier_id}"] = "100"
    keuze[f"vast_{partners['szw'].financier_id}"] = "300.000"  # SZW pays it all: the others get nothing
    response = client.post(reverse(OMZETTEN), keuze, follow=True)
    assert "Niet omgezet: er was geen financier om een afspraak voor te maken." in response.text
    assert "UWV: geen bedrag in het plan, dus geen afspraak." in response.text
    assert not Financieringsafspraak.objects.filter(startjaar=2022).exists()
