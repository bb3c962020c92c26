"""A gunicorn worker, once it has loaded the app, keeps what it loaded out of the cycle
collector's full collections (kern.proces.opstart_bevriezen, config/gunicorn.conf.py)."""

import gc
from pathlib import Path

from kern.bestanden import kringopruiming_gepauzeerd

ROOT = Path(__file__).resolve().parent.parent.parent


def _gunicorn_config() -> dict:
    namen = {}
    exec((ROOT / "config" / "gunicorn.conf.py").read_text(), namen)  # noqa: S102 (our own file)
    return namen


def _gevolgd(obj) -> bool:
    """Whether the cycle collector's collections walk `obj` (frozen objects are in none of them)."""
    return any(o is obj for o in gc.get_objects())


def test_a_worker_freezes_the_app_it_loaded_views_included():
    from rapportage.dashboard.views import rapport

    assert gc.get_freeze_count() == 0
    try:
        _gunicorn_config()["post_worker_init"](None)
        assert gc.get_freeze_count() > 0
        assert not _gevolgd(rapport)
        # An import's pause of the collector leaves them frozen (kern.bestanden).
        with kringopruiming_gepauzeerd():
            nieuw = [[]]
        assert not _gevolgd(rapport) and nieuw
    finally:
        gc.unfreeze()
    assert _gevolgd(rapport)
