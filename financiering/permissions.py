"""Who may see and change agreements, invoices and payments. Views and templates ask these."""

from partners.roles import Rol, heeft_rol


def can_view_afspraken(gebruiker) -> bool:
    """Everyone of a region reads its agreements; the national role reads every region's."""
    return gebruiker.is_authenticated and (gebruiker.leerwerkloket_id is not None or gebruiker.leest_alle_regios)


def can_edit_afspraken(gebruiker) -> bool:
    """Create agreements: the projectleider, in their own region."""
    return (
        gebruiker.is_authenticated
        and gebruiker.leerwerkloket_id is not None
        and heeft_rol(gebruiker, Rol.PROJECTLEIDER)
    )


def can_edit_afspraak(gebruiker, afspraak) -> bool:
    return can_edit_afspraken(gebruiker) and afspraak.leerwerkloket_id == gebruiker.leerwerkloket_id


def can_view_facturen(gebruiker) -> bool:
    return can_view_afspraken(gebruiker)


def can_record_geld(gebruiker) -> bool:
    """Record invoices and payments: finance staff, in their own region."""
    return gebruiker.is_authenticated and gebruiker.leerwerkloket_id is not None and heeft_rol(gebruiker, Rol.FINANCIEN)
