"""Money in: agreements with financiers, their yearly toezeggingen, invoices and payments.

A toezegging does not know what it pays for; the dekking in `jaarplan` points at it. Apps above
this one add rules about a toezegging through `Toezegging.extra_controles`, so that a change
here still obeys them without this module importing them."""

import calendar
import datetime
import functools
from collections.abc import Callable
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.db.models import Case, Exists, F, OuterRef, Q, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone
from django_fsm import FSMField, FSMModelMixin, transition
from simple_history.models import HistoricalRecords

from kern.db import (
    GELD,
    Dagen,
    EenmaalGeschreven,
    aantal_subquery,
    bedrag_som,
    eenmaal_gebouwd,
    groepen_met_totaal,
    opgeteld,
    som,
)
from kern.fields import MoneyField
from kern.fsm import BeschermdeStatusMixin
from kern.iban import valideer_iban
from kern.money import ZERO, format_euro, verhouding
from kern.scoping import RegioQuerySet
from kern.validators import valideer_document
from partners.models import Leerwerkloket, Partner, Project

JAAR_VALIDATORS = [MinValueValidator(2000), MaxValueValidator(2100)]


class FinancieringsafspraakQuerySet(RegioQuerySet):
    def telt(self):
        """The agreements that commit: not a concept (STATUS_TELT_NIET, as ToezeggingQuerySet.telt)."""
        return self.exclude(status__in=STATUS_TELT_NIET)

    def met_totalen(self, *, ook_concept: bool = False):
        """Annotate each agreement with the sums over its years of its toezeggingen' figures
        (`totaal_geld`, `totaal_natura`, `totaal_toegezegd`, `totaal_gefactureerd`,
        `totaal_ontvangen`, `totaal_openstaand`), as ToezeggingQuerySet defines them. A concept
        agreement's own page asks `ook_concept` to show what it proposes."""
        jaren = (
            Toezegging.objects.filter(afspraak=OuterRef("pk"))
            .met_toegezegd(ook_concept=ook_concept)
            .met_geldstroom(ook_concept=ook_concept)
        )
        figuren = {"geld": "bedrag_geld", "natura": "bedrag_natura"}
        return self.annotate(
            **{
                f"totaal_{naam}": som(jaren, figuren.get(naam, naam))
                for naam in ("geld", "natura", "toegezegd", "gefactureerd", "ontvangen", "openstaand")
            }
        )

    def cofinanciering_in(self, jaar: int):
        """The cofinanciering agreements that owe a toezegging in `jaar`: those running in `jaar`,
        and those that ended less than a period (their own length) before it and have no
        successor of the same financier started by then. A co-financier with a commitment in the
        year before has an agreement running then, so it is among these too: a partner that
        stopped paying stays in sight for a period, instead of vanishing when its agreement ends.
        A concept owes nothing and succeeds nothing: a renewal not yet signed keeps the partner in sight."""
        cofinanciering = self.telt().filter(soort=Financieringsafspraak.Soort.COFINANCIERING)
        opvolger = Financieringsafspraak.objects.telt().filter(
            leerwerkloket=OuterRef("leerwerkloket"),
            financier=OuterRef("financier"),
            soort=Financieringsafspraak.Soort.COFINANCIERING,
            eindjaar__gt=OuterRef("eindjaar"),
            startjaar__lte=jaar,
        )
        return cofinanciering.alias(
            _zicht_tot=2 * F("eindjaar") - F("startjaar") + 1,  # the last year of a period after its end
            _opgevolgd=Exists(opvolger),
        ).filter(
            Q(startjaar__lte=jaar, eindjaar__gte=jaar) | Q(eindjaar__lt=jaar, _zicht_tot__gte=jaar, _opgevolgd=False)
        )

    def door_te_zetten(self, jaar: int):
        """Open-ended structural grants started by `jaar` without a toezegging for it that do have
        an earlier one: a person confirms that the grant carries on (`toezegging_doorzetten`).
        Annotated with `vorig_jaar` and `vorig_bedrag`, the latest earlier toezegging."""
        vorige = Toezegging.objects.filter(afspraak=OuterRef("pk"), jaar__lt=jaar).order_by("-jaar")
        return (
            self.telt()
            .filter(soort=Financieringsafspraak.Soort.STRUCTURELE_SUBSIDIE, eindjaar__isnull=True, startjaar__lte=jaar)
            .exclude(toezeggingen__jaar=jaar)
            .annotate(
                vorig_jaar=Subquery(vorige.values("jaar")[:1]), vorig_bedrag=Subquery(vorige.values("bedrag_geld")[:1])
            )
            .filter(vorig_jaar__isnull=False)
        )

    def zonder_toezegging_in(self, jaar: int):
        """The agreements that owe a toezegging in `jaar` and have none: running in it (an
        open-ended grant too), or a cofinanciering still in sight (`cofinanciering_in`)."""
        lopend = Q(startjaar__lte=jaar) & (Q(eindjaar__isnull=True) | Q(eindjaar__gte=jaar))
        in_zicht = Financieringsafspraak.objects.cofinanciering_in(jaar).values("pk")
        return self.telt().filter(lopend | Q(pk__in=in_zicht)).exclude(toezeggingen__jaar=jaar)

    def lopen_af(self, *, op: datetime.date, maanden: int | None = None):
        """The agreements whose derived state on `op` is "loopt af" (signed, begun, ending on 31
        December of a year within `maanden` months, AFSPRAAK_LOOPT_AF_MAANDEN by default) and that
        have no successor of the same financier and soort yet (a concept renewal is one: the
        renewal is under way, and shows in the agreement list as concept)."""
        opvolger = Financieringsafspraak.objects.filter(
            leerwerkloket=OuterRef("leerwerkloket"),
            financier=OuterRef("financier"),
            soort=OuterRef("soort"),
            startjaar__gt=OuterRef("eindjaar"),
        )
        return self.in_looptoestand(Looptoestand.LOOPT_AF, op=op, maanden=maanden).exclude(Exists(opvolger))

    def in_looptoestand(self, looptoestand: str, *, op: datetime.date, maanden: int | None = None):
        """The agreements whose derived state (`Financieringsafspraak.looptoestand_op`) on `op` is
        `looptoestand`: the same rule, in the database, for a list that filters by it."""
        return self.alias(_looptoestand=looptoestand_expressie(op, maanden)).filter(_looptoestand=looptoestand)


class Looptoestand(models.TextChoices):
    """What an agreement is on a day, derived from its stored status (concept or getekend), its
    years and that day; never stored, so it cannot disagree with its years."""

    CONCEPT = "concept", "Concept"
    NOG_NIET_BEGONNEN = "nog_niet_begonnen", "Nog niet begonnen"
    LOOPT = "loopt", "Loopt"
    LOOPT_AF = "loopt_af", "Loopt af"
    BEEINDIGD = "beeindigd", "Beëindigd"


def laatste_eindjaar_dat_afloopt(op: datetime.date, maanden: int) -> int:
    """The last end year of an agreement that ends (on 31 December of it) within `maanden`
    months after `op`: what "loopt af" means, for the derived state and the home page's list."""
    grens = plus_maanden(op, maanden)
    return grens.year if grens >= datetime.date(grens.year, 12, 31) else grens.year - 1


def looptoestand_expressie(op: datetime.date, maanden: int | None = None) -> Case:
    """`Financieringsafspraak.looptoestand_op` as a database expression (the tests hold the two
    to the same answers); `maanden` is AFSPRAAK_LOOPT_AF_MAANDEN unless given."""
    maanden = settings.AFSPRAAK_LOOPT_AF_MAANDEN if maanden is None else maanden
    afloop = laatste_eindjaar_dat_afloopt(op, maanden)
    return Case(
        When(status="concept", then=Value(Looptoestand.CONCEPT)),
        When(startjaar__gt=op.year, then=Value(Looptoestand.NOG_NIET_BEGONNEN)),
        When(eindjaar__lt=op.year, then=Value(Looptoestand.BEEINDIGD)),
        When(eindjaar__lte=afloop, then=Value(Looptoestand.LOOPT_AF)),
        default=Value(Looptoestand.LOOPT),
        output_field=models.CharField(),
    )


