"""Writes to a jaarplan: its workflow, its budget and coverage. Every one is atomic and runs
the model rules (full_clean), so pages, the admin, imports and commands behave the same."""

import datetime
from contextlib import contextmanager
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.formats import date_format
from django_fsm import can_proceed

from financiering.models import Toezegging
from kern import gelijktijdig
from kern.geschiedenis import opslaan as _opslaan
from kern.money import ZERO

from .models import (
    Activiteit,
    Begrotingsregel,
    Begrotingswijziging,
    Begrotingswijzigingsregel,
    Dekking,
    Indicator,
    Jaarplan,
    JaarplanOnderdeel,
    Kostenplaatskoppeling,
    met_toewijzing,
)
from .permissions import can_afsluiten_als, can_vaststellen
from .selectors import bewaakte_rijen

Begroting = dict[tuple[Activiteit, str], Decimal]
Toewijzing = dict[tuple[Activiteit, Toezegging], Decimal]


def _begrotingsdeel_opslaan(deel: Begrotingsregel | Dekking, door, begrotingswijziging: Begrotingswijziging | None):
    """`_opslaan` for a budget line or an allocation: in a vastgesteld jaarplan the model takes
    it only as part of `begrotingswijziging`; in a concept that is None."""
    deel._history_user = door
    deel.full_clean(begrotingswijziging=begrotingswijziging)
    deel.save(begrotingswijziging=begrotingswijziging)
    return deel


@transaction.atomic
def jaarplan_aanmaken(*, leerwerkloket, jaar: int, door) -> Jaarplan:
    """A new, empty concept jaarplan: the region's first, or a year with no earlier plan to build on."""
    return _opslaan(Jaarplan(leerwerkloket=leerwerkloket, jaar=jaar), door)


@transaction.atomic
def activiteiten_overnemen(*, bron: Jaarplan, doel: Jaarplan, door) -> int:
    """Start `doel` (another region's jaarplan) from the activity catalogue of `bron`: names,
    codes, kinds, descriptions and indicators, with targets at nil, and no money, location or
    project (those are the source region's own). Returns how many activities were copied."""
    aantal = 0
    for oud in bron.activiteiten.prefetch_related("indicatoren").order_by("volgorde", "pk"):
        _activiteit_kopieren(oud, doel, door, eigen_regio=False)
        aantal += 1
    return aantal


def _activiteit_kopieren(oud: Activiteit, jaarplan: Jaarplan, door, *, eigen_regio: bool) -> Activiteit:
    """`oud` and its indicators into `jaarplan`. In the own region (a next year) with its location,
    project and targets; into another region's plan without them (those are the source's own)."""
    activiteit = _opslaan(
        Activiteit(
            jaarplan=jaarplan,
            code=oud.code,
            naam=oud.naam,
            soort=oud.soort,
            locatie=oud.locatie if eigen_regio else "",
            project=oud.project if eigen_regio else None,
            omschrijving=oud.omschrijving,
            volgorde=oud.volgorde,
        ),
        door,
    )
    for indicator in oud.indicatoren.all():
        _opslaan(
            Indicator(
                activiteit=activiteit,
                code=indicator.code,
                naam=indicator.naam,
                eenheid=indicator.eenheid,
                streefwaarde=indicator.streefwaarde if eigen_regio else 0,
            ),
            door,
        )
    return activiteit


@transaction.atomic
def onderdeel_opslaan(*, onderdeel: JaarplanOnderdeel, door) -> JaarplanOnderdeel:
    """Add or change an activity, an indicator or a realisatie row. The jaarplan is locked first, so
    the model's rules (afgesloten, vastgesteld, the year of a booking) see its status as it stays."""
    _vergrendel_onderdeel(onderdeel)
    return _opslaan(onderdeel, door)


@transaction.atomic
def onderdeel_verwijderen(*, onderdeel: JaarplanOnderdeel, door) -> None:
    _vergrendel_onderdeel(onderdeel)
    onderdeel._history_user = door
    onderdeel.delete()


