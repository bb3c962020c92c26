"""History of every model that holds money or a decision, and region scoping of every model that
belongs to a region, through the model-layer helpers every page and report uses."""

import datetime
from decimal import Decimal

import pytest
from django.apps import apps

from cyclus.models import Betalingsherinnering
from financiering.models import Bankregel, Factuur, Financieringsafspraak, Toezegging
from financiering.services import toezegging_vastleggen
from jaarplan.models import Dekking, Importbatch, Jaarplan, Kolomindeling, Kostenplaatskoppeling, Kostensoort
from jaarplan.services import begroting_bijwerken, jaarplan_vaststellen
from kern.scoping import RegioQuerySet
from partners.models import Auditregel, Gebruiker, Leerwerkloket
from partners.roles import Rol
from rapportage.models import Stuurgroeprapport
from tests.factories import (
    ActiviteitFactory,
    AfspraakFactory,
    GebruikerFactory,
    JaarplanFactory,
    PartnerFactory,
    ToezeggingFactory,
)

# Every model that holds money or a decision must keep its history.
MET_GESCHIEDENIS = [
    "financiering.Financieringsafspraak",
    "financiering.Toezegging",
    "financiering.Factuur",
    "financiering.Betaling",
    "jaarplan.Jaarplan",
    "jaarplan.Activiteit",
    "jaarplan.Indicator",
    "jaarplan.Begrotingsregel",
    "jaarplan.Dekking",
    "jaarplan.Kostenrealisatie",
    "jaarplan.Outputrealisatie",
    "partners.Partner",
    "partners.Verdeelsleutel",
    "partners.VerdeelsleutelAandeel",
    "financiering.Bankregel",
    "cyclus.Stuurgroepvergadering",
    "cyclus.Verantwoordingstermijn",
    "cyclus.Verantwoording",
    "cyclus.Factuurschema",
    "cyclus.Betalingsherinnering",
]


@pytest.mark.parametrize("label", MET_GESCHIEDENIS)
def test_every_model_with_money_or_a_decision_keeps_history(label):
    model = apps.get_model(label)
    historisch = model.history.model  # AttributeError when the model keeps no history
    assert historisch._meta.get_field("history_user").related_model == apps.get_model("partners.Gebruiker")


def test_a_changed_toezegging_records_who_and_old_and_new(demo):
    projectleider = demo.gebruikers.get(username="projectleider")
    afspraak = Financieringsafspraak.objects.get(financier__naam="ROC van Twente")

    toezegging_vastleggen(
        afspraak=afspraak, jaar=2021, bedrag_geld=Decimal("82500.00"), door=projectleider, reden="Routekaart BBL"
    )

    nieuw, oud = Toezegging.objects.get(afspraak=afspraak, jaar=2021).history.all()[:2]
    verschil = nieuw.diff_against(oud)
    assert (nieuw.history_user, nieuw.history_change_reason) == (projectleider, "Routekaart BBL")
    assert [(c.field, c.old, c.new) for c in verschil.changes] == [
        ("bedrag_geld", Decimal("75000.00"), Decimal("82500.00"))
    ]


def test_vaststellen_is_recorded_with_the_stuurgroep_member(demo):
    stuurgroeplid = demo.gebruikers.get(username="stuurgroep")
    jaarplan = JaarplanFactory(leerwerkloket=demo, jaar=2022)

    # The demo's day is in August 2021 (tests/conftest.py): the stuurgroep adopts 2022 early.
    jaarplan_vaststellen(jaarplan=jaarplan, door=stuurgroeplid, besluitdatum=datetime.date(2021, 8, 10))

    laatste, vorige = Jaarplan.objects.get(pk=jaarplan.pk).history.all()[:2]
    assert laatste.history_user == stuurgroeplid
    # status and besluitdatum are editable=False (only the services change them), which diff_against
    # leaves out; the history rows themselves hold the old and the new value.
    assert (vorige.status, laatste.status) == ("concept", "vastgesteld")
    assert (vorige.besluitdatum, laatste.besluitdatum) == (None, datetime.date(2021, 8, 10))


