"""What the calendar needs that no app below holds: the stuurgroep's meeting dates, a financier's
verantwoording deadline and invoicing schedule per agreement, and what reaches people: their choice
of reminders, the reminders sent, their agenda link, and the payment reminders sent to financiers.
Every item of the calendar itself is derived (kalender.py); nothing here is a hand-kept task."""

import datetime
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from kern.scoping import RegioQuerySet


class Soort(models.TextChoices):
    """The kinds of calendar items; a user chooses per kind whether it reaches them by e-mail."""

    AFSPRAAK_LOOPT_AF = "afspraak_loopt_af", "Afspraken die aflopen"
    SUBSIDIE_VOLGEND_JAAR = "subsidie_volgend_jaar", "Structurele subsidie voor het volgende jaar"
    JAARPLAN_MAKEN = "jaarplan_maken", "Jaarplan voor het volgende jaar maken"
    JAARPLAN_VASTSTELLEN = "jaarplan_vaststellen", "Jaarplan vaststellen"
    REALISATIE_BOEKEN = "realisatie_boeken", "Realisatie van het vorige jaar boeken"
    JAARPLAN_AFSLUITEN = "jaarplan_afsluiten", "Jaarplan afsluiten"
    FACTUUR_VERSTUREN = "factuur_versturen", "Facturen versturen volgens het factuurschema"
    FACTUUR_VERLOPEN = "factuur_verlopen", "Verlopen facturen"
    RAPPORT_VASTLEGGEN = "rapport_vastleggen", "Stuurgroeprapport vastleggen voor een vergadering"
    VERGADERING = "vergadering", "Stuurgroepvergaderingen"
    VERANTWOORDING = "verantwoording", "Verantwoording aan een financier"


def _datum_in_jaar(maand: int, dag: int, jaar: int) -> datetime.date:
    return datetime.date(jaar, maand, min(dag, 28 if maand == 2 else 30 if maand in (4, 6, 9, 11) else 31))


class Stuurgroepvergadering(models.Model):
    """A meeting of the stuurgroep: a date as data; the report is laid down before it."""

    leerwerkloket = models.ForeignKey(
        "partners.Leerwerkloket", verbose_name="Leerwerkloket", on_delete=models.PROTECT, related_name="vergaderingen"
    )
    datum = models.DateField("datum")
    omschrijving = models.CharField("omschrijving", max_length=200, blank=True)

    history = HistoricalRecords()
    objects = RegioQuerySet.as_manager()

    class Meta:
        ordering = ["datum"]
        verbose_name = "stuurgroepvergadering"
        verbose_name_plural = "stuurgroepvergaderingen"
        constraints = [
            models.UniqueConstraint(fields=["leerwerkloket", "datum"], name="vergadering_een_per_dag"),
        ]

    def __str__(self):
        return f"Stuurgroepvergadering {self.datum:%d-%m-%Y}"

    def unique_error_message(self, model_class, unique_check):
        if tuple(unique_check) == ("leerwerkloket", "datum"):
            return ValidationError(f"Op {self.datum:%d-%m-%Y} staat al een vergadering.", code="unique_together")
        return super().unique_error_message(model_class, unique_check)


class AfspraakQuerySet(RegioQuerySet):
    regio_pad = "afspraak__leerwerkloket"


class Verantwoordingstermijn(models.Model):
    """The day by which the verantwoording over a year is due at a financier, in the year after it
    (SZW's: 1 July, say): a date per agreement, never a constant (DOMAIN.md)."""

    afspraak = models.OneToOneField(
        "financiering.Financieringsafspraak",
        verbose_name="afspraak",
        on_delete=models.CASCADE,
        related_name="verantwoordingstermijn",
    )
    maand = models.PositiveSmallIntegerField("maand", validators=[MinValueValidator(1), MaxValueValidator(12)])
    dag = models.PositiveSmallIntegerField("dag", validators=[MinValueValidator(1), MaxValueValidator(31)])

    history = HistoricalRecords()
    objects = AfspraakQuerySet.as_manager()

    class Meta:
        verbose_name = "verantwoordingstermijn"
        verbose_name_plural = "verantwoordingstermijnen"
        constraints = [
            models.CheckConstraint(condition=Q(maand__gte=1, maand__lte=12), name="verantwoording_maand_bestaat"),
            models.CheckConstraint(condition=Q(dag__gte=1, dag__lte=31), name="verantwoording_dag_bestaat"),
        ]

    def __str__(self):
        return f"Verantwoording {self.afspraak}: uiterlijk {self.dag}-{self.maand} van het jaar erna"

    def uiterlijk(self, jaar: int) -> datetime.date:
        """The due date of the verantwoording over `jaar`."""
        return _datum_in_jaar(self.maand, self.dag, jaar + 1)