def _vergrendel_onderdeel(onderdeel: JaarplanOnderdeel) -> None:
    jaarplan = onderdeel._jaarplan()
    if jaarplan is not None:
        _vergrendel(jaarplan)


@transaction.atomic
def jaarplan_vaststellen(
    *, jaarplan: Jaarplan, door, besluitdatum: datetime.date | None, aanvaard_ongedekt: Decimal | None = None
) -> Jaarplan:
    """The stuurgroep adopts the jaarplan: the transition `Jaarplan.vaststellen`, by a stuurgroep
    member. A plan with ongedekt above zero is adopted only when `aanvaard_ongedekt` names that
    shortfall; it is recorded with the decision."""
    jaarplan = Jaarplan.objects.select_for_update().get(pk=jaarplan.pk)
    if not can_proceed(jaarplan.vaststellen):
        raise ValidationError(f"Jaarplan {jaarplan.jaar} is al {jaarplan.get_status_display().lower()}.")
    if not can_vaststellen(door, jaarplan):
        raise PermissionDenied(f"Alleen een stuurgroeplid van {jaarplan.leerwerkloket} kan het jaarplan vaststellen.")
    jaarplan.vaststellen(besluitdatum=besluitdatum, door=door, aanvaard_ongedekt=aanvaard_ongedekt)
    return _opslaan(jaarplan, door)


@transaction.atomic
def jaarplan_afsluiten(*, jaarplan: Jaarplan, door, aanvaard_geboekt_tot: datetime.date | None = None) -> Jaarplan:
    """Close the year: the transition `Jaarplan.afsluiten`, by the projectleider or finance staff,
    once the year has ended. Realisatie booked short of December is closed only when
    `aanvaard_geboekt_tot` names the date it is booked through; it is recorded with the closing."""
    jaarplan = Jaarplan.objects.select_for_update().get(pk=jaarplan.pk)
    if not can_proceed(jaarplan.afsluiten, check_conditions=False):
        raise ValidationError(
            f"Alleen een vastgesteld jaarplan kan worden afgesloten; dit is {jaarplan.get_status_display().lower()}."
        )
    if not can_afsluiten_als(door, jaarplan):
        raise PermissionDenied("Alleen de projectleider of financiën kan een jaarplan afsluiten.")
    if not can_proceed(jaarplan.afsluiten):
        raise ValidationError(niet_voor_het_jaar_voorbij_is(jaarplan))
    jaarplan.afsluiten(aanvaard_geboekt_tot=aanvaard_geboekt_tot)
    return _opslaan(jaarplan, door)


def niet_voor_het_jaar_voorbij_is(jaarplan: Jaarplan) -> str:
    """The refusal of closing a plan whose year has not ended, saying from when it can."""
    return (
        f"Jaarplan {jaarplan.jaar} kan pas worden afgesloten als het jaar voorbij is, vanaf "
        f"{date_format(jaarplan.afsluitbaar_vanaf, 'j F Y')}, met de realisatie tot en met december geboekt."
    )


