"""Rules about dekking that involve money in (financiering) and money out (jaarplan)."""

from django.core.exceptions import ValidationError

from kern.money import format_euro


def controleer_dekking(dekking) -> None:
    """A dekking comes from a toezegging of the same region and year, a projectbijdrage covers
    only its own project's activities, and a toezegging is never allocated beyond its amount."""
    activiteit, toezegging = dekking.activiteit, dekking.toezegging
    jaarplan, afspraak = activiteit.jaarplan, toezegging.afspraak
    financier = afspraak.financier
    if afspraak.leerwerkloket_id != jaarplan.leerwerkloket_id:
        raise ValidationError({"toezegging": "Kies een toezegging uit de eigen regio."})
    try:
        toezegging.controleer_telt("dekken")
    except ValidationError as fout:
        raise ValidationError({"toezegging": fout.messages}) from None
    if toezegging.jaar != jaarplan.jaar:
        raise ValidationError(
            {
                "toezegging": f"De toezegging van {financier} is voor {toezegging.jaar}; "
                f"dit jaarplan is voor {jaarplan.jaar}."
            }
        )
    if afspraak.soort == afspraak.Soort.PROJECTBIJDRAGE and activiteit.project_id != afspraak.project_id:
        raise ValidationError(
            {
                "activiteit": f"De projectbijdrage van {financier} is voor het project '{afspraak.project}'; "
                f"'{activiteit}' hoort daar niet bij."
            }
        )
    from .models import met_toewijzing

    stand = (
        met_toewijzing(type(toezegging).objects.filter(pk=toezegging.pk), behalve=dekking)
        .values("toegewezen", "vrij")
        .get()
    )
    if dekking.bedrag > stand["vrij"]:
        raise ValidationError(
            {
                "bedrag": f"Van de toezegging van {financier} voor {toezegging.jaar} "
                f"({format_euro(toezegging.totaal)}) is al {format_euro(stand['toegewezen'])} toegewezen; "
                f"er is nog {format_euro(stand['vrij'])} vrij."
            }
        )


def toezegging_dekt_zijn_toewijzingen(toezegging) -> None:
    """A toezegging cannot shrink below what is already allocated to activities."""
    if not toezegging.pk:
        return
    from .models import met_toewijzing

    deze = type(toezegging).objects.filter(pk=toezegging.pk)
    toegewezen = met_toewijzing(deze).values_list("toegewezen", flat=True).get()
    if toegewezen > toezegging.totaal:
        raise ValidationError(
            f"Van de toezegging van {toezegging.financier} voor {toezegging.jaar} is al {format_euro(toegewezen)} "
            f"aan activiteiten toegewezen; verlaag eerst die dekking."
        )


def waarschuwingen(activiteiten) -> list[str]:
    """Activities covered beyond their budget (of `activiteiten`, read `met_totalen()`): reported
    as a warning, not refused."""
    return [
        f"'{a.naam}' is voor {format_euro(a.gedekt)} gedekt, maar begroot op {format_euro(a.begroot)}: "
        f"{format_euro(a.overgedekt)} meer dan nodig."
        for a in activiteiten
        if a.overgedekt > 0
    ]
