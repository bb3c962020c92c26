"""The second factor's devices (django-otp), with their secrets encrypted at rest.

django-otp's own plugins (otp_totp, otp_static) keep the TOTP secret as hex and the backup codes as
plain text in the database, so a backup of it signed people in. These two devices do the same job
with the secret encrypted (Fernet) and the backup codes hashed (HMAC), both with a key from the
environment (kern/geheimen.py). Migration 0004 moved the plugins' rows here."""

import os
import secrets
import time
from base64 import b32encode
from urllib.parse import quote, urlencode

from django.conf import settings
from django.db import models, transaction
from django_otp.models import Device, ThrottlingMixin, TimestampMixin
from django_otp.oath import TOTP

from . import geheimen

RESERVECODE_TEKENS = "abcdefghijklmnopqrstuvwxyz234567"


class AuthenticatorApp(TimestampMixin, ThrottlingMixin, Device):
    """A TOTP authenticator app (RFC 6238), as django-otp's TOTPDevice, with its secret encrypted."""

    geheim = models.TextField(editable=False, help_text="Het TOTP-geheim, versleuteld met TWEESTAPS_SLEUTEL.")
    step = models.PositiveSmallIntegerField(default=30)
    t0 = models.BigIntegerField(default=0)
    digits = models.PositiveSmallIntegerField(default=6)
    tolerance = models.PositiveSmallIntegerField(default=1)
    drift = models.SmallIntegerField(default=0)
    last_t = models.BigIntegerField(default=-1)

    class Meta(Device.Meta):
        verbose_name = "authenticator-app"
        verbose_name_plural = "authenticator-apps"

    def save(self, *args, **kwargs):
        if not self.geheim:
            self.geheim = geheimen.encrypt(os.urandom(20))
        super().save(*args, **kwargs)

    @property
    def bin_key(self) -> bytes:
        return geheimen.decrypt(self.geheim)

    def verify_token(self, token) -> bool:
        if not self.verify_is_allowed()[0]:
            return False
        try:
            token = int(token)
        except (TypeError, ValueError):
            verified = False
        else:
            totp = TOTP(self.bin_key, self.step, self.t0, self.digits, self.drift)
            totp.time = time.time()
            # Each code once: only a time step after the last one used counts.
            verified = totp.verify(token, self.tolerance, self.last_t + 1)
            if verified:
                self.last_t = totp.t()
                self.drift = totp.drift
                self.throttle_reset(commit=False)
                self.set_last_used_timestamp(commit=False)
                self.save()
        if not verified:
            self.throttle_increment(commit=True)
        return verified

    def get_throttle_factor(self):
        return getattr(settings, "OTP_TOTP_THROTTLE_FACTOR", 1)

    @property
    def config_url(self) -> str:
        """The otpauth:// address an authenticator app reads from the QR code."""
        issuer = settings.OTP_TOTP_ISSUER.replace(":", "")
        label = f"{issuer}:{self.user.get_username()}"
        parameters = urlencode(
            {"secret": b32encode(self.bin_key), "algorithm": "SHA1", "digits": self.digits, "period": self.step}
        )
        return f"otpauth://totp/{quote(label)}?{parameters}&issuer={quote(issuer)}"


class Reservecodes(TimestampMixin, ThrottlingMixin, Device):
    """A user's backup codes, each good once, stored as keyed hashes."""

    class Meta(Device.Meta):
        verbose_name = "reservecodes"
        verbose_name_plural = "reservecodes"

    def verify_token(self, token) -> bool:
        if not self.verify_is_allowed()[0]:
            return False
        with transaction.atomic():
            gebruikt = self.codes.filter(hash__in=geheimen.code_hashes(str(token))).first()
            if gebruikt is not None:
                gebruikt.delete()
                self.throttle_reset(commit=False)
                self.set_last_used_timestamp(commit=True)
                return True
        self.throttle_increment(commit=True)
        return False

    def get_throttle_factor(self):
        return getattr(settings, "OTP_STATIC_THROTTLE_FACTOR", 1)

    def new_codes(self, aantal: int) -> list[str]:
        """`aantal` new codes; the earlier ones stop working. Only their hashes are kept."""
        codes = ["".join(secrets.choice(RESERVECODE_TEKENS) for _ in range(8)) for _ in range(aantal)]
        self.codes.all().delete()
        Reservecode.objects.bulk_create(Reservecode(apparaat=self, hash=geheimen.code_hash(c)) for c in codes)
        return codes


class Reservecode(models.Model):
    apparaat = models.ForeignKey(Reservecodes, on_delete=models.CASCADE, related_name="codes")
    hash = models.CharField(max_length=64, db_index=True)

    class Meta:
        verbose_name = "reservecode"
        verbose_name_plural = "reservecodes"

    def __str__(self):
        return f"reservecode van {self.apparaat.user}"  # never the code: only its hash is known
