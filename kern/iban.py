"""IBANs, validated by schwifty (country, length, check digits, the bank code of the country)."""

import re

from django.core.exceptions import ValidationError
from schwifty import IBAN
from schwifty.exceptions import SchwiftyException


def iban_of_leeg(tekst) -> str:
    """The IBAN in `tekst` in its compact form (NL91ABNA0417164300), or "" when it is none (an old
    account number, a card payment, nothing)."""
    try:
        return IBAN(str(tekst or "").strip()).compact
    except (SchwiftyException, ValueError):
        return ""


def lees_ibans(tekst: str) -> list[str]:
    """The IBANs typed in `tekst`, one a line (or separated by commas or semicolons), compact and
    each once; a Dutch ValidationError names every one that is not a valid IBAN."""
    gevonden, fout = [], []
    for deel in re.split(r"[\n,;]+", tekst or ""):
        deel = deel.strip()
        if not deel:
            continue
        iban = iban_of_leeg(deel)
        if not iban:
            fout.append(deel)
        elif iban not in gevonden:
            gevonden.append(iban)
    if fout:
        raise ValidationError(
            f"Geen geldig IBAN: {', '.join(fout)}. Schrijf bijvoorbeeld NL91 ABNA 0417 1643 00; één IBAN per regel."
        )
    return gevonden


def valideer_iban(waarde: str) -> None:
    """A model field's validator: empty, or a valid IBAN in its compact form."""
    if waarde and iban_of_leeg(waarde) != waarde:
        raise ValidationError(f"{waarde} is geen geldig IBAN (zonder spaties, zoals NL91ABNA0417164300).")
