"""A region made in the last quarter (October-December) gets next year's jaarplan beside this
year's: its stuurgroep adopts that plan before January, so the region starts where the work is."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from jaarplan.models import Jaarplan
from partners.models import Leerwerkloket
from tests.conftest import op_dag
from tests.factories import ActiviteitFactory, JaarplanFactory
from tests.regios.test_regio_aanmaken import GEMEENTEN, _formulier

pytestmark = pytest.mark.django_db


def _aanmaken(tmp_path, *extra) -> str:
    gemeenten = tmp_path / "gemeenten.csv"
    gemeenten.write_text(GEMEENTEN, encoding="utf-8")
    uit = io.StringIO()
    naam = ["--naam", "Leerwerkloket Groningen", "--kort", "groningen"]
    call_command("regio_aanmaken", *naam, "--gemeenten", gemeenten, *extra, stdout=uit)
    return uit.getvalue()


def _plannen(slug="groningen"):
    return list(Jaarplan.objects.filter(leerwerkloket__slug=slug).order_by("jaar").values_list("jaar", "status"))


def test_on_7_december_the_command_makes_this_years_and_next_years_jaarplan_with_the_activities(tmp_path):
    twente = Leerwerkloket.objects.create(naam="Leerwerkloket Twente", slug="twente", arbeidsmarktregio="Twente")
    ActiviteitFactory(jaarplan=JaarplanFactory(leerwerkloket=twente, jaar=2026))

    with op_dag(datetime.date(2026, 12, 7)):
        uitvoer = _aanmaken(tmp_path, "--activiteiten-van", "twente")

    assert _plannen() == [(2026, Jaarplan.Status.CONCEPT), (2027, Jaarplan.Status.CONCEPT)]
    for jaar in (2026, 2027):
        plan = Jaarplan.objects.get(leerwerkloket__slug="groningen", jaar=jaar)
        assert list(plan.activiteiten.values_list("code", flat=True)) == ["loketfunctie"]
        assert f"jaarplan {jaar} (concept) met 1 activiteiten zonder bedragen" in uitvoer


def test_on_30_september_a_new_region_gets_this_years_jaarplan_only(tmp_path):
    with op_dag(datetime.date(2026, 9, 30)):
        uitvoer = _aanmaken(tmp_path)

    assert _plannen() == [(2026, Jaarplan.Status.CONCEPT)]
    assert "jaarplan 2027" not in uitvoer


def test_on_7_december_the_page_says_it_makes_both_plans_and_shows_both(client, landelijk):
    with op_dag(datetime.date(2026, 12, 7)):
        client.force_login(landelijk)
        formulier = client.get(reverse("regios:nieuw")).text
        aangemaakt = client.post(reverse("regios:nieuw"), _formulier()).text

    assert (
        "een leeg eerste jaarplan 2026 en 2027 (het jaar is bijna om, dus ook het plan van volgend jaar)" in formulier
    )
    assert "Jaarplan 2026 (concept), nog leeg." in aangemaakt
    assert (
        "Jaarplan 2027 (concept), nog leeg: het jaar is bijna om, dus de stuurgroep kan dit plan al vóór 1 januari "
        "vaststellen." in aangemaakt
    )
    assert _plannen() == [(2026, Jaarplan.Status.CONCEPT), (2027, Jaarplan.Status.CONCEPT)]
