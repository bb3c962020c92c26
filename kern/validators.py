from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError

# What a signed agreement or a beschikking may be, recognised by its first bytes, not its name.
DOCUMENT_SOORTEN = {
    ".pdf": (b"%PDF-",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
}


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
