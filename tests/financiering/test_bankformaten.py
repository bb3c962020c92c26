"""Bank statements as the Dutch banks deliver them: ING, Rabobank, ABN AMRO and Triodos exports,
CAMT.053 and MT940, each made here after the bank's documented layout. Every statement holds the
same four lines: a payment naming its invoice, one matching an invoice by amount and name, one
from a financier's known IBAN, and a debit."""

import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook

from financiering.bankimport.bank import bankafschrift_inlezen, bankregel_boeken, open_facturen, suggestie
from financiering.bankimport.formaten import Details, lees_details
from financiering.models import Bankregel, Betaling, Factuur
from partners.models import Partner

EIGEN = "NL63TRIO0212345678"
ROC = "NL91ABNA0417164300"
ENSCHEDE = "NL38RABO0300000001"  # not known to anyone: matched by amount and name
UWV = "NL20INGB0001234567"  # UWV's known IBAN
WINKEL = "NL71INGB0009876543"


def ing() -> tuple[str, bytes]:
    """Mijn ING, "Kommagescheiden CSV" (puntkomma), since 2020."""
    kop = (
        '"Datum";"Naam / Omschrijving";"Rekening";"Tegenrekening";"Code";"Af Bij";"Bedrag (EUR)";"Mutatiesoort";'
        '"Mededelingen";"Saldo na mutatie";"Tag"'
    )
    regels = [
        f'"20210226";"ROC VAN TWENTE";"{EIGEN}";"{ROC}";"OV";"Bij";"37500,00";"Overschrijving";'
        f'"Naam: ROC VAN TWENTE Omschrijving: Betaling LWT-2021-002 cofinanciering IBAN: {ROC} '
        f'Valutadatum: 26-02-2021";"38500,00";""',
        f'"20210302";"Gemeente Enschede";"{EIGEN}";"{ENSCHEDE}";"OV";"Bij";"38750,00";"Overschrijving";'
        f'"Naam: Gemeente Enschede Omschrijving: Bijdrage Leerwerkloket IBAN: {ENSCHEDE}";"77250,00";""',
        f'"20210303";"Kantoorartikelen BV";"{EIGEN}";"{WINKEL}";"IC";"Af";"120,50";"Incasso";'
        f'"Naam: Kantoorartikelen BV Omschrijving: Factuur 998";"77129,50";""',
        f'"20210310";"Uitvoeringsinstituut Werknemersverzekeringen";"{EIGEN}";"{UWV}";"OV";"Bij";"25000,00";'
        f'"Overschrijving";"Naam: Uitvoeringsinstituut Werknemersverzekeringen Omschrijving: Termijn '
        f'cofinanciering IBAN: {UWV}";"102129,50";""',
    ]
    return "NL63TRIO_01-01-2021_31-03-2021.csv", "\r\n".join([kop, *regels]).encode("utf-8")


RABO_KOP = [
    "IBAN/BBAN", "Munt", "BIC", "Volgnr", "Datum", "Rentedatum", "Bedrag", "Saldo na trn",
    "Tegenrekening IBAN/BBAN", "Naam tegenpartij", "Naam uiteindelijke partij", "Naam initiërende partij",
    "BIC tegenpartij", "Code", "Batch ID", "Transactiereferentie", "Machtigingskenmerk", "Incassant ID",
    "Betalingskenmerk", "Omschrijving-1", "Omschrijving-2", "Omschrijving-3", "Reden retour", "Oorspr bedrag",
    "Oorspr munt", "Koers",
]  # fmt: skip


def _rabo_regel(volgnr, datum, bedrag, saldo, rekening, naam, omschrijving_1, omschrijving_2=""):
    waarden = dict.fromkeys(RABO_KOP, "")
    waarden |= {
        "IBAN/BBAN": EIGEN, "Munt": "EUR", "BIC": "RABONL2U", "Volgnr": volgnr, "Datum": datum, "Rentedatum": datum,
        "Bedrag": bedrag, "Saldo na trn": saldo, "Tegenrekening IBAN/BBAN": rekening, "Naam tegenpartij": naam,
        "Code": "cb", "Betalingskenmerk": "", "Omschrijving-1": omschrijving_1, "Omschrijving-2": omschrijving_2,
    }  # fmt: skip
    return waarden


