"""Hardening: sign-in throttling with a Dutch lock-out page, the Content Security Policy on every
response, expiring sessions, and a production configuration that passes `check --deploy`."""

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from axes.models import AccessAttempt, AccessLog
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.test import override_settings
from django.urls import reverse

from tests.factories import AfspraakFactory, GebruikerFactory

ROOT = Path(__file__).resolve().parent.parent
MET_AXES = override_settings(
    AXES_ENABLED=True,
    AUTHENTICATION_BACKENDS=["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"],
)


def inloggen(client, wachtwoord):
    return client.post(reverse("login"), {"username": "fenna", "password": wachtwoord})


@MET_AXES
def test_five_wrong_passwords_lock_the_user_out_with_a_dutch_page(client, financien, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        antwoord = inloggen(client, "fout")
        assert antwoord.status_code == 200
        assert "Voer een juiste gebruikersnaam en wachtwoord in" in antwoord.content.decode()

    geblokkeerd = inloggen(client, "fout")

    assert geblokkeerd.status_code == 429
    assert "Inloggen tijdelijk geblokkeerd" in geblokkeerd.content.decode()
    # Even the right password waits now.
    assert inloggen(client, "wachtwoord-voor-tests").status_code == 429
    assert "_auth_user_id" not in client.session
    # The attempt made while locked out is counted as well.
    assert AccessAttempt.objects.get(username="fenna").failures_since_start == settings.AXES_FAILURE_LIMIT + 1


@MET_AXES
def test_one_password_sprayed_over_many_user_names_locks_the_address_out(client, twente, settings):
    namen = [f"collega{n}" for n in range(settings.AXES_FAILURE_LIMIT + 2)]
    for naam in namen:
        GebruikerFactory(username=naam, leerwerkloket=twente)

    antwoorden = [
        client.post(reverse("login"), {"username": naam, "password": "Zomer2026!"}, REMOTE_ADDR="198.51.100.7")
        for naam in namen[: settings.AXES_FAILURE_LIMIT]
    ]

    # Each name was tried once, yet the address is locked out after the limit...
    assert [a.status_code for a in antwoorden[:-1]] == [200] * (settings.AXES_FAILURE_LIMIT - 1)
    assert antwoorden[-1].status_code == 429
    assert "Inloggen tijdelijk geblokkeerd" in antwoorden[-1].content.decode()
    # ... for a name not tried before, even with its right password.
    volgende = {"username": namen[-1], "password": "wachtwoord-voor-tests"}
    assert client.post(reverse("login"), volgende, REMOTE_ADDR="198.51.100.7").status_code == 429
    # Another address still signs in.
    assert client.post(reverse("login"), volgende, REMOTE_ADDR="203.0.113.9").status_code == 302


@MET_AXES
def test_wrong_passwords_on_one_account_from_twenty_addresses_lock_the_account(client, twente, settings):
    """The probe: 80 wrong passwords on stuurgroep from 20 addresses, four each (under the limit per
    address), and then the right one was accepted."""
    GebruikerFactory(username="stuurgroep", leerwerkloket=twente)
    adressen = [f"198.51.100.{n}" for n in range(1, 21)]
    for adres in adressen:
        for _ in range(4):
            client.post(reverse("login"), {"username": "stuurgroep", "password": "Zomer2026!"}, REMOTE_ADDR=adres)

    juist = {"username": "stuurgroep", "password": "wachtwoord-voor-tests"}
    geblokkeerd = client.post(reverse("login"), juist, REMOTE_ADDR="203.0.113.50")

    assert geblokkeerd.status_code == 429
    assert "Inloggen tijdelijk geblokkeerd" in geblokkeerd.content.decode()
    assert "De beheerder van uw Leerwerkloket kan de blokkade eerder opheffen" in geblokkeerd.content.decode()
    assert "_auth_user_id" not in client.session
    # Another account is not touched from a fresh address.
    GebruikerFactory(username="collega", leerwerkloket=twente)
    anders = {"username": "collega", "password": "wachtwoord-voor-tests"}
    assert client.post(reverse("login"), anders, REMOTE_ADDR="203.0.113.51").status_code == 302


@MET_AXES
def test_the_beheerder_of_the_region_lifts_an_accounts_lock_out(client, financien, achterhoek, settings):
    for n in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "fenna", "password": "fout"}, REMOTE_ADDR=f"198.51.100.{n + 1}")
    assert inloggen(client, "wachtwoord-voor-tests").status_code == 429
    andere_regio = GebruikerFactory(username="anton", leerwerkloket=achterhoek, is_staff=True, rollen=["beheerder"])
    beheerder = GebruikerFactory(
        username="bea", leerwerkloket=financien.leerwerkloket, is_staff=True, rollen=["beheerder"]
    )
    actie = {"action": "blokkade_opheffen", "_selected_action": [financien.pk]}

    client.force_login(andere_regio)
    client.post(reverse("admin:partners_gebruiker_changelist"), actie)
    assert AccessAttempt.objects.filter(username="fenna").exists()
    client.force_login(beheerder)
    antwoord = client.post(reverse("admin:partners_gebruiker_changelist"), actie, follow=True)

    assert "Blokkade opgeheven voor 1 gebruiker(s)" in antwoord.content.decode()
    client.logout()
    assert inloggen(client, "wachtwoord-voor-tests").status_code == 302


