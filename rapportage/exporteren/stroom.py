"""The rows of a list's table for an export, read from the database as tuples (`values_list`) and
turned into export values with one reader per column, decided once.

django-tables2's `Table.as_values()` builds a row object per record, resolves every accessor
again and inspects the signature of the value method for every cell (72 % of a list export's
time, issue 26). The reader here gives the same values as `as_values()` (the test of the list
exports compares them) for the columns it understands:

- an accessor that is a path of fields (`toezegging__afspraak__financier__naam`), an annotation
  of the queryset (`openstaand`) or a choices field's `get_<veld>_display` (a field with choices
  shows its label, as django-tables2 does); a path ending in a relation gives the object's text,
  read once per related object;
- the column's value: the raw value (an amount, a date, plain text), or the table's
  `value_<naam>` / `render_<naam>` called with `value`, and with `record` only when the table
  names the fields that record needs (`exportvelden = {"herkomst": ("importbatch_id", ...)}`).

A table with any other column (a method of the model, a value method that wants more) is read
through `as_values()` as before: slower, and only for the short lists (afspraken).
"""

import inspect
import itertools
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from types import SimpleNamespace

from django.core.exceptions import FieldDoesNotExist
from django_tables2 import A, Column

from financiering.tables import DatumColumn, EuroColumn

PER_KEER = 2000  # rows fetched from the database per round trip while streaming

# Column classes whose export value is the value itself (their `value` returns it unchanged).
_ONVERANDERD = {Column.value, EuroColumn.value, DatumColumn.value}


class NietTeStromen(Exception):
    """A column the reader does not understand: the table is read through `as_values()`."""


@dataclass
class _Kolomlezer:
    pad: str  # the ORM path of the value in values_list
    leeg: tuple  # the column's empty values: the cell is None, the value method is not called
    omzetten: Callable | None = None  # a choice's label, a related object's text
    functie: Callable | None = None  # the table's value method, with its fixed arguments
    recordvelden: tuple[str, ...] = ()


def export_rijen(tabel, kolommen) -> Iterator[list]:
    """The export rows of `tabel` (its data ordered as the page), one list per row, in the order
    of `kolommen` (the table's bound columns in the export). Raises NietTeStromen when a column
    cannot be read this way."""
    queryset = tabel.data.data
    lezers = [_lezer(tabel, queryset, kolom) for kolom in kolommen]
    paden = list(dict.fromkeys(p for lezer in lezers for p in (lezer.pad, *lezer.recordvelden)))
    plek = {pad: nummer for nummer, pad in enumerate(paden)}
    stappen = [
        (plek[lezer.pad], lezer.leeg, lezer.omzetten, lezer.functie, [(v, plek[v]) for v in lezer.recordvelden])
        for lezer in lezers
    ]
    return _rijen(queryset.values_list(*paden), stappen)


def _rijen(tupels, stappen) -> Iterator[list]:
    teksten = [(nummer, omzetten) for nummer, _, omzetten, _, _ in stappen if isinstance(omzetten, _Tekst)]
    rijen = tupels.iterator(chunk_size=PER_KEER)
    while deel := list(itertools.islice(rijen, PER_KEER)):
        for nummer, tekst in teksten:
            tekst.lezen({tupel[nummer] for tupel in deel})
        yield from _deel(deel, stappen)


def _deel(deel, stappen) -> Iterator[list]:
    for tupel in deel:
        rij = []
        for nummer, leeg, omzetten, functie, recordvelden in stappen:
            waarde = tupel[nummer]
            if omzetten is not None and waarde is not None:
                waarde = omzetten(waarde)
            if waarde in leeg:
                waarde = None
            elif functie is not None:
                if recordvelden:
                    record = SimpleNamespace(**{veld: tupel[i] for veld, i in recordvelden})
                    waarde = functie(value=waarde, record=record)
                else:
                    waarde = functie(value=waarde)
            rij.append(waarde)
        yield rij


