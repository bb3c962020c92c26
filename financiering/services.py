"""Writes of money in. Each runs the model rules, so every path obeys the same checks."""

import datetime
import re
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django_fsm import can_proceed

from kern import gelijktijdig
from kern.geschiedenis import opslaan as _opslaan
from kern.money import ZERO

from .models import REDEN_NODIG, Bankregel, Betaling, Factuur, Financieringsafspraak, Toezegging
from .permissions import can_tekenen
from .selectors import bewaakte_rijen


@dataclass(frozen=True)
class Jaarbedrag:
    jaar: int
    bedrag_geld: Decimal
    bedrag_natura: Decimal
    omschrijving_natura: str = ""

    @property
    def totaal(self) -> Decimal:
        return self.bedrag_geld + self.bedrag_natura


@dataclass(frozen=True)
class Verlenging:
    """What renewing `afspraak` makes: the following period of the same length, each year with
    the amounts of the old agreement's last year (its latest toezegging)."""

    afspraak: Financieringsafspraak
    startjaar: int
    eindjaar: int
    jaren: list[Jaarbedrag]

    @property
    def naam(self) -> str:
        oud = self.afspraak
        periode = f"{self.startjaar}-{self.eindjaar}"
        naam, vervangen = re.subn(rf"{oud.startjaar}\s*[-–]\s*{oud.eindjaar}", periode, oud.naam)
        return naam if vervangen else f"{oud.naam} {periode}"


def overlappende_afspraak(
    *, financier, soort: str, startjaar: int, eindjaar: int, project=None, behalve=None
) -> Financieringsafspraak | None:
    """An agreement of `financier` (same soort, and project for a projectbijdrage) with a year in
    startjaar..eindjaar, concepts included: the one a renewal or the next-period plan would double."""
    afspraken = Financieringsafspraak.objects.filter(financier=financier, soort=soort, startjaar__lte=eindjaar).filter(
        Q(eindjaar__isnull=True) | Q(eindjaar__gte=startjaar)
    )
    if project is not None:
        afspraken = afspraken.filter(project=project)
    if behalve is not None:
        afspraken = afspraken.exclude(pk=behalve.pk)
    return afspraken.order_by("startjaar", "pk").first()


def er_is_al(afspraak: Financieringsafspraak, startjaar: int, eindjaar: int) -> str:
    """Names the agreement already there."""
    return (
        f"{afspraak.financier} heeft voor {startjaar}–{eindjaar} al een afspraak: '{afspraak}' "
        f"({afspraak.looptijd}, {afspraak.get_looptoestand_display().lower()})"
    )


def bestaat_al(afspraak: Financieringsafspraak, startjaar: int, eindjaar: int, wat: str) -> str:
    """The refusal that names the agreement already there."""
    return (
        f"{er_is_al(afspraak, startjaar, eindjaar)}. {wat} kan maar één keer; "
        f"pas die afspraak aan als er iets anders moet."
    )


def verlenging(afspraak: Financieringsafspraak) -> Verlenging:
    """The renewal of `afspraak`, or a ValidationError that says why it cannot be renewed: an
    open-ended structural grant carries on year by year instead (`toezegging_doorzetten`), and a
    following period that already has an agreement of the financier is not renewed twice."""
    if afspraak.eindjaar is None:
        raise ValidationError(
            f"'{afspraak}' heeft geen laatste jaar: een structurele subsidie loopt door en wordt niet verlengd. "
            f"Leg elk nieuw jaar vast met '{afspraak.financier} <jaar> vastleggen' "
            "op de startpagina of in het jaarplan."
        )
    if not afspraak.telt:
        raise ValidationError(f"'{afspraak}' is nog een concept; verleng een afspraak pas als zij getekend is.")
    lengte = afspraak.eindjaar - afspraak.startjaar + 1
    startjaar, eindjaar = afspraak.eindjaar + 1, afspraak.eindjaar + lengte
    bestaand = overlappende_afspraak(
        financier=afspraak.financier,
        soort=afspraak.soort,
        startjaar=startjaar,
        eindjaar=eindjaar,
        project=afspraak.project,
        behalve=afspraak,
    )
    if bestaand is not None:
        raise ValidationError(bestaat_al(bestaand, startjaar, eindjaar, "Verlengen"))
    laatste = afspraak.toezeggingen.order_by("-jaar").first()
    if laatste is not None:
        bedrag = (laatste.bedrag_geld, laatste.bedrag_natura, laatste.omschrijving_natura)
    elif afspraak.minimum_per_jaar:
        bedrag = (afspraak.minimum_per_jaar, ZERO, "")
    else:
        bedrag = None
    jaren = [Jaarbedrag(jaar, *bedrag) for jaar in range(startjaar, eindjaar + 1)] if bedrag else []
    return Verlenging(afspraak, startjaar, eindjaar, jaren)


