"""Who may do what with a jaarplan. Views, templates and services ask these, never the roles directly."""

from django_fsm import can_proceed

from partners.roles import Rol, heeft_rol


def _in_regio(gebruiker, jaarplan) -> bool:
    return gebruiker.is_authenticated and gebruiker.leerwerkloket_id == jaarplan.leerwerkloket_id


def can_edit_jaarplan(gebruiker, jaarplan) -> bool:
    return _in_regio(gebruiker, jaarplan) and not jaarplan.is_afgesloten and heeft_rol(gebruiker, Rol.PROJECTLEIDER)


# The status part of these two is the transition's own source state (django-fsm's `can_proceed`),
# so the button shows exactly when the service would let the transition run.
def can_vaststellen(gebruiker, jaarplan) -> bool:
    return _in_regio(gebruiker, jaarplan) and can_proceed(jaarplan.vaststellen) and heeft_rol(gebruiker, Rol.STUURGROEP)


def can_afsluiten(gebruiker, jaarplan) -> bool:
    return (
        _in_regio(gebruiker, jaarplan)
        and can_proceed(jaarplan.afsluiten)
        and heeft_rol(gebruiker, Rol.PROJECTLEIDER, Rol.FINANCIEN)
    )


def can_record_realisaties(gebruiker) -> bool:
    """Record actual costs and outputs: finance staff, in their own region (the model refuses a
    booking in an afgesloten jaarplan with its own message)."""
    return gebruiker.is_authenticated and gebruiker.leerwerkloket_id is not None and heeft_rol(gebruiker, Rol.FINANCIEN)


def can_record_realisatie(gebruiker, jaarplan) -> bool:
    return _in_regio(gebruiker, jaarplan) and not jaarplan.is_afgesloten and can_record_realisaties(gebruiker)


def can_view_jaarplannen(gebruiker) -> bool:
    return gebruiker.is_authenticated and (gebruiker.leerwerkloket_id is not None or gebruiker.leest_alle_regios)


def can_edit_jaarplannen(gebruiker) -> bool:
    """Create jaarplannen and shape their activities: the projectleider, in their own region."""
    return (
        gebruiker.is_authenticated
        and gebruiker.leerwerkloket_id is not None
        and heeft_rol(gebruiker, Rol.PROJECTLEIDER)
    )


def can_create_jaarplan(gebruiker) -> bool:
    return can_edit_jaarplannen(gebruiker)
