"""Faults: the database connection lost halfway through an import or a jaarplan save, an export
that fails (or whose worker is stopped) halfway through the workbook. Afterwards nothing is
half-written, the work can simply be done again, and the user reads a Dutch page, not a trace.

The connection is "lost" by making one of the writes raise what psycopg raises then
(OperationalError, or InterfaceError on a connection already closed), after earlier writes of the
same save went through."""

import datetime
from decimal import Decimal
from unittest import mock

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import InterfaceError, OperationalError
from django.test import Client
from django.urls import reverse

from jaarplan.importeren import realisatie
from jaarplan.importeren.realisatie import import_voorbereiden
from jaarplan.models import (
    Begrotingsregel,
    Begrotingswijziging,
    Begrotingswijzigingsregel,
    Dekking,
    Importbatch,
    Jaarplan,
    Kostenplaatskoppeling,
    Kostenrealisatie,
    Kostensoort,
)
from jaarplan.selectors import toestand
from partners.models import Auditregel
from rapportage.exporteren import schrijver
from tests.factories import (
    ActiviteitFactory,
    BegrotingsregelFactory,
    JaarplanFactory,
    PartnerFactory,
    ToezeggingFactory,
)
from tests.jaarplan.bestanden import BOEKHOUDING_2018, xlsx

pytestmark = pytest.mark.django_db

VERBINDING_WEG = [
    pytest.param(OperationalError("server closed the connection unexpectedly"), id="OperationalError"),
    pytest.param(InterfaceError("connection already closed"), id="InterfaceError"),
]


def na(aantal: int, fout: Exception, echt):
    """A stand-in for `echt` that does the real thing `aantal` times, and then fails."""
    aanroepen = {"n": 0}

    def stand_in(*args, **kwargs):
        aanroepen["n"] += 1
        if aanroepen["n"] > aantal:
            raise fout
        return echt(*args, **kwargs)

    return stand_in


def assert_nederlandse_storingspagina(antwoord):
    assert antwoord.status_code == 503
    tekst = antwoord.content.decode()
    assert "De database was even niet bereikbaar" in tekst
    assert "Er is niets opgeslagen" in tekst
    assert "Traceback" not in tekst and "OperationalError" not in tekst and "InterfaceError" not in tekst


# -- (a) an import of actual costs ------------------------------------------------------------------
@pytest.fixture
def batch(twente, financien):
    jaarplan = JaarplanFactory(leerwerkloket=twente, jaar=2018)
    ActiviteitFactory(jaarplan=jaarplan, code="loketfunctie", naam="Loketfunctie")
    ActiviteitFactory(jaarplan=jaarplan, code="e-portfolio", naam="E-portfolio")
    for kostenplaats, code in (("4100", "loketfunctie"), ("4200", "e-portfolio")):
        Kostenplaatskoppeling.objects.create(
            leerwerkloket=twente, kostenplaats=kostenplaats, activiteit_code=code, kostensoort=Kostensoort.OVERIG
        )
    return import_voorbereiden(
        leerwerkloket=twente, bestandsnaam="boekingen.xlsx", inhoud=xlsx(BOEKHOUDING_2018), door=financien, jaar=2018
    )


# Where the connection goes: at the bookings, after them (at their history), or at the very last write.
# Each point is (object, name, how many calls go through before the connection is lost).
IMPORT_SCHRIJFPUNTEN = [
    pytest.param(lambda: (realisatie, "invoegen", 0), id="bij-de-boekingen"),
    pytest.param(lambda: (realisatie, "vastleggen_voor", 0), id="bij-de-geschiedenis"),
    pytest.param(lambda: (realisatie, "vastleggen", 0), id="bij-de-auditregel"),
]


def werk_in_de_audittrail():
    """The audit rows of exports and imports; signing in writes its own rows."""
    return Auditregel.objects.exclude(
        actie__in=[Auditregel.Actie.INLOGGEN, Auditregel.Actie.UITLOGGEN, Auditregel.Actie.INLOGGEN_MISLUKT]
    )


@pytest.mark.parametrize("fout", VERBINDING_WEG)
@pytest.mark.parametrize("punt", IMPORT_SCHRIJFPUNTEN)
def test_a_connection_lost_while_reading_in_an_import_leaves_nothing_and_the_batch_can_be_read_in_again(
    client, financien, batch, punt, fout
):
    client.force_login(financien)
    url = reverse("importeren:inlezen", args=[batch.pk])
    doel, naam, doorgelaten = punt()

    with mock.patch.object(doel, naam, side_effect=na(doorgelaten, fout, getattr(doel, naam))):
        antwoord = client.post(url)

    assert_nederlandse_storingspagina(antwoord)
    assert Kostenrealisatie.objects.count() == 0
    assert Kostenrealisatie.history.count() == 0
    batch.refresh_from_db()
    assert (batch.status, batch.ingelezen_door, batch.aantal_regels) == (Importbatch.Status.VOORBEELD, None, 0)
    assert not werk_in_de_audittrail().exists()

    opnieuw = client.post(url, follow=True)

    assert f"Import {batch.pk} is ingelezen: 4 regels" in opnieuw.content.decode()
    assert Kostenrealisatie.objects.filter(importbatch=batch).count() == Kostenrealisatie.objects.count() == 4
    assert Importbatch.objects.get(pk=batch.pk).status == Importbatch.Status.INGELEZEN


