"""Scale: every page on PostgreSQL with 35 regions x 10 years, its queries and its time, and
EXPLAIN ANALYZE of the heaviest queries.

1. Creates a fresh database (default lwl_schaal) on the PostgreSQL server, migrates it and fills
   it with `synth_data --regios 35 --jaren 10`, then VACUUM ANALYZE so the planner knows the tables
   and the visibility map is set, as autovacuum leaves them in production.
2. Requests every page as the user who reads it (Django's test Client, so no web server is
   involved): once to warm up, then three times; the best time counts and the queries of the
   last run are timed one by one, checked against Django's CaptureQueriesContext. The BEGIN and
   COMMIT of the request's own transaction (ATOMIC_REQUESTS) are not counted as queries.
3. Runs EXPLAIN (ANALYZE, BUFFERS) on the slowest distinct queries and prints each plan, with
   every sequential scan on a table of more than 10,000 rows flagged.
4. Drops the database again (--houden keeps it; --hergebruik measures a kept one again).

Run: make schaal   (or .venv/bin/python benchmarks/schaal.py --help)
The server comes from SCHAAL_SERVER, default postgres://postgres@127.0.0.1:5432; results go in
benchmarks/RESULTS.md by hand. It uses the test settings: the ones made for Django's test client
(DEBUG off as in production, and no sign-in throttling, which refuses a sign-in without request).
"""

import argparse
import os
import re
import sys
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

GROTE_TABEL = 10_000  # a sequential scan on more rows than this is flagged


def argumenten():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--server", default=os.environ.get("SCHAAL_SERVER", "postgres://postgres@127.0.0.1:5432"))
    parser.add_argument("--db", default="lwl_schaal", help="naam van de meetdatabase (wordt gemaakt en verwijderd)")
    parser.add_argument("--regios", type=int, default=35)
    parser.add_argument("--jaren", type=int, default=10)
    parser.add_argument("--houden", action="store_true", help="de database na afloop niet verwijderen")
    parser.add_argument("--hergebruik", action="store_true", help="een bewaarde, gevulde database opnieuw meten")
    parser.add_argument("--explain", type=int, default=6, help="aantal zwaarste queries voor EXPLAIN ANALYZE")
    return parser.parse_args()


def beheer(server: str, sql: str) -> None:
    """CREATE/DROP DATABASE on the server's maintenance database (outside any transaction)."""
    import psycopg

    with psycopg.connect(f"{server}/postgres", autocommit=True) as verbinding:
        verbinding.execute(sql)


def vullen(regios: int, jaren: int) -> None:
    from django.core.management import call_command
    from django.db import connection

    begin = time.perf_counter()
    print(f"synth_data --regios {regios} --jaren {jaren} ...", flush=True)
    call_command("synth_data", regios=regios, jaren=jaren)
    with connection.cursor() as cursor:
        # VACUUM too, as autovacuum does after a bulk load in production: without it the visibility
        # map is empty and no count can be answered from an index alone.
        cursor.execute("VACUUM ANALYZE")
    print(f"database gevuld in {time.perf_counter() - begin:.0f} s\n", flush=True)


def gebruikers():
    """A projectleider, a stuurgroep member and finance staff of Twente, and a national user."""
    from django.contrib.auth.models import Group

    from partners.models import Gebruiker, Leerwerkloket
    from partners.roles import Rol

    twente = Leerwerkloket.objects.get(slug="twente")
    wie = {}
    for rol in (Rol.PROJECTLEIDER, Rol.STUURGROEP, Rol.FINANCIEN, Rol.LANDELIJK):
        gebruiker, _ = Gebruiker.objects.get_or_create(
            username=f"schaal-{rol.value}",
            defaults={"leerwerkloket": None if rol == Rol.LANDELIJK else twente, "first_name": rol.label},
        )
        gebruiker.groups.add(Group.objects.get_or_create(name=rol.value)[0])
        wie[rol.value] = gebruiker
    return twente, wie


