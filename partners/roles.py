"""Roles are auth groups with these names; a user belongs to one region (or reads all, nationally).

Every permission of the app is built from two predicates, defined here and nowhere else:

- `leest_regio(gebruiker, regio)`: reads the region's data; the national role reads every region;
- `heeft_rol(gebruiker, rol, regio)`: acts in the region in that role; only a user of the region
  does (the national role reads everywhere and acts nowhere).

`regio` is a Leerwerkloket, its id, `EIGEN_REGIO` (the user's own; none for the national role),
or, for `leest_regio`, `ALLE_REGIOS` (every region at once); no region (None) is no one's. The
apps' `can_<action>` functions in their permissions.py compose these two; views, templates and the
menu ask those functions, never the roles."""

import enum

from django.db import models


class Rol(models.TextChoices):
    PROJECTLEIDER = "projectleider", "Projectleider"
    STUURGROEP = "stuurgroep", "Stuurgroeplid"
    FINANCIEN = "financien", "Financiën"
    BEHEERDER = "beheerder", "Beheerder"
    LANDELIJK = "landelijk", "Landelijk"


class Regio(enum.Enum):
    """A region named by whose it is rather than by which it is."""

    EIGEN = "de eigen regio"
    ALLE = "alle regio's"


EIGEN_REGIO = Regio.EIGEN
ALLE_REGIOS = Regio.ALLE


def rollen_van(gebruiker) -> frozenset[str]:
    if gebruiker is None or not gebruiker.is_authenticated:
        return frozenset()
    return gebruiker.rollen


def _regio_id(gebruiker, regio) -> int | None:
    if regio is EIGEN_REGIO:
        return gebruiker.leerwerkloket_id
    return getattr(regio, "pk", regio)


def leest_regio(gebruiker, regio) -> bool:
    """Reads the data of `regio`: every user of that region, whatever their role; the national
    role (and a superuser) reads every region, but has no own region to speak of."""
    if gebruiker is None or not gebruiker.is_authenticated:
        return False
    if regio is ALLE_REGIOS:
        return gebruiker.leest_alle_regios
    regio_id = _regio_id(gebruiker, regio)
    if regio_id is None:
        return False
    # The own region first: it needs no query, the national role's check reads the roles.
    return gebruiker.leerwerkloket_id == regio_id or gebruiker.leest_alle_regios


def heeft_rol(gebruiker, rol: str, regio) -> bool:
    """Has `rol` in `regio`: a user of that region in that role. Reading every region gives no
    role in any, so no one has a role in `ALLE_REGIOS`."""
    if regio is ALLE_REGIOS or rol not in rollen_van(gebruiker):
        return False
    regio_id = _regio_id(gebruiker, regio)
    return regio_id is not None and gebruiker.leerwerkloket_id == regio_id
