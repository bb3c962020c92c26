"""The funding cycle's calendar of a region on a day, derived from the data: what is due, for
whom, by when, and the page that does it. No list of tasks is kept by hand: an item appears when
the data says it is due and disappears when the data says it is done (decision 0064).

Each kind of item is one function below (`Soort`); `kalender(regio, op)` returns them all ordered
by date. The figures an item names (openstaand, dagen te laat) come from their QuerySet homes."""

import datetime
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse

from financiering.models import (
    Financieringsafspraak,
    Looptoestand,
    Toezegging,
    alle_facturen_met_ontvangen,
    laatste_eindjaar_dat_afloopt,
)
from jaarplan.models import Jaarplan
from kern.money import format_euro
from kern.tekst import aantal
from partners.roles import Rol
from rapportage.models import Stuurgroeprapport

from .models import Factuurschema, Soort, Stuurgroepvergadering, Verantwoording, Verantwoordingstermijn

# From this day of the year the next year's jaarplan and SZW's grant for it are due (DOMAIN.md:
# a jaarplan is adopted before its year starts; assumption: preparing it starts in September).
VOLGEND_JAAR_VANAF = (9, 1)
# The next year's jaarplan is made by this day, so the stuurgroep can adopt it in December (assumption).
JAARPLAN_KLAAR_OP = (12, 1)
# Last year's plan is closed by this day (assumption); realisatie through December first.
AFSLUITEN_UITERLIJK = (3, 31)
# An invoice of the schedule shows this many days before its day; a meeting's report and a
# verantwoording show this many days before theirs (assumptions, settings below may change them).
FACTUUR_VOORUIT_DAGEN = 14
VERGADERING_VOORUIT_DAGEN = 28
VERANTWOORDING_VOORUIT_DAGEN = 60


@dataclass(frozen=True)
class Item:
    """One thing due: `soort` (a `Soort`), what it is, for which roles, by when (`datum`), and the
    page that does it. `onderwerp` and `periode` name it for reminders: one mail per person ever."""

    soort: str
    titel: str
    datum: datetime.date
    url: str
    link: str
    onderwerp: str
    periode: str
    toelichting: str = ""
    status: str = ""  # a word the list shows beside it: "te tekenen", "verlopen"
    # For a role that watches rather than does it (the stuurgroep and a renewal): where to read it.
    url_lezen: str = ""
    link_lezen: str = ""

    @property
    def rollen(self) -> frozenset[str]:
        return ROLLEN[self.soort]

    def verlopen_op(self, op: datetime.date) -> bool:
        return self.datum < op

    @property
    def sleutel(self) -> tuple[str, str, str]:
        return (self.soort, self.onderwerp, self.periode)


def _dag(jaar: int, maand_dag: tuple[int, int]) -> datetime.date:
    return datetime.date(jaar, *maand_dag)


PL = frozenset({Rol.PROJECTLEIDER})
PL_SG = frozenset({Rol.PROJECTLEIDER, Rol.STUURGROEP})
FIN = frozenset({Rol.FINANCIEN})
PL_FIN = frozenset({Rol.PROJECTLEIDER, Rol.FINANCIEN})
# For whom each kind is: who does it, and the stuurgroep where it watches that it happens.
ROLLEN: dict[str, frozenset[str]] = {
    Soort.AFSPRAAK_LOOPT_AF: PL_SG,
    Soort.SUBSIDIE_VOLGEND_JAAR: PL,
    Soort.JAARPLAN_MAKEN: PL,
    Soort.JAARPLAN_VASTSTELLEN: PL_SG,
    Soort.REALISATIE_BOEKEN: FIN,
    Soort.JAARPLAN_AFSLUITEN: PL_FIN,
    Soort.FACTUUR_VERSTUREN: FIN,
    Soort.FACTUUR_VERLOPEN: FIN,
    Soort.RAPPORT_VASTLEGGEN: PL_SG,
    Soort.VERGADERING: PL_SG,
    Soort.VERANTWOORDING: PL_FIN,
}
# Who does it, where that is fewer than who sees it: the others get the item's reading link.
DOEN: dict[str, frozenset[str]] = {Soort.AFSPRAAK_LOOPT_AF: PL}
SOORTEN_PER_ROL: dict[str, list[str]] = {
    rol: [soort for soort, rollen in ROLLEN.items() if rol in rollen]
    for rol in (Rol.PROJECTLEIDER, Rol.STUURGROEP, Rol.FINANCIEN)
}