def rabobank(volgorde=None) -> tuple[str, bytes]:
    """Rabo Internetbankieren, CSV (2018 and later): comma-separated, every field quoted, a signed amount.
    The empty Betalingskenmerk stands before Omschrijving-1."""
    regels = [
        _rabo_regel("000000000000000001", "2021-02-26", "+37500,00", "+38500,00", ROC, "ROC VAN TWENTE",
                    "Betaling LWT-2021-002", "cofinanciering"),
        _rabo_regel("000000000000000002", "2021-03-02", "+38750,00", "+77250,00", ENSCHEDE, "Gemeente Enschede",
                    "Bijdrage Leerwerkloket"),
        _rabo_regel("000000000000000003", "2021-03-03", "-120,50", "+77129,50", WINKEL, "Kantoorartikelen BV",
                    "Factuur 998"),
        _rabo_regel("000000000000000004", "2021-03-10", "+25000,00", "+102129,50", UWV,
                    "Uitvoeringsinstituut Werknemersverzekeringen", "Termijn cofinanciering"),
    ]  # fmt: skip
    kop = volgorde or RABO_KOP
    tekst = "\r\n".join([",".join(f'"{k}"' for k in kop), *(",".join(f'"{r[k]}"' for k in kop) for r in regels)])
    return "CSV_A_NL63TRIO0212345678_EUR_20210101_20210331.csv", tekst.encode("utf-8")


def abn_amro_tab() -> tuple[str, bytes]:
    """ABN AMRO Internet Bankieren, "TXT" download: tab-separated, no header row."""
    regels = [
        f"123456789\tEUR\t20210226\t1000,00\t38500,00\t20210226\t37500,00\t/TRTP/SEPA OVERBOEKING/IBAN/{ROC}"
        "/BIC/ABNANL2A/NAME/ROC VAN TWENTE/REMI/Betaling LWT-2021-002 cofinanciering/EREF/NOTPROVIDED",
        f"123456789\tEUR\t20210302\t38500,00\t77250,00\t20210302\t38750,00\tSEPA Overboeking                 "
        f"IBAN: {ENSCHEDE}        BIC: RABONL2U                    Naam: Gemeente Enschede          "
        "Omschrijving: Bijdrage Leerwerkloket",
        "123456789\tEUR\t20210303\t77250,00\t77129,50\t20210303\t-120,50\t/TRTP/SEPA Incasso algemeen doorlopend"
        f"/CSID/NL00ZZZ000000000000/NAME/Kantoorartikelen BV/MARF/123/REMI/Factuur 998/IBAN/{WINKEL}/BIC/INGBNL2A",
        f"123456789\tEUR\t20210310\t77129,50\t102129,50\t20210310\t25000,00\t/TRTP/SEPA OVERBOEKING/IBAN/{UWV}"
        "/BIC/INGBNL2A/NAME/Uitvoeringsinstituut Werknemersverzekeringen/REMI/Termijn cofinanciering/EREF/NOTPROVIDED",
    ]
    return "TXT210331120000.TAB", "\r\n".join(regels).encode("cp1252")


def abn_amro_xlsx() -> tuple[str, bytes]:
    """ABN AMRO Internet Bankieren, Excel download: a header row, dates as numbers (20210226)."""
    boek = Workbook()
    blad = boek.active
    blad.append(
        ["accountNumber", "mutationcode", "transactiondate", "valuedate", "startsaldo", "endsaldo", "amount",
         "description"]
    )  # fmt: skip
    for regel in abn_amro_tab()[1].decode("cp1252").split("\r\n"):
        cellen = regel.split("\t")
        blad.append(
            [int(cellen[0]), cellen[1], int(cellen[2]), int(cellen[5]), float(cellen[3].replace(",", ".")),
             float(cellen[4].replace(",", ".")), float(cellen[6].replace(",", ".")), cellen[7]]
        )  # fmt: skip
    uit = io.BytesIO()
    boek.save(uit)
    return "XLS210331120000.xlsx", uit.getvalue()


def triodos() -> tuple[str, bytes]:
    """Triodos Internet Bankieren, CSV: comma-separated, no header row, Credit/Debet."""
    regels = [
        f'"26-02-2021","{EIGEN}","37.500,00","Credit","ROC VAN TWENTE","{ROC}","ID",'
        '"Betaling LWT-2021-002 cofinanciering","38.500,00"',
        f'"02-03-2021","{EIGEN}","38.750,00","Credit","Gemeente Enschede","{ENSCHEDE}","ID",'
        '"Bijdrage Leerwerkloket","77.250,00"',
        f'"03-03-2021","{EIGEN}","120,50","Debet","Kantoorartikelen BV","{WINKEL}","IC","Factuur 998","77.129,50"',
        f'"10-03-2021","{EIGEN}","25.000,00","Credit","Uitvoeringsinstituut Werknemersverzekeringen","{UWV}","ID",'
        '"Termijn cofinanciering","102.129,50"',
    ]
    return "mutaties.csv", "\r\n".join(regels).encode("cp1252")


