"""Who may see and change partners. Views, templates and the menu ask these, never the roles directly."""

from .roles import Rol, heeft_rol


def can_view_partners(gebruiker) -> bool:
    """Everyone of a region reads its partners; the national role reads every region's."""
    if not gebruiker.is_authenticated:
        return False
    return gebruiker.leerwerkloket_id is not None or gebruiker.leest_alle_regios


def can_edit_partners(gebruiker) -> bool:
    """Create partners: the projectleider, always in their own region (so a region is needed)."""
    return (
        gebruiker.is_authenticated
        and gebruiker.leerwerkloket_id is not None
        and heeft_rol(gebruiker, Rol.PROJECTLEIDER)
    )


def can_edit_partner(gebruiker, partner) -> bool:
    """Edit this partner: a projectleider of the partner's own region (reading all regions is not enough)."""
    return can_edit_partners(gebruiker) and partner.leerwerkloket_id == gebruiker.leerwerkloket_id
