"""A bomb of each shape on every upload path (issue 27): a small file that unpacks or parses into
far more than it is. Each is refused with a Dutch message naming the bound and the file's value,
after reading no more than the bound allows (bytes unpacked, rows split, the parser never run:
counted, not timed), and nothing is stored. The bombs are made here (tests/bommen.py), small;
`benchmarks/bommen.py` measures the refusal of the full-size ones."""

import datetime
import html
import io
from dataclasses import dataclass

import mt940
import pytest
import time_machine
from defusedxml import ElementTree as defused
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

import kern.bestanden
from financiering.models import Bankregel
from jaarplan.models import Importbatch, Kostenrealisatie
from partners.models import Leerwerkloket, Partner
from tests import bommen
from tests.jaarplan.kostenplaatsen import jaarplan_2018  # noqa: F401  (the ledger's jaarplan)

pytestmark = pytest.mark.django_db

MB = 1024 * 1024


@dataclass(frozen=True)
class Bom:
    maak: object  # () -> bytes
    naam: str
    melding: str
    grenzen: dict  # settings for this bomb: the bound it crosses made small, so the file stays small
    uitgepakt: int = 0  # the bytes the file unpacks to (an .xlsx), of which far fewer may be read


BOMMEN = {
    "gedeelde teksten": Bom(
        lambda: bommen.gedeelde_teksten(300_000),
        "boekingen.xlsx",
        "Het bestand bevat meer dan 1.000 gedeelde teksten (sharedStrings); er kunnen er ten hoogste 1.000",
        {"IMPORT_MAX_TEKSTEN": 1_000},
        uitgepakt=300_000 * 17,
    ),
    "inline teksten": Bom(
        lambda: bommen.inline_teksten(300_000),
        "boekingen.xlsx",
        "Het bestand bevat meer dan 1.000 teksten in de cellen (inline); er kunnen er ten hoogste 1.000",
        {"IMPORT_MAX_TEKSTEN": 1_000},
        uitgepakt=300_000 * 38,
    ),
    "spaties": Bom(
        lambda: bommen.spaties(5_000_000),
        "boekingen.xlsx",
        "een cel mag ten hoogste 32.767 tekens hebben (zoveel als Excel toestaat)",
        {},
        uitgepakt=5_000_000,
    ),
    "blad van 1.048.577 regels": Bom(
        lambda: bommen.groot_blad(100_000),
        "boekingen.xlsx",
        "Volgens het blad zelf (bereik tot C1048577): Het bestand heeft meer dan 250.000 regels; er kunnen er ten "
        "hoogste 250.000 tegelijk worden ingelezen.",
        {},
        uitgepakt=100_000 * 94,
    ),
    "XML-entiteiten": Bom(
        bommen.entiteiten_xlsx,
        "boekingen.xlsx",
        "Het bestand bevat XML-entiteiten (een DOCTYPE); die worden om veiligheidsredenen niet gelezen.",
        {},
    ),
    "brede CSV": Bom(
        lambda: bommen.brede_csv(5_000),
        "boekingen.csv",
        "Het bestand heeft 5.001 kolommen; er kunnen er ten hoogste 1.000 worden ingelezen.",
        {},
    ),
    "CSV met een eindeloze regel": Bom(
        lambda: bommen.lange_regel_csv(400_000),
        "boekingen.csv",
        "Regel 3 van het bestand is 400.000 tekens lang; een regel mag ten hoogste 100.000 tekens hebben.",
        {},
    ),
}
BANKBOMMEN = {
    "MT940 met te veel boekingen": Bom(
        lambda: bommen.mt940_posten(1_001),
        "afschrift.sta",
        "Het bestand bevat meer dan 1.000 boekingen; er kunnen er ten hoogste 1.000 tegelijk worden ingelezen.",
        {"IMPORT_MAX_POSTEN": 1_000},
    ),
    "MT940 met een eindeloos veld": Bom(
        lambda: bommen.mt940_lang_veld(500_000),
        "afschrift.sta",
        "Veld :86: (na 1 boekingen) van het bestand is 500.007 tekens lang; een veld van een bankafschrift mag "
        "ten hoogste 2.000 tekens hebben.",
        {},
    ),
    "CAMT.053 met XML-entiteiten": Bom(
        bommen.camt_entiteiten,
        "afschrift.xml",
        "Dit XML-bestand kan niet worden gelezen: het bevat entiteiten (een DOCTYPE)",
        {},
    ),
}


