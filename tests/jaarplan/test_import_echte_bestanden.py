"""Real files as finance staff get them: an old .xls (BIFF, made by LibreOffice from the test's
own workbook) and a workbook encrypted with a password (made with msoffcrypto-tool)."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from msoffcrypto.format.ooxml import OOXMLFile

from jaarplan.importeren.realisatie import import_analyseren, import_doorvoeren, import_voorbereiden
from jaarplan.models import Importbatch, Kostenrealisatie
from kern.bestanden import OLE
from tests.rapportage.libreoffice import omgezet

from .bestanden import BOEKHOUDING_2018, xlsx


def voorbereiden(twente, financien, inhoud, naam):
    return import_voorbereiden(leerwerkloket=twente, bestandsnaam=naam, inhoud=inhoud, door=financien, jaar=2018)


def test_an_old_xls_reads_in_exactly_like_the_same_bookings_as_xlsx(twente, financien, jaarplan_2018, tmp_path):
    bron = tmp_path / "boekingen-2018.xlsx"
    bron.write_bytes(xlsx(BOEKHOUDING_2018))
    inhoud = omgezet(bron, tmp_path, "xls").read_bytes()
    assert inhoud.startswith(OLE) and "Workbook".encode("utf-16-le") in inhoud  # BIFF8, as Excel 97-2003 writes it
    als_xlsx = import_analyseren(voorbereiden(twente, financien, bron.read_bytes(), "boekingen-2018.xlsx"))
    Importbatch.objects.all().delete()

    batch = voorbereiden(twente, financien, inhoud, "boekingen-2018.xls")
    analyse = import_analyseren(batch)

    assert analyse.fouten == []
    assert analyse.overgeslagen == als_xlsx.overgeslagen == [(9, "totaalregel overgeslagen")]
    assert [(r.rijnummer, r.datum, r.bedrag, r.omschrijving, r.activiteit.code) for r in analyse.regels] == [
        (r.rijnummer, r.datum, r.bedrag, r.omschrijving, r.activiteit.code) for r in als_xlsx.regels
    ]
    batch = import_doorvoeren(batch=batch, door=financien)
    assert (batch.aantal_regels, str(batch.totaal)) == (4, "26001.00")
    assert Kostenrealisatie.objects.count() == 4


def met_wachtwoord(inhoud: bytes) -> bytes:
    versleuteld = io.BytesIO()
    OOXMLFile(io.BytesIO(inhoud)).encrypt("geheim", versleuteld)
    assert versleuteld.getvalue().startswith(OLE)  # Excel wraps an encrypted workbook in an OLE file
    return versleuteld.getvalue()


@pytest.mark.parametrize("naam", ["boekingen-2018.xlsx", "boekingen-2018.xls"])
def test_a_workbook_with_a_password_is_refused_in_dutch_and_changes_nothing(twente, financien, jaarplan_2018, naam):
    inhoud = met_wachtwoord(xlsx(BOEKHOUDING_2018))

    with pytest.raises(ValidationError) as fout:
        voorbereiden(twente, financien, inhoud, naam)

    assert fout.value.messages == [
        "Het bestand is beveiligd met een wachtwoord. Sla het in Excel op zonder wachtwoord en upload het opnieuw."
    ]
    assert not Importbatch.objects.exists()
    assert not Kostenrealisatie.objects.exists()


def test_the_upload_page_says_so_next_to_the_field(client, financien, jaarplan_2018):
    client.force_login(financien)
    bestand = SimpleUploadedFile("boekingen-2018.xlsx", met_wachtwoord(xlsx(BOEKHOUDING_2018)))

    pagina = client.post(reverse("importeren:realisatie"), {"bestand": bestand, "jaar": 2018}).content.decode()

    assert '<p class="veldfout" id="id_bestand_fout">Het bestand is beveiligd met een wachtwoord.' in pagina
    assert not Importbatch.objects.exists()
