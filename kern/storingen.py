"""What the user sees when the server fails: a Dutch page, never a stack trace.

A lost database connection (OperationalError, InterfaceError) gets its own answer, 503: every
write runs in one transaction, so the database rolled it back and the user can simply try again.
Any other failure gets the general 500 page. Both pages are rendered without the database."""

import logging
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string

logger = logging.getLogger("kern.storingen")

DATABASE_WEG = (OperationalError, InterfaceError)
NIET_BEREIKBAAR = (
    "De database was even niet bereikbaar",
    [
        "Er is niets opgeslagen: wat u net deed, is in zijn geheel niet doorgevoerd.",
        "Probeer het over een ogenblik opnieuw. Lukt het dan nog niet, meld het dan bij de beheerder.",
    ],
)
SERVERFOUT = (
    "Er ging iets mis",
    [
        "Er ging aan onze kant iets mis; de fout is vastgelegd voor de beheerder.",
        "Een bestand dat u wilde downloaden is niet gemaakt. Kijk na of wat u wilde opslaan er staat, "
        "en probeer het anders opnieuw.",
    ],
)


def _pagina(inhoud: tuple[str, list[str]], status: int) -> HttpResponse:
    titel, uitleg = inhoud
    antwoord = HttpResponse(render_to_string("kern/storing.html", {"titel": titel, "uitleg": uitleg}), status=status)
    if status == 503:
        antwoord["Retry-After"] = "30"
    return antwoord


def database_niet_bereikbaar() -> HttpResponse:
    return _pagina(NIET_BEREIKBAAR, 503)


class DatabaseStoringMiddleware:
    """A view that lost its database connection answers with the Dutch 503 page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, DATABASE_WEG):
            return None
        logger.error("Database niet bereikbaar tijdens %s %s", request.method, request.path, exc_info=exception)
        return database_niet_bereikbaar()


def serverfout(request):
    """handler500: also reached by failures outside a view (a middleware reading the session)."""
    fout = sys.exc_info()[1]
    if isinstance(fout, DATABASE_WEG):
        return database_niet_bereikbaar()
    return _pagina(SERVERFOUT, 500)
