"""What every statement reader returns: the lines of one statement, whatever its format."""

import datetime
from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class Afschriftregel:
    plaats: str  # where in the file, for an error message: "Rij 4", "Post 2", "Transactie 3"
    datum: datetime.date
    bedrag: Decimal  # negative for money going out
    tegenpartij: str
    tegenrekening: str  # a valid IBAN in its compact form, or ""
    omschrijving: str
    # The end-to-end reference where the format carries one (CAMT.053 EndToEndId, MT940 /EREF/,
    # a CSV's "Referentie"), "" otherwise: with date, amount and IBAN it tells one payment from another.
    referentie: str = ""
    # A reversal (MT940 RC/RD, CAMT.053 RvslInd, a bank's "Terugboeking"/storno row) of an earlier
    # line; its amount is signed as the bank books it (a storno of a receipt is negative).
    terugboeking: bool = False


class Afschrift(list):
    """The lines of a statement, and the name of the format they were read from."""

    formaat = ""
