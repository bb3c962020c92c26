"""A co-financier without a commitment stays in sight (issue 13, part 1): an agreement that ended
less than a period ago, without a successor, keeps its partner on the dashboard, the home page,
the report and its snapshot, the national view and the jaaroverzicht, as "geen toezegging" and
not met. Agreements that end within AFSPRAAK_LOOPT_AF_MAANDEN are listed as "loopt af"."""

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
import time_machine
from django.urls import reverse

from financiering.models import Financieringsafspraak, plus_maanden
from partners.roles import Rol
from rapportage.dashboard import selectors
from rapportage.dashboard.services import rapport_vastleggen
from rapportage.exporteren.registry import EXPORTERS
from tests.factories import AfspraakFactory, GebruikerFactory, JaarplanFactory, PartnerFactory, ToezeggingFactory
from tests.pagina import Pagina

pytestmark = pytest.mark.django_db


@pytest.fixture
def afspraken(twente):
    """UWV's agreement ended in 2021; ROC's 2017-2021 was renewed for 2022-2026 with a 2022
    commitment; AOC had a one-year agreement for 2021 only."""
    uwv = AfspraakFactory(leerwerkloket=twente, financier=PartnerFactory(leerwerkloket=twente, naam="UWV"))
    ToezeggingFactory(afspraak=uwv, jaar=2021, bedrag_geld=Decimal("75000.00"))
    roc = PartnerFactory(leerwerkloket=twente, naam="ROC van Twente", soort="roc")
    roc_oud = AfspraakFactory(leerwerkloket=twente, financier=roc)
    ToezeggingFactory(afspraak=roc_oud, jaar=2021, bedrag_geld=Decimal("80000.00"))
    roc_nieuw = AfspraakFactory(
        leerwerkloket=twente, financier=roc, naam="Cofinanciering ROC 2022-2026", startjaar=2022, eindjaar=2026
    )
    ToezeggingFactory(afspraak=roc_nieuw, jaar=2022, bedrag_geld=Decimal("80000.00"))
    aoc = AfspraakFactory(
        leerwerkloket=twente,
        financier=PartnerFactory(leerwerkloket=twente, naam="AOC Oost", soort="onderwijs"),
        naam="Cofinanciering AOC 2021",
        startjaar=2021,
        eindjaar=2021,
        minimum_per_jaar=Decimal("10000.00"),
    )
    ToezeggingFactory(afspraak=aoc, jaar=2021, bedrag_geld=Decimal("10000.00"))
    return {"uwv": uwv, "roc_oud": roc_oud, "roc_nieuw": roc_nieuw, "aoc": aoc}


def _rij(overzicht, financier):
    return next(c for c in overzicht.cofinanciers if c.financier == financier)


def test_an_agreement_that_ended_keeps_its_partner_as_geen_toezegging_for_a_period(twente, afspraken):
    overzicht = selectors.toezeggingen_tegen_minimum(twente, 2022)

    assert overzicht.jaren == [2022, 2023, 2024, 2025, 2026]
    assert [c.financier for c in overzicht.cofinanciers] == ["AOC Oost", "ROC van Twente", "UWV"]
    uwv = _rij(overzicht, "UWV")
    assert uwv.liep_af_in == 2021
    assert uwv.cellen == ["ontbreekt", None, None, None, None]  # later years are not due yet
    assert not uwv.alles_gehaald
    roc = _rij(overzicht, "ROC van Twente")  # renewed: its new agreement only, not the old one too
    assert roc.afspraak == "Cofinanciering ROC 2022-2026" and roc.liep_af_in is None
    assert roc.cellen[0].gehaald and roc.cellen[1:] == ["ontbreekt"] * 4
    # Had a commitment in 2021, its one-year agreement ended: in sight for one year (its period).
    assert _rij(overzicht, "AOC Oost").cellen[0] == "ontbreekt"
    assert {c.financier: cel for c, cel in overzicht.in_jaar()} == {
        "AOC Oost": "ontbreekt",
        "ROC van Twente": roc.cellen[0],
        "UWV": "ontbreekt",
    }


def test_an_agreement_stays_in_sight_until_a_period_after_its_end_and_no_longer(twente, afspraken):
    in_2026 = selectors.toezeggingen_tegen_minimum(twente, 2026)
    assert [c.financier for c in in_2026.cofinanciers] == ["ROC van Twente", "UWV"]
    assert _rij(in_2026, "UWV").cellen == ["ontbreekt"] * 5  # 2022-2026: five years without one
    assert [c.financier for c in selectors.toezeggingen_tegen_minimum(twente, 2023).cofinanciers] == [
        "ROC van Twente",
        "UWV",
    ]  # AOC's one-year agreement ended more than its period ago
    # UWV's end is more than a period ago; ROC's renewed agreement ended in 2026.
    in_2027 = selectors.toezeggingen_tegen_minimum(twente, 2027)
    assert [(c.financier, c.liep_af_in) for c in in_2027.cofinanciers] == [("ROC van Twente", 2026)]


