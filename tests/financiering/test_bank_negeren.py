"""Ignoring a bank line asks for confirmation and can be undone; a bank line's and an import's
status move only through their transitions."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from financiering.bankimport.bank import bankregel_heropenen, bankregel_negeren
from financiering.models import Bankregel, Betaling
from jaarplan.models import Importbatch
from tests.pagina import Pagina

from .test_bank import inlezen


@pytest.fixture
def afschrift(demo, financien):
    """The demo with a statement read in: three received lines still to book."""
    Betaling.objects.filter(factuur__factuurdatum__year=2021).delete()
    inlezen(demo, financien)
    return Bankregel.objects.get(tegenpartij="Onbekende stichting")


def te_boeken(pagina: Pagina) -> list[str]:
    return [rij[1] for rij in pagina.tabel("Tegenpartij", "Boeken op factuur").rijen]


def test_ignoring_a_line_asks_first_and_nothing_changes_without_the_tick(client, financien, afschrift):
    client.force_login(financien)
    bank = client.get(reverse("importeren:bank")).text
    negeren = reverse("importeren:bank_negeren", args=[afschrift.pk])
    assert f'href="{negeren}"' in bank

    vraag = client.get(negeren)

    assert vraag.status_code == 200
    regel = Pagina(vraag.text).tekst("te-negeren-bankregel")
    assert "Onbekende stichting" in regel and "€\xa0500,00" in regel and "Gift" in regel
    assert 'type="checkbox" name="bevestigd"' in vraag.text

    zonder_vinkje = client.post(negeren, {})

    assert zonder_vinkje.status_code == 200
    assert "Vink aan dat u deze ontvangst wilt negeren, of ga terug zonder te negeren." in zonder_vinkje.text
    assert Bankregel.objects.get(pk=afschrift.pk).is_open


def test_an_ignored_line_is_listed_as_ignored_and_reopened_it_is_to_book_again(client, financien, afschrift):
    client.force_login(financien)

    antwoord = client.post(reverse("importeren:bank_negeren", args=[afschrift.pk]), {"bevestigd": "on"}, follow=True)

    pagina = Pagina(antwoord.text)
    assert "De ontvangst van €\xa0500,00 van Onbekende stichting wordt genegeerd." in antwoord.text
    assert "Onbekende stichting" not in te_boeken(pagina)
    assert "05-03-2021 Onbekende stichting Gift €\xa0500,00 Heropenen" in pagina.tekst("genegeerde-bankregels")
    heropenen = reverse("importeren:bank_heropenen", args=[afschrift.pk])
    assert f'action="{heropenen}"' in antwoord.text and "Heropenen" in antwoord.text

    antwoord = client.post(heropenen, follow=True)

    pagina = Pagina(antwoord.text)
    assert "staat weer bij de te boeken regels" in antwoord.text
    assert "Onbekende stichting" in te_boeken(pagina)
    assert 'data-testid="genegeerde-bankregels"' not in antwoord.text
    geschiedenis = list(
        Bankregel.history.filter(id=afschrift.pk)
        .order_by("history_id")
        .values_list("status", "history_change_reason", "history_user__username")
    )
    assert geschiedenis[1:] == [
        ("genegeerd", "Genegeerd: geen betaling van een financier", financien.username),
        ("open", "Heropend: toch te boeken", financien.username),
    ]


def test_only_an_ignored_line_is_reopened_and_an_ignored_one_is_not_ignored_twice(financien, afschrift):
    with pytest.raises(ValidationError, match="Deze bankregel is nog te boeken, niet genegeerd; er is niets te"):
        bankregel_heropenen(regel=afschrift, door=financien)

    bankregel_negeren(regel=afschrift, door=financien)

    with pytest.raises(ValidationError, match="Deze bankregel is al genegeerd."):
        bankregel_negeren(regel=afschrift, door=financien)


def test_other_roles_and_regions_cannot_ignore_or_reopen(client, afschrift, stuurgroeplid, collega_achterhoek):
    for wie, verwacht in ((stuurgroeplid, 403), (collega_achterhoek, 404)):
        client.force_login(wie)
        assert client.get(reverse("importeren:bank_negeren", args=[afschrift.pk])).status_code == verwacht
        assert client.post(reverse("importeren:bank_heropenen", args=[afschrift.pk])).status_code == verwacht
    assert Bankregel.objects.get(pk=afschrift.pk).is_open


def test_a_status_cannot_be_assigned_only_moved_by_a_transition(afschrift):
    with pytest.raises(AttributeError):
        afschrift.status = Bankregel.Status.GENEGEERD
    batch = Importbatch(bestandsnaam="x.csv", checksum="0" * 64, inhoud=b"")
    with pytest.raises(AttributeError):
        batch.status = Importbatch.Status.INGELEZEN
