"""Who may import bookkeeping files: finance staff of a region (they record realisatie)."""

from partners.roles import EIGEN_REGIO, Rol, heeft_rol


def can_import_realisatie(gebruiker) -> bool:
    return heeft_rol(gebruiker, Rol.FINANCIEN, EIGEN_REGIO)
