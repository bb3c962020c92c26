"""The rules of money out: dekking within the toezegging and the project, the warning for
over-coverage, and the jaarplan's way from concept through vastgesteld to afgesloten."""

import datetime
import re
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from financiering.models import Financieringsafspraak
from jaarplan import rules
from jaarplan.models import (
    Begrotingsregel,
    Begrotingswijziging,
    Dekking,
    Jaarplan,
    Kostenrealisatie,
    Kostensoort,
    Outputrealisatie,
)
from jaarplan.permissions import can_afsluiten, can_vaststellen
from jaarplan.services import (
    begroting_bijwerken,
    begrotingswijziging_doorvoeren,
    jaarplan_afsluiten,
    jaarplan_kopieren,
    jaarplan_vaststellen,
)
from tests.factories import (
    ActiviteitFactory,
    AfspraakFactory,
    BegrotingsregelFactory,
    IndicatorFactory,
    JaarplanFactory,
    PartnerFactory,
    ProjectFactory,
    ToezeggingFactory,
)

BESLUIT = datetime.date(2017, 12, 14)


def afsluiten(jaarplan, door):
    """Close the plan, accepting its realisatie as booked: most tests here book no December."""
    return jaarplan_afsluiten(jaarplan=jaarplan, door=door, aanvaard_geboekt_tot=jaarplan.geboekt_tot_nu())


@pytest.fixture
def plan(twente):
    """Jaarplan 2018 (concept): the loketfunctie, budgeted € 120.000, and UWV's € 75.000 for 2018."""
    jaarplan = JaarplanFactory(leerwerkloket=twente, jaar=2018)
    loket = ActiviteitFactory(jaarplan=jaarplan)
    BegrotingsregelFactory(activiteit=loket, kostensoort=Kostensoort.PERSONEEL, bedrag=Decimal("120000.00"))
    uwv = ToezeggingFactory(afspraak=AfspraakFactory(leerwerkloket=twente), jaar=2018)
    return jaarplan, loket, uwv


def test_an_allocation_within_the_toezegging_is_accepted(plan, projectleider):
    jaarplan, loket, uwv = plan

    begroting_bijwerken(jaarplan=jaarplan, door=projectleider, toewijzing={(loket, uwv): Decimal("75000.00")})

    assert Dekking.objects.get().bedrag == Decimal("75000.00")


def test_allocations_never_exceed_the_toezegging(plan, projectleider):
    jaarplan, loket, uwv = plan
    spreekuur = ActiviteitFactory(jaarplan=jaarplan, code="spreekuur-enschede", naam="Spreekuur Enschede")
    begroting_bijwerken(jaarplan=jaarplan, door=projectleider, toewijzing={(loket, uwv): Decimal("70000.00")})

    with pytest.raises(ValidationError) as fout:
        begroting_bijwerken(jaarplan=jaarplan, door=projectleider, toewijzing={(spreekuur, uwv): Decimal("5000.01")})

    assert fout.value.message_dict["bedrag"] == [
        "Van de toezegging van UWV voor 2018 (€\u00a075.000,00) is al €\u00a070.000,00 toegewezen; "
        "er is nog €\u00a05.000,00 vrij."
    ]
    assert fout.value.sleutel == ("dekking", spreekuur.pk, uwv.pk)
    assert Dekking.objects.count() == 1


def test_a_toezegging_cannot_shrink_below_what_is_allocated(plan, projectleider):
    jaarplan, loket, uwv = plan
    begroting_bijwerken(jaarplan=jaarplan, door=projectleider, toewijzing={(loket, uwv): Decimal("75000.00")})
    uwv.afspraak.minimum_per_jaar = Decimal("50000.00")
    uwv.afspraak.save()
    uwv.bedrag_geld = Decimal("60000.00")

    with pytest.raises(ValidationError) as fout:
        uwv.full_clean()

    assert (
        "Van de toezegging van UWV voor 2018 is al €\u00a075.000,00 aan activiteiten toegewezen; "
        "verlaag eerst die dekking." in (fout.value.messages)
    )


