"""The Exports page: each role of the region downloads the reports; nobody else does."""

import io

import openpyxl
import pytest
from django.urls import reverse

from partners.models import Auditregel, Partner


def test_anonymous_visitors_go_to_the_login_page(client, db):
    antwoord = client.get(reverse("exports:overzicht"))
    assert antwoord.status_code == 302
    assert antwoord.url.startswith(reverse("login"))


@pytest.mark.parametrize("wie", ["projectleider", "stuurgroeplid", "financien"])
def test_every_role_of_the_region_sees_the_reports_with_its_years(client, request, wie, demo):
    client.force_login(request.getfixturevalue(wie))

    pagina = client.get(reverse("exports:overzicht")).content.decode()

    assert "Jaaroverzicht downloaden (.xlsx)" in pagina
    assert "Verantwoording per financier downloaden (.xlsx)" in pagina
    assert '<option value="2021" selected>2021</option>' in pagina
    assert '<option value="' in pagina and ">UWV</option>" in pagina
    assert 'href="/exports/"' in pagina


def test_the_download_is_the_workbook_of_the_chosen_year(client, financien, demo):
    client.force_login(financien)

    antwoord = client.get(reverse("exports:downloaden", args=["jaaroverzicht"]), {"jaar": 2019})

    assert antwoord.status_code == 200
    assert antwoord["Content-Disposition"] == 'attachment; filename="jaaroverzicht-twente-2019.xlsx"'
    boek = openpyxl.load_workbook(io.BytesIO(b"".join(antwoord.streaming_content)))
    assert boek["Samenvatting"]["A1"].value == "Jaaroverzicht 2019 – Leerwerkloket Twente"
    info = {r[0]: r[1] for r in boek["Info"].iter_rows(values_only=True)}
    assert info["Gemaakt door"] == financien.get_full_name()


def test_the_verantwoording_for_uwv(client, stuurgroeplid, demo):
    client.force_login(stuurgroeplid)
    uwv = Partner.objects.get(naam="UWV")

    antwoord = client.get(reverse("exports:downloaden", args=["verantwoording"]), {"jaar": 2018, "financier": uwv.pk})

    assert antwoord["Content-Disposition"] == 'attachment; filename="verantwoording-twente-uwv-2018.xlsx"'


def test_another_regions_financier_is_not_found(client, collega_achterhoek, demo):
    client.force_login(collega_achterhoek)
    uwv = Partner.objects.get(naam="UWV", leerwerkloket=demo)
    onbekend = Partner.objects.order_by("-pk").first().pk + 1

    antwoord = client.get(reverse("exports:downloaden", args=["verantwoording"]), {"financier": uwv.pk})
    nergens = client.get(reverse("exports:downloaden", args=["verantwoording"]), {"financier": onbekend})

    assert antwoord.status_code == 404
    assert "UWV" not in antwoord.content.decode()
    # Another region's id and an id that exists nowhere get the same answer.
    assert nergens.status_code == 404
    assert not Auditregel.objects.filter(actie=Auditregel.Actie.EXPORT).exists()


@pytest.mark.parametrize(
    "financier, melding",
    [("abc", "Selecteer een geldige keuze"), ("1; DROP TABLE", "Selecteer een geldige keuze"), ("", "verplicht")],
)
def test_a_financier_that_is_no_id_is_refused_in_dutch(client, financien, demo, financier, melding):
    client.force_login(financien)
    adres = reverse("exports:downloaden", args=["verantwoording"])

    antwoord = client.get(adres, {"jaar": 2018, "financier": financier})

    assert antwoord.status_code == 400
    assert melding in antwoord.content.decode()


def test_a_partner_of_the_region_without_an_agreement_is_refused_in_dutch(client, financien, demo):
    client.force_login(financien)
    zonder_afspraak = Partner.objects.voor_regio(demo).filter(afspraken__isnull=True).first()

    antwoord = client.get(
        reverse("exports:downloaden", args=["verantwoording"]), {"jaar": 2018, "financier": zonder_afspraak.pk}
    )

    assert antwoord.status_code == 400
    assert "Selecteer een geldige keuze" in antwoord.content.decode()


def test_an_unknown_report_is_not_found(client, financien, demo):
    client.force_login(financien)
    assert client.get("/exports/geheim.xlsx").status_code == 404


def test_a_user_without_region_gets_the_dutch_403(client, landelijk):
    client.force_login(landelijk)
    antwoord = client.get(reverse("exports:overzicht"))
    assert antwoord.status_code == 403
    assert "Geen toegang" in antwoord.content.decode()
