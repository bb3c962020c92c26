"""Reading an XML Auditfile Financieel 3.2 (XAF), the export every Dutch bookkeeping package makes
by law, into the same grid of cells a spreadsheet gives, so it goes through the same preview,
row rule, fingerprints and limits.

The file is parsed by lxml with entities left unresolved, no DTD loaded and nothing fetched from
the network, and refused when it has a DOCTYPE at all (no package writes one; it is how entity
bombs come); then counted against the import's limits and validated against the official schema
(XmlAuditfileFinancieel3.2.xsd, kept in schema/ beside this file) before anything is read from
it. Each transaction line (trLine) of the chosen year is one row: its date (effDate), document
(docRef, else the transaction's number), description, ledger account (accID) with the account's
type from the general ledger (B balance sheet, P profit and loss), cost centre (costID) and
amount with its D/C indicator (amntTp). A row's number is the line of the file its trLine starts
on, so a preview's "rij 212" is line 212 of the .xaf (when the file has one line per element;
else the lines are counted from 2)."""

import functools
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from lxml import etree

from kern.bestanden import Grens

NS = "{http://www.auditfiles.nl/XAF/3.2}"
SCHEMA = Path(__file__).parent / "schema" / "XmlAuditfileFinancieel3.2.xsd"
KOP = ["Datum", "Stuknummer", "Omschrijving", "Grootboekrekening", "Kostenplaats", "Bedrag", "D/C", "Soort rekening"]
KOLOMMEN = {
    "datum": 0,
    "stuknummer": 1,
    "omschrijving": 2,
    "grootboekrekening": 3,
    "kostenplaats": 4,
    "bedrag": 5,
    "dc": 6,
    "rekeningsoort": 7,
}
BRON = "XAF 3.2-auditfile"
MAX_SCHEMAFOUTEN = 5


def is_xaf(inhoud: bytes, bestandsnaam: str) -> bool:
    """An auditfile by its name (.xaf), or an .xml whose start names the XAF namespace."""
    naam = bestandsnaam.lower()
    return naam.endswith(".xaf") or (naam.endswith(".xml") and b"auditfiles.nl/XAF" in inhoud[:4096])


def _parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, load_dtd=False, no_network=True, huge_tree=False)


@functools.cache
def _schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(SCHEMA), _parser()))


class Auditfile:
    """The rows of an auditfile's transaction lines in `jaar` (None: the auditfile's own fiscal
    year), and how many lines of other years were left out."""

    def __init__(self, inhoud: bytes, *, jaar: int | None = None, max_rijen: int | None = None):
        self.jaar = jaar
        self.buiten_periode = 0
        self.cellen = self._lees(inhoud, max_rijen)

    def _lees(self, inhoud: bytes, max_rijen: int | None) -> list[list]:
        if not inhoud:
            raise ValidationError("Het bestand is leeg.")
        limiet = settings.IMPORT_MAX_BYTES
        if len(inhoud) > limiet:
            megabytes = f"{len(inhoud) / 1024 / 1024:.1f}".replace(".", ",")
            raise ValidationError(f"Het bestand is {megabytes} MB; het maximum is {limiet // 1024 // 1024} MB.")
        try:
            boom = etree.ElementTree(etree.fromstring(inhoud, _parser()))
        except (etree.XMLSyntaxError, ValueError) as fout:
            raise ValidationError(
                "Dit .xaf-bestand is geen leesbare XML; het is beschadigd of afgebroken. Exporteer de auditfile "
                "opnieuw uit de boekhouding."
            ) from fout
        if boom.docinfo.doctype or boom.docinfo.internalDTD is not None:
            raise ValidationError(
                "Dit auditbestand bevat een DTD (<!DOCTYPE>); dat schrijft geen boekhoudpakket. Het wordt niet "
                "gelezen. Exporteer de auditfile opnieuw uit de boekhouding."
            )
        wortel = boom.getroot()
        if wortel.tag != f"{NS}auditfile":
            versie = wortel.tag.partition("}")[0].rpartition("/")[2] if wortel.tag.startswith("{") else ""
            wat = f"een XAF-auditfile versie {versie}" if "auditfiles.nl" in wortel.tag else "geen XAF-auditfile"
            raise ValidationError(
                f"Dit bestand is {wat}; het loket leest de XML Auditfile Financieel versie 3.2. Exporteer de "
                "auditfile als XAF 3.2."
            )
        regels = list(wortel.iter(f"{NS}trLine"))
        Grens(max_rijen).controleer(len(regels) + 1, len(KOP))
        schema = _schema()
        if not schema.validate(boom):
            fouten = list(schema.error_log)[:MAX_SCHEMAFOUTEN]
            raise ValidationError(
                [
                    "Dit auditbestand voldoet niet aan het schema van XAF 3.2 (XmlAuditfileFinancieel3.2.xsd); "
                    "er is niets gelezen. Exporteer de auditfile opnieuw uit de boekhouding.",
                    *(f"Regel {fout.line}: {fout.message}" for fout in fouten),
                ]
            )
        if self.jaar is None:
            self.jaar = _boekjaar(wortel)
        soorten = {
            _tekst(rekening, "accID"): _tekst(rekening, "accTp") for rekening in wortel.iter(f"{NS}ledgerAccount")
        }
        rijen = [list(KOP)]
        # By line number when every trLine starts on a line of its own, after the first.
        regelnummers = [regel.sourceline or 0 for regel in regels]
        op_regel = len(set(regelnummers)) == len(regelnummers) and min(regelnummers, default=2) > 1
        leeg = [None] * len(KOP)
        jaar = str(self.jaar) if self.jaar is not None else None
        for transactie in wortel.iter(f"{NS}transaction"):
            kop = _velden(transactie)
            nummer, omschrijving = kop.get("nr", ""), kop.get("desc", "")
            for regel in transactie.iterchildren(f"{NS}trLine"):
                v = _velden(regel)
                datum = v["effDate"]  # the schema guarantees it, as an ISO date
                if jaar is not None and datum[:4] != jaar:
                    self.buiten_periode += 1
                    continue
                rekening = v["accID"]
                if op_regel:
                    rijen.extend([leeg] * (regel.sourceline - 1 - len(rijen)))  # one shared empty row: pointers only
                rijen.append(
                    [
                        datum,
                        v.get("docRef") or nummer,
                        v.get("desc") or omschrijving,
                        rekening,
                        v.get("costID") or None,
                        Decimal(v["amnt"]),
                        v["amntTp"],
                        soorten.get(rekening, ""),
                    ]
                )
        return rijen


_NAAM = len(NS)


def _velden(element) -> dict[str, str]:
    """An element's child elements as {name without namespace: text}, in one pass (a find per
    field was most of the reading time)."""
    return {kind.tag[_NAAM:]: (kind.text or "").strip() for kind in element.iterchildren(tag=etree.Element)}


def _tekst(element, naam: str) -> str:
    kind = element.find(f"{NS}{naam}")
    return (kind.text or "").strip() if kind is not None else ""


def _boekjaar(wortel) -> int | None:
    """The auditfile's fiscal year: its header's fiscalYear when that is a year, else the year its period starts."""
    kop = wortel.find(f"{NS}header")
    jaar = _tekst(kop, "fiscalYear")
    if len(jaar) == 4 and jaar.isdigit():
        return int(jaar)
    begin = _tekst(kop, "startDate")
    return int(begin[:4]) if begin[:4].isdigit() else None
