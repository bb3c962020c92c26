"""Who: the region (Leerwerkloket), its users, partners with contacts, projects, the
verdeelsleutel by which a group of partners (the fourteen gemeenten) shares one amount, and the
audit trail of what the users did (signed in, exported, imported, made a backup)."""

from decimal import Decimal

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.functional import cached_property
from simple_history.models import HistoricalRecords

from kern.fields import MoneyField
from kern.iban import lees_ibans
from kern.money import round_money, verdeel
from kern.scoping import RegioQuerySet

from .roles import Rol


class Leerwerkloket(models.Model):
    """A labour-market region's Leerwerkloket; every top-level record belongs to one."""

    naam = models.CharField("naam", max_length=100, unique=True)
    slug = models.SlugField("korte naam", max_length=50, unique=True)
    arbeidsmarktregio = models.CharField("arbeidsmarktregio", max_length=100)

    class Meta:
        ordering = ["naam"]
        verbose_name = "Leerwerkloket"
        verbose_name_plural = "Leerwerkloketten"

    def __str__(self):
        return self.naam


class Gebruiker(AbstractUser):
    """A person who signs in. Roles are groups (see `Rol`); the region says whose data they see."""

    leerwerkloket = models.ForeignKey(
        Leerwerkloket,
        verbose_name="Leerwerkloket",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="gebruikers",
        help_text="De regio waarvan deze gebruiker de gegevens ziet. Leeg alleen voor de landelijke rol.",
    )

    class Meta:
        verbose_name = "gebruiker"
        verbose_name_plural = "gebruikers"

    @cached_property
    def rollen(self) -> frozenset[str]:
        return frozenset(self.groups.values_list("name", flat=True))

    @property
    def leest_alle_regios(self) -> bool:
        return self.is_superuser or Rol.LANDELIJK in self.rollen

    def clean(self):
        super().clean()
        if self.leerwerkloket_id is None and not self.is_superuser and self.pk and Rol.LANDELIJK not in self.rollen:
            raise ValidationError(
                {"leerwerkloket": "Kies de regio van deze gebruiker (alleen de landelijke rol heeft er geen)."}
            )


class Partner(models.Model):
    """An organisation that funds or cooperates. A group (`is_groep`) acts as one financier
    for its members, like the fourteen Twente gemeenten."""

    class Soort(models.TextChoices):
        UWV = "uwv", "UWV"
        ROC = "roc", "ROC"
        AOC = "aoc", "AOC"
        GEMEENTE = "gemeente", "Gemeente"
        RIJK = "rijk", "Rijk"
        WERKGEVER = "werkgever", "Werkgever"
        ZORGINSTELLING = "zorginstelling", "Zorginstelling"
        OVERIG = "overig", "Overig"

    leerwerkloket = models.ForeignKey(
        Leerwerkloket, verbose_name="Leerwerkloket", on_delete=models.PROTECT, related_name="partners"
    )
    naam = models.CharField("naam", max_length=200)
    soort = models.CharField("soort", max_length=20, choices=Soort.choices)
    is_groep = models.BooleanField(
        "samenwerkingsverband",
        default=False,
        help_text="Een groep partners die samen als één financier optreedt, met een verdeelsleutel.",
    )
    groep = models.ForeignKey(
        "self",
        verbose_name="lid van groep",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="leden",
        limit_choices_to={"is_groep": True},
    )
    actief = models.BooleanField("actief", default=True)
    ibans = models.TextField(
        "bekende IBAN's",
        blank=True,
        help_text="De rekeningen waarvan deze partner betaalt, één per regel; een ontvangst van zo'n "
        "rekening wordt voorgesteld op een factuur van deze partner.",
    )
    notities = models.TextField("notities", blank=True)

    history = HistoricalRecords()
    objects = RegioQuerySet.as_manager()

    class Meta:
        ordering = ["naam"]
        verbose_name = "partner"
        verbose_name_plural = "partners"
        constraints = [
            models.UniqueConstraint(fields=["leerwerkloket", "naam"], name="partner_naam_uniek_per_regio"),
            models.CheckConstraint(
                condition=Q(groep__isnull=True) | Q(is_groep=False), name="partner_groep_niet_genest"
            ),
        ]

    def __str__(self):
        return self.naam

    def unique_error_message(self, model_class, unique_check):
        if tuple(unique_check) == ("leerwerkloket", "naam"):
            return ValidationError(
                f"Er is al een partner met de naam '{self.naam}' in {self.leerwerkloket}; "
                "kies een andere naam of bewerk die partner.",
                code="unique_together",
            )
        return super().unique_error_message(model_class, unique_check)

    @property
    def iban_lijst(self) -> list[str]:
        return [regel for regel in self.ibans.split() if regel]

    def clean(self):
        super().clean()
        try:
            self.ibans = "\n".join(lees_ibans(self.ibans))
        except ValidationError as fout:
            raise ValidationError({"ibans": fout.messages}) from None
        if self.pk and not self.is_groep and (self.leden.exists() or self.verdeelsleutels.exists()):
            raise ValidationError(
                {"is_groep": f"{self} heeft leden of een verdeelsleutel; het blijft een samenwerkingsverband."}
            )
        if self.groep_id is None:
            return
        if self.is_groep:
            raise ValidationError({"groep": "Een samenwerkingsverband kan zelf geen lid zijn van een ander verband."})
        if not self.groep.is_groep:
            raise ValidationError({"groep": f"{self.groep} is geen samenwerkingsverband; kies een groep."})
        if self.groep.leerwerkloket_id != self.leerwerkloket_id:
            raise ValidationError({"groep": "Een partner kan alleen lid zijn van een groep in de eigen regio."})

    def verdeelsleutel_voor(self, jaar: int):
        """The key for `jaar`, or the most recent earlier one (a key holds until replaced)."""
        return (
            self.verdeelsleutels.filter(jaar__lte=jaar).order_by("-jaar").prefetch_related("aandelen__partner").first()
        )


