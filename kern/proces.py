"""A server process's own housekeeping."""

import gc


def opstart_bevriezen() -> None:
    """Move what a server process loaded to serve (Django's apps and models, and every view,
    form and table through the URLconf) out of the cycle collector's reach (`gc.freeze()`): it
    lives as long as the process, and each full collection walked all of it again, about 120 ms
    of one request in every thirty or so (a p95 of 210 ms on a page whose p50 is 75 ms,
    benchmarks/RESULTS.md). gunicorn's workers call this once they have loaded the app
    (config/gunicorn.conf.py); `kern.bestanden.kringopruiming_gepauzeerd` leaves these frozen."""
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 (imports every view and what it uses)
    gc.freeze()
