"""What the import commands (import_realisatie, import_bank) ask of their arguments alike: the
region by its slug, the file, and the user named in the history; each refused in Dutch."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError

from kern.bestanden import controleer_grootte
from partners.models import Gebruiker, Leerwerkloket


def regio_van(slug: str) -> Leerwerkloket:
    leerwerkloket = Leerwerkloket.objects.filter(slug=slug).first()
    if leerwerkloket is None:
        raise CommandError(f"Er is geen leerwerkloket '{slug}'.")
    return leerwerkloket


def bestand_van(bestand: str) -> Path:
    """The file, refused when it is missing or larger than any upload may be (before it is read)."""
    pad = Path(bestand)
    if not pad.is_file():
        raise CommandError(f"Het bestand {bestand} bestaat niet.")
    try:
        controleer_grootte(pad.stat().st_size)
    except ValidationError as fout:
        raise CommandError(" ".join(fout.messages)) from fout
    return pad


def gebruiker_van(gebruikersnaam: str | None, leerwerkloket: Leerwerkloket) -> Gebruiker | None:
    """The region's user `gebruikersnaam`, or None without one (the history then names no one)."""
    if not gebruikersnaam:
        return None
    gebruiker = Gebruiker.objects.filter(username=gebruikersnaam, leerwerkloket=leerwerkloket).first()
    if gebruiker is None:
        raise CommandError(f"Er is geen gebruiker '{gebruikersnaam}' bij {leerwerkloket}.")
    return gebruiker
