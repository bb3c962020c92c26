"""Production reads its secrets from the environment and refuses to start without them."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PROBE = "import django; django.setup(); from django.conf import settings; print(repr(settings.{}))"
OMGEVING = {
    "SECRET_KEY": "x" * 50,
    "ALLOWED_HOSTS": "lwl.example.nl",
    "DATABASE_URL": "postgres://u@db/lwl",
    "MEDIA_ROOT": "/srv/leerwerkloket/documenten",
    "TWEESTAPS_SLEUTEL": "cHJvZHVjdGllLXNsZXV0ZWwtdm9vci1kZS10ZXN0ISE=",
}


def _start_production(instelling="DEMO_PASSWORD", **env):
    schoon = {
        k: v
        for k, v in os.environ.items()
        if k not in {*OMGEVING, "DEMO_PASSWORD", "TWEESTAPS_VERPLICHT", "TWEESTAPS_ROLLEN"}
    }
    schoon.update(DJANGO_SETTINGS_MODULE="config.settings.production", **env)
    probe = PROBE.format(instelling)
    return subprocess.run([sys.executable, "-c", probe], cwd=ROOT, env=schoon, capture_output=True, text=True)


@pytest.mark.parametrize(
    "ontbreekt", ["SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "MEDIA_ROOT", "TWEESTAPS_SLEUTEL"]
)
def test_production_refuses_to_start_without(ontbreekt):
    env = dict(OMGEVING)
    del env[ontbreekt]
    resultaat = _start_production(**env)
    assert resultaat.returncode != 0
    assert f"{ontbreekt} ontbreekt" in resultaat.stderr


def test_production_keeps_documents_where_media_root_says():
    assert _start_production("MEDIA_ROOT", **OMGEVING).stdout.strip() == "PosixPath('/srv/leerwerkloket/documenten')"


def test_production_requires_two_factor_sign_in_unless_told_otherwise():
    assert _start_production("TWEESTAPS_VERPLICHT", **OMGEVING).stdout.strip() == "True"
    assert _start_production("TWEESTAPS_VERPLICHT", **OMGEVING, TWEESTAPS_VERPLICHT="0").stdout.strip() == "False"


def test_production_never_hands_out_the_documented_demo_password():
    env = OMGEVING
    assert _start_production(**env).stdout.strip() == "None"
    assert _start_production(**env, DEMO_PASSWORD="een-eigen-wachtwoord").stdout.strip() == "'een-eigen-wachtwoord'"


def test_production_refuses_a_key_for_the_second_factor_that_is_no_fernet_key():
    resultaat = _start_production(**{**OMGEVING, "TWEESTAPS_SLEUTEL": "geheim"})
    assert resultaat.returncode != 0
    assert "TWEESTAPS_SLEUTEL is geen Fernet-sleutel" in resultaat.stderr


def test_production_requires_a_second_factor_of_every_role_the_national_role_first():
    rollen = _start_production("TWEESTAPS_ROLLEN", **OMGEVING).stdout.strip()
    assert rollen == "['landelijk', 'beheerder', 'projectleider', 'financien', 'stuurgroep']"


def test_every_model_loaded_has_migrations():
    """A test that imports a model of an app without migrations (django-otp's plugin TOTPDevice,
    which then counts as django_otp's) makes Django create its table before the migrations, with a
    foreign key to a table that does not exist yet: fine on SQLite, every test an error on
    PostgreSQL. The whole suite has imported every test module when this runs."""
    from django.apps import apps
    from django.db.migrations.loader import MigrationLoader

    zonder = MigrationLoader(None, ignore_no_migrations=True).unmigrated_apps
    modellen = {f"{m._meta.app_label}.{m.__name__}" for m in apps.get_models() if m._meta.app_label in zonder}
    assert not modellen