def _concept_opvolger(vorige: Financieringsafspraak, *, naam, jaren, notities, door, reden) -> Financieringsafspraak:
    """A concept agreement that follows `vorige` for the years `jaren` (first, last): the same
    financier, soort, project, minimum and in-natura rule. Renewal and the next-period plan make it."""
    startjaar, eindjaar = jaren
    return _opslaan(
        Financieringsafspraak(
            leerwerkloket=vorige.leerwerkloket,
            financier=vorige.financier,
            soort=vorige.soort,
            naam=naam,
            startjaar=startjaar,
            eindjaar=eindjaar,
            minimum_per_jaar=vorige.minimum_per_jaar,
            in_natura_telt_mee=vorige.in_natura_telt_mee,
            project=vorige.project,
            notities=notities,
        ),
        door,
        reden,
    )


@transaction.atomic
def afspraak_verlengen(*, afspraak: Financieringsafspraak, door) -> Financieringsafspraak:
    """A new concept agreement for the period after `afspraak`, of the same length, prefilled from
    it (financier, soort, project, minimum, the in-natura rule) with one toezegging a year of the
    old agreement's last year's amounts. The old agreement is not changed; it is locked, so two
    renewals at once make one agreement and one refusal that names it."""
    afspraak = Financieringsafspraak.objects.select_for_update().select_related("financier").get(pk=afspraak.pk)
    plan = verlenging(afspraak)
    reden = f"Verlengd uit '{afspraak}'"
    nieuw = _concept_opvolger(
        afspraak,
        naam=plan.naam,
        jaren=(plan.startjaar, plan.eindjaar),
        notities=f"Verlenging van '{afspraak}' ({afspraak.looptijd}).",
        door=door,
        reden=reden,
    )
    for jaar in plan.jaren:
        _opslaan(
            Toezegging(
                afspraak=nieuw,
                jaar=jaar.jaar,
                bedrag_geld=jaar.bedrag_geld,
                bedrag_natura=jaar.bedrag_natura,
                omschrijving_natura=jaar.omschrijving_natura,
            ),
            door,
            reden,
        )
    return nieuw


@transaction.atomic
def afspraak_tekenen(*, afspraak: Financieringsafspraak, getekend_op: datetime.date | None, getekend_door: str, door):
    """Record that the agreement is signed: the transition `Financieringsafspraak.tekenen`, by
    whoever edits agreements, with the date and the signatories. From then on it counts."""
    afspraak = Financieringsafspraak.objects.select_for_update().select_related("financier").get(pk=afspraak.pk)
    if not can_proceed(afspraak.tekenen):
        raise ValidationError(f"'{afspraak}' is al getekend, op {afspraak.getekend_op:%d-%m-%Y}.")
    if not can_tekenen(door, afspraak):
        raise PermissionDenied(f"Alleen de projectleider van {afspraak.leerwerkloket} legt een ondertekening vast.")
    afspraak.tekenen(getekend_op=getekend_op, getekend_door=getekend_door, door=door)
    return _opslaan(afspraak, door, reden=f"Getekend op {getekend_op:%d-%m-%Y} door {afspraak.getekend_door}")


def _reden_apart(fout: ValidationError, fouten: dict, sleutel: str) -> None:
    """Put `fout` in `fouten` under `sleutel`, but a refusal for want of a reason (REDEN_NODIG)
    under "reden", where the page asks for it."""
    for lijst in fout.error_dict.values() if hasattr(fout, "error_dict") else [fout.error_list]:
        for f in lijst:
            doel = "reden" if f.code == REDEN_NODIG else sleutel
            fouten.setdefault(doel, []).extend(f.messages)