def plus_maanden(datum: datetime.date, maanden: int) -> datetime.date:
    """`datum` moved `maanden` calendar months on; the 31st becomes the month's last day."""
    jaar, maand = divmod(datum.month - 1 + maanden, 12)
    jaar, maand = datum.year + jaar, maand + 1
    return datetime.date(jaar, maand, min(datum.day, calendar.monthrange(jaar, maand)[1]))


class Financieringsafspraak(BeschermdeStatusMixin, models.Model):
    """An agreement with a financier. Stored is only whether it is signed: `status` moves from
    concept to getekend through the transition `tekenen` (django-fsm-2; it cannot be assigned),
    which records the date and the signatories. Whether it runs, is not yet begun, runs out or has
    ended is derived from its years and the day (`looptoestand_op`). A signed agreement's amounts
    change only with a reason, which goes into the history."""

    class Soort(models.TextChoices):
        COFINANCIERING = "cofinanciering", "Cofinanciering"
        PROJECTBIJDRAGE = "projectbijdrage", "Projectbijdrage"
        STRUCTURELE_SUBSIDIE = "structurele_subsidie", "Structurele subsidie"

    class Status(models.TextChoices):
        CONCEPT = "concept", "Concept"
        GETEKEND = "getekend", "Getekend"

    leerwerkloket = models.ForeignKey(
        Leerwerkloket, verbose_name="Leerwerkloket", on_delete=models.PROTECT, related_name="afspraken"
    )
    financier = models.ForeignKey(Partner, verbose_name="financier", on_delete=models.PROTECT, related_name="afspraken")
    soort = models.CharField("soort", max_length=30, choices=Soort.choices)
    naam = models.CharField("naam", max_length=200, help_text="Bijvoorbeeld 'Cofinanciering UWV 2017-2021'.")
    status = FSMField(
        "status", max_length=20, choices=Status.choices, default=Status.CONCEPT, editable=False, protected=True
    )
    getekend_op = models.DateField("getekend op", null=True, blank=True, editable=False)
    # The signatories are the financier's and the region's representatives (a UWV director, the
    # wethouder), not users of this app: their names as text. Who recorded it is a user.
    getekend_door = models.CharField(
        "ondertekend door", max_length=200, blank=True, editable=False, help_text="Wie de afspraak ondertekenden."
    )
    getekend_vastgelegd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="ondertekening vastgelegd door",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    startjaar = models.PositiveSmallIntegerField("eerste jaar", validators=JAAR_VALIDATORS)
    eindjaar = models.PositiveSmallIntegerField(
        "laatste jaar",
        null=True,
        blank=True,
        validators=JAAR_VALIDATORS,
        help_text="Leeg bij een structurele subsidie zonder einddatum.",
    )
    minimum_per_jaar = MoneyField(
        "minimum per jaar",
        null=True,
        blank=True,
        help_text="Bij cofinanciering: wat de financier ten minste per jaar toezegt.",
    )
    in_natura_telt_mee = models.BooleanField(
        "in natura telt mee voor het minimum",
        default=False,
        help_text="Bijvoorbeeld een adviseur van UWV die aan het loket werkt.",
    )
    project = models.ForeignKey(
        Project,
        verbose_name="project",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="afspraken",
        help_text="Alleen bij een projectbijdrage: het project waaraan de financier bijdraagt.",
    )
    beschikkingsnummer = models.CharField("beschikkingsnummer", max_length=100, blank=True)
    beschikkingsdatum = models.DateField("beschikkingsdatum", null=True, blank=True)
    document = models.FileField(
        "ondertekend document of beschikking",
        upload_to="afspraken/%Y/",
        blank=True,
        validators=[valideer_document],
        help_text="PDF of afbeelding, ten hoogste 10 MB.",
    )
    notities = models.TextField("notities", blank=True)

    history = HistoricalRecords()
    objects = FinancieringsafspraakQuerySet.as_manager()

    class Meta:
        ordering = ["financier__naam", "startjaar"]
        verbose_name = "financieringsafspraak"
        verbose_name_plural = "financieringsafspraken"
        constraints = [
            models.CheckConstraint(
                condition=Q(eindjaar__isnull=True) | Q(eindjaar__gte=F("startjaar")),
                name="afspraak_eindjaar_na_startjaar",
            ),
            models.CheckConstraint(
                condition=~Q(soort="cofinanciering") | (Q(minimum_per_jaar__isnull=False) & Q(eindjaar__isnull=False)),
                name="afspraak_cofinanciering_heeft_minimum_en_looptijd",
            ),
            models.CheckConstraint(
                condition=(Q(soort="projectbijdrage") & Q(project__isnull=False))
                | (~Q(soort="projectbijdrage") & Q(project__isnull=True)),
                name="afspraak_project_alleen_bij_projectbijdrage",
            ),
            models.CheckConstraint(
                condition=Q(minimum_per_jaar__isnull=True) | Q(minimum_per_jaar__gte=0),
                name="afspraak_minimum_niet_negatief",
            ),
            # A signed agreement has its signing date; a concept has none.
            models.CheckConstraint(
                condition=(Q(status="concept") & Q(getekend_op__isnull=True))
                | (Q(status="getekend") & Q(getekend_op__isnull=False)),
                name="afspraak_getekend_heeft_datum",
            ),
        ]

    def __str__(self):
        return self.naam

    @property
    def looptijd(self) -> str:
        return f"{self.startjaar}–{self.eindjaar}" if self.eindjaar else f"vanaf {self.startjaar}"

    def jaren(self, tot_en_met: int | None = None) -> range:
        """The years of the period; an open-ended grant runs to `tot_en_met` (or its start)."""
        laatste = self.eindjaar or max(tot_en_met or self.startjaar, self.startjaar)
        return range(self.startjaar, laatste + 1)

    @property
    def telt(self) -> bool:
        """Whether this agreement commits (not a concept): what `telt()` of the querysets selects."""
        return self.status not in STATUS_TELT_NIET

    @property
    def is_getekend(self) -> bool:
        return self.status == self.Status.GETEKEND

    def looptoestand_op(self, op: datetime.date) -> Looptoestand:
        """What the agreement is on `op`: a concept, or signed and not yet begun, running, running
        out (ending within AFSPRAAK_LOOPT_AF_MAANDEN months), or ended. Derived, never stored;
        `FinancieringsafspraakQuerySet.in_looptoestand` is the same rule in the database."""
        if not self.is_getekend:
            return Looptoestand.CONCEPT
        if self.startjaar > op.year:
            return Looptoestand.NOG_NIET_BEGONNEN
        if self.eindjaar is not None and self.eindjaar < op.year:
            return Looptoestand.BEEINDIGD
        if self.eindjaar is not None and self.eindjaar <= laatste_eindjaar_dat_afloopt(
            op, settings.AFSPRAAK_LOOPT_AF_MAANDEN
        ):
            return Looptoestand.LOOPT_AF
        return Looptoestand.LOOPT

    @property
    def looptoestand(self) -> Looptoestand:
        """`looptoestand_op` today: what the list, the detail page and the partner page show."""
        return self.looptoestand_op(timezone.localdate())

    def get_looptoestand_display(self) -> str:
        return self.looptoestand.label

    @transition(field=status, source=Status.CONCEPT, target=Status.GETEKEND)
    def tekenen(self, *, getekend_op: datetime.date | None, getekend_door: str, door=None) -> None:
        """Record that the agreement is signed, on `getekend_op` by `getekend_door` (the
        signatories' names); `door` is the user who records it. From then on its toezeggingen
        count, and its amounts change only with a reason. The date is not in the future (a date
        years before the period is allowed: a multi-year arrangement may be signed well ahead).
        Who may do this is `permissions.can_tekenen`."""
        fouten = {}
        getekend_door = (getekend_door or "").strip()
        if getekend_op is None:
            fouten["getekend_op"] = "Vul de datum in waarop de afspraak getekend is."
        elif getekend_op > timezone.localdate():
            fouten["getekend_op"] = (
                f"De datum van ondertekening ({getekend_op:%d-%m-%Y}) ligt in de toekomst. Leg de ondertekening "
                "vast op of na de dag dat zij getekend is."
            )
        if not getekend_door:
            fouten["getekend_door"] = "Vul in wie de afspraak ondertekend hebben."
        if self.soort == self.Soort.STRUCTURELE_SUBSIDIE and not (self.beschikkingsnummer and self.beschikkingsdatum):
            fouten["beschikkingsnummer"] = (
                "Een toegekende subsidie heeft een beschikking: vul eerst bij Bewerken het nummer en de datum in."
            )
        if fouten:
            raise ValidationError(fouten)
        self.getekend_op = getekend_op
        self.getekend_door = getekend_door[:200]
        self.getekend_vastgelegd_door = door

    def in_looptijd(self, jaar: int) -> bool:
        return jaar >= self.startjaar and (self.eindjaar is None or jaar <= self.eindjaar)

    def telt_voor_minimum(self, bedrag_geld: Decimal, bedrag_natura: Decimal) -> Decimal:
        return bedrag_geld + (bedrag_natura if self.in_natura_telt_mee else ZERO)

    def save(self, *args, **kwargs):
        # A replaced or cleared document leaves the disk once the save is committed; a save that
        # is rolled back keeps it. The history keeps the old file's name, not the file.
        vorig = type(self).objects.filter(pk=self.pk).values_list("document", flat=True).first() if self.pk else ""
        super().save(*args, **kwargs)
        if vorig and vorig != self.document.name:
            opslag = self.document.storage
            transaction.on_commit(lambda: opslag.delete(vorig))

    def clean(self):
        super().clean()
        fouten = {}
        if self.financier_id and self.leerwerkloket_id and self.financier.leerwerkloket_id != self.leerwerkloket_id:
            fouten["financier"] = "Kies een financier uit de eigen regio."
        if self.financier_id and self.financier.groep_id:
            fouten["financier"] = (
                f"{self.financier} financiert samen met de andere leden van {self.financier.groep}; "
                f"leg de afspraak vast met {self.financier.groep}."
            )
        if self.eindjaar is not None and self.startjaar is not None and self.eindjaar < self.startjaar:
            fouten["eindjaar"] = "Het laatste jaar kan niet voor het eerste jaar liggen."
        if self.soort == self.Soort.COFINANCIERING:
            if self.minimum_per_jaar is None:
                fouten["minimum_per_jaar"] = "Vul het minimum per jaar in; cofinanciering heeft altijd een minimum."
            if self.eindjaar is None:
                fouten["eindjaar"] = "Cofinanciering geldt voor een vaste periode; vul het laatste jaar in."
        elif self.minimum_per_jaar is not None:
            fouten["minimum_per_jaar"] = "Alleen cofinanciering heeft een minimum per jaar; maak dit veld leeg."
        if self.soort == self.Soort.PROJECTBIJDRAGE:
            if self.project_id is None:
                fouten["project"] = "Kies het project waaraan deze projectbijdrage is verbonden."
            elif self.leerwerkloket_id and self.project.leerwerkloket_id != self.leerwerkloket_id:
                fouten["project"] = "Kies een project uit de eigen regio."
        elif self.project_id is not None:
            fouten["project"] = "Alleen een projectbijdrage hoort bij een project; maak dit veld leeg."
        if (
            self.soort == self.Soort.STRUCTURELE_SUBSIDIE
            and self.status != self.Status.CONCEPT
            and not (self.beschikkingsnummer and self.beschikkingsdatum)
        ):
            fouten["beschikkingsnummer"] = "Een toegekende subsidie heeft een beschikking: vul nummer en datum in."
        if fouten:
            raise ValidationError(fouten)
        if self.pk:
            self._controleer_bestaande_toezeggingen()
            self._controleer_reden_bij_getekend()

    # What was signed with whom: it does not change on a signed agreement (a new agreement does).
    GETEKEND_VAST = ("financier", "soort", "project")
    # What changes on a signed agreement only with a reason, as its amounts do, and how to say it.
    GETEKEND_MET_REDEN = {
        "minimum_per_jaar": "het minimum per jaar verandert",
        "startjaar": "de looptijd verandert",
        "eindjaar": "de looptijd verandert",
        "in_natura_telt_mee": "verandert of natura meetelt",
    }

    def _controleer_reden_bij_getekend(self):
        """A signed agreement keeps its financier, kind and project; its minimum, period and whether
        in kind counts change only with a reason (kern.geschiedenis.opslaan's `reden`, which the
        history keeps), as its toezeggingen' amounts do (Toezegging.clean)."""
        velden = [f"{naam}_id" if naam in ("financier", "project") else naam for naam in self.GETEKEND_VAST]
        opgeslagen = type(self).objects.filter(pk=self.pk).values("status", *velden, *self.GETEKEND_MET_REDEN).first()
        if not opgeslagen or opgeslagen["status"] != self.Status.GETEKEND:
            return
        fouten = {
            naam: "De afspraak is getekend: zij blijft bij deze financier, soort en project. Leg een andere "
            "afspraak vast als dat verandert."
            for naam, veld in zip(self.GETEKEND_VAST, velden, strict=True)
            if opgeslagen[veld] != getattr(self, veld)
        }
        if not heeft_reden(self):
            for naam, wat in self.GETEKEND_MET_REDEN.items():
                if opgeslagen[naam] != getattr(self, naam) and naam not in fouten:
                    fouten[naam] = ValidationError(reden_nodig(self, wat), code=REDEN_NODIG)
        if fouten:
            raise ValidationError(fouten)

    def _controleer_bestaande_toezeggingen(self):
        """A changed period or minimum must still hold for the toezeggingen already made."""
        for toezegging in self.toezeggingen.all():
            if not self.in_looptijd(toezegging.jaar):
                raise ValidationError(
                    f"Er is al een toezegging voor {toezegging.jaar}; dat jaar moet binnen de looptijd blijven."
                )
            if self.soort == self.Soort.COFINANCIERING:
                geteld = self.telt_voor_minimum(toezegging.bedrag_geld, toezegging.bedrag_natura)
                if geteld < self.minimum_per_jaar:
                    raise ValidationError(
                        {
                            "minimum_per_jaar": f"De toezegging voor {toezegging.jaar} ({format_euro(geteld)}) "
                            f"is lager dan dit minimum; pas eerst die toezegging aan."
                        }
                    )


