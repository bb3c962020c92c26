"""Who may download reports: everyone of a region reads its figures (the stuurgroep included)."""


def can_export(gebruiker) -> bool:
    return gebruiker.is_authenticated and gebruiker.leerwerkloket_id is not None
