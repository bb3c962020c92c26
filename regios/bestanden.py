"""Reading the two lists a new region starts from: its gemeenten with their inhabitants (as copied
from CBS StatLine) and its users. The file is read by kern's file reader (`kern.bestanden`) (CSV in UTF-8
with or without BOM or in Windows-1252, `;` or `,`, or a spreadsheet); every refusal is Dutch and
names the row."""

import re
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import ValidationError

from kern.bestanden import lees_cellen
from kern.cellen import normaliseer

EXTENSIES = (".csv", ".txt", ".xlsx", ".xls")
# The header's words, as normaliseer() leaves them (lower case, letters and digits only).
GEMEENTE_KOPPEN = {"gemeente", "gemeenten", "gemeentenaam", "regio", "regios"}
INWONERS_KOPPEN = {
    "inwoners",
    "aantalinwoners",
    "bevolking",
    "bevolkingop1januari",
    "bevolkingop1januariaantal",
    "totalebevolking",
    "totalebevolkingaantal",
}
ROL_KOPPEN, NAAM_KOPPEN, EMAIL_KOPPEN = {"rol", "functie"}, {"naam", "volledigenaam"}, {"email", "emailadres"}
# No gemeente in the Netherlands comes near this; a bigger number is a mistake in the file.
MAX_INWONERS = 5_000_000
KOP_ZOEKEN_IN_RIJEN = 5  # StatLine puts a title above the table
MAX_FOUTEN = 20


@dataclass(frozen=True)
class Gemeente:
    naam: str  # as the partner is called: "Gemeente Groningen"
    inwoners: int
    rij: int


@dataclass(frozen=True)
class GebruikerRegel:
    rol: str
    naam: str
    email: str
    rij: int | None = None  # the row of the file, or None (a row of the page's form)


def _cellen(inhoud: bytes, bestandsnaam: str, wat: str) -> list[tuple[int, list]]:
    if Path(bestandsnaam).suffix.lower() not in EXTENSIES:
        raise ValidationError(
            f"Lever {wat} aan als .csv (of .xlsx), niet als {Path(bestandsnaam).suffix or 'bestand zonder extensie'}."
        )
    rijen = lees_cellen(inhoud, bestandsnaam)
    return [(nummer, rij) for nummer, rij in enumerate(rijen, start=1) if any(c is not None for c in rij)]


def _kop(rijen: list[tuple[int, list]], verplicht: dict[str, set[str]], voorbeeld: str) -> tuple[int, dict[str, int]]:
    """(index in `rijen` of the header, {veld: kolom}); the header is the first row that names
    every required column."""
    for index, (_, rij) in enumerate(rijen[:KOP_ZOEKEN_IN_RIJEN]):
        namen = [normaliseer(c) for c in rij]
        kolommen = {
            veld: next((k for k, n in enumerate(namen) if n in koppen), None) for veld, koppen in verplicht.items()
        }
        if None not in kolommen.values():
            return index, kolommen
    nummer, rij = rijen[0]
    gevonden = ";".join("" if c is None else str(c) for c in rij)
    raise ValidationError(
        f"Rij {nummer}: de kopregel moet '{voorbeeld}' zijn, maar is '{gevonden}'. "
        "Zet de kolomnamen in de eerste regel, zoals in het voorbeeld in docs/."
    )


def _tekst(cel) -> str:
    if cel is None:
        return ""
    if isinstance(cel, float) and cel == int(cel):
        return str(int(cel))
    return " ".join(str(cel).split())


def _geheel_getal(cel) -> int | None:
    """A whole number as CBS shows it ("161138", "161 138", "161.138"), or None."""
    if isinstance(cel, bool):
        return None
    if isinstance(cel, int):
        return cel
    if isinstance(cel, float):
        return int(cel) if cel == int(cel) else None
    tekst = re.sub(r"[\s\u00a0\u202f]", "", str(cel))
    if re.fullmatch(r"\d{1,3}(\.\d{3})+", tekst):
        tekst = tekst.replace(".", "")
    return int(tekst) if re.fullmatch(r"\d+", tekst) else None