# The refusal of an amount changed in a signed agreement without a reason; a page puts it next
# to its reason field.
REDEN_NODIG = "reden_nodig"


def heeft_reden(obj) -> bool:
    """Whether the save under way carries a reason (kern.geschiedenis.opslaan sets it before full_clean)."""
    return bool((getattr(obj, "_change_reason", "") or "").strip())


def reden_nodig(afspraak: Financieringsafspraak, wat: str) -> str:
    """`wat`: what changes, as a clause ("het bedrag voor 2024 verandert")."""
    return f"'{afspraak}' is getekend en {wat}: vul de reden van de wijziging in; die komt in de geschiedenis."


# A toezegging's figures, each defined once here. The expressions read a Toezegging row; the
# QuerySet methods below annotate them, `opgeteld()` sums them, and every page, sheet and
# snapshot reads those (`Toezegging.totaal` and `Financieringsafspraak.telt_voor_minimum` are the
# same two figures for one unsaved instance, as a form's validation needs them).
# A concept agreement (a renewal not yet signed, a proposal from the next-period plan) commits
# nothing: it and its toezeggingen count once it is signed (`tekenen`; the querysets' telt()).
STATUS_TELT_NIET = (Financieringsafspraak.Status.CONCEPT,)

TOEGEZEGD = F("bedrag_geld") + F("bedrag_natura")
TELT_MEE = Case(  # what counts towards a cofinanciering minimum: in kind only where the agreement says so
    When(afspraak__in_natura_telt_mee=True, then=TOEGEZEGD),
    default=F("bedrag_geld"),
    output_field=GELD,
)


