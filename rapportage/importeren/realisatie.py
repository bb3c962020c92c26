"""Importing actual costs from the bookkeeping: upload → preview → read in whole → undo.

Nothing is written until the user confirms, and then the whole file goes in or nothing does.
The rules are the model's: a booking's date must fall in the jaarplan's year
(`Kostenrealisatie.controleer_boekdatum`), an afgesloten jaarplan takes no realisatie
(`controleer_bewerkbaar`), amounts are cents. They are checked once per row in the preview and
again, inside the transaction, when the batch is read in.
"""

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from jaarplan.models import Activiteit, Jaarplan, Kostenrealisatie, Kostensoort
from kern.db import invoegen, verwijderen
from kern.geschiedenis import vastleggen_voor
from kern.money import ZERO, format_euro
from partners.models import Auditregel, vastleggen

from ..models import Importbatch, Importregel, Kostenplaatskoppeling
from .bestand import lees_cellen, veilige_bestandsnaam
from .kolommen import (
    VELD_LABELS,
    controleer_kolommen,
    is_totaalregel,
    lees_bedragen,
    lees_datum,
    lees_kolom,
    lees_tekst,
    verboden_tekens,
    vind_kopregel,
)

MAX_OMSCHRIJVING = Kostenrealisatie._meta.get_field("omschrijving").max_length
MAX_KOSTENPLAATS = Kostenplaatskoppeling._meta.get_field("kostenplaats").max_length


@dataclass(slots=True)
class Regel:
    rijnummer: int
    datum: object
    omschrijving: str
    kostenplaats: str
    activiteit: Activiteit
    kostensoort: str
    bedrag: Decimal

    @property
    def kostensoort_label(self) -> str:
        return Kostensoort(self.kostensoort).label


@dataclass
class Analyse:
    """What a file would do, for the preview; `fouten` empty means it can be read in."""

    jaar: int | None = None
    jaarplan: Jaarplan | None = None
    kolomnamen: list[str] = field(default_factory=list)
    kolommen: dict[str, int] = field(default_factory=dict)
    kopregel: int | None = None  # row number (1-based) of the header row
    regels: list[Regel] = field(default_factory=list)
    fouten: list[tuple[int | None, str]] = field(default_factory=list)  # (row number or None, message)
    overgeslagen: list[tuple[int, str]] = field(default_factory=list)
    onbekende_kostenplaatsen: list[str] = field(default_factory=list)

    @property
    def totaal(self) -> Decimal:
        return sum((r.bedrag for r in self.regels), ZERO)

    def totalen_per_activiteit(self) -> list[tuple[Activiteit, int, Decimal]]:
        per = defaultdict(lambda: [0, ZERO])
        for regel in self.regels:
            per[regel.activiteit][0] += 1
            per[regel.activiteit][1] += regel.bedrag
        return sorted(((a, n, s) for a, (n, s) in per.items()), key=lambda t: (t[0].volgorde, t[0].code))

    def fout(self, tekst: str, rijnummer: int | None = None) -> None:
        self.fouten.append((rijnummer, tekst))


def checksum_van(inhoud: bytes) -> str:
    return hashlib.sha256(inhoud).hexdigest()


def eerder_ingelezen(leerwerkloket, checksum: str) -> Importbatch | None:
    return (
        Importbatch.objects.filter(leerwerkloket=leerwerkloket, checksum=checksum, status=Importbatch.Status.INGELEZEN)
        .select_related("ingelezen_door")
        .first()
    )


def weigering_dubbel(batch: Importbatch) -> str:
    door = batch.ingelezen_door.get_full_name() if batch.ingelezen_door else "de opdrachtregel"
    moment = timezone.localtime(batch.ingelezen_op).strftime("%d-%m-%Y %H:%M")
    return (
        f"Dit bestand is al ingelezen als import {batch.pk} ({batch.bestandsnaam}) op {moment} door {door}: "
        f"{batch.aantal_regels} regels, {format_euro(batch.totaal)}. Maak die import eerst ongedaan als u het "
        "opnieuw wilt inlezen."
    )