def gemeentenaam(naam: str) -> str:
    """The partner's name for a gemeente: "Groningen (gemeente)" and "Groningen" are "Gemeente Groningen"."""
    naam = re.sub(r"\s*\((gemeente|gem\.)\)\s*$", "", naam, flags=re.IGNORECASE).strip()
    return naam if naam.casefold().startswith("gemeente ") else f"Gemeente {naam}"


def lees_gemeenten(inhoud: bytes, bestandsnaam: str = "gemeenten.csv") -> list[Gemeente]:
    """The gemeenten of a `gemeente;inwoners` file, or a ValidationError naming each bad row."""
    rijen = _cellen(inhoud, bestandsnaam, "de gemeenten")
    if not rijen:
        raise ValidationError(
            "Het bestand met gemeenten is leeg: zet er 'gemeente;inwoners' en een regel per gemeente in."
        )
    kop, kolommen = _kop(rijen, {"gemeente": GEMEENTE_KOPPEN, "inwoners": INWONERS_KOPPEN}, "gemeente;inwoners")
    gemeenten, fouten, gezien = [], [], {}
    for nummer, rij in rijen[kop + 1 :]:
        naam = _tekst(rij[kolommen["gemeente"]] if kolommen["gemeente"] < len(rij) else None)
        cel = rij[kolommen["inwoners"]] if kolommen["inwoners"] < len(rij) else None
        inwoners = _geheel_getal(cel)
        if not naam:
            fouten.append(f"Rij {nummer}: de naam van de gemeente ontbreekt.")
        elif len(gemeentenaam(naam)) > 200:
            fouten.append(f"Rij {nummer}: de naam '{naam[:40]}…' is te lang (hoogstens 190 tekens).")
        elif inwoners is None or not 0 < inwoners <= MAX_INWONERS:
            fouten.append(
                f"Rij {nummer}: het aantal inwoners van {naam} ('{_tekst(cel)}') is geen positief geheel getal"
                + (f" tot {MAX_INWONERS:,}".replace(",", ".") if inwoners else "")
                + "."
            )
        elif gemeentenaam(naam).casefold() in gezien:
            fouten.append(
                f"Rij {nummer}: {naam} staat er twee keer in (ook op rij {gezien[gemeentenaam(naam).casefold()]})."
            )
        else:
            gezien[gemeentenaam(naam).casefold()] = nummer
            gemeenten.append(Gemeente(naam=gemeentenaam(naam), inwoners=inwoners, rij=nummer))
    if fouten:
        raise ValidationError(_ingekort(fouten))
    if not gemeenten:
        raise ValidationError("Het bestand heeft alleen een kopregel: zet er een regel per gemeente onder.")
    return gemeenten


def lees_gebruikers(inhoud: bytes, bestandsnaam: str = "gebruikers.csv") -> list[GebruikerRegel]:
    """The users of a `rol;naam;e-mail` file; the service checks role and address."""
    rijen = _cellen(inhoud, bestandsnaam, "de gebruikers")
    if not rijen:
        raise ValidationError(
            "Het bestand met gebruikers is leeg: zet er 'rol;naam;e-mail' en een regel per gebruiker in."
        )
    kop, kolommen = _kop(rijen, {"rol": ROL_KOPPEN, "naam": NAAM_KOPPEN, "email": EMAIL_KOPPEN}, "rol;naam;e-mail")

    def cel(rij, veld):
        return _tekst(rij[kolommen[veld]] if kolommen[veld] < len(rij) else None)

    return [
        GebruikerRegel(rol=cel(rij, "rol"), naam=cel(rij, "naam"), email=cel(rij, "email"), rij=nummer)
        for nummer, rij in rijen[kop + 1 :]
    ]


def _ingekort(fouten: list[str]) -> list[str]:
    if len(fouten) <= MAX_FOUTEN:
        return fouten
    return [*fouten[:MAX_FOUTEN], f"En nog {len(fouten) - MAX_FOUTEN} fouten; verbeter eerst deze."]
