"""Who may see and change agreements, invoices and payments. Views and templates ask these."""

from django_fsm import can_proceed

from partners.roles import ALLE_REGIOS, EIGEN_REGIO, Rol, heeft_rol, leest_regio


def can_view_afspraken(gebruiker) -> bool:
    """Everyone of a region reads its agreements; the national role reads every region's."""
    return leest_regio(gebruiker, EIGEN_REGIO) or leest_regio(gebruiker, ALLE_REGIOS)


def can_edit_afspraken(gebruiker) -> bool:
    """Create agreements: the projectleider, in their own region."""
    return heeft_rol(gebruiker, Rol.PROJECTLEIDER, EIGEN_REGIO)


def can_edit_afspraak(gebruiker, afspraak) -> bool:
    return heeft_rol(gebruiker, Rol.PROJECTLEIDER, afspraak.leerwerkloket_id)


def can_tekenen(gebruiker, afspraak) -> bool:
    """The button "Tekenen": a concept agreement (the transition's own source state, so the button
    shows exactly when the service lets it run), for whoever edits the agreement."""
    return can_proceed(afspraak.tekenen) and can_edit_afspraak(gebruiker, afspraak)


def can_view_facturen(gebruiker) -> bool:
    return can_view_afspraken(gebruiker)


def can_record_geld(gebruiker) -> bool:
    """Record invoices and payments: finance staff, in their own region."""
    return heeft_rol(gebruiker, Rol.FINANCIEN, EIGEN_REGIO)


def can_record_geld_for(gebruiker, afspraak) -> bool:
    """Invoice this agreement's years: finance staff of the agreement's region."""
    return heeft_rol(gebruiker, Rol.FINANCIEN, afspraak.leerwerkloket_id)
