"""Factories with fixed names, years and amounts (no random data outside hypothesis)."""

import datetime
from decimal import Decimal

import factory
from django.contrib.auth.models import Group

from financiering.models import Betaling, Factuur, Financieringsafspraak, Toezegging
from jaarplan.models import Activiteit, Begrotingsregel, Dekking, Indicator, Jaarplan, Kostensoort
from partners.models import Gebruiker, Leerwerkloket, Partner, Project


class LeerwerkloketFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Leerwerkloket
        django_get_or_create = ("slug",)

    naam = "Leerwerkloket Twente"
    slug = "twente"
    arbeidsmarktregio = "Twente"


class GebruikerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Gebruiker
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"gebruiker{n}")
    leerwerkloket = factory.SubFactory(LeerwerkloketFactory)
    password = factory.django.Password("wachtwoord-voor-tests")

    @factory.post_generation
    def rollen(self, create, extracted, **kwargs):
        for rol in extracted or ():
            self.groups.add(Group.objects.get_or_create(name=rol)[0])
        self.__dict__.pop("rollen", None)  # forget the cached roles


class PartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partner
        django_get_or_create = ("leerwerkloket", "naam")

    leerwerkloket = factory.SubFactory(LeerwerkloketFactory)
    naam = "UWV"
    soort = Partner.Soort.UWV


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Project
        django_get_or_create = ("leerwerkloket", "naam")

    leerwerkloket = factory.SubFactory(LeerwerkloketFactory)
    naam = "Leerwerkarrangement zorg"
    startjaar = 2017
    eindjaar = 2021


class AfspraakFactory(factory.django.DjangoModelFactory):
    """A signed cofinanciering 2017-2021 with a minimum of € 75.000,00."""

    class Meta:
        model = Financieringsafspraak

    leerwerkloket = factory.SubFactory(LeerwerkloketFactory)
    financier = factory.SubFactory(PartnerFactory, leerwerkloket=factory.SelfAttribute("..leerwerkloket"))
    soort = Financieringsafspraak.Soort.COFINANCIERING
    naam = factory.LazyAttribute(lambda o: f"Cofinanciering {o.financier.naam} 2017-2021")
    # Signed (as `tekenen` leaves it) in December before its first year; a concept has no date.
    status = Financieringsafspraak.Status.GETEKEND
    startjaar = 2017
    eindjaar = 2021
    minimum_per_jaar = Decimal("75000.00")
    getekend_op = factory.LazyAttribute(
        lambda o: datetime.date(o.startjaar - 1, 12, 15) if o.status == Financieringsafspraak.Status.GETEKEND else None
    )


class SubsidieAfspraakFactory(AfspraakFactory):
    """SZW's structural grant: no end year, no minimum, with its beschikking."""

    financier = factory.SubFactory(
        PartnerFactory, leerwerkloket=factory.SelfAttribute("..leerwerkloket"), naam="Ministerie van SZW"
    )
    soort = Financieringsafspraak.Soort.STRUCTURELE_SUBSIDIE
    naam = "Structurele rijksbijdrage SZW"
    eindjaar = None
    minimum_per_jaar = None
    beschikkingsnummer = "SZW-1"
    beschikkingsdatum = datetime.date(2016, 12, 1)


class ToezeggingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Toezegging

    afspraak = factory.SubFactory(AfspraakFactory)
    jaar = 2018
    bedrag_geld = Decimal("75000.00")
    bedrag_natura = Decimal("0.00")


class FactuurFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Factuur

    toezegging = factory.SubFactory(ToezeggingFactory)
    nummer = factory.Sequence(lambda n: f"F-{n:04d}")
    factuurdatum = datetime.date(2018, 3, 1)
    vervaldatum = datetime.date(2018, 3, 31)
    bedrag = Decimal("37500.00")


class BetalingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Betaling

    factuur = factory.SubFactory(FactuurFactory)
    toezegging = factory.SelfAttribute("factuur.toezegging")
    datum = datetime.date(2018, 3, 20)
    bedrag = Decimal("37500.00")


class JaarplanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Jaarplan
        django_get_or_create = ("leerwerkloket", "jaar")

    leerwerkloket = factory.SubFactory(LeerwerkloketFactory)
    jaar = 2018


class ActiviteitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Activiteit
        django_get_or_create = ("jaarplan", "code")

    jaarplan = factory.SubFactory(JaarplanFactory)
    code = "loketfunctie"
    naam = "Loketfunctie en adviesgesprekken"
    soort = Activiteit.Soort.LOKETFUNCTIE


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator

    activiteit = factory.SubFactory(ActiviteitFactory)
    code = "loopbaangesprekken"
    naam = "Loopbaangesprekken"
    eenheid = "gesprekken"
    streefwaarde = 400


class BegrotingsregelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Begrotingsregel

    activiteit = factory.SubFactory(ActiviteitFactory)
    kostensoort = Kostensoort.PERSONEEL
    bedrag = Decimal("120000.00")


class DekkingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Dekking

    activiteit = factory.SubFactory(ActiviteitFactory)
    toezegging = factory.SubFactory(
        ToezeggingFactory, afspraak__leerwerkloket=factory.SelfAttribute("...activiteit.jaarplan.leerwerkloket")
    )
    bedrag = Decimal("50000.00")