@transaction.atomic
def afspraak_opslaan(
    *,
    afspraak: Financieringsafspraak,
    bedragen: dict[int, tuple[Decimal | None, Decimal | None]],
    door,
    toestand: str | None = None,
    reden: str = "",
) -> Financieringsafspraak:
    """Save the agreement and the toezegging of every year in `bedragen` ({jaar: (geld, natura)}),
    all or nothing. With `toestand` (the fingerprint the form was drawn from) a save on top of
    someone else's is refused. Every refused year is checked and reported, keyed like the amounts:
    `geld_<jaar>` or `natura_<jaar>`, so a page can show them all at once. In a signed agreement
    an amount changes only with `reden`, which goes into the history; without it the refusal is
    keyed `reden`."""
    nieuw = afspraak.pk is None
    reden = (reden or "").strip()
    vorig_document = ""
    if not nieuw:
        vorig_document = Financieringsafspraak.objects.select_for_update().get(pk=afspraak.pk).document.name
        gelijktijdig.controleer(toestand, *bewaakte_rijen(afspraak), wat="deze afspraak")
    fouten = {}
    try:
        _opslaan(afspraak, door, reden or None)
    except ValidationError as fout:
        if not any(f.code == REDEN_NODIG for lijst in getattr(fout, "error_dict", {}).values() for f in lijst):
            raise
        # Only the reason is missing: the years are checked too (against the minimum as typed), so
        # the page shows every refusal at once; the refusal at the end rolls all of it back.
        _reden_apart(fout, fouten, "minimum_per_jaar")
    for jaar, (geld, natura) in bedragen.items():
        try:
            toezegging_vastleggen(
                afspraak=afspraak,
                jaar=jaar,
                bedrag_geld=geld or ZERO,
                bedrag_natura=natura or ZERO,
                door=door,
                reden=reden,
            )
        except ValidationError as fout:
            veld = "natura" if "bedrag_natura" in getattr(fout, "error_dict", {}) else "geld"
            _reden_apart(fout, fouten, f"{veld}_{jaar}")
    fouten = {sleutel: " ".join(dict.fromkeys(meldingen)) for sleutel, meldingen in fouten.items()}
    if fouten:
        if afspraak.document.name and afspraak.document.name != vorig_document:
            # The upload was written to disk by the save that is now rolled back: no orphan file.
            afspraak.document.storage.delete(afspraak.document.name)
            afspraak.document.name = vorig_document
        if nieuw:  # rolled back with its years: the caller's instance is new again
            afspraak.pk = None
            afspraak._state.adding = True
        raise ValidationError(fouten)
    return afspraak


@transaction.atomic
def toezegging_vastleggen(
    *,
    afspraak: Financieringsafspraak,
    jaar: int,
    bedrag_geld: Decimal,
    bedrag_natura: Decimal = ZERO,
    omschrijving_natura: str = "",
    door,
    reden: str = "",
) -> Toezegging:
    """Create or change the toezegging of `afspraak` for `jaar`; in a signed agreement a change of
    amount needs `reden` (Toezegging.clean), which goes into the history."""
    toezegging = Toezegging.objects.select_for_update().filter(afspraak=afspraak, jaar=jaar).first() or Toezegging(
        afspraak=afspraak, jaar=jaar
    )
    toezegging.bedrag_geld = bedrag_geld
    toezegging.bedrag_natura = bedrag_natura
    toezegging.omschrijving_natura = omschrijving_natura
    return _opslaan(toezegging, door, (reden or "").strip() or None)


@transaction.atomic
def factuur_registreren(
    *,
    toezegging: Toezegging,
    nummer: str,
    factuurdatum: datetime.date,
    vervaldatum: datetime.date,
    bedrag: Decimal,
    omschrijving: str = "",
    vooruitgedateerd: bool = False,
    door,
) -> Factuur:
    """`vooruitgedateerd`: finance staff confirm a factuurdatum after today (the model refuses it otherwise)."""
    Toezegging.objects.select_for_update().get(pk=toezegging.pk)
    factuur = Factuur(
        toezegging=toezegging,
        nummer=nummer,
        factuurdatum=factuurdatum,
        vervaldatum=vervaldatum,
        bedrag=bedrag,
        omschrijving=omschrijving,
        vooruitgedateerd=vooruitgedateerd,
    )
    return _opslaan(factuur, door)


def _reden(reden: str, wat: str) -> str:
    reden = (reden or "").strip()
    if not reden:
        raise ValidationError({"reden": f"Schrijf op waarom {wat}; dat komt in de geschiedenis."})
    return reden


