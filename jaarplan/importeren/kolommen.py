"""Finding the header row and the columns of a bookkeeping export (its cells are read by
kern.cellen). Bookkeeping packages name their columns differently and put title rows above them.
The header row is found, in this order: a row whose column names the region's users mapped
before (a remembered `Kolomindeling`, by the row's signature); a row that names the columns of a
known package's export (PAKKETTEN: Exact Online, Twinfield, AFAS Profit, SnelStart,
e-Boekhouden), read with that package's names; the first row that names at least a date and an
amount. When none does, the user maps the columns on the preview or with `--kolom`."""

import hashlib
from dataclasses import dataclass

from kern.cellen import normaliseer

# field -> the names it goes by, normalised (lower case, letters and digits only), the preferred first
VELDEN = {
    "datum": ("datum", "boekdatum", "boekingsdatum", "transactiedatum", "factuurdatum", "date"),
    "omschrijving": ("omschrijving", "boekingsomschrijving", "omschr", "tekst", "description", "oms"),
    "bedrag": ("bedrag", "bedrageur", "bedragineuro", "bedraginclbtw", "bedragexclbtw", "amount", "saldo"),
    "debet": ("debet", "debit", "bedragdebet"),
    "credit": ("credit", "bedragcredit"),
    "dc": ("dc", "debetcredit", "debitcredit", "dcindicator"),
    "kostenplaats": ("kostenplaats", "kostenplaatscode", "kostenplaatsnummer", "kpl", "kostendrager"),
    "stuknummer": (
        "stuknummer",
        "stuknr",
        "boekstuk",
        "boekstuknummer",
        "boekstuknr",
        "boekingsnummer",
        "documentnummer",
        "docnr",
        "factuurnummer",
    ),
    "grootboekrekening": (
        "grootboekrekening",
        "grootboek",
        "grootboeknummer",
        "grootboekrek",
        "grootboekrekeningnr",
        "gbrekening",
        "rekening",
        "rekeningnummer",
    ),
    "rekeningsoort": ("soortrekening", "rekeningsoort", "typerekening", "rekeningtype", "kenmerkrekening", "balanswv"),
}
VELD_LABELS = {
    "datum": "Datum",
    "omschrijving": "Omschrijving",
    "bedrag": "Bedrag",
    "debet": "Debet",
    "credit": "Credit",
    "dc": "D/C",
    "kostenplaats": "Kostenplaats",
    "stuknummer": "Stuknummer",
    "grootboekrekening": "Grootboekrekening",
    "rekeningsoort": "Soort rekening (balans of winst-en-verlies)",
}
ZOEK_KOP_IN_RIJEN = 30
ONTHOUDEN = "onthouden kolomindeling"
EIGEN = "kolomindeling van de gebruiker"
GANGBAAR = "gangbare kolomnamen"

# A D/C indicator's values, normalised: what is credit subtracts.
DEBET_WAARDEN = frozenset({"d", "debet", "debit", "dt", "deb"})
CREDIT_WAARDEN = frozenset({"c", "credit", "cr", "cred"})
# An account type column's values that mean a balance-sheet account (XAF's accTp B, AFAS's
# Activa/Passiva); winst-en-verlies (P, W, Kosten, Opbrengsten) is the rest.
BALANS_WAARDEN = frozenset({"b", "balans", "activa", "passiva", "balansrekening"})


@dataclass(frozen=True)
class Pakket:
    """A bookkeeping package's export layout: recognised when its header row holds every name of
    one of `kenmerken`, then read with `velden` (the package's own names, preferred first; a field
    it does not name is looked for under the common names)."""

    naam: str
    kenmerken: tuple[frozenset, ...]
    velden: dict[str, tuple[str, ...]]
    voorbeeld: str  # an example file name, as the README lists it


