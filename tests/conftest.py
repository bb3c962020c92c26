import pytest

from partners.roles import Rol

from .factories import GebruikerFactory, LeerwerkloketFactory


@pytest.fixture
def twente(db):
    return LeerwerkloketFactory()


@pytest.fixture
def achterhoek(db):
    """A second region, to prove one never sees the other's data."""
    return LeerwerkloketFactory(naam="Leerwerkloket Achterhoek", slug="achterhoek", arbeidsmarktregio="Achterhoek")


@pytest.fixture
def projectleider(twente):
    return GebruikerFactory(username="jenny", first_name="Jenny", leerwerkloket=twente, rollen=[Rol.PROJECTLEIDER])


@pytest.fixture
def stuurgroeplid(twente):
    return GebruikerFactory(username="mariska", first_name="Mariska", leerwerkloket=twente, rollen=[Rol.STUURGROEP])


@pytest.fixture
def financien(twente):
    return GebruikerFactory(username="fenna", first_name="Fenna", leerwerkloket=twente, rollen=[Rol.FINANCIEN])


@pytest.fixture
def collega_achterhoek(achterhoek):
    return GebruikerFactory(username="aart", leerwerkloket=achterhoek, rollen=[Rol.PROJECTLEIDER, Rol.FINANCIEN])


@pytest.fixture
def landelijk(db):
    return GebruikerFactory(username="lotte", leerwerkloket=None, rollen=[Rol.LANDELIJK])


@pytest.fixture(scope="module")
def _demo_voor_module(django_db_setup, django_db_blocker):
    """Twente's demo, loaded once per test module inside a transaction that is rolled back at the
    end (the way Django's setUpTestData works); each test still runs in its own savepoint."""
    from django.db import transaction

    from demo.twente import load_demo_data

    with django_db_blocker.unblock(), transaction.atomic():
        load_demo_data()
        yield
        transaction.set_rollback(True)


@pytest.fixture
def demo(_demo_voor_module, db):
    """The demo region (Leerwerkloket Twente) with all of `manage.py demo_data`. A module that uses
    it must not also expect an empty database in other tests."""
    from partners.models import Leerwerkloket

    return Leerwerkloket.objects.get(slug="twente")