class ToezeggingQuerySet(RegioQuerySet):
    regio_pad = "afspraak__leerwerkloket"

    def telt(self):
        """The toezeggingen that are commitments: not those of a concept agreement. The one
        definition; the figure methods below start from it, so every page, sheet and snapshot
        that reads a figure leaves concepts out, and a reader that sums toezeggingen itself
        (a subquery with `som`) filters through it first."""
        return self.exclude(afspraak__status__in=STATUS_TELT_NIET)

    def met_toegezegd(self, *, ook_concept: bool = False):
        """Annotate toegezegd (money and in kind), geteld (what counts towards the agreement's
        minimum) and gehaald (geteld reaches the minimum; None where the agreement has none).
        Only commitments (`telt()`), unless `ook_concept` (a concept agreement's own page)."""
        toezeggingen = self if ook_concept else self.telt()
        return toezeggingen.annotate(toegezegd=TOEGEZEGD, geteld=TELT_MEE).annotate(gehaald=GEHAALD)

    def met_geldstroom(self, *, ook_concept: bool = False, op: datetime.date | None = None):
        """Annotate gefactureerd, ontvangen (every payment, advances without an invoice included)
        and openstaand: what is invoiced and not yet paid on those invoices, the sum of the
        invoices' openstaand (FactuurQuerySet.met_ontvangen) on `op` (today when not given): an
        invoice dated after `op` is not open yet. An advance without an invoice (SZW pays its grant
        that way) is received money, not a negative debt. Only commitments (`telt()`), unless
        `ook_concept`."""
        sommen, op_de_dag = _geldstroom(op or timezone.localdate())
        return (
            (self if ook_concept else self.telt())
            .annotate(**sommen)
            .alias(**op_de_dag)
            .annotate(openstaand=F("gefactureerd_op") - F("ontvangen_op_facturen"))
        )

    def met_betaaltermijn(self):
        """Annotate betaaldagen and betaalde_facturen: over the toezegging's invoices paid in full
        (FactuurQuerySet.betaald), the days from each one's date to its last payment, summed, and
        how many there are. The average payment term, betaaltermijn, is their ratio; it does not
        add up, so `opgeteld()` computes it for a group and for the total from the summed parts
        (GEMIDDELDEN), never by averaging averages."""
        return self.annotate(**_betaaltermijn())

    # A figure that is not a sum: its name -> the two summed annotations it is the ratio of.
    GEMIDDELDEN = {"betaaltermijn": ("betaaldagen", "betaalde_facturen")}

    def opgeteld(self, *groep: str, met_totaal: bool = False):
        """The sums of these toezeggingen, by the database: geld, natura, toegezegd, geteld, and
        every other figure annotated on them (the geldstroom's, the dekking's toegewezen and
        vrij, the counts of met_betaaltermijn), and each average of GEMIDDELDEN from its summed
        parts. With `groep` (value fields, such as "jaar") a list of dicts, one per group in the
        order of `groep`; without, one dict over all of them. Only commitments (`telt()`).
        `met_totaal` (with `groep`): both, as (the groups, the dict over all), from one query: each
        group carries the sums over all groups as well (`groepen_met_totaal`)."""
        bedragen = {"geld": F("bedrag_geld"), "natura": F("bedrag_natura"), "toegezegd": TOEGEZEGD, "geteld": TELT_MEE}
        annotaties = self.query.annotation_select.items()
        bedragen |= {
            naam: F(naam)
            for naam, expressie in annotaties
            if naam not in bedragen and isinstance(getattr(expressie, "output_field", None), models.DecimalField)
        }
        # Aliases other than the annotations' own names: an aggregate that reuses the name of the
        # annotation it sums hides that annotation (PostgreSQL then misses the column).
        sommen = {f"som_{naam}": bedrag_som(expressie) for naam, expressie in bedragen.items()}
        aantallen = {
            f"som_{naam}": Coalesce(Sum(naam), Value(0))
            for naam, expressie in annotaties
            if isinstance(getattr(expressie, "output_field", None), models.IntegerField)
        }
        sommen |= aantallen

        def uitgewerkt(rij: dict) -> dict:
            rij = {sleutel.removeprefix("som_"): waarde for sleutel, waarde in rij.items()}
            for naam, (teller, noemer) in self.GEMIDDELDEN.items():
                if teller in rij and noemer in rij:
                    rij[naam] = verhouding(rij[teller], rij[noemer])
            return rij

        if not groep:
            return uitgewerkt(self.telt().order_by().aggregate(**sommen))
        per_groep = self.telt().order_by().values(*groep).annotate(**sommen).order_by(*groep)
        if not met_totaal:
            return [uitgewerkt(rij) for rij in per_groep]
        rijen = groepen_met_totaal(
            per_groep, bedragen=[n for n in sommen if n not in aantallen], aantallen=list(aantallen)
        )
        groepen = [uitgewerkt({k: v for k, v in rij.items() if not k.startswith("alles_")}) for rij in rijen]
        if not rijen:  # no group to carry the totals: they are the sums of nothing
            return groepen, self.opgeteld()
        return groepen, uitgewerkt({k.removeprefix("alles_"): v for k, v in rijen[0].items() if k.startswith("alles_")})


# The figures' expressions, built once (per day, where they depend on it) and annotated as they
# are: Django copies an expression as it resolves it into a query, so a shared one never changes,
# and building them was most of the time of the pages and reports that read them (issue 26).
GEHAALD = Case(
    When(afspraak__minimum_per_jaar__isnull=True, then=Value(None)),
    When(geteld__gte=F("afspraak__minimum_per_jaar"), then=Value(True)),
    default=Value(False),
    output_field=models.BooleanField(null=True),
)


@functools.lru_cache(maxsize=8)
def _geldstroom(op: datetime.date) -> tuple[dict, dict]:
    """ToezeggingQuerySet.met_geldstroom's sums on a Toezegging row: those it shows, and the two
    its openstaand on `op` is the difference of."""
    facturen = Factuur.objects.filter(toezegging=OuterRef("pk"))
    op_facturen = Betaling.objects.filter(toezegging=OuterRef("pk"), factuur__isnull=False)
    return (
        {
            "gefactureerd": som(facturen),
            "ontvangen": som(Betaling.objects.filter(toezegging=OuterRef("pk"))),
        },
        {
            "gefactureerd_op": som(facturen.filter(factuurdatum__lte=op)),
            "ontvangen_op_facturen": som(op_facturen.filter(factuur__factuurdatum__lte=op)),
        },
    )


@functools.cache
def _betaaltermijn() -> dict:
    """ToezeggingQuerySet.met_betaaltermijn's sums on a Toezegging row."""
    betaald = Factuur.objects.filter(toezegging=OuterRef("pk")).betaald()
    return {
        "betaaldagen": aantal_subquery(betaald, "betaaldagen"),
        "betaalde_facturen": aantal_subquery(betaald.annotate(een=Value(1)), "een"),
    }


