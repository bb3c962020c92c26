"""The longest synchronous request: gunicorn ends it at its timeout, and nginx waits a little
longer, so a user gets the app's own answer; what takes longer is a background job (exports/)."""

import re
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parent.parent


def _gunicorn_timeout() -> int:
    namen = {}
    exec((ROOT / "config" / "gunicorn.conf.py").read_text(), namen)  # noqa: S102 (our own file)
    return namen["timeout"]


def test_nginx_waits_longer_than_gunicorn_lets_a_request_run():
    proxy = (ROOT / "deploy" / "nginx" / "leerwerkloket-proxy.conf").read_text()
    lezen = int(re.search(r"proxy_read_timeout (\d+)s;", proxy).group(1))
    assert 30 <= _gunicorn_timeout() < lezen


def test_a_long_list_export_goes_to_the_background_well_before_the_timeout():
    assert 0 < settings.EXPORT_ACHTERGROND_VANAF <= 50_000
