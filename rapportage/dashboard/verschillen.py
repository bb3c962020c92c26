"""What changed between a vastgelegd report and today: every figure of the report as the reader
sees it (section, row, column, the text in the cell), and the ones that differ."""

from dataclasses import dataclass

from kern.money import format_euro
from kern.templatetags.geld import procent

from .cijfers import Dashboardcijfers
from .selectors.geld import Toezeggingscel

TOEZEGGINGEN = "1. Toezeggingen tegen het minimum"
GELDSTROOM = "2. Geldstroom"
MIX = "3. Financieringsmix"
BEGROTING = "4. Begroting en realisatie"
OUTPUT = "5. Output tegen streefwaarden"
BESTEDING = "6. Waar gaat uw geld naartoe?"
MEERJAREN = "7. Meerjarenoverzicht"
SECTIES = [TOEZEGGINGEN, GELDSTROOM, MIX, BEGROTING, OUTPUT, BESTEDING, MEERJAREN]


@dataclass(frozen=True)
class Verschil:
    sectie: str
    rij: str
    kolom: str
    toen: str | None  # None: the figure was not in the report
    nu: str | None  # None: the figure is no longer there


def _ja_nee(waarde: bool) -> str:
    return "ja" if waarde else "nee"


def figuren(c: Dashboardcijfers) -> dict[tuple[str, str, str], str]:
    """Every figure of the report, keyed by (section, row, column), in the order of the page.
    Rows are named as the page names them (financier, activity, invoice number). The age of an
    overdue invoice is left out: it grows every day and would always differ."""
    f: dict[tuple[str, str, str], str] = {}

    t = c.toezeggingen
    for rij in t.cofinanciers:
        f[(TOEZEGGINGEN, rij.financier, "Minimum per jaar")] = format_euro(rij.minimum)
        for jaar, cel in zip(t.jaren, rij.cellen, strict=True):
            if isinstance(cel, Toezeggingscel):
                f[(TOEZEGGINGEN, rij.financier, str(jaar))] = format_euro(cel.geteld)
                f[(TOEZEGGINGEN, rij.financier, f"{jaar} waarvan in natura")] = format_euro(cel.natura)
                f[(TOEZEGGINGEN, rij.financier, f"{jaar} minimum gehaald")] = _ja_nee(cel.gehaald)
            elif cel == "ontbreekt":
                f[(TOEZEGGINGEN, rij.financier, str(jaar))] = "geen toezegging"
    for g in t.gezamenlijk:
        f[(TOEZEGGINGEN, "Samen", str(g.jaar))] = format_euro(g.geteld)
        f[(TOEZEGGINGEN, "Vereist", str(g.jaar))] = format_euro(g.vereist)
        f[(TOEZEGGINGEN, "Samen gehaald", str(g.jaar))] = _ja_nee(g.gehaald)

    s = c.geldstroom
    for rij in [*s.rijen, s.totaal] if s.rijen else []:
        for kolom, waarde in (
            ("Toegezegd in geld", rij.toegezegd_geld),
            ("In natura", rij.toegezegd_natura),
            ("Gefactureerd", rij.gefactureerd),
            ("Ontvangen", rij.ontvangen),
            ("Openstaand", rij.openstaand),
        ):
            f[(GELDSTROOM, rij.naam, kolom)] = format_euro(waarde)
    for factuur in s.verlopen:
        f[(GELDSTROOM, f"Verlopen factuur {factuur.nummer} ({factuur.financier})", "Openstaand")] = format_euro(
            factuur.openstaand
        )
    if s.verlopen_andere_jaren:
        f[(GELDSTROOM, "Verlopen facturen uit andere jaren", "Aantal")] = str(s.verlopen_andere_jaren)
        f[(GELDSTROOM, "Verlopen facturen uit andere jaren", "Openstaand")] = format_euro(
            s.verlopen_andere_jaren_bedrag
        )

    m = c.mix
    for reeks in [*m.bronnen, m.totaal] if m.bronnen else []:
        for jaar, bedrag in zip(m.jaren, reeks.bedragen, strict=True):
            f[(MIX, reeks.naam, str(jaar))] = format_euro(bedrag)
        f[(MIX, reeks.naam, "Totaal")] = format_euro(reeks.totaal)
    for deel in m.dit_jaar:
        f[(MIX, f"{deel.naam} in {m.jaar}", "Aandeel")] = procent(deel.aandeel, 1)

    b = c.begroting
    for rij in [*b.rijen, b.totaal] if b.rijen else []:
        f[(BEGROTING, rij.naam, f"Begroot {b.jaar}")] = format_euro(rij.begroot)
        if b.peilmaand and not b.heel_jaar:
            f[(BEGROTING, rij.naam, "Begroot naar rato")] = format_euro(rij.naar_rato)
        f[(BEGROTING, rij.naam, "Gerealiseerd")] = format_euro(rij.gerealiseerd)
        f[(BEGROTING, rij.naam, "Verschil")] = format_euro(rij.verschil)
        f[(BEGROTING, rij.naam, "Percentage")] = procent(rij.percentage, 1)
        f[(BEGROTING, rij.naam, "Afwijking")] = _ja_nee(rij.afwijking)

    for rij in c.output.rijen:
        naam = f"{rij.activiteit}: {rij.indicator}"
        f[(OUTPUT, naam, "Streefwaarde")] = str(rij.streefwaarde)
        f[(OUTPUT, naam, "Gerealiseerd")] = str(rij.gerealiseerd)
        f[(OUTPUT, naam, "Gehaald")] = _ja_nee(rij.gehaald)

    for rij in s.rijen:
        f[(BESTEDING, rij.naam, f"Toegezegd {c.jaar}")] = format_euro(rij.toegezegd)
        f[(BESTEDING, rij.naam, "Toegewezen aan activiteiten")] = format_euro(rij.toegewezen)

    # The period per financier is the funding mix's table (section 3); per activity it is here.
    a = c.meerjaren_activiteiten
    for soort, reeksen, totaal in (
        ("begroot", a.begroot, a.begroot_totaal),
        ("gerealiseerd", a.gerealiseerd, a.gerealiseerd_totaal),
    ):
        for reeks in [*reeksen, totaal] if reeksen else []:
            for jaar, bedrag in zip(a.jaren, reeks.bedragen, strict=True):
                f[(MEERJAREN, f"{reeks.naam} ({soort})", str(jaar))] = format_euro(bedrag)
            f[(MEERJAREN, f"{reeks.naam} ({soort})", "Totaal")] = format_euro(reeks.totaal)
    return f


def verschillen(toen: Dashboardcijfers, nu: Dashboardcijfers) -> list[Verschil]:
    """The figures that differ, section by section in the order of the report: in each, first
    those of the snapshot, then those only there today."""
    oud, nieuw = figuren(toen), figuren(nu)
    sleutels = [k for sectie in SECTIES for k in [*oud, *(n for n in nieuw if n not in oud)] if k[0] == sectie]
    return [Verschil(*k, oud.get(k), nieuw.get(k)) for k in sleutels if oud.get(k) != nieuw.get(k)]