def test_the_definition_lists_who_owes_a_toezegging(twente, afspraken):
    in_2022 = Financieringsafspraak.objects.voor_regio(twente).cofinanciering_in(2022)
    assert set(in_2022) == {afspraken["uwv"], afspraken["roc_nieuw"], afspraken["aoc"]}
    assert set(Financieringsafspraak.objects.voor_regio(twente).cofinanciering_in(2021)) == {
        afspraken["uwv"],
        afspraken["roc_oud"],
        afspraken["aoc"],
    }


def test_the_dashboard_report_and_snapshot_show_the_partner_in_red(client, twente, afspraken):
    stuurgroeplid = GebruikerFactory(username="mariska", leerwerkloket=twente, rollen=[Rol.STUURGROEP])
    client.force_login(stuurgroeplid)
    vastgelegd = rapport_vastleggen(
        regio=twente, jaar=2022, vergaderdatum=datetime.date(2022, 3, 1), status="concept", door=stuurgroeplid
    )
    for url, params in (
        (reverse("dashboard:overzicht"), {"jaar": 2022}),
        (reverse("dashboard:rapport"), {"jaar": 2022}),
        (reverse("dashboard:vastgelegd_rapport", args=[vastgelegd.pk]), {}),
    ):
        response = client.get(url, params)
        pagina = Pagina(response.text)
        uwv = pagina.tabel("Financier", "Minimum per jaar", "2022").rij("UWV")
        assert uwv["2022"] == "geen toezegging", url
        assert "liep af in 2021" in uwv["Financier"]
        assert f'data-testid="liep-af-{afspraken["uwv"].financier_id}"' in response.text
        assert '<td class="getal cel-nee"><span class="nee">geen toezegging</span></td>' in response.text
        roc = pagina.tabel("Financier", "Minimum per jaar", "2022").rij("ROC van Twente")
        assert roc["2022"] == "€\u00a080.000,00 ✓ gehaald"


def test_the_comparison_of_a_snapshot_names_the_missing_toezegging(client, twente, afspraken):
    stuurgroeplid = GebruikerFactory(username="mariska", leerwerkloket=twente, rollen=[Rol.STUURGROEP])
    vastgelegd = rapport_vastleggen(
        regio=twente, jaar=2022, vergaderdatum=datetime.date(2022, 3, 1), status="concept", door=stuurgroeplid
    )
    ToezeggingFactory(
        afspraak=AfspraakFactory(
            leerwerkloket=twente,
            financier=afspraken["uwv"].financier,
            naam="Cofinanciering UWV 2022-2026",
            startjaar=2022,
            eindjaar=2026,
        ),
        jaar=2022,
    )
    client.force_login(stuurgroeplid)
    response = client.get(reverse("dashboard:verschillen", args=[vastgelegd.pk]))
    assert response.status_code == 200
    assert "geen toezegging" in response.text and "€\u00a075.000,00" in response.text


def test_the_home_page_lists_the_partner_as_geen_toezegging_and_not_met(client, twente, afspraken):
    JaarplanFactory(leerwerkloket=twente, jaar=2022)
    client.force_login(GebruikerFactory(username="mariska", leerwerkloket=twente, rollen=[Rol.STUURGROEP]))
    tabel = Pagina(client.get(reverse("home")).text).tabel("Financier", "Minimum", "Toegezegd", "Gehaald")
    assert tabel.rij("UWV") == {
        "Financier": "UWV afspraak liep af in 2021",
        "Minimum": "€\u00a075.000,00",
        "Toegezegd": "geen toezegging",
        "Gehaald": "nee",
    }
    assert tabel.rij("ROC van Twente")["Gehaald"] == "ja"


def test_the_national_view_counts_the_partner_as_not_met(client, twente, afspraken, landelijk):
    assert selectors.landelijk_overzicht(2022).rijen[0].cofinanciers == 3
    assert selectors.landelijk_overzicht(2022).rijen[0].cofinanciers_gehaald == 1
    client.force_login(landelijk)
    pagina = Pagina(client.get(reverse("dashboard:landelijk"), {"jaar": 2022}).text)
    assert "1 van 3" in pagina.tabel("Leerwerkloket").rij("Leerwerkloket Twente").values()


