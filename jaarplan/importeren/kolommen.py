"""Finding the header row and the columns of a bookkeeping export (its cells are read by
kern.cellen). Bookkeeping packages name their columns differently and put title rows above them;
the header row is the first row that names at least a date and an amount."""

from kern.cellen import normaliseer

# field -> the names it goes by, normalised (lower case, letters and digits only)
VELDEN = {
    "datum": ("datum", "boekdatum", "boekingsdatum", "transactiedatum", "factuurdatum", "date"),
    "omschrijving": ("omschrijving", "boekingsomschrijving", "omschr", "tekst", "description", "oms"),
    "bedrag": ("bedrag", "bedrageur", "bedragineuro", "bedraginclbtw", "bedragexclbtw", "amount", "saldo"),
    "debet": ("debet", "debit"),
    "credit": ("credit",),
    "kostenplaats": ("kostenplaats", "kostenplaatscode", "kostenplaatsnummer", "kpl", "kostendrager"),
    "stuknummer": (
        "stuknummer",
        "stuknr",
        "boekstuk",
        "boekstuknummer",
        "boekstuknr",
        "documentnummer",
        "docnr",
        "factuurnummer",
    ),
    "grootboekrekening": (
        "grootboekrekening",
        "grootboek",
        "grootboeknummer",
        "grootboekrek",
        "gbrekening",
        "rekening",
        "rekeningnummer",
    ),
}
VELD_LABELS = {
    "datum": "Datum",
    "omschrijving": "Omschrijving",
    "bedrag": "Bedrag",
    "debet": "Debet",
    "credit": "Credit",
    "kostenplaats": "Kostenplaats",
    "stuknummer": "Stuknummer",
    "grootboekrekening": "Grootboekrekening",
}
ZOEK_KOP_IN_RIJEN = 30


def herken_kolommen(kop: list, velden: dict[str, tuple[str, ...]] = VELDEN) -> dict[str, int]:
    """{veld: kolomnummer} for the cells of a header row that name a field we know."""
    gevonden = {}
    for nummer, cel in enumerate(kop):
        naam = normaliseer(cel)
        for veld, namen in velden.items():
            if veld not in gevonden and naam in namen:
                gevonden[veld] = nummer
                break
    return gevonden


def vind_kopregel(rijen: list[list], velden: dict[str, tuple[str, ...]] = VELDEN) -> tuple[int, dict[str, int]] | None:
    """(index of the header row, its columns), or None when no row names a date and an amount."""
    for index, rij in enumerate(rijen[:ZOEK_KOP_IN_RIJEN]):
        kolommen = herken_kolommen(rij, velden)
        if "datum" in kolommen and ({"bedrag", "debet", "credit"} & kolommen.keys()):
            return index, kolommen
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
