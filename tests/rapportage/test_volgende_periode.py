"""8. The next period: the current costs indexed, split over the financiers to the cent, against
today's minimum; the form that keeps what was typed and says in Dutch when the split is not 100%."""

from decimal import Decimal

import pytest
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from financiering.models import Toezegging
from jaarplan.models import Begrotingsregel
from kern.money import ZERO, round_money, verdeel
from partners.models import Partner
from rapportage.dashboard import selectors
from rapportage.dashboard.selectors.volgende_periode import Kostenpost, Planbasis, Planfinancier
from tests.factories import (
    ActiviteitFactory,
    AfspraakFactory,
    BegrotingsregelFactory,
    JaarplanFactory,
    PartnerFactory,
    ToezeggingFactory,
)

pytestmark = pytest.mark.django_db
URL = "dashboard:volgende_periode"


def pagina(client, **params):
    return client.get(reverse(URL), params)


def financier(demo, naam) -> Partner:
    return Partner.objects.get(leerwerkloket=demo, naam=naam)


# -- The arithmetic ---------------------------------------------------------------------------
def _basis(begrotingen, toezeggingen, minima=None) -> Planbasis:
    minima = minima or [None] * len(toezeggingen)
    return Planbasis(
        jaren=[2021],
        basisjaar=2021,
        activiteiten=[Kostenpost(f"Activiteit {i}", b) for i, b in enumerate(begrotingen)],
        financiers=[
            Planfinancier(i + 1, f"Financier {i}", t, m)
            for i, (t, m) in enumerate(zip(toezeggingen, minima, strict=True))
        ],
        huidige_periode=[2017, 2018, 2019, 2020, 2021],
    )


bedragen = st.decimals(min_value=0, max_value=Decimal("10000000"), places=2, allow_nan=False, allow_infinity=False)
procenten = st.lists(st.integers(min_value=0, max_value=10_000), min_size=1, max_size=8).filter(lambda xs: sum(xs) > 0)


@settings(max_examples=150, deadline=None)
@given(
    begrotingen=st.lists(bedragen, min_size=0, max_size=8),
    gewichten=procenten,
    indexatie=st.decimals(min_value=-10, max_value=25, places=2, allow_nan=False, allow_infinity=False),
    aantal=st.integers(min_value=1, max_value=10),
)
def test_every_years_parts_add_up_to_that_years_cost_to_the_cent(begrotingen, gewichten, indexatie, aantal):
    basis = _basis(begrotingen, [Decimal("1.00")] * len(gewichten))
    # Integer weights as percentages with two decimals adding up to exactly 100.
    procenten = verdeel(Decimal("100.00"), gewichten)
    verdeling = dict(zip([f.financier_id for f in basis.financiers], procenten, strict=True))
    jaren = list(range(2022, 2022 + aantal))
    plan = selectors.volgende_periode(basis, indexatie=indexatie, verdeling=verdeling, jaren=jaren)

    for j, jaar in enumerate(jaren):
        factor = (1 + indexatie / 100) ** (jaar - 2021)
        verwacht = [round_money(b * factor) for b in begrotingen]
        assert [k.bedragen[j] for k in plan.kosten] == verwacht
        assert plan.kosten_totaal.bedragen[j] == sum(verwacht, ZERO)
        delen = [r.cellen[j].bedrag for r in plan.financiers]
        assert sum(delen, ZERO) == plan.kosten_totaal.bedragen[j]
        assert all(d == round_money(d) for d in delen)
        for rij, deel in zip(plan.financiers, delen, strict=True):
            exact = plan.kosten_totaal.bedragen[j] * rij.percentage / 100
            assert abs(deel - exact) < Decimal("0.01")
    assert sum((r.totaal for r in plan.financiers), ZERO) == plan.kosten_totaal.totaal
    assert plan.kosten_totaal.totaal == sum(plan.kosten_totaal.bedragen, ZERO)


def test_the_indexation_compounds_from_the_base_year():
    basis = _basis([Decimal("100000.00")], [Decimal("1.00")])
    plan = selectors.volgende_periode(
        basis, indexatie=Decimal("2.00"), verdeling={1: Decimal("100.00")}, jaren=[2022, 2023, 2024]
    )
    assert plan.kosten[0].bedragen == [Decimal("102000.00"), Decimal("104040.00"), Decimal("106120.80")]
    assert plan.kosten_totaal.totaal == Decimal("312160.80")