def test_a_projectbijdrage_covers_only_its_own_projects_activities(plan, twente, projectleider):
    jaarplan, loket, _ = plan
    project = ProjectFactory(leerwerkloket=twente, naam="Leerwerkarrangement zorg")
    aoc = AfspraakFactory(
        leerwerkloket=twente,
        financier=PartnerFactory(leerwerkloket=twente, naam="AOC Oost", soort="aoc"),
        soort=Financieringsafspraak.Soort.PROJECTBIJDRAGE,
        naam="Projectbijdrage AOC Oost",
        project=project,
        minimum_per_jaar=None,
    )
    bijdrage = ToezeggingFactory(afspraak=aoc, jaar=2018, bedrag_geld=Decimal("15000.00"))
    arrangement = ActiviteitFactory(
        jaarplan=jaarplan, code="leerwerkarrangement-zorg", naam="Arrangement", project=project
    )

    with pytest.raises(ValidationError) as fout:
        begroting_bijwerken(jaarplan=jaarplan, door=projectleider, toewijzing={(loket, bijdrage): Decimal("1000")})
    assert fout.value.message_dict["activiteit"] == [
        "De projectbijdrage van AOC Oost is voor het project 'Leerwerkarrangement zorg'; "
        f"'{loket}' hoort daar niet bij."
    ]

    begroting_bijwerken(jaarplan=jaarplan, door=projectleider, toewijzing={(arrangement, bijdrage): Decimal("1000")})
    assert Dekking.objects.get().activiteit == arrangement


def test_a_toezegging_of_another_year_cannot_cover_this_jaarplan(plan, projectleider):
    jaarplan, loket, uwv = plan
    volgend_jaar = ToezeggingFactory(afspraak=uwv.afspraak, jaar=2019)

    with pytest.raises(ValidationError) as fout:
        begroting_bijwerken(jaarplan=jaarplan, door=projectleider, toewijzing={(loket, volgend_jaar): Decimal("1")})

    assert fout.value.message_dict["toezegging"] == ["De toezegging van UWV is voor 2019; dit jaarplan is voor 2018."]


def test_coverage_beyond_the_budget_is_a_warning_not_a_refusal(plan, projectleider):
    jaarplan, loket, uwv = plan
    Begrotingsregel.objects.filter(activiteit=loket).update(bedrag=Decimal("60000.00"))

    begroting_bijwerken(jaarplan=jaarplan, door=projectleider, toewijzing={(loket, uwv): Decimal("75000.00")})

    assert rules.waarschuwingen(jaarplan.activiteiten.met_totalen()) == [
        "'Loketfunctie en adviesgesprekken' is voor €\u00a075.000,00 gedekt, maar begroot op €\u00a060.000,00: "
        "€\u00a015.000,00 meer dan nodig."
    ]


# -- the workflow ------------------------------------------------------------------------------
def vaststellen(jaarplan, door):
    """Vaststellen as the stuurgroep does it on the page: accepting the shortfall it is shown."""
    return jaarplan_vaststellen(
        jaarplan=jaarplan, door=door, besluitdatum=BESLUIT, aanvaard_ongedekt=jaarplan.ongedekt_nu() or None
    )


def test_only_a_stuurgroep_member_adopts_the_jaarplan_with_the_decision_date(plan, projectleider, stuurgroeplid):
    jaarplan, _, _ = plan

    with pytest.raises(PermissionDenied):
        jaarplan_vaststellen(jaarplan=jaarplan, door=projectleider, besluitdatum=BESLUIT)
    with pytest.raises(ValidationError) as fout:
        jaarplan_vaststellen(jaarplan=jaarplan, door=stuurgroeplid, besluitdatum=None)
    assert fout.value.message_dict["besluitdatum"] == ["Vul de datum van het stuurgroepbesluit in."]

    vastgesteld = vaststellen(jaarplan, stuurgroeplid)

    assert (vastgesteld.status, vastgesteld.besluitdatum) == (Jaarplan.Status.VASTGESTELD, BESLUIT)
    with pytest.raises(ValidationError, match="Jaarplan 2018 is al vastgesteld."):
        vaststellen(jaarplan, stuurgroeplid)


