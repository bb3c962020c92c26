"""The calendar of the funding cycle (issue 24, part 1): each kind of item appears when the data
says it is due and disappears only when the data says it is done."""

import datetime
from decimal import Decimal

import pytest

from cyclus.kalender import kalender
from cyclus.models import Factuurschema, Soort, Stuurgroepvergadering, Verantwoording, Verantwoordingstermijn
from financiering.models import Financieringsafspraak
from jaarplan.models import Jaarplan, Kostenrealisatie, Kostensoort
from partners.roles import Rol
from rapportage.models import Stuurgroeprapport
from tests.factories import (
    ActiviteitFactory,
    AfspraakFactory,
    BetalingFactory,
    FactuurFactory,
    GebruikerFactory,
    JaarplanFactory,
    PartnerFactory,
    SubsidieAfspraakFactory,
    ToezeggingFactory,
)

pytestmark = pytest.mark.django_db
D = datetime.date


def _items(regio, op, soort):
    return [i for i in kalender(regio, op) if i.soort == soort]


def _titels(regio, op, soort):
    return [i.titel for i in _items(regio, op, soort)]


@pytest.fixture
def uwv_2022(twente):
    return AfspraakFactory(leerwerkloket=twente, naam="Cofinanciering UWV 2022-2026", startjaar=2022, eindjaar=2026)


def _concept_opvolger(afspraak, **kwargs):
    return AfspraakFactory(
        leerwerkloket=afspraak.leerwerkloket,
        financier=afspraak.financier,
        naam=f"Cofinanciering {afspraak.financier} 2027-2031",
        startjaar=2027,
        eindjaar=2031,
        status=Financieringsafspraak.Status.CONCEPT,
        getekend_op=None,
        **kwargs,
    )


# -- Agreements that end -------------------------------------------------------------------------
def test_an_agreement_ending_within_the_window_asks_to_be_renewed(twente, uwv_2022):
    # Within AFSPRAAK_LOOPT_AF_MAANDEN (12) of 31 December 2026: from 31 December 2025.
    assert _titels(twente, D(2025, 12, 30), Soort.AFSPRAAK_LOOPT_AF) == []
    (item,) = _items(twente, D(2025, 12, 31), Soort.AFSPRAAK_LOOPT_AF)
    assert item.titel == "UWV: afspraak 2022–2026 verlengen"
    assert item.status == "loopt af"
    assert item.datum == D(2026, 12, 31)
    assert item.url == f"/afspraken/{uwv_2022.pk}/verlengen/"
    assert item.rollen == {Rol.PROJECTLEIDER, Rol.STUURGROEP}


def test_a_concept_renewal_shows_as_te_tekenen_and_does_not_make_the_item_go(twente, uwv_2022):
    concept = _concept_opvolger(uwv_2022)
    (item,) = _items(twente, D(2026, 12, 7), Soort.AFSPRAAK_LOOPT_AF)
    assert item.status == "te tekenen"
    assert item.titel == "UWV: verlenging 2027–2031 tekenen"
    assert item.url == f"/afspraken/{concept.pk}/tekenen/"
    # Still there after the year turned, as long as nothing is signed.
    assert _items(twente, D(2027, 1, 2), Soort.AFSPRAAK_LOOPT_AF)[0].status == "te tekenen"


def test_a_signed_renewal_makes_the_item_go(twente, uwv_2022):
    _concept_opvolger(uwv_2022)
    Financieringsafspraak.objects.filter(startjaar=2027).update(status="getekend", getekend_op=D(2026, 12, 8))
    assert _titels(twente, D(2026, 12, 9), Soort.AFSPRAAK_LOOPT_AF) == []


def test_an_agreement_of_another_region_is_not_on_the_calendar(twente, achterhoek, uwv_2022):
    assert _titels(achterhoek, D(2026, 12, 7), Soort.AFSPRAAK_LOOPT_AF) == []


# -- SZW's grant for next year ------------------------------------------------------------------
@pytest.fixture
def szw(twente):
    afspraak = SubsidieAfspraakFactory(leerwerkloket=twente, startjaar=2026)
    ToezeggingFactory(afspraak=afspraak, jaar=2026, bedrag_geld=Decimal("100000.00"))
    return afspraak


