"""What the home page puts in front of whom: each role's own work in their region. The pages
behind it stay open to everyone of the region; these only choose the home page's sections."""

from partners.roles import Rol, heeft_rol


def can_view_home_dekking(gebruiker, regio) -> bool:
    """What is still to cover and which commitments are unassigned: the projectleider's work."""
    return heeft_rol(gebruiker, Rol.PROJECTLEIDER, regio)


def can_view_home_minima(gebruiker, regio) -> bool:
    """The commitments against the agreed minimum: what the stuurgroep watches."""
    return heeft_rol(gebruiker, Rol.STUURGROEP, regio)


def can_view_home_facturen(gebruiker, regio) -> bool:
    """Overdue invoices and the total still open: finance staff's work."""
    return heeft_rol(gebruiker, Rol.FINANCIEN, regio)


def can_view_home_aflopend(gebruiker, regio) -> bool:
    """Agreements that end soon: the projectleider renews them, the stuurgroep watches that it happens."""
    return heeft_rol(gebruiker, Rol.PROJECTLEIDER, regio) or heeft_rol(gebruiker, Rol.STUURGROEP, regio)
