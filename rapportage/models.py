"""What the read side keeps of its own: the stuurgroep reports as they were presented. Everything
else it reads; the importers live with the rows they write (jaarplan.importeren for the ledger,
financiering.bankimport for bank statements)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from kern.scoping import RegioQuerySet
from partners.models import Leerwerkloket


class Stuurgroeprapport(models.Model):
    """The stuurgroep report of a year as it was presented at a meeting: its figures frozen as JSON
    (amounts as strings), so later changes to the data never alter it. Never edited: a correction
    is a new one."""

    class Status(models.TextChoices):
        CONCEPT = "concept", "Concept"
        DEFINITIEF = "definitief", "Definitief"

    leerwerkloket = models.ForeignKey(
        Leerwerkloket, verbose_name="leerwerkloket", on_delete=models.PROTECT, related_name="stuurgroeprapporten"
    )
    jaar = models.PositiveSmallIntegerField("jaar")
    vergaderdatum = models.DateField("vergadering van")
    status = models.CharField("status", max_length=12, choices=Status.choices)
    peildatum = models.DateField("stand van", help_text="De dag waarop de geldstroom is gelezen.")
    cijfers = models.JSONField("cijfers")
    vastgelegd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="vastgelegd door",
        on_delete=models.PROTECT,
        related_name="+",
    )
    vastgelegd_op = models.DateTimeField("vastgelegd op", auto_now_add=True)

    objects = RegioQuerySet.as_manager()

    class Meta:
        ordering = ["-vergaderdatum", "-vastgelegd_op", "-pk"]
        verbose_name = "vastgelegd stuurgroeprapport"
        verbose_name_plural = "vastgelegde stuurgroeprapporten"
        constraints = [
            models.CheckConstraint(
                condition=Q(jaar__gte=2000) & Q(jaar__lte=2100), name="stuurgroeprapport_jaar_redelijk"
            ),
            models.CheckConstraint(
                condition=Q(status__in=["concept", "definitief"]), name="stuurgroeprapport_status_bekend"
            ),
            # A meeting has one definitive report of a year; concepts may come and go before it.
            models.UniqueConstraint(
                fields=["leerwerkloket", "jaar", "vergaderdatum"],
                condition=Q(status="definitief"),
                name="stuurgroeprapport_eenmaal_definitief",
                violation_error_message=(
                    "Voor deze vergadering is het rapport van dit jaar al definitief vastgelegd. Leg een concept "
                    "vast, of kies de datum van een andere vergadering."
                ),
            ),
        ]

    def __str__(self):
        return (
            f"Stuurgroeprapport {self.jaar} voor de vergadering van {self.vergaderdatum:%d-%m-%Y} "
            f"({self.get_status_display().lower()})"
        )

    def save(self, *args, **kwargs):
        if self.pk is not None and not self._state.adding:
            raise ValidationError(
                "Een vastgelegd stuurgroeprapport kan niet worden gewijzigd; leg zo nodig een nieuw rapport vast."
            )
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError(
            "Een vastgelegd stuurgroeprapport blijft bewaard: het is wat de stuurgroep is voorgelegd."
        )