def test_the_grant_for_next_year_is_due_from_september_until_it_is_recorded(twente, szw):
    assert _titels(twente, D(2026, 8, 31), Soort.SUBSIDIE_VOLGEND_JAAR) == []
    (item,) = _items(twente, D(2026, 9, 1), Soort.SUBSIDIE_VOLGEND_JAAR)
    assert item.titel == "Ministerie van SZW: subsidie 2027 vastleggen"
    assert item.datum == D(2026, 12, 31)
    assert "Vorig bedrag (2026): €\u00a0100.000,00" in item.toelichting
    ToezeggingFactory(afspraak=szw, jaar=2027, bedrag_geld=Decimal("100000.00"))
    assert _titels(twente, D(2026, 9, 1), Soort.SUBSIDIE_VOLGEND_JAAR) == []


# -- Next year's jaarplan, vaststellen, closing last year's -------------------------------------
def test_next_years_jaarplan_is_due_from_september_until_it_exists(twente):
    JaarplanFactory(leerwerkloket=twente, jaar=2026)
    assert _titels(twente, D(2026, 8, 31), Soort.JAARPLAN_MAKEN) == []
    assert _titels(twente, D(2026, 9, 1), Soort.JAARPLAN_MAKEN) == ["Jaarplan 2027 maken"]
    JaarplanFactory(leerwerkloket=twente, jaar=2027)
    assert _titels(twente, D(2026, 9, 1), Soort.JAARPLAN_MAKEN) == []


def test_a_concept_jaarplan_is_to_be_vastgesteld_before_its_year(twente):
    plan = JaarplanFactory(leerwerkloket=twente, jaar=2027)
    (item,) = _items(twente, D(2026, 10, 1), Soort.JAARPLAN_VASTSTELLEN)
    assert item.titel == "Jaarplan 2027 vaststellen"
    assert item.datum == D(2026, 12, 31)
    Jaarplan.objects.filter(pk=plan.pk).update(status="vastgesteld", besluitdatum=D(2026, 12, 10))
    assert _titels(twente, D(2026, 12, 11), Soort.JAARPLAN_VASTSTELLEN) == []


def test_last_years_plan_is_closed_once_its_year_ended_and_its_realisatie_is_complete(twente):
    plan = JaarplanFactory(leerwerkloket=twente, jaar=2026)
    activiteit = ActiviteitFactory(jaarplan=plan)
    Jaarplan.objects.filter(pk=plan.pk).update(status="vastgesteld", besluitdatum=D(2025, 12, 10))
    Kostenrealisatie(
        activiteit=activiteit, kostensoort=Kostensoort.PERSONEEL, datum=D(2026, 10, 31), bedrag=Decimal("10.00")
    ).save()
    assert _items(twente, D(2026, 12, 7), Soort.REALISATIE_BOEKEN) == []
    assert _items(twente, D(2026, 12, 7), Soort.JAARPLAN_AFSLUITEN) == []
    # The year has ended, realisatie booked through October: finance staff book the rest first.
    (boeken,) = _items(twente, D(2027, 1, 2), Soort.REALISATIE_BOEKEN)
    assert boeken.titel == "Realisatie 2026 boeken tot en met december"
    assert "Geboekt tot en met 31-10-2026" in boeken.toelichting
    assert boeken.rollen == {Rol.FINANCIEN}
    assert _items(twente, D(2027, 1, 2), Soort.JAARPLAN_AFSLUITEN) == []
    Kostenrealisatie(
        activiteit=activiteit, kostensoort=Kostensoort.PERSONEEL, datum=D(2026, 12, 20), bedrag=Decimal("10.00")
    ).save()
    (afsluiten,) = _items(twente, D(2027, 1, 2), Soort.JAARPLAN_AFSLUITEN)
    assert afsluiten.url == f"/jaarplan/{plan.pk}/afsluiten/"
    assert afsluiten.rollen == {Rol.PROJECTLEIDER, Rol.FINANCIEN}
    Jaarplan.objects.filter(pk=plan.pk).update(status="afgesloten")
    assert _items(twente, D(2027, 1, 2), Soort.JAARPLAN_AFSLUITEN) == []


# -- Invoices ---------------------------------------------------------------------------------
def test_an_invoice_of_the_schedule_shows_a_fortnight_ahead_until_it_is_made(twente, uwv_2022):
    Factuurschema.objects.create(afspraak=uwv_2022, momenten="15-01, 15-04")
    toezegging = ToezeggingFactory(afspraak=uwv_2022, jaar=2026)
    assert _titels(twente, D(2025, 12, 31), Soort.FACTUUR_VERSTUREN) == []
    (item,) = _items(twente, D(2026, 1, 1), Soort.FACTUUR_VERSTUREN)
    assert item.titel == "UWV: factuur 2026, termijn 1 van 2"
    assert item.datum == D(2026, 1, 15)
    assert item.url == f"/facturen/nieuw/{toezegging.pk}/"
    FactuurFactory(toezegging=toezegging, factuurdatum=D(2026, 1, 15), vervaldatum=D(2026, 2, 14))
    assert _titels(twente, D(2026, 1, 16), Soort.FACTUUR_VERSTUREN) == []
    assert _titels(twente, D(2026, 4, 1), Soort.FACTUUR_VERSTUREN) == ["UWV: factuur 2026, termijn 2 van 2"]


