"""Who may start a new region."""

from partners.roles import ALLE_REGIOS, leest_regio


def can_create_regio(gebruiker) -> bool:
    """The national role, which oversees every region and so starts the next one (and superusers).
    No regional role may: a region's users act in their own region only."""
    return leest_regio(gebruiker, ALLE_REGIOS)