def _camt_post(datum, bedrag, teken, partij, naam, rekening, omschrijving):
    rol = "Dbtr" if teken == "CRDT" else "Cdtr"
    return f"""
      <Ntry>
        <Amt Ccy="EUR">{bedrag}</Amt><CdtDbtInd>{teken}</CdtDbtInd><Sts>BOOK</Sts>
        <BookgDt><Dt>{datum}</Dt></BookgDt><ValDt><Dt>{datum}</Dt></ValDt>
        <BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>RCDT</Cd><SubFmlyCd>ESCT</SubFmlyCd></Fmly></Domn></BkTxCd>
        <NtryDtls><TxDtls>
          <Refs><EndToEndId>NOTPROVIDED</EndToEndId></Refs>
          <RltdPties><{rol}><Nm>{naam}</Nm></{rol}><{rol}Acct><Id><IBAN>{rekening}</IBAN></Id></{rol}Acct></RltdPties>
          <RmtInf><Ustrd>{omschrijving}</Ustrd></RmtInf>
        </TxDtls></NtryDtls>
      </Ntry>"""


def camt053() -> tuple[str, bytes]:
    """ISO 20022 camt.053.001.02, as every Dutch bank offers it."""
    posten = "".join(
        [
            _camt_post("2021-02-26", "37500.00", "CRDT", "Dbtr", "ROC VAN TWENTE", ROC,
                       "Betaling LWT-2021-002 cofinanciering"),
            _camt_post("2021-03-02", "38750.00", "CRDT", "Dbtr", "Gemeente Enschede", ENSCHEDE,
                       "Bijdrage Leerwerkloket"),
            _camt_post("2021-03-03", "120.50", "DBIT", "Cdtr", "Kantoorartikelen BV", WINKEL, "Factuur 998"),
            _camt_post("2021-03-10", "25000.00", "CRDT", "Dbtr", "Uitvoeringsinstituut Werknemersverzekeringen", UWV,
                       "Termijn cofinanciering"),
        ]
    )  # fmt: skip
    xml = f"""<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02">
  <BkToCstmrStmt>
    <GrpHdr><MsgId>CAMT053-2021-Q1</MsgId><CreDtTm>2021-03-31T12:00:00</CreDtTm></GrpHdr>
    <Stmt>
      <Id>2021-Q1</Id><CreDtTm>2021-03-31T12:00:00</CreDtTm>
      <Acct><Id><IBAN>{EIGEN}</IBAN></Id><Ccy>EUR</Ccy></Acct>{posten}
    </Stmt>
  </BkToCstmrStmt>
</Document>"""
    return "camt053-2021-q1.xml", xml.encode("utf-8")


def mt940() -> tuple[str, bytes]:
    """MT940 with the structured :86: field the Dutch banks write (ING, Rabobank)."""
    tekst = f""":20:P210331000000001
:25:{EIGEN}EUR
:28C:00000
:60F:C210225EUR1000,00
:61:2102260226C37500,00NTRFEREF//00000000001005
:86:/EREF/NOTPROVIDED//CNTP/{ROC}/ABNANL2A/ROC VAN TWENTE/ENSCHEDE/
/REMI/USTD//Betaling LWT-2021-002 cofinanciering/
:61:2103020302C38750,00NTRFNONREF//00000000001006
:86:/CNTP/{ENSCHEDE}/RABONL2U/Gemeente Enschede///REMI/USTD//Bijdrage Leerwerkloket/
:61:2103030303D120,50NDDTNONREF//00000000001007
:86:/CNTP/{WINKEL}/INGBNL2A/Kantoorartikelen BV///REMI/USTD//Factuur 998/
:61:2103100310C25000,00NTRFNONREF//00000000001008
:86:/CNTP/{UWV}/INGBNL2A/Uitvoeringsinstituut Werknemersverzekeringen///REMI/USTD//Termijn cofinanciering/
:62F:C210310EUR102129,50
-
"""
    return "MT940_2021-03-31.sta", tekst.replace("\n", "\r\n").encode("latin-1")