def test_an_allocation_removed_keeps_its_history_with_the_user(demo):
    projectleider = demo.gebruikers.get(username="projectleider")
    jaarplan = JaarplanFactory(leerwerkloket=demo, jaar=2022)
    activiteit = ActiviteitFactory(jaarplan=jaarplan)
    nieuwe_partner = PartnerFactory(leerwerkloket=demo, naam="Nieuwe partner")
    afspraak = AfspraakFactory(leerwerkloket=demo, financier=nieuwe_partner, startjaar=2022, eindjaar=2026)
    toezegging = ToezeggingFactory(afspraak=afspraak, jaar=2022)
    begroting_bijwerken(jaarplan=jaarplan, door=projectleider, toewijzing={(activiteit, toezegging): Decimal("1000")})
    begroting_bijwerken(jaarplan=jaarplan, door=projectleider, toewijzing={(activiteit, toezegging): Decimal("0")})

    geschiedenis = Dekking.history.filter(activiteit_id=activiteit.pk).order_by("history_date")
    assert [(h.history_type, h.bedrag, h.history_user) for h in geschiedenis] == [
        ("+", Decimal("1000.00"), projectleider),
        ("-", Decimal("1000.00"), projectleider),
    ]


# -- region scoping ----------------------------------------------------------------------------
def _regio_modellen():
    return sorted(
        (m for m in apps.get_models() if isinstance(m._default_manager.all(), RegioQuerySet)),
        key=lambda m: m._meta.label,
    )


# Models the demo leaves empty: the test makes one row in Twente.
NIET_IN_DE_DEMO = {
    "partners.Auditregel": lambda regio: Auditregel.objects.create(
        actie="export", omschrijving="x", leerwerkloket=regio
    ),
    "financiering.Bankregel": lambda regio: Bankregel.objects.create(
        leerwerkloket=regio, sleutel="0" * 64, datum=datetime.date(2021, 3, 1), bedrag=Decimal("1.00"), bestandsnaam="x"
    ),
    "jaarplan.Importbatch": lambda regio: Importbatch.objects.create(
        leerwerkloket=regio, bestandsnaam="x.xlsx", checksum="0" * 64, inhoud=b"x"
    ),
    "jaarplan.Kolomindeling": lambda regio: Kolomindeling.objects.create(
        leerwerkloket=regio, handtekening="0" * 64, bron="Boekstukdatum, Kst, Waarde", kolommen={"datum": 0}
    ),
    "jaarplan.Kostenplaatskoppeling": lambda regio: Kostenplaatskoppeling.objects.create(
        leerwerkloket=regio, kostenplaats="4100", activiteit_code="loketfunctie", kostensoort=Kostensoort.PERSONEEL
    ),
    "rapportage.Stuurgroeprapport": lambda regio: Stuurgroeprapport.objects.create(
        leerwerkloket=regio,
        jaar=2021,
        vergaderdatum=datetime.date(2021, 10, 14),
        status="concept",
        peildatum=datetime.date(2021, 9, 1),
        cijfers={},
        vastgelegd_door=regio.gebruikers.get(username="stuurgroep"),
    ),
    "cyclus.Betalingsherinnering": lambda regio: Betalingsherinnering.objects.create(
        factuur=Factuur.objects.voor_regio(regio).order_by("pk").first(),
        nummer=1,
        aan="contact@uwv.example",
        onderwerp="Eerste herinnering",
        tekst="x",
        verzonden_door=regio.gebruikers.get(username="financien"),
    ),
}


@pytest.mark.parametrize("model", _regio_modellen(), ids=lambda m: m._meta.label)
def test_a_user_of_another_region_never_reads_twentes_rows(demo, model):
    if model._meta.label in NIET_IN_DE_DEMO:
        NIET_IN_DE_DEMO[model._meta.label](demo)
    achterhoek = Leerwerkloket.objects.create(naam="Leerwerkloket Achterhoek", slug="achterhoek")
    collega = GebruikerFactory(username="aart", leerwerkloket=achterhoek, rollen=[Rol.PROJECTLEIDER, Rol.FINANCIEN])
    twentenaar = GebruikerFactory(username="tineke", leerwerkloket=demo, rollen=[Rol.STUURGROEP])
    landelijk = Gebruiker.objects.get(username="landelijk")  # the demo's national login
    PartnerFactory(leerwerkloket=achterhoek, naam="UWV Achterhoek")

    rijen = model._default_manager.all()
    van_twente = rijen.voor_regio(demo)

    assert van_twente.exists(), f"{model._meta.label}: the demo (or NIET_IN_DE_DEMO) must hold a row to prove this"
    assert not model._default_manager.voor_gebruiker(collega).filter(pk__in=van_twente.values("pk")).exists()
    assert model._default_manager.voor_gebruiker(twentenaar).count() == van_twente.count()
    assert model._default_manager.voor_gebruiker(landelijk).count() == rijen.count()
    assert not model._default_manager.voor_gebruiker(None).exists()
