"""The fingerprint of a bank line no longer holds the counterparty's name and the description (each
format writes them differently), but date, amount, IBAN and a serial (decision 0049): every
stored line gets its key by the new formula, so a statement read again in another format finds
it. Lines that share date, amount and IBAN are numbered in the order they were stored, as one
file numbers them."""

import hashlib
import re
from decimal import Decimal

from django.db import migrations


def _nieuwe_sleutel(datum, bedrag, tegenrekening, volgnummer) -> str:
    # A copy of financiering.bankimport.bank.sleutel as it is today: a migration keeps its formula.
    tekst = f"{datum:%Y-%m-%d}|{Decimal(bedrag):.2f}|{tegenrekening}|{volgnummer}"
    return hashlib.sha256(tekst.encode()).hexdigest()


def _normaliseer(tekst) -> str:
    return re.sub(r"[^a-z0-9]", "", str(tekst or "").lower())


def _oude_sleutel(datum, bedrag, tegenpartij, omschrijving, volgnummer) -> str:
    tekst = f"{datum:%Y-%m-%d}|{bedrag}|{_normaliseer(tegenpartij)}|{_normaliseer(omschrijving)}|{volgnummer}"
    return hashlib.sha256(tekst.encode()).hexdigest()


def _opnieuw(apps, velden, formule):
    Bankregel = apps.get_model("financiering", "Bankregel")
    gezien, regels = {}, []
    for regel in Bankregel.objects.order_by("leerwerkloket_id", "pk").only("leerwerkloket_id", "sleutel", *velden):
        basis = (regel.leerwerkloket_id, *(getattr(regel, veld) for veld in velden))
        gezien[basis] = gezien.get(basis, 0) + 1
        regel.sleutel = formule(*basis[1:], gezien[basis])
        regels.append(regel)
    Bankregel.objects.bulk_update(regels, ["sleutel"], batch_size=500)


def nieuwe_sleutels(apps, schema_editor):
    _opnieuw(apps, ["datum", "bedrag", "tegenrekening"], _nieuwe_sleutel)


def oude_sleutels(apps, schema_editor):
    _opnieuw(apps, ["datum", "bedrag", "tegenpartij", "omschrijving"], _oude_sleutel)


class Migration(migrations.Migration):
    dependencies = [("financiering", "0010_bankregel_meer_betalingen_en_storno")]

    operations = [migrations.RunPython(nieuwe_sleutels, oude_sleutels)]