def test_after_vaststellen_the_budget_changes_only_through_a_begrotingswijziging_with_a_reason(
    plan, projectleider, stuurgroeplid
):
    jaarplan, loket, _ = plan
    vaststellen(jaarplan, stuurgroeplid)
    nieuw = {(loket, Kostensoort.PERSONEEL): Decimal("125000.00")}

    with pytest.raises(ValidationError, match="wijzig de begroting via een begrotingswijziging met een reden"):
        begroting_bijwerken(jaarplan=jaarplan, door=projectleider, begroting=nieuw)
    regel = Begrotingsregel.objects.get()
    regel.bedrag = Decimal("1.00")
    with pytest.raises(ValidationError, match="Jaarplan 2018 is vastgesteld; wijzig de begroting via"):
        regel.save()
    with pytest.raises(ValidationError) as fout:
        begrotingswijziging_doorvoeren(jaarplan=jaarplan, door=projectleider, reden="  ", begroting=nieuw)
    assert fout.value.message_dict["reden"] == ["Geef de reden van de begrotingswijziging op."]

    wijziging = begrotingswijziging_doorvoeren(
        jaarplan=jaarplan, door=projectleider, reden="Extra adviseur vanaf september", begroting=nieuw
    )

    assert Begrotingsregel.objects.get().bedrag == Decimal("125000.00")
    assert [(r.omschrijving, r.oud_bedrag, r.nieuw_bedrag) for r in wijziging.regels.all()] == [
        ("Begroting Loketfunctie en adviesgesprekken – Personeel", Decimal("120000.00"), Decimal("125000.00"))
    ]
    assert (wijziging.door, wijziging.reden) == (projectleider, "Extra adviseur vanaf september")


def test_an_afgesloten_jaarplan_is_read_only_realisatie_included(plan, stuurgroeplid, financien):
    jaarplan, loket, _ = plan
    indicator = IndicatorFactory(activiteit=loket)
    kosten = Kostenrealisatie.objects.create(
        activiteit=loket, kostensoort=Kostensoort.PERSONEEL, datum=datetime.date(2018, 3, 31), bedrag=Decimal("100")
    )
    vaststellen(jaarplan, stuurgroeplid)
    afsluiten(jaarplan, financien)
    gesloten = "Jaarplan 2018 is afgesloten; er kan niets meer aan worden gewijzigd, ook de realisatie niet."

    with pytest.raises(ValidationError, match=gesloten):
        Kostenrealisatie(
            activiteit=loket, kostensoort=Kostensoort.OVERIG, datum=datetime.date(2018, 6, 30), bedrag=Decimal("1")
        ).full_clean()
    with pytest.raises(ValidationError, match=gesloten):
        Outputrealisatie(indicator=indicator, datum=datetime.date(2018, 6, 30), aantal=10).save()
    with pytest.raises(ValidationError, match=gesloten):
        kosten.delete()
    with pytest.raises(
        ValidationError, match="Een begrotingswijziging hoort bij een vastgesteld jaarplan; dit jaarplan is afgesloten."
    ):
        begrotingswijziging_doorvoeren(
            jaarplan=jaarplan,
            door=stuurgroeplid,
            reden="te laat",
            begroting={(loket, Kostensoort.OVERIG): Decimal("1")},
        )
    assert Kostenrealisatie.objects.get() == kosten


def test_a_booking_must_fall_in_the_jaarplans_year(plan):
    _, loket, _ = plan
    with pytest.raises(ValidationError) as fout:
        Kostenrealisatie(
            activiteit=loket, kostensoort=Kostensoort.OVERIG, datum=datetime.date(2019, 1, 2), bedrag=Decimal("1")
        ).full_clean()
    assert fout.value.message_dict["datum"] == ["De boekdatum 02-01-2019 valt niet in 2018, het jaar van dit jaarplan."]


