"""Production: secrets and the database come from the environment, or the app does not start."""

import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from kern.geheimen import keys_from

from .base import *  # noqa: F403


def _required(name: str) -> str:
    value = os.environ.get(name, "").strip()
    if not value:
        raise ImproperlyConfigured(f"{name} ontbreekt: zet deze omgevingsvariabele voor productie.")
    return value


DEBUG = False
SECRET_KEY = _required("SECRET_KEY")
ALLOWED_HOSTS = [h.strip() for h in _required("ALLOWED_HOSTS").split(",") if h.strip()]
_required("DATABASE_URL")
# A link printed by `regio_aanmaken` points at the site itself, not at a developer's machine.
BASIS_URL = os.environ.get("BASIS_URL", f"https://{ALLOWED_HOSTS[0]}").rstrip("/")
# Uploaded documents live outside the code, where the backup finds them (README "Productie").
MEDIA_ROOT = Path(_required("MEDIA_ROOT"))
# Every role signs in with a second factor, the national role (which reads every region) first of
# all; TWEESTAPS_VERPLICHT=0 lifts it for a test installation only.
TWEESTAPS_VERPLICHT = os.environ.get("TWEESTAPS_VERPLICHT", "1") == "1"
TWEESTAPS_ROLLEN = [
    r.strip()
    for r in os.environ.get("TWEESTAPS_ROLLEN", "landelijk,beheerder,projectleider,financien,stuurgroep").split(",")
    if r.strip()
]
# The key of the second factor's secrets, like SECRET_KEY: from the environment or no start.
TWEESTAPS_SLEUTEL = _required("TWEESTAPS_SLEUTEL")
keys_from(TWEESTAPS_SLEUTEL)

if DEMO_PASSWORD == DEMO_PASSWORD_DEFAULT:  # noqa: F405
    # Production never hands out the documented demo password.
    DEMO_PASSWORD = None

STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_SSL_REDIRECT = os.environ.get("SECURE_SSL_REDIRECT", "1") == "1"
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = os.environ.get("SECURE_HSTS_PRELOAD", "0") == "1"
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Preloading HSTS binds the domain for good; an operator chooses it (SECURE_HSTS_PRELOAD=1).
if not SECURE_HSTS_PRELOAD:
    SILENCED_SYSTEM_CHECKS = ["security.W021"]