class Verantwoording(models.Model):
    """That the verantwoording over a year went to the financier: what makes its item done."""

    afspraak = models.ForeignKey(
        "financiering.Financieringsafspraak",
        verbose_name="afspraak",
        on_delete=models.PROTECT,
        related_name="verantwoordingen",
    )
    jaar = models.PositiveSmallIntegerField("jaar", validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    ingediend_op = models.DateField("ingediend op")
    vastgelegd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="vastgelegd door", on_delete=models.PROTECT, related_name="+"
    )

    history = HistoricalRecords()
    objects = AfspraakQuerySet.as_manager()

    class Meta:
        verbose_name = "ingediende verantwoording"
        verbose_name_plural = "ingediende verantwoordingen"
        constraints = [models.UniqueConstraint(fields=["afspraak", "jaar"], name="verantwoording_een_per_jaar")]

    def __str__(self):
        return f"Verantwoording {self.jaar} aan {self.afspraak.financier}"


def lees_momenten(tekst: str) -> list[tuple[int, int]]:
    """'15-01, 15-04' -> [(1, 15), (4, 15)] (month, day), in date order; a Dutch refusal otherwise."""
    momenten = []
    for deel in (d.strip() for d in (tekst or "").replace(";", ",").split(",")):
        if not deel:
            continue
        try:
            dag, maand = (int(x) for x in deel.split("-"))
            _datum_in_jaar(maand, dag, 2001)
            if dag > 31 or dag < 1:
                raise ValueError
        except ValueError:
            raise ValidationError(
                {"momenten": f"'{deel}' is geen dag en maand; schrijf bijvoorbeeld 15-01, 15-04, 15-07, 15-10."}
            ) from None
        momenten.append((maand, dag))
    if not momenten:
        raise ValidationError({"momenten": "Noem ten minste één factuurmoment, bijvoorbeeld 15-01."})
    if len(set(momenten)) != len(momenten):
        raise ValidationError({"momenten": "Een factuurmoment staat er twee keer in."})
    return sorted(momenten)


class Factuurschema(models.Model):
    """When an agreement's yearly commitment is invoiced: the days of the year (per quarter in the
    demo's second period), each one invoice of an equal part."""

    afspraak = models.OneToOneField(
        "financiering.Financieringsafspraak",
        verbose_name="afspraak",
        on_delete=models.CASCADE,
        related_name="factuurschema",
    )
    momenten = models.CharField(
        "factuurmomenten",
        max_length=100,
        help_text="Dag en maand van elke factuur in het jaar, met komma's: 15-01, 15-04, 15-07, 15-10.",
    )

    history = HistoricalRecords()
    objects = AfspraakQuerySet.as_manager()

    class Meta:
        verbose_name = "factuurschema"
        verbose_name_plural = "factuurschema's"

    def __str__(self):
        return f"Factuurschema {self.afspraak}: {self.momenten}"

    def clean(self):
        self.momenten = ", ".join(f"{d:02d}-{m:02d}" for m, d in lees_momenten(self.momenten))

    def data(self, jaar: int) -> list[datetime.date]:
        return [_datum_in_jaar(m, d, jaar) for m, d in lees_momenten(self.momenten)]