PAKKETTEN = (
    Pakket(
        "Exact Online",
        (frozenset({"dagboek", "boekstuknummer", "grootboekrekening", "kostenplaats"}),),
        {
            "datum": ("datum", "boekdatum"),
            "stuknummer": ("boekstuknummer",),
            "omschrijving": ("omschrijving",),
            "grootboekrekening": ("grootboekrekening", "grootboekrekeningcode"),
            "kostenplaats": ("kostenplaats", "kostenplaatscode"),
            "bedrag": ("bedrag",),
            "debet": ("debet",),
            "credit": ("credit",),
        },
        "exact-online-grootboekkaart-2018.csv",
    ),
    Pakket(
        "Twinfield",
        # Its browse (transactieoverzicht) labels: "Grootboekrek.", "Kpl./rel.", "Bedrag", "D/C".
        (frozenset({"dc", "boekingsnummer"}), frozenset({"dc", "grootboekrek"}), frozenset({"dc", "dim1", "dim2"})),
        {
            "datum": ("boekdatum", "datum"),
            "stuknummer": ("boekingsnummer", "factuurnummer"),
            "omschrijving": ("omschrijving",),
            "grootboekrekening": ("grootboekrek", "grootboekrekening", "dim1"),
            "kostenplaats": ("kplrel", "kpl", "kostenplaats", "dim2"),
            "bedrag": ("bedrag", "basisbedrag"),
            "dc": ("dc",),
        },
        "twinfield-transacties-2018.csv",
    ),
    Pakket(
        "AFAS Profit",
        (frozenset({"bedragdebet", "bedragcredit"}), frozenset({"boekstukdatum", "omschrijvingboeking"})),
        {
            "datum": ("boekstukdatum", "datumboeking", "boekdatum", "datum"),
            "stuknummer": ("boekstuknummer", "boekstuknr", "boekstuk"),
            "omschrijving": ("omschrijvingboeking", "omschrijving"),
            "grootboekrekening": ("rekeningnummer", "grootboekrekeningnr", "rekening", "grootboekrekening"),
            "kostenplaats": ("kostenplaats", "kostenplaatscode", "verbijzonderingsas1"),
            "debet": ("bedragdebet", "debet"),
            "credit": ("bedragcredit", "credit"),
            "rekeningsoort": ("kenmerkrekening", "typerekening", "soortrekening", "rekeningsoort"),
        },
        "afas-profit-financiele-mutaties-2018.csv",
    ),
    Pakket(
        "SnelStart",
        (frozenset({"dagboek", "boekstuk", "grootboek"}), frozenset({"dagboek", "boekstuk", "grootboeknummer"})),
        {
            "datum": ("datum", "boekdatum"),
            "stuknummer": ("boekstuk",),
            "omschrijving": ("omschrijving",),
            "grootboekrekening": ("grootboek", "grootboeknummer"),
            "kostenplaats": ("kostenplaats", "kostenplaatsnummer"),
            "debet": ("debet",),
            "credit": ("credit",),
        },
        "snelstart-grootboekmutaties-2018.csv",
    ),
    Pakket(
        "e-Boekhouden",
        (frozenset({"mutatienummer"}), frozenset({"mutatienr"})),
        {
            "datum": ("datum",),
            "stuknummer": ("factuurnummer", "boekstuk", "mutatienummer", "mutatienr"),
            "omschrijving": ("omschrijving",),
            "grootboekrekening": ("grootboekrekening", "tegenrekening", "rekening"),
            "kostenplaats": ("kostenplaats",),
            "bedrag": ("bedrag", "bedraginclbtw", "bedragexclbtw"),
        },
        "e-boekhouden-mutaties-2018.csv",
    ),
)


@dataclass
class Herkenning:
    index: int  # of the header row, 0-based
    kolommen: dict[str, int]
    bron: str  # what recognised it, in Dutch: a package's name, ONTHOUDEN, GANGBAAR; "" for nothing


def kolomnamen(rij: list) -> list[str]:
    return [normaliseer(cel) for cel in rij]


def handtekening(rij: list) -> str:
    """The signature of a header row: its normalised column names, in order (empty ones too, as
    they hold a place), hashed; empty cells after the last name do not count."""
    namen = "|".join(kolomnamen(rij)).rstrip("|")
    return hashlib.sha256(namen.encode()).hexdigest()


def herken_kolommen(kop: list, velden: dict[str, tuple[str, ...]] = VELDEN) -> dict[str, int]:
    """{veld: kolomnummer} for the cells of a header row that name a field we know: per field the
    column of its most preferred name; a column serves one field. When the row has both Debet and
    Credit, a Bedrag column beside them is a running balance (a grootboekkaart's Saldo), not the amount."""
    namen = kolomnamen(kop)
    gevonden: dict[str, int] = {}
    for veld in (*velden, *(v for v in VELDEN if v not in velden)):
        for naam in velden.get(veld) or VELDEN[veld]:
            nummer = next((i for i, n in enumerate(namen) if n == naam and i not in gevonden.values()), None)
            if nummer is not None:
                gevonden[veld] = nummer
                break
    if {"debet", "credit"} <= gevonden.keys():
        gevonden.pop("bedrag", None)
    if "dc" in gevonden and "bedrag" not in gevonden:
        gevonden.pop("dc")
    return gevonden


def _heeft_datum_en_bedrag(kolommen: dict[str, int]) -> bool:
    return "datum" in kolommen and bool({"bedrag", "debet", "credit"} & kolommen.keys())