def afspraken_die_aflopen(regio, op: datetime.date) -> Iterator[Item]:
    """Signed agreements that end within AFSPRAAK_LOOPT_AF_MAANDEN (or ended last year) without a
    signed successor. A concept renewal does not make the item go: it shows as "te tekenen"."""
    afloop = laatste_eindjaar_dat_afloopt(op, settings.AFSPRAAK_LOOPT_AF_MAANDEN)
    opvolgers = Financieringsafspraak.objects.filter(
        leerwerkloket=OuterRef("leerwerkloket"),
        financier=OuterRef("financier"),
        soort=OuterRef("soort"),
        startjaar__gt=OuterRef("eindjaar"),
    )
    afspraken = (
        Financieringsafspraak.objects.voor_regio(regio)
        .telt()
        .filter(eindjaar__isnull=False, eindjaar__gte=op.year - 1, eindjaar__lte=afloop, startjaar__lte=op.year)
        .exclude(Exists(opvolgers.telt()))
        .select_related("financier")
        .order_by("eindjaar", "financier__naam", "naam")
    )
    concepten = {
        (c.financier_id, c.soort, c.startjaar): c
        for c in Financieringsafspraak.objects.voor_regio(regio).filter(status=Financieringsafspraak.Status.CONCEPT)
    }
    for afspraak in afspraken:
        concept = next(
            (
                c
                for (f, s, start), c in sorted(concepten.items())
                if f == afspraak.financier_id and s == afspraak.soort and start > afspraak.eindjaar
            ),
            None,
        )
        eind = datetime.date(afspraak.eindjaar, 12, 31)
        if concept is not None:
            yield Item(
                Soort.AFSPRAAK_LOOPT_AF,
                f"{afspraak.financier}: verlenging {concept.looptijd} tekenen",
                eind,
                reverse("afspraken:tekenen", args=[concept.pk]),
                f"'{concept}' tekenen",
                f"afspraak:{afspraak.pk}",
                str(afspraak.eindjaar),
                f"'{afspraak}' loopt af op 31 december {afspraak.eindjaar}; de verlenging is een concept en telt "
                "pas als zij getekend is.",
                "te tekenen",
                reverse("afspraken:detail", args=[concept.pk]),
                "Naar de verlenging",
            )
        else:
            yield Item(
                Soort.AFSPRAAK_LOOPT_AF,
                f"{afspraak.financier}: afspraak {afspraak.looptijd} verlengen",
                eind,
                reverse("afspraken:verlengen", args=[afspraak.pk]),
                f"{afspraak.financier} verlengen",
                f"afspraak:{afspraak.pk}",
                str(afspraak.eindjaar),
                f"'{afspraak}' loopt af op 31 december {afspraak.eindjaar} en heeft nog geen opvolger.",
                "loopt af" if afspraak.looptoestand_op(op) == Looptoestand.LOOPT_AF else "afgelopen",
                reverse("afspraken:detail", args=[afspraak.pk]),
                "Naar de afspraak",
            )


def subsidie_volgend_jaar(regio, op: datetime.date) -> Iterator[Item]:
    """A structural grant without end year that has no toezegging yet for this year, or from
    September for next year: a person confirms that it carries on (the beschikking)."""
    jaren = [op.year] + ([op.year + 1] if op >= _dag(op.year, VOLGEND_JAAR_VANAF) else [])
    for jaar in jaren:
        for afspraak in (
            Financieringsafspraak.objects.voor_regio(regio).door_te_zetten(jaar).select_related("financier")
        ):
            yield Item(
                Soort.SUBSIDIE_VOLGEND_JAAR,
                f"{afspraak.financier}: subsidie {jaar} vastleggen",
                datetime.date(jaar - 1, 12, 31),
                reverse("afspraken:detail", args=[afspraak.pk]),
                f"{afspraak.financier} doorzetten naar {jaar}",
                f"afspraak:{afspraak.pk}",
                str(jaar),
                f"Vorig bedrag ({afspraak.vorig_jaar}): {format_euro(afspraak.vorig_bedrag)}. Leg de beschikking "
                f"voor {jaar} vast of zet de subsidie door.",
            )


def jaarplan_maken(regio, op: datetime.date) -> Iterator[Item]:
    """From September, next year's jaarplan; any time, this year's if it is missing (a region that
    has one at all: a new region's first steps say the rest)."""
    jaren = set(Jaarplan.objects.voor_regio(regio).values_list("jaar", flat=True))
    if not jaren:
        return
    nodig = [op.year] + ([op.year + 1] if op >= _dag(op.year, VOLGEND_JAAR_VANAF) else [])
    for jaar in nodig:
        if jaar not in jaren:
            yield Item(
                Soort.JAARPLAN_MAKEN,
                f"Jaarplan {jaar} maken",
                _dag(jaar - 1, JAARPLAN_KLAAR_OP),
                reverse("jaarplan:lijst"),  # its button "Nieuw jaarplan maken" posts the new year
                "Naar de jaarplannen",
                f"jaarplan:{regio.pk}:{jaar}",
                str(jaar),
                f"De stuurgroep stelt jaarplan {jaar} vóór 1 januari {jaar} vast.",
            )


