"""Who may read the dashboard: everyone of a region reads its own (the stuurgroep, the
projectleider, finance staff); the national role reads any region's, one at a time. The
stuurgroep report is laid down for a meeting by a stuurgroep member or the projectleider of the
region; the national role reads them."""

from partners.roles import ALLE_REGIOS, EIGEN_REGIO, Rol, heeft_rol, leest_regio


def can_view_dashboard(gebruiker) -> bool:
    return leest_regio(gebruiker, EIGEN_REGIO) or leest_regio(gebruiker, ALLE_REGIOS)


def can_view_regio(gebruiker, regio) -> bool:
    """A region's figures: the user's own region, or any region for the national role."""
    return leest_regio(gebruiker, regio)


def can_view_landelijk(gebruiker) -> bool:
    """Every region side by side (and so a region picked with `?regio=`): the national role (and
    superusers) only."""
    return leest_regio(gebruiker, ALLE_REGIOS)


def can_vastleggen_rapport(gebruiker, regio) -> bool:
    """Freeze the report of `regio` for a meeting: its stuurgroep members and projectleider, who
    present it. Finance staff and the national role read; no one freezes another region's."""
    return heeft_rol(gebruiker, Rol.STUURGROEP, regio) or heeft_rol(gebruiker, Rol.PROJECTLEIDER, regio)
