"""Shared by the benchmark scripts: Django against a benchmark database with the synthetic data.

By default a SQLite file benchmarks/.bench.sqlite3; set DATABASE_URL for PostgreSQL. The data is
made once (synth_data --regios 35 --jaren 10) and kept between runs."""

import os
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{ROOT / 'benchmarks' / '.bench.sqlite3'}")


def django_met_data(regios: int = 35, jaren: int = 10):
    import django

    django.setup()
    from django.core.management import call_command

    from partners.models import Leerwerkloket

    call_command("migrate", verbosity=0)
    if not Leerwerkloket.objects.exists():
        print(f"synthetische gegevens maken ({regios} regio's, {jaren} jaar)...", flush=True)
        call_command("synth_data", regios=regios, jaren=jaren)


def tijd(n: int, functie) -> float:
    """The fastest of n runs, in seconds (without tracemalloc, which slows Python down a lot)."""
    beste = None
    for _ in range(n):
        begin = time.perf_counter()
        functie()
        duur = time.perf_counter() - begin
        beste = duur if beste is None else min(beste, duur)
    return beste


def piekgeheugen(functie) -> float:
    """Peak Python memory allocated during one run, in MB (tracemalloc; a separate run from the timing)."""
    tracemalloc.start()
    functie()
    _, piek = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return piek / 1024 / 1024
