"""A list export reads its rows as tuples from the database (rapportage.exporteren.stroom): the same
cells as django-tables2's `as_values()` gave, in the page's order, for a region and nationally."""

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from partners.roles import Rol
from rapportage.exporteren import lijsten, stroom
from tests.factories import GebruikerFactory, LeerwerkloketFactory
from tests.geldstroom import geldstroom

# Every long list is read as tuples; the agreements and partners (a status, a period and a group
# that are methods of the model) are read through the table: short lists, one per region.
GESTROOMD = ["toezeggingen", "facturen", "realisatie", "betalingen"]
SORTERING = {
    "partners": {"sort": "-groep"},
    "toezeggingen": {"sort": "financier", "jaar": "2019"},
    "facturen": {"sort": "-vervaldatum"},
    "realisatie": {"sort": "activiteit"},
    "betalingen": {},
    "afspraken": {"sort": "looptijd"},
}


def _lijst(gebruiker, naam, params):
    verzoek = RequestFactory().get("/", params)
    verzoek.user = gebruiker
    return lijsten.gefilterde_lijst(verzoek, naam)


@pytest.fixture
def lezers(demo, landelijk):
    tweede = LeerwerkloketFactory(naam="Leerwerkloket Achterhoek", slug="achterhoek", arbeidsmarktregio="Achterhoek")
    geldstroom(tweede)
    return [GebruikerFactory(username="fin", leerwerkloket=demo, rollen=[Rol.FINANCIEN]), landelijk]


@pytest.mark.parametrize("naam", list(lijsten.LIJSTEN))
def test_a_list_export_gives_the_cells_the_table_gave(naam, lezers, monkeypatch):
    for gebruiker in lezers:
        gestroomd = _lijst(gebruiker, naam, SORTERING[naam])
        rijen = list(gestroomd.blad.rijen)
        with monkeypatch.context() as m:

            def door_de_tabel(tabel, kolommen):
                raise stroom.NietTeStromen("de oude weg")

            m.setattr(lijsten, "export_rijen", door_de_tabel)
            oud = _lijst(gebruiker, naam, SORTERING[naam])
            assert [k.titel for k in gestroomd.blad.kolommen] == [k.titel for k in oud.blad.kolommen]
            assert rijen == list(oud.blad.rijen)
        assert len(rijen) == gestroomd.aantal()
    assert rijen, "de demo heeft rijen in elke lijst"


@pytest.mark.parametrize("naam", GESTROOMD)
def test_a_long_list_is_read_in_a_constant_number_of_queries(naam, lezers):
    """As tuples, a chunk at a time: a related object's text (the region) once, not per row."""
    landelijk = lezers[1]
    lijst = _lijst(landelijk, naam, SORTERING[naam])
    assert lijst.blad.rijen.gi_code.co_name == "_rijen", "gelezen als tupels, niet door de tabel"
    with CaptureQueriesContext(connection) as queries:
        rijen = list(lijst.blad.rijen)
    assert len(rijen) > 1
    assert len(queries) <= 2, [q["sql"][:120] for q in queries]