FORMATEN = {
    "ING": ing,
    "Rabobank": rabobank,
    "Rabobank, kolommen omgekeerd": lambda: rabobank(volgorde=list(reversed(RABO_KOP))),
    "ABN AMRO .TAB": abn_amro_tab,
    "ABN AMRO Excel": abn_amro_xlsx,
    "Triodos": triodos,
    "CAMT.053": camt053,
    "MT940": mt940,
}


@pytest.fixture
def open_2021(demo):
    """The demo's 2021 invoices, made open again, and UWV's known IBAN."""
    Betaling.objects.filter(factuur__factuurdatum__year=2021).delete()
    Partner.objects.filter(leerwerkloket=demo, naam="UWV").update(ibans=UWV)
    return demo


@pytest.mark.parametrize("formaat", FORMATEN)
def test_each_format_matches_by_invoice_number_by_amount_and_by_iban(open_2021, financien, formaat):
    naam, inhoud = FORMATEN[formaat]()

    inlezing = bankafschrift_inlezen(leerwerkloket=open_2021, bestandsnaam=naam, inhoud=inhoud, door=financien)

    assert (inlezing.nieuw, inlezing.afschrijvingen) == (3, 1)
    facturen = open_facturen(open_2021)
    regels = Bankregel.objects.order_by("datum")
    gezien = [
        (r.tegenpartij, r.bedrag, r.tegenrekening, suggestie(r, facturen).factuur.nummer, suggestie(r, facturen).reden)
        for r in regels
    ]
    assert gezien == [
        ("ROC VAN TWENTE", Decimal("37500.00"), ROC, "LWT-2021-002",
         "factuurnummer LWT-2021-002 staat in de omschrijving"),
        ("Gemeente Enschede", Decimal("38750.00"), ENSCHEDE, "LWT-2021-003",
         "bedrag €\u00a038.750,00 en Veertien Twentse gemeenten"),
        ("Uitvoeringsinstituut Werknemersverzekeringen", Decimal("25000.00"), UWV, "LWT-2021-001",
         f"IBAN {UWV} is van UWV"),
    ]  # fmt: skip
    assert "LWT-2021-002" in regels[0].omschrijving


def test_rabobank_keeps_its_description_though_betalingskenmerk_comes_first(open_2021, financien):
    naam, inhoud = rabobank()

    bankafschrift_inlezen(leerwerkloket=open_2021, bestandsnaam=naam, inhoud=inhoud, door=financien)

    assert Bankregel.objects.get(tegenpartij="ROC VAN TWENTE").omschrijving == "Betaling LWT-2021-002 cofinanciering"


def test_booking_a_line_teaches_the_financier_its_iban(open_2021, financien):
    naam, inhoud = camt053()
    bankafschrift_inlezen(leerwerkloket=open_2021, bestandsnaam=naam, inhoud=inhoud, door=financien)
    regel = Bankregel.objects.get(tegenpartij="Gemeente Enschede")

    bankregel_boeken(regel=regel, factuur=Factuur.objects.get(nummer="LWT-2021-003"), door=financien)

    gemeenten = Partner.objects.get(leerwerkloket=open_2021, naam="Veertien Twentse gemeenten")
    assert gemeenten.iban_lijst == [ENSCHEDE]
    assert gemeenten.history.first().history_change_reason == "IBAN uit het bankafschrift van 02-03-2021"


def test_a_partner_refuses_an_iban_that_is_not_one(demo):
    uwv = Partner.objects.get(leerwerkloket=demo, naam="UWV")
    uwv.ibans = f"{UWV}\nNL00INGB0001234567"

    with pytest.raises(ValidationError) as fout:
        uwv.full_clean()

    assert fout.value.message_dict["ibans"] == [
        "Geen geldig IBAN: NL00INGB0001234567. Schrijf bijvoorbeeld NL91 ABNA 0417 1643 00; één IBAN per regel."
    ]


def test_the_partner_form_stores_known_ibans_compact(client, demo, projectleider):
    uwv = Partner.objects.get(leerwerkloket=demo, naam="UWV")
    client.force_login(projectleider)

    client.post(
        f"/partners/{uwv.pk}/bewerken/",
        {
            "naam": "UWV",
            "soort": uwv.soort,
            "actief": "on",
            "ibans": "nl20 ingb 0001 2345 67",
            "notities": "",
            "contact-TOTAL_FORMS": "0",
            "contact-INITIAL_FORMS": "0",
        },
    )

    uwv.refresh_from_db()
    assert uwv.ibans == UWV
    assert UWV in client.get(f"/partners/{uwv.pk}/").content.decode()


