"""Factories beside tests/factories.py for contacts and the verdeelsleutel (fixed values only)."""

import factory

from partners.models import Contactpersoon, Partner, Verdeelsleutel, VerdeelsleutelAandeel
from tests.factories import LeerwerkloketFactory, PartnerFactory

# DOMAIN.md: inhabitants of the fourteen Twente gemeenten (2005), the demo verdeelsleutel.
TWENTSE_GEMEENTEN = {
    "Enschede": 154267,
    "Hengelo": 81340,
    "Almelo": 72031,
    "Rijssen-Holten": 36432,
    "Hellendoorn": 36146,
    "Hof van Twente": 35025,
    "Twenterand": 33434,
    "Oldenzaal": 31295,
    "Dinkelland": 26064,
    "Haaksbergen": 24336,
    "Wierden": 23553,
    "Losser": 22496,
    "Tubbergen": 20617,
    "Borne": 20531,
}


class ContactpersoonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contactpersoon

    partner = factory.SubFactory(PartnerFactory)
    naam = "Petra Jansen"
    functie = "Accountmanager"
    email = "petra.jansen@example.nl"
    telefoon = "053 123 45 67"


class GroepFactory(PartnerFactory):
    naam = "Twentse gemeenten"
    soort = Partner.Soort.GEMEENTE
    is_groep = True


class VerdeelsleutelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Verdeelsleutel
        django_get_or_create = ("groep", "jaar")

    groep = factory.SubFactory(GroepFactory)
    jaar = 2017
    methode = Verdeelsleutel.Methode.INWONERS


class AandeelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VerdeelsleutelAandeel

    verdeelsleutel = factory.SubFactory(VerdeelsleutelFactory)
    partner = factory.SubFactory(
        PartnerFactory,
        leerwerkloket=factory.SelfAttribute("..verdeelsleutel.groep.leerwerkloket"),
        groep=factory.SelfAttribute("..verdeelsleutel.groep"),
        naam="Enschede",
        soort=Partner.Soort.GEMEENTE,
    )
    inwoners = 154267


def twentse_gemeenten(leerwerkloket=None, jaar: int = 2017) -> Partner:
    """The group of the fourteen gemeenten with an inhabitants key for `jaar`."""
    leerwerkloket = leerwerkloket or LeerwerkloketFactory()
    groep = GroepFactory(leerwerkloket=leerwerkloket)
    sleutel = VerdeelsleutelFactory(groep=groep, jaar=jaar, toelichting="Inwonertallen 2005")
    for naam, inwoners in TWENTSE_GEMEENTEN.items():
        lid = PartnerFactory(leerwerkloket=leerwerkloket, naam=naam, soort=Partner.Soort.GEMEENTE, groep=groep)
        AandeelFactory(verdeelsleutel=sleutel, partner=lid, inwoners=inwoners)
    return groep
