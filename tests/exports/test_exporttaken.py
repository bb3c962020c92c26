"""A list export longer than EXPORT_ACHTERGROND_VANAF rows is made in the background: the user
sees its progress and then a download of the same file the request would have made."""

import io

import openpyxl
import pytest
from django.urls import reverse

from exports.models import Exporttaak
from partners.models import Auditregel
from partners.roles import Rol
from tests.factories import GebruikerFactory


@pytest.fixture
def fin(demo, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return GebruikerFactory(username="fin", leerwerkloket=demo, rollen=[Rol.FINANCIEN])


def _cellen(inhoud: bytes) -> list[tuple]:
    blad = openpyxl.load_workbook(io.BytesIO(inhoud)).worksheets[0]
    return [tuple(c.value for c in rij) for rij in blad.iter_rows(min_row=2)]


def _inhoud(antwoord) -> bytes:
    return b"".join(antwoord.streaming_content) if antwoord.streaming else antwoord.content


def test_a_short_list_is_downloaded_at_once(client, fin, settings):
    settings.EXPORT_ACHTERGROND_VANAF = 100_000
    client.force_login(fin)
    antwoord = client.get(reverse("exports:lijst", args=["realisatie", "xlsx"]), {"jaar": 2019})
    assert antwoord.status_code == 200
    assert antwoord["Content-Disposition"].startswith('attachment; filename="realisatie-')
    assert not Exporttaak.objects.exists()


def test_a_long_list_is_made_in_the_background_and_gives_the_same_file(client, fin, settings):
    client.force_login(fin)
    adres = reverse("exports:lijst", args=["realisatie", "xlsx"])
    settings.EXPORT_ACHTERGROND_VANAF = 100_000
    meteen = _cellen(_inhoud(client.get(adres, {"jaar": 2019, "sort": "activiteit"})))
    settings.EXPORT_ACHTERGROND_VANAF = 10

    antwoord = client.get(adres, {"jaar": 2019, "sort": "activiteit"})

    taak = Exporttaak.objects.get()
    assert antwoord.status_code == 302
    assert antwoord["Location"] == reverse("exports:taak", args=[taak.pk])
    pagina = client.get(antwoord["Location"]).content.decode()
    assert f"De export is klaar: {taak.rijen_totaal} rijen." in pagina
    assert 'http-equiv="refresh"' not in pagina
    download = client.get(reverse("exports:taak_downloaden", args=[taak.pk]))
    assert download["Content-Disposition"].startswith('attachment; filename="realisatie-')
    achteraf = _cellen(_inhoud(download))
    # The same title, header and rows; the Info sheet's "made at" may differ by a minute.
    assert achteraf == meteen
    assert len(achteraf) == taak.rijen_totaal + 2  # header, rows, totals (under the title)
    assert Auditregel.objects.filter(actie=Auditregel.Actie.EXPORT, gebruiker=fin).count() == 2


def test_a_long_csv_is_made_in_the_background_too(client, fin, settings):
    settings.EXPORT_ACHTERGROND_VANAF = 10
    client.force_login(fin)
    antwoord = client.get(reverse("exports:lijst", args=["toezeggingen", "csv"]), {"csv": "standaard"})
    taak = Exporttaak.objects.get()
    assert antwoord.status_code == 302
    regels = _inhoud(client.get(reverse("exports:taak_downloaden", args=[taak.pk]))).decode("utf-8").splitlines()
    assert regels[0].startswith("Financier,Afspraak,Soort,Jaar,")
    assert len(regels) == taak.rijen_totaal + 1


def test_someone_elses_export_is_not_found(client, fin, settings, demo):
    settings.EXPORT_ACHTERGROND_VANAF = 10
    client.force_login(fin)
    client.get(reverse("exports:lijst", args=["realisatie", "xlsx"]))
    taak = Exporttaak.objects.get()
    collega = GebruikerFactory(username="collega", leerwerkloket=demo, rollen=[Rol.FINANCIEN])
    client.force_login(collega)
    assert client.get(reverse("exports:taak", args=[taak.pk])).status_code == 404
    assert client.get(reverse("exports:taak_downloaden", args=[taak.pk])).status_code == 404
