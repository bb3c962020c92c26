"""The two predicates every permission is built from, some permissions built from them, with
named people, allowed and refused; and a guard that keeps role checks out of views, templates and
the menu. The full URL x role answers are in test_toegangsmatrix.py."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser

from config.menu import MAIN_MENU
from financiering.models import Financieringsafspraak
from financiering.permissions import can_edit_afspraak, can_record_geld, can_record_geld_for, can_view_afspraken
from jaarplan.importeren.permissions import can_import_realisatie
from jaarplan.models import Jaarplan
from jaarplan.permissions import can_afsluiten, can_edit_jaarplan, can_record_realisatie, can_vaststellen
from partners.models import Partner
from partners.permissions import can_edit_partner, can_edit_partners, can_view_partners
from partners.roles import ALLE_REGIOS, EIGEN_REGIO, Rol, heeft_rol, leest_regio
from rapportage.dashboard.permissions import can_vastleggen_rapport, can_view_landelijk, can_view_regio
from rapportage.exporteren.permissions import can_export
from rapportage.permissions import can_view_home_dekking, can_view_home_facturen, can_view_home_minima

from .factories import GebruikerFactory


@pytest.fixture
def superuser(db):
    return GebruikerFactory(username="super", leerwerkloket=None, is_superuser=True, is_staff=True)


@pytest.fixture
def anoniem():
    return AnonymousUser()


# -- leest_regio: reads this region ---------------------------------------------------------------
def test_everyone_of_a_region_reads_it_whatever_their_role(twente, projectleider, stuurgroeplid, financien):
    for gebruiker in (projectleider, stuurgroeplid, financien):
        assert leest_regio(gebruiker, twente)
        assert leest_regio(gebruiker, twente.pk)
        assert leest_regio(gebruiker, EIGEN_REGIO)


def test_a_user_of_another_region_does_not_read_twente(twente, achterhoek, collega_achterhoek):
    assert not leest_regio(collega_achterhoek, twente)
    assert leest_regio(collega_achterhoek, achterhoek)


def test_the_national_role_reads_every_region_but_has_none_of_its_own(twente, achterhoek, landelijk, superuser):
    for gebruiker in (landelijk, superuser):
        assert leest_regio(gebruiker, twente)
        assert leest_regio(gebruiker, achterhoek)
        assert leest_regio(gebruiker, ALLE_REGIOS)
        assert not leest_regio(gebruiker, EIGEN_REGIO)


def test_only_the_national_role_reads_all_regions_at_once(projectleider, collega_achterhoek):
    assert not leest_regio(projectleider, ALLE_REGIOS)
    assert not leest_regio(collega_achterhoek, ALLE_REGIOS)


def test_no_one_reads_without_signing_in_or_without_a_region(twente, anoniem, projectleider, landelijk):
    assert not leest_regio(anoniem, twente)
    assert not leest_regio(anoniem, ALLE_REGIOS)
    assert not leest_regio(projectleider, None)
    assert not leest_regio(landelijk, None)


# -- heeft_rol: has this role in this region ------------------------------------------------------
def test_the_projectleider_has_her_role_in_her_own_region_only(twente, achterhoek, projectleider):
    assert heeft_rol(projectleider, Rol.PROJECTLEIDER, twente)
    assert heeft_rol(projectleider, Rol.PROJECTLEIDER, twente.pk)
    assert heeft_rol(projectleider, Rol.PROJECTLEIDER, EIGEN_REGIO)
    assert not heeft_rol(projectleider, Rol.PROJECTLEIDER, achterhoek)
    assert not heeft_rol(projectleider, Rol.STUURGROEP, twente)
    assert not heeft_rol(projectleider, Rol.PROJECTLEIDER, ALLE_REGIOS)


def test_a_user_of_another_region_has_no_role_in_twente(twente, achterhoek, collega_achterhoek):
    assert not heeft_rol(collega_achterhoek, Rol.PROJECTLEIDER, twente)
    assert not heeft_rol(collega_achterhoek, Rol.FINANCIEN, twente)
    assert heeft_rol(collega_achterhoek, Rol.FINANCIEN, achterhoek)


def test_reading_every_region_gives_no_role_in_any(twente, landelijk, superuser, anoniem):
    for gebruiker in (landelijk, superuser, anoniem):
        for rol in (Rol.PROJECTLEIDER, Rol.STUURGROEP, Rol.FINANCIEN):
            assert not heeft_rol(gebruiker, rol, twente)
            assert not heeft_rol(gebruiker, rol, EIGEN_REGIO)
    assert not heeft_rol(landelijk, Rol.LANDELIJK, twente)


# -- permissions composed from them ---------------------------------------------------------------
def test_the_projectleider_edits_the_concept_jaarplan_the_stuurgroep_sets_it(
    twente, projectleider, stuurgroeplid, financien, collega_achterhoek, landelijk
):
    concept = Jaarplan(leerwerkloket=twente, jaar=2021, status=Jaarplan.Status.CONCEPT)
    assert can_edit_jaarplan(projectleider, concept)
    assert not can_vaststellen(projectleider, concept)
    assert can_vaststellen(stuurgroeplid, concept)
    assert not can_edit_jaarplan(stuurgroeplid, concept)
    for gebruiker in (financien, collega_achterhoek, landelijk):
        assert not can_edit_jaarplan(gebruiker, concept)
        assert not can_vaststellen(gebruiker, concept)


def test_projectleider_or_finance_close_a_vastgesteld_jaarplan_of_their_region(
    twente, projectleider, stuurgroeplid, financien, collega_achterhoek, landelijk
):
    vastgesteld = Jaarplan(leerwerkloket=twente, jaar=2021, status=Jaarplan.Status.VASTGESTELD)
    assert can_afsluiten(projectleider, vastgesteld)
    assert can_afsluiten(financien, vastgesteld)
    for gebruiker in (stuurgroeplid, collega_achterhoek, landelijk):
        assert not can_afsluiten(gebruiker, vastgesteld)
    afgesloten = Jaarplan(leerwerkloket=twente, jaar=2020, status=Jaarplan.Status.AFGESLOTEN)
    assert not can_afsluiten(financien, afgesloten)
    assert not can_edit_jaarplan(projectleider, afgesloten)
    assert not can_record_realisatie(financien, afgesloten)
    assert can_record_realisatie(financien, vastgesteld)
    assert not can_record_realisatie(collega_achterhoek, vastgesteld)


def test_finance_staff_book_money_of_their_own_region(twente, financien, projectleider, collega_achterhoek, landelijk):
    afspraak = Financieringsafspraak(leerwerkloket=twente)
    assert can_record_geld(financien)
    assert can_record_geld_for(financien, afspraak)
    assert can_import_realisatie(financien)
    assert not can_record_geld_for(projectleider, afspraak)
    assert can_record_geld(collega_achterhoek)  # in Achterhoek, yes; not on Twente's agreement
    assert not can_record_geld_for(collega_achterhoek, afspraak)
    assert not can_record_geld(landelijk)
    assert not can_import_realisatie(landelijk)


def test_partners_and_agreements_are_read_by_all_and_edited_by_the_projectleider_of_the_region(
    twente, projectleider, stuurgroeplid, financien, collega_achterhoek, landelijk
):
    partner = Partner(leerwerkloket=twente, naam="UWV")
    afspraak = Financieringsafspraak(leerwerkloket=twente)
    for gebruiker in (projectleider, stuurgroeplid, financien, collega_achterhoek, landelijk):
        assert can_view_partners(gebruiker)
        assert can_view_afspraken(gebruiker)
    assert can_edit_partners(projectleider)
    assert can_edit_partner(projectleider, partner)
    assert can_edit_afspraak(projectleider, afspraak)
    for gebruiker in (stuurgroeplid, financien, collega_achterhoek, landelijk):
        assert not can_edit_partner(gebruiker, partner)
        assert not can_edit_afspraak(gebruiker, afspraak)
    assert not can_edit_partners(landelijk)


def test_the_national_role_reads_every_dashboard_but_lays_down_no_report_and_exports_nothing(
    twente, achterhoek, projectleider, stuurgroeplid, financien, collega_achterhoek, landelijk
):
    assert can_view_regio(landelijk, twente) and can_view_regio(landelijk, achterhoek)
    assert can_view_landelijk(landelijk)
    assert not can_vastleggen_rapport(landelijk, twente)
    assert not can_export(landelijk)

    assert can_view_regio(stuurgroeplid, twente)
    assert not can_view_regio(stuurgroeplid, achterhoek)
    assert not can_view_landelijk(stuurgroeplid)
    assert can_vastleggen_rapport(stuurgroeplid, twente)
    assert can_vastleggen_rapport(projectleider, twente)
    assert not can_vastleggen_rapport(financien, twente)
    assert not can_vastleggen_rapport(collega_achterhoek, twente)
    assert not can_vastleggen_rapport(stuurgroeplid, None)
    assert can_export(financien) and can_export(stuurgroeplid)


def test_the_home_page_shows_each_role_its_own_work(twente, projectleider, stuurgroeplid, financien, landelijk):
    assert can_view_home_dekking(projectleider, twente)
    assert not can_view_home_dekking(stuurgroeplid, twente)
    assert can_view_home_minima(stuurgroeplid, twente)
    assert not can_view_home_minima(financien, twente)
    assert can_view_home_facturen(financien, twente)
    assert not can_view_home_facturen(projectleider, twente)
    assert not can_view_home_facturen(landelijk, None)


# -- the guard: no role checks outside the permissions modules -----------------------------------
BASIS = Path(settings.BASE_DIR)
APPS = ("kern", "partners", "financiering", "jaarplan", "rapportage")

# A view, a template or the menu asks a named function from a permissions.py; it never looks at
# roles, groups or staff flags itself, nor composes the two predicates on its own.
ROLCONTROLE_IN_PYTHON = re.compile(
    r"\bRol\b|\brollen\b|\brollen_van\b|\bheeft_rol\b|\bleest_regio\b|\.is_superuser\b|\.is_staff\b|\.groups\b"
)
ROLCONTROLE_IN_TEMPLATE = re.compile(
    r"\brollen\b|\.is_superuser\b|\.is_staff\b|\.groups\b|[\"'](?:projectleider|stuurgroep|financien|beheerder|landelijk)[\"']\s+in\b"
)


def rolcontroles(tekst: str, patroon: re.Pattern) -> list[tuple[int, str]]:
    return [(nr, regel.strip()) for nr, regel in enumerate(tekst.splitlines(), 1) if patroon.search(regel)]


def _viewmodules() -> list[Path]:
    return sorted(p for app in APPS for p in (BASIS / app).rglob("views*.py"))


def _meldingen(paden, patroon) -> list[str]:
    return [
        f"{pad.relative_to(BASIS)}:{nr}: {regel}"
        for pad in paden
        for nr, regel in rolcontroles(pad.read_text(encoding="utf-8"), patroon)
    ]


def test_the_guard_recognises_an_inline_role_check():
    assert rolcontroles("if Rol.PROJECTLEIDER in gebruiker.rollen:\n    pass", ROLCONTROLE_IN_PYTHON) == [
        (1, "if Rol.PROJECTLEIDER in gebruiker.rollen:")
    ]
    assert rolcontroles("x = request.user.is_staff", ROLCONTROLE_IN_PYTHON)
    assert rolcontroles("ok = heeft_rol(gebruiker, 'financien', regio)", ROLCONTROLE_IN_PYTHON)
    assert not rolcontroles("if can_edit_jaarplan(request.user, jaarplan):", ROLCONTROLE_IN_PYTHON)
    assert rolcontroles('{% if "projectleider" in rollen %}', ROLCONTROLE_IN_TEMPLATE)
    assert rolcontroles("{% if 'stuurgroep' in mijn_groepen %}", ROLCONTROLE_IN_TEMPLATE)
    assert rolcontroles("{% if user.is_staff %}", ROLCONTROLE_IN_TEMPLATE)
    assert not rolcontroles("{% if kan_bewerken %}", ROLCONTROLE_IN_TEMPLATE)


def test_no_view_checks_a_role_itself():
    assert len(_viewmodules()) >= 10, "De views zijn niet gevonden; klopt het pad?"
    meldingen = _meldingen(_viewmodules(), ROLCONTROLE_IN_PYTHON)
    assert not meldingen, (
        "Rolcontrole in een view. Vraag een functie uit de permissions.py van de app "
        "(bijvoorbeeld can_edit_jaarplan(gebruiker, jaarplan)), opgebouwd uit leest_regio en heeft_rol:\n"
        + "\n".join(meldingen)
    )


def test_no_template_checks_a_role_itself():
    templates = sorted((BASIS / "templates").rglob("*.html"))
    meldingen = _meldingen(templates, ROLCONTROLE_IN_TEMPLATE)
    assert not meldingen, (
        "Rolcontrole in een template. Geef de view een vlag mee uit een permissions-functie "
        "(bijvoorbeeld kan_bewerken = can_edit_partner(gebruiker, partner)):\n" + "\n".join(meldingen)
    )


def test_every_menu_entry_asks_a_named_permission_function():
    for item in MAIN_MENU:
        module = item.check.__module__
        assert module.endswith("permissions"), (
            f"Menu '{item.label}': {item.check.__name__} komt niet uit een permissions.py."
        )
