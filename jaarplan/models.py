"""Money out: the jaarplan of a year, its activities with budget lines and output targets,
which toezeggingen cover which activity (dekking), and what was actually spent and achieved."""

import datetime
import functools
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import ExpressionWrapper, F, OuterRef, Q, Value
from django.db.models.functions import Greatest
from django.utils import timezone
from django.utils.text import slugify
from django_fsm import FSMField, FSMModelMixin, transition
from simple_history.models import HistoricalRecords

from financiering.models import TOEGEZEGD, Toezegging
from kern.db import GELD, aantal_subquery, eenmaal_gebouwd, som
from kern.fields import MoneyField
from kern.fsm import BeschermdeStatusMixin
from kern.money import format_euro, verhouding
from kern.scoping import RegioQuerySet
from partners.models import Leerwerkloket, Project


class Kostensoort(models.TextChoices):
    PERSONEEL = "personeel", "Personeel"
    INHUUR = "inhuur", "Inhuur en advies"
    HUISVESTING = "huisvesting", "Huisvesting"
    MATERIAAL = "materiaal", "Materiaal en middelen"
    COMMUNICATIE = "communicatie", "Communicatie"
    OVERIG = "overig", "Overige kosten"


class JaarplanQuerySet(RegioQuerySet):
    def met_totalen(self):
        """Annotate totaal_begroot, totaal_gedekt, totaal_gerealiseerd, and totaal_ongedekt and
        totaal_overgedekt: the sums of the activities' ongedekt and overgedekt (ActiviteitQuerySet),
        so one activity's surplus never hides another's shortfall. Summed in the database."""
        return self.annotate(**_jaarplan_totalen())


# The figures' expressions are built once per process and annotated as they are: Django copies an
# expression when it resolves it into a query, so a shared one is never changed. Building them was
# most of the time of a page or a report that reads them (issue 26: a jaarplan's totals took 10 ms
# to build and 3 ms to compile), as it was of every query that reads them.
@functools.cache
def _activiteit_totalen() -> dict:
    """ActiviteitQuerySet.met_totalen's expressions, on an Activiteit row."""
    begroot = som(Begrotingsregel.objects.filter(activiteit=OuterRef("pk")))
    gedekt = som(Dekking.objects.filter(activiteit=OuterRef("pk")))
    return {
        "begroot": begroot,
        "gedekt": gedekt,
        "gerealiseerd": som(Kostenrealisatie.objects.filter(activiteit=OuterRef("pk"))),
        "ongedekt": Greatest(begroot - gedekt, Value(0), output_field=GELD),
        "overgedekt": Greatest(gedekt - begroot, Value(0), output_field=GELD),
    }


@functools.cache
def _jaarplan_totalen() -> dict:
    """JaarplanQuerySet.met_totalen's expressions, on a Jaarplan row. The activities' ongedekt and
    overgedekt are summed over the activities annotated with those two alone."""
    activiteit = _activiteit_totalen()
    activiteiten = Activiteit.objects.filter(jaarplan=OuterRef("pk"))
    return {
        "totaal_begroot": som(Begrotingsregel.objects.filter(activiteit__jaarplan=OuterRef("pk"))),
        "totaal_gedekt": som(Dekking.objects.filter(activiteit__jaarplan=OuterRef("pk"))),
        "totaal_gerealiseerd": som(Kostenrealisatie.objects.filter(activiteit__jaarplan=OuterRef("pk"))),
        "totaal_ongedekt": som(activiteiten, activiteit["ongedekt"]),
        "totaal_overgedekt": som(activiteiten, activiteit["overgedekt"]),
    }


def jaar_voorbij(jaarplan) -> bool:
    """The condition of `Jaarplan.afsluiten`: nothing about a year is closed before it has ended."""
    return timezone.localdate() >= jaarplan.afsluitbaar_vanaf


def dekkingsgraad(begroot: Decimal, ongedekt: Decimal) -> Decimal | None:
    """The part of the budget that is covered: what is not ongedekt, over what is begroot (so
    over-coverage of one activity does not count for another); None when nothing is budgeted."""
    return verhouding(begroot - ongedekt, begroot)


