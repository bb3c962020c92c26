"""Load test: the production profile (`make serve`: gunicorn, production settings, PostgreSQL) on
loopback with the 35-region data, under stuurgroep members reading the dashboard, finance staff
exporting the jaaroverzicht and projectleiders saving the jaarplan editor, all at once.

    .venv/bin/python benchmarks/belasting.py [--duur 60] [--stuurgroep 6] [--financien 2] [--projectleiders 2]

It makes the database `lwl_belasting` (or --db; dropped first if it is there, dropped again at the end unless
--bewaar; --hergebruik measures a kept one again, so three runs in a row cost one fill), loads
`synth_data --regios 35 --jaren 10` and the demo users, adds users for several
regions, starts `make serve` and then:

1. the dashboard alone: one stuurgroep member, sequentially (the baseline);
2. the load: every simulated user in its own thread for a fixed time, each request timed;
3. the check: the jaarplan holds exactly the last accepted save, and every accepted save left
   one begrotingswijziging and one history row (none lost, none doubled).

The app runs as behind the TLS proxy of production: requests carry `X-Forwarded-Proto: https`
(SECURE_PROXY_SSL_HEADER), so the secure cookies, the CSRF origin check and the https redirect are
the production ones and `make serve` runs unchanged, `check --deploy` included. Only the standard
library talks HTTP (gunicorn's sync workers close every connection anyway).
"""

import argparse
import base64
import html.parser
import http.client
import http.cookies
import os
import secrets
import signal
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from kern.gelijktijdig import melding  # noqa: E402 (imports Django, needs no settings)
from kern.money import parse_bedrag  # noqa: E402 (plain Python; needs no Django)

DATABASE = "lwl_belasting"
HOST = "127.0.0.1"
CONFLICT = melding("dit jaarplan")  # the refusal of a save drawn from an older state
# The reason of each save, with this run's own mark: a kept database (--hergebruik) holds earlier runs' saves.
REDEN = f"Belastingtest {secrets.token_hex(3)}"


# -- HTTP as one signed-in user ----------------------------------------------------------------
class Formulier(html.parser.HTMLParser):
    """The named inputs and textareas of the form with the given id (or of the first form)."""

    def __init__(self, form_id: str | None = None):
        super().__init__()
        self.form_id, self.in_form, self.klaar = form_id, False, False
        self.velden: dict[str, str] = {}
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and not self.klaar and (self.form_id is None or a.get("id") == self.form_id):
            self.in_form = True
        elif self.in_form and tag == "input" and a.get("name") and a.get("type") not in ("submit", "button"):
            self.velden[a["name"]] = a.get("value") or ""
        elif self.in_form and tag == "textarea" and a.get("name"):
            self._textarea = a["name"]
            self.velden[a["name"]] = ""

    def handle_data(self, data):
        if self._textarea:
            self.velden[self._textarea] += data

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None
        elif tag == "form" and self.in_form:
            self.in_form, self.klaar = False, True


def formulier(tekst: str, form_id: str | None = None) -> dict[str, str]:
    parser = Formulier(form_id)
    parser.feed(tekst)
    return parser.velden


@dataclass
class Antwoord:
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    @property
    def tekst(self) -> str:
        return self.body.decode("utf-8", "replace")


class Sessie:
    def __init__(self, port: int):
        self.port = port
        self.origin = f"https://{HOST}:{port}"
        self.cookies: dict[str, str] = {}

    def verzoek(self, methode: str, pad: str, data: dict | None = None) -> Antwoord:
        headers = {
            "Host": f"{HOST}:{self.port}",
            "X-Forwarded-Proto": "https",
            "Connection": "close",
            "Referer": self.origin + pad,
        }
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if data is not None:
            body = urllib.parse.urlencode(data).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = self.origin
        verbinding = http.client.HTTPConnection(HOST, self.port, timeout=120)
        try:
            verbinding.request(methode, pad, body=body, headers=headers)
            antwoord = verbinding.getresponse()
            inhoud = antwoord.read()
        finally:
            verbinding.close()
        for regel in antwoord.headers.get_all("Set-Cookie") or []:
            koekje = http.cookies.SimpleCookie()
            koekje.load(regel)
            for naam, morsel in koekje.items():
                self.cookies[naam] = morsel.value
        return Antwoord(antwoord.status, antwoord.headers, inhoud)

    def inloggen(self, gebruikersnaam: str, wachtwoord: str) -> None:
        velden = formulier(self.verzoek("GET", "/inloggen/").tekst)
        velden.update(username=gebruikersnaam, password=wachtwoord)
        antwoord = self.verzoek("POST", "/inloggen/", velden)
        if antwoord.status != 302:
            raise SystemExit(f"Inloggen als {gebruikersnaam} mislukt: {antwoord.status}")


