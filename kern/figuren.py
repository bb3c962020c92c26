"""Every figure the app shows, declared once: its label, its kind (`kern.soorten`: an amount, a
percentage, days, a count) and whether a column of it adds up.

Every place a figure appears takes label and kind from here: the dashboard's sections and the
reports laid down from them (`rapportage.dashboard.figuren.figuur(OPENSTAAND, ...)`), the sheets
(`Kolom.van(OPENSTAAND, lees=...)`), the list pages (`EuroColumn.van(OPENSTAAND)`) and the
agreement's grid of years. The value itself has one home too: the QuerySet method of the model
that owns it (`ToezeggingQuerySet.met_geldstroom`, `FactuurQuerySet.met_ontvangen`, ...).

A figure that does not add up (an average, a count of days) says `somt=False`: no sheet writes a
=SUM() under it and no totals row adds it; its total is computed by its own method (the average
payment term: `ToezeggingQuerySet.opgeteld` divides the summed days by the summed invoices)."""

from dataclasses import dataclass

from .soorten import AANTAL, BEDRAG, DAGEN, DATUM_SOORT, GEMIDDELD_DAGEN, JA_NEE, PROCENT_1, PROCENT_HEEL, Soort


@dataclass(frozen=True)
class Cijfer:
    label: str
    soort: Soort
    somt: bool = True  # a column of it adds up (a =SUM() in a sheet); False: its total is its own
    kort: str = ""  # the header where the table around it already says what it is ("In geld")

    @property
    def kop(self) -> str:
        """The short header, for a table whose other columns give the context."""
        return self.kort or self.label


# Money in (financiering)
MINIMUM = Cijfer("Minimum per jaar", BEDRAG, kort="Minimum")  # summed: what the rows ask together per year
TOEGEZEGD_GELD = Cijfer("Toegezegd in geld", BEDRAG, kort="In geld")
TOEGEZEGD_NATURA = Cijfer("Toegezegd in natura", BEDRAG, kort="In natura")
TOEGEZEGD = Cijfer("Toegezegd totaal", BEDRAG, kort="Toegezegd")
MINIMUM_GEHAALD = Cijfer("Minimum gehaald", JA_NEE, somt=False)
GEFACTUREERD = Cijfer("Gefactureerd", BEDRAG)
ONTVANGEN = Cijfer("Ontvangen", BEDRAG)
OPENSTAAND = Cijfer("Openstaand", BEDRAG)
FACTUURBEDRAG = Cijfer("Bedrag", BEDRAG)
BETAALD_BEDRAG = Cijfer("Bedrag", BEDRAG)  # of a payment
FACTUURDATUM = Cijfer("Factuurdatum", DATUM_SOORT, somt=False)
VERVALDATUM = Cijfer("Vervaldatum", DATUM_SOORT, somt=False)
LEEFTIJD = Cijfer("Ouderdom", DAGEN, somt=False)  # days since the invoice date
DAGEN_TE_LAAT = Cijfer("Dagen verlopen", DAGEN, somt=False)  # days past the due date, while open
# The average of the days from an invoice's date to the payment that paid it in full.
BETAALTERMIJN = Cijfer("Gemiddelde betaaltermijn", GEMIDDELD_DAGEN, somt=False)

# Money out (jaarplan)
TOEGEWEZEN = Cijfer("Toegewezen aan activiteiten", BEDRAG, kort="Toegewezen")
VRIJ = Cijfer("Nog niet toegewezen", BEDRAG, kort="Nog vrij")
BEGROOT = Cijfer("Begroot", BEDRAG)
GEDEKT = Cijfer("Gedekt", BEDRAG)
ONGEDEKT = Cijfer("Ongedekt", BEDRAG)
GEREALISEERD = Cijfer("Gerealiseerd", BEDRAG)
GEBOEKT_BEDRAG = Cijfer("Bedrag", BEDRAG)  # of one booking of costs
VERSCHIL = Cijfer("Verschil", BEDRAG)
GEREALISEERD_VAN_BEGROOT = Cijfer("Gerealiseerd van begroot", PROCENT_HEEL, somt=False)

# Where one financier's money went (the verantwoording; one row per activity and indicator, so
# an activity's amounts repeat and do not add up down the sheet)
UW_BIJDRAGE = Cijfer("Uw bijdrage", BEDRAG, somt=False)
UW_AANDEEL = Cijfer("Uw aandeel", PROCENT_1, somt=False)
GEREALISEERDE_KOSTEN = Cijfer("Gerealiseerde kosten", BEDRAG, somt=False)
UW_DEEL_KOSTEN = Cijfer("Uw deel van de kosten", BEDRAG, somt=False)
UW_DEEL_OUTPUT = Cijfer("Uw deel (naar rato)", AANTAL, somt=False)
KOSTEN_PER_EENHEID = Cijfer("Kosten per eenheid", BEDRAG, somt=False)

# The gemeenten's joint share by the verdeelsleutel
INWONERS = Cijfer("Inwoners", AANTAL)
AANDEEL_SLEUTEL = Cijfer("Aandeel", PROCENT_1)
DEEL_VAN_BIJDRAGE = Cijfer("Bedrag", BEDRAG)

# Outputs
STREEFWAARDE = Cijfer("Streefwaarde", AANTAL, somt=False)
OUTPUT = Cijfer("Gerealiseerd", AANTAL, somt=False)
