"""Roles are auth groups with these names; a user belongs to one region (or reads all, nationally)."""

from django.db import models


class Rol(models.TextChoices):
    PROJECTLEIDER = "projectleider", "Projectleider"
    STUURGROEP = "stuurgroep", "Stuurgroeplid"
    FINANCIEN = "financien", "Financiën"
    BEHEERDER = "beheerder", "Beheerder"
    LANDELIJK = "landelijk", "Landelijk"


def rollen_van(gebruiker) -> frozenset[str]:
    if gebruiker is None or not gebruiker.is_authenticated:
        return frozenset()
    return gebruiker.rollen


def heeft_rol(gebruiker, *rollen: str) -> bool:
    return bool(rollen_van(gebruiker) & set(rollen))
