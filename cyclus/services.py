"""Writes of the calendar: a user's choice of reminders, their agenda link, a payment reminder
sent to a financier (only by a person's click), and a verantwoording recorded as submitted."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.utils import timezone

from kern.money import format_euro

from .models import Agendakoppeling, Betalingsherinnering, Meldingsvoorkeur, Soort, Verantwoording

HERINNERINGEN = {1: "eerste herinnering", 2: "tweede herinnering"}


@transaction.atomic
def meldingen_kiezen(*, gebruiker, gewild: list[str]) -> Meldingsvoorkeur:
    """Keep the kinds the user wants; every other kind is switched off (none chosen: no mail)."""
    voorkeur, _ = Meldingsvoorkeur.objects.select_for_update().get_or_create(gebruiker=gebruiker)
    voorkeur.uitgezet = sorted(s.value for s in Soort if s.value not in gewild)
    voorkeur.save()
    return voorkeur


@transaction.atomic
def agendakoppeling_vernieuwen(*, gebruiker) -> Agendakoppeling:
    """A new personal feed link; the previous one stops working."""
    Agendakoppeling.objects.filter(gebruiker=gebruiker).delete()
    return Agendakoppeling.objects.create(gebruiker=gebruiker)


@dataclass(frozen=True)
class Conceptherinnering:
    nummer: int
    aan: str
    onderwerp: str
    tekst: str

    def initial(self) -> dict:
        return {"aan": self.aan, "onderwerp": self.onderwerp, "tekst": self.tekst}


def contact_van(financier):
    """Who at the financier receives a payment reminder: the first contact with an e-mail address."""
    return financier.contactpersonen.exclude(email="").order_by("naam").first()


def herinnering_opstellen(*, factuur, door) -> Conceptherinnering | None:
    """The next payment reminder of an overdue invoice (`factuur` read with `met_ontvangen(op=)`),
    as a draft; None when nothing is overdue on it or both reminders went."""
    verstuurd = factuur.herinneringen.count()
    if verstuurd >= 2 or not factuur.dagen_te_laat:
        return None
    nummer = verstuurd + 1
    financier = factuur.toezegging.afspraak.financier
    contact = contact_van(financier)
    regio = factuur.toezegging.afspraak.leerwerkloket
    vorige = factuur.herinneringen.order_by("-nummer").first()
    aanhef = f"Geachte {contact.naam}," if contact else "Geachte heer, mevrouw,"
    eerder = (
        f"Op {timezone.localtime(vorige.verzonden_op):%d-%m-%Y} stuurden wij u al een eerste herinnering. "
        if vorige
        else ""
    )
    tekst = (
        f"{aanhef}\n\n"
        f"Volgens onze administratie is factuur {factuur.nummer} van {factuur.factuurdatum:%d-%m-%Y} "
        f"({factuur.omschrijving or 'bijdrage ' + str(factuur.toezegging.jaar)}) nog niet volledig betaald. "
        f"De vervaldatum was {factuur.vervaldatum:%d-%m-%Y}; er staat nog {format_euro(factuur.openstaand)} open.\n\n"
        f"{eerder}Wilt u het openstaande bedrag binnen 14 dagen overmaken, onder vermelding van het "
        f"factuurnummer {factuur.nummer}? Heeft u inmiddels betaald, dan kunt u deze herinnering als niet "
        "verzonden beschouwen.\n\n"
        f"Met vriendelijke groet,\n\n{door.get_full_name() or door.get_username()}\n{regio}\n"
    )
    return Conceptherinnering(
        nummer=nummer,
        aan=contact.email if contact else "",
        onderwerp=f"{HERINNERINGEN[nummer].capitalize()}: factuur {factuur.nummer} van {regio}",
        tekst=tekst,
    )


@transaction.atomic
def betalingsherinnering_versturen(*, factuur, aan: str, onderwerp: str, tekst: str, door) -> Betalingsherinnering:
    """Send the reviewed reminder and record it with its number, in one transaction: recorded
    first (the unique number refuses a second click), then sent; a mail that fails undoes it."""
    if not settings.EMAIL_VERSTUREN:
        raise ValidationError(
            "Er is geen e-mailserver ingesteld (EMAIL_HOST): de herinnering kan niet worden verstuurd. Stuur haar "
            "zelf, of vraag de beheerder de e-mail in te stellen."
        )
    nummer = Betalingsherinnering.objects.filter(factuur=factuur).count() + 1
    if nummer > 2:
        raise ValidationError(f"Voor factuur {factuur.nummer} zijn de eerste en de tweede herinnering al verstuurd.")
    try:
        with transaction.atomic():
            herinnering = Betalingsherinnering.objects.create(
                factuur=factuur, nummer=nummer, aan=aan, onderwerp=onderwerp, tekst=tekst, verzonden_door=door
            )
    except IntegrityError:
        raise ValidationError(
            f"De {HERINNERINGEN[nummer]} van factuur {factuur.nummer} is zojuist al verstuurd; ververs de pagina."
        ) from None
    EmailMessage(subject=onderwerp, body=tekst, to=[aan], reply_to=[door.email] if door.email else None).send()
    return herinnering


@transaction.atomic
def verantwoording_vastleggen(*, afspraak, jaar: int, ingediend_op: datetime.date, door) -> Verantwoording:
    if ingediend_op > timezone.localdate():
        raise ValidationError(
            "De datum van indienen ligt in de toekomst; leg de verantwoording vast als ze verstuurd is."
        )
    verantwoording = Verantwoording(afspraak=afspraak, jaar=jaar, ingediend_op=ingediend_op, vastgelegd_door=door)
    verantwoording.full_clean()
    verantwoording.save()
    return verantwoording