class Meting:
    """What the readers did with a file: bytes unpacked from an .xlsx, rows split from a CSV, and
    whether a parser (calamine, pandas, mt-940, the XML parser) ran at all."""

    def __init__(self, monkeypatch):
        self.uitgepakt = 0
        self.csv_rijen = 0
        self.parsers: list[str] = []
        meting = self
        uitpakken = kern.bestanden._uitpakken
        csv_lezer = kern.bestanden.csv.reader

        def geteld_uitpakken(*args, **kwargs):
            for blok in uitpakken(*args, **kwargs):
                meting.uitgepakt += len(blok)
                yield blok

        class GeteldeLezer:
            def __init__(self, *args, **kwargs):
                self.lezer = csv_lezer(*args, **kwargs)

            def __iter__(self):
                return self

            def __next__(self):
                rij = next(self.lezer)
                meting.csv_rijen += 1
                return rij

            @property
            def line_num(self):
                return self.lezer.line_num

        def parser(naam, echt):
            def gemeten(*args, **kwargs):
                meting.parsers.append(naam)
                return echt(*args, **kwargs)

            return gemeten

        monkeypatch.setattr(kern.bestanden, "_uitpakken", geteld_uitpakken)
        monkeypatch.setattr(
            kern.bestanden, "csv", type("csv", (), {**vars(kern.bestanden.csv), "reader": GeteldeLezer})
        )
        monkeypatch.setattr(
            kern.bestanden,
            "CalamineWorkbook",
            type("C", (), {"from_filelike": parser("calamine", kern.bestanden.CalamineWorkbook.from_filelike)}),
        )
        monkeypatch.setattr(kern.bestanden.pd, "read_csv", parser("pandas", kern.bestanden.pd.read_csv))
        monkeypatch.setattr(mt940.models.Transactions, "parse", parser("mt940", mt940.models.Transactions.parse))
        # defusedxml's module itself, whichever module of the bank import calls it
        monkeypatch.setattr(defused, "fromstring", parser("xml", defused.fromstring))


@pytest.fixture(autouse=True)
def _vandaag():
    with time_machine.travel(datetime.datetime(2026, 12, 7, 12, tzinfo=datetime.UTC), tick=False):
        yield


# -- the upload paths: each gives back what the user reads, and checks that nothing was stored ------
def _grootboek_pagina(request, bestand, inhoud):
    client = request.getfixturevalue("client")
    client.force_login(request.getfixturevalue("financien"))
    pagina = client.post(
        reverse("importeren:realisatie"), {"bestand": SimpleUploadedFile(bestand, inhoud), "jaar": 2018}
    )
    assert pagina.status_code == 200
    return html.unescape(pagina.content.decode())


def _grootboek_commando(request, bestand, inhoud):
    pad = request.getfixturevalue("tmp_path") / bestand
    pad.write_bytes(inhoud)
    with pytest.raises(CommandError) as fout:
        call_command("import_realisatie", str(pad), "--regio", "twente", stdout=io.StringIO())
    return str(fout.value)


def _bank_pagina(request, bestand, inhoud):
    client = request.getfixturevalue("client")
    client.force_login(request.getfixturevalue("financien"))
    pagina = client.post(reverse("importeren:bank"), {"bestand": SimpleUploadedFile(bestand, inhoud)})
    assert pagina.status_code == 200
    return html.unescape(pagina.content.decode())


def _bank_commando(request, bestand, inhoud):
    pad = request.getfixturevalue("tmp_path") / bestand
    pad.write_bytes(inhoud)
    fouten = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_bank", str(pad), "--regio", "twente", stdout=io.StringIO(), stderr=fouten)
    return fouten.getvalue()


def _regio_pagina(request, bestand, inhoud):
    client = request.getfixturevalue("client")
    client.force_login(request.getfixturevalue("landelijk"))
    gegevens = {
        "naam": "Leerwerkloket Groningen",
        "slug": "groningen",
        "gemeenten": "",
        "gemeenten_bestand": SimpleUploadedFile(bestand, inhoud),
        "gebruiker-TOTAL_FORMS": "0",
        "gebruiker-INITIAL_FORMS": "0",
        "gebruiker-MIN_NUM_FORMS": "0",
        "gebruiker-MAX_NUM_FORMS": "30",
    }
    pagina = client.post(reverse("regios:nieuw"), gegevens)
    assert pagina.status_code == 200
    return html.unescape(pagina.content.decode())


def _regio_commando(request, bestand, inhoud):
    pad = request.getfixturevalue("tmp_path") / bestand
    pad.write_bytes(inhoud)
    with pytest.raises(CommandError) as fout:
        call_command(
            "regio_aanmaken",
            "--naam",
            "Leerwerkloket Groningen",
            "--kort",
            "groningen",
            "--gemeenten",
            str(pad),
            stdout=io.StringIO(),
        )
    return str(fout.value)


