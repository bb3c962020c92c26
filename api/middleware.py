"""What every answer under /api/ gets, whatever view (or error handler) made it."""

import logging

from django.db import DatabaseError
from django.utils.cache import patch_cache_control, patch_vary_headers

from .gebruik import gebruik_vastleggen
from .problemen import is_probleem, probleem
from .versie import API_VERSIE

VOORVOEGSEL = "/api/"
logger = logging.getLogger(__name__)


class ApiMiddleware:
    """Under /api/: the `API-Version` header on every answer; an error that is not yet
    problem+json (Django's 500 or 503 page, a 405) becomes one; nothing is kept by a cache; and
    each use of a key goes into the audit trail with its answer, after the request's own
    transaction, so a failed request is recorded too."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path_info.startswith(VOORVOEGSEL):
            return self.get_response(request)
        antwoord = self.get_response(request)
        if antwoord.status_code >= 400 and not is_probleem(antwoord):
            kopregels = {k: antwoord[k] for k in ("Allow", "Retry-After", "WWW-Authenticate") if antwoord.has_header(k)}
            antwoord = probleem(request, antwoord.status_code, headers=kopregels)
        antwoord["API-Version"] = API_VERSIE
        patch_vary_headers(antwoord, ["Accept", "Authorization"])
        patch_cache_control(antwoord, no_store=True, private=True)
        try:
            gebruik_vastleggen(request, antwoord)
        except DatabaseError:  # the database is gone (the answer is a 503 then): the answer still goes out
            logger.warning("API-gebruik niet vastgelegd: de database is niet bereikbaar", exc_info=True)
        return antwoord
