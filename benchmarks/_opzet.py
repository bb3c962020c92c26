"""Shared by the benchmark scripts: Django against a benchmark database with the synthetic data.

By default a SQLite file benchmarks/.bench.sqlite3; set DATABASE_URL for PostgreSQL. The data is
made once (synth_data --regios 35 --jaren 10) and kept between runs."""

import os
import statistics
import sys
import time
import tracemalloc
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
os.environ.setdefault("DATABASE_URL", f"sqlite:///{ROOT / 'benchmarks' / '.bench.sqlite3'}")


def django_met_data(regios: int = 35, jaren: int = 10):
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    from partners.models import Leerwerkloket

    # As in production: with DEBUG on, Django also formats and keeps every SQL statement, which
    # would be measured along (about 5 s of an import of 100,000 rows).
    settings.DEBUG = False
    call_command("migrate", verbosity=0)
    if not Leerwerkloket.objects.exists():
        print(f"synthetische gegevens maken ({regios} regio's, {jaren} jaar)...", flush=True)
        call_command("synth_data", regios=regios, jaren=jaren)


@dataclass
class Meting:
    """Per measured function: wall-clock and CPU seconds of each round."""

    klok: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)

    @property
    def mediaan(self) -> float:
        return statistics.median(self.klok)

    @property
    def cpu_mediaan(self) -> float:
        return statistics.median(self.cpu)


def meet(rondes: int, tussendoor=None, **functies) -> dict[str, Meting]:
    """Run the functions in turn, `rondes` times, and time each run (without tracemalloc, which
    slows Python down a lot). Interleaved, so a busy neighbour on a shared machine slows the
    baseline and the measured code alike; the median of the rounds is what counts. CPU time
    (this process only) is kept beside the clock, as the measure least disturbed by others.
    `tussendoor`, when given, runs untimed before each run (tidying up after the one before)."""
    metingen = {naam: Meting() for naam in functies}
    for _ in range(rondes):
        for naam, functie in functies.items():
            if tussendoor:
                tussendoor()
            klok, cpu = time.perf_counter(), time.process_time()
            functie()
            metingen[naam].klok.append(time.perf_counter() - klok)
            metingen[naam].cpu.append(time.process_time() - cpu)
    return metingen


def verhouding(meting: Meting, basis: Meting) -> tuple[float, float]:
    """The median over the rounds of (measured / baseline of the same round), by clock and by CPU."""
    return (
        statistics.median(m / b for m, b in zip(meting.klok, basis.klok, strict=True)),
        statistics.median(m / b for m, b in zip(meting.cpu, basis.cpu, strict=True)),
    )


def piekgeheugen(functie) -> float:
    """Peak Python memory allocated during one run, in MB (tracemalloc; a separate run from the timing)."""
    tracemalloc.start()
    functie()
    _, piek = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return piek / 1024 / 1024
