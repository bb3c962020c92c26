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
    return GebruikerFactory(username="landelijk", leerwerkloket=None, rollen=[Rol.LANDELIJK])