class ContactpersoonQuerySet(RegioQuerySet):
    regio_pad = "partner__leerwerkloket"


class Contactpersoon(models.Model):
    partner = models.ForeignKey(
        Partner, verbose_name="partner", on_delete=models.CASCADE, related_name="contactpersonen"
    )
    naam = models.CharField("naam", max_length=200)
    functie = models.CharField("functie", max_length=200, blank=True)
    email = models.EmailField("e-mail", blank=True)
    telefoon = models.CharField("telefoon", max_length=40, blank=True)
    is_stuurgroeplid = models.BooleanField("lid van de stuurgroep", default=False)

    objects = ContactpersoonQuerySet.as_manager()

    class Meta:
        ordering = ["naam"]
        verbose_name = "contactpersoon"
        verbose_name_plural = "contactpersonen"

    def __str__(self):
        return f"{self.naam} ({self.partner})"


class Project(models.Model):
    """A cooperation of partners with a goal, such as a learn-work arrangement in care.
    A projectbijdrage is tied to one; its activities live in the jaarplan."""

    leerwerkloket = models.ForeignKey(
        Leerwerkloket, verbose_name="Leerwerkloket", on_delete=models.PROTECT, related_name="projecten"
    )
    naam = models.CharField("naam", max_length=200)
    omschrijving = models.TextField("omschrijving", blank=True)
    startjaar = models.PositiveSmallIntegerField(
        "startjaar", validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    eindjaar = models.PositiveSmallIntegerField(
        "eindjaar", null=True, blank=True, validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    deelnemers = models.ManyToManyField(
        Partner, verbose_name="deelnemende partners", blank=True, related_name="projecten"
    )

    history = HistoricalRecords(m2m_fields=[deelnemers])
    objects = RegioQuerySet.as_manager()

    class Meta:
        ordering = ["naam"]
        verbose_name = "project"
        verbose_name_plural = "projecten"
        constraints = [
            models.UniqueConstraint(fields=["leerwerkloket", "naam"], name="project_naam_uniek_per_regio"),
            models.CheckConstraint(
                condition=Q(eindjaar__isnull=True) | Q(eindjaar__gte=models.F("startjaar")),
                name="project_eindjaar_na_startjaar",
            ),
        ]

    def __str__(self):
        return self.naam

    def clean(self):
        super().clean()
        if self.eindjaar is not None and self.startjaar is not None and self.eindjaar < self.startjaar:
            raise ValidationError({"eindjaar": "Het eindjaar kan niet voor het startjaar liggen."})


class VerdeelsleutelQuerySet(RegioQuerySet):
    regio_pad = "groep__leerwerkloket"


class Verdeelsleutel(models.Model):
    """How a group shares one amount among its members in a year."""

    class Methode(models.TextChoices):
        INWONERS = "inwoners", "Naar inwonertal"
        PERCENTAGE = "percentage", "Naar percentage"
        VAST_BEDRAG = "vast_bedrag", "Vaste bedragen"

    groep = models.ForeignKey(
        Partner,
        verbose_name="samenwerkingsverband",
        on_delete=models.PROTECT,
        related_name="verdeelsleutels",
        limit_choices_to={"is_groep": True},
    )
    jaar = models.PositiveSmallIntegerField("jaar", validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    methode = models.CharField("methode", max_length=20, choices=Methode.choices, default=Methode.INWONERS)
    toelichting = models.TextField("toelichting", blank=True, help_text="Bijvoorbeeld de bron van de inwonertallen.")

    history = HistoricalRecords()
    objects = VerdeelsleutelQuerySet.as_manager()

    class Meta:
        ordering = ["groep", "-jaar"]
        verbose_name = "verdeelsleutel"
        verbose_name_plural = "verdeelsleutels"
        constraints = [models.UniqueConstraint(fields=["groep", "jaar"], name="verdeelsleutel_een_per_groep_per_jaar")]

    def __str__(self):
        return f"Verdeelsleutel {self.groep} {self.jaar}"

    def clean(self):
        super().clean()
        if self.groep_id and not self.groep.is_groep:
            raise ValidationError({"groep": f"{self.groep} is geen samenwerkingsverband."})

    def gewicht(self, aandeel: "VerdeelsleutelAandeel") -> Decimal:
        return {
            self.Methode.INWONERS: lambda: Decimal(aandeel.inwoners or 0),
            self.Methode.PERCENTAGE: lambda: aandeel.percentage or Decimal("0"),
            self.Methode.VAST_BEDRAG: lambda: aandeel.vast_bedrag or Decimal("0"),
        }[self.methode]()

    def controleer(self, aandelen) -> None:
        """Raise a Dutch ValidationError when these shares cannot split an amount."""
        if not aandelen:
            raise ValidationError(f"De verdeelsleutel van {self.groep} voor {self.jaar} heeft nog geen deelnemers.")
        if self.methode == self.Methode.PERCENTAGE:
            som = sum((a.percentage or Decimal("0")) for a in aandelen)
            if som != Decimal("100"):
                raise ValidationError(
                    f"De percentages van de verdeelsleutel {self.groep} {self.jaar} tellen op tot "
                    f"{som.normalize():f}% in plaats van 100%."
                )
        if sum(self.gewicht(a) for a in aandelen) <= 0:
            raise ValidationError(f"De verdeelsleutel van {self.groep} voor {self.jaar} heeft alleen nullen.")

    def verdeel(self, bedrag: Decimal) -> list[tuple["VerdeelsleutelAandeel", Decimal, Decimal]]:
        """Split `bedrag` over the members: (aandeel, fraction, amount), the amounts adding up to
        `bedrag` to the cent. With fixed amounts, a total other than their sum is split in
        proportion to them."""
        aandelen = sorted(self.aandelen.all(), key=lambda a: a.partner.naam)
        self.controleer(aandelen)
        gewichten = [self.gewicht(a) for a in aandelen]
        totaal = sum(gewichten)
        delen = verdeel(round_money(bedrag), gewichten)
        return [(a, g / totaal, deel) for a, g, deel in zip(aandelen, gewichten, delen, strict=True)]


class AandeelQuerySet(RegioQuerySet):
    regio_pad = "verdeelsleutel__groep__leerwerkloket"


class VerdeelsleutelAandeel(models.Model):
    verdeelsleutel = models.ForeignKey(
        Verdeelsleutel, verbose_name="verdeelsleutel", on_delete=models.CASCADE, related_name="aandelen"
    )
    partner = models.ForeignKey(Partner, verbose_name="deelnemer", on_delete=models.PROTECT, related_name="aandelen")
    inwoners = models.PositiveIntegerField("inwoners", null=True, blank=True)
    percentage = models.DecimalField(
        "percentage",
        max_digits=7,
        decimal_places=4,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )
    vast_bedrag = MoneyField("vast bedrag", null=True, blank=True)

    history = HistoricalRecords()
    objects = AandeelQuerySet.as_manager()

    class Meta:
        ordering = ["partner__naam"]
        verbose_name = "aandeel in de verdeelsleutel"
        verbose_name_plural = "aandelen in de verdeelsleutel"
        constraints = [
            models.UniqueConstraint(fields=["verdeelsleutel", "partner"], name="aandeel_een_per_partner_per_sleutel"),
        ]

    def __str__(self):
        return f"{self.partner} in {self.verdeelsleutel}"

    def clean(self):
        super().clean()
        if not (self.verdeelsleutel_id and self.partner_id):
            return
        sleutel = self.verdeelsleutel
        if self.partner.groep_id != sleutel.groep_id:
            raise ValidationError({"partner": f"{self.partner} is geen lid van {sleutel.groep}."})
        veld = {
            Verdeelsleutel.Methode.INWONERS: ("inwoners", "het aantal inwoners"),
            Verdeelsleutel.Methode.PERCENTAGE: ("percentage", "het percentage"),
            Verdeelsleutel.Methode.VAST_BEDRAG: ("vast_bedrag", "het vaste bedrag"),
        }[sleutel.methode]
        if getattr(self, veld[0]) is None:
            raise ValidationError(
                {
                    veld[0]: f"Vul {veld[1]} van {self.partner} in; "
                    f"de sleutel verdeelt {sleutel.get_methode_display().lower()}."
                }
            )


class Auditregel(models.Model):
    """One line of the audit trail. It lives here, beside the users and regions it names, so that
    kern imports no app; the table kept its name from when it was kern's."""

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
        Leerwerkloket,
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
        db_table = "kern_auditregel"
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


class Herstelverzoek(models.Model):
    """One "Wachtwoord vergeten" request, kept for an hour or so to cap the mails per address and
    per requester. The address is kept as a hash: the table does not collect the addresses typed."""

    tijdstip = models.DateTimeField("tijdstip", auto_now_add=True, db_index=True)
    adres = models.CharField("e-mailadres (SHA-256)", max_length=64, db_index=True)
    aanvrager = models.CharField("IP-adres", max_length=45, blank=True, db_index=True)

    class Meta:
        verbose_name = "verzoek om een nieuw wachtwoord"
        verbose_name_plural = "verzoeken om een nieuw wachtwoord"

    def __str__(self):
        return f"{self.tijdstip:%d-%m-%Y %H:%M} vanaf {self.aanvrager}"
