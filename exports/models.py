"""A list export too long for one request: made by the task queue (django-tasks, its database
backend) while the user sees its progress, and downloaded by the one who asked for it."""

import uuid

from django.conf import settings
from django.db import models


class Exporttaak(models.Model):
    class Status(models.TextChoices):
        WACHT = "wacht", "Wacht op zijn beurt"
        BEZIG = "bezig", "Wordt gemaakt"
        KLAAR = "klaar", "Klaar"
        MISLUKT = "mislukt", "Mislukt"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    gebruiker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="exporttaken")
    lijst = models.CharField(max_length=40)
    formaat = models.CharField(max_length=4)
    # The query string of the list page (its filters and sort order), as the request had it.
    parameters = models.TextField(blank=True)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.WACHT)
    rijen_totaal = models.PositiveIntegerField(default=0)
    rijen_klaar = models.PositiveIntegerField(default=0)
    bestand = models.FileField(upload_to="exports/", blank=True)
    bestandsnaam = models.CharField(max_length=100, blank=True)
    gemaakt_op = models.DateTimeField(auto_now_add=True)
    klaar_op = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "exporttaak"
        verbose_name_plural = "exporttaken"
        ordering = ["-gemaakt_op"]

    def __str__(self):
        return f"{self.lijst}.{self.formaat} voor {self.gebruiker} ({self.get_status_display()})"

    @property
    def procent(self) -> int:
        if self.status == self.Status.KLAAR:
            return 100
        return min(99, self.rijen_klaar * 100 // self.rijen_totaal) if self.rijen_totaal else 0

    @property
    def loopt(self) -> bool:
        return self.status in (self.Status.WACHT, self.Status.BEZIG)