def test_a_connection_lost_while_storing_an_upload_leaves_no_batch(client, financien, batch):
    client.force_login(financien)
    Importbatch.objects.all().delete()
    bestand = SimpleUploadedFile("boekingen.xlsx", xlsx(BOEKHOUDING_2018))
    with mock.patch.object(Importbatch.objects, "create", side_effect=OperationalError("connection lost")):
        antwoord = client.post(reverse("importeren:realisatie"), {"bestand": bestand, "jaar": 2018})

    assert_nederlandse_storingspagina(antwoord)
    assert not Importbatch.objects.exists()


# -- (b) a jaarplan save ----------------------------------------------------------------------------
@pytest.fixture
def plan(twente):
    """A concept jaarplan 2021: the loket has € 100.000,00 personnel budget; UWV's € 75.000,00 is free."""
    jaarplan = JaarplanFactory(leerwerkloket=twente, jaar=2021)
    jaarplan.loket = ActiviteitFactory(jaarplan=jaarplan, code="loketfunctie", naam="Loketfunctie")
    jaarplan.regel = BegrotingsregelFactory(
        activiteit=jaarplan.loket, kostensoort=Kostensoort.PERSONEEL, bedrag=Decimal("100000.00")
    )
    jaarplan.uwv = ToezeggingFactory(
        afspraak__leerwerkloket=twente, afspraak__financier=PartnerFactory(leerwerkloket=twente), jaar=2021
    )
    return jaarplan


def editor_gegevens(plan, **cellen) -> dict:
    data = {"toestand": toestand(plan), "reden": ""}
    for kostensoort, _ in Kostensoort.choices:
        regel = Begrotingsregel.objects.filter(activiteit=plan.loket, kostensoort=kostensoort).first()
        data[f"b-{plan.loket.pk}-{kostensoort}"] = f"{regel.bedrag}".replace(".", ",") if regel else ""
    data[f"d-{plan.loket.pk}-{plan.uwv.pk}"] = ""
    data.update(cellen)
    return data


def _stand(plan) -> tuple:
    """Everything a save could touch: amounts, allocations, changes and their history."""
    return (
        list(Begrotingsregel.objects.filter(activiteit__jaarplan=plan).values_list("kostensoort", "bedrag")),
        list(Dekking.objects.filter(activiteit__jaarplan=plan).values_list("toezegging", "bedrag")),
        Begrotingswijziging.objects.count(),
        Begrotingswijzigingsregel.objects.count(),
        Begrotingsregel.history.count(),
        Dekking.history.count(),
    )


@pytest.mark.parametrize("fout", VERBINDING_WEG)
def test_a_connection_lost_halfway_through_a_jaarplan_save_changes_no_amount(client, projectleider, plan, fout):
    """The budget line is saved first; the connection goes when the allocation is saved."""
    client.force_login(projectleider)
    voor = _stand(plan)
    data = editor_gegevens(
        plan,
        **{f"b-{plan.loket.pk}-{Kostensoort.PERSONEEL}": "120.000", f"d-{plan.loket.pk}-{plan.uwv.pk}": "50.000"},
    )

    with mock.patch.object(Dekking, "save", side_effect=fout):
        antwoord = client.post(reverse("jaarplan:detail", args=[plan.pk]), data)

    assert_nederlandse_storingspagina(antwoord)
    assert _stand(plan) == voor

    opnieuw = client.post(reverse("jaarplan:detail", args=[plan.pk]), data, follow=True)
    assert "Jaarplan 2021 is opgeslagen (2 bedragen gewijzigd)." in opnieuw.content.decode()
    assert Dekking.objects.get().bedrag == Decimal("50000.00")


