"""Slow clients: how long a normal request waits while four slow connections are open, against
gunicorn alone (as `make serve` runs it: three sync workers) and with nginx in front, configured
by the very snippet production uses (deploy/nginx/leerwerkloket-proxy.conf). Both in one run.

    .venv/bin/python benchmarks/traag.py [--rondes 3] [--traag 4]      (or: make traag)

A slow client is what a bad mobile connection or a slowloris attack looks like: it sends its
request headers one line per second and never finishes them. Each one reconnects when the server
drops it, so four stay open all the time. (A slowly sent form body does not hold a worker here:
Django refuses a sign-in POST without its CSRF cookie before reading the body; nginx would buffer
it whole anyway, proxy_request_buffering.)

The normal request is the sign-in page (GET /inloggen/: the whole middleware stack, a template,
the session and CSRF cookies), timed first on a quiet server and then `--rondes` times with the
slow clients connected.

The app runs with the production settings on a scratch SQLite database, with
SECURE_SSL_REDIRECT=0 because nothing here speaks TLS (nginx terminates it in production; the
redirect would only answer every request with a 301). nginx runs from a scratch prefix as the
current user, on loopback; Debian's nginx must be installed (make traag installs it when missing).
"""

import argparse
import base64
import os
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SNIPPET = ROOT / "deploy" / "nginx" / "leerwerkloket-proxy.conf"
KOPREGELS = ROOT / "deploy" / "nginx" / "leerwerkloket-kopregels.conf"
# The module that lets the snippet clear the Server header (Debian's libnginx-mod-http-headers-more-filter).
HEADERS_MORE = "/usr/lib/nginx/modules/ngx_http_headers_more_filter_module.so"
WACHTTIJD = 90  # seconds a normal request may take before it counts as not answered


