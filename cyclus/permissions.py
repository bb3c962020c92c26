"""Who may do what with the calendar's pages. Views and templates ask these, never the roles."""

from partners.roles import EIGEN_REGIO, Rol, heeft_rol


def can_view_te_doen(gebruiker) -> bool:
    """A to-do list, reminders and an agenda: every user of a region (the national role has none)."""
    return gebruiker.is_authenticated and gebruiker.leerwerkloket_id is not None


def can_send_betalingsherinnering(gebruiker) -> bool:
    """Review and send a payment reminder to a financier: finance staff of the region."""
    return heeft_rol(gebruiker, Rol.FINANCIEN, EIGEN_REGIO)


def can_record_verantwoording(gebruiker) -> bool:
    """Record that a verantwoording went to the financier: the projectleider or finance staff."""
    return heeft_rol(gebruiker, Rol.PROJECTLEIDER, EIGEN_REGIO) or heeft_rol(gebruiker, Rol.FINANCIEN, EIGEN_REGIO)