def test_a_connection_lost_while_recording_a_begrotingswijziging_leaves_no_change(client, projectleider, plan):
    """A vastgesteld jaarplan: the change and the new amount are written, then its lines fail."""
    Jaarplan.objects.filter(pk=plan.pk).update(
        status=Jaarplan.Status.VASTGESTELD, besluitdatum=datetime.date(2020, 12, 14)
    )
    plan.refresh_from_db()
    client.force_login(projectleider)
    voor = _stand(plan)
    data = editor_gegevens(plan, **{f"b-{plan.loket.pk}-{Kostensoort.PERSONEEL}": "110.000", "reden": "Extra uren"})

    with mock.patch.object(Begrotingswijzigingsregel.objects, "bulk_create", side_effect=OperationalError("weg")):
        antwoord = client.post(reverse("jaarplan:detail", args=[plan.pk]), data)

    assert_nederlandse_storingspagina(antwoord)
    assert _stand(plan) == voor


def test_a_connection_lost_after_the_save_itself_takes_the_whole_request_back(client, projectleider, plan):
    """The service has committed its part when the page's warnings are read; the request's own
    transaction still takes it back, so "nothing was saved" on the error page is true."""
    client.force_login(projectleider)
    voor = _stand(plan)
    data = editor_gegevens(plan, **{f"b-{plan.loket.pk}-{Kostensoort.PERSONEEL}": "120.000"})

    with mock.patch("jaarplan.views.rules.waarschuwingen", side_effect=OperationalError("weg")):
        antwoord = client.post(reverse("jaarplan:detail", args=[plan.pk]), data)

    assert_nederlandse_storingspagina(antwoord)
    assert _stand(plan) == voor


# -- (c) an export that fails halfway ---------------------------------------------------------------
@pytest.fixture
def jaaroverzicht(twente, plan):
    return reverse("exports:downloaden", args=["jaaroverzicht"]) + "?jaar=2021"


def _bladen_faalt_na(aantal: int, fout: BaseException):
    """The writer writes the rows of `aantal` sheets and fails on the next one's."""
    return mock.patch.object(schrijver, "_schrijf_rijen", side_effect=na(aantal, fout, schrijver._schrijf_rijen))


def test_a_finished_export_is_recorded_and_says_how_long_it_is(client, financien, jaaroverzicht):
    """The length lets the browser tell a download cut off (a worker gone) from a complete one."""
    client.force_login(financien)

    antwoord = client.get(jaaroverzicht)

    inhoud = b"".join(antwoord.streaming_content)
    assert inhoud.startswith(b"PK\x03\x04")
    assert int(antwoord["Content-Length"]) == len(inhoud)
    assert werk_in_de_audittrail().get().omschrijving == "Jaaroverzicht (jaar 2021)"


@pytest.mark.parametrize(
    ("fout", "status", "kop"),
    [
        (RuntimeError("openpyxl gaf het op"), 500, "Er ging iets mis"),
        (OperationalError("server closed the connection unexpectedly"), 503, "De database was even niet bereikbaar"),
    ],
    ids=["een-fout", "de-database-weg"],
)
def test_an_export_failing_halfway_gives_a_dutch_page_no_file_and_no_audit_line(
    financien, jaaroverzicht, fout, status, kop
):
    client = Client(raise_request_exception=False)  # as in production: the error page, not the exception
    client.force_login(financien)

    with _bladen_faalt_na(3, fout):
        antwoord = client.get(jaaroverzicht)

    assert antwoord.status_code == status
    assert antwoord["Content-Type"].startswith("text/html")
    assert "Content-Disposition" not in antwoord
    tekst = antwoord.content.decode()
    assert kop in tekst and "Traceback" not in tekst
    assert not werk_in_de_audittrail().exists()


def test_a_worker_stopped_halfway_through_an_export_leaves_no_audit_line(financien, jaaroverzicht):
    """gunicorn stops a worker that runs over its time with SystemExit inside the request; the
    request's transaction is rolled back on the way out, so no export is recorded."""
    client = Client(raise_request_exception=False)
    client.force_login(financien)

    with _bladen_faalt_na(3, SystemExit(1)), pytest.raises(SystemExit):
        client.get(jaaroverzicht)

    assert not werk_in_de_audittrail().exists()


@pytest.mark.parametrize("formaat", ["xlsx", "csv"])
def test_a_list_export_failing_halfway_leaves_no_audit_line(projectleider, twente, formaat):
    PartnerFactory(leerwerkloket=twente, naam="ROC van Twente", soort="roc")
    client = Client(raise_request_exception=False)
    client.force_login(projectleider)
    # A row of the table fails while it is written, in either format.
    with (
        mock.patch("rapportage.exporteren.lijsten.csv_bytes", side_effect=RuntimeError("kapot")),
        _bladen_faalt_na(0, RuntimeError("kapot")),
    ):
        antwoord = client.get(reverse("exports:lijst", args=["partners", formaat]))

    assert antwoord.status_code == 500
    assert "Er ging iets mis" in antwoord.content.decode()
    assert not werk_in_de_audittrail().exists()
