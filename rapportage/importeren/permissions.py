"""Who may import bookkeeping files: finance staff of a region (they record realisatie)."""

from partners.roles import Rol, heeft_rol


def can_import_realisatie(gebruiker) -> bool:
    return gebruiker.is_authenticated and gebruiker.leerwerkloket_id is not None and heeft_rol(gebruiker, Rol.FINANCIEN)
