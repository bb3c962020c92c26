"""A key at work: checked (Bearer, or HTTP Basic with the key as password), counted against its
limit of requests a minute, and every use written into the audit trail."""

import math
import time

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from ninja.errors import AuthenticationError, HttpError
from ninja.security import HttpBasicAuth, HttpBearer

from kern.adres import client_ip
from partners.models import Auditregel, vastleggen

from .models import ApiSleutel
from .services import api_sleutel_gebruikt, api_sleutel_zoeken

# What the request did with a key, for the audit trail once its answer is known.
GEBRUIK = "_api_gebruik"
ONBEKEND, GEWEIGERD, GEBRUIKT, TE_VAAK = "onbekend", "geweigerd", "gebruikt", "te vaak"

NIET_GELDIG = "Deze API-sleutel is verlopen of ingetrokken. Maak een nieuwe op de pagina API-sleutels."
ONBEKENDE_SLEUTEL = "Deze API-sleutel bestaat niet. Controleer of u hem helemaal hebt overgenomen."


class TeVaak(HttpError):
    def __init__(self, wacht: int):
        self.wacht = wacht
        per_minuut = settings.API_VERZOEKEN_PER_MINUUT
        super().__init__(
            429, f"Deze sleutel vroeg meer dan {per_minuut} keer per minuut; probeer het over {wacht} s opnieuw."
        )


def sleutel_controleren(request, sleutel: str) -> ApiSleutel:
    """The valid key that `sleutel` is; refused with a 401 (or 429 over its limit) otherwise."""
    api_sleutel = api_sleutel_zoeken(sleutel.strip())
    if api_sleutel is None:
        setattr(request, GEBRUIK, (ONBEKEND, None))
        raise AuthenticationError(401, ONBEKENDE_SLEUTEL)
    if not api_sleutel.is_geldig(timezone.now()) or not api_sleutel.gebruiker.is_active:
        setattr(request, GEBRUIK, (GEWEIGERD, api_sleutel))
        raise AuthenticationError(401, NIET_GELDIG)
    tempo_bewaken(request, api_sleutel)
    setattr(request, GEBRUIK, (GEBRUIKT, api_sleutel))
    api_sleutel_gebruikt(api_sleutel)
    # The request reads as the key's user: the pages' FilterSets offer that user's financiers.
    request.user = api_sleutel.gebruiker
    return api_sleutel


def tempo_bewaken(request, api_sleutel: ApiSleutel) -> None:
    """At most API_VERZOEKEN_PER_MINUUT requests per key per clock minute, counted in Django's
    cache under the key's own prefix."""
    nu = time.time()
    minuut = int(nu // 60)
    teller = f"api:tempo:{api_sleutel.voorvoegsel}:{minuut}"
    cache.add(teller, 0, timeout=120)
    try:
        aantal = cache.incr(teller)
    except ValueError:  # expired between add and incr
        cache.set(teller, 1, timeout=120)
        aantal = 1
    if aantal > settings.API_VERZOEKEN_PER_MINUUT:
        setattr(request, GEBRUIK, (TE_VAAK, api_sleutel))
        raise TeVaak(max(1, math.ceil((minuut + 1) * 60 - nu)))


class BearerSleutel(HttpBearer):
    """`Authorization: Bearer lwl_...`"""

    def authenticate(self, request, token):
        return sleutel_controleren(request, token)


class BasicSleutel(HttpBasicAuth):
    """HTTP Basic with the key as password (what Power BI's scheduled refresh can send); the
    user name is not read."""

    def authenticate(self, request, username, password):
        return sleutel_controleren(request, password)


def _vanaf(request) -> str:
    adres = client_ip(request)
    return f"vanaf {adres}" if adres else "vanaf een onbekend adres"


def gebruik_vastleggen(request, antwoord) -> None:
    """One line in the audit trail for each request that carried a key, with its answer."""
    soort, api_sleutel = getattr(request, GEBRUIK, (None, None))
    if soort is None:
        return
    verzoek = f"{request.method} {request.get_full_path()}"
    if soort == ONBEKEND:
        vastleggen(
            Auditregel.Actie.INLOGGEN_MISLUKT,
            f"API: onbekende sleutel {_vanaf(request)} bij {verzoek}",
        )
        return
    sleutel = f"sleutel “{api_sleutel.naam}” ({api_sleutel.voorvoegsel}…)"
    if soort == GEWEIGERD:
        vastleggen(
            Auditregel.Actie.INLOGGEN_MISLUKT,
            f"API: {sleutel} is verlopen of ingetrokken, {_vanaf(request)} bij {verzoek}",
            gebruiker=api_sleutel.gebruiker,
        )
        return
    vastleggen(
        Auditregel.Actie.EXPORT,
        f"API {verzoek} met {sleutel} {_vanaf(request)}: {antwoord.status_code}",
        gebruiker=api_sleutel.gebruiker,
    )
