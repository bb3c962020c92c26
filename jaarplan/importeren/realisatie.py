"""Importing actual costs from the bookkeeping: upload → preview → read in whole → undo.

Nothing is written until the user confirms, and then the whole file goes in or nothing does.
The rules are the model's: every row goes through `Kostenrealisatie.regel_fouten` (the one rule
of a booking that its clean() and the hand-booking form use too) and its fields' own validators,
an afgesloten jaarplan takes no realisatie (`controleer_bewerkbaar`), amounts are cents. They are
checked for every row in the preview and again, inside the transaction, when the batch is read in.
Python's cycle collector is paused only while the file's rows are worked on in memory (parsed,
checked by the row rule, fingerprinted: `kern.bestanden.kringopruiming_gepauzeerd`), never while
the database is written.
"""

import datetime
import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import chain
from operator import attrgetter
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.validators import (
    BaseValidator,
    DecimalValidator,
    MaxLengthValidator,
    MaxValueValidator,
    MinLengthValidator,
    MinValueValidator,
)
from django.db import transaction
from django.db.models import Count, Field, Q, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django_fsm import can_proceed

from kern.bestanden import EXTENSIES, kringopruiming_gepauzeerd, lees_cellen, veilige_bestandsnaam
from kern.cellen import lees_bedragen, lees_datum, lees_kolom, lees_tekst, normaliseer, verboden_tekens
from kern.db import bytes_opslaan, invoegen, verwijderen
from kern.geschiedenis import vastleggen_voor
from kern.money import ZERO, format_euro
from partners.models import Auditregel, vastleggen

from ..models import (
    Activiteit,
    Importbatch,
    Jaarplan,
    Kolomindeling,
    Kostenplaatskoppeling,
    Kostenrealisatie,
    Kostensoort,
)
from ..services import onderdeel_verwijderen
from . import xaf
from .kolommen import (
    CREDIT_WAARDEN,
    DEBET_WAARDEN,
    EIGEN,
    VELD_LABELS,
    ZOEK_KOP_IN_RIJEN,
    Herkenning,
    controleer_kolommen,
    handtekening,
    herken_kolommen,
    is_tegenboeking,
    is_totaalregel,
    kopregel_met_namen,
    vermoedelijke_kopregel,
    vind_kopregel,
)

MAX_OMSCHRIJVING = Kostenrealisatie._meta.get_field("omschrijving").max_length
MAX_KOSTENPLAATS = Kostenplaatskoppeling._meta.get_field("kostenplaats").max_length
MAX_HANDMATIG_GETOOND = 50
VERVANGEN, NAAST = "vervangen", "naast"  # what to do with hand bookings in the import's period
GEEN_KOLOMMEN = (
    "In dit bestand staan geen herkenbare kolommen. Kies hieronder bij 'Kolomindeling aanpassen' de kopregel "
    "en welke kolom de boekdatum, het bedrag (of Debet en Credit) en de kostenplaats bevat; het loket onthoudt "
    "die indeling voor volgende bestanden met dezelfde kopregel."
)


def regels_tekst(aantal: int, totaal: Decimal) -> str:
    """What a dry run ends with, so finance staff can compare it with their package's total."""
    return f"{aantal} {'regel' if aantal == 1 else 'regels'}, totaal {format_euro(totaal)}"