def paginas(twente):
    """(page, address, who reads it): every page of the app a user opens with a GET."""
    from financiering.models import Financieringsafspraak
    from jaarplan.models import Jaarplan
    from partners.models import Partner

    jaarplan = Jaarplan.objects.voor_regio(twente).order_by("-jaar").first()
    eerste_jaar = Jaarplan.objects.voor_regio(twente).order_by("jaar").values_list("jaar", flat=True).first()
    uwv = Partner.objects.voor_regio(twente).get(soort=Partner.Soort.UWV, is_groep=False, groep=None)
    afspraak = Financieringsafspraak.objects.voor_regio(twente).filter(financier=uwv).first()
    return [
        ("/ (start)", "/", "stuurgroep"),
        ("/dashboard/", "/dashboard/", "stuurgroep"),
        ("/dashboard/ (eerste jaar)", f"/dashboard/?jaar={eerste_jaar}", "stuurgroep"),
        ("/dashboard/financier/<pk>/", f"/dashboard/financier/{uwv.pk}/", "stuurgroep"),
        ("/dashboard/landelijk/", "/dashboard/landelijk/", "landelijk"),
        ("/partners/", "/partners/", "projectleider"),
        ("/partners/<pk>/", f"/partners/{uwv.pk}/", "projectleider"),
        ("/afspraken/", "/afspraken/", "projectleider"),
        ("/afspraken/<pk>/", f"/afspraken/{afspraak.pk}/", "projectleider"),
        ("/afspraken/<pk>/bewerken/", f"/afspraken/{afspraak.pk}/bewerken/", "projectleider"),
        ("/facturen/", "/facturen/", "financien"),
        ("/jaarplan/", "/jaarplan/", "projectleider"),
        ("/jaarplan/<pk>/ (editor)", f"/jaarplan/{jaarplan.pk}/", "projectleider"),
        ("/exports/", "/exports/", "financien"),
        ("jaaroverzicht.xlsx", f"/exports/jaaroverzicht.xlsx?jaar={jaarplan.jaar}", "financien"),
        (
            "verantwoording.xlsx",
            f"/exports/verantwoording.xlsx?jaar={jaarplan.jaar}&financier={uwv.pk}",
            "financien",
        ),
        ("lijst facturen.xlsx", "/exports/lijst/facturen.xlsx", "financien"),
        ("/import/realisatie/", "/import/realisatie/", "financien"),
        ("/import/bank/", "/import/bank/", "financien"),
    ]


class Stopwatch:
    """Times every query to the microsecond and keeps its parameters, for EXPLAIN afterwards
    (CaptureQueriesContext counts them, but rounds their time to milliseconds)."""

    def __init__(self):
        self.queries = []

    def __call__(self, execute, sql, params, many, context):
        begin = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.queries.append((time.perf_counter() - begin, sql, params))


# Every request runs in one transaction (ATOMIC_REQUESTS). Django logs its BEGIN, COMMIT or ROLLBACK
# among the queries but mostly issues them on the connection itself, outside the cursor the
# stopwatch wraps (SQLite's BEGIN does pass a cursor), so both sides count them apart.
TRANSACTIE = ("BEGIN", "COMMIT", "ROLLBACK")


def is_transactie(sql: str) -> bool:
    return sql.partition(" ")[0].upper() in TRANSACTIE


