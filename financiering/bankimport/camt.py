"""CAMT.053 (ISO 20022 bank-to-customer statement, every Dutch bank and BNG Bank): read with
defusedxml, whatever the version. An entry with `RvslInd` true, or a transaction with return
information (`RtrInf`), is a reversal; its sign is the entry's own (`CdtDbtInd`), and its
counterparty the party of the payment it reverses."""

from defusedxml import ElementTree
from defusedxml.common import DefusedXmlException
from django.core.exceptions import ValidationError

from kern.cellen import lees_bedrag, lees_datum

from .afschrift import Afschrift, Afschriftregel
from .teksten import iban, referentie_van


def _tekst(element, pad: str) -> str:
    gevonden = element.find(pad) if element is not None else None
    return (gevonden.text or "").strip() if gevonden is not None and gevonden.text else ""


def lees_camt(inhoud: bytes) -> tuple[Afschrift, list[str]]:
    try:
        wortel = ElementTree.fromstring(inhoud)
    except (ElementTree.ParseError, DefusedXmlException, ValueError) as fout:
        raise ValidationError("Dit XML-bestand kan niet worden gelezen; is het een CAMT.053-afschrift?") from fout
    if wortel.find("{*}BkToCstmrStmt") is None:
        raise ValidationError(
            "Dit XML-bestand is geen CAMT.053-bankafschrift (BkToCstmrStmt); download het afschrift als CAMT.053."
        )
    afschrift, fouten = Afschrift(), []
    afschrift.formaat = "CAMT.053"
    for nummer, post in enumerate(wortel.iterfind("{*}BkToCstmrStmt/{*}Stmt/{*}Ntry"), start=1):
        plaats = f"Post {nummer}"
        try:
            datum = lees_datum(
                (
                    _tekst(post, "{*}BookgDt/{*}Dt")
                    or _tekst(post, "{*}BookgDt/{*}DtTm")
                    or _tekst(post, "{*}ValDt/{*}Dt")
                )
                or None
            )
            bedrag = lees_bedrag(_tekst(post, "{*}Amt") or None)
        except ValueError as fout:
            fouten.append(f"{plaats}: {fout}")
            continue
        munt = post.find("{*}Amt").get("Ccy", "EUR")
        if munt != "EUR":
            fouten.append(f"{plaats}: het bedrag is in {munt}; alleen euro's worden ingelezen")
            continue
        af = _tekst(post, "{*}CdtDbtInd") == "DBIT"
        teruggedraaid = _tekst(post, "{*}RvslInd").lower() in ("true", "1")
        details = post.findall("{*}NtryDtls/{*}TxDtls") or [None]
        for detail in details:
            deelbedrag = bedrag
            if len(details) > 1:
                try:
                    deelbedrag = lees_bedrag(
                        _tekst(detail, "{*}AmtDtls/{*}TxAmt/{*}Amt") or _tekst(detail, "{*}Amt") or None
                    )
                except ValueError as fout:
                    fouten.append(f"{plaats}: {fout}")
                    continue
            terugboeking = teruggedraaid or (detail is not None and detail.find("{*}RtrInf") is not None)
            # The counterparty of money coming in is the debtor; of a reversal, the party of the
            # payment it undoes (a storno of a receipt goes out, yet names the one who paid).
            partij = "Cdtr" if af != terugboeking else "Dbtr"
            naam = _tekst(detail, f"{{*}}RltdPties/{{*}}{partij}/{{*}}Nm") or _tekst(
                detail, f"{{*}}RltdPties/{{*}}{partij}/{{*}}Pty/{{*}}Nm"
            )
            rekening = _tekst(detail, f"{{*}}RltdPties/{{*}}{partij}Acct/{{*}}Id/{{*}}IBAN")
            teksten = []
            if detail is not None:
                teksten = [
                    (e.text or "").strip()
                    for pad in ("{*}RmtInf/{*}Ustrd", "{*}RmtInf/{*}Strd/{*}CdtrRefInf/{*}Ref")
                    for e in detail.iterfind(pad)
                ]
            omschrijving = " ".join(t for t in teksten if t) or _tekst(post, "{*}AddtlNtryInf")
            afschrift.append(
                Afschriftregel(
                    plaats,
                    datum,
                    -abs(deelbedrag) if af else abs(deelbedrag),
                    naam,
                    iban(rekening),
                    omschrijving,
                    referentie=referentie_van(_tekst(detail, "{*}Refs/{*}EndToEndId")),
                    terugboeking=terugboeking,
                )
            )
    if not afschrift and not fouten:
        raise ValidationError("In dit CAMT.053-afschrift staan geen boekingen.")
    return afschrift, fouten