class Toezegging(models.Model):
    """What an agreement commits for one year, in money and in kind."""

    afspraak = models.ForeignKey(
        Financieringsafspraak, verbose_name="afspraak", on_delete=models.PROTECT, related_name="toezeggingen"
    )
    jaar = models.PositiveSmallIntegerField("jaar", validators=JAAR_VALIDATORS)
    bedrag_geld = MoneyField("bedrag in geld", default=ZERO)
    bedrag_natura = MoneyField("waarde in natura", default=ZERO)
    omschrijving_natura = models.CharField(
        "omschrijving in natura", max_length=200, blank=True, help_text="Bijvoorbeeld '0,4 fte adviseur aan het loket'."
    )
    toelichting = models.TextField("toelichting", blank=True)

    history = HistoricalRecords()
    objects = ToezeggingQuerySet.as_manager()

    # Rules that apps above this one add (see module docstring): callables(toezegging) that raise.
    extra_controles: list[Callable[["Toezegging"], None]] = []

    class Meta:
        ordering = ["afspraak__financier__naam", "jaar"]
        verbose_name = "toezegging"
        verbose_name_plural = "toezeggingen"
        constraints = [
            models.UniqueConstraint(fields=["afspraak", "jaar"], name="toezegging_een_per_afspraak_per_jaar"),
            models.CheckConstraint(condition=Q(bedrag_geld__gte=0), name="toezegging_geld_niet_negatief"),
            models.CheckConstraint(condition=Q(bedrag_natura__gte=0), name="toezegging_natura_niet_negatief"),
        ]

    def __str__(self):
        return f"{self.afspraak.financier} {self.jaar}"

    @property
    def totaal(self) -> Decimal:
        return (self.bedrag_geld or ZERO) + (self.bedrag_natura or ZERO)

    @property
    def financier(self) -> Partner:
        return self.afspraak.financier

    def gefactureerd_en_voorschotten(self, *, behalve=None) -> tuple[Decimal, Decimal]:
        """What is invoiced on this toezegging and what came in as an advance without an invoice,
        leaving out `behalve` (the invoice or payment being checked). The rule of invoicing after
        advances (README, decisions): together they never exceed bedrag_geld. For one object's
        checks; pages and sheets read met_geldstroom()."""
        facturen, voorschotten = self.facturen.all(), self.betalingen.filter(factuur__isnull=True)
        if isinstance(behalve, Factuur) and behalve.pk:
            facturen = facturen.exclude(pk=behalve.pk)
        if isinstance(behalve, Betaling) and behalve.pk:
            voorschotten = voorschotten.exclude(pk=behalve.pk)
        return opgeteld(facturen), opgeteld(voorschotten)

    def nog_te_factureren(self, *, behalve=None) -> Decimal:
        """What may still be invoiced: the money committed, less what is invoiced and what came in
        as an advance without an invoice (that money is received; invoicing it again could never be
        paid), leaving out `behalve`. Never below zero."""
        gefactureerd, voorschotten = self.gefactureerd_en_voorschotten(behalve=behalve)
        return max(self.bedrag_geld - gefactureerd - voorschotten, ZERO)

    def controleer_telt(self, wat: str) -> None:
        """Refuse what only a commitment allows (invoicing, receiving, covering an activity)."""
        if not self.afspraak.telt:
            raise ValidationError(
                f"'{self.afspraak}' is nog een concept: de toezegging van {self.financier} voor {self.jaar} "
                f"telt pas mee als de afspraak getekend is. Leg eerst met 'Tekenen' op de afspraak vast dat zij "
                f"getekend is en ga dan {wat}."
            )

    def unique_error_message(self, model_class, unique_check):
        if tuple(unique_check) == ("afspraak", "jaar"):
            return ValidationError(
                f"{self.afspraak.financier} heeft voor {self.jaar} al een toezegging in '{self.afspraak}'; "
                f"pas die toezegging aan in plaats van een tweede te maken.",
                code="unique_together",
            )
        return super().unique_error_message(model_class, unique_check)

    def clean(self):
        super().clean()
        if not self.afspraak_id or self.jaar is None:
            return
        afspraak = self.afspraak
        financier = afspraak.financier
        if not afspraak.in_looptijd(self.jaar):
            raise ValidationError(
                {"jaar": f"{self.jaar} valt buiten de looptijd van '{afspraak}' ({afspraak.looptijd}) van {financier}."}
            )
        geld, natura = self.bedrag_geld or ZERO, self.bedrag_natura or ZERO
        if geld + natura <= 0:
            raise ValidationError(f"Een toezegging van {financier} voor {self.jaar} moet een bedrag hebben.")
        if afspraak.soort == afspraak.Soort.STRUCTURELE_SUBSIDIE and natura:
            raise ValidationError(
                {"bedrag_natura": "Een subsidie wordt in geld toegekend; maak de waarde in natura nul."}
            )
        if afspraak.soort == afspraak.Soort.COFINANCIERING:
            geteld = afspraak.telt_voor_minimum(geld, natura)
            if geteld < afspraak.minimum_per_jaar:
                uitleg = (
                    " (in natura telt in deze afspraak niet mee)" if natura and not afspraak.in_natura_telt_mee else ""
                )
                raise ValidationError(
                    f"De toezegging van {financier} voor {self.jaar} is {format_euro(geteld)}{uitleg}; "
                    f"afgesproken is minimaal {format_euro(afspraak.minimum_per_jaar)} per jaar. "
                    f"Verhoog de toezegging of pas eerst de afspraak aan."
                )
        if self.pk:
            gefactureerd, voorschotten = self.gefactureerd_en_voorschotten()
            if gefactureerd + voorschotten > geld:
                wat = f"{format_euro(gefactureerd)} gefactureerd"
                if voorschotten:
                    wat += f" en {format_euro(voorschotten)} als voorschot ontvangen"
                raise ValidationError(
                    {
                        "bedrag_geld": f"Er is al {wat} op deze toezegging; het bedrag in geld kan niet lager "
                        f"worden dan {format_euro(gefactureerd + voorschotten)}."
                    }
                )
        for controle in self.extra_controles:
            controle(self)
        # Last: an amount that breaks a rule is refused for that rule, whatever the reason.
        self._controleer_reden(afspraak, geld, natura)

    def _controleer_reden(self, afspraak: Financieringsafspraak, geld: Decimal, natura: Decimal) -> None:
        """In a signed agreement an amount changes (or a year is added) only with a reason, which
        kern.geschiedenis.opslaan puts in the history; a concept's amounts change freely."""
        if not afspraak.is_getekend or heeft_reden(self):
            return
        opgeslagen = Toezegging.objects.filter(pk=self.pk).values_list("bedrag_geld", "bedrag_natura").first()
        if opgeslagen == (geld, natura):
            return
        wat = f"het bedrag voor {self.jaar} verandert" if opgeslagen else f"er komt een toezegging voor {self.jaar} bij"
        veld = "bedrag_natura" if opgeslagen and opgeslagen[0] == geld else "bedrag_geld"
        raise ValidationError({veld: ValidationError(reden_nodig(afspraak, wat), code=REDEN_NODIG)})


