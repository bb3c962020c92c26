"""A dashboard figure is declared once: its column on the page, its line in the list of what
changed, its frozen form and its sheet column follow from that one line. A report laid down
before a figure existed shows that figure as absent, never as zero, and a report laid down by the
first frozen format still opens and compares."""

import copy
import datetime
import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.template import Context, Template
from django.urls import reverse

from kern.soorten import BEDRAG
from rapportage.dashboard.bevriezen import bevries, naar_json, ontdooi, uit_json
from rapportage.dashboard.cijfers import TABELLEN, dashboard_cijfers
from rapportage.dashboard.figuren import AFWEZIG, Tabel, figuren
from rapportage.dashboard.selectors.geld import Geldstroomrij
from rapportage.dashboard.verschillen import verschillen
from rapportage.exporteren.schrijver import Kolom
from rapportage.models import Stuurgroeprapport

pytestmark = pytest.mark.django_db

OP = datetime.date(2021, 9, 1)
FORMAAT_1 = Path(__file__).parent / "vastgelegd" / "formaat-1-twente-2021.json"


def _rij(**meer) -> Geldstroomrij:
    bedragen = {f.sleutel: Decimal("100.00") for f in figuren(Geldstroomrij, "geldstroom") if f.soort is BEDRAG}
    return Geldstroomrij(
        naam="UWV", **bedragen, toegewezen=Decimal("0.00"), financier_id=1, **{"betaaltermijn": Decimal(30), **meer}
    )


def test_one_declaration_line_puts_a_figure_on_the_page_in_the_comparison_the_snapshot_and_the_sheet():
    """The average payment term is one line on Geldstroomrij: `figuur(BETAALTERMIJN, ...)`."""
    rij = _rij()

    # The page: a header cell and a row cell, in the kind's format.
    html = Template('{% load figuren %}{% koppen rij "geldstroom" %}|{% cellen rij "geldstroom" %}').render(
        Context({"rij": rij})
    )
    koppen, cellen = html.split("|")
    assert koppen.endswith('<th scope="col" class="getal">Gemiddelde betaaltermijn</th>')
    assert cellen.endswith('<td class="getal">30,0 dagen</td>')

    # The comparison: a line of its own, as the reader sees it.
    tabel = Tabel("2. Geldstroom", lambda c: [(c.naam, c, {})], naam="geldstroom")
    vakjes = dict(tabel.vakjes(rij))
    assert vakjes[("2. Geldstroom", "UWV", "Gemiddelde betaaltermijn")] == "30,0 dagen"

    # Frozen and thawed with the rest.
    assert naar_json(rij)["betaaltermijn"] == "30"
    assert uit_json(Geldstroomrij, naar_json(rij)) == rij

    # The sheet: its column with the kind's Excel format, and no =SUM() under it (an average).
    kolom = Kolom.van(next(f for f in figuren(Geldstroomrij, "geldstroom") if f.sleutel == "betaaltermijn"))
    assert (kolom.titel, kolom.opmaak, kolom.waarde(rij), kolom.totaal) == (
        "Gemiddelde betaaltermijn",
        "0.0",
        Decimal("30.0"),
        False,
    )


def test_a_snapshot_from_before_a_figure_shows_it_as_absent_not_as_zero():
    oud = naar_json(_rij())
    del oud["betaaltermijn"]  # laid down before the figure existed

    toen = uit_json(Geldstroomrij, oud)
    assert toen.betaaltermijn is AFWEZIG
    html = Template('{% load figuren %}{% cellen rij "geldstroom" %}').render(Context({"rij": toen}))
    assert html.endswith('<td class="getal"></td>')  # nothing, not "0 dagen"

    tabel = Tabel("2. Geldstroom", lambda c: [(c.naam, c, {})], naam="geldstroom")
    assert ("2. Geldstroom", "UWV", "Gemiddelde betaaltermijn") not in dict(tabel.vakjes(toen))
    assert "betaaltermijn" not in naar_json(toen)  # frozen again, it stays absent


def test_a_figure_missing_from_a_laid_down_report_is_listed_as_not_in_the_report(client, stuurgroeplid, demo):
    cijfers = bevries(dashboard_cijfers(demo, 2021, op=OP))
    oud = copy.deepcopy(cijfers)
    for rij in [*oud["cijfers"]["geldstroom"]["rijen"], oud["cijfers"]["geldstroom"]["totaal"]]:
        del rij["ontvangen"]
    toen = ontdooi(oud)
    assert all(r.ontvangen is AFWEZIG for r in toen.geldstroom.rijen)

    lijst = verschillen(toen, dashboard_cijfers(demo, 2021, op=OP))
    assert {(v.sectie, v.kolom, v.toen) for v in lijst} == {("2. Geldstroom", "Ontvangen", None)}
    assert {v.rij for v in lijst} == {r.naam for r in toen.geldstroom.rijen} | {"Totaal"}

    vastgelegd = Stuurgroeprapport.objects.create(
        leerwerkloket=demo,
        jaar=2021,
        vergaderdatum=datetime.date(2021, 10, 14),
        status="concept",
        peildatum=OP,
        cijfers=oud,
        vastgelegd_door=stuurgroeplid,
    )
    client.force_login(stuurgroeplid)
    pagina = client.get(reverse("dashboard:vastgelegd_rapport", args=[vastgelegd.pk]))
    assert pagina.status_code == 200
    assert "€\u00a0227.500,00" in pagina.text
    wijzigingen = client.get(reverse("dashboard:verschillen", args=[vastgelegd.pk])).text
    assert "niet in het rapport" in wijzigingen


def test_a_report_laid_down_in_the_first_frozen_format_still_opens_and_compares(client, stuurgroeplid, demo):
    """The file was laid down by the code before figures were declared (FORMAAT 1)."""
    data = json.loads(FORMAAT_1.read_text())
    assert data["formaat"] == 1
    toen = ontdooi(data)
    nu = dashboard_cijfers(demo, 2021, op=OP)
    # Only the figure added since (the average payment term) differs: it was not in the report.
    assert {(v.sectie, v.kolom, v.toen) for v in verschillen(toen, nu)} == {
        ("2. Geldstroom", "Gemiddelde betaaltermijn", None)
    }
    assert toen.toezeggingen.dit_jaar.geteld == Decimal("227500.00")

    vastgelegd = Stuurgroeprapport.objects.create(
        leerwerkloket=demo,
        jaar=2021,
        vergaderdatum=datetime.date(2021, 10, 14),
        status="definitief",
        peildatum=OP,
        cijfers=data,
        vastgelegd_door=stuurgroeplid,
    )
    client.force_login(stuurgroeplid)
    pagina = client.get(reverse("dashboard:vastgelegd_rapport", args=[vastgelegd.pk]))
    assert pagina.status_code == 200
    assert "€\u00a0227.500,00" in pagina.text and "€\u00a01.672.500,00" in pagina.text
    assert client.get(reverse("dashboard:verschillen", args=[vastgelegd.pk])).status_code == 200


def test_every_section_of_the_report_is_compared():
    assert [t.sectie for t in TABELLEN] == sorted((t.sectie for t in TABELLEN), key=lambda s: int(s[0]))
    assert {t.sectie[0] for t in TABELLEN} == set("1234567")