# -- measuring ---------------------------------------------------------------------------------
@dataclass
class Meting:
    soort: str
    duur: float  # seconds
    status: int | None  # None: connection error
    uitkomst: str = ""  # for saves: "aanvaard", "conflict", "geweigerd"


@dataclass
class Resultaten:
    metingen: list[Meting] = field(default_factory=list)
    aanvaard: list[tuple[str, Decimal, Decimal]] = field(default_factory=list)  # (reden, bedrag, gezien)
    slot: threading.Lock = field(default_factory=threading.Lock)

    def voeg_toe(self, meting: Meting) -> None:
        with self.slot:
            self.metingen.append(meting)


def getimed(resultaten: Resultaten, soort: str, functie) -> Antwoord | None:
    begin = time.perf_counter()
    try:
        antwoord = functie()
    except (OSError, http.client.HTTPException):
        resultaten.voeg_toe(Meting(soort, time.perf_counter() - begin, None))
        return None
    resultaten.voeg_toe(Meting(soort, time.perf_counter() - begin, antwoord.status))
    return antwoord


def p95(duren: list[float]) -> float:
    return statistics.quantiles(duren, n=20, method="inclusive")[18] if len(duren) > 1 else duren[0]


# -- the simulated users -------------------------------------------------------------------------
DENKTIJD = 0.0  # seconds a simulated user waits after each action (--denktijd)


def stuurgroeplid(sessie: Sessie, tot: float, resultaten: Resultaten) -> None:
    while time.monotonic() < tot:
        getimed(resultaten, "dashboard", lambda: sessie.verzoek("GET", "/dashboard/"))
        time.sleep(DENKTIJD)


def financien(sessie: Sessie, jaar: int, tot: float, resultaten: Resultaten) -> None:
    pad = f"/exports/jaaroverzicht.xlsx?jaar={jaar}"
    while time.monotonic() < tot:
        antwoord = getimed(resultaten, "export", lambda: sessie.verzoek("GET", pad))
        if antwoord is not None and antwoord.status == 200:
            lengte = int(antwoord.headers.get("Content-Length", -1))
            if not antwoord.body.startswith(b"PK\x03\x04") or lengte != len(antwoord.body):
                resultaten.voeg_toe(Meting("export-onvolledig", 0.0, 200))
        time.sleep(DENKTIJD)


def projectleider(sessie: Sessie, nummer: int, jaarplan_pk: int, veld: str, tot: float, res: Resultaten):
    """Open the editor, raise one budget cell to an amount no other save uses, save with a reason."""
    pad = f"/jaarplan/{jaarplan_pk}/"
    volgnummer = 0
    while time.monotonic() < tot:
        pagina = getimed(res, "editor openen", lambda: sessie.verzoek("GET", pad))
        if pagina is None or pagina.status != 200:
            continue
        velden = formulier(pagina.tekst, "begroting-form")
        gezien = parse_bedrag(velden[veld])  # what this user saw before typing over it
        volgnummer += 1
        bedrag = Decimal("500000.00") + nummer * 10000 + volgnummer
        reden = f"{REDEN} {nummer}-{volgnummer}"
        velden[veld] = f"{bedrag}".replace(".", ",")
        velden["reden"] = reden
        begin = time.perf_counter()
        try:
            antwoord = sessie.verzoek("POST", pad, velden)
        except (OSError, http.client.HTTPException):
            res.voeg_toe(Meting("jaarplan opslaan", time.perf_counter() - begin, None))
            continue
        duur = time.perf_counter() - begin
        if antwoord.status == 302:
            uitkomst = "aanvaard"
            with res.slot:
                res.aanvaard.append((reden, bedrag, gezien))
        elif antwoord.status == 200 and CONFLICT in antwoord.tekst:
            uitkomst = "conflict"
        else:
            uitkomst = "geweigerd"
        res.voeg_toe(Meting("jaarplan opslaan", duur, antwoord.status, uitkomst))
        time.sleep(DENKTIJD)