def test_the_jaaroverzicht_has_a_row_geen_toezegging(twente, afspraken):
    uit = io.BytesIO()
    EXPORTERS["jaaroverzicht"](leerwerkloket=twente, jaar=2022).schrijf(uit)
    blad = openpyxl.load_workbook(io.BytesIO(uit.getvalue()))["Toezeggingen"]
    rijen = [r for r in blad.iter_rows(values_only=True) if r and r[0] in ("AOC Oost", "ROC van Twente", "UWV")]
    kop = next(r for r in blad.iter_rows(values_only=True) if r and r[0] == "Financier")
    per_financier = {r[0]: dict(zip(kop, r, strict=False)) for r in rijen}
    uwv = per_financier["UWV"]
    assert uwv["Afspraak"] == "Cofinanciering UWV 2017-2021 (liep af in 2021)"
    assert uwv["Toegezegd totaal"] == "geen toezegging"
    assert uwv["Minimum gehaald"] == "nee"
    assert uwv["Minimum per jaar"] == 75000
    assert uwv["Toegezegd in geld"] is None and uwv["Openstaand"] is None
    assert per_financier["ROC van Twente"]["Minimum gehaald"] == "ja"


# -- Agreements that end soon -----------------------------------------------------------------
def _home(client, gebruiker):
    client.force_login(gebruiker)
    return client.get(reverse("home")).text


def _te_doen(tekst: str) -> dict[str, dict[str, str]]:
    """The home page's to-do list, by what (the row's second cell)."""
    tabel = Pagina(tekst).tabel("Uiterlijk", "Wat", "Doen")
    return {rij[1]: dict(zip(tabel.kop, rij, strict=False)) for rij in tabel.rijen}


@time_machine.travel(datetime.date(2021, 3, 1), tick=False)
def test_agreements_that_end_within_twelve_months_are_listed_for_the_projectleider_and_stuurgroep(
    client, twente, afspraken
):
    uwv = afspraken["uwv"]
    for rol in (Rol.PROJECTLEIDER, Rol.STUURGROEP):
        tekst = _home(client, GebruikerFactory(username=f"lezer-{rol}", leerwerkloket=twente, rollen=[rol]))
        rij = next(r for wat, r in _te_doen(tekst).items() if wat.startswith("UWV: afspraak 2017–2021 verlengen"))
        assert rij["Uiterlijk"] == "31 december 2021"
        assert "loopt af" in rij["Wat"]
        # The projectleider renews from here; the stuurgroep watches that it happens and reads the agreement.
        if rol == Rol.PROJECTLEIDER:
            assert rij["Doen"] == "UWV verlengen"
            assert reverse("afspraken:verlengen", args=[uwv.pk]) in tekst
        else:
            assert rij["Doen"] == "Naar de afspraak"
            assert reverse("afspraken:verlengen", args=[uwv.pk]) not in tekst
        assert f'data-onderwerp="afspraak:{afspraken["roc_oud"].pk}"' not in tekst  # renewed already
        assert f'data-onderwerp="afspraak:{afspraken["aoc"].pk}"' in tekst
    financien = GebruikerFactory(username="fenna", leerwerkloket=twente, rollen=[Rol.FINANCIEN])
    assert "verlengen" not in _home(client, financien)


@time_machine.travel(datetime.date(2020, 3, 1), tick=False)
def test_an_agreement_ending_more_than_twelve_months_away_is_not_listed(client, twente, afspraken):
    projectleider = GebruikerFactory(username="jenny", leerwerkloket=twente, rollen=[Rol.PROJECTLEIDER])
    assert "Cofinanciering UWV 2017-2021" not in _home(client, projectleider)


@time_machine.travel(datetime.date(2020, 3, 1), tick=False)
def test_the_window_is_a_setting(client, twente, afspraken, settings):
    settings.AFSPRAAK_LOOPT_AF_MAANDEN = 22
    projectleider = GebruikerFactory(username="jenny", leerwerkloket=twente, rollen=[Rol.PROJECTLEIDER])
    assert "Cofinanciering UWV 2017-2021" in _home(client, projectleider)


def test_months_are_added_by_the_calendar():
    assert plus_maanden(datetime.date(2021, 3, 1), 12) == datetime.date(2022, 3, 1)
    assert plus_maanden(datetime.date(2021, 1, 31), 1) == datetime.date(2021, 2, 28)
    assert plus_maanden(datetime.date(2020, 12, 31), 12) == datetime.date(2021, 12, 31)