def meet(client, adres):
    """One request with its queries; a file download is read to the end inside the capture.
    Returns the status, the time, the stopwatch's queries and the transaction statements around
    them; every statement the connection logged apart from those passed the stopwatch."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    stopwatch = Stopwatch()
    with CaptureQueriesContext(connection) as vangst, connection.execute_wrapper(stopwatch):
        begin = time.perf_counter()
        antwoord = client.get(adres)
        if antwoord.streaming:
            b"".join(antwoord.streaming_content)
        duur = time.perf_counter() - begin
    gelogd = [query["sql"] for query in vangst.captured_queries]
    transactie = [sql for sql in gelogd if is_transactie(sql)]
    queries = [query for query in stopwatch.queries if not is_transactie(query[1])]
    assert len(gelogd) - len(transactie) == len(queries), (
        f"{adres}: {len(gelogd) - len(transactie)} queries gelogd, maar {len(queries)} gemeten"
    )
    return antwoord.status_code, duur, queries, transactie


def meten(twente, wie):
    from django.db import reset_queries
    from django.test import Client

    clients = {}
    for naam, gebruiker in wie.items():
        clients[naam] = Client()
        clients[naam].force_login(gebruiker)

    alle_queries, transacties = [], set()
    print(
        f"{'pagina':<32} {'wie':<14} {'queries':>7} {'traagste query':>15} {'alle queries':>13}"
        f" {'verzoek (beste van 3)':>16}"
    )
    for pagina, adres, rol in paginas(twente):
        client = clients[rol]
        # The connection keeps at most 9,000 logged queries; once full, a capture would see none.
        reset_queries()
        status, _, _, _ = meet(client, adres)  # warm up: templates compile, caches fill
        if status != 200:
            raise SystemExit(f"{adres} als {rol} gaf {status}, geen 200")
        metingen = [meet(client, adres) for _ in range(3)]
        beste = min(duur for _, duur, _, _ in metingen)
        _, _, queries, transactie = metingen[-1]
        transacties.add(", ".join(transactie))
        traagste = max((duur for duur, _, _ in queries), default=0.0)
        samen = sum(duur for duur, _, _ in queries)
        alle_queries += [(duur, sql, params, pagina) for duur, sql, params in queries]
        print(
            f"{pagina:<32} {rol:<14} {len(queries):>7} {traagste * 1000:>12.1f} ms {samen * 1000:>10.1f} ms"
            f" {beste * 1000:>13.0f} ms"
        )
    print(f"Niet als query geteld, de transactie van elk verzoek: {' / '.join(sorted(transacties)) or 'geen'}")
    return alle_queries


def explain(alle_queries, aantal: int) -> None:
    """EXPLAIN ANALYZE of every distinct SELECT the pages made, ranked by the time PostgreSQL
    itself reports: on a busy machine a query's time seen from Python is mostly waiting. The
    plans of the `aantal` heaviest are printed; a sequential scan on a large table is flagged
    wherever it occurs."""
    from django.db import connection

    gezien, uniek = set(), []
    for _, sql, params, pagina in alle_queries:
        if sql not in gezien and sql.lstrip().upper().startswith("SELECT"):
            gezien.add(sql)  # the same query with other parameters counts once
            uniek.append((sql, params, pagina))

    with connection.cursor() as cursor:
        cursor.execute("SELECT relname, n_live_tup FROM pg_stat_user_tables")
        tabellen = dict(cursor.fetchall())
        plannen = []
        for sql, params, pagina in uniek:
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}", params)
            plan = [rij[0] for rij in cursor.fetchall()]
            uitvoering = float(re.search(r"Execution Time: ([\d.]+) ms", plan[-1]).group(1))
            plannen.append((uitvoering, pagina, sql, plan))
    plannen.sort(key=lambda p: -p[0])

    print(f"\n{len(plannen)} verschillende SELECT-queries; de zwaarste volgens EXPLAIN ANALYZE:")
    for uitvoering, pagina, _, plan in plannen[: max(aantal, 10)]:
        print(f"  {uitvoering:>7.2f} ms  {pagina:<28} {plan[0].split('  (')[0][:60]}")
    for nummer, (uitvoering, pagina, sql, plan) in enumerate(plannen[:aantal], 1):
        print(f"\n--- {nummer}. {pagina}: {uitvoering:.2f} ms ---")
        print(sql if len(sql) < 1200 else sql[:1200] + " ...")
        print("\n".join(plan))

    print(f"\nSequentiele scans op tabellen van meer dan {GROTE_TABEL:,} rijen:".replace(",", "."))
    grote = sorted(
        {
            (gevonden.group(1), pagina)
            for _, pagina, _, plan in plannen
            for regel in plan
            if (gevonden := re.search(r"Seq Scan on (\w+)", regel)) and tabellen.get(gevonden.group(1), 0) > GROTE_TABEL
        }
    )
    print("\n".join(f"  !! {tabel} ({tabellen[tabel]:,} rijen) in {pagina}" for tabel, pagina in grote) or "  geen")

    print("\nGrootste tabellen:")
    for naam, rijen in sorted(tabellen.items(), key=lambda t: -t[1])[:8]:
        print(f"  {rijen:>9,} {naam}".replace(",", "."))


def main():
    opties = argumenten()
    os.environ["DATABASE_URL"] = f"{opties.server}/{opties.db}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
    if not opties.hergebruik:
        beheer(opties.server, f'DROP DATABASE IF EXISTS "{opties.db}"')
        beheer(opties.server, f'CREATE DATABASE "{opties.db}"')

    import django

    # The test settings serve static files from the app folders; there is no collectstatic here.
    warnings.filterwarnings("ignore", "No directory at", UserWarning)
    django.setup()
    from django.core.management import call_command
    from django.db import connection

    try:
        call_command("migrate", verbosity=0)
        if not opties.hergebruik:
            vullen(opties.regios, opties.jaren)
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            print(f"PostgreSQL {cursor.fetchone()[0]}, database {opties.db}\n")
        twente, wie = gebruikers()
        alle_queries = meten(twente, wie)
        explain(alle_queries, opties.explain)
    finally:
        connection.close()
        if not opties.houden:
            beheer(opties.server, f'DROP DATABASE IF EXISTS "{opties.db}"')


if __name__ == "__main__":
    main()
