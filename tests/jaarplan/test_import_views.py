"""The import pages as finance staff use them: upload, preview, map, read in, undo."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from jaarplan.importeren.realisatie import import_voorbereiden
from jaarplan.models import Importbatch, Kostenplaatskoppeling, Kostenrealisatie

from .bestanden import BOEKHOUDING_2018, xlsx

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def upload(client, inhoud, naam="boekingen-2018.xlsx", jaar=2018):
    bestand = SimpleUploadedFile(naam, inhoud, content_type=XLSX)
    return client.post(reverse("importeren:realisatie"), {"bestand": bestand, "jaar": jaar})


@pytest.fixture
def batch(twente, financien, jaarplan_2018):
    return import_voorbereiden(
        leerwerkloket=twente,
        bestandsnaam="boekingen-2018.xlsx",
        inhoud=xlsx(BOEKHOUDING_2018),
        door=financien,
        jaar=2018,
    )


def test_anonymous_visitors_go_to_the_login_page(client, db):
    antwoord = client.get(reverse("importeren:realisatie"))
    assert antwoord.status_code == 302
    assert antwoord.url.startswith(reverse("login"))


@pytest.mark.parametrize("wie", ["projectleider", "stuurgroeplid"])
def test_only_finance_staff_import(client, request, wie, batch):
    client.force_login(request.getfixturevalue(wie))

    assert client.get(reverse("importeren:realisatie")).status_code == 403
    assert client.get(reverse("importeren:batch", args=[batch.pk])).status_code == 403
    assert client.post(reverse("importeren:inlezen", args=[batch.pk])).status_code == 403
    assert not Kostenrealisatie.objects.exists()


def test_another_regions_batch_is_not_found(client, collega_achterhoek, batch):
    client.force_login(collega_achterhoek)

    assert client.get(reverse("importeren:batch", args=[batch.pk])).status_code == 404
    assert client.post(reverse("importeren:inlezen", args=[batch.pk])).status_code == 404
    assert not Kostenrealisatie.objects.exists()


def test_finance_staff_see_the_menu_item_and_the_upload_form(client, financien, jaarplan_2018):
    client.force_login(financien)

    pagina = client.get(reverse("importeren:realisatie")).content.decode()

    assert f'href="{reverse("importeren:realisatie")}"' in pagina
    assert "Export van de boekhouding" in pagina
    assert '<option value="2018" selected>2018 (concept)</option>' in pagina


def test_upload_shows_the_preview_with_totals_and_writes_nothing(client, financien, jaarplan_2018):
    client.force_login(financien)

    antwoord = upload(client, xlsx(BOEKHOUDING_2018))

    batch = Importbatch.objects.get()
    assert antwoord.status_code == 302
    assert antwoord.url == reverse("importeren:batch", args=[batch.pk])
    pagina = client.get(antwoord.url).content.decode()
    assert '<td class="getal" data-testid="importtotaal">€\u00a026.001,00</td>' in pagina
    assert '<td>Loketfunctie</td><td class="getal">2</td><td class="getal">€\u00a025.001,00</td>' in pagina
    assert "4 regels inlezen</button>" in pagina
    assert "rij 9 (totaalregel overgeslagen)" in pagina
    assert not Kostenrealisatie.objects.exists()


def test_a_pdf_is_refused_next_to_the_field_and_the_chosen_year_stays(client, financien, jaarplan_2018):
    client.force_login(financien)

    antwoord = upload(client, b"%PDF-1.7 factuur", naam="boekingen.xlsx")

    assert antwoord.status_code == 200
    pagina = antwoord.content.decode()
    assert '<p class="veldfout" id="id_bestand_fout">Dit bestand is geen spreadsheet maar een PDF.' in pagina
    assert '<option value="2018" selected>' in pagina
    assert not Importbatch.objects.exists()


def test_reading_in_and_undoing_from_the_pages(client, financien, batch):
    client.force_login(financien)

    antwoord = client.post(reverse("importeren:inlezen", args=[batch.pk]), follow=True)

    assert f"Import {batch.pk} is ingelezen: 4 regels, €\u00a026.001,00 in jaarplan 2018." in antwoord.content.decode()
    assert Kostenrealisatie.objects.count() == 4

    antwoord = client.post(reverse("importeren:ongedaan", args=[batch.pk]), follow=True)
    assert "Vink aan dat u de regels van deze import wilt verwijderen." in antwoord.content.decode()
    assert Kostenrealisatie.objects.count() == 4

    antwoord = client.post(reverse("importeren:ongedaan", args=[batch.pk]), {"bevestigd": "ja"}, follow=True)
    assert f"Import {batch.pk} is ongedaan gemaakt: 4 regels zijn verwijderd." in antwoord.content.decode()
    assert not Kostenrealisatie.objects.exists()


def test_an_unknown_kostenplaats_is_mapped_on_the_preview_page(client, financien, twente, jaarplan_2018):
    client.force_login(financien)
    upload(client, xlsx([["Datum", "Kostenplaats", "Bedrag"], ["28-02-2018", "4300", "50,00"]]))
    batch = Importbatch.objects.get()
    url = reverse("importeren:batch", args=[batch.pk])

    pagina = client.get(url).content.decode()
    melding = "Kostenplaats 4300 (1 regel, op rij 2) is nog niet gekoppeld aan een activiteit; koppel haar hieronder."
    assert melding in pagina
    assert 'disabled aria-disabled="true">0 regels inlezen</button>' in pagina

    antwoord = client.post(
        reverse("importeren:koppelingen", args=[batch.pk]),
        {"activiteit_0": "e-portfolio", "kostensoort_0": "inhuur"},
        follow=True,
    )

    pagina = antwoord.content.decode()
    assert "1 kostenplaats(en) gekoppeld" in pagina
    assert "1 regels inlezen</button>" in pagina
    koppeling = Kostenplaatskoppeling.objects.get(leerwerkloket=twente, kostenplaats="4300")
    assert (koppeling.activiteit_code, koppeling.kostensoort) == ("e-portfolio", "inhuur")


def test_reading_in_a_file_with_errors_is_refused_with_the_count(client, financien, jaarplan_2018):
    client.force_login(financien)
    upload(client, xlsx([["Datum", "Kostenplaats", "Bedrag"], ["28-02-2018", "4100", "tien"]]))
    batch = Importbatch.objects.get()

    antwoord = client.post(reverse("importeren:inlezen", args=[batch.pk]), follow=True)

    assert "Er is 1 fout in dit bestand; verbeter het bestand of de koppelingen. Er is niets ingelezen." in (
        antwoord.content.decode()
    )
    assert not Kostenrealisatie.objects.exists()


def test_correcting_the_columns_on_the_page(client, financien, jaarplan_2018):
    client.force_login(financien)
    upload(client, xlsx([["Datum", "Kostenplaats", "Bedrag", "Incl"], ["28-02-2018", "4100", "100,00", "121,00"]]))
    batch = Importbatch.objects.get()

    antwoord = client.post(
        reverse("importeren:kolommen", args=[batch.pk]), {"datum": "0", "kostenplaats": "1", "bedrag": "3"}, follow=True
    )

    assert '<td class="getal" data-testid="importtotaal">€\u00a0121,00</td>' in antwoord.content.decode()
    antwoord = client.post(reverse("importeren:kolommen", args=[batch.pk]), {"datum": "0", "bedrag": "3"})
    assert "Kies de kolom met de kostenplaats" in antwoord.content.decode()
    batch.refresh_from_db()
    assert batch.kolommen == {"datum": 0, "kostenplaats": 1, "bedrag": 3}


def test_the_list_of_imports_keeps_a_constant_number_of_queries(
    client, financien, twente, jaarplan_2018, django_assert_max_num_queries
):
    client.force_login(financien)
    for i in range(12):
        Importbatch.objects.create(
            leerwerkloket=twente,
            bestandsnaam=f"f{i}.xlsx",
            checksum=str(i),
            inhoud=b"x",
            aangemaakt_door=financien,
            totaal=Decimal("1.00"),
        )

    with django_assert_max_num_queries(8):
        antwoord = client.get(reverse("importeren:realisatie"))

    assert antwoord.content.decode().count("f1") >= 1
    assert antwoord.content.decode().count('class="status status-voorbeeld"') == 12