def vrije_poort() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wacht_op(poort: int, proces: subprocess.Popen, naam: str) -> None:
    for _ in range(200):
        if proces.poll() is not None:
            sys.exit(f"{naam} stopte meteen (code {proces.returncode})")
        try:
            with socket.create_connection(("127.0.0.1", poort), timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    sys.exit(f"{naam} kwam niet op")


def nginx_programma() -> str:
    gevonden = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    if gevonden is None:
        sys.exit("nginx ontbreekt: make traag installeert het (Debian: apt-get install nginx).")
    return gevonden


def nginx_config(map_: Path, poort: int, app_poort: int) -> Path:
    """A whole nginx.conf around the production snippet: its server block on loopback, the
    upstream on gunicorn's port, the static files from this checkout, the scratch prefix."""
    snippet = (
        SNIPPET.read_text(encoding="utf-8")
        .replace("/srv/leerwerkloket/staticfiles/", f"{ROOT / 'staticfiles'}/")
        .replace("include snippets/leerwerkloket-kopregels.conf;", KOPREGELS.read_text(encoding="utf-8"))
    )
    gebruiker = "user root;\n" if os.geteuid() == 0 else ""
    tijdelijk = "\n".join(
        f"    {soort}_temp_path {map_ / soort};" for soort in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    conf = map_ / "nginx.conf"
    conf.write_text(
        f"""load_module {HEADERS_MORE};
{gebruiker}worker_processes 1;
daemon off;
pid {map_ / "nginx.pid"};
error_log {map_ / "error.log"} warn;
events {{ worker_connections 512; }}
http {{
    include /etc/nginx/mime.types;
    access_log off;
{tijdelijk}
    upstream leerwerkloket_app {{ server 127.0.0.1:{app_poort}; keepalive 8; }}
    server {{
        listen 127.0.0.1:{poort};
{snippet}
    }}
}}
""",
        encoding="utf-8",
    )
    return conf


class TraagClient(threading.Thread):
    """Keeps one slow connection open until stopped, reconnecting when the server drops it."""

    def __init__(self, poort: int, stop: threading.Event):
        super().__init__(daemon=True)
        self.poort, self.stop = poort, stop
        self.verbindingen = 0

    def run(self):
        while not self.stop.is_set():
            try:
                with socket.create_connection(("127.0.0.1", self.poort), timeout=5) as s:
                    self.verbindingen += 1
                    s.sendall(b"GET /inloggen/ HTTP/1.1\r\nHost: 127.0.0.1\r\n")
                    while not self.stop.wait(1):
                        s.sendall(b"X-Traag: a\r\n")
            except OSError:
                self.stop.wait(0.05)  # dropped: come back at once, as an attacker would


def gewone_aanvraag(poort: int) -> float:
    begin = time.perf_counter()
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{poort}/inloggen/", timeout=WACHTTIJD) as antwoord:
            antwoord.read()
            assert antwoord.status == 200, antwoord.status
    except OSError:
        return float("inf")
    return time.perf_counter() - begin


def meet(naam: str, poort: int, rondes: int, traag: int) -> dict:
    # Quiet: enough requests that every worker has answered once (the first one loads templates).
    stil = statistics.median(gewone_aanvraag(poort) for _ in range(10))
    stop = threading.Event()
    clients = [TraagClient(poort, stop) for _ in range(traag)]
    for c in clients:
        c.start()
    time.sleep(2)  # every slow client connected and, without nginx, holding a worker
    tijden = []
    for ronde in range(rondes):
        duur = gewone_aanvraag(poort)
        tijden.append(duur)
        print(f"  {naam}, ronde {ronde + 1}: {duur:.3f} s", flush=True)
        time.sleep(1)
    stop.set()
    for c in clients:
        c.join(timeout=10)
    return {
        "naam": naam,
        "stil": stil,
        "mediaan": statistics.median(tijden),
        "max": max(tijden),
        "verbindingen": sum(c.verbindingen for c in clients),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rondes", type=int, default=3)
    parser.add_argument("--traag", type=int, default=4, help="aantal trage verbindingen (standaard 4)")
    parser.add_argument("--workers", type=int, default=3)
    args = parser.parse_args()
    nginx = nginx_programma()

    with tempfile.TemporaryDirectory(prefix="lwl-traag-") as tmp:
        map_ = Path(tmp)
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "TWEESTAPS_SLEUTEL": base64.urlsafe_b64encode(secrets.token_bytes(32)).decode(),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DATABASE_URL": f"sqlite:///{map_ / 'db.sqlite3'}",
            "MEDIA_ROOT": str(map_ / "media"),
            "SECURE_SSL_REDIRECT": "0",
            "AXES_PROXY_COUNT": "0",
        }
        python = sys.executable
        subprocess.run([python, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True)
        subprocess.run([python, "manage.py", "collectstatic", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True)

        app_poort, nginx_poort = vrije_poort(), vrije_poort()
        gunicorn = subprocess.Popen(
            [python, "-m", "gunicorn", "config.wsgi", "--config", "config/gunicorn.conf.py"]
            + ["--bind", f"127.0.0.1:{app_poort}", "--workers", str(args.workers)],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=open(map_ / "gunicorn.log", "w"),  # noqa: SIM115 (closed with the directory)
        )
        conf = nginx_config(map_, nginx_poort, app_poort)
        proxy = subprocess.Popen([nginx, "-p", str(map_), "-c", str(conf)], stderr=subprocess.DEVNULL)
        try:
            wacht_op(app_poort, gunicorn, "gunicorn")
            wacht_op(nginx_poort, proxy, "nginx")
            print(f"gunicorn ({args.workers} sync workers) op :{app_poort}, nginx ervoor op :{nginx_poort}")
            with urllib.request.urlopen(f"http://127.0.0.1:{nginx_poort}/static/css/app.css", timeout=5) as css:
                # nginx answers from staticfiles/ itself; whitenoise would add its own header.
                assert css.status == 200 and "Access-Control-Allow-Origin" not in css.headers
                assert "Server" not in css.headers, css.headers["Server"]
            print("statische bestanden komen van nginx (staticfiles/), niet van gunicorn; geen Server-kopregel")
            uitkomsten = [
                meet("nginx voor gunicorn", nginx_poort, args.rondes, args.traag),
                meet("gunicorn alleen", app_poort, args.rondes, args.traag),
            ]
        finally:
            proxy.terminate()
            gunicorn.terminate()
            proxy.wait(timeout=10)
            gunicorn.wait(timeout=30)

    print()
    kop = f"met {args.traag} trage verbindingen: mediaan"
    print(f"| opstelling | stil (mediaan) | {kop} | max | trage verbindingen gemaakt |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for u in uitkomsten:
        print(f"| {u['naam']} | {u['stil']:.3f} s | {u['mediaan']:.3f} s | {u['max']:.3f} s | {u['verbindingen']} |")


if __name__ == "__main__":
    main()