class FactuurQuerySet(RegioQuerySet):
    regio_pad = "toezegging__afspraak__leerwerkloket"

    def met_ontvangen(self, *, op: datetime.date | None = None, behalve=None):
        """Annotate ontvangen (the payments on the invoice), gecrediteerd (what credit invoices took
        off it, as a positive amount) and openstaand: what is still to be paid on it. A credit
        invoice itself has nothing open; its negative amount lowers the toezegging's gefactureerd,
        so the invoices' openstaand adds up to the toezegging's (ToezeggingQuerySet.met_geldstroom).

        With `op` (a day): an invoice dated after `op` has nothing open yet (payments are counted
        as they stand, whatever their date: every caller asks for today); leeftijd is the days from
        its date to `op` (None before its date) and dagen_te_laat the days past its due date while
        something is open (None otherwise). `behalve`: a payment or
        credit invoice left out (the one being checked, `Factuur.nog_open`). The one definition of
        these figures: pages, lists, sheets and checks read them from here."""
        zonder = None
        if isinstance(behalve, Betaling | Factuur) and behalve.pk:
            zonder = (type(behalve), behalve.pk)
        sommen, open_, op_de_dag = _ontvangen(op) if zonder is None else _ontvangen_expressies(op, zonder)
        facturen = self.annotate(**sommen).annotate(**open_)
        return facturen if op is None else facturen.annotate(**op_de_dag)

    def betaald(self):
        """The invoices paid in full (not credit invoices, nothing open, at least one payment),
        annotated with betaald_op (the day of the last payment) and betaaldagen (the days from the
        invoice date to that day): what an invoice's payment term is read from."""
        laatste = Betaling.objects.filter(factuur=OuterRef("pk")).order_by("-datum").values("datum")[:1]
        return (
            self.met_ontvangen()
            .filter(crediteert__isnull=True, openstaand__lte=0)
            .annotate(betaald_op=EenmaalGeschreven(laatste, output_field=models.DateField()))
            .filter(betaald_op__isnull=False)
            .annotate(betaaldagen=Dagen("betaald_op", "factuurdatum"))
        )

    def verlopen(self, op):
        """Invoices past their due date on `op` with money still outstanding."""
        return self.met_ontvangen(op=op).te_laat()

    def te_laat(self):
        """Of invoices read `met_ontvangen(op=)`, those past their due date with money outstanding
        (`verlopen`); for `alle_facturen_met_ontvangen`."""
        return self.filter(dagen_te_laat__gt=0)


@functools.lru_cache(maxsize=8)
def _ontvangen(op: datetime.date | None) -> tuple[dict, dict, dict]:
    """FactuurQuerySet.met_ontvangen's expressions, built once for a day (see _geldstroom)."""
    return _ontvangen_expressies(op)


def _ontvangen_expressies(op: datetime.date | None, zonder: tuple[type, int] | None = None) -> tuple[dict, dict, dict]:
    """FactuurQuerySet.met_ontvangen's expressions on a Factuur row; `zonder`: the model and key of
    the payment or credit invoice left out."""
    betalingen = Betaling.objects.filter(factuur=OuterRef("pk"))
    credits = Factuur.objects.filter(crediteert=OuterRef("pk"))
    if zonder is not None and zonder[0] is Betaling:
        betalingen = betalingen.exclude(pk=zonder[1])
    if zonder is not None and zonder[0] is Factuur:
        credits = credits.exclude(pk=zonder[1])
    niets_open = Q(crediteert__isnull=False)
    if op is not None:
        niets_open |= Q(factuurdatum__gt=op)
    sommen = {"ontvangen": som(betalingen), "gecrediteerd": -som(credits)}
    open_ = {
        "openstaand": Case(
            When(niets_open, then=Value(ZERO)),
            default=F("bedrag") - F("ontvangen") - F("gecrediteerd"),
            output_field=GELD,
        )
    }
    if op is None:
        return sommen, open_, {}
    op_de_dag = {
        "leeftijd": Case(
            When(factuurdatum__lte=op, then=Dagen(op, "factuurdatum")),
            default=Value(None),
            output_field=models.IntegerField(null=True),
        ),
        "dagen_te_laat": Case(
            When(openstaand__gt=0, vervaldatum__lt=op, then=Dagen(op, "vervaldatum")),
            default=Value(None),
            output_field=models.IntegerField(null=True),
        ),
    }
    return sommen, open_, op_de_dag


# The confirmation of a future invoice date: the checkbox's label, and the refusal names it.
VOORUITGEDATEERD = "Ja, deze factuur is vooruitgedateerd"


class Factuur(models.Model):
    toezegging = models.ForeignKey(
        Toezegging, verbose_name="toezegging", on_delete=models.PROTECT, related_name="facturen"
    )
    nummer = models.CharField("factuurnummer", max_length=50)
    factuurdatum = models.DateField("factuurdatum")
    vervaldatum = models.DateField("vervaldatum")
    bedrag = MoneyField("bedrag", negatief_toegestaan=True)
    omschrijving = models.CharField("omschrijving", max_length=200, blank=True)
    crediteert = models.ForeignKey(
        "self",
        verbose_name="crediteert factuur",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="creditfacturen",
        help_text="Alleen bij een creditfactuur: de factuur die zij (deels) terugdraait.",
    )
    reden = models.CharField("reden", max_length=200, blank=True, help_text="Waarom gecrediteerd wordt.")
    vooruitgedateerd = models.BooleanField(
        VOORUITGEDATEERD,
        default=False,
        help_text="Bevestigd door financiën: de factuurdatum ligt bewust na de dag van vastleggen.",
    )

    history = HistoricalRecords()
    objects = FactuurQuerySet.as_manager()

    class Meta:
        ordering = ["factuurdatum", "nummer"]
        verbose_name = "factuur"
        verbose_name_plural = "facturen"
        constraints = [
            # An invoice is positive; a credit invoice is negative, names the invoice it reverses and why.
            models.CheckConstraint(
                condition=(Q(crediteert__isnull=True) & Q(bedrag__gt=0))
                | (Q(crediteert__isnull=False) & Q(bedrag__lt=0) & ~Q(reden="")),
                name="factuur_positief_of_credit_met_reden",
            ),
            models.CheckConstraint(
                condition=Q(vervaldatum__gte=F("factuurdatum")), name="factuur_vervaldatum_na_factuurdatum"
            ),
        ]

    def __str__(self):
        return f"{'Creditfactuur' if self.crediteert_id else 'Factuur'} {self.nummer}"

    @property
    def is_credit(self) -> bool:
        return self.crediteert_id is not None

    def clean(self):
        super().clean()
        if self.crediteert_id:
            self._controleer_credit()
        elif self.bedrag is not None and self.bedrag <= 0:
            raise ValidationError({"bedrag": "Een factuur heeft een bedrag groter dan nul."})
        if self.factuurdatum and self.vervaldatum and self.vervaldatum < self.factuurdatum:
            raise ValidationError({"vervaldatum": "De vervaldatum kan niet voor de factuurdatum liggen."})
        self.controleer_factuurdatum()
        if not self.toezegging_id or self.bedrag is None:
            return
        toezegging = self.toezegging
        toezegging.controleer_telt("factureren")
        regio = toezegging.afspraak.leerwerkloket_id
        if (
            self.nummer
            and Factuur.objects.filter(nummer=self.nummer, toezegging__afspraak__leerwerkloket=regio)
            .exclude(pk=self.pk)
            .exists()
        ):
            raise ValidationError(
                {"nummer": f"Factuurnummer {self.nummer} is al gebruikt; elk nummer komt één keer voor."}
            )
        if self.crediteert_id:
            return
        ruimte = toezegging.nog_te_factureren(behalve=self)
        if self.bedrag > ruimte:
            eerder, voorschotten = toezegging.gefactureerd_en_voorschotten(behalve=self)
            al = f"is al {format_euro(eerder)} gefactureerd"
            if voorschotten:
                al += f" en {format_euro(voorschotten)} als voorschot zonder factuur ontvangen"
            raise ValidationError(
                {
                    "bedrag": f"Op de toezegging van {toezegging.financier} voor {toezegging.jaar} "
                    f"({format_euro(toezegging.bedrag_geld)} in geld) {al}; "
                    f"er kan nog {format_euro(ruimte)} bij."
                }
            )
        if self.pk:
            ontvangen, gecrediteerd = self.ontvangen_en_gecrediteerd()
            if ontvangen + gecrediteerd > self.bedrag:
                raise ValidationError(
                    {
                        "bedrag": f"Op deze factuur is al {format_euro(ontvangen)} ontvangen"
                        + (f" en {format_euro(gecrediteerd)} gecrediteerd" if gecrediteerd else "")
                        + "."
                    }
                )

    def controleer_factuurdatum(self) -> None:
        """An invoice dated after today is a typing error, unless finance staff confirm it
        (`vooruitgedateerd`): every way in (pages, admin, demo, commands) passes clean()."""
        if self.factuurdatum and self.factuurdatum > timezone.localdate() and not self.vooruitgedateerd:
            raise ValidationError(
                {
                    "factuurdatum": ValidationError(
                        f"De factuurdatum {self.factuurdatum:%d-%m-%Y} ligt in de toekomst. Vul de datum in waarop "
                        f"de factuur verstuurd is, of vink '{VOORUITGEDATEERD}' aan als zij bewust vooruitgedateerd "
                        "is.",
                        code="vooruitgedateerd",
                    )
                }
            )

    def nog_open(self, *, behalve=None) -> Decimal:
        """What is still open on this (saved) invoice: its openstaand (FactuurQuerySet.met_ontvangen),
        leaving out `behalve` (the payment or credit invoice being checked)."""
        return Factuur.objects.met_ontvangen(behalve=behalve).values_list("openstaand", flat=True).get(pk=self.pk)

    def ontvangen_en_gecrediteerd(self, *, behalve=None) -> tuple[Decimal, Decimal]:
        """What came in on this invoice and what credit invoices took off it (as a positive
        amount), leaving out `behalve` (the payment or credit invoice being checked): the parts of
        its openstaand (FactuurQuerySet.met_ontvangen), for one object's checks."""
        betalingen, credits = self.betalingen.all(), self.creditfacturen.all()
        if isinstance(behalve, Betaling) and behalve.pk:
            betalingen = betalingen.exclude(pk=behalve.pk)
        if isinstance(behalve, Factuur) and behalve.pk:
            credits = credits.exclude(pk=behalve.pk)
        return opgeteld(betalingen), -opgeteld(credits)

    def _controleer_credit(self):
        """A credit invoice reverses at most what is still open on the invoice it names: money
        received on that invoice is corrected or reversed as a payment first."""
        origineel = self.crediteert
        if origineel.crediteert_id:
            raise ValidationError({"crediteert": "Een creditfactuur wordt niet zelf gecrediteerd."})
        if self.toezegging_id and origineel.toezegging_id != self.toezegging_id:
            raise ValidationError({"crediteert": f"Factuur {origineel.nummer} hoort bij een andere toezegging."})
        if not self.reden.strip():
            raise ValidationError({"reden": "Schrijf op waarom deze factuur wordt gecrediteerd."})
        if self.bedrag is None:
            return
        if self.bedrag >= 0:
            raise ValidationError({"bedrag": "Een creditfactuur heeft een bedrag kleiner dan nul."})
        if self.factuurdatum and origineel.factuurdatum and self.factuurdatum < origineel.factuurdatum:
            # Else the credit would lower what is open before the invoice it credits counts as open.
            raise ValidationError(
                {
                    "factuurdatum": f"Factuur {origineel.nummer} is gedateerd op {origineel.factuurdatum:%d-%m-%Y}; "
                    "een creditfactuur is niet eerder gedateerd dan de factuur die zij crediteert."
                }
            )
        ontvangen, gecrediteerd = origineel.ontvangen_en_gecrediteerd(behalve=self)
        open_ = origineel.nog_open(behalve=self)
        if -self.bedrag > open_:
            raise ValidationError(
                {
                    "bedrag": f"Op factuur {origineel.nummer} staat nog {format_euro(open_)} open "
                    f"(ontvangen {format_euro(ontvangen)}, eerder gecrediteerd {format_euro(gecrediteerd)}); "
                    f"meer kan niet worden gecrediteerd. Corrigeer of draai eerst de betaling terug."
                }
            )


