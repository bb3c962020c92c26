"""Who may read in bank statements and book or ignore their lines: finance staff of a region
(they record receipts)."""

from partners.roles import EIGEN_REGIO, Rol, heeft_rol


def can_import_bank(gebruiker) -> bool:
    return heeft_rol(gebruiker, Rol.FINANCIEN, EIGEN_REGIO)