def vind_kopregel(rijen: list[list], onthouden: dict[str, dict[str, int]] | None = None) -> Herkenning | None:
    """The header row and its columns, or None when no row is recognised. `onthouden` holds the
    region's remembered mappings: {handtekening: {veld: kolomnummer}} (the same signature is the
    same columns in the same places)."""
    eerste = rijen[:ZOEK_KOP_IN_RIJEN]
    if onthouden:
        for index, rij in enumerate(eerste):
            if any(cel is not None for cel in rij) and (indeling := onthouden.get(handtekening(rij))):
                return Herkenning(index, dict(indeling), ONTHOUDEN)
    for index, rij in enumerate(eerste):
        namen = set(kolomnamen(rij))
        for pakket in PAKKETTEN:
            if any(kenmerk <= namen for kenmerk in pakket.kenmerken):
                kolommen = herken_kolommen(rij, pakket.velden)
                if _heeft_datum_en_bedrag(kolommen):
                    return Herkenning(index, kolommen, pakket.naam)
    for index, rij in enumerate(eerste):
        kolommen = herken_kolommen(rij)
        if _heeft_datum_en_bedrag(kolommen):
            return Herkenning(index, kolommen, GANGBAAR)
    return None


def vermoedelijke_kopregel(rijen: list[list]) -> int:
    """For a file nothing recognised: the first of the top rows with the most text cells, which
    is where a header row usually is (title rows above it hold one or two)."""
    eerste = rijen[:ZOEK_KOP_IN_RIJEN]
    tellingen = [sum(1 for cel in rij if isinstance(cel, str) and cel.strip()) for rij in eerste]
    return tellingen.index(max(tellingen)) if tellingen else 0


def kopregel_met_namen(rijen: list[list], namen: dict[str, str]) -> tuple[int, dict[str, int]] | None:
    """The first top row that holds every column named in `namen` ({veld: column name as the
    user typed it}), with the fields' column numbers; None when no row holds them all."""
    gezocht = {veld: normaliseer(naam) for veld, naam in namen.items()}
    for index, rij in enumerate(rijen[:ZOEK_KOP_IN_RIJEN]):
        rijnamen = kolomnamen(rij)
        if all(naam in rijnamen for naam in gezocht.values()):
            return index, {veld: rijnamen.index(naam) for veld, naam in gezocht.items()}
    return None


def controleer_kolommen(kolommen: dict[str, int], breedte: int) -> list[str]:
    """What is missing or wrong in a column mapping, in Dutch; empty when it can be used."""
    fouten = []
    if "datum" not in kolommen:
        fouten.append("Kies de kolom met de boekdatum.")
    if "bedrag" not in kolommen and not ({"debet", "credit"} & kolommen.keys()):
        fouten.append("Kies de kolom met het bedrag, of de kolommen Debet en Credit.")
    if "bedrag" in kolommen and ({"debet", "credit"} & kolommen.keys()):
        fouten.append("Kies óf een kolom Bedrag óf de kolommen Debet en Credit, niet beide.")
    if "dc" in kolommen and "bedrag" not in kolommen:
        fouten.append("Een kolom D/C zegt of het bedrag debet of credit is: kies er ook de kolom Bedrag bij.")
    if "kostenplaats" not in kolommen:
        fouten.append("Kies de kolom met de kostenplaats; daarmee vindt het loket de activiteit.")
    for veld, nummer in kolommen.items():
        if not 0 <= nummer < breedte:
            fouten.append(f"De kolom voor {VELD_LABELS[veld]} bestaat niet in dit bestand.")
    dubbel = {n for n in kolommen.values() if list(kolommen.values()).count(n) > 1}
    if dubbel:
        fouten.append("Eén kolom kan niet voor twee velden tegelijk gelden.")
    return fouten


def is_totaalregel(rij: list) -> bool:
    """A row such as `Totaal;;;12.345,67` at the bottom of an export."""
    for cel in rij:
        if isinstance(cel, str):
            tekst = normaliseer(cel)
            if tekst.startswith("totaal") or tekst in ("total", "eindtotaal", "subtotaal", "generaltotal"):
                return True
    return False


def is_tegenboeking(rekening: str, soort: str) -> bool:
    """A row without kostenplaats on a balance-sheet account: the other side of a booking (Exact's
    1600 Crediteuren, the bank, VAT to reclaim), not a cost. By the account type when the file
    has one; else by the Dutch decimal chart of accounts, whose classes 0-3 are the balance sheet."""
    soort = normaliseer(soort)
    if soort:
        return soort in BALANS_WAARDEN
    rekening = (rekening or "").strip()
    return rekening[:1] in ("0", "1", "2", "3")
