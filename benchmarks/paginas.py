"""Pages at national scale: p50 and p95 of every list and dashboard, for a busy region and for the
national user, with each page's queries, against a baseline page in the same run.

1. Uses the PostgreSQL database of `make schaal` (35 regions x 10 years): --hergebruik measures
   a kept one (`make schaal ARGS=--houden`), otherwise it is made and filled here first and
   dropped at the end (--houden keeps it).
2. Warms every page up, then requests them interleaved, RONDES times (default 20): round 1 asks
   every page once, round 2 again, and so on, so a busy neighbour slows every page alike. The
   baseline is the smallest page a signed-in user opens (the two-step settings page: a session, a
   user and a template, no figures); its p95 says how loaded the machine was.
   Before that, what the process loaded is frozen for the cycle collector, as gunicorn's workers
   do once they have loaded the app (kern.proces.opstart_bevriezen).
3. Prints per page: who, its queries (Django's test Client, in process; no web server), p50 and
   p95 in ms, and p95 against the baseline's p95. Goal (issue 26): every p95 under 150 ms.

Run: make paginas   (or .venv/bin/python benchmarks/paginas.py --hergebruik --db lwl_schaal)
"""

import argparse
import os
import statistics
import sys
import time
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import schaal  # noqa: E402  (the database, the users and the query stopwatch of make schaal)

DOEL_MS = 150


def argumenten():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--server", default=os.environ.get("SCHAAL_SERVER", "postgres://postgres@127.0.0.1:5432"))
    parser.add_argument("--db", default="lwl_schaal")
    parser.add_argument("--houden", action="store_true", help="de database na afloop niet verwijderen")
    parser.add_argument("--hergebruik", action="store_true", help="een bewaarde, gevulde database opnieuw meten")
    parser.add_argument("--rondes", type=int, default=int(os.environ.get("RONDES", "20")))
    return parser.parse_args()


def paginas(twente):
    """(page, address, who): the lists and dashboards, for Twente's users and nationally."""
    from jaarplan.models import Jaarplan

    jaarplan = Jaarplan.objects.voor_regio(twente).order_by("-jaar").first()
    return [
        ("basis: /inloggen/tweestaps/", "/inloggen/tweestaps/", "stuurgroep"),
        ("/ (start)", "/", "stuurgroep"),
        # The national user's start is a redirect to /dashboard/landelijk/, measured below.
        ("/dashboard/", "/dashboard/", "stuurgroep"),
        ("/dashboard/rapport/", "/dashboard/rapport/", "stuurgroep"),
        ("/dashboard/landelijk/", "/dashboard/landelijk/", "landelijk"),
        ("/jaarplan/", "/jaarplan/", "projectleider"),
        ("/jaarplan/", "/jaarplan/", "landelijk"),
        ("/jaarplan/<pk>/ (editor)", f"/jaarplan/{jaarplan.pk}/", "projectleider"),
        ("/jaarplan/realisatie/", "/jaarplan/realisatie/", "financien"),
        ("/jaarplan/realisatie/", "/jaarplan/realisatie/", "landelijk"),
        ("/facturen/", "/facturen/", "financien"),
        ("/facturen/", "/facturen/", "landelijk"),
        ("/facturen/betalingen/", "/facturen/betalingen/", "financien"),
        ("/toezeggingen/", "/toezeggingen/", "financien"),
        ("/toezeggingen/", "/toezeggingen/", "landelijk"),
        ("/afspraken/", "/afspraken/", "projectleider"),
        ("/afspraken/", "/afspraken/", "landelijk"),
        ("/partners/", "/partners/", "projectleider"),
    ]


def p95(tijden: list[float]) -> float:
    return statistics.quantiles(tijden, n=20, method="inclusive")[-1]


def meten(twente, wie, rondes: int):
    from django.db import reset_queries
    from django.test import Client

    clients = {}
    for naam, gebruiker in wie.items():
        clients[naam] = Client()
        clients[naam].force_login(gebruiker)
    lijst = paginas(twente)
    queries = {}
    for pagina, adres, rol in lijst:
        reset_queries()
        status, _, gemeten, _ = schaal.meet(clients[rol], adres)  # warm up, and count its queries
        if status != 200:
            raise SystemExit(f"{adres} als {rol} gaf {status}, geen 200")
        queries[(pagina, rol)] = len(gemeten)
    tijden = {(pagina, rol): [] for pagina, _, rol in lijst}
    for _ in range(rondes):
        for pagina, adres, rol in lijst:
            begin = time.perf_counter()
            antwoord = clients[rol].get(adres)
            tijden[(pagina, rol)].append(time.perf_counter() - begin)
            assert antwoord.status_code == 200, adres
    basis = p95(tijden[(lijst[0][0], lijst[0][2])])
    print(f"{rondes} rondes, afwisselend; tijden in ms (Django's test Client in dit proces)")
    print(f"{'pagina':<30} {'wie':<14} {'queries':>7} {'p50':>7} {'p95':>7} {'p95/basis':>10}")
    boven = []
    for pagina, _, rol in lijst:
        reeks = tijden[(pagina, rol)]
        hoog = p95(reeks)
        if hoog * 1000 > DOEL_MS:
            boven.append(f"{pagina} ({rol})")
        print(
            f"{pagina:<30} {rol:<14} {queries[(pagina, rol)]:>7} {statistics.median(reeks) * 1000:>7.0f}"
            f" {hoog * 1000:>7.0f} {hoog / basis:>9.1f}x"
        )
    uitkomst = f"Erboven: {', '.join(boven)}." if boven else "Elke pagina haalt het."
    print(f"\nDoel: p95 onder {DOEL_MS} ms. {uitkomst}")


def main():
    opties = argumenten()
    os.environ["DATABASE_URL"] = f"{opties.server}/{opties.db}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
    if not opties.hergebruik:
        schaal.beheer(opties.server, f'DROP DATABASE IF EXISTS "{opties.db}"')
        schaal.beheer(opties.server, f'CREATE DATABASE "{opties.db}"')

    import django

    warnings.filterwarnings("ignore", "No directory at", UserWarning)
    django.setup()
    from django.core.management import call_command
    from django.db import connection

    try:
        call_command("migrate", verbosity=0)
        if not opties.hergebruik:
            schaal.vullen(35, 10)
        twente, wie = schaal.gebruikers()
        # As gunicorn's workers do once they have loaded the app (config/gunicorn.conf.py).
        from kern.proces import opstart_bevriezen

        opstart_bevriezen()
        meten(twente, wie, opties.rondes)
    finally:
        connection.close()
        if not opties.houden and not opties.hergebruik:
            schaal.beheer(opties.server, f'DROP DATABASE IF EXISTS "{opties.db}"')


if __name__ == "__main__":
    main()
