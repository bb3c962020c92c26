"""The national realisatie list reads its page from an index, not by sorting every booking.

At 35 regions x 10 years sorting all bookings took 269 ms a page on PostgreSQL; read from the index
`kostenrealisatie_nieuwste` (-datum, -id) it takes 5 ms (decision 0070). These tests take the
list's own query, as the page makes it, and ask the database's planner how it would run it.
"""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from jaarplan.models import Kostenrealisatie, Kostensoort
from tests.factories import ActiviteitFactory

INDEX = "kostenrealisatie_nieuwste"
TABEL = '"jaarplan_kostenrealisatie"'


def _lijstquery(client, gebruiker) -> tuple[str, str]:
    """The page's query of the bookings themselves (newest first, one page), and the page."""
    client.force_login(gebruiker)
    with CaptureQueriesContext(connection) as queries:
        antwoord = client.get("/jaarplan/realisatie/")
    assert antwoord.status_code == 200
    volgorde = f'ORDER BY {TABEL}."datum" DESC, {TABEL}."id" DESC'
    lijst = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("SELECT") and volgorde in q["sql"]]
    assert len(lijst) == 1, "de lijst vraagt haar boekingen niet in één query op, nieuwste eerst"
    return lijst[0], antwoord.content.decode()


def _plan(sql: str) -> str:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # The test database holds a handful of rows, for which a scan of the table is cheapest;
            # without that choice the planner shows whether the index gives the order (no Sort).
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute(f"EXPLAIN {sql}")
        else:
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}")
        return "\n".join(str(rij[-1]) for rij in cursor.fetchall())


@pytest.mark.django_db
def test_the_national_realisatie_list_reads_its_page_from_the_index_without_sorting(client, landelijk, twente):
    activiteit = ActiviteitFactory(jaarplan__leerwerkloket=twente)
    Kostenrealisatie.objects.create(
        activiteit=activiteit,
        kostensoort=Kostensoort.OVERIG,
        datum=datetime.date(2018, 3, 1),
        bedrag=Decimal("1234.50"),
        omschrijving="Drukwerk folders",
    )
    sql, pagina = _lijstquery(client, landelijk)
    assert "Drukwerk folders" in pagina
    assert f"FROM {TABEL}" in sql and "LIMIT" in sql
    plan = _plan(sql)
    assert INDEX in plan, plan
    if connection.vendor == "postgresql":
        assert "Sort" not in plan, plan
    else:
        assert "TEMP B-TREE FOR ORDER BY" not in plan, plan
