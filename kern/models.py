"""The audit trail: who signed in or out, exported, imported or made a backup, and when."""

from django.conf import settings
from django.db import models

from kern.scoping import RegioQuerySet


class Auditregel(models.Model):
    class Actie(models.TextChoices):
        EXPORT = "export", "Export"
        IMPORT = "import", "Import"
        BACKUP = "backup", "Backup"
        INLOGGEN = "inloggen", "Inloggen"
        UITLOGGEN = "uitloggen", "Uitloggen"
        INLOGGEN_MISLUKT = "inlogfout", "Inloggen mislukt"

    tijdstip = models.DateTimeField("tijdstip", auto_now_add=True, db_index=True)
    gebruiker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="gebruiker",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    leerwerkloket = models.ForeignKey(
        "partners.Leerwerkloket",
        verbose_name="leerwerkloket",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actie = models.CharField("actie", max_length=10, choices=Actie.choices)
    omschrijving = models.CharField("wat", max_length=300)

    objects = RegioQuerySet.as_manager()

    class Meta:
        ordering = ["-tijdstip", "-pk"]
        verbose_name = "auditregel"
        verbose_name_plural = "audittrail"

    def __str__(self):
        return f"{self.tijdstip:%d-%m-%Y %H:%M} {self.get_actie_display()}: {self.omschrijving}"


def vastleggen(actie: str, omschrijving: str, *, gebruiker=None, leerwerkloket=None) -> Auditregel:
    """Record a sign-in, an export, an import or a backup; the region is the user's unless given."""
    if gebruiker is not None and not getattr(gebruiker, "is_authenticated", False):
        gebruiker = None
    if leerwerkloket is None and gebruiker is not None:
        leerwerkloket = gebruiker.leerwerkloket
    return Auditregel.objects.create(
        actie=actie, omschrijving=omschrijving[:300], gebruiker=gebruiker, leerwerkloket=leerwerkloket
    )