# -- setting up ----------------------------------------------------------------------------------
def run(*args, env, **kwargs):
    print("$", " ".join(str(a) for a in args), flush=True)
    return subprocess.run(args, env=env, check=True, cwd=ROOT, **kwargs)


def omgeving(pg: str, database: str, port: int, workers: int) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY=secrets.token_urlsafe(50),
        TWEESTAPS_SLEUTEL=base64.urlsafe_b64encode(secrets.token_bytes(32)).decode(),
        ALLOWED_HOSTS=f"{HOST},localhost",
        DATABASE_URL=f"{pg}/{database}",
        DEMO_PASSWORD=secrets.token_urlsafe(16),
        MEDIA_ROOT=str(ROOT / "media"),
        # The load test measures pages, not sign-in: its users give no second factor.
        TWEESTAPS_VERPLICHT="0",
        HOST=HOST,
        PORT=str(port),
        WORKERS=str(workers),
    )
    return env


def maak_gebruikers(regio_slugs: list[str], wachtwoord: str) -> None:
    """Per region a stuurgroep member and a finance employee, and a second projectleider in Twente."""
    from django.contrib.auth.models import Group

    from partners.models import Gebruiker, Leerwerkloket
    from partners.roles import Rol

    gehasht = None
    for slug in regio_slugs:
        regio = Leerwerkloket.objects.get(slug=slug)
        for rol, voorvoegsel in ((Rol.STUURGROEP, "sg"), (Rol.FINANCIEN, "fin"), (Rol.PROJECTLEIDER, "pl")):
            # A kept database (--hergebruik) has them already: the same users, the password set again.
            gebruiker = Gebruiker.objects.filter(username=f"{voorvoegsel}-{slug}").first() or Gebruiker(
                username=f"{voorvoegsel}-{slug}", first_name=voorvoegsel, leerwerkloket=regio
            )
            if gehasht is None:
                gebruiker.set_password(wachtwoord)
                gehasht = gebruiker.password
            gebruiker.password = gehasht
            gebruiker.save()
            gebruiker.groups.add(Group.objects.get(name=rol.value))


def wachtwoord_opnieuw(wachtwoord: str) -> None:
    """A kept database (--hergebruik): this run's password for every user (each run makes a new one),
    and no sign-in failures left over from an earlier run."""
    from axes.models import AccessAttempt

    from partners.models import Gebruiker

    voorbeeld = Gebruiker(username="x")
    voorbeeld.set_password(wachtwoord)
    Gebruiker.objects.update(password=voorbeeld.password)
    AccessAttempt.objects.all().delete()


def wacht_op_server(port: int, serve: subprocess.Popen, grens: float = 300) -> None:
    einde = time.monotonic() + grens
    while time.monotonic() < einde:
        if serve.poll() is not None:
            raise SystemExit(f"make serve stopte met code {serve.returncode}; zie benchmarks/.belasting-serve.log")
        try:
            if Sessie(port).verzoek("GET", "/inloggen/").status == 200:
                return
        except OSError:
            pass
        time.sleep(1)
    raise SystemExit("De server kwam niet op.")


