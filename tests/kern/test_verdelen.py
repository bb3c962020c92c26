"""Splitting an amount over parts: the parts always add up to the whole, to the cent."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given, settings
from hypothesis import strategies as st

from kern.money import CENT, format_euro, parse_bedrag, round_money, verdeel
from partners.models import Verdeelsleutel, VerdeelsleutelAandeel
from tests.factories import PartnerFactory
from tests.factories_extra import TWENTSE_GEMEENTEN

bedragen = st.decimals(min_value=Decimal("0"), max_value=Decimal("1000000000"), places=2)
gewichten = st.lists(st.integers(min_value=1, max_value=2_000_000), min_size=1, max_size=40)


@settings(max_examples=300, deadline=None)
@given(bedrag=bedragen, gewichten=gewichten)
def test_the_parts_add_up_exactly_and_stay_within_a_cent_of_their_share(bedrag, gewichten):
    delen = verdeel(bedrag, gewichten)

    assert sum(delen) == bedrag
    assert all(deel == deel.quantize(CENT) for deel in delen)
    totaal = sum(gewichten)
    for deel, gewicht in zip(delen, gewichten, strict=True):
        assert abs(deel - bedrag * gewicht / totaal) < CENT


@settings(max_examples=100, deadline=None)
@given(bedrag=bedragen, gewichten=gewichten)
def test_a_negative_amount_splits_as_the_mirror_of_the_positive(bedrag, gewichten):
    assert verdeel(-bedrag, gewichten) == [-d for d in verdeel(bedrag, gewichten)]


@pytest.mark.parametrize(
    ("bedrag", "gewichten", "melding"),
    [
        (Decimal("1.005"), [1], "Een bedrag heeft hoogstens twee decimalen."),
        (Decimal("1"), [], "Er is niets om over te verdelen."),
        (Decimal("1"), [1, -1], "Een gewicht in de verdeelsleutel kan niet negatief zijn."),
        (Decimal("1"), [0, 0], "De gewichten van de verdeelsleutel tellen op tot nul."),
    ],
)
def test_what_cannot_be_split_is_refused_in_dutch(bedrag, gewichten, melding):
    with pytest.raises(ValueError, match=melding):
        verdeel(bedrag, gewichten)


def test_three_equal_parts_of_a_hundred_euro():
    assert verdeel(Decimal("100.00"), [1, 1, 1]) == [Decimal("33.34"), Decimal("33.33"), Decimal("33.33")]


@pytest.mark.parametrize(
    ("waarde", "verwacht"),
    [("0.005", "0.01"), ("0.015", "0.02"), ("2.675", "2.68"), ("-0.005", "-0.01"), ("12.344", "12.34")],
)
def test_rounding_is_half_up_not_bankers(waarde, verwacht):
    assert round_money(Decimal(waarde)) == Decimal(verwacht)


@pytest.mark.parametrize(
    ("waarde", "tekst"),
    [
        (Decimal("75000"), "€\u00a075.000,00"),
        (Decimal("1234.5"), "€\u00a01.234,50"),
        (Decimal("-1234.56"), "€\u00a0-1.234,56"),
        (Decimal("0.07"), "€\u00a00,07"),
        (Decimal("999999999.99"), "€\u00a0999.999.999,99"),
    ],
)
def test_amounts_show_the_dutch_way(waarde, tekst):
    assert format_euro(waarde) == tekst


@pytest.mark.parametrize(
    ("tekst", "waarde"),
    [
        ("75.000", "75000"),
        ("75000,50", "75000.50"),
        ("€ 1.234,56", "1234.56"),
        ("-1.234,56", "-1234.56"),
        ("1234.5", "1234.5"),
    ],
)
def test_amounts_are_read_as_people_type_them(tekst, waarde):
    assert parse_bedrag(tekst) == Decimal(waarde)


@pytest.mark.parametrize("tekst", ["1,2,3", "75.00.0", "tien euro", "", "1.23.456"])
def test_what_is_not_an_amount_is_refused_in_dutch(tekst):
    with pytest.raises(ValueError):
        parse_bedrag(tekst)


# -- the verdeelsleutel of the gemeenten ---------------------------------------------------------
@pytest.fixture
def gemeenten(twente):
    groep = PartnerFactory(leerwerkloket=twente, naam="Veertien Twentse gemeenten", soort="gemeente", is_groep=True)
    leden = {
        naam: PartnerFactory(leerwerkloket=twente, naam=f"Gemeente {naam}", soort="gemeente", groep=groep)
        for naam in TWENTSE_GEMEENTEN
    }
    return groep, leden


def sleutel_met(groep, leden, methode, **per_lid):
    sleutel = Verdeelsleutel.objects.create(groep=groep, jaar=2018, methode=methode)
    for naam, partner in leden.items():
        VerdeelsleutelAandeel.objects.create(
            verdeelsleutel=sleutel, partner=partner, **{k: v[naam] for k, v in per_lid.items()}
        )
    return sleutel


def test_by_inhabitants_the_fourteen_shares_add_up_to_the_joint_amount(gemeenten):
    groep, leden = gemeenten
    sleutel = sleutel_met(groep, leden, Verdeelsleutel.Methode.INWONERS, inwoners=TWENTSE_GEMEENTEN)

    delen = {a.partner.naam: bedrag for a, _, bedrag in sleutel.verdeel(Decimal("77500.00"))}

    assert sum(delen.values()) == Decimal("77500.00")
    # 77,500 x 81,340 / 617,567 = 10,207.556...
    assert delen["Gemeente Hengelo"] == Decimal("10207.56")


def test_by_percentage_the_percentages_must_make_a_hundred(gemeenten):
    groep, leden = gemeenten
    procenten = dict.fromkeys(TWENTSE_GEMEENTEN, Decimal("7"))
    sleutel = sleutel_met(groep, leden, Verdeelsleutel.Methode.PERCENTAGE, percentage=procenten)

    with pytest.raises(ValidationError) as fout:
        sleutel.verdeel(Decimal("75000"))
    assert fout.value.messages == [
        "De percentages van de verdeelsleutel Veertien Twentse gemeenten 2018 tellen op tot 98% in plaats van 100%."
    ]

    sleutel.aandelen.filter(partner=leden["Enschede"]).update(percentage=Decimal("9"))
    delen = {a.partner.naam: bedrag for a, _, bedrag in sleutel.verdeel(Decimal("75000"))}
    assert delen["Gemeente Enschede"] == Decimal("6750.00")
    assert sum(delen.values()) == Decimal("75000.00")


def test_fixed_amounts_split_another_total_in_proportion(gemeenten):
    groep, leden = gemeenten
    vast = dict.fromkeys(TWENTSE_GEMEENTEN, Decimal("5000"))
    sleutel = sleutel_met(groep, leden, Verdeelsleutel.Methode.VAST_BEDRAG, vast_bedrag=vast)

    delen = [bedrag for _, _, bedrag in sleutel.verdeel(Decimal("77000.00"))]

    assert delen == [Decimal("5500.00")] * 14


def test_a_key_without_members_cannot_split(gemeenten):
    groep, _ = gemeenten
    sleutel = Verdeelsleutel.objects.create(groep=groep, jaar=2019, methode=Verdeelsleutel.Methode.INWONERS)

    with pytest.raises(
        ValidationError, match="De verdeelsleutel van Veertien Twentse gemeenten voor 2019 heeft nog geen deelnemers."
    ):
        sleutel.verdeel(Decimal("75000"))
