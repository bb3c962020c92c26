"""A structural grant without end year carries on by a person's decision: a year of a jaarplan
without its toezegging says so on the home page and in the dekking matrix, and one confirmation
records it with the amounts of the year before. An empty matrix names whose toezegging is missing."""

import datetime
import re
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from financiering.models import Financieringsafspraak, Toezegging
from financiering.services import toezegging_doorzetten
from tests.factories import (
    ActiviteitFactory,
    AfspraakFactory,
    JaarplanFactory,
    PartnerFactory,
    SubsidieAfspraakFactory,
    ToezeggingFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _maart_2022():
    with time_machine.travel(datetime.datetime(2022, 3, 1, 12, 0), tick=False):
        yield


@pytest.fixture
def szw(twente):
    afspraak = SubsidieAfspraakFactory(leerwerkloket=twente, financier=PartnerFactory(leerwerkloket=twente, naam="SZW"))
    for jaar in range(2017, 2022):
        ToezeggingFactory(afspraak=afspraak, jaar=jaar, bedrag_geld=Decimal("100000.00"))
    return afspraak


@pytest.fixture
def jaarplan_2022(twente):
    activiteit = ActiviteitFactory(jaarplan=JaarplanFactory(leerwerkloket=twente, jaar=2022))
    return activiteit.jaarplan


@pytest.fixture
def uwv_afgelopen(twente):
    afspraak = AfspraakFactory(leerwerkloket=twente)
    ToezeggingFactory(afspraak=afspraak, jaar=2021)
    return afspraak


KNOP = "SZW 2022 vastleggen (€\u00a0100.000,00, zoals 2021)"


def test_confirming_records_the_year_with_last_years_amounts_and_the_reason(szw, projectleider):
    toezegging = toezegging_doorzetten(afspraak=szw, jaar=2022, door=projectleider)

    assert (toezegging.jaar, toezegging.bedrag_geld, toezegging.bedrag_natura) == (2022, Decimal("100000.00"), 0)
    record = toezegging.history.get()
    assert (record.history_user, record.history_change_reason) == (
        projectleider,
        "Doorgezet zoals 2021 (structurele subsidie zonder laatste jaar)",
    )
    assert not Financieringsafspraak.objects.door_te_zetten(2022).exists()


def test_confirming_twice_or_another_agreement_is_refused(szw, uwv_afgelopen, projectleider):
    toezegging_doorzetten(afspraak=szw, jaar=2022, door=projectleider)
    with pytest.raises(ValidationError, match="SZW heeft voor 2022 al een toezegging in 'Structurele rijksbijdrage"):
        toezegging_doorzetten(afspraak=szw, jaar=2022, door=projectleider)
    with pytest.raises(ValidationError, match="is geen structurele subsidie zonder laatste jaar"):
        toezegging_doorzetten(afspraak=uwv_afgelopen, jaar=2022, door=projectleider)
    assert Toezegging.objects.filter(jaar=2022).count() == 1


def test_the_home_page_and_the_matrix_offer_the_confirmation(client, szw, jaarplan_2022, projectleider):
    client.force_login(projectleider)
    assert KNOP in client.get(reverse("home")).text
    editor = client.get(reverse("jaarplan:detail", args=[jaarplan_2022.pk])).text
    assert KNOP in editor
    adres = reverse("afspraken:doorzetten", args=[szw.pk, 2022])
    assert f'action="{adres}" id="doorzetten-{szw.pk}"' in editor  # outside the budget form, the button points at it

    terug = reverse("jaarplan:detail", args=[jaarplan_2022.pk])
    antwoord = client.post(adres, {"terug": terug}, follow=True)
    assert antwoord.redirect_chain[-1][0] == terug
    assert "De toezegging van SZW voor 2022 is vastgelegd: €\u00a0100.000,00." in antwoord.text
    assert KNOP not in antwoord.text
    assert Toezegging.objects.get(afspraak=szw, jaar=2022).bedrag_geld == Decimal("100000.00")

    # A second confirmation (another tab) is refused with a message; the page it came from, not a foreign one.
    tweede = client.post(adres, {"terug": "https://elders.example/"}, follow=True)
    assert tweede.redirect_chain[-1][0] == reverse("afspraken:detail", args=[szw.pk])
    assert "Niet vastgelegd: SZW heeft voor 2022 al een toezegging" in tweede.text


def test_the_stuurgroep_sees_it_is_missing_but_cannot_confirm(client, szw, jaarplan_2022, stuurgroeplid):
    client.force_login(stuurgroeplid)
    thuis = client.get(reverse("home")).text
    assert "SZW 2022 is nog niet vastgelegd" in thuis and KNOP not in thuis
    assert client.post(reverse("afspraken:doorzetten", args=[szw.pk, 2022])).status_code == 403
    assert not Toezegging.objects.filter(jaar=2022).exists()


def test_an_empty_matrix_names_whose_toezegging_is_missing_with_links(
    client, szw, uwv_afgelopen, jaarplan_2022, projectleider
):
    client.force_login(projectleider)
    editor = client.get(reverse("jaarplan:detail", args=[jaarplan_2022.pk])).text
    assert "Er zijn voor 2022 nog geen toezeggingen om toe te wijzen. Nog geen toezegging voor 2022 van:" in editor
    assert f'<a href="{reverse("afspraken:detail", args=[szw.pk])}">SZW</a>' in editor
    assert f'<a href="{reverse("afspraken:detail", args=[uwv_afgelopen.pk])}">UWV</a>' in editor
    assert "(2017–2021, liep af in 2021)" in editor


def test_a_concept_does_not_count_as_the_years_toezegging(client, szw, jaarplan_2022, projectleider):
    # A concept renewal for 2022 of the ended UWV agreement is not a commitment: UWV stays missing.
    uwv = AfspraakFactory(leerwerkloket=szw.leerwerkloket)
    ToezeggingFactory(afspraak=uwv, jaar=2021)
    concept = AfspraakFactory(
        leerwerkloket=szw.leerwerkloket,
        naam="Concept UWV",
        status=Financieringsafspraak.Status.CONCEPT,
        startjaar=2022,
        eindjaar=2026,
    )
    ToezeggingFactory(afspraak=concept, jaar=2022)
    client.force_login(projectleider)
    editor = client.get(reverse("jaarplan:detail", args=[jaarplan_2022.pk])).text
    assert f'<a href="{reverse("afspraken:detail", args=[uwv.pk])}">UWV</a>' in editor
    # The concept is named as an agreement to sign (issue 24), never as a missing or counting toezegging.
    ontbrekend = re.search(r'data-testid="ontbrekende-toezeggingen">(.*?)</ul>', editor, re.S).group(1)
    assert reverse("afspraken:detail", args=[concept.pk]) not in ontbrekend
    assert "Nog te tekenen voor 2022:" in editor and "(Concept UWV, concept)" in editor
