"""No silent doubling with hand bookings: an import whose period (whole months) holds bookings
typed by hand on its kostenplaatsen shows them with their amounts and asks whether the import
replaces them or comes beside them; without an answer nothing is read in."""

import datetime
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command, execute_from_command_line
from django.urls import reverse

from jaarplan.importeren.realisatie import import_analyseren, import_doorvoeren, import_voorbereiden
from jaarplan.models import Importbatch, Kostenrealisatie, Kostensoort
from jaarplan.services import onderdeel_opslaan
from partners.models import Auditregel

EXACT = Path(__file__).parent / "grootboeken" / "exact-online-grootboekkaart-2018.csv"
EURO = "€\u00a0"


@pytest.fixture(autouse=True)
def verbinding_blijft_open(monkeypatch):
    monkeypatch.setattr("django.core.management.base.connections.close_all", lambda: None)


@pytest.fixture
def met_de_hand(jaarplan_2018, projectleider):
    """Four hand bookings: two in the Exact file's months (January-March) on its kostenplaatsen,
    one in June, one on a kostenplaats the file does not hold."""
    loket = jaarplan_2018.activiteiten.get(code="loketfunctie")
    portfolio = jaarplan_2018.activiteiten.get(code="e-portfolio")
    boekingen = {}
    for naam, activiteit, datum, kostenplaats, bedrag in [
        ("januari", loket, datetime.date(2018, 1, 15), "4100", "338.00"),
        ("zonder kostenplaats", loket, datetime.date(2018, 2, 20), "", "150.25"),
        ("juni", loket, datetime.date(2018, 6, 15), "4100", "99.99"),
        ("andere kostenplaats", portfolio, datetime.date(2018, 2, 10), "9999", "75.00"),
    ]:
        boekingen[naam] = onderdeel_opslaan(
            onderdeel=Kostenrealisatie(
                activiteit=activiteit,
                kostensoort=Kostensoort.PERSONEEL,
                datum=datum,
                bedrag=Decimal(bedrag),
                omschrijving=f"Met de hand: {naam}",
                kostenplaats=kostenplaats,
            ),
            door=projectleider,
        )
    return boekingen


def voorbereiden(twente, financien):
    return import_voorbereiden(
        leerwerkloket=twente, bestandsnaam=EXACT.name, inhoud=EXACT.read_bytes(), door=financien, jaar=2018
    )


def tekst(html: str) -> str:
    return re.sub(r"[ \t\r\n]+", " ", re.sub(r"<[^>]+>", " ", html))


def test_the_preview_shows_the_hand_bookings_of_the_period_with_their_amounts(client, financien, met_de_hand):
    client.force_login(financien)
    bestand = SimpleUploadedFile(EXACT.name, EXACT.read_bytes())

    pagina = client.post(reverse("importeren:realisatie"), {"bestand": bestand, "jaar": 2018}, follow=True)

    html = pagina.content.decode()
    lezen = tekst(html)
    assert (
        "Van 01-01-2018 tot en met 31-03-2018 staan al 2 met de hand geboekte kosten op de kostenplaatsen van dit "
        f"bestand, samen {EURO}488,25." in lezen
    )
    assert f"15-01-2018 Loketfunctie 4100 Met de hand: januari {EURO}338,00" in lezen
    assert f"20-02-2018 Loketfunctie – Met de hand: zonder kostenplaats {EURO}150,25" in lezen
    assert "juni" not in lezen and "andere kostenplaats" not in lezen
    assert f'data-testid="handmatig-totaal">{EURO}488,25</td>' in html
    assert 'name="handmatig" value="vervangen"' in html and 'name="handmatig" value="naast"' in html


def test_without_a_choice_nothing_is_read_in(twente, financien, met_de_hand):
    batch = voorbereiden(twente, financien)

    with pytest.raises(ValidationError) as fout:
        import_doorvoeren(batch=batch, door=financien)

    assert fout.value.messages[-1] == (
        "Kies of de import ze vervangt of dat ze er toch naast blijven staan, of stop. Er is niets ingelezen."
    )
    assert Kostenrealisatie.objects.filter(geimporteerd=True).count() == 0
    assert Kostenrealisatie.objects.count() == 4


def test_replacing_removes_them_through_the_service_with_history_in_the_same_transaction(
    twente, financien, met_de_hand
):
    batch = import_doorvoeren(batch=voorbereiden(twente, financien), door=financien, handmatig="vervangen")

    assert batch.vervangen == 2
    over = Kostenrealisatie.objects.filter(geimporteerd=False).values_list("omschrijving", flat=True)
    assert sorted(over) == ["Met de hand: andere kostenplaats", "Met de hand: juni"]
    weg = Kostenrealisatie.history.filter(history_type="-").order_by("datum")
    assert [(h.omschrijving, h.bedrag, h.history_user, h.history_change_reason) for h in weg] == [
        ("Met de hand: januari", Decimal("338.00"), financien, f"Vervangen door import {batch.pk} ({EXACT.name})"),
        (
            "Met de hand: zonder kostenplaats",
            Decimal("150.25"),
            financien,
            f"Vervangen door import {batch.pk} ({EXACT.name})",
        ),
    ]
    assert f"2 met de hand geboekte regels ({EURO}488,25) vervangen" in Auditregel.objects.latest("pk").omschrijving
    loket = met_de_hand["januari"].activiteit
    totaal = sum(Kostenrealisatie.objects.filter(activiteit=loket).values_list("bedrag", flat=True))
    assert totaal == Decimal("12600.49")  # the import's 12.500,50 and June's 99,99, nothing counted twice