def _zet_bedragen(
    jaarplan: Jaarplan,
    begroting: Begroting,
    toewijzing: Toewijzing,
    door,
    wijziging: Begrotingswijziging | None = None,
):
    """Set budget lines and allocations to the given amounts; zero removes an allocation. In a
    vastgesteld jaarplan every change is part of `wijziging`. Returns [(omschrijving, oud, nieuw)]
    for what actually changed."""
    veranderd = []
    for (activiteit, kostensoort), bedrag in begroting.items():
        _hoort_bij(activiteit, jaarplan)
        regel = Begrotingsregel.objects.filter(activiteit=activiteit, kostensoort=kostensoort).first()
        oud = regel.bedrag if regel else ZERO
        if oud == bedrag:
            continue
        regel = regel or Begrotingsregel(activiteit=activiteit, kostensoort=kostensoort)
        regel.bedrag = bedrag
        with _bij_fout(("begroting", activiteit.pk, kostensoort)):
            _begrotingsdeel_opslaan(regel, door, wijziging)
        veranderd.append((f"Begroting {activiteit} – {regel.get_kostensoort_display()}", oud, bedrag))

    bestaand = {
        (d.activiteit_id, d.toezegging_id): d
        for d in Dekking.objects.filter(activiteit__jaarplan=jaarplan).select_related("toezegging__afspraak__financier")
    }
    wijzigingen = []
    for (activiteit, toezegging), bedrag in toewijzing.items():
        _hoort_bij(activiteit, jaarplan)
        dekking = bestaand.get((activiteit.pk, toezegging.pk))
        oud = dekking.bedrag if dekking else ZERO
        if oud != bedrag:
            wijzigingen.append((bedrag - oud, activiteit, toezegging, dekking, oud, bedrag))
    # Decreases first, so that moving money between activities never trips a toezegging's ceiling.
    for _, activiteit, toezegging, dekking, oud, bedrag in sorted(wijzigingen, key=lambda w: w[0]):
        with _bij_fout(("dekking", activiteit.pk, toezegging.pk)):
            if bedrag == ZERO:
                dekking._history_user = door
                dekking.delete(begrotingswijziging=wijziging)
            else:
                dekking = dekking or Dekking(activiteit=activiteit, toezegging=toezegging)
                dekking.bedrag = bedrag
                _begrotingsdeel_opslaan(dekking, door, wijziging)
        veranderd.append((f"Dekking {activiteit} door {toezegging.financier}", oud, bedrag))
    return veranderd


def _hoort_bij(activiteit: Activiteit, jaarplan: Jaarplan) -> None:
    if activiteit.jaarplan_id != jaarplan.pk:
        raise ValidationError(f"'{activiteit}' hoort niet bij jaarplan {jaarplan.jaar}.")


def _vergrendel(jaarplan: Jaarplan, toestand: str | None = None) -> Jaarplan:
    """Lock the jaarplan, then compare the editor's fingerprint with what is stored now."""
    jaarplan = Jaarplan.objects.select_for_update().get(pk=jaarplan.pk)
    gelijktijdig.controleer(toestand, *bewaakte_rijen(jaarplan), wat="dit jaarplan")
    return jaarplan


@contextmanager
def _bij_fout(sleutel: tuple):
    """Tag a refusal with the cell it is about, so a page can show it next to that cell."""
    try:
        yield
    except ValidationError as fout:
        fout.sleutel = sleutel
        raise


@transaction.atomic
def begroting_bijwerken(
    *,
    jaarplan: Jaarplan,
    door,
    begroting: Begroting | None = None,
    toewijzing: Toewijzing | None = None,
    toestand: str | None = None,
) -> list[tuple[str, Decimal, Decimal]]:
    """Change the budget and coverage of a concept jaarplan directly. With `toestand` (the
    fingerprint the editor was drawn from) a save on top of someone else's is refused."""
    jaarplan = _vergrendel(jaarplan, toestand)
    if not jaarplan.is_concept:
        raise ValidationError(
            f"Jaarplan {jaarplan.jaar} is {jaarplan.get_status_display().lower()}; "
            f"wijzig de begroting via een begrotingswijziging met een reden."
        )
    return _zet_bedragen(jaarplan, begroting or {}, toewijzing or {}, door)


@transaction.atomic
def begrotingswijziging_doorvoeren(
    *,
    jaarplan: Jaarplan,
    door,
    reden: str,
    begroting: Begroting | None = None,
    toewijzing: Toewijzing | None = None,
    toestand: str | None = None,
) -> Begrotingswijziging:
    """Change the budget of a vastgesteld jaarplan, recording why, by whom, and old → new."""
    jaarplan = _vergrendel(jaarplan, toestand)
    if jaarplan.status != Jaarplan.Status.VASTGESTELD:
        raise ValidationError(
            "Een begrotingswijziging hoort bij een vastgesteld jaarplan; "
            + ("dit jaarplan is afgesloten." if jaarplan.is_afgesloten else "een concept wijzigt u direct.")
        )
    if not (reden or "").strip():
        raise ValidationError({"reden": "Geef de reden van de begrotingswijziging op."})
    wijziging = Begrotingswijziging.objects.create(jaarplan=jaarplan, reden=reden.strip(), door=door)
    veranderd = _zet_bedragen(jaarplan, begroting or {}, toewijzing or {}, door, wijziging=wijziging)
    if not veranderd:
        raise ValidationError("Deze begrotingswijziging verandert geen bedrag.")
    Begrotingswijzigingsregel.objects.bulk_create(
        Begrotingswijzigingsregel(wijziging=wijziging, omschrijving=o, oud_bedrag=oud, nieuw_bedrag=nieuw)
        for o, oud, nieuw in veranderd
    )
    return wijziging