def test_a_part_below_todays_minimum_is_flagged_and_one_above_is_not():
    basis = _basis(
        [Decimal("300000.00")],
        [Decimal("75000.00"), Decimal("225000.00")],
        minima=[Decimal("75000.00"), None],
    )
    verdeling = {1: Decimal("20.00"), 2: Decimal("80.00")}
    plan = selectors.volgende_periode(basis, indexatie=ZERO, verdeling=verdeling, jaren=[2022, 2023])
    klein, groot = plan.financiers
    assert [c.bedrag for c in klein.cellen] == [Decimal("60000.00")] * 2
    assert all(c.onder_minimum for c in klein.cellen) and klein.jaren_onder_minimum == 2
    assert not any(c.onder_minimum for c in groot.cellen)  # no minimum to fall below
    assert plan.jaren_onder_minimum == 2
    # The national rule: today's cofinanciers (those with a minimum) against half SZW's base amount.
    assert [g.geteld for g in plan.cofinanciering] == [Decimal("60000.00")] * 2
    assert all(g.gehaald for g in plan.cofinanciering)


def test_a_split_that_is_not_a_hundred_percent_is_refused():
    basis = _basis([Decimal("1000.00")], [Decimal("1.00"), Decimal("1.00")])
    with pytest.raises(ValueError, match="precies 100%"):
        selectors.volgende_periode(
            basis, indexatie=ZERO, verdeling={1: Decimal("50.00"), 2: Decimal("49.99")}, jaren=[2022]
        )


# -- What the page reads from the database ---------------------------------------------------
def test_the_base_is_the_adopted_jaarplan_with_todays_financiers_and_minima(demo):
    basis = selectors.planbasis(demo)
    assert basis.basisjaar == 2021 and basis.jaren == [2021, 2020, 2019, 2018, 2017]
    regels = Begrotingsregel.objects.filter(activiteit__jaarplan__leerwerkloket=demo, activiteit__jaarplan__jaar=2021)
    assert sum((a.begroot for a in basis.activiteiten), ZERO) == sum((r.bedrag for r in regels), ZERO)
    assert sum((a.begroot for a in basis.activiteiten), ZERO) == Decimal("334000.00")
    # AOC Oost's project ended in 2019: not a financier of today.
    namen = ["Ministerie van SZW", "ROC van Twente", "UWV", "Veertien Twentse gemeenten"]
    assert [f.naam for f in basis.financiers] == namen
    for f in basis.financiers:
        rijen = Toezegging.objects.filter(afspraak__financier_id=f.financier_id, jaar=2021)
        assert f.toegezegd == sum((t.bedrag_geld + t.bedrag_natura for t in rijen), ZERO)
    assert [f.minimum for f in basis.financiers] == [None] + [Decimal("75000.00")] * 3
    # SZW's structural grant keeps its beschikking amount; the others share the rest.
    assert [f.vast for f in basis.financiers] == [Decimal("100000.00"), None, None, None]
    # The proposal: 2021's shares of the others, to two decimals, exactly 100 together.
    verdeling = basis.standaard_verdeling()
    assert list(verdeling.values()) == [Decimal("32.97"), Decimal("32.97"), Decimal("34.06")]
    assert sum(verdeling.values()) == Decimal("100.00")
    assert (basis.standaard_van, basis.standaard_aantal) == (2022, 5)


def test_the_page_proposes_todays_shares_and_shows_what_each_partner_would_commit(client, stuurgroeplid, demo):
    client.force_login(stuurgroeplid)
    response = pagina(client)
    assert response.status_code == 200
    tekst = response.text
    assert 'name="indexatie" value="2,00"' in tekst
    assert 'name="van" value="2022"' in tekst and 'name="aantal" value="5"' in tekst
    assert f'name="aandeel_{financier(demo, "UWV").pk}" value="32,97"' in tekst
    assert f'name="vast_{financier(demo, "Ministerie van SZW").pk}" value="100.000,00"' in tekst
    plan = response.context["plan"]
    assert plan.jaren == [2022, 2023, 2024, 2025, 2026]
    # € 334.000,00 of 2021 × 1,02 = € 340.680,00 in 2022: SZW's € 100.000,00 (not indexed), and
    # the rest, € 240.680,00, split 32,97 / 32,97 / 34,06.
    assert "€\u00a0340.680,00" in tekst
    assert plan.kosten_totaal.bedragen[0] == Decimal("340680.00")
    szw, roc, uwv, gemeenten = plan.financiers
    assert [c.bedrag for c in szw.cellen] == [Decimal("100000.00")] * 5
    assert [roc.cellen[0].bedrag, uwv.cellen[0].bedrag, gemeenten.cellen[0].bedrag] == [
        Decimal("79352.20"),
        Decimal("79352.19"),
        Decimal("81975.61"),
    ]
    assert "€\u00a0100.000,00" in tekst and "€\u00a081.975,61" in tekst
    assert "Geen partner komt onder zijn minimum van nu." in tekst