def test_next_years_plan_copies_activities_budget_targets_and_fitting_allocations_but_no_realisatie(
    plan, projectleider
):
    jaarplan, loket, uwv = plan
    IndicatorFactory(activiteit=loket, streefwaarde=400)
    begroting_bijwerken(jaarplan=jaarplan, door=projectleider, toewijzing={(loket, uwv): Decimal("75000.00")})
    Kostenrealisatie.objects.create(
        activiteit=loket, kostensoort=Kostensoort.PERSONEEL, datum=datetime.date(2018, 3, 31), bedrag=Decimal("100")
    )
    ToezeggingFactory(afspraak=uwv.afspraak, jaar=2019, bedrag_geld=Decimal("80000.00"))

    nieuw = jaarplan_kopieren(bron=jaarplan, jaar=2019, door=projectleider)

    activiteit = nieuw.activiteiten.get()
    assert (nieuw.status, activiteit.code) == (Jaarplan.Status.CONCEPT, "loketfunctie")
    assert list(activiteit.begrotingsregels.values_list("kostensoort", "bedrag")) == [
        ("personeel", Decimal("120000.00"))
    ]
    assert list(activiteit.indicatoren.values_list("code", "streefwaarde")) == [("loopbaangesprekken", 400)]
    dekking = activiteit.dekkingen.get()
    assert (dekking.toezegging.jaar, dekking.bedrag) == (2019, Decimal("75000.00"))
    assert not Kostenrealisatie.objects.filter(activiteit=activiteit).exists()
    with pytest.raises(ValidationError, match="Er is al een jaarplan 2019 voor Leerwerkloket Twente."):
        jaarplan_kopieren(bron=jaarplan, jaar=2019, door=projectleider)


def test_the_database_refuses_an_adopted_plan_without_decision_date(plan):
    from django.db import IntegrityError, transaction

    jaarplan, _, _ = plan
    with pytest.raises(IntegrityError, match="jaarplan_vastgesteld_heeft_besluitdatum"), transaction.atomic():
        Jaarplan.objects.filter(pk=jaarplan.pk).update(status=Jaarplan.Status.VASTGESTELD)


def test_an_allocation_of_zero_or_less_is_refused(plan):
    _, loket, uwv = plan
    with pytest.raises(ValidationError) as fout:
        Dekking(activiteit=loket, toezegging=uwv, bedrag=Decimal("0")).full_clean()
    assert "Een dekking heeft een bedrag groter dan nul." in fout.value.message_dict["bedrag"]


# -- state changes are explicit operations ------------------------------------------------------
def test_the_status_moves_only_through_its_transitions(plan, stuurgroeplid, financien):
    jaarplan, _, _ = plan

    with pytest.raises(AttributeError):
        jaarplan.status = Jaarplan.Status.AFGESLOTEN
    with pytest.raises(ValidationError, match="Alleen een vastgesteld jaarplan kan worden afgesloten; dit is concept."):
        jaarplan_afsluiten(jaarplan=jaarplan, door=financien)

    vaststellen(jaarplan, stuurgroeplid)
    jaarplan.refresh_from_db()
    # There is no way back to concept: no transition leads there and the field takes no assignment.
    assert [t.target for t in jaarplan.get_available_status_transitions()] == [Jaarplan.Status.AFGESLOTEN]
    with pytest.raises(AttributeError):
        jaarplan.status = Jaarplan.Status.CONCEPT

    afgesloten = afsluiten(jaarplan, financien)
    assert afgesloten.status == Jaarplan.Status.AFGESLOTEN
    assert list(afgesloten.get_available_status_transitions()) == []
    with pytest.raises(ValidationError, match="Jaarplan 2018 is al afgesloten."):
        vaststellen(jaarplan, stuurgroeplid)
    with pytest.raises(ValidationError, match="Jaarplan 2018 is afgesloten en kan niet meer worden gewijzigd."):
        afgesloten.toelichting = "achteraf"
        afgesloten.save()


def _in_status(jaarplan, status, stuurgroeplid, financien):
    if status != Jaarplan.Status.CONCEPT:
        vaststellen(jaarplan, stuurgroeplid)
    if status == Jaarplan.Status.AFGESLOTEN:
        afsluiten(jaarplan, financien)
    return Jaarplan.objects.get(pk=jaarplan.pk)