def test_a_password_needs_twelve_characters_and_is_refused_in_dutch(db):
    with pytest.raises(ValidationError) as fout:
        validate_password("tulpenbol-7")  # eleven characters
    assert fout.value.messages == ["Dit wachtwoord is te kort. De minimale lengte is 12 tekens."]
    validate_password("tulpenbollen-7")


@pytest.mark.parametrize("wachtwoord", ["wachtwoord123", "Wachtwoord123", "welkom123456", "password1234"])
def test_a_leaked_password_is_refused_in_dutch_without_asking_anyone(db, wachtwoord, monkeypatch):
    # No outside service: a socket opened during the check fails the test.
    monkeypatch.setattr(socket, "create_connection", lambda *a, **k: pytest.fail("verbinding naar buiten"))
    with pytest.raises(ValidationError) as fout:
        validate_password(wachtwoord)
    assert "Dit wachtwoord komt voor in lijsten van gelekte wachtwoorden" in " ".join(fout.value.messages)
    validate_password("twentse-zomeravond-2026")


def test_a_new_password_through_the_mailed_link_is_checked_against_the_leaked_ones(client, projectleider):
    from partners.wachtwoord import wachtwoordpad

    formulier = client.get(wachtwoordpad(projectleider), follow=True)
    fout = client.post(
        formulier.redirect_chain[-1][0], {"new_password1": "wachtwoord123", "new_password2": "wachtwoord123"}
    )

    assert "Dit wachtwoord komt voor in lijsten van gelekte wachtwoorden" in fout.content.decode()


def test_the_admin_refuses_a_short_or_common_password_in_dutch(client, db):
    beheer = GebruikerFactory(username="root", leerwerkloket=None, is_staff=True, is_superuser=True)
    client.force_login(beheer)

    nieuw = client.post(
        reverse("admin:partners_gebruiker_add"),
        {"username": "nieuw", "usable_password": "true", "password1": "tulpenbol-7", "password2": "tulpenbol-7"},
    )
    wijzigen = client.post(
        reverse("admin:auth_user_password_change", args=[beheer.pk]),
        {"usable_password": "true", "password1": "password1234", "password2": "password1234"},
    )

    assert "Dit wachtwoord is te kort. De minimale lengte is 12 tekens." in nieuw.content.decode()
    assert "Fout: gebruiker toevoegen" in nieuw.content.decode()
    assert "After you" not in nieuw.content.decode()
    assert "Dit wachtwoord is te algemeen." in wijzigen.content.decode()


@MET_AXES
def test_a_good_sign_in_is_logged_and_clears_earlier_failures(client, financien):
    inloggen(client, "fout")

    antwoord = inloggen(client, "wachtwoord-voor-tests")

    assert antwoord.status_code == 302
    assert AccessLog.objects.filter(username="fenna").count() == 1
    assert not AccessAttempt.objects.filter(username="fenna").exists()


def test_every_page_carries_the_content_security_policy(client, financien):
    client.force_login(financien)

    beleid = client.get(reverse("home"))["Content-Security-Policy"]

    assert "default-src 'self'" in beleid
    assert "script-src 'self'" in beleid
    assert "'unsafe-inline'" not in beleid
    assert "frame-ancestors 'none'" in beleid


def test_sessions_expire(settings):
    assert settings.SESSION_COOKIE_AGE == 8 * 60 * 60
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE


@pytest.mark.parametrize("preload", ["0", "1"])
def test_the_production_settings_pass_check_deploy(tmp_path, preload):
    omgeving = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DJANGO_SETTINGS_MODULE", "DEMO_PASSWORD", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    omgeving.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY="een-lang-geheim-" + "x" * 60,
        TWEESTAPS_SLEUTEL="cHJvZHVjdGllLXNsZXV0ZWwtdm9vci1kZS10ZXN0ISE=",
        ALLOWED_HOSTS="leerwerkloket.example",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        MEDIA_ROOT=str(tmp_path / "media"),
        SECURE_HSTS_PRELOAD=preload,
    )

    uitkomst = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=omgeving,
        capture_output=True,
        text=True,
    )

    assert uitkomst.returncode == 0, uitkomst.stdout + uitkomst.stderr
    assert "System check identified no issues" in uitkomst.stdout


