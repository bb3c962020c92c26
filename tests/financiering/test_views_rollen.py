"""Who reads and writes agreements and invoices, and the pages' query counts at two data sizes."""

import datetime

import pytest
from django.urls import reverse

from financiering.models import Looptoestand
from tests.conftest import op_dag
from tests.factories import AfspraakFactory, BetalingFactory, FactuurFactory, PartnerFactory, ToezeggingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def afspraken(twente, achterhoek):
    """UWV and ROC in Twente (2017-2021, signed), each with a 2018 invoice; UWV Achterhoek with one too."""
    uwv = AfspraakFactory(leerwerkloket=twente)
    roc = AfspraakFactory(
        leerwerkloket=twente, financier=PartnerFactory(leerwerkloket=twente, naam="ROC van Twente", soort="roc")
    )
    elders = AfspraakFactory(leerwerkloket=achterhoek, naam="Cofinanciering UWV Achterhoek")
    for afspraak, nummer in ((uwv, "TW-1"), (roc, "TW-2"), (elders, "AH-1")):
        FactuurFactory(toezegging=ToezeggingFactory(afspraak=afspraak), nummer=nummer)
    return uwv, roc, elders


@pytest.mark.parametrize("wie", ["projectleider", "stuurgroeplid", "financien"])
def test_everyone_of_the_region_reads_invoices_and_the_menu_says_so(client, request, wie, afspraken):
    client.force_login(request.getfixturevalue(wie))

    menu = client.get(reverse("home")).text
    pagina = client.get(reverse("facturen:lijst")).text

    assert f'href="{reverse("facturen:lijst")}">Facturen</a>' in menu
    assert "TW-1" in pagina and "TW-2" in pagina
    # Recording a payment stays finance staff's.
    assert ("Betaling vastleggen" in pagina) == (wie == "financien")
    assert (reverse("importeren:bank") in pagina) == (wie == "financien")


def test_another_regions_invoices_stay_invisible(client, collega_achterhoek, afspraken):
    uwv, _, _ = afspraken
    client.force_login(collega_achterhoek)

    pagina = client.get(reverse("facturen:lijst")).text

    assert "AH-1" in pagina and "TW-1" not in pagina and "TW-2" not in pagina
    factuur = uwv.toezeggingen.get().facturen.get()
    assert client.get(reverse("facturen:betaling", args=[factuur.pk])).status_code == 404
    assert client.get(reverse("facturen:nieuw", args=[factuur.toezegging_id])).status_code == 404


def test_finance_staff_cannot_post_an_agreement_edit(client, financien, afspraken):
    uwv, _, _ = afspraken
    client.force_login(financien)

    antwoord = client.post(reverse("afspraken:bewerken", args=[uwv.pk]), {"naam": "Anders", "toestand": ""})

    assert antwoord.status_code == 403 and "Geen toegang" in antwoord.text
    uwv.refresh_from_db()
    assert uwv.naam == "Cofinanciering UWV 2017-2021"


def test_the_agreement_list_filters_by_financier_and_status(client, stuurgroeplid, afspraken, twente):
    uwv, roc, _ = afspraken
    volgende = AfspraakFactory(
        leerwerkloket=twente,
        financier=uwv.financier,
        naam="Cofinanciering UWV 2022-2026",
        startjaar=2022,
        eindjaar=2026,
    )
    client.force_login(stuurgroeplid)

    per_financier = client.get(reverse("afspraken:lijst"), {"financier": roc.financier_id}).text
    with op_dag(datetime.date(2021, 6, 1)):
        # The status is derived from the years and the day: in June 2021 the first period runs
        # out (within a year), the next one has not begun.
        loopt_af = client.get(reverse("afspraken:lijst"), {"status": Looptoestand.LOOPT_AF}).text
        niet_begonnen = client.get(reverse("afspraken:lijst"), {"status": Looptoestand.NOG_NIET_BEGONNEN}).text

    assert "1 afspraak<" in per_financier and roc.naam in per_financier and uwv.naam not in per_financier
    assert "2 afspraken<" in loopt_af and uwv.naam in loopt_af and roc.naam in loopt_af
    assert volgende.naam not in loopt_af and "Loopt af" in loopt_af
    assert "1 afspraak<" in niet_begonnen and volgende.naam in niet_begonnen and "Nog niet begonnen" in niet_begonnen
    # Another region's financier is not a choice.
    assert "Cofinanciering UWV Achterhoek" not in client.get(reverse("afspraken:lijst")).text


@pytest.mark.parametrize("aantal", [1, 15])
def test_agreements_and_invoices_keep_a_constant_number_of_queries(
    client, financien, twente, aantal, django_assert_max_num_queries
):
    for i in range(aantal):
        afspraak = AfspraakFactory(
            leerwerkloket=twente, financier=PartnerFactory(leerwerkloket=twente, naam=f"Financier {i}")
        )
        for jaar in range(2017, 2022):
            factuur = FactuurFactory(toezegging=ToezeggingFactory(afspraak=afspraak, jaar=jaar))
            BetalingFactory(factuur=factuur, bedrag=factuur.bedrag / 2)
    client.force_login(financien)
    with django_assert_max_num_queries(10):
        assert client.get(reverse("afspraken:lijst")).status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get(reverse("afspraken:detail", args=[afspraak.pk])).status_code == 200
    with django_assert_max_num_queries(10):  # one of them: the totals row
        assert client.get(reverse("facturen:lijst")).status_code == 200
