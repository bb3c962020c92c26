"""Writes to partners that carry money: a gemeente's fixed amount in a verdeelsleutel. Like every
service it locks the row, runs the model rules and records who did it and why in the history."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from kern.geschiedenis import opslaan

from .models import VerdeelsleutelAandeel


@transaction.atomic
def aandeel_vast_bedrag_wijzigen(
    *, aandeel: VerdeelsleutelAandeel, vast_bedrag: Decimal | None, reden: str, door
) -> VerdeelsleutelAandeel:
    reden = (reden or "").strip()
    if not reden:
        raise ValidationError({"reden": "Schrijf op waarom het vaste bedrag verandert; dat komt in de geschiedenis."})
    aandeel = VerdeelsleutelAandeel.objects.select_for_update().get(pk=aandeel.pk)
    aandeel.vast_bedrag = vast_bedrag
    return opslaan(aandeel, door, reden=reden)