@dataclass(slots=True)
class Regel:
    rijnummer: int
    datum: object
    omschrijving: str
    kostenplaats: str
    activiteit: Activiteit
    kostensoort: str
    bedrag: Decimal
    stuknummer: str = ""
    grootboekrekening: str = ""
    vingerafdruk: str = ""
    eerder: Importbatch | None = None  # the import that already holds this booking

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
    aantal_per_kostenplaats: dict[str, int] = field(default_factory=dict)
    # Contra rows (a balance-sheet account without kostenplaats): {grootboekrekening: [rows, amount]}
    tegenboekingen: dict[str, list] = field(default_factory=dict)
    meldingen: list[str] = field(default_factory=list)  # what was left out on purpose, in Dutch
    # Bookings typed by hand in the file's period on its kostenplaatsen (`_zoek_handmatig`)
    handmatig: list = field(default_factory=list)
    handmatig_aantal: int = 0
    handmatig_totaal: Decimal = ZERO
    periode: tuple | None = None  # (first, last) booking date of the file
    # (kostenplaatsen, activity pks) the rows book to, once the analysis is done (`handmatige_boekingen`)
    boekt_op: tuple | None = field(default=None, repr=False)

    def in_te_lezen(self, dubbele_behouden: bool = False) -> list[Regel]:
        return self.regels if dubbele_behouden else self.nieuwe

    def samenvatting(self, dubbele_behouden: bool = False) -> str:
        """ "… regels, totaal € …" of what reading in would add."""
        regels = self.in_te_lezen(dubbele_behouden)
        return regels_tekst(len(regels), sum((r.bedrag for r in regels), ZERO))

    def tegenboekingen_tekst(self) -> str:
        if not self.tegenboekingen:
            return ""
        aantal = sum(n for n, _ in self.tegenboekingen.values())
        rekeningen = ", ".join(
            f"{rekening} ({n}× {format_euro(t)})" for rekening, (n, t) in sorted(self.tegenboekingen.items())
        )
        return (
            f"{aantal} {'tegenboeking' if aantal == 1 else 'tegenboekingen'} op balansrekeningen zonder kostenplaats "
            f"overgeslagen: {rekeningen}. Dat is de andere kant van de boekingen (crediteuren, bank, btw), geen kosten."
        )

    def handmatig_tekst(self) -> str:
        van, tot = self.periode
        return (
            f"Van {van:%d-%m-%Y} tot en met {tot:%d-%m-%Y} staan al {self.handmatig_aantal} met de hand geboekte "
            f"kosten op de kostenplaatsen van dit bestand, samen {format_euro(self.handmatig_totaal)}. Zonder keuze "
            "zouden ze naast de import dubbel tellen."
        )

    @property
    def totaal(self) -> Decimal:
        return sum((r.bedrag for r in self.regels), ZERO)

    @property
    def dubbele(self) -> list[Regel]:
        return [r for r in self.regels if r.eerder is not None]

    @property
    def nieuwe(self) -> list[Regel]:
        return [r for r in self.regels if r.eerder is None]

    def al_ingelezen(self) -> list[str]:
        """Per earlier import, in Dutch, how many of this file's bookings it already holds."""
        per = defaultdict(int)
        batches = {}
        for regel in self.dubbele:
            per[regel.eerder.pk] += 1
            batches[regel.eerder.pk] = regel.eerder
        teksten = []
        for pk, aantal in sorted(per.items()):
            batch = batches[pk]
            door = batch.ingelezen_door.get_full_name() if batch.ingelezen_door else "de opdrachtregel"
            moment = timezone.localtime(batch.ingelezen_op).strftime("%d-%m-%Y %H:%M") if batch.ingelezen_op else "–"
            teksten.append(
                f"{aantal} van {len(self.regels)} regels zijn al ingelezen in import {pk} "
                f"({batch.bestandsnaam}) van {moment} door {door}."
            )
        return teksten

    def totalen_per_activiteit(self) -> list[tuple[Activiteit, int, Decimal]]:
        per = defaultdict(lambda: [0, ZERO])
        for regel in self.regels:
            per[regel.activiteit][0] += 1
            per[regel.activiteit][1] += regel.bedrag
        return sorted(((a, n, s) for a, (n, s) in per.items()), key=lambda t: (t[0].volgorde, t[0].code))

    def fout(self, tekst: str, rijnummer: int | None = None) -> None:
        self.fouten.append((rijnummer, tekst))


def vingerafdrukken(regio_id: int, regels: list[Regel]) -> list[str]:
    """Per booking what it says, as a 128-bit BLAKE2b hash (region, date, amount, kostenplaats, stuknummer,
    description): the same booking from any file (.xlsx or .csv, another export of the same
    ledger) has the same one. Amounts are always at cents here (`lees_bedragen`), so `str` of one
    is the same text however the file wrote it."""
    dagen = {}
    hasj = hashlib.blake2b
    uitkomst = []
    for r in regels:
        dag = dagen.get(r.datum)
        if dag is None:
            dag = dagen[r.datum] = r.datum.isoformat()
        # str(), the same text as the f-string's format() of a Decimal, without its format parser.
        tekst = f"{regio_id}|{dag}|{str(r.bedrag)}|{r.kostenplaats}|{r.stuknummer}|{r.omschrijving}"
        uitkomst.append(hasj(tekst.encode(), digest_size=16).hexdigest())
    return uitkomst


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
def import_voorbereiden(
    *, leerwerkloket, bestandsnaam: str, inhoud: bytes, door, jaar: int | None = None, max_rijen: int | None = None
):
    """Keep an uploaded file as a batch in preview. Refuses a file that cannot be read, that has
    more rows than `max_rijen` (default the setting IMPORT_MAX_RIJEN) or was already read in
    byte for byte. The columns are recognised here (a remembered mapping of the region, a
    package's layout, common names; an XAF auditfile's are fixed); when nothing is recognised the
    batch is kept all the same, for the user to map its columns on the preview."""
    auditfile = None
    if xaf.is_xaf(inhoud, bestandsnaam):
        auditfile = xaf.Auditfile(inhoud, jaar=jaar, max_rijen=max_rijen)
        cellen, jaar = auditfile.cellen, auditfile.jaar
        herkenning = Herkenning(0, dict(xaf.KOLOMMEN), xaf.BRON)
    else:
        if inhoud and Path(bestandsnaam).suffix.lower() not in EXTENSIES:
            raise ValidationError(
                "Upload een export van de boekhouding als .xlsx, .xls of .csv, of de auditfile als .xaf."
            )
        cellen = lees_cellen(inhoud, bestandsnaam, max_rijen=max_rijen)
        herkenning = None
    checksum = checksum_van(inhoud)
    eerder = eerder_ingelezen(leerwerkloket, checksum)
    if eerder:
        raise ValidationError(weigering_dubbel(eerder))
    if herkenning is None:
        onthouden = dict(
            Kolomindeling.objects.filter(leerwerkloket=leerwerkloket).values_list("handtekening", "kolommen")
        )
        herkenning = vind_kopregel(cellen, onthouden) or Herkenning(vermoedelijke_kopregel(cellen), {}, "")
    batch = Importbatch.objects.create(
        leerwerkloket=leerwerkloket,
        bestandsnaam=veilige_bestandsnaam(bestandsnaam),
        checksum=checksum,
        inhoud=b"",
        jaar=jaar,
        kolommen=herkenning.kolommen,
        kopregel=herkenning.index + 1,
        bron=herkenning.bron,
        aangemaakt_door=door,
    )
    bytes_opslaan(batch, "inhoud", inhoud)  # the file as bytes, not as hex text in the statement
    batch._cellen = cellen  # read once per request: the preview that follows reuses it
    batch._buiten_periode = auditfile.buiten_periode if auditfile else 0
    return batch