class Meldingsvoorkeur(models.Model):
    """Which kinds of reminder a user does not want by e-mail (none chosen: all of their role's)."""

    gebruiker = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name="gebruiker", on_delete=models.CASCADE, related_name="meldingsvoorkeur"
    )
    uitgezet = models.JSONField("uitgezet", default=list, blank=True)

    class Meta:
        verbose_name = "meldingsvoorkeur"
        verbose_name_plural = "meldingsvoorkeuren"

    def __str__(self):
        return f"Meldingen van {self.gebruiker}"

    def wil(self, soort: str) -> bool:
        return soort not in self.uitgezet


class VerzondenHerinnering(models.Model):
    """One reminder of one item to one person: written in the transaction that sends it, so the
    unique key stops a second run (the same day, or on a second server) from sending it again."""

    gebruiker = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="gebruiker", on_delete=models.CASCADE, related_name="+"
    )
    soort = models.CharField("soort", max_length=40, choices=Soort.choices)
    onderwerp = models.CharField("onderwerp", max_length=100)  # the item's subject: "factuur:12"
    periode = models.CharField("periode", max_length=40)  # "2026", "2026-3", a meeting's date
    verzonden_op = models.DateTimeField("verzonden op", auto_now_add=True)

    class Meta:
        verbose_name = "verzonden herinnering"
        verbose_name_plural = "verzonden herinneringen"
        constraints = [
            models.UniqueConstraint(
                fields=["gebruiker", "soort", "onderwerp", "periode"], name="herinnering_een_keer_per_persoon"
            )
        ]

    def __str__(self):
        return f"{self.get_soort_display()} {self.onderwerp} {self.periode} aan {self.gebruiker}"


def nieuw_token() -> str:
    return secrets.token_urlsafe(32)


class Agendakoppeling(models.Model):
    """A user's personal, revocable link to their deadlines as an iCalendar feed."""

    gebruiker = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name="gebruiker", on_delete=models.CASCADE, related_name="agendakoppeling"
    )
    token = models.CharField("sleutel", max_length=64, unique=True, default=nieuw_token)
    gemaakt_op = models.DateTimeField("gemaakt op", auto_now_add=True)

    class Meta:
        verbose_name = "agendakoppeling"
        verbose_name_plural = "agendakoppelingen"

    def __str__(self):
        return f"Agenda van {self.gebruiker}"


class BetalingsherinneringQuerySet(RegioQuerySet):
    regio_pad = "factuur__toezegging__afspraak__leerwerkloket"


class Betalingsherinnering(models.Model):
    """A payment reminder sent to a financier's contact for an overdue invoice, numbered (eerste,
    tweede): drafted by the app, reviewed and sent by a person's click, never by itself."""

    factuur = models.ForeignKey(
        "financiering.Factuur", verbose_name="factuur", on_delete=models.PROTECT, related_name="herinneringen"
    )
    nummer = models.PositiveSmallIntegerField("herinnering", validators=[MinValueValidator(1), MaxValueValidator(2)])
    aan = models.EmailField("aan")
    onderwerp = models.CharField("onderwerp", max_length=200)
    tekst = models.TextField("tekst")
    verzonden_op = models.DateTimeField("verzonden op", auto_now_add=True)
    verzonden_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="verzonden door", on_delete=models.PROTECT, related_name="+"
    )

    history = HistoricalRecords()
    objects = BetalingsherinneringQuerySet.as_manager()

    class Meta:
        ordering = ["factuur", "nummer"]
        verbose_name = "betalingsherinnering"
        verbose_name_plural = "betalingsherinneringen"
        constraints = [
            models.UniqueConstraint(fields=["factuur", "nummer"], name="betalingsherinnering_een_per_nummer"),
            models.CheckConstraint(
                condition=Q(nummer__gte=1, nummer__lte=2), name="betalingsherinnering_eerste_of_tweede"
            ),
        ]

    def __str__(self):
        return f"{self.get_nummer_display()} {self.factuur}"

    def get_nummer_display(self) -> str:
        return {1: "Eerste herinnering", 2: "Tweede herinnering"}.get(self.nummer, f"Herinnering {self.nummer}")