@transaction.atomic
def import_voorbereiden(*, leerwerkloket, bestandsnaam: str, inhoud: bytes, door, jaar: int | None = None):
    """Keep an uploaded file as a batch in preview. Refuses a file that cannot be read or was
    already read in; the columns are recognised here and can be corrected later."""
    cellen = lees_cellen(inhoud, bestandsnaam)
    checksum = checksum_van(inhoud)
    eerder = eerder_ingelezen(leerwerkloket, checksum)
    if eerder:
        raise ValidationError(weigering_dubbel(eerder))
    kop = vind_kopregel(cellen)
    if kop is None:
        raise ValidationError(
            "In dit bestand staan geen herkenbare kolommen. Er moet een kopregel zijn met ten minste een datum "
            "(Datum of Boekdatum) en een bedrag (Bedrag, of Debet en Credit), en een kolom Kostenplaats."
        )
    index, kolommen = kop
    batch = Importbatch.objects.create(
        leerwerkloket=leerwerkloket,
        bestandsnaam=veilige_bestandsnaam(bestandsnaam),
        checksum=checksum,
        inhoud=inhoud,
        jaar=jaar,
        kolommen=kolommen,
        kopregel=index + 1,
        aangemaakt_door=door,
    )
    batch._cellen = cellen  # read once per request: the preview that follows reuses it
    return batch


def _cellen_van(batch: Importbatch) -> list[list]:
    cellen = getattr(batch, "_cellen", None)
    if cellen is None:
        cellen = batch._cellen = lees_cellen(bytes(batch.inhoud), batch.bestandsnaam)
    return cellen


def kolommen_aanpassen(*, batch: Importbatch, kolommen: dict[str, int]) -> Importbatch:
    """The user's correction of which column holds which field."""
    if batch.status != Importbatch.Status.VOORBEELD:
        raise ValidationError("Deze import is al ingelezen; de kolomindeling kan niet meer veranderen.")
    breedte = len(_cellen_van(batch)[batch.kopregel - 1])
    fouten = controleer_kolommen(kolommen, breedte)
    if fouten:
        raise ValidationError(fouten)
    batch.kolommen = kolommen
    batch.save(update_fields=["kolommen"])
    return batch


@transaction.atomic
def koppelingen_opslaan(*, leerwerkloket, koppelingen: dict[str, tuple[str, str]]) -> None:
    """Remember kostenplaats → (activiteit code, kostensoort) for the region."""
    for kostenplaats, (code, kostensoort) in koppelingen.items():
        Kostenplaatskoppeling.objects.update_or_create(
            leerwerkloket=leerwerkloket,
            kostenplaats=kostenplaats,
            defaults={"activiteit_code": code, "kostensoort": kostensoort},
        )


