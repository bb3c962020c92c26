"""deploy/nginx/ running: every server block hides nginx's name and version, and what nginx answers
itself (the 301 to https, a static file, the /media/ 404, a 413 for a body too large, a 502 while
the app is down) carries the same security headers as the application's pages, each header once.

The probe found `Server: nginx/1.22.1` on the port-80 block and no HSTS or CSP on nginx's own
responses. Runs Debian's nginx with the headers-more module (make nginx); skipped without it."""

import http.client
import http.server
import re
import shutil
import socket
import ssl
import subprocess
import threading
import time
from pathlib import Path

import pytest
from django.urls import reverse

ROOT = Path(__file__).resolve().parent.parent
NGINX = ROOT / "deploy" / "nginx"
HEADERS_MORE = "/usr/lib/nginx/modules/ngx_http_headers_more_filter_module.so"
PROGRAMMA = shutil.which("nginx") or "/usr/sbin/nginx"

pytestmark = pytest.mark.skipif(
    not (Path(HEADERS_MORE).exists() and Path(PROGRAMMA).exists()),
    reason="nginx met de headers-more-module ontbreekt (make nginx)",
)

VEILIGHEID = [
    "Strict-Transport-Security",
    "Content-Security-Policy",
    "X-Content-Type-Options",
    "X-Frame-Options",
    "Referrer-Policy",
    "Cross-Origin-Opener-Policy",
    "Permissions-Policy",
]


def nginx_waarden() -> dict[str, str]:
    tekst = (NGINX / "leerwerkloket-kopregels.conf").read_text(encoding="utf-8")
    return dict(re.findall(r'^add_header (\S+) "([^"]*)" always;$', tekst, re.MULTILINE))


