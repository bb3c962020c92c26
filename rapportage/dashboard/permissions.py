"""Who may read the dashboard: everyone of a region reads its own (the stuurgroep, the
projectleider, finance staff); the national role reads any region's, one at a time. The
stuurgroep report is laid down for a meeting by a stuurgroep member or the projectleider of the
region; the national role reads them."""

from partners.roles import Rol, heeft_rol


def can_view_dashboard(gebruiker) -> bool:
    return gebruiker.is_authenticated and (gebruiker.leerwerkloket_id is not None or gebruiker.leest_alle_regios)


def can_view_regio(gebruiker, regio) -> bool:
    """A region's figures: the user's own region, or any region for the national role."""
    return can_view_dashboard(gebruiker) and (gebruiker.leest_alle_regios or gebruiker.leerwerkloket_id == regio.pk)


def can_view_landelijk(gebruiker) -> bool:
    """Every region side by side: the national role (and superusers) only."""
    return gebruiker.is_authenticated and gebruiker.leest_alle_regios


def can_vastleggen_rapport(gebruiker, regio) -> bool:
    """Freeze the report of `regio` for a meeting: its stuurgroep members and projectleider, who
    present it. Finance staff and the national role read; no one freezes another region's."""
    return (
        gebruiker.is_authenticated
        and regio is not None
        and gebruiker.leerwerkloket_id == regio.pk
        and heeft_rol(gebruiker, Rol.STUURGROEP, Rol.PROJECTLEIDER)
    )
