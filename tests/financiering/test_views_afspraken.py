"""The agreement pages on the demo data: the list, the five-year grid, the document, by role."""

import re

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from financiering.models import Financieringsafspraak

ROLLEN = ["projectleider", "stuurgroeplid", "financien"]


@pytest.fixture
def roc(demo):
    return Financieringsafspraak.objects.get(financier__naam="ROC van Twente")


def cellen(pagina: str, rij: str) -> list[str]:
    regel = re.search(rf'<tr data-rij="{rij}">(.*?)</tr>', pagina, re.S).group(1)
    return re.findall(r'<td class="getal">(?:<strong>)?(.*?)(?:</strong>)?</td>', regel)


def test_anonymous_visitors_go_to_the_login_page(client, demo, roc):
    for adres in [reverse("afspraken:lijst"), reverse("afspraken:detail", args=[roc.pk]), reverse("facturen:lijst")]:
        antwoord = client.get(adres)
        assert antwoord.status_code == 302 and antwoord.url.startswith(reverse("login")), adres


@pytest.mark.parametrize("wie", ROLLEN)
def test_every_role_of_the_region_reads_the_list_and_the_grid(client, request, wie, roc):
    client.force_login(request.getfixturevalue(wie))

    lijst = client.get(reverse("afspraken:lijst")).content.decode()
    detail = client.get(reverse("afspraken:detail", args=[roc.pk])).content.decode()

    assert "5 afspraken" in lijst
    assert "Cofinanciering ROC van Twente 2017-2021" in lijst
    assert cellen(detail, "toegezegd") == [
        "€\u00a075.000,00", "€\u00a075.000,00", "€\u00a080.000,00", "€\u00a080.000,00", "€\u00a075.000,00",
        "€\u00a0385.000,00",
    ]  # fmt: skip
    assert cellen(detail, "minimum")[0] == "€\u00a075.000,00"
    # 2021: 37,500 + 37,500 invoiced; the second term was paid 20,000 of 37,500.
    assert cellen(detail, "openstaand")[4] == "€\u00a017.500,00"
    assert cellen(detail, "ontvangen")[4] == "€\u00a057.500,00"


def test_only_the_projectleider_sees_edit_and_only_finance_sees_invoicing(
    client, projectleider, stuurgroeplid, financien, roc
):
    adres = reverse("afspraken:detail", args=[roc.pk])
    bewerken = reverse("afspraken:bewerken", args=[roc.pk])

    client.force_login(projectleider)
    pagina = client.get(adres).content.decode()
    assert f'href="{bewerken}"' in pagina and "Factuur 2021" not in pagina

    client.force_login(financien)
    pagina = client.get(adres).content.decode()
    assert f'href="{bewerken}"' not in pagina and "Factuur 2021" in pagina

    client.force_login(stuurgroeplid)
    pagina = client.get(adres).content.decode()
    assert f'href="{bewerken}"' not in pagina and "Factuur 2021" not in pagina
    assert client.get(bewerken).status_code == 403
    assert "Geen toegang" in client.get(reverse("afspraken:nieuw")).content.decode()


def test_another_region_gets_404(client, collega_achterhoek, roc):
    client.force_login(collega_achterhoek)

    assert client.get(reverse("afspraken:detail", args=[roc.pk])).status_code == 404
    assert client.get(reverse("afspraken:bewerken", args=[roc.pk])).status_code == 404
    assert client.get(reverse("afspraken:document", args=[roc.pk])).status_code == 404
    assert "0 afspraken" in client.get(reverse("afspraken:lijst")).content.decode()


def test_the_list_filters_by_kind_and_by_the_year_an_agreement_runs(client, stuurgroeplid, demo):
    client.force_login(stuurgroeplid)

    subsidie = client.get(reverse("afspraken:lijst"), {"soort": "structurele_subsidie"}).content.decode()
    in_2018 = client.get(reverse("afspraken:lijst"), {"jaar": 2018}).content.decode()
    in_2020 = client.get(reverse("afspraken:lijst"), {"jaar": 2020}).content.decode()

    assert "1 afspraak" in subsidie and "Structurele rijksbijdrage" in subsidie
    assert "5 afspraken" in in_2018  # AOC Oost's project ran 2018-2019
    assert "4 afspraken" in in_2020


def test_the_signed_document_is_served_to_its_region(client, stuurgroeplid, roc, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    roc.document.save("roc.pdf", ContentFile(b"%PDF-1.7\n%getekend"), save=True)
    client.force_login(stuurgroeplid)

    antwoord = client.get(reverse("afspraken:document", args=[roc.pk]))

    assert antwoord.status_code == 200
    assert b"".join(antwoord.streaming_content).startswith(b"%PDF-1.7")


def test_the_pages_keep_a_constant_number_of_queries(
    client, stuurgroeplid, financien, roc, django_assert_max_num_queries
):
    client.force_login(stuurgroeplid)
    with django_assert_max_num_queries(12):
        client.get(reverse("afspraken:lijst"))
    with django_assert_max_num_queries(12):
        client.get(reverse("afspraken:detail", args=[roc.pk]))
    client.force_login(financien)
    with django_assert_max_num_queries(12):
        client.get(reverse("facturen:lijst"))


def test_the_invoice_list_shows_what_is_overdue(client, financien, demo):
    client.force_login(financien)

    pagina = client.get(reverse("facturen:lijst"), {"stand": "verlopen"}).content.decode()

    assert "2 facturen" in pagina
    assert "LWT-2021-" in pagina
    assert "dagen</td>" in pagina


def test_the_overdue_invoices_export_to_excel_exactly_as_filtered(client, financien, demo):
    import io

    import openpyxl

    client.force_login(financien)

    antwoord = client.get(reverse("exports:lijst", args=["facturen", "xlsx"]), {"stand": "verlopen"})

    rijen = list(
        openpyxl.load_workbook(io.BytesIO(b"".join(antwoord.streaming_content)))["Facturen"].iter_rows(values_only=True)
    )
    assert rijen[1][:3] == ("Factuur", "Financier", "Jaar")
    *facturen, totaal = rijen[2:]
    assert sorted(r[1] for r in facturen) == ["ROC van Twente", "Veertien Twentse gemeenten"]
    assert sum(r[7] for r in facturen) == 17500 + 38750
    assert totaal[0] == "Totaal"


def test_the_history_says_who_changed_which_year_from_what_to_what(client, demo, roc):
    from decimal import Decimal

    from financiering.services import toezegging_vastleggen

    projectleider = demo.gebruikers.get(username="projectleider")
    toezegging_vastleggen(
        afspraak=roc, jaar=2021, bedrag_geld=Decimal("82500.00"), door=projectleider, reden="Extra voor de routekaart"
    )
    client.force_login(demo.gebruikers.get(username="stuurgroep"))

    pagina = client.get(reverse("afspraken:detail", args=[roc.pk])).content.decode()

    geschiedenis = pagina[pagina.index('data-testid="geschiedenis"') :]
    rijen = geschiedenis[geschiedenis.index("<tbody>") :]
    eerste_rij = rijen[: rijen.index("</tr>")]
    assert "Jenny Holtrop" in eerste_rij
    assert "Gewijzigd: toezegging 2021" in eerste_rij and "(Extra voor de routekaart)" in eerste_rij
    assert "€\u00a075.000,00 → €\u00a082.500,00" in eerste_rij