def _lezer(tabel, queryset, gebonden) -> _Kolomlezer:
    pad, omzetten = _pad(queryset, A(gebonden.accessor))
    functie, recordvelden = _functie(tabel, gebonden)
    return _Kolomlezer(
        pad=pad,
        leeg=tuple(gebonden.column.empty_values),
        omzetten=omzetten,
        functie=functie,
        recordvelden=recordvelden,
    )


def _pad(queryset, accessor) -> tuple[str, Callable | None]:
    """The ORM path of an accessor, and how its raw value becomes what the table shows."""
    bits = accessor.bits
    if len(bits) == 1 and bits[0] in queryset.query.annotations:
        return bits[0], None
    meta = queryset.model._meta
    for nummer, bit in enumerate(bits):
        laatste = nummer == len(bits) - 1
        if laatste and bit.startswith("get_") and bit.endswith("_display"):
            bit = bit.removeprefix("get_").removesuffix("_display")
        try:
            veld = meta.pk if bit == "pk" else meta.get_field(bit)
        except FieldDoesNotExist:
            raise NietTeStromen(f"{accessor} is geen veld") from None
        pad = "__".join([*bits[:nummer], veld.name if bit != "pk" else "pk"])
        if laatste:
            if getattr(veld, "choices", None):
                return pad, _Label({k: str(v) for k, v in veld.flatchoices})
            if veld.is_relation:
                if veld.many_to_many or veld.one_to_many:
                    raise NietTeStromen(f"{accessor} is een verzameling")
                return pad, _Tekst(veld.related_model)
            return pad, None
        if not veld.is_relation or veld.many_to_many or veld.one_to_many:
            raise NietTeStromen(f"{accessor} gaat niet via een enkele relatie")
        meta = veld.related_model._meta
    raise NietTeStromen(f"{accessor} is leeg")


class _Label(dict):
    """A choice's label by its value (an unknown value as it is)."""

    def __call__(self, waarde):
        return self.get(waarde, waarde)


class _Tekst(dict):
    """A related object's text by its key; `lezen` reads the ones a chunk of rows needs that are
    not known yet, in one query (a national list names 35 regions: one query, not 35)."""

    def __init__(self, model):
        super().__init__()
        self.model = model

    def __call__(self, sleutel):
        return self[sleutel]

    def lezen(self, sleutels) -> None:
        nieuw = [s for s in sleutels if s is not None and s not in self]
        if nieuw:
            self.update((pk, str(o)) for pk, o in self.model._default_manager.in_bulk(nieuw).items())


def _functie(tabel, gebonden) -> tuple[Callable | None, tuple[str, ...]]:
    """The value method of a column, None when the value is exported as it is."""
    functie = gebonden.value
    klasse = type(gebonden.column)
    if (
        getattr(functie, "__self__", None) is gebonden.column
        and klasse.value in _ONVERANDERD
        and (klasse.value is not Column.value or klasse.render is Column.render)
    ):
        return None, ()
    parameters = inspect.signature(functie).parameters
    if any(p.kind in (p.VAR_KEYWORD, p.VAR_POSITIONAL) for p in parameters.values()):
        raise NietTeStromen(f"{gebonden.name}: de waarde vraagt meer dan value en record")
    if not set(parameters) <= {"value", "record"}:
        raise NietTeStromen(f"{gebonden.name}: de waarde vraagt {', '.join(parameters)}")
    recordvelden = ()
    if "record" in parameters:
        recordvelden = tuple(getattr(tabel, "exportvelden", {}).get(gebonden.name, ()))
        if not recordvelden:
            raise NietTeStromen(f"{gebonden.name}: de waarde vraagt het record, en de tabel noemt zijn velden niet")
    if "value" in parameters and "record" in parameters:
        return functie, recordvelden
    if "record" in parameters:
        return (lambda value, record: functie(record=record)), recordvelden
    return (lambda value: functie(value=value)), ()