@eenmaal_gebouwd
def alle_cofinancieringen_in(jaar: int):
    """Every agreement `cofinanciering_in(jaar)`, built once per year (kern.db.eenmaal_gebouwd): a
    page or sheet filters this."""
    return Financieringsafspraak.objects.cofinanciering_in(jaar)


@eenmaal_gebouwd
def alle_facturen_met_ontvangen(op: datetime.date | None):
    """Every invoice `met_ontvangen(op=op)`, annotated once per day (kern.db.eenmaal_gebouwd): a
    page or sheet filters this instead of annotating its own invoices."""
    return Factuur.objects.met_ontvangen(op=op)


@eenmaal_gebouwd
def alle_toezeggingen_met_geldstroom(op: datetime.date):
    """Every commitment `met_toegezegd().met_geldstroom(op=op)`, annotated once per day
    (kern.db.eenmaal_gebouwd): a page or sheet filters this."""
    return Toezegging.objects.met_toegezegd().met_geldstroom(op=op)


class BetalingQuerySet(RegioQuerySet):
    regio_pad = "toezegging__afspraak__leerwerkloket"


class Betaling(models.Model):
    toezegging = models.ForeignKey(
        Toezegging, verbose_name="toezegging", on_delete=models.PROTECT, related_name="betalingen"
    )
    factuur = models.ForeignKey(
        Factuur, verbose_name="factuur", on_delete=models.PROTECT, null=True, blank=True, related_name="betalingen"
    )
    datum = models.DateField("ontvangen op")
    bedrag = MoneyField("bedrag")
    referentie = models.CharField(
        "referentie", max_length=200, blank=True, help_text="Omschrijving op het bankafschrift."
    )
    # One bank line can be booked as several payments (over invoices, the rest as an advance).
    bankregel = models.ForeignKey(
        "Bankregel",
        verbose_name="bankregel",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="betalingen",
        help_text="De regel van het bankafschrift waaruit deze betaling is geboekt.",
    )

    history = HistoricalRecords()
    objects = BetalingQuerySet.as_manager()

    class Meta:
        ordering = ["datum"]
        verbose_name = "betaling"
        verbose_name_plural = "betalingen"
        constraints = [models.CheckConstraint(condition=Q(bedrag__gt=0), name="betaling_bedrag_positief")]

    def __str__(self):
        return f"Betaling {format_euro(self.bedrag)} op {self.datum:%d-%m-%Y}"

    def _controleer_bankregel(self):
        """A payment booked from a bank line keeps the statement's date, and its amount once booked:
        the statement says what came in and when, and the line's payments add up to its amount. A
        mistake there is reversed (the line opens again) and booked anew."""
        if not self.bankregel_id:
            return
        regel = Bankregel.objects.filter(pk=self.bankregel_id).values("datum", "bedrag").get()
        vast = (
            f"Deze betaling is geboekt uit het bankafschrift ({format_euro(regel['bedrag'])} op "
            f"{regel['datum']:%d-%m-%Y}); bedrag en datum staan daar vast. Draai de betaling terug (de "
            "bankregel komt weer open) en boek die opnieuw."
        )
        if self.pk is not None:
            opgeslagen = Betaling.objects.filter(pk=self.pk).values_list("bedrag", "datum").first()
            if opgeslagen and opgeslagen != (self.bedrag, self.datum):
                raise ValidationError(vast)
        if self.datum != regel["datum"]:
            raise ValidationError(vast)
        andere = opgeteld(Betaling.objects.filter(bankregel_id=self.bankregel_id).exclude(pk=self.pk))
        if self.bedrag is not None and andere + self.bedrag > regel["bedrag"]:
            raise ValidationError(
                f"Van deze bankregel van {format_euro(regel['bedrag'])} is al {format_euro(andere)} geboekt; "
                f"{format_euro(self.bedrag)} past er niet meer bij."
            )

    def clean(self):
        super().clean()
        if self.factuur_id and not self.toezegging_id:
            self.toezegging = self.factuur.toezegging
        if self.bedrag is not None and self.bedrag <= 0:
            raise ValidationError({"bedrag": "Een betaling heeft een bedrag groter dan nul."})
        self._controleer_bankregel()
        if not self.toezegging_id or self.bedrag is None:
            return
        if self.factuur_id:
            factuur = self.factuur
            if factuur.toezegging_id != self.toezegging_id:
                raise ValidationError({"factuur": f"Factuur {factuur.nummer} hoort bij een andere toezegging."})
            if factuur.crediteert_id:
                raise ValidationError({"factuur": f"{factuur} is een creditfactuur; daarop wordt niet betaald."})
            open_ = factuur.nog_open(behalve=self)
            if self.bedrag > open_:
                raise ValidationError(
                    {
                        "bedrag": f"Op factuur {factuur.nummer} staat nog {format_euro(open_)} open; "
                        f"deze betaling van {format_euro(self.bedrag)} is hoger."
                    }
                )
        toezegging = self.toezegging
        toezegging.controleer_telt("een betaling vastleggen")
        if not self.factuur_id:
            # An advance is money not invoiced: it fits beside what is invoiced (see Factuur.clean).
            ruimte = toezegging.nog_te_factureren(behalve=self)
            if self.bedrag > ruimte:
                gefactureerd, voorschotten = toezegging.gefactureerd_en_voorschotten(behalve=self)
                raise ValidationError(
                    {
                        "bedrag": f"Op de toezegging van {toezegging.financier} voor {toezegging.jaar} "
                        f"({format_euro(toezegging.bedrag_geld)} in geld) is al {format_euro(gefactureerd)} "
                        f"gefactureerd en {format_euro(voorschotten)} als voorschot ontvangen; een voorschot kan "
                        f"nog {format_euro(ruimte)} zijn."
                    }
                )
        eerder = opgeteld(toezegging.betalingen.exclude(pk=self.pk))
        if eerder + self.bedrag > toezegging.bedrag_geld:
            raise ValidationError(
                {
                    "bedrag": f"Van {toezegging.financier} is voor {toezegging.jaar} al {format_euro(eerder)} "
                    f"ontvangen van de toegezegde {format_euro(toezegging.bedrag_geld)}; "
                    "deze betaling past daar niet meer bij."
                }
            )


