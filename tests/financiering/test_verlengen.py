"""Verlengen: a concept agreement for the following period, prefilled from the old one; the old
one unchanged; renewing twice refused with a message that names the agreement already there."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from financiering.models import Financieringsafspraak, Toezegging
from financiering.services import afspraak_tekenen, afspraak_verlengen
from tests.conftest import op_dag
from tests.factories import AfspraakFactory, SubsidieAfspraakFactory, ToezeggingFactory
from tests.pagina import Pagina

pytestmark = pytest.mark.django_db


@pytest.fixture
def uwv_2017(twente):
    """UWV 2017-2021, € 75.000,00 minimum, in natura counts; 2021: € 60.000,00 + € 20.000,00 in kind."""
    afspraak = AfspraakFactory(leerwerkloket=twente, in_natura_telt_mee=True)
    for jaar in range(2017, 2021):
        ToezeggingFactory(afspraak=afspraak, jaar=jaar)
    ToezeggingFactory(
        afspraak=afspraak,
        jaar=2021,
        bedrag_geld=Decimal("60000.00"),
        bedrag_natura=Decimal("20000.00"),
        omschrijving_natura="0,4 fte adviseur",
    )
    return afspraak


@time_machine.travel(datetime.datetime(2021, 10, 1, 12, 0), tick=False)
def test_a_renewal_is_a_concept_for_the_next_period_with_the_last_years_amounts(uwv_2017, projectleider):
    voor = list(Financieringsafspraak.objects.filter(pk=uwv_2017.pk).values())

    nieuw = afspraak_verlengen(afspraak=uwv_2017, door=projectleider)

    assert (nieuw.startjaar, nieuw.eindjaar, nieuw.status) == (2022, 2026, Financieringsafspraak.Status.CONCEPT)
    assert nieuw.naam == "Cofinanciering UWV 2022-2026"
    # That it is a concept is its state, not a note that would outlive the signing.
    assert nieuw.notities == "Verlenging van 'Cofinanciering UWV 2017-2021' (2017–2021)."
    assert (nieuw.financier, nieuw.soort, nieuw.minimum_per_jaar, nieuw.in_natura_telt_mee) == (
        uwv_2017.financier,
        "cofinanciering",
        Decimal("75000.00"),
        True,
    )
    jaren = list(nieuw.toezeggingen.order_by("jaar").values_list("jaar", "bedrag_geld", "bedrag_natura"))
    assert jaren == [(j, Decimal("60000.00"), Decimal("20000.00")) for j in range(2022, 2027)]
    assert list(Financieringsafspraak.objects.filter(pk=uwv_2017.pk).values()) == voor  # the old one as it was
    eerste = nieuw.history.earliest("history_date")
    assert (eerste.history_user, eerste.history_change_reason) == (
        projectleider,
        "Verlengd uit 'Cofinanciering UWV 2017-2021'",
    )
    assert Toezegging.history.filter(afspraak_id=nieuw.pk, history_change_reason__startswith="Verlengd").count() == 5


def test_a_concept_renewal_counts_for_no_figure_until_it_is_signed(uwv_2017, projectleider):
    with op_dag(datetime.date(2021, 12, 20)):
        nieuw = afspraak_verlengen(afspraak=uwv_2017, door=projectleider)

        assert Toezegging.objects.filter(jaar=2022).met_toegezegd().count() == 0
        assert Toezegging.objects.filter(jaar=2022).opgeteld()["toegezegd"] == 0
        assert not Financieringsafspraak.objects.cofinanciering_in(2023).filter(pk=nieuw.pk).exists()
        afspraak_tekenen(
            afspraak=nieuw,
            getekend_op=datetime.date(2021, 12, 15),
            getekend_door="A. Lammers (UWV)",
            door=projectleider,
        )
        assert Toezegging.objects.filter(jaar=2022).opgeteld()["toegezegd"] == Decimal("80000.00")


def test_renewing_twice_is_refused_naming_the_agreement_already_there(uwv_2017, projectleider):
    afspraak_verlengen(afspraak=uwv_2017, door=projectleider)

    with pytest.raises(ValidationError) as fout:
        afspraak_verlengen(afspraak=uwv_2017, door=projectleider)

    assert fout.value.messages == [
        "UWV heeft voor 2022–2026 al een afspraak: 'Cofinanciering UWV 2022-2026' (2022–2026, concept). "
        "Verlengen kan maar één keer; pas die afspraak aan als er iets anders moet."
    ]
    assert Financieringsafspraak.objects.count() == 2


def test_an_agreement_overlapping_part_of_the_next_period_also_refuses(uwv_2017, projectleider, twente):
    AfspraakFactory(leerwerkloket=twente, naam="Cofinanciering UWV 2024-2025", startjaar=2024, eindjaar=2025)

    with (
        op_dag(datetime.date(2021, 10, 1)),
        pytest.raises(ValidationError, match="'Cofinanciering UWV 2024-2025' \\(2024–2025, nog niet begonnen\\)"),
    ):
        afspraak_verlengen(afspraak=uwv_2017, door=projectleider)


def test_an_open_ended_structural_grant_is_not_renewed_but_carries_on(twente, projectleider):
    szw = SubsidieAfspraakFactory(leerwerkloket=twente, beschikkingsnummer="SZW-2017-1")

    with pytest.raises(ValidationError, match="een structurele subsidie loopt door en wordt niet verlengd"):
        afspraak_verlengen(afspraak=szw, door=projectleider)


def test_the_projectleider_renews_from_the_agreements_page(client, uwv_2017, projectleider):
    client.force_login(projectleider)
    detail = client.get(reverse("afspraken:detail", args=[uwv_2017.pk])).text
    adres = reverse("afspraken:verlengen", args=[uwv_2017.pk])
    assert f'href="{adres}"' in detail

    voorstel = Pagina(client.get(adres).text)
    assert voorstel.tabel("Jaar", "In geld").rij("2026")["Totaal"] == "€\u00a080.000,00"

    antwoord = client.post(adres, follow=True)
    nieuw = Financieringsafspraak.objects.get(startjaar=2022)
    assert antwoord.redirect_chain[-1][0] == reverse("afspraken:detail", args=[nieuw.pk])
    assert "Cofinanciering UWV 2022-2026 is vastgelegd als concept" in antwoord.text
    assert "Deze afspraak is een concept" in antwoord.text
    assert "Verlengd uit" in antwoord.text  # the history says where it came from
    lijst = Pagina(client.get(reverse("afspraken:lijst")).text).tabel("Afspraak", "Status")
    assert lijst.rij("Cofinanciering UWV 2022-2026")["Status"] == "Concept"

    tweede = client.post(adres)
    assert tweede.status_code == 409
    assert "al een afspraak: &#x27;Cofinanciering UWV 2022-2026&#x27;" in tweede.text
    assert Financieringsafspraak.objects.count() == 2


@pytest.mark.parametrize("wie", ["stuurgroeplid", "financien"])
def test_only_the_projectleider_may_renew(client, request, uwv_2017, wie):
    client.force_login(request.getfixturevalue(wie))
    adres = reverse("afspraken:verlengen", args=[uwv_2017.pk])
    assert client.get(adres).status_code == 403
    assert client.post(adres).status_code == 403
    assert 'href="' + adres not in client.get(reverse("afspraken:detail", args=[uwv_2017.pk])).text
    assert Financieringsafspraak.objects.count() == 1


def test_another_region_gets_not_found(client, uwv_2017, collega_achterhoek):
    client.force_login(collega_achterhoek)
    assert client.post(reverse("afspraken:verlengen", args=[uwv_2017.pk])).status_code == 404


@time_machine.travel(datetime.datetime(2021, 3, 1, 12, 0), tick=False)
def test_the_home_pages_loopt_af_row_links_to_renewing(client, uwv_2017, projectleider, stuurgroeplid):
    client.force_login(projectleider)
    thuis = client.get(reverse("home")).text
    assert f'href="{reverse("afspraken:verlengen", args=[uwv_2017.pk])}">UWV verlengen</a>' in thuis

    client.force_login(stuurgroeplid)  # reads: the row links to the agreement, not to an action it may not take
    thuis = client.get(reverse("home")).text
    assert f'href="{reverse("afspraken:detail", args=[uwv_2017.pk])}">Naar de afspraak</a>' in thuis
    assert reverse("afspraken:verlengen", args=[uwv_2017.pk]) not in thuis


def test_finance_is_not_offered_to_invoice_a_concept(client, uwv_2017, projectleider, financien):
    nieuw = afspraak_verlengen(afspraak=uwv_2017, door=projectleider)
    client.force_login(financien)
    assert "Factuur 2021" in client.get(reverse("afspraken:detail", args=[uwv_2017.pk])).text
    pagina = client.get(reverse("afspraken:detail", args=[nieuw.pk])).text
    assert "Deze afspraak is een concept" in pagina and "Factuur 2022" not in pagina
