"""Optimistic concurrency for the forms that edit many rows at once (an agreement with its years,
the jaarplan editor). The form carries a fingerprint of the stored rows it was drawn from; the
service that saves it locks the owning row and compares that fingerprint with the rows as they are
now. The fingerprint is read from what is stored, not kept up to date by the writers, so a change
by any path in between (another form, the admin, an import, a command, a plain UPDATE) is caught."""

import hashlib

from django.core.exceptions import ValidationError


def melding(wat: str) -> str:
    """The one message for a refused save; `wat` names the thing, e.g. "dit jaarplan"."""
    return (
        f"Iemand anders heeft {wat} gewijzigd nadat u dit formulier opende, dus er is niets opgeslagen. "
        f"Wat u invoerde staat hieronder nog. Open {wat} opnieuw in een nieuw tabblad om de nieuwe stand "
        f"te zien en breng uw wijzigingen daar opnieuw aan."
    )


class IntussenGewijzigd(ValidationError):
    """The form was drawn from a state that is no longer the stored one."""

    def __init__(self, wat: str):
        super().__init__(melding(wat), code="intussen_gewijzigd")


def vingerafdruk(*delen) -> str:
    """A fingerprint of the rows of `delen`: querysets of `values_list(...)` holding the columns a
    form is drawn from, each read in primary-key order."""
    stempel = hashlib.sha256()
    for deel in delen:
        for rij in deel.order_by("pk"):
            stempel.update(repr(rij).encode())
        stempel.update(b"|")
    return stempel.hexdigest()[:32]


def controleer(getekend: str | None, *delen, wat: str) -> None:
    """Refuse a save whose form was drawn from another state than the stored `delen`. Call it in the
    service, inside its transaction and after locking the row that owns `delen` (select_for_update):
    two saves drawn from the same state then cannot both pass, the second waits for the first to
    commit and sees its changes. `getekend` None (a caller without a form) skips the comparison;
    `delen` are lazy querysets, so that costs no query."""
    if getekend is not None and getekend != vingerafdruk(*delen):
        raise IntussenGewijzigd(wat)