@transaction.atomic
def factuur_crediteren(
    *,
    factuur: Factuur,
    nummer: str,
    factuurdatum: datetime.date,
    bedrag: Decimal,
    reden: str,
    vooruitgedateerd: bool = False,
    door,
) -> Factuur:
    """Reverse (part of) an invoice with a credit invoice of its own number: `bedrag` is what is
    credited (positive), stored as a negative invoice that names the original and the reason."""
    reden = _reden(reden, "de factuur wordt gecrediteerd")
    Toezegging.objects.select_for_update().get(pk=factuur.toezegging_id)
    credit = Factuur(
        toezegging_id=factuur.toezegging_id,
        crediteert=factuur,
        nummer=nummer,
        factuurdatum=factuurdatum,
        vervaldatum=factuurdatum,
        bedrag=-bedrag if bedrag is not None else None,
        omschrijving=f"Creditfactuur voor {factuur.nummer}"[:200],
        reden=reden,
        vooruitgedateerd=vooruitgedateerd,
    )
    return _opslaan(credit, door, reden=f"Creditfactuur voor {factuur.nummer}: {reden}"[:100])


@transaction.atomic
def betaling_corrigeren(
    *, betaling: Betaling, bedrag: Decimal, datum: datetime.date, referentie: str, reden: str, door
) -> Betaling:
    """Correct a payment's amount, date or reference; the payment rules apply as to a new one."""
    reden = _reden(reden, "de betaling wordt gecorrigeerd")
    Toezegging.objects.select_for_update().get(pk=betaling.toezegging_id)
    betaling = Betaling.objects.select_for_update().get(pk=betaling.pk)
    betaling.bedrag, betaling.datum, betaling.referentie = bedrag, datum, referentie
    return _opslaan(betaling, door, reden=reden[:100])


@transaction.atomic
def betaling_terugdraaien(*, betaling: Betaling, reden: str, door, storno: bool = False) -> None:
    """Reverse a payment booked by mistake: it is removed, and its history keeps it with the reason.
    A bank line it was booked from is open again, to be booked on the right invoice (or ignored);
    the line's other payments (it was split over invoices, or its rest was an advance) are
    reversed with it, since the line is booked anew as a whole (decision 0050). With `storno` the
    bank took the money back: the line is teruggeboekt instead of open (decision 0051)."""
    reden = _reden(reden, "de betaling wordt teruggedraaid")
    Toezegging.objects.select_for_update().get(pk=betaling.toezegging_id)
    betaling = Betaling.objects.select_for_update().get(pk=betaling.pk)
    betalingen = [betaling]
    if betaling.bankregel_id is not None:
        bankregel = Bankregel.objects.select_for_update().get(pk=betaling.bankregel_id)
        andere = list(bankregel.betalingen.exclude(pk=betaling.pk).order_by("pk"))
        for toezegging_id in sorted({b.toezegging_id for b in andere} - {betaling.toezegging_id}):
            Toezegging.objects.select_for_update().get(pk=toezegging_id)
        betalingen += andere
        if storno:
            bankregel.storneren()
            bankregel._change_reason = reden[:100]
        else:
            bankregel.terugdraaien()
            bankregel._change_reason = "De betaling is teruggedraaid"
        bankregel._history_user = door
        bankregel.save()
    elif storno:
        raise ValidationError("Deze betaling is niet uit het bankafschrift geboekt; een storno draait haar niet terug.")
    for weg in betalingen:
        weg._history_user = door
        samen = "" if weg is betaling else " (met de andere delen van de bankregel)"
        weg._change_reason = f"Teruggedraaid{samen}: {reden}"[:100]
        weg.delete()


@transaction.atomic
def betaling_registreren(
    *,
    bedrag: Decimal,
    datum: datetime.date,
    door,
    factuur: Factuur | None = None,
    toezegging: Toezegging | None = None,
    referentie: str = "",
    bankregel: Bankregel | None = None,
) -> Betaling:
    toezegging = toezegging or factuur.toezegging
    Toezegging.objects.select_for_update().get(pk=toezegging.pk)
    betaling = Betaling(
        toezegging=toezegging, factuur=factuur, datum=datum, bedrag=bedrag, referentie=referentie, bankregel=bankregel
    )
    return _opslaan(betaling, door)


@dataclass(frozen=True)
class Voorstel:
    """One financier's part of a plan: what it would commit per year, following `vorige` (its
    latest agreement, whose soort, project, minimum and in-natura rule the new one takes)."""

    vorige: Financieringsafspraak
    bedragen: dict[int, Decimal]  # jaar -> bedrag (money)