PADEN = {
    "grootboek, pagina": _grootboek_pagina,
    "grootboek, import_realisatie": _grootboek_commando,
    "bank, pagina": _bank_pagina,
    "bank, import_bank": _bank_commando,
    "nieuwe regio, pagina": _regio_pagina,
    "nieuwe regio, regio_aanmaken": _regio_commando,
}
BANKPADEN = {naam: pad for naam, pad in PADEN.items() if naam.startswith("bank")}


def _niets_opgeslagen():
    assert not Importbatch.objects.exists()
    assert not Kostenrealisatie.objects.exists()
    assert not Bankregel.objects.exists()
    assert not Leerwerkloket.objects.filter(slug="groningen").exists()
    assert not Partner.objects.filter(naam__contains="Groningen").exists()


_GEMAAKT: dict[str, bytes] = {}


def _bestand(bom: Bom) -> bytes:
    """Made once per session: the same bomb goes down every path."""
    if bom.melding not in _GEMAAKT:
        _GEMAAKT[bom.melding] = bom.maak()
    return _GEMAAKT[bom.melding]


def _geweigerd(request, bom: Bom, pad, settings, monkeypatch):
    for naam, waarde in bom.grenzen.items():
        setattr(settings, naam, waarde)
    inhoud = _bestand(bom)
    meting = Meting(monkeypatch)

    tekst = pad(request, bom.naam, inhoud)

    assert bom.melding in tekst
    assert meting.parsers == []  # refused before calamine, pandas, mt-940 or the XML parser saw it
    assert meting.csv_rijen <= 3  # the header, a row, and the line over the bound
    # At most one block (1 MB) unpacked past the bound, of the megabytes the bomb holds.
    assert meting.uitgepakt <= 1.2 * MB
    if bom.uitgepakt:
        assert bom.uitgepakt > 4 * meting.uitgepakt
    _niets_opgeslagen()


@pytest.mark.usefixtures("jaarplan_2018")
@pytest.mark.parametrize("pad", PADEN.values(), ids=PADEN.keys())
@pytest.mark.parametrize("bom", BOMMEN.values(), ids=BOMMEN.keys())
def test_a_bomb_is_refused_naming_its_bound_after_reading_little_and_nothing_is_stored(
    request, settings, monkeypatch, bom, pad
):
    _geweigerd(request, bom, pad, settings, monkeypatch)


@pytest.mark.usefixtures("twente")
@pytest.mark.parametrize("pad", BANKPADEN.values(), ids=BANKPADEN.keys())
@pytest.mark.parametrize("bom", BANKBOMMEN.values(), ids=BANKBOMMEN.keys())
def test_a_bank_statement_bomb_is_refused_before_its_parser_runs_and_nothing_is_stored(
    request, settings, monkeypatch, bom, pad
):
    _geweigerd(request, bom, pad, settings, monkeypatch)


@pytest.mark.usefixtures("jaarplan_2018")
@pytest.mark.parametrize("commando", ["import_realisatie", "import_bank", "regio_aanmaken"])
def test_a_command_refuses_a_file_over_the_size_limit_before_reading_it(tmp_path, monkeypatch, commando):
    pad = tmp_path / "groot.csv"
    with pad.open("wb") as bestand:  # 3 GB on disk as a sparse file: nothing is written
        bestand.truncate(3 * 1024 * MB)
    monkeypatch.setattr(type(pad), "read_bytes", lambda self: pytest.fail("het bestand werd gelezen"))
    argumenten = {
        "regio_aanmaken": ["--naam", "Leerwerkloket Groningen", "--kort", "groningen", "--gemeenten", str(pad)],
    }.get(commando, [str(pad), "--regio", "twente"])

    with pytest.raises(CommandError) as fout:
        call_command(commando, *argumenten, stdout=io.StringIO(), stderr=io.StringIO())

    assert "Het bestand is 3072,0 MB; het maximum is 20 MB." in str(fout.value)
    _niets_opgeslagen()


@pytest.mark.usefixtures("jaarplan_2018")
@pytest.mark.parametrize("pagina", ["importeren:realisatie", "importeren:bank"])
def test_a_page_refuses_an_upload_over_the_size_limit_before_reading_it(client, financien, settings, pagina):
    settings.IMPORT_MAX_BYTES = 1024 * 1024
    client.force_login(financien)
    bestand = SimpleUploadedFile("groot.csv", b"Boekdatum;Kostenplaats;Bedrag\n" + b"31-01-2018;4100;10\n" * 120_000)

    antwoord = client.post(reverse(pagina), {"bestand": bestand, "jaar": 2018})

    assert "Het bestand is 2,2 MB; het maximum is 1 MB." in html.unescape(antwoord.content.decode())
    _niets_opgeslagen()