def test_an_overdue_invoice_shows_from_the_day_after_its_due_date_until_it_is_paid(twente, uwv_2022):
    factuur = FactuurFactory(
        toezegging=ToezeggingFactory(afspraak=uwv_2022, jaar=2026),
        nummer="LWT-2026-012",
        factuurdatum=D(2026, 10, 15),
        vervaldatum=D(2026, 11, 14),
        bedrag=Decimal("18750.00"),
    )
    assert _items(twente, D(2026, 11, 14), Soort.FACTUUR_VERLOPEN) == []
    (item,) = _items(twente, D(2026, 12, 7), Soort.FACTUUR_VERLOPEN)
    assert item.titel == "Factuur LWT-2026-012 van UWV is verlopen"
    assert item.toelichting == "€\u00a018.750,00 openstaand, 23 dagen na de vervaldatum; 0 herinneringen verstuurd."
    BetalingFactory(factuur=factuur, datum=D(2026, 12, 7), bedrag=Decimal("18750.00"))
    assert _items(twente, D(2026, 12, 7), Soort.FACTUUR_VERLOPEN) == []


# -- The stuurgroep's meetings ------------------------------------------------------------------
def test_a_meeting_asks_for_its_report_until_it_is_laid_down(twente):
    Stuurgroepvergadering.objects.create(leerwerkloket=twente, datum=D(2026, 12, 10))
    assert kalender(twente, D(2026, 11, 11)) == []
    assert _titels(twente, D(2026, 11, 12), Soort.RAPPORT_VASTLEGGEN) == [
        "Stuurgroeprapport vastleggen voor de vergadering van 10-12-2026"
    ]
    assert _titels(twente, D(2026, 11, 12), Soort.VERGADERING) == ["Stuurgroepvergadering 10-12-2026"]
    Stuurgroeprapport.objects.create(
        leerwerkloket=twente,
        jaar=2026,
        vergaderdatum=D(2026, 12, 10),
        status="definitief",
        peildatum=D(2026, 12, 7),
        cijfers={},
        vastgelegd_door=GebruikerFactory(leerwerkloket=twente),
    )
    assert _items(twente, D(2026, 12, 7), Soort.RAPPORT_VASTLEGGEN) == []
    assert _titels(twente, D(2026, 12, 10), Soort.VERGADERING) == ["Stuurgroepvergadering 10-12-2026"]
    assert _items(twente, D(2026, 12, 11), Soort.VERGADERING) == []


# -- Verantwoording ---------------------------------------------------------------------------
def test_a_verantwoording_is_due_by_the_agreements_date_until_it_is_recorded(twente, szw):
    Verantwoordingstermijn.objects.create(afspraak=szw, maand=7, dag=1)
    assert _items(twente, D(2027, 5, 1), Soort.VERANTWOORDING) == []
    (item,) = _items(twente, D(2027, 5, 2), Soort.VERANTWOORDING)
    assert item.titel == "Verantwoording 2026 aan Ministerie van SZW"
    assert item.datum == D(2027, 7, 1)
    Verantwoording.objects.create(
        afspraak=szw, jaar=2026, ingediend_op=D(2027, 6, 20), vastgelegd_door=GebruikerFactory(leerwerkloket=twente)
    )
    assert _items(twente, D(2027, 7, 2), Soort.VERANTWOORDING) == []


def test_the_calendar_is_ordered_by_date(twente, uwv_2022, szw):
    JaarplanFactory(leerwerkloket=twente, jaar=2026)
    Stuurgroepvergadering.objects.create(leerwerkloket=twente, datum=D(2026, 12, 10))
    data = [i.datum for i in kalender(twente, D(2026, 12, 7))]
    assert data == sorted(data) and len(data) >= 4


def test_a_schedule_refuses_a_moment_that_is_no_day(twente):
    schema = Factuurschema(
        afspraak=AfspraakFactory(leerwerkloket=twente, financier=PartnerFactory(leerwerkloket=twente, naam="ROC")),
        momenten="15-13",
    )
    with pytest.raises(Exception, match="'15-13' is geen dag en maand"):
        schema.full_clean()
