"""The demo lives in today: loaded on another day, it holds every year up to that day's, and only
what had happened by then."""

import datetime
from decimal import Decimal

from demo.twente import load_demo_data
from financiering.models import Betaling, Factuur, Financieringsafspraak, Looptoestand, Toezegging
from jaarplan.models import Begrotingswijziging, Jaarplan, Kostenrealisatie, Outputrealisatie
from partners.models import Gebruiker
from tests.conftest import op_dag


def _statussen():
    return dict(Jaarplan.objects.values_list("jaar", "status"))


def test_in_june_2021_the_demo_stops_in_2021_realised_through_the_first_quarter(db, client):
    with op_dag(datetime.date(2021, 6, 15)):
        load_demo_data()

        assert _statussen() == dict.fromkeys(range(2017, 2021), Jaarplan.Status.AFGESLOTEN) | {
            2021: Jaarplan.Status.VASTGESTELD
        }
        assert not Financieringsafspraak.objects.filter(startjaar__gt=2021).exists()
        assert set(Toezegging.objects.values_list("jaar", flat=True)) == set(range(2017, 2022))
        # Last month was May: the bookings of the first quarter are in, those of June not yet.
        geboekt = set(Kostenrealisatie.objects.filter(activiteit__jaarplan__jaar=2021).values_list("datum", flat=True))
        assert geboekt == {datetime.date(2021, 3, 31)}
        assert not Begrotingswijziging.objects.exists(), "the extra hours in Almelo are decided in August"
        assert not Factuur.objects.filter(factuurdatum__gt=datetime.date(2021, 6, 15)).exists()
        assert not Betaling.objects.filter(datum__gt=datetime.date(2021, 6, 15)).exists()
        assert (
            Betaling.objects.filter(
                toezegging__afspraak__financier__naam="Ministerie van SZW", datum__year=2021
            ).count()
            == 2
        )

        client.force_login(Gebruiker.objects.get(username="stuurgroep"))
        pagina = client.get("/dashboard/").content.decode()
        assert "<h1>Dashboard 2021 <span" in pagina
        assert '<option value="2022"' not in pagina


def test_in_2028_the_demo_extends_to_2028_with_a_third_period(db, client):
    with op_dag(datetime.date(2028, 3, 1)):
        load_demo_data()
        client.force_login(Gebruiker.objects.get(username="stuurgroep"))
        pagina = client.get("/dashboard/").content.decode()
    assert "<h1>Dashboard 2028 <span" in pagina

    assert _statussen() == dict.fromkeys(range(2017, 2028), Jaarplan.Status.AFGESLOTEN) | {
        2028: Jaarplan.Status.VASTGESTELD
    }
    roc = Financieringsafspraak.objects.filter(financier__naam="ROC van Twente").order_by("startjaar")
    assert [(a.startjaar, a.eindjaar, a.looptoestand_op(datetime.date(2028, 3, 1))) for a in roc] == [
        (2017, 2021, Looptoestand.BEEINDIGD),
        (2022, 2026, Looptoestand.BEEINDIGD),
        (2027, 2031, Looptoestand.LOOPT),
    ]
    szw = Toezegging.objects.filter(afspraak__financier__naam="Ministerie van SZW")
    assert dict(szw.values_list("jaar", "bedrag_geld")) == dict.fromkeys(range(2017, 2029), Decimal("100000.00"))
    # Last month was February; the realisatie of 2028 is January and February, outputs not yet (per quarter).
    geboekt = Kostenrealisatie.objects.filter(activiteit__jaarplan__jaar=2028).values_list("datum", flat=True)
    assert set(geboekt) == {datetime.date(2028, 1, 31), datetime.date(2028, 2, 29)}
    assert not Outputrealisatie.objects.filter(indicator__activiteit__jaarplan__jaar=2028).exists()
    # Every invoice of 2027 and before is paid; of 2028, the January invoice of the gemeenten is overdue.
    open_ = Factuur.objects.met_ontvangen().filter(openstaand__gt=0)
    assert {(f.toezegging.financier.naam, f.factuurdatum) for f in open_} == {
        ("ROC van Twente", datetime.date(2028, 1, 15)),
        ("Veertien Twentse gemeenten", datetime.date(2028, 1, 15)),
    }
