"""The importer asks Django's DecimalValidator once per (digits, exponent); that key is read
without `as_tuple` for an amount at cents, and must be exactly what DecimalValidator decides on."""

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