def samenvatting(metingen: list[Meting], duur: float) -> list[tuple]:
    rijen = []
    for soort in ("dashboard", "export", "editor openen", "jaarplan opslaan"):
        van_soort = [m for m in metingen if m.soort == soort]
        if not van_soort:
            continue
        goed = [m.duur for m in van_soort if m.status is not None and m.status < 500]
        fouten_5xx = sum(1 for m in van_soort if m.status is not None and m.status >= 500)
        verbinding = sum(1 for m in van_soort if m.status is None)
        rijen.append(
            (
                soort,
                len(van_soort),
                len(van_soort) / duur,
                statistics.median(goed) * 1000 if goed else float("nan"),
                p95(goed) * 1000 if goed else float("nan"),
                fouten_5xx,
                verbinding,
            )
        )
    return rijen


def stand(jaarplan, regel) -> dict:
    """What the saves may change, before the load."""
    from jaarplan.models import Begrotingsregel, Begrotingswijziging

    return {
        "wijzigingen": Begrotingswijziging.objects.filter(jaarplan=jaarplan).count(),
        "geschiedenis": Begrotingsregel.history.filter(id=regel.pk).count(),
        "andere": andere_regels(jaarplan, regel),
        "bedrag": regel.bedrag,
    }


def andere_regels(jaarplan, regel) -> dict:
    from jaarplan.models import Begrotingsregel

    regels = Begrotingsregel.objects.filter(activiteit__jaarplan=jaarplan).exclude(pk=regel.pk)
    return dict(regels.values_list("pk", "bedrag"))


