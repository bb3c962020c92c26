"""Money in for the list pages' tests: agreements, toezeggingen, invoices and payments with fixed
amounts (cents and thousands, so a lost decimal comma shows), and reading a list page's table."""

import datetime
import re
from dataclasses import dataclass
from decimal import Decimal
from html.parser import HTMLParser

from financiering.models import Financieringsafspraak
from tests.factories import AfspraakFactory, BetalingFactory, FactuurFactory, PartnerFactory, ToezeggingFactory


@dataclass
class Geldstroom:
    uwv: object
    szw: object
    uwv_2018: object
    uwv_2019: object
    szw_2018: object


def geldstroom(regio, *, andere_regio=None) -> Geldstroom:
    """Twente's money: UWV co-finances 2018 and 2019 (invoiced, partly paid), SZW pays a 2018
    advance without an invoice. The other region gets one toezegging and payment of its own."""
    uwv = AfspraakFactory(
        leerwerkloket=regio,
        financier=PartnerFactory(leerwerkloket=regio, naam="UWV"),
        minimum_per_jaar=Decimal("72500.50"),
    )
    szw = AfspraakFactory(
        leerwerkloket=regio,
        financier=PartnerFactory(leerwerkloket=regio, naam="Ministerie van SZW", soort="rijk"),
        soort=Financieringsafspraak.Soort.STRUCTURELE_SUBSIDIE,
        naam="Structurele rijksbijdrage",
        eindjaar=None,
        minimum_per_jaar=None,
        beschikkingsnummer="SZW-2017-1",
        beschikkingsdatum=datetime.date(2016, 12, 15),
    )
    uwv_2018 = ToezeggingFactory(
        afspraak=uwv, jaar=2018, bedrag_geld=Decimal("75000.00"), bedrag_natura=Decimal("12345.67")
    )
    uwv_2019 = ToezeggingFactory(afspraak=uwv, jaar=2019, bedrag_geld=Decimal("80000.50"))
    szw_2018 = ToezeggingFactory(afspraak=szw, jaar=2018, bedrag_geld=Decimal("100000.00"))

    eerste = FactuurFactory(
        toezegging=uwv_2018,
        nummer="F-2018-01",
        factuurdatum=datetime.date(2018, 3, 1),
        vervaldatum=datetime.date(2018, 3, 31),
        bedrag=Decimal("37500.00"),
    )
    tweede = FactuurFactory(
        toezegging=uwv_2018,
        nummer="F-2018-02",
        factuurdatum=datetime.date(2018, 9, 1),
        vervaldatum=datetime.date(2018, 9, 30),
        bedrag=Decimal("37500.00"),
    )
    derde = FactuurFactory(
        toezegging=uwv_2019,
        nummer="F-2019-01",
        factuurdatum=datetime.date(2019, 3, 1),
        vervaldatum=datetime.date(2019, 3, 31),
        bedrag=Decimal("40000.25"),
    )
    BetalingFactory(factuur=eerste, datum=datetime.date(2018, 3, 20), bedrag=Decimal("37500.00"), referentie="UWV")
    BetalingFactory(
        factuur=tweede, datum=datetime.date(2018, 10, 2), bedrag=Decimal("12345.67"), referentie="UWV; deel 1"
    )
    BetalingFactory(factuur=derde, datum=datetime.date(2019, 4, 1), bedrag=Decimal("40000.25"), referentie="=UWV 2019")
    BetalingFactory(
        factuur=None,
        toezegging=szw_2018,
        datum=datetime.date(2018, 1, 15),
        bedrag=Decimal("50000.00"),
        referentie="Voorschot SZW 2018",
    )
    if andere_regio is not None:
        elders = ToezeggingFactory(
            afspraak=AfspraakFactory(
                leerwerkloket=andere_regio, financier=PartnerFactory(leerwerkloket=andere_regio, naam="UWV Oost")
            ),
            jaar=2018,
            bedrag_geld=Decimal("99999.99"),
        )
        BetalingFactory(
            factuur=FactuurFactory(toezegging=elders, nummer="A-2018-01", bedrag=Decimal("99999.99")),
            bedrag=Decimal("99999.99"),
            referentie="Achterhoek",
        )
    return Geldstroom(uwv=uwv, szw=szw, uwv_2018=uwv_2018, uwv_2019=uwv_2019, szw_2018=szw_2018)


class _Tabel(HTMLParser):
    def __init__(self):
        super().__init__()
        self.kop, self.rijen, self._cel, self._in = [], [], None, None

    def handle_starttag(self, tag, attrs):
        if tag == "thead":
            self._in = "kop"
        elif tag == "tbody":
            self._in = "rijen"
        elif tag == "tr" and self._in == "rijen":
            self.rijen.append([])
        elif tag in ("th", "td") and self._in:
            self._cel = []

    def handle_endtag(self, tag):
        if tag in ("th", "td") and self._cel is not None:
            # Sort arrows out, runs of whitespace folded; the non-breaking space of an amount stays, as shown.
            tekst = re.sub(r"[^\S\xa0]+", " ", "".join(self._cel).replace("▲", "").replace("▼", "")).strip()
            (self.kop if self._in == "kop" else self.rijen[-1]).append(tekst)
            self._cel = None
        elif tag in ("thead", "tbody"):
            self._in = None

    def handle_data(self, data):
        if self._cel is not None:
            self._cel.append(data)


def tabel(html: str) -> list[dict[str, str]]:
    """The rows of the first table on a page, as {column header: the text a user reads}."""
    lezer = _Tabel()
    lezer.feed(html[html.index("<table") : html.index("</table>") + len("</table>")])
    # An empty table has one row with one cell that says so.
    return [dict(zip(lezer.kop, rij, strict=True)) for rij in lezer.rijen if len(rij) == len(lezer.kop)]