def is_auditfile(batch: Importbatch) -> bool:
    return batch.bron == xaf.BRON


def _cellen_van(batch: Importbatch) -> list[list]:
    cellen = getattr(batch, "_cellen", None)
    if cellen is None:
        if is_auditfile(batch):
            auditfile = xaf.Auditfile(bytes(batch.inhoud), jaar=batch.jaar)
            cellen, batch._buiten_periode = auditfile.cellen, auditfile.buiten_periode
        else:
            cellen = lees_cellen(bytes(batch.inhoud), batch.bestandsnaam)
        batch._cellen = cellen
    return cellen


@transaction.atomic
def kolommen_aanpassen(
    *, batch: Importbatch, kolommen: dict[str, int], kopregel: int | None = None, door=None
) -> Importbatch:
    """The user's choice of the header row and of which column holds which field. A new header
    row is taken first, with the columns recognised in it, for the user to check; a mapping of the
    columns is remembered for the region under the header row's signature (`Kolomindeling`), so
    the next export with the same header row is read the same way."""
    if not batch.is_voorbeeld:
        raise ValidationError("Deze import is al ingelezen; de kolomindeling kan niet meer veranderen.")
    if is_auditfile(batch):
        raise ValidationError("De kolommen van een auditfile liggen vast in XAF 3.2; er is niets aan te passen.")
    cellen = _cellen_van(batch)
    if kopregel is not None and kopregel != batch.kopregel:
        hoogste = min(len(cellen), ZOEK_KOP_IN_RIJEN)
        if not 1 <= kopregel <= hoogste:
            raise ValidationError(f"Kies als kopregel een rij van 1 tot en met {hoogste}.")
        batch.kopregel, batch.kolommen, batch.bron = kopregel, herken_kolommen(cellen[kopregel - 1]), ""
        batch.save(update_fields=["kopregel", "kolommen", "bron"])
        return batch
    kop = cellen[batch.kopregel - 1]
    fouten = controleer_kolommen(kolommen, len(kop))
    if fouten:
        raise ValidationError(fouten)
    batch.kolommen, batch.bron = kolommen, EIGEN
    batch.save(update_fields=["kolommen", "bron"])
    namen = [lees_tekst(cel) for cel in kop]
    Kolomindeling.objects.update_or_create(
        leerwerkloket_id=batch.leerwerkloket_id,
        handtekening=handtekening(kop),
        defaults={
            "bron": ", ".join(naam for naam in namen if naam)[:300] or "kopregel zonder namen",
            "kolommen": kolommen,
            "aangepast_door": door,
        },
    )
    return batch


def kolommen_op_naam(*, batch: Importbatch, namen: dict[str, str], door=None) -> Importbatch:
    """The command's `--kolom datum=Boekstukdatum,bedrag=...`: the header row that holds those
    column names, its other columns as recognised, the named ones as the user said."""
    if is_auditfile(batch):
        raise ValidationError("De kolommen van een auditfile liggen vast in XAF 3.2; laat --kolom weg.")
    cellen = _cellen_van(batch)
    gevonden = kopregel_met_namen(cellen, namen)
    if gevonden is None:
        raise ValidationError(
            f"Geen van de eerste {ZOEK_KOP_IN_RIJEN} rijen heeft de kolommen "
            f"{', '.join(repr(n) for n in namen.values())}; schrijf de kolomnamen zoals ze in de kopregel staan."
        )
    index, genoemd = gevonden
    if index + 1 != batch.kopregel:
        kolommen_aanpassen(batch=batch, kolommen={}, kopregel=index + 1, door=door)
    kolommen = {veld: n for veld, n in batch.kolommen.items() if n not in genoemd.values()} | genoemd
    # A named amount replaces the recognised way of reading it (Bedrag, or Debet and Credit).
    if "bedrag" in genoemd:
        vervalt = ("debet", "credit")
    elif {"debet", "credit"} & genoemd.keys():
        vervalt = ("bedrag", "dc")
    else:
        vervalt = ()
    for veld in vervalt:
        kolommen.pop(veld, None)
    return kolommen_aanpassen(batch=batch, kolommen=kolommen, door=door)