class Bankregel(FSMModelMixin, models.Model):
    """A line of a bank statement: money received, waiting to be booked on one or more invoices
    (what exceeds them as an advance on the financier's toezegging), or a reversal (storno) of an
    earlier receipt. The same line in a later, overlapping statement, in whatever format, has the
    same `sleutel` and is not added twice (decision 0049). Its status moves only through transitions
    (django-fsm-2; `status` cannot be assigned): open → `boeken` → geboekt (its payments,
    `betalingen`, add up to its amount), open → `negeren` → genegeerd, genegeerd → `heropenen` →
    open, geboekt → `terugdraaien` → open when its payments are reversed; a reversal: open →
    `storno_verwerken` → geboekt, and the receipt it reverses (open or geboekt) → `storneren` →
    teruggeboekt, its payments reversed. The services in financiering.bankimport.bank and
    financiering.services call them and record who, in the history."""

    class Status(models.TextChoices):
        OPEN = "open", "Nog te boeken"
        GEBOEKT = "geboekt", "Geboekt"
        GENEGEERD = "genegeerd", "Genegeerd"
        TERUGGEBOEKT = "teruggeboekt", "Teruggeboekt door de bank"

    leerwerkloket = models.ForeignKey(
        Leerwerkloket, verbose_name="leerwerkloket", on_delete=models.PROTECT, related_name="bankregels"
    )
    sleutel = models.CharField("sleutel", max_length=64)
    datum = models.DateField("datum")
    bedrag = MoneyField("bedrag", negatief_toegestaan=True)
    tegenpartij = models.CharField("tegenpartij", max_length=200, blank=True)
    tegenrekening = models.CharField(
        "IBAN tegenpartij",
        max_length=34,
        blank=True,
        validators=[valideer_iban],
        help_text="Leeg als het afschrift er geen noemt.",
    )
    omschrijving = models.CharField("omschrijving", max_length=500, blank=True)
    referentie = models.CharField(
        "end-to-endreferentie", max_length=100, blank=True, help_text="Leeg als het afschrift er geen noemt."
    )
    terugboeking = models.BooleanField(
        "terugboeking", default=False, help_text="Een storno van de bank: maakt een eerdere ontvangst ongedaan."
    )
    storneert = models.OneToOneField(
        "self",
        verbose_name="storneert",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="storno",
        help_text="Alleen bij een verwerkte terugboeking: de ontvangst die zij ongedaan maakt.",
    )
    bestandsnaam = models.CharField("uit bestand", max_length=255)
    ingelezen_door = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    ingelezen_op = models.DateTimeField("ingelezen op", auto_now_add=True)
    status = FSMField(
        "status", max_length=12, choices=Status.choices, default=Status.OPEN, editable=False, protected=True
    )

    history = HistoricalRecords()
    objects = RegioQuerySet.as_manager()

    class Meta:
        ordering = ["datum", "pk"]
        verbose_name = "bankregel"
        verbose_name_plural = "bankregels"
        constraints = [
            models.UniqueConstraint(fields=["leerwerkloket", "sleutel"], name="bankregel_eenmaal_per_regio"),
            # A receipt is money in; a reversal of a receipt takes it back out.
            models.CheckConstraint(
                condition=Q(terugboeking=False, bedrag__gt=0) | Q(terugboeking=True, bedrag__lt=0),
                name="bankregel_ontvangst_positief_storno_negatief",
            ),
            # What bankregel_geboekt_heeft_betaling said of the one payment, for a reversal: booked
            # is linked to the receipt it reverses, and only then. A booked receipt's payments
            # point at it (Betaling.bankregel) and are checked by the service (decision 0051).
            models.CheckConstraint(
                condition=Q(terugboeking=True, status="geboekt", storneert__isnull=False)
                | (~Q(terugboeking=True, status="geboekt") & Q(storneert__isnull=True)),
                name="bankregel_verwerkte_storno_noemt_ontvangst",
            ),
            models.CheckConstraint(
                condition=~Q(status="teruggeboekt", terugboeking=True), name="bankregel_alleen_ontvangst_teruggeboekt"
            ),
        ]

    def __str__(self):
        return f"{self.datum:%d-%m-%Y} {self.tegenpartij} {self.bedrag}"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    @property
    def is_genegeerd(self) -> bool:
        return self.status == self.Status.GENEGEERD

    def is_ontvangst(self) -> bool:
        return not self.terugboeking

    @transition(field=status, source=Status.OPEN, target=Status.GEBOEKT, conditions=[is_ontvangst])
    def boeken(self) -> None:
        """Booked as its payments (made by the service in the same transaction, adding up to its amount)."""

    @transition(field=status, source=Status.OPEN, target=Status.GENEGEERD)
    def negeren(self) -> None:
        """Not a financier's payment (a refund, interest): kept, but off the list of lines to book."""

    @transition(field=status, source=Status.GENEGEERD, target=Status.OPEN)
    def heropenen(self) -> None:
        """Ignored by mistake: back on the list of lines to book."""

    @transition(field=status, source=Status.GEBOEKT, target=Status.OPEN, conditions=[is_ontvangst])
    def terugdraaien(self) -> None:
        """The payments it was booked as are reversed: the line is to be booked again (or ignored)."""

    def is_terugboeking(self) -> bool:
        return self.terugboeking

    @transition(field=status, source=Status.OPEN, target=Status.GEBOEKT, conditions=[is_terugboeking])
    def storno_verwerken(self, *, ontvangst: "Bankregel") -> None:
        """This reversal undoes `ontvangst` (which the service moves to teruggeboekt)."""
        self.storneert = ontvangst

    @transition(
        field=status, source=[Status.OPEN, Status.GEBOEKT], target=Status.TERUGGEBOEKT, conditions=[is_ontvangst]
    )
    def storneren(self) -> None:
        """The bank took this receipt back (a storno): its payments are reversed by the service."""