class Jaarplan(BeschermdeStatusMixin, models.Model):
    """A region's plan for a year. Its status moves only forward, through the transitions
    `vaststellen` and `afsluiten` (django-fsm-2; `status` cannot be assigned directly). A closed
    plan is not reopened: what it reported is what the financiers were accounted to."""

    class Status(models.TextChoices):
        CONCEPT = "concept", "Concept"
        VASTGESTELD = "vastgesteld", "Vastgesteld"
        AFGESLOTEN = "afgesloten", "Afgesloten"

    leerwerkloket = models.ForeignKey(
        Leerwerkloket, verbose_name="Leerwerkloket", on_delete=models.PROTECT, related_name="jaarplannen"
    )
    jaar = models.PositiveSmallIntegerField("jaar", validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    status = FSMField(
        "status", max_length=20, choices=Status.choices, default=Status.CONCEPT, editable=False, protected=True
    )
    besluitdatum = models.DateField("vastgesteld door de stuurgroep op", null=True, blank=True, editable=False)
    vastgesteld_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="vastgesteld door",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    aanvaard_ongedekt = MoneyField(
        "aanvaard ongedekt bij vaststellen",
        null=True,
        blank=True,
        editable=False,
        help_text="Het tekort dat de stuurgroep uitdrukkelijk aanvaardde toen zij het jaarplan vaststelde.",
    )
    afgesloten_op = models.DateTimeField("afgesloten op", null=True, blank=True, editable=False)
    aanvaard_geboekt_tot = models.DateField(
        "afgesloten met realisatie geboekt tot en met",
        null=True,
        blank=True,
        editable=False,
        help_text="Bij afsluiten zonder realisatie tot en met december: tot waar de realisatie geboekt was, "
        "uitdrukkelijk aanvaard.",
    )
    toelichting = models.TextField("toelichting", blank=True)

    history = HistoricalRecords()
    objects = JaarplanQuerySet.as_manager()

    class Meta:
        ordering = ["leerwerkloket", "-jaar"]
        verbose_name = "jaarplan"
        verbose_name_plural = "jaarplannen"
        constraints = [
            models.UniqueConstraint(fields=["leerwerkloket", "jaar"], name="jaarplan_een_per_regio_per_jaar"),
            models.CheckConstraint(
                condition=Q(status="concept") | Q(besluitdatum__isnull=False),
                name="jaarplan_vastgesteld_heeft_besluitdatum",
            ),
            # An accepted shortfall is part of the decision: only a decided plan has one, and it is real.
            models.CheckConstraint(
                condition=Q(aanvaard_ongedekt__isnull=True) | (~Q(status="concept") & Q(aanvaard_ongedekt__gt=0)),
                name="jaarplan_aanvaard_ongedekt_bij_besluit",
            ),
            # An accepted incomplete realisatie is part of closing: only a closed plan has one.
            models.CheckConstraint(
                condition=Q(aanvaard_geboekt_tot__isnull=True) | Q(status="afgesloten"),
                name="jaarplan_aanvaard_geboekt_tot_bij_afsluiten",
            ),
        ]

    def __str__(self):
        return f"Jaarplan {self.jaar} {self.leerwerkloket}"

    def unique_error_message(self, model_class, unique_check):
        if tuple(unique_check) == ("leerwerkloket", "jaar"):
            return ValidationError(
                f"Er is al een jaarplan {self.jaar} voor {self.leerwerkloket}.", code="unique_together"
            )
        return super().unique_error_message(model_class, unique_check)

    def save(self, *args, **kwargs):
        # An afgesloten jaarplan is read-only. The stored status counts: the save that closes it
        # (after `afsluiten`) still finds it vastgesteld, every later one finds it afgesloten.
        if self.pk:
            opgeslagen = type(self).objects.filter(pk=self.pk).values_list("status", flat=True).first()
            if opgeslagen == self.Status.AFGESLOTEN:
                raise ValidationError(f"Jaarplan {self.jaar} is afgesloten en kan niet meer worden gewijzigd.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if not self.is_concept:
            raise ValidationError(
                f"Jaarplan {self.jaar} is {self.get_status_display().lower()} en kan niet worden verwijderd."
            )
        return super().delete(*args, **kwargs)

    def clean(self):
        super().clean()
        if self.pk:
            opgeslagen = type(self).objects.filter(pk=self.pk).values_list("status", flat=True).first()
            if opgeslagen == self.Status.AFGESLOTEN:
                raise ValidationError(f"Jaarplan {self.jaar} is afgesloten en kan niet meer worden gewijzigd.")

    @transition(field=status, source=Status.CONCEPT, target=Status.VASTGESTELD)
    def vaststellen(
        self, *, besluitdatum: datetime.date | None, door, aanvaard_ongedekt: Decimal | None = None
    ) -> None:
        """The stuurgroep adopts the plan on `besluitdatum`; from then on its budget changes only
        through a begrotingswijziging. Who may do this is `permissions.can_vaststellen`.

        With activities not fully covered (ongedekt above zero, `JaarplanQuerySet.met_totalen`),
        the plan is adopted only when the stuurgroep explicitly accepts that very shortfall:
        `aanvaard_ongedekt` must name the amount ongedekt now, and is recorded with the decision."""
        if besluitdatum is None:
            raise ValidationError({"besluitdatum": "Vul de datum van het stuurgroepbesluit in."})
        if besluitdatum > timezone.localdate():
            raise ValidationError(
                {"besluitdatum": "De datum van het stuurgroepbesluit kan niet in de toekomst liggen."}
            )
        ongedekt = self.ongedekt_nu()
        if ongedekt > 0 and aanvaard_ongedekt is None:
            raise ValidationError(
                {
                    "aanvaard_ongedekt": f"Van jaarplan {self.jaar} is {format_euro(ongedekt)} niet gedekt. Dek "
                    "de activiteiten eerst, of laat de stuurgroep dit tekort uitdrukkelijk aanvaarden bij het "
                    "vaststellen."
                }
            )
        if ongedekt > 0 and aanvaard_ongedekt != ongedekt:
            raise ValidationError(
                {
                    "aanvaard_ongedekt": f"Het ongedekte bedrag van jaarplan {self.jaar} is nu "
                    f"{format_euro(ongedekt)}, niet {format_euro(aanvaard_ongedekt)}. Bekijk de dekking opnieuw en "
                    "aanvaard het tekort van nu."
                }
            )
        if ongedekt == 0 and aanvaard_ongedekt:
            raise ValidationError(
                {"aanvaard_ongedekt": f"Jaarplan {self.jaar} is volledig gedekt; er is geen tekort om te aanvaarden."}
            )
        self.besluitdatum = besluitdatum
        self.vastgesteld_door = door
        self.aanvaard_ongedekt = ongedekt if ongedekt > 0 else None

    def ongedekt_nu(self) -> Decimal:
        """What the activities' budgets exceed their coverage by, from the database (`met_totalen`)."""
        if self.pk is None:
            return Decimal("0.00")
        return alle_jaarplannen_met_totalen().values_list("totaal_ongedekt", flat=True).get(pk=self.pk)

    @property
    def afsluitbaar_vanaf(self) -> datetime.date:
        """The first day the plan may be closed: the day after its year ends."""
        return datetime.date(self.jaar + 1, 1, 1)

    def geboekt_tot_nu(self) -> datetime.date:
        """The date of the last cost booking, from the database; the day before the year began
        when nothing is booked (so "geboekt tot en met 31 december 2025" for an empty 2026)."""
        boekingen = Kostenrealisatie.objects.filter(activiteit__jaarplan=self.pk)
        laatste = boekingen.order_by("-datum").values_list("datum", flat=True).first()
        return laatste or datetime.date(self.jaar - 1, 12, 31)

    def tot_december(self, geboekt_tot: datetime.date) -> bool:
        """Whether realisatie booked through `geboekt_tot` reaches December of the plan's year."""
        return geboekt_tot >= datetime.date(self.jaar, 12, 1)

    @transition(field=status, source=Status.VASTGESTELD, target=Status.AFGESLOTEN, conditions=[jaar_voorbij])
    def afsluiten(self, *, aanvaard_geboekt_tot: datetime.date | None = None) -> None:
        """Close the year: after the save that follows, nothing in this jaarplan changes any more.
        Only after the year has ended (the condition `jaar_voorbij`, which the button, the service
        and `can_proceed` all read), and with the realisatie booked through December; short of
        that only when the closer explicitly accepts the realisatie as it stands:
        `aanvaard_geboekt_tot` must name the date it is booked through now, and is recorded."""
        geboekt_tot = self.geboekt_tot_nu()
        volledig = self.tot_december(geboekt_tot)
        tot = f"{geboekt_tot:%d-%m-%Y}"
        if not volledig and aanvaard_geboekt_tot is None:
            raise ValidationError(
                {
                    "aanvaard_geboekt_tot": f"De realisatie van jaarplan {self.jaar} is geboekt tot en met {tot}, "
                    "niet tot en met december. Boek eerst de rest van het jaar, of aanvaard uitdrukkelijk dat de "
                    "realisatie onvolledig blijft."
                }
            )
        if not volledig and aanvaard_geboekt_tot != geboekt_tot:
            raise ValidationError(
                {
                    "aanvaard_geboekt_tot": f"De realisatie van jaarplan {self.jaar} is nu geboekt tot en met {tot}, "
                    f"niet tot en met {aanvaard_geboekt_tot:%d-%m-%Y}. Bekijk de realisatie opnieuw en aanvaard "
                    "die van nu."
                }
            )
        if volledig and aanvaard_geboekt_tot is not None:
            raise ValidationError(
                {
                    "aanvaard_geboekt_tot": f"De realisatie van jaarplan {self.jaar} is geboekt tot en met december; "
                    "er is geen tekort om te aanvaarden."
                }
            )
        self.afgesloten_op = timezone.now()
        self.aanvaard_geboekt_tot = None if volledig else geboekt_tot

    @property
    def is_concept(self) -> bool:
        return self.status == self.Status.CONCEPT

    @property
    def is_afgesloten(self) -> bool:
        return self.status == self.Status.AFGESLOTEN

    @property
    def dekkingsgraad(self) -> Decimal | None:
        """Of a jaarplan read `met_totalen()`."""
        return dekkingsgraad(self.totaal_begroot, self.totaal_ongedekt)


class JaarplanOnderdeel(models.Model):
    """A part of a jaarplan: read-only once the jaarplan is afgesloten. Parts that are the
    budget (`is_begroting`) change in a vastgesteld jaarplan only as part of a begrotingswijziging,
    passed explicitly to `full_clean`, `save` and `delete`. Parts the stuurgroep adopts as they
    are (`vast_na_vaststellen` names their fixed fields) are neither added nor removed in a
    vastgesteld jaarplan, and those fields no longer change."""

    is_begroting = False
    vast_na_vaststellen: tuple[str, ...] | None = None
    jaarplan_pad: str = "jaarplan"

    class Meta:
        abstract = True

    def full_clean(self, exclude=None, validate_unique=True, validate_constraints=True, *, begrotingswijziging=None):
        # Whether the part may change at all comes first and alone: a refusal here is the whole
        # answer, as field errors on something that cannot be saved would only mislead.
        try:
            self.controleer_bewerkbaar(begrotingswijziging=begrotingswijziging)
        except ValidationError as fout:
            raise ValidationError(fout.update_error_dict({})) from None
        super().full_clean(exclude, validate_unique, validate_constraints)

    def save(self, *args, begrotingswijziging=None, **kwargs):
        self.controleer_bewerkbaar(begrotingswijziging=begrotingswijziging)
        super().save(*args, **kwargs)

    def delete(self, *args, begrotingswijziging=None, **kwargs):
        self.controleer_bewerkbaar(verwijderen=True, begrotingswijziging=begrotingswijziging)
        return super().delete(*args, **kwargs)

    def _jaarplan(self) -> Jaarplan | None:
        obj = self
        for deel in self.jaarplan_pad.split("__"):
            if getattr(obj, f"{deel}_id", True) is None:
                return None
            obj = getattr(obj, deel)
        return obj

    def controleer_bewerkbaar(self, *, verwijderen: bool = False, begrotingswijziging=None) -> None:
        """Refuse, with the reason, a change (or with `verwijderen` a removal) of this part. A
        budget part of a vastgesteld jaarplan passes only with the `begrotingswijziging` (a saved
        Begrotingswijziging of the same jaarplan) it is part of."""
        jaarplan = self._jaarplan()
        if jaarplan is None:
            return
        # The stored status counts, not a copy of the jaarplan cached on this instance.
        status = Jaarplan.objects.filter(pk=jaarplan.pk).values_list("status", flat=True).first() or jaarplan.status
        if status == Jaarplan.Status.AFGESLOTEN:
            raise ValidationError(
                f"Jaarplan {jaarplan.jaar} is afgesloten; er kan niets meer aan worden gewijzigd, "
                "ook de realisatie niet."
            )
        if self.is_begroting and status == Jaarplan.Status.VASTGESTELD:
            if begrotingswijziging is None or begrotingswijziging.pk is None:
                raise ValidationError(
                    f"Jaarplan {jaarplan.jaar} is vastgesteld; "
                    "wijzig de begroting via een begrotingswijziging met een reden."
                )
            if begrotingswijziging.jaarplan_id != jaarplan.pk:
                raise ValidationError(
                    f"Deze begrotingswijziging hoort bij een ander jaarplan dan jaarplan {jaarplan.jaar}; "
                    "wijzig de begroting van dit jaarplan met een eigen begrotingswijziging."
                )
        if self.vast_na_vaststellen is not None and status == Jaarplan.Status.VASTGESTELD:
            self._controleer_vastgesteld(jaarplan, verwijderen)

    def _controleer_vastgesteld(self, jaarplan: Jaarplan, verwijderen: bool) -> None:
        naam = self._meta.verbose_name
        if verwijderen or self._state.adding:
            raise ValidationError(
                f"Jaarplan {jaarplan.jaar} is vastgesteld: de stuurgroep heeft de activiteiten en streefwaarden "
                f"vastgesteld zoals ze zijn, dus een {naam} {'verwijderen' if verwijderen else 'toevoegen'} kan niet "
                "meer. Naam, locatie, omschrijving en volgorde kunt u nog aanpassen; geld verschuift u met een "
                "begrotingswijziging."
            )
        opgeslagen = type(self).objects.filter(pk=self.pk).values(*self.vast_na_vaststellen).first() or {}
        veranderd = {
            veld: f"Jaarplan {jaarplan.jaar} is vastgesteld; de {self._meta.get_field(veld).verbose_name} van deze "
            f"{naam} ligt vast zoals de stuurgroep die vaststelde."
            for veld in self.vast_na_vaststellen
            if veld in opgeslagen and opgeslagen[veld] != getattr(self, self._meta.get_field(veld).attname)
        }
        if veranderd:
            raise ValidationError(veranderd)


@eenmaal_gebouwd
def alle_jaarplannen_met_totalen():
    """Every jaarplan `met_totalen()`, annotated once (kern.db.eenmaal_gebouwd): a page or sheet
    filters this instead of annotating its own jaarplannen."""
    return Jaarplan.objects.met_totalen()


@eenmaal_gebouwd
def alle_activiteiten_met_totalen():
    """Every activity `met_totalen()`, annotated once (kern.db.eenmaal_gebouwd): a page or sheet
    filters this instead of annotating its own activities."""
    return Activiteit.objects.met_totalen()


class JaarplanDeelQuerySet(RegioQuerySet):
    regio_pad = "jaarplan__leerwerkloket"


class ActiviteitDeelQuerySet(RegioQuerySet):
    regio_pad = "activiteit__jaarplan__leerwerkloket"


class ActiviteitQuerySet(JaarplanDeelQuerySet):
    def met_totalen(self):
        """Annotate begroot, gedekt, gerealiseerd, and the two sides of their difference:
        ongedekt = max(0, begroot - gedekt) and overgedekt = max(0, gedekt - begroot)."""
        return self.annotate(**_activiteit_totalen())


def met_toewijzing(toezeggingen, *, behalve=None):
    """Annotate a Toezegging queryset with toegewezen (what the dekking allocates of each to
    activities) and vrij (toegezegd, money and in kind, not yet allocated). It lives here, not on
    the toezegging, because a toezegging does not know what it pays for. `behalve`: a dekking
    left out (the one being checked)."""
    if behalve is not None and behalve.pk:
        toegewezen = som(Dekking.objects.filter(toezegging=OuterRef("pk")).exclude(pk=behalve.pk))
    else:
        toegewezen = _toegewezen()
    return toezeggingen.annotate(toegewezen=toegewezen).annotate(
        vrij=ExpressionWrapper(TOEGEZEGD - F("toegewezen"), output_field=GELD)
    )


@functools.cache
def _toegewezen():
    return som(Dekking.objects.filter(toezegging=OuterRef("pk")))


class Activiteit(JaarplanOnderdeel):
    """Something the Leerwerkloket does in a year that costs money and that funding is tied to.
    `code` stays the same from year to year, so years can be compared."""

    class Soort(models.TextChoices):
        LOKETFUNCTIE = "loketfunctie", "Loketfunctie en adviesgesprekken"
        SPREEKUUR = "spreekuur", "Spreekuur vrije inloop"
        E_PORTFOLIO = "e_portfolio", "E-portfolio"
        LEERWERKARRANGEMENT = "leerwerkarrangement", "Leerwerkarrangement"
        ROUTEKAART_BBL = "routekaart_bbl", "Regionale routekaart BBL"
        TAALAKKOORD = "taalakkoord", "Taalakkoord"
        OVERIG = "overig", "Overig"

    vast_na_vaststellen = ("code", "project")

    jaarplan = models.ForeignKey(
        Jaarplan, verbose_name="jaarplan", on_delete=models.CASCADE, related_name="activiteiten"
    )
    code = models.SlugField("code", max_length=50, help_text="Blijft elk jaar gelijk, zodat jaren vergelijkbaar zijn.")
    naam = models.CharField("naam", max_length=200)
    soort = models.CharField("soort", max_length=30, choices=Soort.choices)
    locatie = models.CharField("locatie", max_length=100, blank=True, help_text="Bijvoorbeeld 'Werkplein Hengelo'.")
    project = models.ForeignKey(
        Project, verbose_name="project", on_delete=models.PROTECT, null=True, blank=True, related_name="activiteiten"
    )
    omschrijving = models.TextField("omschrijving", blank=True)
    # The bound PostgreSQL enforces, checked on SQLite too, so both databases refuse alike.
    volgorde = models.PositiveSmallIntegerField("volgorde", default=0, validators=[MaxValueValidator(32767)])

    history = HistoricalRecords()
    objects = ActiviteitQuerySet.as_manager()

    class Meta:
        ordering = ["jaarplan", "volgorde", "naam"]
        verbose_name = "activiteit"
        verbose_name_plural = "activiteiten"
        constraints = [models.UniqueConstraint(fields=["jaarplan", "code"], name="activiteit_code_uniek_per_jaarplan")]

    def __str__(self):
        return self.naam

    def unique_error_message(self, model_class, unique_check):
        if tuple(unique_check) == ("jaarplan", "code"):
            return ValidationError(
                f"Dit jaarplan heeft al een activiteit met de code '{self.code}'; kies een andere code.",
                code="unique_together",
            )
        return super().unique_error_message(model_class, unique_check)

    def clean_fields(self, exclude=None):
        # A new activity named but without a code gets one from its name, before "code" is checked.
        if not self.code and self.naam and self.jaarplan_id:
            self.code = self.vrije_code()
        super().clean_fields(exclude=exclude)

    def vrije_code(self) -> str:
        """A code made from the name that no other activity of the jaarplan has: "Taalakkoord 2.0"
        becomes "taalakkoord-20", or "taalakkoord-20-2" when that is taken."""
        basis = slugify(self.naam)[:50].strip("-") or "activiteit"
        bezet = set(self.jaarplan.activiteiten.exclude(pk=self.pk).values_list("code", flat=True))
        code, volgnummer = basis, 1
        while code in bezet:
            volgnummer += 1
            achtervoegsel = f"-{volgnummer}"
            code = basis[: 50 - len(achtervoegsel)].rstrip("-") + achtervoegsel
        return code

    def clean(self):
        super().clean()
        if self.project_id and self.jaarplan_id and self.project.leerwerkloket_id != self.jaarplan.leerwerkloket_id:
            raise ValidationError({"project": "Kies een project uit de eigen regio."})

    def delete(self, *args, **kwargs):
        # Its budget and coverage go with it (a concept may lose them); what was spent may not.
        if self.kostenrealisaties.exists() or Outputrealisatie.objects.filter(indicator__activiteit=self).exists():
            raise ValidationError(f"'{self}' heeft al realisatie en kan niet worden verwijderd.")
        return super().delete(*args, **kwargs)


class IndicatorQuerySet(ActiviteitDeelQuerySet):
    def met_gerealiseerd(self):
        """Annotate gerealiseerd: what was delivered, the sum of the measurements. The share of the
        target and whether it is met are the indicator's methods (`deel`, `gehaald`)."""
        return self.annotate(gerealiseerd=_gerealiseerde_output())


@functools.cache
def _gerealiseerde_output():
    return aantal_subquery(Outputrealisatie.objects.filter(indicator=OuterRef("pk")))


class Indicator(JaarplanOnderdeel):
    """An output the activity delivers, with this year's target (streefwaarde)."""

    jaarplan_pad = "activiteit__jaarplan"
    vast_na_vaststellen = ("code", "eenheid", "streefwaarde")

    activiteit = models.ForeignKey(
        Activiteit, verbose_name="activiteit", on_delete=models.CASCADE, related_name="indicatoren"
    )
    code = models.SlugField("code", max_length=50)
    naam = models.CharField("naam", max_length=200, help_text="Bijvoorbeeld 'Loopbaangesprekken'.")
    eenheid = models.CharField("eenheid", max_length=50, help_text="Bijvoorbeeld 'gesprekken' of 'deelnemers'.")
    streefwaarde = models.PositiveIntegerField("streefwaarde", validators=[MaxValueValidator(10_000_000)])

    history = HistoricalRecords()
    objects = IndicatorQuerySet.as_manager()

    class Meta:
        ordering = ["activiteit", "naam"]
        verbose_name = "indicator"
        verbose_name_plural = "indicatoren"
        constraints = [
            models.UniqueConstraint(fields=["activiteit", "code"], name="indicator_code_uniek_per_activiteit")
        ]

    def __str__(self):
        return f"{self.naam} ({self.activiteit})"

    def unique_error_message(self, model_class, unique_check):
        if tuple(unique_check) == ("activiteit", "code"):
            return ValidationError(
                f"'{self.activiteit}' heeft al een indicator met de code '{self.code}'; kies een andere code.",
                code="unique_together",
            )
        return super().unique_error_message(model_class, unique_check)

    @staticmethod
    def deel_van_streef(gerealiseerd: int, streefwaarde: int) -> Decimal | None:
        """The share of the target delivered (1 is the whole target); None without a target. Static,
        so a report's row (laid down, without the indicator) reads the same rule."""
        return verhouding(gerealiseerd, streefwaarde)

    @staticmethod
    def streef_gehaald(gerealiseerd: int, streefwaarde: int) -> bool:
        return gerealiseerd >= streefwaarde

    def deel(self) -> Decimal | None:
        """Of an indicator read `met_gerealiseerd()`."""
        return self.deel_van_streef(self.gerealiseerd, self.streefwaarde)

    def gehaald(self) -> bool:
        """Of an indicator read `met_gerealiseerd()`."""
        return self.streef_gehaald(self.gerealiseerd, self.streefwaarde)

    def delete(self, *args, **kwargs):
        if self.realisaties.exists():
            raise ValidationError(f"Voor '{self.naam}' is al output vastgelegd; de indicator kan niet weg.")
        return super().delete(*args, **kwargs)


class Begrotingsregel(JaarplanOnderdeel):
    is_begroting = True
    jaarplan_pad = "activiteit__jaarplan"

    activiteit = models.ForeignKey(
        Activiteit, verbose_name="activiteit", on_delete=models.CASCADE, related_name="begrotingsregels"
    )
    kostensoort = models.CharField("kostensoort", max_length=20, choices=Kostensoort.choices)
    bedrag = MoneyField("bedrag")
    toelichting = models.CharField("toelichting", max_length=200, blank=True)

    history = HistoricalRecords()
    objects = ActiviteitDeelQuerySet.as_manager()

    class Meta:
        ordering = ["activiteit", "kostensoort"]
        verbose_name = "begrotingsregel"
        verbose_name_plural = "begrotingsregels"
        constraints = [
            models.UniqueConstraint(fields=["activiteit", "kostensoort"], name="begrotingsregel_een_per_kostensoort"),
            models.CheckConstraint(condition=Q(bedrag__gte=0), name="begrotingsregel_bedrag_niet_negatief"),
        ]

    def __str__(self):
        return f"{self.activiteit} – {self.get_kostensoort_display()}"

    def unique_error_message(self, model_class, unique_check):
        if tuple(unique_check) == ("activiteit", "kostensoort"):
            return ValidationError(
                f"'{self.activiteit}' heeft al een begrotingsregel voor {self.get_kostensoort_display().lower()}; "
                f"pas het bedrag daarvan aan.",
                code="unique_together",
            )
        return super().unique_error_message(model_class, unique_check)


class Dekking(JaarplanOnderdeel):
    """An amount of a year's toezegging allocated to an activity."""

    is_begroting = True
    jaarplan_pad = "activiteit__jaarplan"

    activiteit = models.ForeignKey(
        Activiteit, verbose_name="activiteit", on_delete=models.CASCADE, related_name="dekkingen"
    )
    toezegging = models.ForeignKey(
        Toezegging, verbose_name="toezegging", on_delete=models.PROTECT, related_name="dekkingen"
    )
    bedrag = MoneyField("bedrag")

    history = HistoricalRecords()
    objects = ActiviteitDeelQuerySet.as_manager()

    class Meta:
        ordering = ["activiteit", "toezegging"]
        verbose_name = "dekking"
        verbose_name_plural = "dekkingen"
        constraints = [
            models.UniqueConstraint(
                fields=["activiteit", "toezegging"], name="dekking_een_per_activiteit_per_toezegging"
            ),
            models.CheckConstraint(condition=Q(bedrag__gt=0), name="dekking_bedrag_positief"),
        ]

    def __str__(self):
        return f"{self.toezegging} → {self.activiteit}"

    def unique_error_message(self, model_class, unique_check):
        if tuple(unique_check) == ("activiteit", "toezegging"):
            return ValidationError(
                f"{self.toezegging.financier} dekt '{self.activiteit}' al; pas het bedrag daarvan aan.",
                code="unique_together",
            )
        return super().unique_error_message(model_class, unique_check)

    def clean(self):
        super().clean()
        if self.bedrag is not None and self.bedrag <= 0:
            raise ValidationError({"bedrag": "Een dekking heeft een bedrag groter dan nul."})
        if not (self.activiteit_id and self.toezegging_id) or self.bedrag is None:
            return
        from .rules import controleer_dekking

        controleer_dekking(self)


class Begrotingswijziging(models.Model):
    """The record of a change to the budget of a vastgesteld jaarplan: why, by whom, what."""

    jaarplan = models.ForeignKey(
        Jaarplan, verbose_name="jaarplan", on_delete=models.PROTECT, related_name="begrotingswijzigingen"
    )
    reden = models.TextField("reden")
    door = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name="door", on_delete=models.PROTECT, related_name="+")
    tijdstip = models.DateTimeField("tijdstip", auto_now_add=True)

    objects = JaarplanDeelQuerySet.as_manager()

    class Meta:
        ordering = ["-tijdstip"]
        verbose_name = "begrotingswijziging"
        verbose_name_plural = "begrotingswijzigingen"
        constraints = [models.CheckConstraint(condition=~Q(reden=""), name="begrotingswijziging_heeft_reden")]

    def __str__(self):
        return f"Begrotingswijziging {self.jaarplan.jaar} van {self.tijdstip:%d-%m-%Y}"


class Begrotingswijzigingsregel(models.Model):
    wijziging = models.ForeignKey(
        Begrotingswijziging, verbose_name="begrotingswijziging", on_delete=models.CASCADE, related_name="regels"
    )
    omschrijving = models.CharField("omschrijving", max_length=300)
    oud_bedrag = MoneyField("oud bedrag")
    nieuw_bedrag = MoneyField("nieuw bedrag")

    class Meta:
        ordering = ["pk"]
        verbose_name = "regel van een begrotingswijziging"
        verbose_name_plural = "regels van een begrotingswijziging"

    def __str__(self):
        return self.omschrijving

    @property
    def verschil(self) -> Decimal:
        return self.nieuw_bedrag - self.oud_bedrag


class BoekingenHistorie(HistoricalRecords):
    """django-simple-history's records of cost bookings, with only the indexes their readers use:
    an import writes 100,000 records at once, and on PostgreSQL each index costs about a tenth of
    a second per 100,000 records (benchmarks/RESULTS.md). The records are read by object (`id`,
    indexed as always) and, for the jaarplan's history, by activity for the bookings typed by
    hand only (a partial index; a read-in booking's history is its import's). No index on the
    moment or the user: those readers sort what they read; only deleting a user reads the table
    whole, to clear `history_user`."""

    def __init__(self, **kwargs):
        super().__init__(no_db_index=["activiteit", "importbatch"], excluded_fields=["vingerafdruk"], **kwargs)

    @property
    def _date_indexing(self):
        return False

    def _get_history_user_fields(self):
        velden = super()._get_history_user_fields()
        velden["history_user"].db_index = False
        return velden

    def get_meta_options(self, model):
        opties = super().get_meta_options(model)
        opties["indexes"] = [
            models.Index(fields=["activiteit"], condition=Q(geimporteerd=False), name="jaarplan_hkr_handmatig_idx")
        ]
        return opties


class Kostenrealisatie(JaarplanOnderdeel):
    """Money actually spent on an activity (a negative amount is a correction or credit)."""

    jaarplan_pad = "activiteit__jaarplan"

    activiteit = models.ForeignKey(
        Activiteit, verbose_name="activiteit", on_delete=models.PROTECT, related_name="kostenrealisaties"
    )
    kostensoort = models.CharField("kostensoort", max_length=20, choices=Kostensoort.choices)
    datum = models.DateField("boekdatum")
    bedrag = MoneyField("bedrag", negatief_toegestaan=True)
    omschrijving = models.CharField("omschrijving", max_length=300, blank=True)
    geimporteerd = models.BooleanField("ingelezen uit de boekhouding", default=False, editable=False)
    # Where a booking read in from the bookkeeping comes from, so a cost can be traced back to its
    # document; typed bookings may leave them empty.
    stuknummer = models.CharField("stuknummer", max_length=60, blank=True, default="")
    grootboekrekening = models.CharField("grootboekrekening", max_length=60, blank=True, default="")
    kostenplaats = models.CharField("kostenplaats", max_length=60, blank=True, default="")
    # A booking read in from the bookkeeping knows its import and the row of the file it came from
    # (what an undo removes), and a fingerprint of what that row says: the same booking in another
    # file, or the same file saved as .csv, is recognised by it. On the booking itself, not in a
    # table beside it: that was a second row and a second foreign-key check per booking an import
    # writes, on PostgreSQL about a sixth of an import's time (benchmarks/RESULTS.md).
    importbatch = models.ForeignKey(
        "jaarplan.Importbatch",
        verbose_name="import",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="boekingen",
    )
    rijnummer = models.PositiveIntegerField("rij in het bestand", null=True, blank=True, editable=False)
    vingerafdruk = models.CharField("vingerafdruk", max_length=32, blank=True, default="", editable=False)

    # What a booking says beside its activity: what a person types and an import reads per row
    # (the form, the importer's field rules and its insert take these, in this order).
    BOEKINGSVELDEN = (
        "kostensoort",
        "datum",
        "bedrag",
        "omschrijving",
        "stuknummer",
        "grootboekrekening",
        "kostenplaats",
    )

    history = BoekingenHistorie()
    objects = ActiviteitDeelQuerySet.as_manager()

    class Meta:
        ordering = ["datum", "pk"]
        verbose_name = "kostenrealisatie"
        verbose_name_plural = "kostenrealisaties"
        # The realisatie list (newest first, one page) reads the first rows of this index instead of
        # sorting every booking of the country: 269 ms -> 5 ms at 35 regions x 10 years (decision 0070).
        indexes = [models.Index(fields=["-datum", "-id"], name="kostenrealisatie_nieuwste")]

    def __str__(self):
        return f"{self.activiteit} {self.datum:%d-%m-%Y}"

    def clean(self):
        super().clean()
        fouten = self.regel_fouten(**self.regelvelden())
        if fouten:
            raise ValidationError(fouten)

    def regelvelden(self) -> dict:
        """This booking's values as `regel_fouten` takes them (no activity yet: None)."""
        velden = {naam: getattr(self, naam) for naam in self.BOEKINGSVELDEN}
        return {"activiteit": self.activiteit if self.activiteit_id else None, **velden}

    @staticmethod
    def regel_fouten(
        *, activiteit, kostensoort, datum, bedrag, omschrijving, stuknummer, grootboekrekening, kostenplaats
    ):
        """The rules of one booking, for every way one comes in: `clean()` (so the form, the admin
        and every service that calls full_clean) and the ledger import, which asks it for every
        row of its file before anything is written. A rule of a booking goes here, and nowhere
        else. Takes the values by field name (`regelvelden()` of an instance, or the importer's
        row); the activity's jaarplan is read from the activity (the import hands the same few
        activities to every row, so no query per row). Returns {field: [Dutch messages]}, empty
        when the booking may be made. Values a field cannot hold at all (too long, not a date)
        are the field's own validators' business (clean_fields; the import asks them too), and
        whether the jaarplan still takes bookings is the jaarplan's (`controleer_bewerkbaar`)."""
        fouten = {}
        if activiteit is not None and datum is not None and datum.year != activiteit.jaarplan.jaar:
            fouten["datum"] = [
                f"De boekdatum {datum:%d-%m-%Y} valt niet in {activiteit.jaarplan.jaar}, het jaar van dit jaarplan."
            ]
        return fouten

    def controleer_bewerkbaar(self, *, verwijderen: bool = False, begrotingswijziging=None, importbatch=None) -> None:
        """A booking read in from the bookkeeping changes only with its own import, passed as
        `importbatch` (undone as a whole, then read in again from a corrected file)."""
        super().controleer_bewerkbaar(verwijderen=verwijderen, begrotingswijziging=begrotingswijziging)
        if not self.pk:
            return
        # The stored booking's import, if it was read in (one query: it is on the row itself).
        herkomst = list(type(self).objects.filter(pk=self.pk, geimporteerd=True).values_list("importbatch", flat=True))
        if herkomst and not (importbatch and herkomst[0] == importbatch.pk):
            raise ValidationError(
                "Deze boeking is ingelezen uit de boekhouding en wijzigt alleen met haar import: maak die import "
                "ongedaan en lees een verbeterd bestand in."
            )


class OutputrealisatieQuerySet(RegioQuerySet):
    regio_pad = "indicator__activiteit__jaarplan__leerwerkloket"


class Outputrealisatie(JaarplanOnderdeel):
    """What an activity actually delivered on an indicator, as of a date."""

    jaarplan_pad = "indicator__activiteit__jaarplan"

    indicator = models.ForeignKey(
        Indicator, verbose_name="indicator", on_delete=models.PROTECT, related_name="realisaties"
    )
    datum = models.DateField("datum")
    aantal = models.PositiveIntegerField("aantal", validators=[MaxValueValidator(10_000_000)])
    toelichting = models.CharField("toelichting", max_length=300, blank=True)

    history = HistoricalRecords()
    objects = OutputrealisatieQuerySet.as_manager()

    class Meta:
        ordering = ["datum", "pk"]
        verbose_name = "outputrealisatie"
        verbose_name_plural = "outputrealisaties"

    def __str__(self):
        return f"{self.indicator.naam}: {self.aantal}"

    def clean(self):
        super().clean()
        if self.indicator_id and self.datum:
            jaar = self.indicator.activiteit.jaarplan.jaar
            if self.datum.year != jaar:
                raise ValidationError({"datum": f"De datum valt niet in {jaar}, het jaar van dit jaarplan."})


class Importbatch(FSMModelMixin, models.Model):
    """One uploaded bookkeeping file: first a preview (voorbeeld), then read in whole (`inlezen`),
    and possibly undone (`ongedaan_maken`). Its status moves only through those transitions
    (django-fsm-2, as the jaarplan's; `status` cannot be assigned), called by the import's
    services in jaarplan.importeren.realisatie."""

    class Status(models.TextChoices):
        VOORBEELD = "voorbeeld", "Voorbeeld (nog niet ingelezen)"
        INGELEZEN = "ingelezen", "Ingelezen"
        ONGEDAAN = "ongedaan", "Ongedaan gemaakt"

    leerwerkloket = models.ForeignKey(
        Leerwerkloket, verbose_name="leerwerkloket", on_delete=models.PROTECT, related_name="importbatches"
    )
    status = FSMField(
        "status", max_length=12, choices=Status.choices, default=Status.VOORBEELD, editable=False, protected=True
    )
    bestandsnaam = models.CharField("bestandsnaam", max_length=255)
    checksum = models.CharField("SHA-256", max_length=64)
    inhoud = models.BinaryField("inhoud van het bestand")
    jaar = models.PositiveSmallIntegerField("jaar", null=True, blank=True)
    kolommen = models.JSONField("kolomindeling", default=dict, blank=True)
    kopregel = models.PositiveIntegerField("kopregel (rijnummer)", null=True, blank=True)
    # What the file was recognised as (a bookkeeping package's layout, a remembered column
    # mapping, an XAF auditfile), shown on the preview; empty when the user maps the columns.
    bron = models.CharField("herkend als", max_length=100, blank=True, default="")
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

    @property
    def is_voorbeeld(self) -> bool:
        return self.status == self.Status.VOORBEELD

    @property
    def is_ingelezen(self) -> bool:
        return self.status == self.Status.INGELEZEN

    @transition(field=status, source=Status.VOORBEELD, target=Status.INGELEZEN)
    def inlezen(self, *, door, jaar: int, aantal_regels: int, totaal: Decimal) -> None:
        """Its rows were written (by `import_doorvoeren`, in the same transaction): what, by whom, when."""
        self.jaar = jaar
        self.aantal_regels = aantal_regels
        self.totaal = totaal
        self.ingelezen_door = door
        self.ingelezen_op = timezone.now()

    @transition(field=status, source=Status.INGELEZEN, target=Status.ONGEDAAN)
    def ongedaan_maken(self, *, door) -> None:
        """Its rows were removed (by `import_ongedaan_maken`); the batch stays on record."""
        self.ongedaan_door = door
        self.ongedaan_op = timezone.now()


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


class Kolomindeling(models.Model):
    """A column mapping the user chose for a bookkeeping export that no known layout recognised,
    remembered per region and per source: the header row's signature (`handtekening`, a hash of
    its normalised column names), so the next export from the same package and report is read
    the same way without asking again."""

    leerwerkloket = models.ForeignKey(
        Leerwerkloket, verbose_name="leerwerkloket", on_delete=models.CASCADE, related_name="kolomindelingen"
    )
    handtekening = models.CharField("handtekening van de kopregel", max_length=64)
    bron = models.CharField("bron (de kolomnamen van de kopregel)", max_length=300)
    kolommen = models.JSONField("kolomindeling (veld: kolomnaam)", default=dict)
    aangepast_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    aangepast_op = models.DateTimeField("aangepast op", auto_now=True)

    objects = RegioQuerySet.as_manager()

    class Meta:
        ordering = ["bron"]
        verbose_name = "onthouden kolomindeling"
        verbose_name_plural = "onthouden kolomindelingen"
        constraints = [
            models.UniqueConstraint(
                fields=["leerwerkloket", "handtekening"], name="kolomindeling_eenmaal_per_regio_per_bron"
            ),
        ]

    def __str__(self):
        return self.bron
