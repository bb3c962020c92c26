"""Every list and dashboard asks the database the same number of questions whatever the number of
regions and years (issue 26): measured with 2 regions of 2 years, then again after 2 more regions
of 4 years, for a user of a region and for the national user. `benchmarks/paginas.py` measures
the same pages' time at 35 regions x 10 years."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from demo.synth import REGIOS, make_synthetic_data
from jaarplan.models import Jaarplan
from partners.models import Leerwerkloket
from partners.roles import Rol
from tests.conftest import op_dag
from tests.factories import GebruikerFactory

REGIONAAL = [
    "/",
    "/dashboard/",
    "/dashboard/rapport/",
    "/jaarplan/",
    "editor",
    "/jaarplan/realisatie/",
    "/facturen/",
    "/facturen/betalingen/",
    "/toezeggingen/",
    "/afspraken/",
    "/partners/",
]
LANDELIJK = [  # the national role's home ("/") is the national overview
    "/dashboard/landelijk/",
    "/jaarplan/",
    "/jaarplan/realisatie/",
    "/facturen/",
    "/facturen/betalingen/",
    "/toezeggingen/",
    "/afspraken/",
    "/partners/",
]


def _queries(client, gebruiker, adres: str) -> int:
    client.force_login(gebruiker)
    client.get(adres)  # warm up: the session, caches
    with CaptureQueriesContext(connection) as vangst:
        antwoord = client.get(adres)
    assert antwoord.status_code == 200, adres
    return len(vangst)


def _meten(client, regio: Leerwerkloket, landelijk) -> dict:
    gebruiker = GebruikerFactory(
        username=f"alles-{regio.slug}",
        leerwerkloket=regio,
        rollen=[Rol.PROJECTLEIDER, Rol.STUURGROEP, Rol.FINANCIEN],
    )
    editor = Jaarplan.objects.filter(leerwerkloket=regio).order_by("-jaar").first()
    uit = {}
    for adres in REGIONAAL:
        echt = f"/jaarplan/{editor.pk}/" if adres == "editor" else adres
        uit[("regio", adres)] = _queries(client, gebruiker, echt)
    for adres in LANDELIJK:
        uit[("landelijk", adres)] = _queries(client, landelijk, adres)
    return uit


@pytest.mark.django_db
def test_no_page_asks_more_queries_for_more_regions_and_years(client, landelijk):
    with op_dag(datetime.date(2021, 8, 16)):
        make_synthetic_data(regios=2, jaren=2, boekingen=2, eerste_jaar=2020)
        klein = _meten(client, Leerwerkloket.objects.get(naam__endswith=REGIOS[0]), landelijk)
        # Two more regions with four years each; the regional user is now of one of those.
        make_synthetic_data(regios=4, jaren=4, boekingen=2, eerste_jaar=2018)
        groot = _meten(client, Leerwerkloket.objects.get(naam__endswith=REGIOS[3]), landelijk)

    verschil = {pagina: (klein[pagina], groot[pagina]) for pagina in klein if klein[pagina] != groot[pagina]}
    assert not verschil, f"(wie, pagina): (queries bij 2 x 2, bij 4 regio's tot 4 jaar): {verschil}"
