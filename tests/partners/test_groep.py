import pytest
from django.core.exceptions import ValidationError

from tests.factories import PartnerFactory
from tests.factories_extra import GroepFactory

pytestmark = pytest.mark.django_db


def test_a_group_with_members_stays_a_group(twente):
    groep = GroepFactory(leerwerkloket=twente)
    PartnerFactory(leerwerkloket=twente, naam="Hengelo", soort="gemeente", groep=groep)
    groep.is_groep = False
    with pytest.raises(ValidationError) as fout:
        groep.full_clean()
    assert "heeft leden of een verdeelsleutel; het blijft een samenwerkingsverband" in str(fout.value)


def test_a_group_without_members_may_become_a_plain_partner(twente):
    groep = GroepFactory(leerwerkloket=twente)
    groep.is_groep = False
    groep.full_clean()


def test_a_second_partner_with_the_same_name_in_the_region_is_refused_in_dutch(twente, achterhoek):
    PartnerFactory(leerwerkloket=twente, naam="ROC van Twente", soort="roc")
    dubbel = PartnerFactory.build(leerwerkloket=twente, naam="ROC van Twente", soort="roc")
    with pytest.raises(ValidationError) as fout:
        dubbel.full_clean()
    assert "Er is al een partner met de naam 'ROC van Twente' in Leerwerkloket Twente" in str(fout.value)
    PartnerFactory.build(leerwerkloket=achterhoek, naam="ROC van Twente", soort="roc").full_clean()