def import_analyseren(batch: Importbatch) -> Analyse:
    """Read the batch's file with its column mapping and the region's koppelingen; write nothing."""
    analyse = Analyse(kolommen=dict(batch.kolommen), kopregel=batch.kopregel)
    cellen = _cellen_van(batch)
    kop = cellen[batch.kopregel - 1]
    analyse.kolomnamen = [lees_tekst(c) or f"kolom {i + 1}" for i, c in enumerate(kop)]
    for tekst in controleer_kolommen(analyse.kolommen, len(kop)):
        analyse.fout(tekst)
    if analyse.fouten:
        return analyse

    ruw = _lees_regels(cellen, batch.kopregel, analyse)
    analyse.jaar = batch.jaar or next((r[1].year for r in ruw if r[1] is not None), None)
    if analyse.jaar is None:
        if not analyse.fouten:
            analyse.fout("Er staan geen boekingen in dit bestand.")
        return analyse
    analyse.jaarplan = Jaarplan.objects.filter(leerwerkloket=batch.leerwerkloket_id, jaar=analyse.jaar).first()
    if analyse.jaarplan is None:
        analyse.fout(f"Er is geen jaarplan {analyse.jaar}; maak eerst het jaarplan aan.")
        return analyse
    if analyse.jaarplan.is_afgesloten:
        analyse.fout(
            f"Jaarplan {analyse.jaar} is afgesloten; er kan geen realisatie meer bij. "
            "Geen enkele regel wordt ingelezen."
        )
        return analyse

    activiteiten = {a.code: a for a in analyse.jaarplan.activiteiten.all()}
    koppelingen = {
        k.kostenplaats: k for k in Kostenplaatskoppeling.objects.filter(leerwerkloket=batch.leerwerkloket_id)
    }
    # Per distinct kostenplaats its activity and cost kind, or why it has none; per distinct
    # activity and date whether the model takes the booking date. A file holds few of either.
    doelen = {}
    for kostenplaats in {r[3] for r in ruw if r[1] is not None}:
        koppeling = koppelingen.get(kostenplaats)
        if koppeling is None:
            doelen[kostenplaats] = f"kostenplaats {kostenplaats} is nog niet gekoppeld aan een activiteit"
        elif koppeling.activiteit_code not in activiteiten:
            doelen[kostenplaats] = (
                f"kostenplaats {kostenplaats} hoort bij activiteit '{koppeling.activiteit_code}', die niet in "
                f"jaarplan {analyse.jaar} staat"
            )
        else:
            doelen[kostenplaats] = (activiteiten[koppeling.activiteit_code], koppeling.kostensoort)
    onbekend = {}
    in_jaar = {}
    regels = analyse.regels
    for rijnummer, datum, bedrag, kostenplaats, omschrijving in ruw:
        if datum is None:
            continue  # its error is already on the list
        doel = doelen[kostenplaats]
        if type(doel) is str:
            if kostenplaats not in koppelingen:
                onbekend.setdefault(kostenplaats, rijnummer)
            analyse.fout(doel, rijnummer)
            continue
        activiteit, kostensoort = doel
        sleutel = (kostenplaats, datum)
        past = in_jaar.get(sleutel)
        if past is None:
            past = in_jaar[sleutel] = _boekdatum_past(activiteit, datum)
        if not past:
            analyse.fout(f"de boekdatum {datum:%d-%m-%Y} valt buiten {analyse.jaar}", rijnummer)
            continue
        regels.append(Regel(rijnummer, datum, omschrijving, kostenplaats, activiteit, kostensoort, bedrag))
    analyse.onbekende_kostenplaatsen = list(onbekend)
    analyse.fouten.sort(key=lambda f: (f[0] is not None, f[0] or 0))
    return analyse


def _boekdatum_past(activiteit: Activiteit, datum) -> bool:
    """The model's rule (`Kostenrealisatie.controleer_boekdatum`), asked once per activity and date."""
    try:
        Kostenrealisatie(activiteit=activiteit, datum=datum).controleer_boekdatum()
    except ValidationError:
        return False
    return True


def _lees_regels(cellen, kopregel: int, analyse: Analyse) -> list[tuple]:
    """(rijnummer, datum, bedrag, kostenplaats, omschrijving) per booking row; bad cells go to the
    analysis as errors (datum None). Each column is read whole (`lees_kolom`, `lees_bedragen`):
    the same cell readers, each distinct date or kostenplaats once, numbers in one numpy step."""
    k = analyse.kolommen
    nummers = [i for i in range(kopregel, len(cellen)) if cellen[i].count(None) != len(cellen[i])]
    rijen = [cellen[i] for i in nummers]

    def kolom(veld: str) -> list:
        n = k[veld]
        return [rij[n] for rij in rijen]

    leeg = [None] * len(rijen)
    datums = lees_kolom(kolom("datum"), lees_datum)
    bedragen = _bedragen(rijen, k)
    kostenplaatsen = lees_kolom(kolom("kostenplaats"), lees_tekst)
    omschrijvingen = [lees_tekst(cel) for cel in kolom("omschrijving")] if "omschrijving" in k else [""] * len(rijen)
    grootboek_cellen = kolom("grootboekrekening") if "grootboekrekening" in k else leeg
    grootboek = lees_kolom(grootboek_cellen, lees_tekst)
    regels = []
    for index, rij, datum, bedrag, kostenplaats, omschrijving, cel, rekening in zip(
        nummers, rijen, datums, bedragen, kostenplaatsen, omschrijvingen, grootboek_cellen, grootboek, strict=True
    ):
        rijnummer = index + 1
        datum_fout = isinstance(datum, ValueError)
        # A total row is skipped only when its date cell is no date, so only those rows are looked at.
        if datum_fout and is_totaalregel(rij):
            analyse.overgeslagen.append((rijnummer, "totaalregel overgeslagen"))
            continue
        if cel is not None:
            omschrijving = f"{omschrijving} (grootboek {rekening})".strip()
        problemen = [str(w) for w in (datum, bedrag) if isinstance(w, ValueError)]
        if not kostenplaats:
            problemen.append("de kostenplaats ontbreekt")
        elif len(kostenplaats) > MAX_KOSTENPLAATS:
            problemen.append(f"de kostenplaats is langer dan {MAX_KOSTENPLAATS} tekens")
            kostenplaats = kostenplaats[:MAX_KOSTENPLAATS]
        if verboden := verboden_tekens(rij):
            problemen.append(verboden)
        if problemen:
            analyse.fout("; ".join(problemen), rijnummer)
            regels.append((rijnummer, None, None, kostenplaats, omschrijving))
            continue
        regels.append((rijnummer, datum, bedrag, kostenplaats, omschrijving[:MAX_OMSCHRIJVING]))
    return regels


