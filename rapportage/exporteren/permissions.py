"""Who may download reports: everyone of a region reads its figures (the stuurgroep included).
The national role has no region of its own to export."""

from partners.roles import EIGEN_REGIO, leest_regio


def can_export(gebruiker) -> bool:
    return leest_regio(gebruiker, EIGEN_REGIO)
