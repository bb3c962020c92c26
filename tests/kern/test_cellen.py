"""Reading a whole column at once gives, cell for cell, what the cell readers give one by one:
the same amount or date, or the same Dutch message."""

import datetime
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from kern.cellen import lees_bedrag, lees_bedragen, lees_datum, lees_kolom


def een_voor_een(lezer, cellen):
    uitkomst = []
    for cel in cellen:
        try:
            uitkomst.append(lezer(cel))
        except ValueError as fout:
            uitkomst.append(f"fout: {fout}")
    return uitkomst


def als_tekst(waarden):
    return [f"fout: {w}" if isinstance(w, ValueError) else w for w in waarden]


def gelijk(a, b) -> bool:
    """Equal amounts with the same exponent (Decimal("1.5") and Decimal("1.50") print differently)."""
    return len(a) == len(b) and all(
        x == y and (not isinstance(x, Decimal) or str(x) == str(y)) for x, y in zip(a, b, strict=True)
    )


BEDRAG_CELLEN = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True),
    st.floats(min_value=-2e9, max_value=2e9).map(lambda x: round(x, 2)),  # the bulk: euros and cents
    st.floats(min_value=-1e6, max_value=1e6).map(lambda x: round(x, 2) + 1e-7),  # just within a cent
    st.floats(min_value=-1e6, max_value=1e6).map(lambda x: round(x, 3)),  # a third decimal
    st.integers(min_value=-(10**12), max_value=10**12),
    st.integers(),
    st.sampled_from([10**400, -(2**53) - 1, 2**53]),
    st.booleans(),
    st.none(),
    st.sampled_from(["€ 1.234,56", "1.234,56-", "(234,56)", "honderd", "10,005", "0", "-0,00", "1.5", " 12,50 "]),
    st.just(0.0),
    st.just(-0.0),
    st.decimals(allow_nan=False, allow_infinity=False, places=2, min_value=-(10**10), max_value=10**10),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(BEDRAG_CELLEN, max_size=30))
def test_a_column_of_amounts_reads_as_each_cell_would(cellen):
    assert gelijk(als_tekst(lees_bedragen(cellen)), een_voor_een(lees_bedrag, cellen))


DATUM_CELLEN = st.one_of(
    st.dates(min_value=datetime.date(1990, 1, 1), max_value=datetime.date(2030, 12, 31)),
    st.datetimes(min_value=datetime.datetime(1990, 1, 1), max_value=datetime.datetime(2030, 12, 31)),
    st.integers(min_value=-5, max_value=3_000_000),
    st.sampled_from([1, 1.0, True, False, 0.0, -0.0, 43190.0, 43190.5, "31-12-2018", "2018-12-31", "31/13/2018", "  "]),
    st.none(),
)


@settings(max_examples=200, deadline=None)
@given(st.lists(DATUM_CELLEN, max_size=30))
def test_a_column_of_dates_reads_as_each_cell_would_even_where_cells_compare_equal(cellen):
    assert als_tekst(lees_kolom(cellen, lees_datum)) == een_voor_een(lees_datum, cellen)


def test_true_is_no_date_though_it_equals_one():
    # Serial number 1 is 31-12-1899, a date, though none the administration holds (2000-2100).
    assert als_tekst(lees_kolom([1, True, 1.0, 44197], lees_datum)) == [
        "fout: '1' ligt niet tussen 01-01-2000 en 31-12-2100",
        "fout: 'True' is geen datum",
        "fout: '1.0' ligt niet tussen 01-01-2000 en 31-12-2100",
        datetime.date(2021, 1, 1),
    ]


@settings(max_examples=200, deadline=None)
@given(
    st.one_of(
        st.lists(st.floats(allow_nan=True, allow_infinity=True), max_size=30),
        st.lists(st.floats(min_value=-2e9, max_value=2e9).map(lambda x: round(x, 2)), max_size=30),
        st.lists(st.integers(min_value=-(10**12), max_value=10**12), max_size=30),
    )
)
def test_a_column_of_numbers_only_reads_as_each_cell_would(cellen):
    # The usual export: every cell a number, read in one numpy step without a Python step per cell.
    assert gelijk(als_tekst(lees_bedragen(cellen)), een_voor_een(lees_bedrag, cellen))


@settings(max_examples=200, deadline=None)
@given(
    st.one_of(
        st.lists(st.dates(min_value=datetime.date(1990, 1, 1), max_value=datetime.date(2030, 12, 31)), max_size=30),
        st.lists(st.sampled_from([0.0, -0.0, 1.0, 43190.0, 43190.5, 44197.0]), max_size=30),
        st.lists(st.one_of(st.none(), st.sampled_from(["31-12-2018", "2018-12-31", "x"]), st.integers(0, 50_000))),
        st.lists(st.one_of(st.booleans(), st.integers(0, 2), st.none())),
    )
)
def test_a_column_of_one_kind_of_cell_reads_as_each_cell_would(cellen):
    # Such a column is looked up by the cell itself: equal cells of these kinds are the same cell,
    # except 0.0 and -0.0 and a number beside True, which keep their own reading.
    assert als_tekst(lees_kolom(cellen, lees_datum)) == een_voor_een(lees_datum, cellen)


def test_minus_zero_and_true_keep_their_own_message_in_a_column_of_their_kind():
    assert als_tekst(lees_kolom([0.0, -0.0], lees_datum)) == [
        "fout: '0.0' is geen datum",
        "fout: '-0.0' is geen datum",
    ]
    assert als_tekst(lees_kolom([1, True], lees_datum))[1] == "fout: 'True' is geen datum"