def _bedragen(rijen: list[list], k: dict[str, int]) -> list:
    """Per row the amount (Bedrag, or Debet minus Credit) or a ValueError that names the column."""
    if "bedrag" in k:
        return [_met_kolom(b, "bedrag") for b in lees_bedragen([rij[k["bedrag"]] for rij in rijen])]
    uitkomst = [ZERO] * len(rijen)
    for veld, teken in (("debet", 1), ("credit", -1)):
        if veld not in k:
            continue
        cellen = [rij[k[veld]] for rij in rijen]
        for n, (cel, bedrag) in enumerate(zip(cellen, lees_bedragen(cellen), strict=True)):
            if cel is None or isinstance(uitkomst[n], ValueError):
                continue  # an empty cell counts as nothing; the first column's error stands
            uitkomst[n] = _met_kolom(bedrag, veld) if isinstance(bedrag, ValueError) else uitkomst[n] + teken * bedrag
    return uitkomst


def _met_kolom(bedrag, veld: str):
    if isinstance(bedrag, ValueError):
        return ValueError(f"{bedrag} (kolom {VELD_LABELS[veld]})")
    return bedrag


@transaction.atomic
def import_doorvoeren(*, batch: Importbatch, door) -> Importbatch:
    """Read the batch in: every row or, when anything is wrong, none."""
    gelezen = getattr(batch, "_cellen", None)
    batch = Importbatch.objects.select_for_update().get(pk=batch.pk)
    batch._cellen = gelezen  # the stored file never changes, so what was read from it still holds
    if batch.status != Importbatch.Status.VOORBEELD:
        raise ValidationError(f"Import {batch.pk} is al {batch.get_status_display().lower()}.")
    eerder = eerder_ingelezen(batch.leerwerkloket_id, batch.checksum)
    if eerder:
        raise ValidationError(weigering_dubbel(eerder))
    analyse = import_analyseren(batch)
    if analyse.fouten:
        raise ValidationError(
            f"Er {'is 1 fout' if len(analyse.fouten) == 1 else f'zijn {len(analyse.fouten)} fouten'} in dit "
            "bestand; verbeter het bestand of de koppelingen. Er is niets ingelezen."
        )
    if not analyse.regels:
        raise ValidationError("Er staan geen boekingen in dit bestand; er is niets ingelezen.")
    # Lock the jaarplan, then ask the model whether it still takes realisatie (it reads the stored status).
    Jaarplan.objects.select_for_update().filter(pk=analyse.jaarplan.pk).first()
    Kostenrealisatie(activiteit=analyse.regels[0].activiteit).controleer_bewerkbaar()

    _controleer_velden(analyse.regels)

    # Written by the database in three statements' worth, not row by row through the ORM
    # (RESULTS.md): the bookings, the batch's link to each of them (what an undo removes), and
    # each booking's history record, as bulk_create_with_history wrote them: who, when, "+".
    sleutels = invoegen(
        Kostenrealisatie,
        ["activiteit", "kostensoort", "datum", "bedrag", "omschrijving", "geimporteerd"],
        [(r.activiteit.id, r.kostensoort, r.datum, r.bedrag, r.omschrijving, True) for r in analyse.regels],
    )
    if len(sleutels) != len(analyse.regels) or None in sleutels:
        raise IntegrityError("De database gaf de nieuwe regels geen sleutel terug.")
    invoegen(
        Importregel,
        ["batch", "kostenrealisatie", "rijnummer"],
        [(batch.pk, sleutel, r.rijnummer) for sleutel, r in zip(sleutels, analyse.regels, strict=True)],
    )
    vastleggen_voor(Kostenrealisatie.objects.filter(importregel__batch=batch), soort="+", door=door)
    batch.status = Importbatch.Status.INGELEZEN
    batch.jaar = analyse.jaar
    batch.aantal_regels = len(sleutels)
    batch.totaal = analyse.totaal
    batch.ingelezen_door = door
    batch.ingelezen_op = timezone.now()
    batch.save()
    vastleggen(
        Auditregel.Actie.IMPORT,
        f"Import {batch.pk} ingelezen: {batch.bestandsnaam}, {batch.aantal_regels} regels, {format_euro(batch.totaal)}",
        gebruiker=door,
        leerwerkloket=batch.leerwerkloket,
    )
    return batch