def test_the_structured_86_field_of_mt940_is_read():
    assert lees_details(f"/CNTP/{ROC}/ABNANL2A/ROC VAN TWENTE/ENSCHEDE//REMI/USTD//Betaling LWT-2021-002/") == Details(
        naam="ROC VAN TWENTE", rekening=ROC, omschrijving="Betaling LWT-2021-002"
    )


@pytest.mark.parametrize(
    ("naam", "inhoud", "melding"),
    [
        ("afschrift.xml", b"<Document><nietsvan/></Document>", "Dit XML-bestand is geen CAMT.053-bankafschrift"),
        ("afschrift.xml", b"<Document><BkToCstmrStmt>", "Dit XML-bestand kan niet worden gelezen"),
        (
            "bom.xml",
            b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;">]><x>&b;</x>',
            "Dit XML-bestand kan niet worden gelezen",
        ),
        ("afschrift.sta", b":20:X\r\n:25:NL\r\n:61:kapot\r\n-", "MT940"),
        ("afschrift.csv", b"Naam;Wat\r\nUWV;x\r\n", "In dit bankafschrift staan geen herkenbare kolommen"),
    ],
)
def test_a_file_that_is_no_statement_is_refused_in_dutch(open_2021, financien, naam, inhoud, melding):
    with pytest.raises(ValidationError) as fout:
        bankafschrift_inlezen(leerwerkloket=open_2021, bestandsnaam=naam, inhoud=inhoud, door=financien)

    assert melding in " ".join(fout.value.messages)
    assert not Bankregel.objects.exists()


def test_import_bank_reads_a_statement_and_shows_the_suggestions(open_2021, financien, tmp_path, capsys):
    naam, inhoud = camt053()
    pad = tmp_path / naam
    pad.write_bytes(inhoud)

    call_command("import_bank", str(pad), "--regio", "twente", "--dry-run")
    assert not Bankregel.objects.exists()
    call_command("import_bank", str(pad), "--regio", "twente")

    uitvoer = capsys.readouterr().out
    assert "26-02-2021 €\u00a037.500,00 van ROC VAN TWENTE: factuur LWT-2021-002" in uitvoer
    assert "CAMT.053: 3 nieuwe ontvangst(en) ingelezen; 0 waren al bekend en 1 afschrijving(en)" in uitvoer
    assert "Er is niets ingelezen (--dry-run)." in uitvoer
    assert Bankregel.objects.count() == 3


def test_import_bank_exits_non_zero_on_a_bad_file(open_2021, tmp_path, capsys):
    pad = tmp_path / "fout.csv"
    naam, inhoud = ing()
    pad.write_bytes(inhoud.replace(b'"20210302"', b'"20211345"'))

    with pytest.raises(CommandError, match="Het bankafschrift heeft fouten; er is niets ingelezen."):
        call_command("import_bank", str(pad), "--regio", "twente")

    assert "Rij 3: '20211345' is geen datum" in capsys.readouterr().err
    assert not Bankregel.objects.exists()


@pytest.mark.parametrize(
    ("naam", "inhoud", "melding"),
    [
        (
            "groot.sta",
            mt940()[1].replace(b"C37500,00NTRF", b"C999999999999,00NTRF"),
            "is te groot voor een bedrag",
        ),
        ("leeg.xml", camt053()[1].replace(b"<Ustrd>Bijdrage Leerwerkloket</Ustrd>", b"<Ustrd/>"), None),
        ("nul.csv", ing()[1].replace(b"Bijdrage Leerwerkloket", b"Bijdrage\x00"), "geen CSV-tekstbestand"),
        ("nul.xml", camt053()[1].replace(b"Bijdrage Leerwerkloket", b"Bijdrage&#0;"), "kan niet worden gelezen"),
        ("nul.sta", mt940()[1].replace(b"Bijdrage Leerwerkloket", b"Bijdrage\x00"), "onzichtbaar NUL-teken"),
        ("rommel.xml", b"<?xml version='1.0'?><a>", "Dit XML-bestand kan niet worden gelezen"),
        ("leeg.tab", b"", "leeg"),
    ],
)
def test_a_strange_statement_never_gives_a_server_error(client, open_2021, financien, naam, inhoud, melding):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(financien)

    antwoord = client.post("/import/bank/", {"bestand": SimpleUploadedFile(naam, inhoud)}, follow=True)

    assert antwoord.status_code == 200
    if melding:
        assert melding in antwoord.content.decode()
        assert not Bankregel.objects.exists()
    else:
        assert Bankregel.objects.count() == 3