# -- headers ----------------------------------------------------------------------------------------
def test_what_a_signed_in_user_gets_is_never_stored_by_a_cache(client, financien, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    afspraak = AfspraakFactory(leerwerkloket=financien.leerwerkloket)
    afspraak.document.save("getekend.pdf", ContentFile(b"%PDF-1.7\n%getekend"), save=True)
    client.force_login(financien)

    for adres in [
        reverse("home"),
        reverse("facturen:lijst"),
        reverse("afspraken:document", args=[afspraak.pk]),
        reverse("exports:lijst", args=["partners", "csv"]),
    ]:
        antwoord = client.get(adres)
        assert antwoord.status_code == 200, adres
        assert "no-store" in antwoord["Cache-Control"], adres


def test_every_response_says_which_browser_features_the_app_does_not_use(client, db):
    antwoord = client.get(reverse("login"))

    assert "camera=()" in antwoord["Permissions-Policy"]
    assert "geolocation=()" in antwoord["Permissions-Policy"]


def test_gunicorn_sends_no_server_header(tmp_path):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        poort = s.getsockname()[1]
    omgeving = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"}
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "config.wsgi", "--config", "config/gunicorn.conf.py"]
        + ["--bind", f"127.0.0.1:{poort}", "--workers", "1"],
        cwd=ROOT,
        env=omgeving,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            try:
                antwoord = urllib.request.urlopen(f"http://127.0.0.1:{poort}/inloggen/", timeout=5)
                break
            except OSError:
                time.sleep(0.2)
        else:
            pytest.fail("gunicorn did not start")
        assert antwoord.status == 200
        assert antwoord.headers.get("Server") is None
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.mark.parametrize(
    "proxies, doorgestuurd, verwacht",
    [
        (0, "203.0.113.9", "127.0.0.1"),  # no proxy: the header is the visitor's own words
        (1, "203.0.113.9", "203.0.113.9"),  # behind nginx: what nginx appended
        (1, "6.6.6.6, 203.0.113.9", "203.0.113.9"),  # a forged entry on the left is not read
        (1, "", "127.0.0.1"),
    ],
)
def test_the_address_counted_is_the_one_the_proxy_saw(rf, settings, proxies, doorgestuurd, verwacht):
    from axes.helpers import get_client_ip_address

    settings.AXES_IPWARE_PROXY_COUNT = proxies
    verzoek = rf.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=doorgestuurd)

    assert get_client_ip_address(verzoek) == verwacht


# -- the proxy in front -----------------------------------------------------------------------------
NGINX = ROOT / "deploy" / "nginx"
HEADERS_MORE = "/usr/lib/nginx/modules/ngx_http_headers_more_filter_module.so"  # clears the Server header


def test_nginx_takes_every_upload_the_app_takes_and_no_more(settings):
    conf = (NGINX / "leerwerkloket-proxy.conf").read_text(encoding="utf-8")
    grens = int(re.search(r"^client_max_body_size (\d+)m;", conf, re.MULTILINE).group(1)) * 1024 * 1024

    # The app's own Dutch refusal covers everything up to its limit; nginx's 413 starts just above.
    assert settings.IMPORT_MAX_BYTES < grens <= settings.IMPORT_MAX_BYTES + 1024 * 1024
    assert grens > settings.DOCUMENT_MAX_BYTES
    for regel in ("proxy_request_buffering on;", "proxy_buffering on;", "X-Forwarded-Proto $scheme;"):
        assert regel in conf


@pytest.mark.skipif(not Path(HEADERS_MORE).exists(), reason="nginx met de headers-more-module ontbreekt (make nginx)")
def test_the_nginx_configuration_is_valid(tmp_path):
    (tmp_path / "snippets").mkdir()
    shutil.copy(NGINX / "leerwerkloket-proxy.conf", tmp_path / "snippets")
    shutil.copy(NGINX / "leerwerkloket-kopregels.conf", tmp_path / "snippets")
    server = (NGINX / "leerwerkloket.conf").read_text(encoding="utf-8")
    # The certificate of the example host: a self-signed one made here.
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=leerwerkloket.example"]
        + ["-keyout", str(tmp_path / "key.pem"), "-out", str(tmp_path / "cert.pem")],
        check=True,
        capture_output=True,
    )
    server = server.replace("/etc/letsencrypt/live/leerwerkloket.example/fullchain.pem", str(tmp_path / "cert.pem"))
    server = server.replace("/etc/letsencrypt/live/leerwerkloket.example/privkey.pem", str(tmp_path / "key.pem"))
    server = server.replace("/var/log/nginx/", f"{tmp_path}/")
    (tmp_path / "nginx.conf").write_text(
        f"load_module {HEADERS_MORE};\npid {tmp_path}/nginx.pid;\nevents {{}}\nhttp {{\n{server}\n}}\n",
        encoding="utf-8",
    )
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"

    uitkomst = subprocess.run(
        [nginx, "-t", "-p", str(tmp_path), "-e", str(tmp_path / "error.log"), "-c", str(tmp_path / "nginx.conf")],
        capture_output=True,
        text=True,
    )

    assert uitkomst.returncode == 0, uitkomst.stderr
    assert "syntax is ok" in uitkomst.stderr