@transaction.atomic
def afspraken_uit_plan(
    *, voorstellen: list[Voorstel], reden: str, door
) -> tuple[list[Financieringsafspraak], list[str]]:
    """Concept agreements from a plan, one per financier with its yearly toezeggingen, all or
    nothing, each recorded in the history with `reden`. Returns what was made and, per financier
    left out, why: nothing to commit, an open-ended structural grant that carries on by itself, or
    an agreement already there in those years (renewed by hand), which the message names. When
    every financier already has one (the plan was converted before), the conversion is refused."""
    gemaakt, overgeslagen, al_daar = [], [], []
    for voorstel in voorstellen:
        vorige = (
            Financieringsafspraak.objects.select_for_update().select_related("financier").get(pk=voorstel.vorige.pk)
        )
        financier = vorige.financier
        jaren = sorted(voorstel.bedragen)
        if vorige.eindjaar is None:
            overgeslagen.append(
                f"{financier}: de structurele subsidie '{vorige}' loopt door zonder laatste jaar; "
                f"leg elk jaar vast met '{financier} <jaar> vastleggen'."
            )
            continue
        if not any(voorstel.bedragen.values()):
            overgeslagen.append(f"{financier}: geen bedrag in het plan, dus geen afspraak.")
            continue
        startjaar, eindjaar = jaren[0], jaren[-1]
        bestaand = overlappende_afspraak(
            financier=financier, soort=vorige.soort, startjaar=startjaar, eindjaar=eindjaar, project=vorige.project
        )
        if bestaand is not None:  # renewed by hand, or converted before
            al_daar.append(er_is_al(bestaand, startjaar, eindjaar))
            continue
        afspraak = _concept_opvolger(
            vorige,
            naam=f"{vorige.get_soort_display()} {financier} {startjaar}-{eindjaar}",
            jaren=(startjaar, eindjaar),
            notities=f"{reden}; volgt op '{vorige}'.",
            door=door,
            reden=reden,
        )
        for jaar in jaren:
            if voorstel.bedragen[jaar]:
                _opslaan(Toezegging(afspraak=afspraak, jaar=jaar, bedrag_geld=voorstel.bedragen[jaar]), door, reden)
        gemaakt.append(afspraak)
    if al_daar and not gemaakt:
        raise ValidationError(
            f"Dit plan is al omgezet: {'; '.join(al_daar)}. Omzetten kan maar één keer; pas die afspraken aan "
            "als er iets anders moet."
        )
    overgeslagen += [f"{tekst}; niet opnieuw omgezet." for tekst in al_daar]
    return gemaakt, overgeslagen


@transaction.atomic
def toezegging_doorzetten(*, afspraak: Financieringsafspraak, jaar: int, door) -> Toezegging:
    """A structural grant without end year carries on, by a person's decision: the toezegging of
    `jaar` with the amounts of its latest earlier year, recorded with that reason. Refused for any
    other agreement, for a year that has its toezegging, or without an earlier year to follow."""
    afspraak = Financieringsafspraak.objects.select_for_update().select_related("financier").get(pk=afspraak.pk)
    if afspraak.soort != Financieringsafspraak.Soort.STRUCTURELE_SUBSIDIE or afspraak.eindjaar is not None:
        raise ValidationError(
            f"'{afspraak}' is geen structurele subsidie zonder laatste jaar; leg de toezegging voor {jaar} vast "
            "in de afspraak zelf (Bewerken)."
        )
    if afspraak.toezeggingen.filter(jaar=jaar).exists():
        raise ValidationError(f"{afspraak.financier} heeft voor {jaar} al een toezegging in '{afspraak}'.")
    vorige = afspraak.toezeggingen.filter(jaar__lt=jaar).order_by("-jaar").first()
    if vorige is None:
        raise ValidationError(
            f"'{afspraak}' heeft voor {jaar} geen eerder jaar om te volgen; leg het bedrag vast in de afspraak zelf."
        )
    return _opslaan(
        Toezegging(
            afspraak=afspraak,
            jaar=jaar,
            bedrag_geld=vorige.bedrag_geld,
            bedrag_natura=vorige.bedrag_natura,
            toelichting=f"Structurele subsidie doorgezet zoals {vorige.jaar}.",
        ),
        door,
        f"Doorgezet zoals {vorige.jaar} (structurele subsidie zonder laatste jaar)",
    )
