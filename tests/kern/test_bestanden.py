"""The reader's own machinery: the pause of the cycle collector, and counting a sheet's cells."""

import gc

import pytest

from kern.bestanden import Grens, _tel_blad, kringopruiming_gepauzeerd


def _in_generatie(obj, generatie: int) -> bool:
    return any(o is obj for o in gc.get_objects(generation=generatie))


def test_what_a_pause_made_goes_to_the_oldest_generation_and_the_collector_runs_again():
    assert gc.isenabled()
    with kringopruiming_gepauzeerd():
        assert not gc.isenabled()
        rijen = [[i, "tekst"] for i in range(1_000)]

    assert gc.isenabled()
    assert gc.get_freeze_count() == 0
    # Not in the young generation, where the next collections would walk every row twice more.
    assert _in_generatie(rijen[0], 2)
    assert not _in_generatie(rijen[0], 0)


def test_a_cycle_made_in_a_pause_is_still_collected():
    class Knoop:
        pass

    with kringopruiming_gepauzeerd():
        knoop = Knoop()
        knoop.zelf = knoop
    del knoop

    assert gc.collect() >= 1
    assert not any(type(o) is Knoop for o in gc.get_objects())


def test_objects_frozen_by_someone_else_stay_frozen():
    # The freeze count itself may drop while the block runs (a frozen object that dies leaves the
    # permanent generation), so the test follows one object it keeps alive: a frozen object is in
    # no generation the collector walks.
    bewaakt = [[]]
    gc.freeze()
    try:
        with kringopruiming_gepauzeerd():
            [[i] for i in range(100)]
        assert id(bewaakt) not in {id(o) for o in gc.get_objects()}
        assert gc.isenabled()
    finally:
        gc.unfreeze()
    assert id(bewaakt) in {id(o) for o in gc.get_objects()}


@pytest.mark.parametrize(
    ("xml", "afmeting"),
    [
        (b'<worksheet><sheetData><row r="1"><c r="A1"/><c r="F1"/></row><row r="2"><c r="B2"/></row>', (2, 6)),
        # A reference that is not the cell's first attribute, and cells without any: counted the slow way.
        (b'<worksheet><sheetData><row r="1"><c s="1" r="AB1"/></row><row r="4"><c r="A4"/></row>', (4, 28)),
        (b"<worksheet><sheetData><row><c><v>1</v></c><c><v>2</v></c><c><v>3</v></c></row><row><c/></row>", (2, 3)),
        # Other elements whose name starts with "c" (columns) beside ordinary cells.
        (b'<worksheet><cols><col min="1" max="2"/></cols><sheetData><row r="3"><c r="C3"/></row>', (3, 3)),
        (b'<x:worksheet><x:sheetData><x:row r="2"><x:c r="D2"/></x:row><x:row r="5"><x:c r="B5"/></x:row>', (5, 4)),
    ],
)
def test_a_sheet_is_measured_by_its_highest_row_and_furthest_column(xml, afmeting, settings):
    assert _tel_blad(iter([xml]), Grens()) == afmeting
