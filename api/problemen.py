"""Errors as `application/problem+json` (RFC 9457), as the API Design Rules ask: a Dutch title,
the status, a detail that says what to do, and the address it is about."""

import json
from http import HTTPStatus

from django.http import HttpResponse

PROBLEEM = "application/problem+json"

TITELS = {
    400: "Ongeldige invoer",
    401: "Niet aangemeld",
    403: "Geen toegang",
    404: "Niet gevonden",
    405: "Methode niet toegestaan",
    406: "Formaat niet beschikbaar",
    429: "Te veel verzoeken",
    500: "Serverfout",
    503: "Tijdelijk niet beschikbaar",
}
DETAILS = {
    401: "Geef een API-sleutel mee: 'Authorization: Bearer <sleutel>', of HTTP Basic met de sleutel als wachtwoord.",
    403: "Deze sleutel mag dit niet lezen.",
    404: "Dit adres bestaat niet, of valt buiten wat deze sleutel mag lezen.",
    405: "De API leest alleen: gebruik GET.",
    406: "De API geeft JSON (application/json) of CSV (text/csv).",
    429: "Wacht even en probeer het opnieuw.",
    500: "Er ging iets mis bij ons; probeer het later opnieuw.",
    503: "De database is even niet bereikbaar; probeer het later opnieuw.",
}


def titel(status: int) -> str:
    return TITELS.get(status) or HTTPStatus(status).phrase


def probleem(request, status: int, detail: str = "", *, headers: dict | None = None, **extra) -> HttpResponse:
    inhoud = {
        "title": titel(status),
        "status": status,
        "detail": detail or DETAILS.get(status, titel(status)),
        "instance": request.get_full_path(),
        **extra,
    }
    antwoord = HttpResponse(json.dumps(inhoud, ensure_ascii=False), status=status, content_type=PROBLEEM)
    for naam, waarde in (headers or {}).items():
        antwoord[naam] = waarde
    return antwoord


def is_probleem(antwoord) -> bool:
    return antwoord.get("Content-Type", "").startswith(PROBLEEM)
