"""Production reads its secrets from the environment and refuses to start without them."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PROBE = "import django; django.setup(); from django.conf import settings; print(repr(settings.DEMO_PASSWORD))"


def _start_production(**env):
    schoon = {
        k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "DEMO_PASSWORD"}
    }
    schoon.update(DJANGO_SETTINGS_MODULE="config.settings.production", **env)
    return subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, env=schoon, capture_output=True, text=True)


@pytest.mark.parametrize("ontbreekt", ["SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL"])
def test_production_refuses_to_start_without(ontbreekt):
    env = {"SECRET_KEY": "x" * 50, "ALLOWED_HOSTS": "lwl.example.nl", "DATABASE_URL": "postgres://u@db/lwl"}
    del env[ontbreekt]
    resultaat = _start_production(**env)
    assert resultaat.returncode != 0
    assert f"{ontbreekt} ontbreekt" in resultaat.stderr


def test_production_never_hands_out_the_documented_demo_password():
    env = {"SECRET_KEY": "x" * 50, "ALLOWED_HOSTS": "lwl.example.nl", "DATABASE_URL": "postgres://u@db/lwl"}
    assert _start_production(**env).stdout.strip() == "None"
    assert _start_production(**env, DEMO_PASSWORD="een-eigen-wachtwoord").stdout.strip() == "'een-eigen-wachtwoord'"
