"""The demo loaded late in 2026: the seeds' first period, an invented second period 2022-2026, and
every year up to this one as it stands today."""

import datetime
from decimal import Decimal
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from financiering.models import Factuur, Financieringsafspraak, Looptoestand
from jaarplan.models import Importbatch, Jaarplan, Kostenrealisatie
from partners.models import Gebruiker
from tests.jaarplan.bestanden import xlsx

from .test_demo_data import momentopname

VANDAAG = datetime.date(2026, 11, 29)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture(scope="module")
def demo_datum():
    return VANDAAG


@pytest.mark.parametrize("financier", ["UWV", "ROC van Twente", "Veertien Twentse gemeenten"])
def test_the_three_cofinanciers_renewed_for_2022_to_2026_at_or_above_75000(demo, financier):
    eerste, tweede = Financieringsafspraak.objects.filter(financier__naam=financier).order_by("startjaar")
    # Both signed, in December before their first year; the second runs out on 31 December 2026.
    assert (eerste.startjaar, eerste.eindjaar, eerste.looptoestand) == (2017, 2021, Looptoestand.BEEINDIGD)
    assert (tweede.startjaar, tweede.eindjaar, tweede.looptoestand) == (2022, 2026, Looptoestand.LOOPT_AF)
    assert (eerste.getekend_op, tweede.getekend_op) == (datetime.date(2016, 12, 15), datetime.date(2021, 12, 15))
    assert tweede.getekend_door.endswith("(Leerwerkloket Twente)")
    assert tweede.soort == Financieringsafspraak.Soort.COFINANCIERING
    assert tweede.minimum_per_jaar == Decimal("75000.00")
    assert tweede.in_natura_telt_mee == eerste.in_natura_telt_mee
    toezeggingen = tweede.toezeggingen.order_by("jaar")
    assert [t.jaar for t in toezeggingen] == [2022, 2023, 2024, 2025, 2026]
    for t in toezeggingen:
        assert tweede.telt_voor_minimum(t.bedrag_geld, t.bedrag_natura) >= Decimal("75000.00"), t.jaar


def test_szw_goes_on_with_100000_a_year_up_to_this_year(demo):
    afspraak = Financieringsafspraak.objects.get(financier__naam="Ministerie van SZW")
    assert afspraak.eindjaar is None
    assert afspraak.looptoestand == Looptoestand.LOOPT
    assert dict(afspraak.toezeggingen.values_list("jaar", "bedrag_geld")) == dict.fromkeys(
        range(2017, 2027), Decimal("100000.00")
    )


def test_earlier_years_are_closed_and_2026_is_realised_up_to_last_month(demo):
    statussen = dict(Jaarplan.objects.filter(leerwerkloket=demo).values_list("jaar", "status"))
    assert statussen == dict.fromkeys(range(2017, 2026), Jaarplan.Status.AFGESLOTEN) | {
        2026: Jaarplan.Status.VASTGESTELD
    }
    maanden = set(Kostenrealisatie.objects.filter(activiteit__jaarplan__jaar=2026).values_list("datum", flat=True))
    assert max(maanden) == datetime.date(2026, 10, 31)
    assert {d.month for d in maanden} == set(range(1, 11))
    # 2021 is now a whole year: its last two quarters came in after the summer of 2021.
    assert Kostenrealisatie.objects.filter(activiteit__jaarplan__jaar=2021, datum__month=12).exists()


def test_this_years_latest_invoices_are_open_by_weeks_and_every_earlier_one_is_paid(demo, client):
    open_ = Factuur.objects.voor_regio(demo).met_ontvangen().filter(openstaand__gt=0)
    assert {(f.toezegging.financier.naam, f.vervaldatum) for f in open_} == {
        ("ROC van Twente", datetime.date(2026, 11, 14)),
        ("Veertien Twentse gemeenten", datetime.date(2026, 11, 14)),
    }
    client.force_login(Gebruiker.objects.get(username="financien"))

    pagina = client.get(reverse("facturen:lijst"), {"jaar": 2026}).content.decode()

    assert "15 dagen" in pagina
    assert "1947 dagen" not in pagina


def test_the_bookkeeping_of_this_month_reads_in_at_once_with_the_demos_kostenplaatsen(demo, client):
    client.force_login(Gebruiker.objects.get(username="financien"))
    bestand = xlsx(
        [
            ["Boekdatum", "Omschrijving", "Kostenplaats", "Bedrag"],
            ["30-11-2026", "Salarissen november", 4110, "15.000,00"],
            ["30-11-2026", "Licentie e-portfolio", "4540", "425,50"],
        ]
    )

    antwoord = client.post(
        reverse("importeren:realisatie"),
        {"bestand": SimpleUploadedFile("boekingen-november.xlsx", bestand, content_type=XLSX), "jaar": 2026},
    )

    batch = Importbatch.objects.get()
    assert antwoord.url == reverse("importeren:batch", args=[batch.pk])
    pagina = client.get(antwoord.url).content.decode()
    assert "nog niet gekoppeld" not in pagina
    assert '<td class="getal" data-testid="importtotaal">€\u00a015.425,50</td>' in pagina
    assert "2 regels inlezen</button>" in pagina


def test_a_second_run_the_same_day_changes_nothing(demo):
    voor = momentopname()

    call_command("demo_data", stdout=StringIO())

    assert momentopname() == voor
    assert len(voor["jaarplan.Jaarplan"]) == 10