def controleer(jaarplan, regel, voor: dict, resultaten: Resultaten) -> dict[str, bool]:
    """No lost and no doubled write: every accepted save is there exactly once, nothing else is."""
    from jaarplan.models import Begrotingsregel, Begrotingswijziging

    regel.refresh_from_db()
    wijzigingen = Begrotingswijziging.objects.filter(jaarplan=jaarplan)
    nieuw = list(wijzigingen.filter(reden__startswith=REDEN).order_by("pk").values_list("reden", flat=True))
    aanvaard = {reden: bedrag for reden, bedrag, _ in resultaten.aanvaard}
    gezien = {reden: gezien for reden, _, gezien in resultaten.aanvaard}
    # In the order they were committed, each accepted save was typed over what the one before it
    # stored: two saves drawn from the same state cannot both be accepted (a lost update).
    vorige = [voor["bedrag"]] + [aanvaard[r] for r in nieuw[:-1]]
    keten = all(gezien.get(r) == v for r, v in zip(nieuw, vorige, strict=True))
    geschiedenis = Begrotingsregel.history.filter(id=regel.pk).count() - voor["geschiedenis"]
    return {
        "elke aanvaarde opslag staat er precies één keer als begrotingswijziging": sorted(nieuw) == sorted(aanvaard),
        "geen begrotingswijziging zonder aanvaarde opslag": len(nieuw) == wijzigingen.count() - voor["wijzigingen"],
        "één geschiedenisregel van de begrotingsregel per aanvaarde opslag": geschiedenis == len(aanvaard),
        "elke aanvaarde opslag bouwde voort op de vorige (geen verloren wijziging)": keten,
        "het bedrag is dat van de laatst aanvaarde opslag": bool(nieuw) and regel.bedrag == aanvaard[nieuw[-1]],
        "de andere begrotingsregels zijn onveranderd": andere_regels(jaarplan, regel) == voor["andere"],
        "geen onvolledige export": not any(m.soort == "export-onvolledig" for m in resultaten.metingen),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duur", type=int, default=60, help="seconden belasting")
    parser.add_argument("--stuurgroep", type=int, default=6)
    parser.add_argument("--financien", type=int, default=2)
    parser.add_argument("--projectleiders", type=int, default=2)
    parser.add_argument(
        "--denktijd", type=float, default=1.0, help="seconden die elke gebruiker wacht na elke handeling (0: zonder)"
    )
    parser.add_argument("--alleen", type=int, default=40, help="dashboardverzoeken voor de meting zonder belasting")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--pg", default=os.environ.get("BELASTING_PG", "postgres://postgres@127.0.0.1:5432"))
    parser.add_argument("--db", default=DATABASE, help=f"naam van de database (wordt gemaakt), standaard {DATABASE}")
    parser.add_argument("--bewaar", action="store_true", help="laat de database na afloop staan")
    parser.add_argument(
        "--hergebruik",
        action="store_true",
        help="meet een met --bewaar bewaarde database opnieuw (zonder haar opnieuw te maken en te vullen)",
    )
    args = parser.parse_args()
    global DENKTIJD
    DENKTIJD = args.denktijd

    env = omgeving(args.pg, args.db, args.port, args.workers)
    pg = urllib.parse.urlparse(args.pg)
    pg_args = ["-h", pg.hostname or HOST, "-p", str(pg.port or 5432), "-U", pg.username or "postgres"]
    if not args.hergebruik:
        run("dropdb", *pg_args, "--if-exists", args.db, env=env)
        run("createdb", *pg_args, args.db, env=env)
    serve = None
    try:
        python = str(ROOT / ".venv" / "bin" / "python")
        run(python, "manage.py", "migrate", "--noinput", "-v", "0", env=env)
        if not args.hergebruik:
            begin = time.perf_counter()
            run(
                python, "manage.py", "synth_data", "--regios", "35", "--jaren", "10", env=env, stdout=subprocess.DEVNULL
            )
            print(f"synth_data: {time.perf_counter() - begin:.0f} s", flush=True)
            run(python, "manage.py", "demo_data", env=env)

        # This process reads the same database with the same production settings as the server: the
        # whole environment, so a variable production comes to require (TWEESTAPS_SLEUTEL) is never missed.
        os.environ.update(env)
        import django

        django.setup()
        from django.db import connection

        from jaarplan.models import Begrotingsregel, Jaarplan
        from partners.models import Leerwerkloket

        with connection.cursor() as cursor:
            # VACUUM too, as autovacuum does after a bulk load in production: without it the visibility
            # map is empty and no count can be answered from an index alone.
            cursor.execute("VACUUM ANALYZE")
        slugs = list(Leerwerkloket.objects.order_by("pk").values_list("slug", flat=True))
        gekozen = [s for s in slugs if s != "twente"][: max(args.stuurgroep, args.financien)]
        maak_gebruikers(["twente", *gekozen], env["DEMO_PASSWORD"])
        if args.hergebruik:
            wachtwoord_opnieuw(env["DEMO_PASSWORD"])
        jaarplan = Jaarplan.objects.filter(leerwerkloket__slug="twente").order_by("-jaar").first()
        regel = Begrotingsregel.objects.filter(activiteit__jaarplan=jaarplan).order_by("pk").first()
        veld = f"b-{regel.activiteit_id}-{regel.kostensoort}"
        export_jaar = jaarplan.jaar

        log = open(ROOT / "benchmarks" / ".belasting-serve.log", "w")  # noqa: SIM115 (open while the server runs)
        # `-o` keeps make from reinstalling the (shared) virtualenv; otherwise this is `make serve` as is.
        serve = subprocess.Popen(
            ["make", "-o", ".venv/.geinstalleerd", "serve"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        wacht_op_server(args.port, serve)
        wachtwoord = env["DEMO_PASSWORD"]

        # 1. The dashboard alone.
        last_voor = os.getloadavg()
        alleen = Sessie(args.port)
        alleen.inloggen("stuurgroep", wachtwoord)
        for _ in range(5):  # warm up every worker (templates compile on first use)
            alleen.verzoek("GET", "/dashboard/")
        basis = Resultaten()
        for _ in range(args.alleen):
            getimed(basis, "dashboard", lambda: alleen.verzoek("GET", "/dashboard/"))
        basis_duren = [m.duur for m in basis.metingen if m.status == 200]
        if len(basis_duren) != args.alleen:
            raise SystemExit("Het dashboard gaf zonder belasting geen 200.")

        # 2. The load.
        sessies = []
        regio_van = ["twente", *gekozen]
        for i in range(args.stuurgroep):
            sessies.append(("stuurgroep", i, f"sg-{regio_van[i % len(regio_van)]}"))
        for i in range(args.financien):
            sessies.append(("financien", i, f"fin-{regio_van[i % len(regio_van)]}"))
        for i in range(args.projectleiders):
            sessies.append(("projectleider", i, "projectleider" if i == 0 else "pl-twente"))
        ingelogd = []
        for soort, i, naam in sessies:
            sessie = Sessie(args.port)
            sessie.inloggen(naam, wachtwoord)
            ingelogd.append((soort, i, sessie))
        voor = stand(jaarplan, regel)

        resultaten = Resultaten()
        begin = time.monotonic()
        tot = begin + args.duur
        draden = []
        for soort, i, sessie in ingelogd:
            if soort == "stuurgroep":
                doel = (stuurgroeplid, (sessie, tot, resultaten))
            elif soort == "financien":
                doel = (financien, (sessie, export_jaar, tot, resultaten))
            else:
                doel = (projectleider, (sessie, i, jaarplan.pk, veld, tot, resultaten))
            draden.append(threading.Thread(target=doel[0], args=doel[1]))
        for draad in draden:
            draad.start()
        for draad in draden:
            draad.join()
        duur = time.monotonic() - begin

        # 3. The check: no lost and no doubled write.
        controles = controleer(jaarplan, regel, voor, resultaten)

        # The report.
        print()
        print(
            f"Machine: {os.cpu_count()} cores; load average (1, 5, 15 min) before: "
            + ", ".join(f"{x:.1f}" for x in last_voor)
            + "; after: "
            + ", ".join(f"{x:.1f}" for x in os.getloadavg())
        )
        print(
            f"Gebruikers: {args.stuurgroep} stuurgroep, {args.financien} financiën, {args.projectleiders} "
            f"projectleiders; {args.duur} s; denktijd {args.denktijd} s; gunicorn {args.workers} workers"
        )
        basis_p95 = p95(basis_duren)
        print(
            f"\nDashboard alleen ({args.alleen} na elkaar): mediaan {statistics.median(basis_duren) * 1000:.0f} ms, "
            f"p95 {basis_p95 * 1000:.0f} ms"
        )
        print("\n| soort | verzoeken | per seconde | mediaan | p95 | 5xx | verbindingsfouten |")
        print("| --- | --- | --- | --- | --- | --- | --- |")
        rijen = samenvatting(resultaten.metingen, duur)
        for soort, n, rps, mediaan, p, vijf, verb in rijen:
            print(f"| {soort} | {n} | {rps:.1f} | {mediaan:.0f} ms | {p:.0f} ms | {vijf} | {verb} |")
        totaal = len([m for m in resultaten.metingen if m.soort != "export-onvolledig"])
        print(f"| alles | {totaal} | {totaal / duur:.1f} | | | | |")
        opslagen = [m for m in resultaten.metingen if m.soort == "jaarplan opslaan"]
        for uitkomst in ("aanvaard", "conflict", "geweigerd"):
            print(f"opslaan {uitkomst}: {sum(1 for m in opslagen if m.uitkomst == uitkomst)}")
        dashboard_p95 = next((r[4] for r in rijen if r[0] == "dashboard"), float("nan")) / 1000
        fouten = sum(r[5] + r[6] for r in rijen)
        geweigerd = sum(1 for m in opslagen if m.uitkomst == "geweigerd")
        print()
        doelen = {
            "geen fouten (5xx, verbindingsfouten)": fouten == 0,
            "geen opslag om een andere reden geweigerd": geweigerd == 0,
            f"dashboard p95 onder belasting ≤ 3× alleen ({dashboard_p95 / basis_p95:.1f}×)": dashboard_p95
            <= 3 * basis_p95,
            **controles,
        }
        for tekst, gehaald in doelen.items():
            print(f"{'✔' if gehaald else '✘'} {tekst}")
        return 0 if all(doelen.values()) else 1
    finally:
        if serve is not None and serve.poll() is None:
            os.killpg(serve.pid, signal.SIGTERM)  # our own `make serve` and the gunicorn it started
            serve.wait(timeout=60)
        if not args.bewaar:
            if "django.db" in sys.modules:
                from django.db import connections

                connections.close_all()
            run("dropdb", *pg_args, "--if-exists", args.db, env=env)


if __name__ == "__main__":
    sys.exit(main())