def _controleer_velden(regels: list[Regel]) -> None:
    """The model's field rules (Kostenrealisatie.clean_fields) for every row, asked of the rows that
    decide them: each rule looks at one value and is monotone in it (a known cost kind; an amount
    within its limits and digits, all amounts having two decimals; a description within its
    length), so the rows with each distinct cost kind, the smallest and largest amount and the
    longest description pass or fail as all rows would. The activity is one of this jaarplan's."""
    voorbeelden = {id(r): r for r in {r.kostensoort: r for r in regels}.values()}
    for r in (
        min(regels, key=lambda r: r.bedrag),
        max(regels, key=lambda r: r.bedrag),
        max(regels, key=lambda r: len(r.omschrijving)),
    ):
        voorbeelden[id(r)] = r
    for r in voorbeelden.values():
        Kostenrealisatie(
            activiteit=r.activiteit,
            kostensoort=r.kostensoort,
            datum=r.datum,
            bedrag=r.bedrag,
            omschrijving=r.omschrijving,
        ).clean_fields(exclude=["activiteit"])


@transaction.atomic
def import_ongedaan_maken(*, batch: Importbatch, door) -> Importbatch:
    """Remove exactly the rows this batch wrote, each with its history record."""
    batch = Importbatch.objects.select_for_update().get(pk=batch.pk)
    if batch.status != Importbatch.Status.INGELEZEN:
        raise ValidationError(f"Import {batch.pk} is niet ingelezen en kan dus niet ongedaan worden gemaakt.")
    realisaties = Kostenrealisatie.objects.filter(importregel__batch=batch)
    eerste = realisaties.select_related("activiteit__jaarplan").first()
    if eerste is not None:
        # A batch's rows all belong to one jaarplan: lock it, and ask the model whether it may still change.
        Jaarplan.objects.select_for_update().filter(pk=eerste.activiteit.jaarplan_id).first()
        eerste.controleer_bewerkbaar(verwijderen=True, importbatch=batch)  # its own import: the one way it changes
        # Set-wise, like the import: each row's history record ("-", who, when), then the rows
        # and their links, by the database (row by row, 100,000 rows took minutes).
        vastleggen_voor(realisaties, soort="-", door=door)
        verwijderen(realisaties)
        Importregel.objects.filter(batch=batch).delete()
    batch.status = Importbatch.Status.ONGEDAAN
    batch.ongedaan_door = door
    batch.ongedaan_op = timezone.now()
    batch.save()
    vastleggen(
        Auditregel.Actie.IMPORT,
        f"Import {batch.pk} ongedaan gemaakt: {batch.aantal_regels} regels verwijderd",
        gebruiker=door,
        leerwerkloket=batch.leerwerkloket,
    )
    return batch
