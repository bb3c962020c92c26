"""Secrets of the second factor, at rest: TOTP secrets encrypted with Fernet (cryptography's
authenticated AES), backup codes as a keyed hash (HMAC-SHA256). The key comes from the environment
(TWEESTAPS_SLEUTEL), never from the database, so a backup or a copy of the database alone signs
nobody in. More keys, comma-separated, rotate: the first encrypts and hashes, every one is tried
when reading."""

import hashlib
import hmac
from functools import cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.signals import setting_changed
from django.dispatch import receiver

HOE = 'Maak er een met: python -c "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())"'


def keys_from(waarde: str) -> list[bytes]:
    """The Fernet keys in a TWEESTAPS_SLEUTEL value; ImproperlyConfigured, in Dutch, when there
    is none or one is not a Fernet key."""
    sleutels = [s.strip().encode() for s in (waarde or "").split(",") if s.strip()]
    if not sleutels:
        raise ImproperlyConfigured(f"TWEESTAPS_SLEUTEL ontbreekt. {HOE}")
    for sleutel in sleutels:
        try:
            Fernet(sleutel)
        except ValueError:
            raise ImproperlyConfigured(f"TWEESTAPS_SLEUTEL is geen Fernet-sleutel (32 bytes, base64). {HOE}") from None
    return sleutels


@cache
def _fernet() -> MultiFernet:
    return MultiFernet([Fernet(s) for s in keys_from(settings.TWEESTAPS_SLEUTEL)])


@cache
def _hash_keys() -> list[bytes]:
    # A key of its own per purpose, derived from each Fernet key: the HMAC never uses the encryption key.
    return [
        hashlib.sha256(b"leerwerkloket-reservecode\x00" + s).digest() for s in keys_from(settings.TWEESTAPS_SLEUTEL)
    ]


@receiver(setting_changed)
def _forget_keys(setting, **kwargs):
    if setting == "TWEESTAPS_SLEUTEL":
        _fernet.cache_clear()
        _hash_keys.cache_clear()


def encrypt(data: bytes) -> str:
    return _fernet().encrypt(data).decode("ascii")


def decrypt(token: str) -> bytes:
    try:
        return _fernet().decrypt(token.encode("ascii"))
    except InvalidToken:
        raise ImproperlyConfigured(
            "Een geheim van de tweestapsverificatie is niet te ontsleutelen met TWEESTAPS_SLEUTEL: is de sleutel "
            "gewijzigd zonder de oude erachter te zetten (TWEESTAPS_SLEUTEL=nieuw,oud)?"
        ) from None


def code_hash(code: str) -> str:
    """The stored form of a backup code (with the first key)."""
    return hmac.new(_hash_keys()[0], code.encode(), hashlib.sha256).hexdigest()


def code_hashes(code: str) -> list[str]:
    """Every form the code may be stored in, one per key (a rotation keeps old codes working)."""
    return [hmac.new(k, code.encode(), hashlib.sha256).hexdigest() for k in _hash_keys()]