def test_a_failing_import_leaves_the_hand_bookings_in_place(twente, financien, met_de_hand, monkeypatch):
    batch = voorbereiden(twente, financien)
    monkeypatch.setattr("jaarplan.importeren.realisatie.vastleggen_voor", lambda *a, **k: 1 / 0)

    with pytest.raises(ZeroDivisionError):
        import_doorvoeren(batch=batch, door=financien, handmatig="vervangen")

    assert Kostenrealisatie.objects.filter(geimporteerd=False).count() == 4
    assert not Kostenrealisatie.objects.filter(geimporteerd=True).exists()


def test_adding_beside_them_keeps_them_and_says_so(twente, financien, met_de_hand):
    batch = import_doorvoeren(batch=voorbereiden(twente, financien), door=financien, handmatig="naast")

    assert (batch.aantal_regels, batch.vervangen) == (3, 0)
    assert Kostenrealisatie.objects.filter(geimporteerd=False).count() == 4
    assert "2 met de hand geboekte regels (€\u00a0488,25) bewust naast de import gelaten" in (
        Auditregel.objects.latest("pk").omschrijving
    )


def test_the_page_reads_in_with_the_choice_and_refuses_without(client, financien, met_de_hand):
    client.force_login(financien)
    bestand = SimpleUploadedFile(EXACT.name, EXACT.read_bytes())
    client.post(reverse("importeren:realisatie"), {"bestand": bestand, "jaar": 2018})
    batch = Importbatch.objects.get()

    zonder = client.post(reverse("importeren:inlezen", args=[batch.pk]), follow=True).content.decode()
    assert "Kies of de import ze vervangt of dat ze er toch naast blijven staan" in zonder
    met = client.post(reverse("importeren:inlezen", args=[batch.pk]), {"handmatig": "vervangen"}, follow=True)

    assert f"Import {batch.pk} is ingelezen: 3 regels, {EURO}13.500,50 in jaarplan 2018. 2 met de hand geboekte " in (
        met.content.decode()
    )
    assert Kostenrealisatie.objects.filter(geimporteerd=False).count() == 2


def test_an_import_without_hand_bookings_in_its_period_asks_nothing(twente, financien, jaarplan_2018, projectleider):
    loket = jaarplan_2018.activiteiten.get(code="loketfunctie")
    onderdeel_opslaan(
        onderdeel=Kostenrealisatie(
            activiteit=loket, kostensoort="overig", datum=datetime.date(2018, 7, 1), bedrag=Decimal("5.00")
        ),
        door=projectleider,
    )
    batch = voorbereiden(twente, financien)

    assert import_analyseren(batch).handmatig_aantal == 0
    assert import_doorvoeren(batch=batch, door=financien).aantal_regels == 3


def test_the_command_refuses_without_saying_which_and_reads_in_with_it(met_de_hand, capsys):
    with pytest.raises(SystemExit) as einde:
        execute_from_command_line(["manage.py", "import_realisatie", str(EXACT), "--regio", "twente"])
    assert einde.value.code == 1
    uitvoer = capsys.readouterr()
    assert "staan al 2 met de hand geboekte kosten op de kostenplaatsen van dit bestand" in uitvoer.out
    assert "--vervang-handmatig (de import vervangt ze) of --naast-handmatig" in uitvoer.err
    assert not Kostenrealisatie.objects.filter(geimporteerd=True).exists()

    call_command("import_realisatie", str(EXACT), "--regio", "twente", "--dry-run")
    uit = capsys.readouterr().out.splitlines()
    assert uit[-2] == "Inlezen vraagt --vervang-handmatig of --naast-handmatig; zonder wordt het geweigerd."
    assert uit[-1].endswith(f"Zou inlezen: 3 regels, totaal {EURO}13.500,50.")

    call_command("import_realisatie", str(EXACT), "--regio", "twente", "--vervang-handmatig")

    assert "3 regels, €\u00a013.500,50 in jaarplan 2018; 2 met de hand geboekte regels vervangen." in (
        capsys.readouterr().out
    )
    assert Kostenrealisatie.objects.filter(geimporteerd=False).count() == 2


def test_the_command_takes_one_choice_only(met_de_hand):
    with pytest.raises(SystemExit) as einde:
        execute_from_command_line(
            [
                "manage.py",
                "import_realisatie",
                str(EXACT),
                "--regio",
                "twente",
                "--vervang-handmatig",
                "--naast-handmatig",
            ]
        )
    assert einde.value.code == 2


def test_a_hand_booking_added_after_the_preview_makes_the_choice_ask_again(
    client, financien, projectleider, met_de_hand
):
    client.force_login(financien)
    bestand = SimpleUploadedFile(EXACT.name, EXACT.read_bytes())
    client.post(reverse("importeren:realisatie"), {"bestand": bestand, "jaar": 2018})
    batch = Importbatch.objects.get()
    onderdeel_opslaan(
        onderdeel=Kostenrealisatie(
            activiteit=met_de_hand["januari"].activiteit,
            kostensoort=Kostensoort.PERSONEEL,
            datum=datetime.date(2018, 3, 1),
            bedrag=Decimal("10.00"),
            kostenplaats="4100",
        ),
        door=projectleider,
    )

    antwoord = client.post(
        reverse("importeren:inlezen", args=[batch.pk]), {"handmatig": "vervangen", "handmatig_gezien": "2"}, follow=True
    )

    assert "Sinds het voorbeeld zijn er met de hand geboekte kosten in deze periode bijgekomen of verdwenen." in (
        antwoord.content.decode()
    )
    assert Kostenrealisatie.objects.filter(geimporteerd=False).count() == 5
