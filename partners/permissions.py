"""Who may see and change partners. Views, templates and the menu ask these, never the roles directly."""

from .roles import ALLE_REGIOS, EIGEN_REGIO, Rol, heeft_rol, leest_regio


def can_view_partners(gebruiker) -> bool:
    """Everyone of a region reads its partners; the national role reads every region's."""
    return leest_regio(gebruiker, EIGEN_REGIO) or leest_regio(gebruiker, ALLE_REGIOS)


def can_edit_partners(gebruiker) -> bool:
    """Create partners: the projectleider, always in their own region (so a region is needed)."""
    return heeft_rol(gebruiker, Rol.PROJECTLEIDER, EIGEN_REGIO)


def can_edit_partner(gebruiker, partner) -> bool:
    """Edit this partner: a projectleider of the partner's own region (reading all regions is not enough)."""
    return heeft_rol(gebruiker, Rol.PROJECTLEIDER, partner.leerwerkloket_id)
