"""Making, revoking and checking API keys; the keys page, the command `api_sleutel` and the API
itself go through these."""

import datetime
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from .models import ApiSleutel, sleutel_hash
from .permissions import can_use_api

# A key reads as what it is: "lwl_" and 43 characters of 256 random bits (URL-safe base64).
KENMERK = "lwl_"
VOORVOEGSEL_LENGTE = len(KENMERK) + 8


def maximum_dagen() -> int:
    return settings.API_SLEUTEL_MAX_DAGEN


@transaction.atomic
def api_sleutel_maken(*, gebruiker, naam: str, dagen: int) -> tuple[ApiSleutel, str]:
    """A new key for `gebruiker`, valid `dagen` days: the stored key and the key itself, which is
    shown once and never kept."""
    naam = (naam or "").strip()
    fouten = {}
    if not can_use_api(gebruiker):
        raise ValidationError(f"{gebruiker} leest geen gegevens van een regio; een API-sleutel zou niets kunnen lezen.")
    if not naam:
        fouten["naam"] = "Geef de sleutel een naam, bijvoorbeeld 'Power BI stuurgroep'."
    if not 1 <= dagen <= maximum_dagen():
        fouten["dagen"] = f"Een sleutel is 1 tot {maximum_dagen()} dagen geldig."
    if fouten:
        raise ValidationError(fouten)
    sleutel = KENMERK + secrets.token_urlsafe(32)
    api_sleutel = ApiSleutel(
        gebruiker=gebruiker,
        naam=naam[:100],
        voorvoegsel=sleutel[:VOORVOEGSEL_LENGTE],
        hash=sleutel_hash(sleutel),
        verloopt_op=timezone.now() + datetime.timedelta(days=dagen),
    )
    api_sleutel.full_clean()
    api_sleutel.save()
    return api_sleutel, sleutel


@transaction.atomic
def api_sleutel_intrekken(*, api_sleutel: ApiSleutel) -> ApiSleutel:
    """From now on the key opens nothing; it stays listed as revoked."""
    if api_sleutel.ingetrokken_op is None:
        api_sleutel.ingetrokken_op = timezone.now()
        api_sleutel.save(update_fields=["ingetrokken_op"])
    return api_sleutel


def api_sleutel_zoeken(sleutel: str) -> ApiSleutel | None:
    """The stored key that `sleutel` is (valid or not), or None. Found by its hash, so the
    comparison is of hashes and takes as long for a near miss as for a far one."""
    if not sleutel or not sleutel.startswith(KENMERK) or len(sleutel) > 100:
        return None
    return ApiSleutel.objects.select_related("gebruiker").filter(hash=sleutel_hash(sleutel)).first()


def api_sleutel_gebruikt(api_sleutel: ApiSleutel) -> None:
    moment = timezone.now()
    ApiSleutel.objects.filter(pk=api_sleutel.pk).update(laatst_gebruikt_op=moment)
    api_sleutel.laatst_gebruikt_op = moment
