"""Personal read keys for the API (/api/v1): made by a user for a tool (Power BI, Excel), stored
only as a hash, valid until they expire or are revoked, reading exactly what their user reads."""

import hashlib

from django.conf import settings
from django.db import models


def sleutel_hash(sleutel: str) -> str:
    """The stored form of a key. A key is 256 random bits, so a plain SHA-256 (no salt, no
    stretching) cannot be guessed back; a password hasher's slowness would only slow every call."""
    return hashlib.sha256(sleutel.encode("utf-8")).hexdigest()


class ApiSleutelQuerySet(models.QuerySet):
    def geldig(self, *, op):
        """The keys that open the API at the moment `op`: not revoked, not expired."""
        return self.filter(ingetrokken_op__isnull=True, verloopt_op__gt=op)


class ApiSleutel(models.Model):
    """One read key of one user. The key itself is shown once, when it is made; what is kept is
    its first characters (`voorvoegsel`, to find it and to show which one it is) and its hash."""

    gebruiker = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="gebruiker", on_delete=models.CASCADE, related_name="api_sleutels"
    )
    naam = models.CharField("naam", max_length=100, help_text="Waarvoor de sleutel is, bijvoorbeeld 'Power BI'.")
    voorvoegsel = models.CharField("begint met", max_length=16, unique=True)
    hash = models.CharField("hash", max_length=64, unique=True, editable=False)
    aangemaakt_op = models.DateTimeField("aangemaakt op", auto_now_add=True)
    verloopt_op = models.DateTimeField("verloopt op")
    ingetrokken_op = models.DateTimeField("ingetrokken op", null=True, blank=True)
    laatst_gebruikt_op = models.DateTimeField("laatst gebruikt op", null=True, blank=True)

    objects = ApiSleutelQuerySet.as_manager()

    class Meta:
        ordering = ["-aangemaakt_op", "-pk"]
        verbose_name = "API-sleutel"
        verbose_name_plural = "API-sleutels"

    def __str__(self):
        return f"{self.naam} ({self.voorvoegsel}…)"

    def is_geldig(self, op) -> bool:
        return self.ingetrokken_op is None and self.verloopt_op > op

    def stand(self, op) -> str:
        """What the keys page says of it."""
        if self.ingetrokken_op is not None:
            return "ingetrokken"
        return "geldig" if self.verloopt_op > op else "verlopen"