def jaarplan_vaststellen(regio, op: datetime.date) -> Iterator[Item]:
    """A concept jaarplan of this year or later: the stuurgroep adopts it before 1 January."""
    for plan in Jaarplan.objects.voor_regio(regio).filter(status=Jaarplan.Status.CONCEPT, jaar__gte=op.year):
        yield Item(
            Soort.JAARPLAN_VASTSTELLEN,
            f"Jaarplan {plan.jaar} vaststellen",
            datetime.date(plan.jaar - 1, 12, 31),
            reverse("jaarplan:detail", args=[plan.pk]),
            f"Naar jaarplan {plan.jaar}",
            f"jaarplan:{plan.pk}",
            str(plan.jaar),
            f"Jaarplan {plan.jaar} is een concept; de stuurgroep stelt het vóór 1 januari {plan.jaar} vast.",
        )


def jaarplan_afsluiten(regio, op: datetime.date) -> Iterator[Item]:
    """A vastgesteld plan of a year that has ended: first its realisatie through December
    (finance staff), then closing it (the projectleider or finance staff)."""
    for plan in Jaarplan.objects.voor_regio(regio).filter(status=Jaarplan.Status.VASTGESTELD, jaar__lt=op.year):
        geboekt_tot = plan.geboekt_tot_nu()
        uiterlijk = _dag(plan.jaar + 1, AFSLUITEN_UITERLIJK)
        if plan.tot_december(geboekt_tot):
            yield Item(
                Soort.JAARPLAN_AFSLUITEN,
                f"Jaarplan {plan.jaar} afsluiten",
                uiterlijk,
                reverse("jaarplan:afsluiten", args=[plan.pk]),
                f"Jaarplan {plan.jaar} afsluiten",
                f"jaarplan:{plan.pk}",
                str(plan.jaar),
                f"{plan.jaar} is voorbij en de realisatie is geboekt tot en met {geboekt_tot:%d-%m-%Y}.",
            )
        else:
            yield Item(
                Soort.REALISATIE_BOEKEN,
                f"Realisatie {plan.jaar} boeken tot en met december",
                uiterlijk,
                reverse("jaarplan:realisatie", args=[plan.pk]),
                f"Naar de realisatie {plan.jaar}",
                f"jaarplan:{plan.pk}",
                str(plan.jaar),
                f"Geboekt tot en met {geboekt_tot:%d-%m-%Y}; daarna kan jaarplan {plan.jaar} worden afgesloten.",
            )


def facturen_volgens_schema(regio, op: datetime.date) -> Iterator[Item]:
    """Each moment of an agreement's invoicing schedule (`Factuurschema`) from a fortnight before
    it, until the toezegging of that year has as many invoices as moments passed."""
    schemas = {
        s.afspraak_id: s
        for s in Factuurschema.objects.voor_regio(regio).filter(afspraak__status=Financieringsafspraak.Status.GETEKEND)
    }
    if not schemas:
        return
    vooruit = op + datetime.timedelta(days=FACTUUR_VOORUIT_DAGEN)
    toezeggingen = (
        Toezegging.objects.filter(
            afspraak_id__in=schemas, jaar__in=[op.year - 1, op.year, vooruit.year], bedrag_geld__gt=0
        )
        .select_related("afspraak__financier")
        .annotate(facturen_aantal=Count("facturen", filter=Q(facturen__crediteert__isnull=True)))
        .order_by("jaar", "afspraak__financier__naam")
    )
    for toezegging in toezeggingen:
        momenten = schemas[toezegging.afspraak_id].data(toezegging.jaar)
        for termijn, dag in enumerate(momenten, start=1):
            if dag > vooruit or toezegging.facturen_aantal >= termijn:
                continue
            yield Item(
                Soort.FACTUUR_VERSTUREN,
                f"{toezegging.afspraak.financier}: factuur {toezegging.jaar}, termijn {termijn} van {len(momenten)}",
                dag,
                reverse("facturen:nieuw", args=[toezegging.pk]),
                "Factuur maken",
                f"toezegging:{toezegging.pk}",
                f"{toezegging.jaar}-{termijn}",
            )


def verlopen_facturen(regio, op: datetime.date) -> Iterator[Item]:
    """Invoices past their due date with money open (`FactuurQuerySet.verlopen`)."""
    facturen = (
        alle_facturen_met_ontvangen(op)
        .voor_regio(regio)
        .te_laat()
        .select_related("toezegging__afspraak__financier")
        .annotate(herinneringen_aantal=Count("herinneringen"))
        .order_by("vervaldatum", "nummer")
    )
    for factuur in facturen:
        yield Item(
            Soort.FACTUUR_VERLOPEN,
            f"Factuur {factuur.nummer} van {factuur.toezegging.afspraak.financier} is verlopen",
            factuur.vervaldatum,
            reverse("cyclus:betalingsherinnering", args=[factuur.pk]),
            "Herinnering opstellen" if factuur.herinneringen_aantal < 2 else "Naar de herinneringen",
            f"factuur:{factuur.pk}",
            "verlopen",
            f"{format_euro(factuur.openstaand)} openstaand, {factuur.dagen_te_laat} dagen na de vervaldatum; "
            f"{aantal(factuur.herinneringen_aantal, 'herinnering,herinneringen')} verstuurd.",
            "verlopen",
        )


