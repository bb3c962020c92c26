"""The importer asks Django's DecimalValidator once per (digits, exponent); that key is read
without `as_tuple` for an amount at cents, and must be exactly what DecimalValidator decides on."""

import datetime
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from jaarplan.importeren.realisatie import _cijfers_en_exponent


@given(st.decimals(allow_nan=False, allow_infinity=False, places=2) | st.decimals(allow_nan=False))
def test_the_key_of_an_amount_is_its_number_of_digits_and_its_exponent(getal):
    tupel = getal.as_tuple()
    if getal.is_finite():
        assert _cijfers_en_exponent(getal) == (len(tupel.digits), tupel.exponent)
    else:
        assert _cijfers_en_exponent(getal)[1] == tupel.exponent


def test_zero_at_cents_has_one_digit():
    assert _cijfers_en_exponent(Decimal("0.00")) == (1, -2)
    assert _cijfers_en_exponent(Decimal("-0.00")) == (1, -2)
    assert _cijfers_en_exponent(Decimal("123456789012.34")) == (14, -2)


def test_amounts_at_cents_are_asked_by_their_largest_and_each_one_that_fails_is_named():
    from django.core.validators import DecimalValidator

    from jaarplan.importeren.realisatie import _vragen

    validator = DecimalValidator(max_digits=5, decimal_places=2)
    goed = {Decimal("1.00"), Decimal("-999.99"), Decimal("0.00")}
    assert _vragen(validator, goed) == [(Decimal("-999.99"), ())]

    fout = _vragen(validator, goed | {Decimal("1000.00"), Decimal("-1234.56")})
    geweigerd = {w for waarde, groep in fout for w in groep if groep}
    assert geweigerd == {Decimal("1000.00"), Decimal("-1234.56")}
    # Values not all at cents are asked per key (digits, exponent), as before.
    fout = _vragen(validator, {Decimal("1.5"), Decimal("2.125"), Decimal("3.75")})
    assert {w for waarde, groep in fout for w in groep if groep} == {Decimal("2.125")}


@given(st.sets(st.text(max_size=8), max_size=20), st.integers(min_value=0, max_value=6))
def test_a_length_rule_refuses_exactly_the_values_it_refuses_one_by_one(waarden, grens):
    # Asked by the longest (shortest) value first, then per length: the same verdict as per value.
    from django.core.exceptions import ValidationError
    from django.core.validators import MaxLengthValidator, MinLengthValidator

    from jaarplan.importeren.realisatie import _vragen

    for validator in (MaxLengthValidator(grens), MinLengthValidator(grens)):
        een_voor_een = set()
        for waarde in waarden:
            try:
                validator(waarde)
            except ValidationError:
                een_voor_een.add(waarde)
        assert {w for _, groep in _vragen(validator, waarden) for w in groep} == een_voor_een


def test_descriptions_within_the_length_are_asked_once():
    from django.core.validators import MaxLengthValidator

    from jaarplan.importeren.realisatie import _vragen

    assert _vragen(MaxLengthValidator(5), {"a", "abcde", "abc"}) == [("abcde", ())]


def test_a_file_without_a_bad_row_reads_each_row_as_the_row_by_row_way_would():
    # Without a bad row the rows are taken all at once; beside one bad row, each row on its own.
    # The good rows come out the same either way, a long description cut to the field's length.
    from jaarplan.importeren.realisatie import MAX_OMSCHRIJVING, Analyse, _lees_regels

    kolommen = {"datum": 0, "stuknummer": 1, "omschrijving": 2, "kostenplaats": 3, "grootboekrekening": 4, "bedrag": 5}
    kop = ["Datum", "Stuknr", "Omschrijving", "Kostenplaats", "Rekening", "Bedrag"]
    goed = [
        [datetime.datetime(2018, 3, 1), "M-1", "Koffie", "K1", 4000.0, 12.5],
        [datetime.datetime(2018, 3, 2), None, "x" * (MAX_OMSCHRIJVING + 5), 4711.0, "4001", -3],
        [None, None, None, None, None, None],
        [datetime.date(2018, 3, 3), "M-3", None, "K2", None, "1.234,56"],
    ]
    slecht = [datetime.datetime(2018, 3, 4), "M-4", "Geen bedrag", "K1", 4000.0, "honderd"]
    zonder = _lees_regels([kop, *goed], 1, Analyse(kolommen=kolommen))
    met = _lees_regels([kop, *goed, slecht], 1, Analyse(kolommen=kolommen))
    assert met[:-1] == zonder and met[-1][:2] == (6, None)  # the bad row: its error is on the list
    assert [r[0] for r in zonder] == [2, 3, 5]
    assert zonder[1][3:5] == ("4711", "x" * MAX_OMSCHRIJVING)
    assert zonder[0][2] == Decimal("12.50") and str(zonder[2][2]) == "1234.56"
    assert _lees_regels([kop, [None] * 6], 1, Analyse(kolommen=kolommen)) == []  # a header and nothing else