def beschikbaar(toezegging: Toezegging) -> Decimal:
    """What of a toezegging is not yet allocated to any activity."""
    return met_toewijzing(Toezegging.objects.filter(pk=toezegging.pk)).values_list("vrij", flat=True).get()


@transaction.atomic
def jaarplan_kopieren(*, bron: Jaarplan, jaar: int, door) -> Jaarplan:
    """A new concept jaarplan for `jaar` on the basis of `bron`: its activities (but those of a
    project that has ended by then), targets, budget lines and the allocations that still fit
    (the same agreement's toezegging for `jaar`, up to what is still free). No realisatie."""
    if Jaarplan.objects.filter(leerwerkloket=bron.leerwerkloket_id, jaar=jaar).exists():
        raise ValidationError({"jaar": f"Er is al een jaarplan {jaar} voor {bron.leerwerkloket}."})
    nieuw = _opslaan(Jaarplan(leerwerkloket=bron.leerwerkloket, jaar=jaar), door)
    toezeggingen = {
        t.afspraak_id: t for t in Toezegging.objects.voor_regio(bron.leerwerkloket_id).telt().filter(jaar=jaar)
    }
    van_het_jaar = Toezegging.objects.filter(pk__in=[t.pk for t in toezeggingen.values()])
    vrij = dict(met_toewijzing(van_het_jaar).values_list("pk", "vrij"))
    for oud in bron.activiteiten.select_related("project").prefetch_related(
        "indicatoren", "begrotingsregels", "dekkingen__toezegging"
    ):
        if oud.project and oud.project.eindjaar is not None and oud.project.eindjaar < jaar:
            continue
        activiteit = _activiteit_kopieren(oud, nieuw, door, eigen_regio=True)
        for regel in oud.begrotingsregels.all():
            if regel.bedrag:
                _opslaan(
                    Begrotingsregel(
                        activiteit=activiteit,
                        kostensoort=regel.kostensoort,
                        bedrag=regel.bedrag,
                        toelichting=regel.toelichting,
                    ),
                    door,
                )
        for dekking in oud.dekkingen.all():
            toezegging = toezeggingen.get(dekking.toezegging.afspraak_id)
            if toezegging is None:
                continue
            bedrag = min(dekking.bedrag, vrij[toezegging.pk])
            if bedrag > 0:
                _opslaan(Dekking(activiteit=activiteit, toezegging=toezegging, bedrag=bedrag), door)
                vrij[toezegging.pk] -= bedrag
    return nieuw


@transaction.atomic
def kostenplaatskoppelingen_opslaan(*, leerwerkloket, koppelingen: dict[str, tuple[str, str]]) -> None:
    """Remember, for the region, kostenplaats → (activiteit code, kostensoort): the ledger import
    finds a booking's activity by it, this year and the next. The import page, its command and the
    demo all store them here."""
    for kostenplaats, (code, kostensoort) in koppelingen.items():
        koppeling = Kostenplaatskoppeling.objects.filter(leerwerkloket=leerwerkloket, kostenplaats=kostenplaats).first()
        koppeling = koppeling or Kostenplaatskoppeling(leerwerkloket=leerwerkloket, kostenplaats=kostenplaats)
        koppeling.activiteit_code, koppeling.kostensoort = code, kostensoort
        koppeling.full_clean()
        koppeling.save()
