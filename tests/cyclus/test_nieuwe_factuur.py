"""'Nieuwe factuur' from the invoice list, with the next number suggested from the region's pattern."""

import datetime

import pytest
from django.urls import reverse

from financiering.selectors import volgend_factuurnummer
from tests.conftest import op_dag
from tests.factories import FactuurFactory, ToezeggingFactory

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.mark.parametrize(
    ("laatste", "op", "volgend"),
    [
        ("LWT-2026-012", D(2026, 12, 7), "LWT-2026-013"),
        ("LWT-2026-012", D(2027, 1, 2), "LWT-2027-001"),
        ("F-0099", D(2026, 12, 7), "F-0100"),
        ("2026/7", D(2026, 12, 7), "2026/8"),
    ],
)
def test_the_next_number_follows_the_regions_pattern(twente, laatste, op, volgend):
    FactuurFactory(toezegging=ToezeggingFactory(afspraak__leerwerkloket=twente), nummer=laatste)
    assert volgend_factuurnummer(twente, op) == volgend


def test_a_region_without_invoices_chooses_its_first_number(twente):
    assert volgend_factuurnummer(twente, D(2026, 12, 7)) == ""


def test_finance_staff_start_an_invoice_from_the_list_with_the_number_ready(client, financien, twente):
    toezegging = ToezeggingFactory(afspraak__leerwerkloket=twente, jaar=2026)
    FactuurFactory(
        toezegging=toezegging, nummer="LWT-2026-012", factuurdatum=D(2026, 10, 15), vervaldatum=D(2026, 11, 14)
    )
    client.force_login(financien)
    with op_dag(D(2026, 12, 7)):
        lijst = client.get(reverse("facturen:lijst")).text
        assert f'href="{reverse("facturen:kiezen")}">Nieuwe factuur</a>' in lijst
        keuze = client.get(reverse("facturen:kiezen"))
        assert "2026 – UWV (Cofinanciering UWV 2017-2021)" in keuze.text
        verder = client.get(reverse("facturen:kiezen"), {"toezegging": toezegging.pk})
        assert verder.url == reverse("facturen:nieuw", args=[toezegging.pk])
        formulier = client.get(verder.url)
        assert formulier.context["form"].initial["nummer"] == "LWT-2026-013"
        assert 'value="LWT-2026-013"' in formulier.text
