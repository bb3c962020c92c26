"""Writes to a jaarplan: its workflow, its budget and coverage. Every one is atomic and runs
the model rules (full_clean), so pages, the admin, imports and commands behave the same."""

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from financiering.models import Toezegging
from kern.db import opgeteld
from kern.money import ZERO

from .models import Activiteit, Begrotingsregel, Begrotingswijziging, Begrotingswijzigingsregel, Dekking, Jaarplan
from .permissions import can_afsluiten, can_vaststellen

Begroting = dict[tuple[Activiteit, str], Decimal]
Toewijzing = dict[tuple[Activiteit, Toezegging], Decimal]


def _opslaan(obj, door, **markeringen):
    for naam, waarde in markeringen.items():
        setattr(obj, naam, waarde)
    obj._history_user = door
    obj.full_clean()
    obj.save()
    return obj


@transaction.atomic
def jaarplan_vaststellen(*, jaarplan: Jaarplan, door, besluitdatum: datetime.date) -> Jaarplan:
    jaarplan = Jaarplan.objects.select_for_update().get(pk=jaarplan.pk)
    if not jaarplan.is_concept:
        raise ValidationError(f"Jaarplan {jaarplan.jaar} is al {jaarplan.get_status_display().lower()}.")
    if not can_vaststellen(door, jaarplan):
        raise PermissionDenied(f"Alleen een stuurgroeplid van {jaarplan.leerwerkloket} kan het jaarplan vaststellen.")
    if besluitdatum is None:
        raise ValidationError({"besluitdatum": "Vul de datum van het stuurgroepbesluit in."})
    if besluitdatum > timezone.localdate():
        raise ValidationError({"besluitdatum": "De datum van het stuurgroepbesluit kan niet in de toekomst liggen."})
    jaarplan.status = Jaarplan.Status.VASTGESTELD
    jaarplan.besluitdatum = besluitdatum
    jaarplan.vastgesteld_door = door
    return _opslaan(jaarplan, door, _statusovergang=True)


@transaction.atomic
def jaarplan_afsluiten(*, jaarplan: Jaarplan, door) -> Jaarplan:
    jaarplan = Jaarplan.objects.select_for_update().get(pk=jaarplan.pk)
    if jaarplan.status != Jaarplan.Status.VASTGESTELD:
        raise ValidationError(
            f"Alleen een vastgesteld jaarplan kan worden afgesloten; dit is {jaarplan.get_status_display().lower()}."
        )
    if not can_afsluiten(door, jaarplan):
        raise PermissionDenied("Alleen de projectleider of financiën kan een jaarplan afsluiten.")
    jaarplan.status = Jaarplan.Status.AFGESLOTEN
    jaarplan.afgesloten_op = timezone.now()
    return _opslaan(jaarplan, door, _statusovergang=True)


def _zet_bedragen(jaarplan: Jaarplan, begroting: Begroting, toewijzing: Toewijzing, door, wijziging=None):
    """Set budget lines and allocations to the given amounts; zero removes an allocation.
    Returns [(omschrijving, oud, nieuw)] for what actually changed."""
    veranderd = []
    for (activiteit, kostensoort), bedrag in begroting.items():
        if activiteit.jaarplan_id != jaarplan.pk:
            raise ValidationError(f"'{activiteit}' hoort niet bij jaarplan {jaarplan.jaar}.")
        regel = Begrotingsregel.objects.filter(activiteit=activiteit, kostensoort=kostensoort).first()
        oud = regel.bedrag if regel else ZERO
        if oud == bedrag and regel:
            continue
        regel = regel or Begrotingsregel(activiteit=activiteit, kostensoort=kostensoort)
        regel.bedrag = bedrag
        _opslaan(regel, door, _begrotingswijziging=wijziging)
        veranderd.append((f"Begroting {activiteit} – {regel.get_kostensoort_display()}", oud, bedrag))
    # Lower allocations first, so that moving money between activities never trips the ceiling.
    for (activiteit, toezegging), bedrag in sorted(toewijzing.items(), key=lambda kv: kv[1]):
        if activiteit.jaarplan_id != jaarplan.pk:
            raise ValidationError(f"'{activiteit}' hoort niet bij jaarplan {jaarplan.jaar}.")
        dekking = Dekking.objects.filter(activiteit=activiteit, toezegging=toezegging).first()
        oud = dekking.bedrag if dekking else ZERO
        if oud == bedrag:
            continue
        omschrijving = f"Dekking {activiteit} door {toezegging.financier}"
        if bedrag == ZERO:
            dekking._begrotingswijziging = wijziging
            dekking._history_user = door
            dekking.delete()
        else:
            dekking = dekking or Dekking(activiteit=activiteit, toezegging=toezegging)
            dekking.bedrag = bedrag
            _opslaan(dekking, door, _begrotingswijziging=wijziging)
        veranderd.append((omschrijving, oud, bedrag))
    return veranderd


@transaction.atomic
def begroting_bijwerken(
    *, jaarplan: Jaarplan, door, begroting: Begroting | None = None, toewijzing: Toewijzing | None = None
) -> list[tuple[str, Decimal, Decimal]]:
    """Change the budget and coverage of a concept jaarplan directly."""
    jaarplan = Jaarplan.objects.select_for_update().get(pk=jaarplan.pk)
    if not jaarplan.is_concept:
        raise ValidationError(
            f"Jaarplan {jaarplan.jaar} is {jaarplan.get_status_display().lower()}; "
            f"wijzig de begroting via een begrotingswijziging met een reden."
        )
    return _zet_bedragen(jaarplan, begroting or {}, toewijzing or {}, door)


@transaction.atomic
def begrotingswijziging_doorvoeren(
    *, jaarplan: Jaarplan, door, reden: str, begroting: Begroting | None = None, toewijzing: Toewijzing | None = None
) -> Begrotingswijziging:
    """Change the budget of a vastgesteld jaarplan, recording why, by whom, and old → new."""
    jaarplan = Jaarplan.objects.select_for_update().get(pk=jaarplan.pk)
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
    return toezegging.totaal - opgeteld(toezegging.dekkingen.all())
