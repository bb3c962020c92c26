"""The daily reminders: each person one digest of what became due, or overdue, for them.

Idempotent: each (person, kind, subject, period) is a row of `VerzondenHerinnering` with a unique
key, written in the transaction that sends the mail, before sending. A second run the same day
finds the rows and sends nothing; a second server running at the same moment waits on the first
one's rows and then skips them; a mail that fails rolls its rows back, so the next run sends it."""

import datetime
import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string

from partners.models import Gebruiker, Leerwerkloket

from .kalender import Item, kalender, voor_gebruiker
from .models import Meldingsvoorkeur, VerzondenHerinnering

log = logging.getLogger(__name__)
VERLOPEN = "/verlopen"  # the period of the second reminder of an item, once it is overdue


@dataclass(frozen=True)
class Melding:
    item: Item
    verlopen: bool


def _nieuw(gebruiker, item: Item, op: datetime.date) -> Melding | None:
    """Record the item's reminder(s) for `gebruiker` (inside the caller's transaction); the
    melding when one of them is new, None when every one was sent before."""
    sleutels = [item.periode] + ([item.periode + VERLOPEN] if item.verlopen_op(op) else [])
    nieuw = False
    for periode in sleutels:
        try:
            with transaction.atomic():
                VerzondenHerinnering.objects.create(
                    gebruiker=gebruiker, soort=item.soort, onderwerp=item.onderwerp, periode=periode
                )
        except IntegrityError:
            continue
        nieuw = True
    return Melding(item, item.verlopen_op(op)) if nieuw else None


def herinneringen_versturen(op: datetime.date, *, regio: Leerwerkloket | None = None) -> int:
    """Send today's digests; returns how many mails went out."""
    regios = Leerwerkloket.objects.all() if regio is None else Leerwerkloket.objects.filter(pk=regio.pk)
    voorkeuren = {v.gebruiker_id: v for v in Meldingsvoorkeur.objects.all()}
    verstuurd = 0
    for leerwerkloket in regios.order_by("pk"):
        items = kalender(leerwerkloket, op)
        if not items:
            continue
        gebruikers = Gebruiker.objects.filter(leerwerkloket=leerwerkloket, is_active=True).exclude(email="")
        for gebruiker in gebruikers.prefetch_related("groups").order_by("pk"):
            voorkeur = voorkeuren.get(gebruiker.pk)
            eigen = [i for i in voor_gebruiker(items, gebruiker) if voorkeur is None or voorkeur.wil(i.soort)]
            if eigen and _versturen(gebruiker, leerwerkloket, eigen, op):
                verstuurd += 1
    return verstuurd


@transaction.atomic
def _versturen(gebruiker, leerwerkloket, items: list[Item], op: datetime.date) -> bool:
    meldingen = [m for m in (_nieuw(gebruiker, i, op) for i in items) if m is not None]
    if not meldingen:
        return False
    context = {
        "gebruiker": gebruiker,
        "regio": leerwerkloket,
        "meldingen": meldingen,
        "op": op,
        "basis": settings.BASIS_URL,
    }
    onderwerp = render_to_string("cyclus/mail/herinnering_onderwerp.txt", context).strip()
    mail = EmailMultiAlternatives(
        subject=" ".join(onderwerp.split()),
        body=render_to_string("cyclus/mail/herinnering.txt", context),
        to=[gebruiker.email],
    )
    mail.attach_alternative(render_to_string("cyclus/mail/herinnering.html", context), "text/html")
    mail.send()
    return True