def vergaderingen(regio, op: datetime.date) -> Iterator[Item]:
    """A stuurgroep meeting within four weeks; before it, the report laid down for it (a
    definitive or concept Stuurgroeprapport with the meeting's date)."""
    tot = op + datetime.timedelta(days=VERGADERING_VOORUIT_DAGEN)
    vastgelegd = Stuurgroeprapport.objects.filter(
        leerwerkloket=OuterRef("leerwerkloket"), vergaderdatum=OuterRef("datum")
    )
    for vergadering in (
        Stuurgroepvergadering.objects.voor_regio(regio)
        .filter(datum__gte=op, datum__lte=tot)
        .annotate(heeft_rapport=Exists(vastgelegd))
    ):
        dag = f"{vergadering.datum:%d-%m-%Y}"
        yield Item(
            Soort.VERGADERING,
            f"Stuurgroepvergadering {dag}" + (f": {vergadering.omschrijving}" if vergadering.omschrijving else ""),
            vergadering.datum,
            reverse("dashboard:rapport") + f"?datum={vergadering.datum.isoformat()}",
            "Naar het stuurgroeprapport",
            f"vergadering:{vergadering.pk}",
            vergadering.datum.isoformat(),
        )
        if not vergadering.heeft_rapport:
            yield Item(
                Soort.RAPPORT_VASTLEGGEN,
                f"Stuurgroeprapport vastleggen voor de vergadering van {dag}",
                vergadering.datum - datetime.timedelta(days=1),
                reverse("dashboard:rapport") + f"?datum={vergadering.datum.isoformat()}&jaar={vergadering.datum.year}",
                "Rapport vastleggen",
                f"vergadering:{vergadering.pk}",
                vergadering.datum.isoformat(),
            )


def verantwoordingen(regio, op: datetime.date) -> Iterator[Item]:
    """The verantwoording over each year of an agreement with a deadline (`Verantwoordingstermijn`),
    from two months before that deadline until it is recorded as submitted."""
    termijnen = Verantwoordingstermijn.objects.voor_regio(regio).select_related("afspraak__financier")
    ingediend = set(Verantwoording.objects.voor_regio(regio).values_list("afspraak_id", "jaar"))
    for termijn in termijnen:
        afspraak = termijn.afspraak
        if not afspraak.is_getekend:
            continue
        laatste = min(op.year, afspraak.eindjaar + 1 if afspraak.eindjaar else op.year)
        for jaar in range(max(afspraak.startjaar, op.year - 2), laatste):
            uiterlijk = termijn.uiterlijk(jaar)
            if (afspraak.pk, jaar) in ingediend or op < uiterlijk - datetime.timedelta(
                days=VERANTWOORDING_VOORUIT_DAGEN
            ):
                continue
            yield Item(
                Soort.VERANTWOORDING,
                f"Verantwoording {jaar} aan {afspraak.financier}",
                uiterlijk,
                reverse("cyclus:verantwoording", args=[afspraak.pk, jaar]),
                "Verantwoording maken en als ingediend vastleggen",
                f"afspraak:{afspraak.pk}",
                str(jaar),
            )


BRONNEN: list[Callable[..., Iterator[Item]]] = [
    afspraken_die_aflopen,
    subsidie_volgend_jaar,
    jaarplan_maken,
    jaarplan_vaststellen,
    jaarplan_afsluiten,
    facturen_volgens_schema,
    verlopen_facturen,
    vergaderingen,
    verantwoordingen,
]


def kalender(regio, op: datetime.date) -> list[Item]:
    """Everything due in `regio` on `op`, ordered by date."""
    if regio is None:
        return []
    return sorted((item for bron in BRONNEN for item in bron(regio, op)), key=lambda i: (i.datum, i.titel))


def voor_gebruiker(items: list[Item], gebruiker) -> list[Item]:
    """The items whose roles the user has (in their own region: `kalender` was asked for it), each
    with the link of what this user does: the action, or where to read it for a role that watches."""
    rollen = gebruiker.rollen
    return [
        item
        if item.url_lezen == "" or DOEN[item.soort] & rollen
        else replace(item, url=item.url_lezen, link=item.link_lezen)
        for item in items
        if item.rollen & rollen
    ]
