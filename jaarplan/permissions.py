"""Who may do what with a jaarplan. Views, templates and services ask these, never the roles directly."""

from django_fsm import can_proceed

from partners.roles import ALLE_REGIOS, EIGEN_REGIO, Rol, heeft_rol, leest_regio


def can_edit_jaarplan(gebruiker, jaarplan) -> bool:
    return not jaarplan.is_afgesloten and heeft_rol(gebruiker, Rol.PROJECTLEIDER, jaarplan.leerwerkloket_id)


# The status part of these two is the transition's own source state (django-fsm's `can_proceed`),
# so the button shows exactly when the service would let the transition run.
def can_vaststellen(gebruiker, jaarplan) -> bool:
    return can_proceed(jaarplan.vaststellen) and heeft_rol(gebruiker, Rol.STUURGROEP, jaarplan.leerwerkloket_id)


def can_afsluiten(gebruiker, jaarplan) -> bool:
    """The button: a vastgesteld plan whose year has ended (the transition's condition), for the
    projectleider or finance staff."""
    return can_proceed(jaarplan.afsluiten) and can_afsluiten_als(gebruiker, jaarplan)


def can_afsluiten_als(gebruiker, jaarplan) -> bool:
    """Who may close a vastgesteld plan, whatever the date: the page that says from when it can."""
    return can_proceed(jaarplan.afsluiten, check_conditions=False) and (
        heeft_rol(gebruiker, Rol.PROJECTLEIDER, jaarplan.leerwerkloket_id)
        or heeft_rol(gebruiker, Rol.FINANCIEN, jaarplan.leerwerkloket_id)
    )


def can_record_realisaties(gebruiker) -> bool:
    """Record actual costs and outputs: finance staff, in their own region (the model refuses a
    booking in an afgesloten jaarplan with its own message)."""
    return heeft_rol(gebruiker, Rol.FINANCIEN, EIGEN_REGIO)


def can_record_realisatie(gebruiker, jaarplan) -> bool:
    return not jaarplan.is_afgesloten and heeft_rol(gebruiker, Rol.FINANCIEN, jaarplan.leerwerkloket_id)


def can_view_jaarplannen(gebruiker) -> bool:
    return leest_regio(gebruiker, EIGEN_REGIO) or leest_regio(gebruiker, ALLE_REGIOS)


def can_edit_jaarplannen(gebruiker) -> bool:
    """Create jaarplannen and shape their activities: the projectleider, in their own region."""
    return heeft_rol(gebruiker, Rol.PROJECTLEIDER, EIGEN_REGIO)


def can_create_jaarplan(gebruiker) -> bool:
    return can_edit_jaarplannen(gebruiker)
