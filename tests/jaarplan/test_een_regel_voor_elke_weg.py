"""One rule of a booking for every way in: a rule added to `Kostenrealisatie.regel_fouten` holds
for the ledger import and the hand-booking form alike. And the import pauses Python's cycle
collector only while it parses, never while it writes or after it ends."""

import datetime
import gc

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from jaarplan.importeren import realisatie
from jaarplan.importeren.realisatie import import_analyseren, import_doorvoeren, import_voorbereiden
from jaarplan.models import Importbatch, Kostenrealisatie, Kostensoort

from .bestanden import BOEKHOUDING_2018, xlsx

PRIVE = "Privé-uitgaven horen niet in de realisatie; boek ze niet op het jaarplan."


@pytest.fixture
def geen_prive(monkeypatch):
    """A new rule of the domain, added to the one method: a private expense is no booking."""
    oorspronkelijk = Kostenrealisatie.regel_fouten

    def met_nieuwe_regel(**velden):
        fouten = oorspronkelijk(**velden)
        if "privé" in velden["omschrijving"].lower():
            fouten.setdefault("omschrijving", []).append(PRIVE)
        return fouten

    monkeypatch.setattr(Kostenrealisatie, "regel_fouten", staticmethod(met_nieuwe_regel))


def boekhouding_met_prive():
    rijen = [list(rij) for rij in BOEKHOUDING_2018]
    rijen[5][1] = "Lunch privé"  # row 6 of the file
    return rijen


def test_a_rule_added_to_the_one_method_refuses_that_row_of_an_import_and_nothing_is_read_in(
    twente, financien, jaarplan_2018, geen_prive
):
    batch = import_voorbereiden(
        leerwerkloket=twente, bestandsnaam="boekingen.xlsx", inhoud=xlsx(boekhouding_met_prive()), door=financien
    )

    assert import_analyseren(batch).fouten == [(6, PRIVE)]
    with pytest.raises(ValidationError, match="Er is 1 fout in dit bestand; .* Er is niets ingelezen."):
        import_doorvoeren(batch=batch, door=financien)
    assert not Kostenrealisatie.objects.exists()
    assert Importbatch.objects.get(pk=batch.pk).status == Importbatch.Status.VOORBEELD


def test_the_import_page_shows_the_new_rule_next_to_its_row(client, twente, financien, jaarplan_2018, geen_prive):
    batch = import_voorbereiden(
        leerwerkloket=twente, bestandsnaam="boekingen.xlsx", inhoud=xlsx(boekhouding_met_prive()), door=financien
    )
    client.force_login(financien)

    pagina = client.get(reverse("importeren:batch", args=[batch.pk])).text

    assert PRIVE in pagina


def test_a_rule_added_to_the_one_method_refuses_the_hand_booking_form_too(client, financien, jaarplan_2018, geen_prive):
    client.force_login(financien)
    loket = jaarplan_2018.activiteiten.get(code="loketfunctie")

    antwoord = client.post(
        reverse("jaarplan:kosten_nieuw", args=[jaarplan_2018.pk]),
        {
            "kosten-activiteit": loket.pk,
            "kosten-kostensoort": Kostensoort.MATERIAAL,
            "kosten-datum": "2018-05-14",
            "kosten-bedrag": "12,50",
            "kosten-omschrijving": "Lunch privé",
        },
    )

    assert antwoord.status_code == 200
    assert antwoord.context["kosten_form"].errors["omschrijving"] == [PRIVE]
    assert PRIVE in antwoord.text
    assert not Kostenrealisatie.objects.exists()


def test_without_the_new_rule_the_same_file_is_read_in(twente, financien, jaarplan_2018):
    batch = import_voorbereiden(
        leerwerkloket=twente, bestandsnaam="boekingen.xlsx", inhoud=xlsx(boekhouding_met_prive()), door=financien
    )

    import_doorvoeren(batch=batch, door=financien)

    assert Kostenrealisatie.objects.filter(omschrijving="Lunch privé", datum=datetime.date(2018, 2, 28)).exists()


# -- the cycle collector -----------------------------------------------------------------------
def test_the_cycle_collector_runs_again_after_an_import_and_while_it_writes(
    twente, financien, jaarplan_2018, monkeypatch
):
    tijdens_schrijven = []
    schrijven = realisatie.invoegen

    def invoegen(*args, **kwargs):
        tijdens_schrijven.append(gc.isenabled())
        return schrijven(*args, **kwargs)

    monkeypatch.setattr(realisatie, "invoegen", invoegen)
    batch = import_voorbereiden(
        leerwerkloket=twente, bestandsnaam="boekingen.xlsx", inhoud=xlsx(BOEKHOUDING_2018), door=financien
    )
    assert gc.isenabled()

    import_doorvoeren(batch=batch, door=financien)

    assert tijdens_schrijven == [True]
    assert gc.isenabled()
    assert Kostenrealisatie.objects.count() == 4


def test_the_cycle_collector_runs_again_after_a_refused_import_and_a_refused_file(twente, financien, jaarplan_2018):
    rijen = [list(rij) for rij in BOEKHOUDING_2018]
    rijen[4][0] = "31-13-2018"  # no date
    batch = import_voorbereiden(leerwerkloket=twente, bestandsnaam="fout.xlsx", inhoud=xlsx(rijen), door=financien)

    with pytest.raises(ValidationError):
        import_doorvoeren(batch=batch, door=financien)
    assert gc.isenabled()

    with pytest.raises(ValidationError, match="geen spreadsheet maar een PDF"):
        import_voorbereiden(leerwerkloket=twente, bestandsnaam="x.xlsx", inhoud=b"%PDF-1.7 ...", door=financien)
    assert gc.isenabled()

    with pytest.raises(ValidationError):
        import_voorbereiden(leerwerkloket=twente, bestandsnaam="kapot.xlsx", inhoud=b"PK\x03\x04 kapot", door=financien)
    assert gc.isenabled()


def test_a_collector_paused_by_the_caller_stays_paused(twente, financien, jaarplan_2018):
    gc.disable()
    try:
        batch = import_voorbereiden(
            leerwerkloket=twente, bestandsnaam="boekingen.xlsx", inhoud=xlsx(BOEKHOUDING_2018), door=financien
        )
        import_analyseren(batch)
        assert not gc.isenabled()
    finally:
        gc.enable()