def import_analyseren(batch: Importbatch) -> Analyse:
    """Read the batch's file with its column mapping and the region's koppelingen; write nothing."""
    analyse = Analyse(kolommen=dict(batch.kolommen), kopregel=batch.kopregel)
    cellen = _cellen_van(batch)
    kop = cellen[batch.kopregel - 1]
    analyse.kolomnamen = [lees_tekst(c) or f"kolom {i + 1}" for i, c in enumerate(kop)]
    if not analyse.kolommen:
        analyse.fout(GEEN_KOLOMMEN)  # the one thing to do; what each field needs, the form says
        return analyse
    for tekst in controleer_kolommen(analyse.kolommen, len(kop)):
        analyse.fout(tekst)
    if analyse.fouten:
        return analyse
    buiten = getattr(batch, "_buiten_periode", 0)
    if buiten:
        analyse.meldingen.append(
            f"{buiten} {'transactieregel' if buiten == 1 else 'transactieregels'} van de auditfile "
            f"{'valt' if buiten == 1 else 'vallen'} buiten {batch.jaar} en {'wordt' if buiten == 1 else 'worden'} "
            "niet ingelezen."
        )

    with kringopruiming_gepauzeerd():
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
            doelen[kostenplaats] = None
        elif koppeling.activiteit_code not in activiteiten:
            doelen[kostenplaats] = koppeling.activiteit_code
        else:
            doelen[kostenplaats] = (activiteiten[koppeling.activiteit_code], koppeling.kostensoort)
    # A kostenplaats without activity is one message with its number of rows, not one per row.
    zonder_doel = defaultdict(int)
    eerste_rij = {}
    regels = analyse.regels
    regio = batch.leerwerkloket_id
    # Every row through the model's one rule of a booking, looked up now: a rule added to it holds here too.
    regel_fouten = Kostenrealisatie.regel_fouten
    with kringopruiming_gepauzeerd():
        for rijnummer, datum, bedrag, kostenplaats, omschrijving, stuknummer, rekening in ruw:
            if datum is None:
                continue  # its error is already on the list
            doel = doelen[kostenplaats]
            if type(doel) is not tuple:
                zonder_doel[kostenplaats] += 1
                eerste_rij.setdefault(kostenplaats, rijnummer)
                continue
            activiteit, kostensoort = doel
            fouten = regel_fouten(
                activiteit=activiteit,
                kostensoort=kostensoort,
                datum=datum,
                bedrag=bedrag,
                omschrijving=omschrijving,
                stuknummer=stuknummer,
                grootboekrekening=rekening,
                kostenplaats=kostenplaats,
            )
            if fouten:
                analyse.fout(" ".join(bericht for berichten in fouten.values() for bericht in berichten), rijnummer)
                continue
            regels.append(
                Regel(
                    rijnummer, datum, omschrijving, kostenplaats, activiteit, kostensoort, bedrag, stuknummer, rekening
                )
            )
    for kostenplaats, aantal in sorted(zonder_doel.items()):
        # Shown at its first row, with how many rows it has.
        rij = eerste_rij[kostenplaats]
        regels_tekst = f"1 regel, op rij {rij}" if aantal == 1 else f"{aantal} regels, vanaf rij {rij}"
        if doelen[kostenplaats] is None:
            analyse.onbekende_kostenplaatsen.append(kostenplaats)
            analyse.fout(
                f"Kostenplaats {kostenplaats} ({regels_tekst}) is nog niet gekoppeld aan een activiteit; "
                "koppel haar hieronder.",
                rij,
            )
        else:
            analyse.fout(
                f"Kostenplaats {kostenplaats} ({regels_tekst}) hoort bij activiteit '{doelen[kostenplaats]}', die "
                f"niet in jaarplan {analyse.jaar} staat.",
                rij,
            )
    analyse.aantal_per_kostenplaats = dict(zonder_doel)
    _controleer_velden(analyse)
    # What the rows book to, for the queries of hand bookings (here and when read in): each row's
    # activity is its kostenplaats's, so the few kostenplaatsen give the activities.
    kostenplaatsen = set(map(attrgetter("kostenplaats"), analyse.regels))
    analyse.boekt_op = (kostenplaatsen, {doelen[kostenplaats][0].pk for kostenplaats in kostenplaatsen})
    with kringopruiming_gepauzeerd():
        for regel, afdruk in zip(analyse.regels, vingerafdrukken(regio, analyse.regels), strict=True):
            regel.vingerafdruk = afdruk
    _markeer_dubbele(analyse, regio)
    _zoek_handmatig(analyse)
    if analyse.tegenboekingen:
        analyse.meldingen.append(analyse.tegenboekingen_tekst())
    analyse.fouten.sort(key=lambda f: (f[0] is not None, f[0] or 0))
    return analyse


def handmatige_boekingen(analyse: Analyse):
    """The bookings typed by hand (not read in) in the file's period, the months from its first to
    its last booking date, on the file's kostenplaatsen, or without kostenplaats on an activity the file
    books to: what the import would count a second time."""
    if analyse.boekt_op is None:
        kostenplaatsen = set(map(attrgetter("kostenplaats"), analyse.regels))
        # The few activities by identity first: a model's hash and `pk` are Python calls, 100,000 of them.
        activiteiten = {a.pk for a in {id(a): a for a in map(attrgetter("activiteit"), analyse.regels)}.values()}
    else:  # found once by the analysis, not again for each query of the import
        kostenplaatsen, activiteiten = analyse.boekt_op
    return Kostenrealisatie.objects.filter(
        Q(kostenplaats__in=kostenplaatsen) | Q(kostenplaats="", activiteit__in=activiteiten),
        activiteit__jaarplan=analyse.jaarplan,
        geimporteerd=False,
        datum__range=analyse.periode,
    )