def vrije_poort() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class App(http.server.BaseHTTPRequestHandler):
    """Stands in for gunicorn: answers with its own copies of the headers, as Django does."""

    def do_GET(self):
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("X-Frame-Options", "DENY")
        self.send_header("Content-Security-Policy", "default-src 'self'")
        self.end_headers()
        self.wfile.write(b"<h1>app</h1>")

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def nginx(tmp_path_factory):
    map_ = tmp_path_factory.mktemp("nginx")
    (map_ / "snippets").mkdir()
    for naam in ("leerwerkloket-proxy.conf", "leerwerkloket-kopregels.conf"):
        shutil.copy(NGINX / naam, map_ / "snippets")
    statisch = map_ / "staticfiles"
    (statisch / "css").mkdir(parents=True)
    (statisch / "css" / "app.css").write_text("body{}", encoding="utf-8")
    proxy = (map_ / "snippets" / "leerwerkloket-proxy.conf").read_text(encoding="utf-8")
    (map_ / "snippets" / "leerwerkloket-proxy.conf").write_text(
        proxy.replace("/srv/leerwerkloket/staticfiles/", f"{statisch}/"), encoding="utf-8"
    )
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=leerwerkloket.example"]
        + ["-keyout", str(map_ / "key.pem"), "-out", str(map_ / "cert.pem")],
        check=True,
        capture_output=True,
    )
    http_poort, https_poort, app_poort, dood_poort = vrije_poort(), vrije_poort(), vrije_poort(), vrije_poort()
    server = (NGINX / "leerwerkloket.conf").read_text(encoding="utf-8")
    server = (
        server.replace("/etc/letsencrypt/live/leerwerkloket.example/fullchain.pem", str(map_ / "cert.pem"))
        .replace("/etc/letsencrypt/live/leerwerkloket.example/privkey.pem", str(map_ / "key.pem"))
        .replace("/var/log/nginx/", f"{map_}/")
        .replace("listen 80;", f"listen 127.0.0.1:{http_poort};")
        .replace("listen 443 ssl http2;", f"listen 127.0.0.1:{https_poort} ssl;")
        .replace("server 127.0.0.1:8000;", f"server 127.0.0.1:{app_poort};")
    )
    server = re.sub(r"^\s*listen \[::\].*$", "", server, flags=re.MULTILINE)
    tijdelijk = "\n".join(f"{s}_temp_path {map_ / s};" for s in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    (map_ / "nginx.conf").write_text(
        f"load_module {HEADERS_MORE};\npid {map_}/nginx.pid;\nevents {{}}\nhttp {{\n{tijdelijk}\n{server}\n"
        # A second https server whose app is down: nginx's own 502.
        f"upstream dood_app {{ server 127.0.0.1:{dood_poort}; }}\n"
        f"server {{ listen 127.0.0.1:{(dood_https := vrije_poort())} ssl; ssl_certificate {map_}/cert.pem; "
        f"ssl_certificate_key {map_}/key.pem; include snippets/leerwerkloket-kopregels.conf; "
        f"location / {{ proxy_pass http://dood_app; }} }}\n}}\n",
        encoding="utf-8",
    )
    app = http.server.ThreadingHTTPServer(("127.0.0.1", app_poort), App)
    threading.Thread(target=app.serve_forever, daemon=True).start()
    proces = subprocess.Popen(
        [PROGRAMMA, "-p", str(map_), "-e", str(map_ / "error.log"), "-c", str(map_ / "nginx.conf")]
        + ["-g", "daemon off; master_process off;"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    for _ in range(100):
        try:
            with socket.create_connection(("127.0.0.1", https_poort), timeout=0.2):
                break
        except OSError:
            if proces.poll() is not None:
                pytest.fail(f"nginx start niet: {proces.stderr.read().decode()}")
            time.sleep(0.1)
    yield {"http": http_poort, "https": https_poort, "dood": dood_https}
    proces.terminate()
    proces.wait(10)
    app.shutdown()


def vraag(poort: int, methode: str, pad: str, *, tls=True, kopregels=None, body=None) -> http.client.HTTPResponse:
    if tls:
        context = ssl.create_default_context()
        context.check_hostname, context.verify_mode = False, ssl.CERT_NONE
        verbinding = http.client.HTTPSConnection("127.0.0.1", poort, context=context, timeout=10)
    else:
        verbinding = http.client.HTTPConnection("127.0.0.1", poort, timeout=10)
    verbinding.request(methode, pad, body=body, headers={"Host": "leerwerkloket.example", **(kopregels or {})})
    antwoord = verbinding.getresponse()
    antwoord.read()
    return antwoord


@pytest.mark.parametrize(
    ("wat", "verzoek", "status"),
    [
        ("de omleiding naar https (poort 80)", {"poort": "http", "methode": "GET", "pad": "/", "tls": False}, 301),
        ("een statisch bestand", {"poort": "https", "methode": "GET", "pad": "/static/css/app.css"}, 200),
        ("een document onder /media/", {"poort": "https", "methode": "GET", "pad": "/media/afspraken/x.pdf"}, 404),
        (
            "een te grote upload",
            {
                "poort": "https",
                "methode": "POST",
                "pad": "/import/realisatie/",
                "kopregels": {"Content-Length": str(30 * 1024 * 1024)},
                "body": b"",
            },
            413,
        ),
        ("de app die niet draait", {"poort": "dood", "methode": "GET", "pad": "/"}, 502),
        ("een pagina van de app", {"poort": "https", "methode": "GET", "pad": "/inloggen/"}, 200),
    ],
)
def test_every_response_hides_nginx_and_carries_the_security_headers_once(nginx, wat, verzoek, status):
    poort = nginx[verzoek.pop("poort")]
    try:
        antwoord = vraag(poort, **verzoek)
    except (ConnectionResetError, http.client.RemoteDisconnected):  # a 413 may close before reading
        pytest.fail(f"{wat}: geen antwoord")

    assert antwoord.status == status, wat
    assert antwoord.getheader("Server") is None, wat
    waarden = nginx_waarden()
    for naam in VEILIGHEID:
        assert antwoord.msg.get_all(naam) == [waarden[naam]], f"{wat}: {naam}"


def test_nginx_sends_the_values_the_application_sends(client, db, settings):
    """nginx is the one source of these headers behind it (it hides the app's copies), so its
    values must be the app's: the CSP of django-csp, kern's Permissions-Policy, Django's others,
    and the HSTS of the production settings."""
    pagina = client.get(reverse("login"))
    waarden = nginx_waarden()

    def delen(beleid: str) -> set[str]:
        return {deel.strip() for deel in beleid.split(";") if deel.strip()}

    assert delen(waarden["Content-Security-Policy"]) == delen(pagina["Content-Security-Policy"])
    for naam in ("Permissions-Policy", "X-Frame-Options", "Referrer-Policy", "Cross-Origin-Opener-Policy"):
        assert waarden[naam] == pagina[naam], naam
    assert waarden["X-Content-Type-Options"] == pagina["X-Content-Type-Options"] == "nosniff"
    assert waarden["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    productie = (ROOT / "config" / "settings" / "production.py").read_text(encoding="utf-8")
    assert '"SECURE_HSTS_SECONDS", "31536000"' in productie and "SECURE_HSTS_INCLUDE_SUBDOMAINS = True" in productie