def test_a_chosen_split_below_the_minimum_is_flagged_on_the_page(client, projectleider, demo):
    client.force_login(projectleider)
    aandelen = {"ROC van Twente": "15", "UWV": "15", "Veertien Twentse gemeenten": "70"}
    params = {f"aandeel_{financier(demo, n).pk}": p for n, p in aandelen.items()}
    params[f"vast_{financier(demo, 'Ministerie van SZW').pk}"] = "100.000"
    response = pagina(client, indexatie="0", van="2022", aantal="2", **params)
    plan = response.context["plan"]
    uwv = plan.financiers[2]
    assert [c.bedrag for c in uwv.cellen] == [Decimal("35100.00")] * 2  # 15% of € 334.000,00 - € 100.000,00
    assert uwv.jaren_onder_minimum == 2
    assert "€\u00a035.100,00" in response.text
    assert "✗ onder minimum" in response.text
    assert "4 keer komt een partner onder zijn minimum van nu." in response.text


def test_a_split_that_does_not_add_up_to_100_is_refused_in_dutch_keeping_what_was_typed(client, stuurgroeplid, demo):
    client.force_login(stuurgroeplid)
    params = {f"aandeel_{financier(demo, n).pk}": "20" for n in ("ROC van Twente", "UWV")}
    params[f"aandeel_{financier(demo, 'Veertien Twentse gemeenten').pk}"] = "35,5"
    params[f"vast_{financier(demo, 'Ministerie van SZW').pk}"] = "100.000"
    response = pagina(client, indexatie="1,5", van="2022", aantal="5", **params)
    assert "plan" not in response.context
    assert "De percentages tellen op tot 75,5%; samen moeten ze precies 100% zijn." in response.text
    assert 'value="35,5"' in response.text and 'name="indexatie" value="1,5"' in response.text


@pytest.mark.parametrize(
    ("veld", "waarde", "melding"),
    [
        ("indexatie", "veel", "&#x27;veel&#x27; is geen percentage. Schrijf bijvoorbeeld 22,5."),
        ("indexatie", "30", "Kies een percentage van -10% tot en met 25%."),
        ("van", "2020", "De volgende periode begint na het jaar van de kosten (2021)."),
        ("aantal", "12", "Reken hoogstens 10 jaren vooruit."),
    ],
)
def test_what_cannot_be_computed_is_refused_in_dutch(client, stuurgroeplid, demo, veld, waarde, melding):
    client.force_login(stuurgroeplid)
    params = {"indexatie": "2", "van": "2022", "aantal": "5", veld: waarde}
    response = pagina(client, **params)
    assert "plan" not in response.context
    assert melding in response.text


def test_another_base_year_takes_that_years_costs_and_financiers(client, stuurgroeplid, demo):
    client.force_login(stuurgroeplid)
    response = pagina(client, basisjaar="2019")
    basis = response.context["basis"]
    assert basis.basisjaar == 2019
    assert "AOC Oost" in [f.naam for f in basis.financiers]  # its project ran in 2019
    assert response.context["plan"].jaren == [2022, 2023, 2024, 2025, 2026]


def test_a_region_without_jaarplan_says_there_is_nothing_to_compute(client, collega_achterhoek):
    client.force_login(collega_achterhoek)
    response = pagina(client)
    assert response.status_code == 200
    assert "Er is nog geen jaarplan: er zijn geen activiteiten en kosten om naar de volgende periode" in response.text


def test_a_jaarplan_without_financiers_shows_the_costs_and_says_there_is_no_one_to_split_over(
    client, collega_achterhoek, achterhoek
):
    plan = JaarplanFactory(leerwerkloket=achterhoek, jaar=2021)
    BegrotingsregelFactory(activiteit=ActiviteitFactory(jaarplan=plan), bedrag=Decimal("10000.00"))
    client.force_login(collega_achterhoek)
    response = pagina(client)
    assert "er is niemand om de kosten over te verdelen" in response.text
    assert "€\u00a010.200,00" in response.text  # 2022: € 10.000,00 × 1,02


def test_the_page_reads_a_fixed_number_of_queries(
    client, stuurgroeplid, demo, achterhoek, django_assert_max_num_queries
):
    # Another region's financiers and agreements never count.
    roc = PartnerFactory(leerwerkloket=achterhoek, naam="ROC van Twente")
    ToezeggingFactory(afspraak=AfspraakFactory(leerwerkloket=achterhoek, financier=roc), jaar=2021)
    client.force_login(stuurgroeplid)
    with django_assert_max_num_queries(10):
        response = pagina(client)
    assert len(response.context["basis"].financiers) == 4


def test_who_may_plan_the_next_period(client, projectleider, stuurgroeplid, financien, landelijk, demo, achterhoek):
    for gebruiker in (projectleider, stuurgroeplid, financien):
        client.force_login(gebruiker)
        assert pagina(client).status_code == 200
    client.force_login(landelijk)
    assert pagina(client).url == reverse("dashboard:landelijk")
    assert pagina(client, regio="twente").context["basis"].basisjaar == 2021
    client.force_login(stuurgroeplid)
    assert pagina(client, regio="achterhoek").status_code == 404
    client.logout()
    assert pagina(client).url.startswith(reverse("login"))