@pytest.mark.parametrize("status", Jaarplan.Status.values)
@pytest.mark.parametrize("wie", ["stuurgroeplid", "projectleider", "financien", "collega_achterhoek"])
@pytest.mark.parametrize(
    ("knop", "actie"),
    [
        (
            can_vaststellen,
            vaststellen,
        ),
        (can_afsluiten, afsluiten),
    ],
    ids=["vaststellen", "afsluiten"],
)
def test_a_button_shows_exactly_when_its_transition_goes_through(
    request, plan, stuurgroeplid, financien, status, wie, knop, actie
):
    jaarplan = _in_status(plan[0], status, stuurgroeplid, financien)
    gebruiker = request.getfixturevalue(wie)

    toont = knop(gebruiker, jaarplan)
    try:
        actie(jaarplan, gebruiker)
    except (ValidationError, PermissionDenied):
        gelukt = False
    else:
        gelukt = True

    assert toont == gelukt


def test_a_budget_part_of_a_vastgesteld_jaarplan_changes_only_with_its_begrotingswijziging_as_argument(
    plan, projectleider, stuurgroeplid
):
    jaarplan, loket, uwv = plan
    begroting_bijwerken(jaarplan=jaarplan, door=projectleider, toewijzing={(loket, uwv): Decimal("75000.00")})
    vaststellen(jaarplan, stuurgroeplid)
    wijziging = Begrotingswijziging.objects.create(jaarplan=jaarplan, reden="Extra adviseur", door=projectleider)
    ander = Begrotingswijziging.objects.create(
        jaarplan=JaarplanFactory(
            leerwerkloket=jaarplan.leerwerkloket, jaar=2019, status=Jaarplan.Status.VASTGESTELD, besluitdatum=BESLUIT
        ),
        reden="Een ander jaar",
        door=projectleider,
    )
    regel, dekking = Begrotingsregel.objects.get(), Dekking.objects.get()
    regel.bedrag = Decimal("125000.00")
    via = "Jaarplan 2018 is vastgesteld; wijzig de begroting via een begrotingswijziging met een reden."

    with pytest.raises(ValidationError, match=via):
        regel.full_clean()
    with pytest.raises(ValidationError, match=via):
        regel.save()
    with pytest.raises(ValidationError, match=via):
        dekking.delete()
    with pytest.raises(
        ValidationError, match="Deze begrotingswijziging hoort bij een ander jaarplan dan jaarplan 2018"
    ):
        regel.save(begrotingswijziging=ander)
    # A flag set on the instance, as the models once read, opens nothing any more.
    setattr(regel, "_begrotings" + "wijziging", wijziging)
    with pytest.raises(ValidationError, match=via):
        regel.save()
    assert Begrotingsregel.objects.get().bedrag == Decimal("120000.00")

    regel.full_clean(begrotingswijziging=wijziging)
    regel.save(begrotingswijziging=wijziging)
    dekking.delete(begrotingswijziging=wijziging)

    assert (Begrotingsregel.objects.get().bedrag, Dekking.objects.count()) == (Decimal("125000.00"), 0)


VERDWENEN_VLAGGEN = ["_status" + "overgang", "_begrotings" + "wijziging", "_via" + "_import"]


@pytest.mark.parametrize("vlag", VERDWENEN_VLAGGEN)
def test_no_private_flag_switches_a_model_rule_off_anywhere_in_the_code(vlag):
    """The flag names are spelled in pieces here, so that a grep of the repository finds none."""
    from pathlib import Path

    wortel = Path(__file__).resolve().parents[2]
    patroon = re.compile(rf"(?<![\w]){re.escape(vlag)}\b")
    gevonden = [
        f"{pad.relative_to(wortel)}:{n}"
        for app in ("config", "kern", "partners", "financiering", "jaarplan", "rapportage", "benchmarks", "tests")
        for pad in sorted((wortel / app).rglob("*.py"))
        for n, regel in enumerate(pad.read_text(encoding="utf-8").splitlines(), start=1)
        if patroon.search(regel)
    ]
    assert gevonden == []
