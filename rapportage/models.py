"""What the read side keeps: the batches of imported bookkeeping files, the region's mapping of
kostenplaatsen to activities, and the stuurgroep reports as they were presented. Imports write
Kostenrealisatie rows of `jaarplan`; each such booking points at its batch (`importbatch`, with
the row of the file), so a batch's rows are `batch.boekingen`."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from financiering.models import Betaling
from jaarplan.models import Kostensoort
from kern.fields import MoneyField
from kern.iban import valideer_iban
from kern.scoping import RegioQuerySet
from partners.models import Leerwerkloket


class Importbatch(models.Model):
    """One uploaded bookkeeping file: first a preview, then read in whole, and possibly undone."""

    class Status(models.TextChoices):
        VOORBEELD = "voorbeeld", "Voorbeeld (nog niet ingelezen)"
        INGELEZEN = "ingelezen", "Ingelezen"
        ONGEDAAN = "ongedaan", "Ongedaan gemaakt"

    leerwerkloket = models.ForeignKey(
        Leerwerkloket, verbose_name="leerwerkloket", on_delete=models.PROTECT, related_name="importbatches"
    )
    status = models.CharField("status", max_length=12, choices=Status.choices, default=Status.VOORBEELD)
    bestandsnaam = models.CharField("bestandsnaam", max_length=255)
    checksum = models.CharField("SHA-256", max_length=64)
    inhoud = models.BinaryField("inhoud van het bestand")
    jaar = models.PositiveSmallIntegerField("jaar", null=True, blank=True)
    kolommen = models.JSONField("kolomindeling", default=dict, blank=True)
    kopregel = models.PositiveIntegerField("kopregel (rijnummer)", null=True, blank=True)
    aantal_regels = models.PositiveIntegerField("regels", default=0)
    totaal = MoneyField("totaal", negatief_toegestaan=True, default=0)
    aangemaakt_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    aangemaakt_op = models.DateTimeField("geüpload op", auto_now_add=True)
    ingelezen_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    ingelezen_op = models.DateTimeField("ingelezen op", null=True, blank=True)
    ongedaan_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    ongedaan_op = models.DateTimeField("ongedaan gemaakt op", null=True, blank=True)

    objects = RegioQuerySet.as_manager()

    class Meta:
        ordering = ["-aangemaakt_op", "-pk"]
        verbose_name = "importbatch"
        verbose_name_plural = "importbatches"
        constraints = [
            # The same file is read in once; after an undo it may come again.
            models.UniqueConstraint(
                fields=["leerwerkloket", "checksum"],
                condition=Q(status="ingelezen"),
                name="importbatch_bestand_eenmaal_ingelezen",
            ),
        ]

    def __str__(self):
        return f"Import {self.pk} ({self.bestandsnaam})"


class Kostenplaatskoppeling(models.Model):
    """A kostenplaats of the bookkeeping, remembered per region as an activity (by its code, which
    stays the same each year) and the cost kind its bookings are."""

    leerwerkloket = models.ForeignKey(
        Leerwerkloket, verbose_name="leerwerkloket", on_delete=models.CASCADE, related_name="kostenplaatskoppelingen"
    )
    kostenplaats = models.CharField("kostenplaats", max_length=60)
    activiteit_code = models.SlugField("activiteit (code)", max_length=60)
    kostensoort = models.CharField("kostensoort", max_length=20, choices=Kostensoort.choices)

    objects = RegioQuerySet.as_manager()

    class Meta:
        ordering = ["kostenplaats"]
        verbose_name = "kostenplaatskoppeling"
        verbose_name_plural = "kostenplaatskoppelingen"
        constraints = [
            models.UniqueConstraint(
                fields=["leerwerkloket", "kostenplaats"], name="kostenplaatskoppeling_eenmaal_per_regio"
            ),
        ]

    def __str__(self):
        return f"{self.kostenplaats} → {self.activiteit_code}"


class Bankregel(models.Model):
    """A credit line of a bank statement: money received, waiting to be booked on an invoice.
    The same line in a later, overlapping statement has the same `sleutel` and is not added twice."""

    class Status(models.TextChoices):
        OPEN = "open", "Nog te boeken"
        GEBOEKT = "geboekt", "Geboekt"
        GENEGEERD = "genegeerd", "Genegeerd"

    leerwerkloket = models.ForeignKey(
        Leerwerkloket, verbose_name="leerwerkloket", on_delete=models.PROTECT, related_name="bankregels"
    )
    sleutel = models.CharField("sleutel", max_length=64)
    datum = models.DateField("datum")
    bedrag = MoneyField("bedrag")
    tegenpartij = models.CharField("tegenpartij", max_length=200, blank=True)
    tegenrekening = models.CharField(
        "IBAN tegenpartij",
        max_length=34,
        blank=True,
        validators=[valideer_iban],
        help_text="Leeg als het afschrift er geen noemt.",
    )
    omschrijving = models.CharField("omschrijving", max_length=500, blank=True)
    bestandsnaam = models.CharField("uit bestand", max_length=255)
    ingelezen_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    ingelezen_op = models.DateTimeField("ingelezen op", auto_now_add=True)
    status = models.CharField("status", max_length=12, choices=Status.choices, default=Status.OPEN)
    betaling = models.OneToOneField(
        Betaling, null=True, blank=True, on_delete=models.PROTECT, related_name="bankregel", verbose_name="betaling"
    )

    history = HistoricalRecords()
    objects = RegioQuerySet.as_manager()

    class Meta:
        ordering = ["datum", "pk"]
        verbose_name = "bankregel"
        verbose_name_plural = "bankregels"
        constraints = [
            models.UniqueConstraint(fields=["leerwerkloket", "sleutel"], name="bankregel_eenmaal_per_regio"),
            models.CheckConstraint(
                condition=Q(status="geboekt", betaling__isnull=False)
                | (~Q(status="geboekt") & Q(betaling__isnull=True)),
                name="bankregel_geboekt_heeft_betaling",
            ),
        ]

    def __str__(self):
        return f"{self.datum:%d-%m-%Y} {self.tegenpartij} {self.bedrag}"


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