def _zoek_handmatig(analyse: Analyse) -> None:
    if not analyse.regels:
        return
    # Whole months, as a bookkeeping's periods are: a hand booking of 2 January is in a January export
    # whose first booking is of the 5th.
    datums = set(map(attrgetter("datum"), analyse.regels))
    eerste, laatste = min(datums), max(datums)
    volgende = datetime.date(laatste.year + laatste.month // 12, laatste.month % 12 + 1, 1)
    analyse.periode = (eerste.replace(day=1), volgende - datetime.timedelta(days=1))
    boekingen = handmatige_boekingen(analyse)
    telling = boekingen.aggregate(aantal=Count("pk"), totaal=Coalesce(Sum("bedrag"), Value(ZERO)))
    analyse.handmatig_aantal, analyse.handmatig_totaal = telling["aantal"], telling["totaal"]
    if analyse.handmatig_aantal:
        analyse.handmatig = list(boekingen.select_related("activiteit").order_by("datum", "pk")[:MAX_HANDMATIG_GETOOND])


def _markeer_dubbele(analyse: Analyse, regio_id: int) -> None:
    """Mark each booking an earlier import of this region already holds. Counted, not merely
    looked up: a ledger may hold the same booking twice, so when an earlier import holds it once,
    the file's second one is new."""
    if not analyse.regels:
        return
    eerder = defaultdict(list)
    for afdruk, batch_id in (
        Kostenrealisatie.objects.filter(
            importbatch__leerwerkloket=regio_id,
            importbatch__status=Importbatch.Status.INGELEZEN,
            importbatch__jaar=analyse.jaar,
        )
        .order_by("importbatch", "rijnummer")
        .values_list("vingerafdruk", "importbatch")
    ):
        eerder[afdruk].append(batch_id)
    if not eerder:
        return
    batches = {}
    for regel in analyse.regels:
        lijst = eerder.get(regel.vingerafdruk)
        if lijst:
            batch_id = lijst.pop()
            if batch_id not in batches:
                batches[batch_id] = (
                    Importbatch.objects.select_related("ingelezen_door").defer("inhoud").get(pk=batch_id)
                )
            regel.eerder = batches[batch_id]


def _lees_regels(cellen, kopregel: int, analyse: Analyse) -> list[tuple]:
    """(rijnummer, datum, bedrag, kostenplaats, omschrijving, stuknummer, grootboekrekening) per
    booking row; bad cells go to the analysis as errors (datum None). Each column is read whole
    (`lees_kolom`, `lees_bedragen`): the same cell readers, each distinct date or kostenplaats
    once, numbers in one numpy step."""
    k = analyse.kolommen
    nummers = [i for i in range(kopregel, len(cellen)) if cellen[i].count(None) != len(cellen[i])]
    rijen = [cellen[i] for i in nummers]

    def kolom(veld: str) -> list:
        if veld not in k:
            return [None] * len(rijen)
        n = k[veld]
        return [rij[n] for rij in rijen]

    def tekst(veld: str) -> list[str]:
        if veld not in k:
            return [""] * len(rijen)
        # Text cells come stripped from `lees_cellen`, so only the others go through lees_tekst,
        # each distinct one once (a ledger account column of numbers holds a few dozen).
        cellen = kolom(veld)
        andere = [cel for cel in cellen if type(cel) is not str]
        if not andere:
            return cellen
        if len(andere) == len(cellen):  # no text at all (a ledger account column of numbers)
            return lees_kolom(cellen, lees_tekst)
        gelezen = iter(lees_kolom(andere, lees_tekst))
        return [cel if type(cel) is str else next(gelezen) for cel in cellen]

    datums = lees_kolom(kolom("datum"), lees_datum)
    bedragen = _bedragen(rijen, k)
    kostenplaatsen = lees_kolom(kolom("kostenplaats"), lees_tekst)
    omschrijvingen, stuknummers, rekeningen = tekst("omschrijving"), tekst("stuknummer"), tekst("grootboekrekening")
    soorten = tekst("rekeningsoort")
    # A NUL character is looked for in all text at once; only when there is one, row by row.
    alle_tekst = "\x01".join([cel for cel in chain.from_iterable(rijen) if type(cel) is str])
    met_nul = {id(rij) for rij in rijen if verboden_tekens(rij)} if "\x00" in alle_tekst else set()
    del alle_tekst
    if (
        not met_nul
        and _zonder_fouten(datums)
        and _zonder_fouten(bedragen)
        and all(kostenplaatsen)
        and max(map(len, set(kostenplaatsen)), default=0) <= MAX_KOSTENPLAATS
    ):
        # Every row is a booking as it stands (the loop below would take each one as it is):
        # the rows zipped together at once, the descriptions cut to the field's length if needed.
        if max(map(len, omschrijvingen), default=0) > MAX_OMSCHRIJVING:
            omschrijvingen = [o[:MAX_OMSCHRIJVING] for o in omschrijvingen]
        rijnummers = [index + 1 for index in nummers]
        return list(
            zip(rijnummers, datums, bedragen, kostenplaatsen, omschrijvingen, stuknummers, rekeningen, strict=True)
        )
    regels = []
    tegen = analyse.tegenboekingen
    for index, rij, datum, bedrag, kostenplaats, omschrijving, stuknummer, rekening, soort in zip(
        nummers, rijen, datums, bedragen, kostenplaatsen, omschrijvingen, stuknummers, rekeningen, soorten, strict=True
    ):
        if not kostenplaats and is_tegenboeking(rekening, soort):
            # The contra side of a booking: skipped and counted, with its amount where it has one.
            teller = tegen.setdefault(rekening or "zonder rekening", [0, ZERO])
            teller[0] += 1
            if not isinstance(bedrag, ValueError):
                teller[1] += bedrag
            continue
        if (
            not isinstance(datum, ValueError)
            and not isinstance(bedrag, ValueError)
            and kostenplaats
            and len(kostenplaats) <= MAX_KOSTENPLAATS
            and not (met_nul and id(rij) in met_nul)
        ):
            omschrijving = omschrijving[:MAX_OMSCHRIJVING]
            regels.append((index + 1, datum, bedrag, kostenplaats, omschrijving, stuknummer, rekening))
            continue
        rijnummer = index + 1
        # A total row is skipped only when its date cell is no date, so only those rows are looked at.
        if isinstance(datum, ValueError) and is_totaalregel(rij):
            analyse.overgeslagen.append((rijnummer, "totaalregel overgeslagen"))
            continue
        problemen = [str(w) for w in (datum, bedrag) if isinstance(w, ValueError)]
        if not kostenplaats:
            problemen.append("de kostenplaats ontbreekt")
        elif len(kostenplaats) > MAX_KOSTENPLAATS:  # the koppeling could not hold it either
            problemen.append(f"de kostenplaats is langer dan {MAX_KOSTENPLAATS} tekens")
            kostenplaats = kostenplaats[:MAX_KOSTENPLAATS]
        if met_nul and id(rij) in met_nul:
            problemen.append(verboden_tekens(rij))
        analyse.fout("; ".join(problemen), rijnummer)
        regels.append((rijnummer, None, None, kostenplaats, omschrijving, stuknummer, rekening))
    return regels


def _zonder_fouten(waarden: list) -> bool:
    """No ValueError (a cell that could not be read) among `waarden`: asked of their types, in C."""
    return not any(issubclass(soort, ValueError) for soort in set(map(type, waarden)))


def _bedragen(rijen: list[list], k: dict[str, int]) -> list:
    """Per row the amount as the books mean it, or a ValueError that names the column: Bedrag with
    the sign its D/C column gives (credit subtracts; the amount is taken without its own sign, as
    Twinfield writes it either way: unsigned, or signed beside the same D/C); or Debet minus Credit."""
    if "bedrag" in k:
        bedragen = [
            _met_kolom(b, "bedrag") if isinstance(b, ValueError) else b
            for b in lees_bedragen([rij[k["bedrag"]] for rij in rijen])
        ]
        if "dc" in k:
            tekens = lees_kolom([rij[k["dc"]] for rij in rijen], _lees_dc)
            bedragen = [
                b if isinstance(b, ValueError) else _met_kolom(t, "dc") if isinstance(t, ValueError) else t * abs(b)
                for b, t in zip(bedragen, tekens, strict=True)
            ]
        return bedragen
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


def _lees_dc(cel) -> int:
    """A D/C indicator as the sign it gives the amount: debet 1, credit -1."""
    waarde = normaliseer(cel)
    if waarde in DEBET_WAARDEN:
        return 1
    if waarde in CREDIT_WAARDEN:
        return -1
    if not waarde:
        raise ValueError("er staat niet bij of het bedrag debet of credit is")
    raise ValueError(f"'{cel}' is geen D (debet) of C (credit)")


def _met_kolom(bedrag, veld: str):
    if isinstance(bedrag, ValueError):
        return ValueError(f"{bedrag} (kolom {VELD_LABELS[veld]})")
    return bedrag


@transaction.atomic
def import_doorvoeren(
    *,
    batch: Importbatch,
    door,
    dubbele_behouden: bool = False,
    handmatig: str | None = None,
    handmatig_gezien: int | None = None,
) -> Importbatch:
    """Read the batch in: every row or, when anything is wrong, none. A booking an earlier import
    already holds is left out, unless the user deliberately keeps it (`dubbele_behouden`). When
    the file's period holds bookings typed by hand on its kostenplaatsen (`handmatige_boekingen`),
    the user says what they are: VERVANGEN (removed through the service, each with its history
    record, in this same transaction) or NAAST (kept beside the import); without either nothing
    is read in. `handmatig_gezien`: how many the user saw on the preview; when that is no longer
    so, the choice was about other bookings and nothing is read in."""
    gelezen = getattr(batch, "_cellen", None)
    # Without the stored file (a few MB): read from it only when this request has not read it yet.
    batch = Importbatch.objects.select_for_update().defer("inhoud").get(pk=batch.pk)
    batch._cellen = gelezen  # the stored file never changes, so what was read from it still holds
    if not can_proceed(batch.inlezen):
        raise ValidationError(f"Import {batch.pk} is al {batch.get_status_display().lower()}.")
    eerder = eerder_ingelezen(batch.leerwerkloket_id, batch.checksum)
    if eerder:
        raise ValidationError(weigering_dubbel(eerder))
    # Lock the region's imports first, so two imports of the same bookings cannot both see them as new.
    list(Importbatch.objects.select_for_update().filter(leerwerkloket=batch.leerwerkloket_id).values_list("pk"))
    analyse = import_analyseren(batch)
    if analyse.fouten:
        raise ValidationError(
            f"Er {'is 1 fout' if len(analyse.fouten) == 1 else f'zijn {len(analyse.fouten)} fouten'} in dit "
            "bestand; verbeter het bestand of de koppelingen. Er is niets ingelezen."
        )
    if not analyse.regels:
        raise ValidationError("Er staan geen boekingen in dit bestand; er is niets ingelezen.")
    regels = analyse.in_te_lezen(dubbele_behouden)
    if not regels:
        raise ValidationError(
            [
                *analyse.al_ingelezen(),
                "Er is niets ingelezen. Vink 'Toch inlezen' aan als deze boekingen echt nog een keer bestaan.",
            ]
        )
    if analyse.handmatig_aantal and handmatig not in (VERVANGEN, NAAST):
        raise ValidationError(
            [
                analyse.handmatig_tekst(),
                "Kies of de import ze vervangt of dat ze er toch naast blijven staan, of stop. Er is niets ingelezen.",
            ]
        )
    # Lock the jaarplan, then ask the model whether it still takes realisatie (it reads the stored status).
    Jaarplan.objects.select_for_update().filter(pk=analyse.jaarplan.pk).first()
    Kostenrealisatie(activiteit=regels[0].activiteit).controleer_bewerkbaar()
    # A hand booking typed since (the page's preview, or the analysis above) changes what the choice was about.
    nu = handmatige_boekingen(analyse).count() if analyse.regels else 0
    if nu != analyse.handmatig_aantal or (handmatig_gezien is not None and handmatig_gezien != nu):
        raise ValidationError(
            "Sinds het voorbeeld zijn er met de hand geboekte kosten in deze periode bijgekomen of verdwenen. "
            "Bekijk het voorbeeld opnieuw en kies dan. Er is niets ingelezen."
        )
    vervangen = 0
    if analyse.handmatig_aantal and handmatig == VERVANGEN:
        for boeking in handmatige_boekingen(analyse).select_related("activiteit__jaarplan").order_by("datum", "pk"):
            boeking._change_reason = f"Vervangen door import {batch.pk} ({batch.bestandsnaam})"
            onderdeel_verwijderen(onderdeel=boeking, door=door)
            vervangen += 1

    # Written by the database in two statements, not row by row through the ORM (RESULTS.md):
    # the bookings, each with its import and row (what an undo removes), and each booking's
    # history record, as bulk_create_with_history wrote them: who, when, "+".
    boekingsvelden = attrgetter(*Kostenrealisatie.BOEKINGSVELDEN)
    # The rows are made in memory with the cycle collector paused: 100,000 new tuples beside the
    # file's cells set off its full walk of every object (0.25 s of an import, benchmarks/RESULTS.md).
    # The database is written after the pause.
    batch_id = batch.pk
    with kringopruiming_gepauzeerd():
        rijen = [(r.activiteit.id, *boekingsvelden(r), True, batch_id, r.rijnummer, r.vingerafdruk) for r in regels]
    aantal = invoegen(
        Kostenrealisatie,
        ["activiteit", *Kostenrealisatie.BOEKINGSVELDEN, "geimporteerd", "importbatch", "rijnummer", "vingerafdruk"],
        rijen,
    )
    del rijen
    vastleggen_voor(batch.boekingen.all(), soort="+", door=door)
    batch.inlezen(door=door, jaar=analyse.jaar, aantal_regels=aantal, totaal=sum((r.bedrag for r in regels), ZERO))
    # Not the stored file again (a few MB on every save).
    batch.save(update_fields=["status", "jaar", "aantal_regels", "totaal", "ingelezen_door", "ingelezen_op"])
    weggelaten = len(analyse.regels) - len(regels)
    behouden = len(analyse.dubbele) if dubbele_behouden else 0
    extra = (f"; {weggelaten} al eerder ingelezen regels weggelaten" if weggelaten else "") + (
        f"; {behouden} al eerder ingelezen regels bewust opnieuw ingelezen" if behouden else ""
    )
    if vervangen:
        extra += f"; {vervangen} met de hand geboekte regels ({format_euro(analyse.handmatig_totaal)}) vervangen"
    elif analyse.handmatig_aantal:
        extra += (
            f"; {analyse.handmatig_aantal} met de hand geboekte regels ({format_euro(analyse.handmatig_totaal)}) "
            "bewust naast de import gelaten"
        )
    vastleggen(
        Auditregel.Actie.IMPORT,
        f"Import {batch.pk} ingelezen: {batch.bestandsnaam}, {batch.aantal_regels} regels, "
        f"{format_euro(batch.totaal)}{extra}",
        gebruiker=door,
        leerwerkloket=batch.leerwerkloket,
    )
    batch.weggelaten = weggelaten
    batch.vervangen = vervangen
    return batch


def _controleer_velden(analyse: Analyse) -> None:
    """Every row through the model's own field rules: the field's `validate` (choices, blank,
    null) and each of its validators (max_length, max_digits, the amount's limits, and any rule
    added later), so a rule added to a field holds here too. A row whose value fails keeps out,
    with the field's own message. Set-wise, and exact: each distinct value of a field is asked
    once, or fewer when Django's own validator decides on less than the value (`_vragen`)."""
    if not analyse.regels:
        return
    opties = Kostenrealisatie._meta
    fout_per_rij = defaultdict(list)
    for naam in Kostenrealisatie.BOEKINGSVELDEN:
        veld = opties.get_field(naam)
        waarden = set(map(attrgetter(naam), analyse.regels))
        fout = {}
        if type(veld).validate is Field.validate and not veld.choices:
            # Django's Field.validate without choices looks only at emptiness (blank, null).
            # Which of its empty values are among the values: looked up, not searched for.
            te_vragen = [w for w in veld.empty_values if w.__hash__ is not None and w in waarden]
        else:
            te_vragen = waarden
        for waarde in te_vragen:
            try:
                veld.validate(waarde, None)
            except ValidationError as e:
                fout[waarde] = list(e.messages)
        uitersten = {}  # max and min of the values, found once for the validators that need them
        for validator in veld.validators:
            for waarde, groep in _vragen(validator, waarden, uitersten):
                try:
                    validator(waarde)
                except ValidationError as e:
                    for w in groep:
                        fout.setdefault(w, []).extend(e.messages)
        if fout:
            for regel in analyse.regels:
                berichten = fout.get(getattr(regel, naam))
                if berichten:
                    fout_per_rij[regel.rijnummer].append(f"{veld.verbose_name}: {' '.join(berichten)}")
    if fout_per_rij:
        for rijnummer, teksten in fout_per_rij.items():
            analyse.fout("; ".join(teksten), rijnummer)
        analyse.regels = [r for r in analyse.regels if r.rijnummer not in fout_per_rij]


def _vragen(validator, waarden: set, uitersten: dict | None = None) -> list[tuple[object, tuple]]:
    """(the value to ask `validator`, the values that share its verdict). Exact, from how Django's
    own validators decide: a BaseValidator (MaxLength...) on its `clean(value)` alone (for
    MaxLength and MinLength: `len`), so once per distinct length, or once when the longest
    (shortest) value passes; Max/MinValueValidator compare with a limit, so when the largest
    (smallest) value passes, all do; DecimalValidator on the
    number of digits and the exponent (amounts all at cents: only the one with the most digits,
    as the verdict grows with them). Any other validator, such as one added later, is asked every
    distinct value. `uitersten` keeps the largest and smallest value between calls on the same values."""
    if uitersten is None:
        uitersten = {}

    def uiterste(functie):
        if functie not in uitersten:
            uitersten[functie] = functie(waarden)
        return uitersten[functie]

    soort = type(validator)
    if soort in (MaxValueValidator, MinValueValidator):
        grens = uiterste(max if soort is MaxValueValidator else min)
        try:
            validator(grens)
        except ValidationError:
            return [(w, (w,)) for w in waarden]
        return [(grens, ())]
    if soort in (MaxLengthValidator, MinLengthValidator):
        sleutel = len  # their clean(): the length
        # Their verdict only grows (shrinks) with the length: when the longest (shortest) passes, all do.
        if waarden:
            langste = (max if soort is MaxLengthValidator else min)(waarden, key=len)
            try:
                validator(langste)
            except ValidationError:
                pass
            else:
                return [(langste, ())]
    elif isinstance(validator, BaseValidator) and soort.clean is not BaseValidator.clean:
        sleutel = validator.clean
    elif soort is DecimalValidator:
        # Amounts all at cents (exponent -2): its verdict only grows with the number of digits, so
        # when the amount with the most digits (the largest in size) passes, all do.
        if waarden and all(map(_CENT.same_quantum, waarden)):
            # The largest in size is the largest or the smallest (when both are as large, either).
            grootste = max(uiterste(max), uiterste(min), key=abs)
            try:
                validator(grootste)
            except ValidationError:
                pass
            else:
                return [(grootste, ())]
        sleutel = _cijfers_en_exponent
    else:
        return [(w, (w,)) for w in waarden]
    # One value per distinct key is asked; only when one fails are its values gathered.
    waarden = list(waarden)
    eerste = dict(zip(map(sleutel, waarden), waarden, strict=True))
    vragen = []
    for k, waarde in eerste.items():
        try:
            validator(waarde)
        except ValidationError:
            vragen.append((waarde, [w for w in waarden if sleutel(w) == k]))
        else:
            vragen.append((waarde, ()))
    return vragen


_CENT = Decimal("0.01")


def _cijfers_en_exponent(getal: Decimal) -> tuple[int, int]:
    """What DecimalValidator decides on: the number of digits and the exponent. An amount at cents
    (every amount `lees_bedragen` gives) has exponent -2 and `adjusted() + 3` digits, also zero;
    asked without building the tuple of its digits. Any other value by `as_tuple`."""
    if getal.same_quantum(_CENT) and getal.is_finite():
        return getal.adjusted() + 3, -2
    t = getal.as_tuple()
    return len(t.digits), t.exponent


@transaction.atomic
def import_ongedaan_maken(*, batch: Importbatch, door) -> Importbatch:
    """Remove exactly the rows this batch wrote, each with its history record."""
    batch = Importbatch.objects.select_for_update().get(pk=batch.pk)
    if not can_proceed(batch.ongedaan_maken):
        raise ValidationError(f"Import {batch.pk} is niet ingelezen en kan dus niet ongedaan worden gemaakt.")
    realisaties = batch.boekingen.all()
    eerste = realisaties.select_related("activiteit__jaarplan").first()
    if eerste is not None:
        # A batch's rows all belong to one jaarplan: lock it, and ask the model whether it may still change.
        Jaarplan.objects.select_for_update().filter(pk=eerste.activiteit.jaarplan_id).first()
        eerste.controleer_bewerkbaar(verwijderen=True, importbatch=batch)  # its own import: the one way it changes
        # Set-wise, like the import: each row's history record ("-", who, when), then the rows
        # by the database (row by row, 100,000 rows took minutes).
        vastleggen_voor(realisaties, soort="-", door=door)
        verwijderen(realisaties)
    batch.ongedaan_maken(door=door)
    batch.save(update_fields=["status", "ongedaan_door", "ongedaan_op"])
    vastleggen(
        Auditregel.Actie.IMPORT,
        f"Import {batch.pk} ongedaan gemaakt: {batch.aantal_regels} regels verwijderd",
        gebruiker=door,
        leerwerkloket=batch.leerwerkloket,
    )
    return batch
