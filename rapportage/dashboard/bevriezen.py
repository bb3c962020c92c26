"""Freeze the dashboard's figures to JSON and thaw them back into the same dataclasses, so a
vastgelegd report is rendered by the very templates that render the live one.

Amounts are written as strings (`"75000.00"`), never as floats, and dates as ISO strings. A thawed
value equals the one that was frozen; the derived properties (met, difference, percentage) are
computed from the stored fields, and every input they need (the minimum, the required share, the
threshold) is itself stored, so a later change of a setting does not alter a snapshot.

Nothing here names a figure: a figure added to a section's dataclass is frozen with it, and a
snapshot laid down before it existed thaws with that figure absent (`AFWEZIG`: shown as nothing,
compared as "niet in het rapport"), never as zero."""

import dataclasses
import datetime
import types
import typing
from decimal import Decimal
from functools import cache

from .cijfers import Dashboardcijfers
from .figuren import AFWEZIG, is_figuur

FORMAAT = 1  # the version of the frozen form; raise it when a stored field changes meaning


def bevries(cijfers: Dashboardcijfers) -> dict:
    return {"formaat": FORMAAT, "cijfers": naar_json(cijfers)}


def ontdooi(data: dict) -> Dashboardcijfers:
    if data.get("formaat") != FORMAAT:
        raise ValueError(f"Onbekend formaat van vastgelegde cijfers: {data.get('formaat')!r}.")
    return uit_json(Dashboardcijfers, data["cijfers"])


def naar_json(waarde):
    if dataclasses.is_dataclass(waarde) and not isinstance(waarde, type):
        return {
            f.name: naar_json(getattr(waarde, f.name))
            for f in dataclasses.fields(waarde)
            if getattr(waarde, f.name) is not AFWEZIG  # absent then, absent when frozen again
        }
    if isinstance(waarde, Decimal):
        return str(waarde)
    if isinstance(waarde, datetime.datetime):
        raise TypeError("Een tijdstip wordt niet bevroren; alleen datums.")
    if isinstance(waarde, datetime.date):
        return waarde.isoformat()
    if isinstance(waarde, list | tuple):
        return [naar_json(w) for w in waarde]
    if waarde is None or isinstance(waarde, bool | int | str):
        return waarde
    raise TypeError(f"{type(waarde).__name__} kan niet worden bevroren.")


@cache
def _velden(cls) -> dict:
    return typing.get_type_hints(cls)


def uit_json(soort, data):
    """Rebuild a value of type `soort` (a dataclass, list[...], a union, Decimal, date, ...)."""
    if dataclasses.is_dataclass(soort):
        typen = _velden(soort)
        waarden = {}
        for f in dataclasses.fields(soort):
            if f.name in data:
                waarden[f.name] = uit_json(typen[f.name], data[f.name])
            elif is_figuur(f):
                waarden[f.name] = AFWEZIG  # a figure added after the snapshot was laid down
            # Any other field added later has a default, and takes it.
        return soort(**waarden)
    oorsprong = typing.get_origin(soort)
    if oorsprong in (typing.Union, types.UnionType):
        return _uit_union(typing.get_args(soort), data)
    if oorsprong is list:
        (element,) = typing.get_args(soort)
        return [uit_json(element, d) for d in data]
    if soort is Decimal:
        return Decimal(data)
    if soort is datetime.date:
        return datetime.date.fromisoformat(data)
    if soort in (int, str, bool):
        if not isinstance(data, soort):
            raise TypeError(f"{data!r} is geen {soort.__name__}.")
        return data
    raise TypeError(f"{soort!r} kan niet worden ontdooid.")


def _uit_union(mogelijk: tuple, data):
    if data is None:
        if type(None) not in mogelijk:
            raise TypeError("Een waarde ontbreekt.")
        return None
    if isinstance(data, dict):
        (klasse,) = [m for m in mogelijk if dataclasses.is_dataclass(m)]
        return uit_json(klasse, data)
    if isinstance(data, str):
        # A string is a string where the union allows one; otherwise an amount or a date.
        for soort in (str, Decimal, datetime.date):
            if soort in mogelijk:
                return uit_json(soort, data)
    for soort in (bool, int):
        if soort in mogelijk and isinstance(data, soort):
            return data
    raise TypeError(f"{data!r} past niet in {mogelijk!r}.")
