"""Bank lines booked right (issue 23): a storno undoes the receipt it reverses and reopens its
invoice, one line is split over invoices with the rest as an advance, the same payment from two
formats is one line, a description naming another region's invoice is never suggested here, and
the page pages through every open line with a constant number of queries."""

import contextlib
import datetime
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse

from financiering.bankimport.bank import (
    Deel,
    Voorsteller,
    afschrift_opslaan,
    bankafschrift_inlezen,
    bankregel_boeken,
    bankregel_verdelen,
    suggestie,
    terugboeking_verwerken,
)
from financiering.bankimport.formaten import Afschrift, Afschriftregel
from financiering.models import Bankregel, Betaling, Factuur, Toezegging
from financiering.services import betaling_terugdraaien, factuur_registreren
from partners.models import Leerwerkloket
from tests.conftest import op_dag
from tests.factories import AfspraakFactory, FactuurFactory, PartnerFactory, ToezeggingFactory
from tests.pagina import Pagina

ROC_IBAN = "NL44RABO0123456789"
UWV_IBAN = "NL20INGB0001234567"


def lijn(datum, bedrag, *, wie="ROC VAN TWENTE", iban=ROC_IBAN, tekst="", referentie="", storno=False, plaats="Post 1"):
    return Afschriftregel(
        plaats=plaats,
        datum=datum,
        bedrag=Decimal(bedrag),
        tegenpartij=wie,
        tegenrekening=iban,
        omschrijving=tekst,
        referentie=referentie,
        terugboeking=storno,
    )


def opslaan(regio, gebruiker, *lijnen, formaat="CAMT.053", naam="afschrift.xml"):
    afschrift = Afschrift(lijnen)
    afschrift.formaat = formaat
    return afschrift_opslaan(leerwerkloket=regio, afschrift=afschrift, bestandsnaam=naam, door=gebruiker)


@pytest.fixture
def open_2021(demo):
    """The demo's 2021 invoices, made open again for these statements."""
    Betaling.objects.filter(factuur__factuurdatum__year=2021).delete()
    return demo


@contextlib.contextmanager
def geweigerd(melding: str):
    """The refusal, as the page shows it (its messages joined)."""
    with pytest.raises(ValidationError) as fout:
        yield
    assert melding in " ".join(fout.value.messages)


def openstaand(nummer) -> Decimal:
    return Factuur.objects.met_ontvangen().get(nummer=nummer).openstaand


# -- Part 1: a storno is a reversal, never a receipt ---------------------------------------------
def test_a_storno_is_stored_apart_and_never_suggested_or_booked_as_a_receipt(open_2021, financien):
    inlezing = opslaan(
        open_2021,
        financien,
        lijn(datetime.date(2021, 3, 1), "37500.00", tekst="LWT-2021-002", referentie="E2E-ROC-1"),
        lijn(datetime.date(2021, 3, 3), "-37500.00", tekst="LWT-2021-002", referentie="E2E-ROC-1", storno=True),
        lijn(datetime.date(2021, 3, 4), "-120.50", wie="Kantoorartikelen BV", iban=""),
        lijn(datetime.date(2021, 3, 5), "45.00", wie="Bank", iban="", storno=True),  # a debit's reversal
    )

    assert (inlezing.nieuw, inlezing.terugboekingen, inlezing.afschrijvingen) == (1, 1, 2)
    assert "1 terugboeking(en) van de bank ingelezen; verwerk ze bij hun ontvangst." in inlezing.samenvatting()
    storno = Bankregel.objects.get(terugboeking=True)
    assert storno.bedrag == Decimal("-37500.00")
    assert suggestie(storno) is None
    assert Voorsteller(open_2021).bezwaar(storno) == "dit is een terugboeking van de bank, geen ontvangst"
    with pytest.raises(ValidationError, match="Dit is een terugboeking van de bank, geen ontvangst"):
        bankregel_boeken(regel=storno, factuur=Factuur.objects.get(nummer="LWT-2021-002"), door=financien)
    assert not Betaling.objects.filter(factuur__nummer="LWT-2021-002").exists()


def test_processing_a_storno_reverses_the_booked_receipt_and_reopens_its_invoice(client, open_2021, financien):
    opslaan(open_2021, financien, lijn(datetime.date(2021, 3, 1), "37500.00", tekst="LWT-2021-002"))
    ontvangst = Bankregel.objects.get()
    bankregel_boeken(regel=ontvangst, factuur=Factuur.objects.get(nummer="LWT-2021-002"), door=financien)
    assert openstaand("LWT-2021-002") == 0
    opslaan(
        open_2021,
        financien,
        lijn(datetime.date(2021, 3, 3), "-37500.00", tekst="Storno LWT-2021-002", storno=True),
        naam="maart.xml",
    )
    storno = Bankregel.objects.get(terugboeking=True)
    client.force_login(financien)

    pagina = client.get(reverse("importeren:bank")).content.decode()
    assert "Terugboeking (storno) van de ontvangst van 01-03-2021 van ROC VAN TWENTE" in pagina
    assert "De betaling van die ontvangst wordt teruggedraaid" in pagina
    antwoord = client.post(
        reverse("importeren:bank_boeken", args=[storno.pk]), {"ontvangst": ontvangst.pk}, follow=True
    )

    assert (
        "De storno van €\u00a037.500,00 is verwerkt: de ontvangst van 01-03-2021 van ROC VAN TWENTE is "
        "teruggeboekt en haar factuur staat weer open."
    ) in antwoord.content.decode()
    assert openstaand("LWT-2021-002") == Decimal("37500.00")
    ontvangst.refresh_from_db()
    storno.refresh_from_db()
    assert (ontvangst.status, storno.status, storno.storneert) == ("teruggeboekt", "geboekt", ontvangst)
    assert not ontvangst.betalingen.exists()
    weg = Betaling.history.filter(history_type="-", history_user=financien).get()
    assert weg.history_change_reason == "Teruggedraaid: Storno van de bank op 03-03-2021"
    assert weg.history_user == financien
    geboekt = Pagina(antwoord.content.decode()).tabel("Geboekt als").rijen
    assert [
        "03-03-2021",
        "ROC VAN TWENTE",
        "€\u00a0-37.500,00",
        "Geboekt",
        "storno van de ontvangst van 01-03-2021",
    ] in geboekt
    assert [
        "01-03-2021",
        "ROC VAN TWENTE",
        "€\u00a037.500,00",
        "Teruggeboekt door de bank",
        "teruggeboekt op 03-03-2021",
    ] in geboekt
    # The reversed receipt is not open again: it is never suggested for the invoice a second time.
    assert not Bankregel.objects.filter(status=Bankregel.Status.OPEN).exists()


def test_a_storno_is_matched_by_reference_then_iban_amount_and_an_earlier_date(open_2021, financien):
    opslaan(
        open_2021,
        financien,
        lijn(datetime.date(2021, 3, 1), "5000.00", wie="UWV", iban=UWV_IBAN, referentie="A-1"),
        lijn(datetime.date(2021, 3, 2), "5000.00", wie="UWV", iban=UWV_IBAN, referentie="A-2"),
        lijn(datetime.date(2021, 3, 9), "5000.00", wie="UWV", iban=UWV_IBAN, referentie="A-3"),  # later
        lijn(datetime.date(2021, 3, 4), "-5000.00", wie="UWV", iban=UWV_IBAN, referentie="A-1", storno=True),
        lijn(datetime.date(2021, 3, 5), "-5000.00", wie="UWV", iban=UWV_IBAN, storno=True),
        lijn(datetime.date(2021, 3, 6), "-5000.00", wie="Onbekend", iban="", storno=True),
    )
    op_referentie, op_iban, onbekend = Bankregel.objects.filter(terugboeking=True).order_by("datum")

    gevonden = Voorsteller(open_2021).ontvangsten([op_referentie, op_iban, onbekend])

    assert gevonden[op_referentie.pk].referentie == "A-1"
    assert gevonden[op_iban.pk].referentie == "A-2"  # the latest earlier one not taken by the other
    assert onbekend.pk not in gevonden


def test_a_storno_of_an_open_receipt_takes_both_off_the_list(open_2021, financien):
    opslaan(
        open_2021,
        financien,
        lijn(datetime.date(2021, 3, 1), "500.00", wie="Stichting", iban=UWV_IBAN),
        lijn(datetime.date(2021, 3, 2), "-500.00", wie="Stichting", iban=UWV_IBAN, storno=True),
    )
    ontvangst, storno = Bankregel.objects.order_by("datum")

    terugboeking_verwerken(regel=storno, ontvangst=ontvangst, door=financien)

    assert set(Bankregel.objects.values_list("status", flat=True)) == {"teruggeboekt", "geboekt"}
    with pytest.raises(ValidationError, match="Deze terugboeking is al geboekt."):
        terugboeking_verwerken(regel=storno, ontvangst=ontvangst, door=financien)


def test_a_storno_that_does_not_fit_its_receipt_is_refused(open_2021, financien):
    opslaan(
        open_2021,
        financien,
        lijn(datetime.date(2021, 3, 5), "500.00"),
        lijn(datetime.date(2021, 3, 2), "-500.00", storno=True),
    )
    storno, ontvangst = Bankregel.objects.order_by("datum")

    with pytest.raises(ValidationError, match="het bedrag moet gelijk zijn en de ontvangst eerder"):
        terugboeking_verwerken(regel=storno, ontvangst=ontvangst, door=financien)
    assert Bankregel.objects.filter(status="open").count() == 2


# -- Part 5: split and remainder -----------------------------------------------------------------
def test_one_payment_for_two_invoices_is_suggested_and_booked_as_two(client, open_2021, financien):
    opslaan(
        open_2021,
        financien,
        lijn(datetime.date(2021, 7, 20), "50000.00", wie="UWV", iban=UWV_IBAN, tekst="LWT-2021-001 LWT-2021-004"),
    )
    regel = Bankregel.objects.get()
    client.force_login(financien)

    pagina = client.get(reverse("importeren:bank")).content.decode()
    assert (
        "Voorstel: factuurnummers LWT-2021-001, LWT-2021-004 staan in de omschrijving en samen staat er "
        "€\u00a050.000,00 open"
    ) in pagina
    formulier = client.get(reverse("importeren:bank_verdelen", args=[regel.pk])).content.decode()
    assert 'value="25.000,00"' in formulier
    antwoord = client.post(
        reverse("importeren:bank_verdelen", args=[regel.pk]),
        {
            "factuur_1": Factuur.objects.get(nummer="LWT-2021-001").pk,
            "bedrag_1": "25.000,00",
            "factuur_2": Factuur.objects.get(nummer="LWT-2021-004").pk,
            "bedrag_2": "25.000",
        },
        follow=True,
    )

    assert (
        "€\u00a050.000,00 van UWV is geboekt: €\u00a025.000,00 op factuur LWT-2021-001, €\u00a025.000,00 op "
        "factuur LWT-2021-004."
    ) in antwoord.content.decode()
    assert (openstaand("LWT-2021-001"), openstaand("LWT-2021-004")) == (0, 0)
    regel.refresh_from_db()
    assert regel.status == "geboekt"
    assert sorted(regel.betalingen.values_list("factuur__nummer", "bedrag")) == [
        ("LWT-2021-001", Decimal("25000.00")),
        ("LWT-2021-004", Decimal("25000.00")),
    ]
    geboekt = Pagina(antwoord.content.decode()).tabel("Geboekt als").rijen
    assert geboekt[0][-1] == "factuur LWT-2021-001 (€\u00a025.000,00); factuur LWT-2021-004 (€\u00a025.000,00)"


def test_an_overpayment_books_the_invoice_and_the_rest_as_an_advance(client, open_2021, financien):
    szw = Toezegging.objects.voor_regio(open_2021).get(jaar=2021, afspraak__financier__naam="Ministerie van SZW")
    factuur = factuur_registreren(
        toezegging=szw,
        nummer="LWT-2021-SZW",
        factuurdatum=datetime.date(2021, 6, 1),
        vervaldatum=datetime.date(2021, 7, 1),
        bedrag=Decimal("7000.00"),
        door=financien,
    )
    opslaan(open_2021, financien, lijn(datetime.date(2021, 7, 2), "7700.00", wie="SZW", iban="", tekst="LWT-2021-SZW"))
    regel = Bankregel.objects.get()
    client.force_login(financien)

    pagina = client.get(reverse("importeren:bank")).content.decode()
    assert (
        "Voorstel: factuurnummer LWT-2021-SZW staat in de omschrijving; er staat €\u00a07.000,00 open, minder dan "
        "deze ontvangst (verdelen of de rest als voorschot boeken)"
    ) in pagina
    zonder_rest = client.post(reverse("importeren:bank_boeken", args=[regel.pk]), {"factuur": factuur.pk}, follow=True)
    assert "Op factuur LWT-2021-SZW staat nog €\u00a07.000,00 open" in zonder_rest.content.decode()
    antwoord = client.post(
        reverse("importeren:bank_boeken", args=[regel.pk]),
        {"factuur": factuur.pk, "rest_als_voorschot": "on"},
        follow=True,
    )

    assert (
        "€\u00a07.700,00 van SZW is geboekt: €\u00a07.000,00 op factuur LWT-2021-SZW, €\u00a0700,00 als voorschot "
        "op Ministerie van SZW 2021."
    ) in antwoord.content.decode()
    assert openstaand("LWT-2021-SZW") == 0
    assert list(Betaling.objects.filter(bankregel=regel).order_by("pk").values_list("factuur__nummer", "bedrag")) == [
        ("LWT-2021-SZW", Decimal("7000.00")),
        (None, Decimal("700.00")),
    ]


def test_a_split_is_refused_whole_when_a_part_or_the_rest_does_not_fit(open_2021, financien):
    opslaan(open_2021, financien, lijn(datetime.date(2021, 7, 20), "40000.00", wie="ROC", tekst="twee facturen"))
    regel = Bankregel.objects.get()
    roc_1, roc_2 = Factuur.objects.get(nummer="LWT-2021-002"), Factuur.objects.get(nummer="LWT-2021-005")

    with geweigerd("blijft €\u00a02.500,00 over. Boek de rest als voorschot"):
        bankregel_verdelen(regel=regel, delen=[Deel(roc_1, Decimal("37500.00"))], door=financien)
    with geweigerd("De delen zijn samen €\u00a075.000,00, meer dan de ontvangst"):
        bankregel_verdelen(
            regel=regel, delen=[Deel(roc_1, Decimal("37500.00")), Deel(roc_2, Decimal("37500.00"))], door=financien
        )
    with geweigerd("een voorschot kan nog €\u00a00,00 zijn"):
        bankregel_verdelen(
            regel=regel, delen=[Deel(roc_1, Decimal("37500.00"))], voorschot_op=roc_1.toezegging, door=financien
        )

    assert not Betaling.objects.filter(bankregel=regel).exists()
    assert Bankregel.objects.get().status == "open"
    bankregel_verdelen(
        regel=regel, delen=[Deel(roc_1, Decimal("37500.00")), Deel(roc_2, Decimal("2500.00"))], door=financien
    )
    assert (openstaand("LWT-2021-002"), openstaand("LWT-2021-005")) == (0, Decimal("35000.00"))


def test_reversing_one_part_of_a_split_line_reverses_the_line_whole(open_2021, financien):
    opslaan(open_2021, financien, lijn(datetime.date(2021, 7, 20), "40000.00", wie="ROC", tekst="twee facturen"))
    regel = Bankregel.objects.get()
    roc_1, roc_2 = Factuur.objects.get(nummer="LWT-2021-002"), Factuur.objects.get(nummer="LWT-2021-005")
    bankregel_verdelen(
        regel=regel, delen=[Deel(roc_1, Decimal("37500.00")), Deel(roc_2, Decimal("2500.00"))], door=financien
    )

    betaling_terugdraaien(betaling=Betaling.objects.get(factuur=roc_2), reden="Verkeerd verdeeld", door=financien)

    assert Bankregel.objects.get().status == "open"
    assert not Betaling.objects.filter(factuur__in=[roc_1, roc_2]).exists()
    assert sorted(
        Betaling.history.filter(history_type="-", history_user=financien).values_list(
            "history_change_reason", flat=True
        )
    ) == [
        "Teruggedraaid (met de andere delen van de bankregel): Verkeerd verdeeld",
        "Teruggedraaid: Verkeerd verdeeld",
    ]


def test_a_payment_of_a_bank_line_keeps_its_amount_and_date(open_2021, financien):
    opslaan(open_2021, financien, lijn(datetime.date(2021, 7, 20), "40000.00", wie="ROC", tekst="twee facturen"))
    regel = Bankregel.objects.get()
    roc_1, roc_2 = Factuur.objects.get(nummer="LWT-2021-002"), Factuur.objects.get(nummer="LWT-2021-005")
    bankregel_verdelen(
        regel=regel, delen=[Deel(roc_1, Decimal("37500.00")), Deel(roc_2, Decimal("2500.00"))], door=financien
    )
    deel = Betaling.objects.get(factuur=roc_2)

    deel.bedrag = Decimal("2400.00")
    with pytest.raises(ValidationError, match="bedrag en datum staan daar vast"):
        deel.full_clean()
    extra = Betaling(toezegging=roc_2.toezegging, factuur=roc_2, bankregel=regel, datum=regel.datum, bedrag=1)
    with geweigerd("Van deze bankregel van €\u00a040.000,00 is al €\u00a040.000,00 geboekt"):
        extra.full_clean()


# -- Part 2: one payment is one line, whatever the format ------------------------------------------
MT940 = """:20:STARTUMSE
:25:NL20INGB0001234567
:28C:00001
:60F:C210301EUR0,00
:61:2103020302C25000,00NTRFEREF//NONREF
:86:/EREF/E2E-UWV-7/CNTP/NL20INGB0001234567/INGBNL2A/UWV//REMI/USTD//LWT-2021-001 /SUM/ 1 betaling
:62F:C210302EUR25000,00
-
"""

CSV = (
    '"Datum";"Naam / Omschrijving";"Rekening";"Tegenrekening";"Code";"Af Bij";"Bedrag (EUR)";"Mededelingen"\r\n'
    '"20210302";"UWV Uitkeringen";"NL01";"NL20INGB0001234567";"OV";"Bij";"25000,00";"Factuur LWT-2021-001"\r\n'
)


def test_the_same_payment_as_mt940_and_as_csv_is_one_line(open_2021, financien):
    eerst = bankafschrift_inlezen(leerwerkloket=open_2021, bestandsnaam="a.sta", inhoud=MT940.encode(), door=financien)
    daarna = bankafschrift_inlezen(leerwerkloket=open_2021, bestandsnaam="a.csv", inhoud=CSV.encode(), door=financien)

    assert (eerst.nieuw, daarna.nieuw, daarna.al_bekend) == (1, 0, 1)
    assert Bankregel.objects.count() == 1


def test_two_equal_payments_on_one_day_are_two_lines_and_an_overlap_adds_only_the_new_one(open_2021, financien):
    dag = datetime.date(2021, 3, 2)
    ochtend = opslaan(open_2021, financien, lijn(dag, "5000.00", iban=UWV_IBAN, tekst="deel 1", plaats="Post 1"))
    avond = opslaan(
        open_2021,
        financien,
        lijn(dag, "5000.00", iban=UWV_IBAN, tekst="deel 1 (andere opmaak)", plaats="Post 1"),
        lijn(dag, "5000.00", iban=UWV_IBAN, tekst="deel 2", plaats="Post 2"),
        formaat="MT940",
    )

    assert (ochtend.nieuw, avond.nieuw, avond.al_bekend) == (1, 1, 1)
    assert Bankregel.objects.count() == 2


# -- Part 4: matching never crosses regions --------------------------------------------------------
@pytest.fixture
def groningen_factuur(open_2021):
    groningen = Leerwerkloket.objects.create(
        naam="Leerwerkloket Groningen", slug="groningen", arbeidsmarktregio="Groningen"
    )
    uwv = PartnerFactory(leerwerkloket=groningen, naam="UWV")
    afspraak = AfspraakFactory(leerwerkloket=groningen, financier=uwv, startjaar=2021, eindjaar=2025)
    toezegging = ToezeggingFactory(afspraak=afspraak, jaar=2021, bedrag_geld=Decimal("75000.00"))
    return FactuurFactory(toezegging=toezegging, nummer="GRONINGE-2021-0059", bedrag=Decimal("25000.00"))


@pytest.mark.parametrize(
    "omschrijving",
    ["Factuur GRONINGE-2021-0059", "factuur groninge-2021-0060", "betaling GRONINGE-2021-0059 en LWT-2021-001"],
)
def test_a_description_naming_another_regions_invoice_is_never_suggested(
    client, open_2021, financien, groningen_factuur, omschrijving
):
    uwv = Factuur.objects.get(nummer="LWT-2021-001").toezegging.afspraak.financier
    uwv.ibans = UWV_IBAN  # UWV pays every region from one national IBAN
    uwv.save()
    opslaan(
        open_2021, financien, lijn(datetime.date(2021, 3, 2), "25000.00", wie="UWV", iban=UWV_IBAN, tekst=omschrijving)
    )
    client.force_login(financien)

    pagina = client.get(reverse("importeren:bank")).content.decode()

    assert suggestie(Bankregel.objects.get()) is None
    assert "Voorstel:" not in pagina
    assert "Geen voorstel: de omschrijving noemt GRONINGE" in pagina
    assert ", een factuur van een andere regio." in pagina


def test_the_national_iban_still_suggests_this_regions_invoice(open_2021, financien, groningen_factuur):
    uwv = Factuur.objects.get(nummer="LWT-2021-001").toezegging.afspraak.financier
    uwv.ibans = UWV_IBAN
    uwv.save()
    opslaan(open_2021, financien, lijn(datetime.date(2021, 3, 2), "25000.00", wie="UWV", iban=UWV_IBAN, tekst="Q1"))

    voorstel = suggestie(Bankregel.objects.get())

    assert (voorstel.factuur.nummer, voorstel.reden) == ("LWT-2021-001", f"IBAN {UWV_IBAN} is van UWV")


# -- The page: every open line, counted right, in constant queries ----------------------------------
def _veel_regels(regio, gebruiker, aantal):
    opslaan(
        regio,
        gebruiker,
        *(
            lijn(datetime.date(2021, 1, 1) + datetime.timedelta(days=n % 300), f"{100 + n}.00", plaats=f"Post {n}")
            for n in range(aantal)
        ),
    )


def test_the_page_counts_every_open_line_and_pages_through_them(client, open_2021, financien):
    _veel_regels(open_2021, financien, 1200)
    client.force_login(financien)

    eerste = client.get(reverse("importeren:bank")).content.decode()
    laatste = client.get(reverse("importeren:bank"), {"pagina": 12}).content.decode()

    assert "Nog te boeken (1.200)" in eerste
    assert "Regels 1–100 van 1.200, pagina 1 van 12." in eerste
    assert "Regels 1.101–1.200 van 1.200, pagina 12 van 12." in laatste
    assert len(Pagina(laatste).tabel("Boeken op factuur").rijen) == 100


@pytest.mark.parametrize("aantal", [10, 2000])
def test_reading_a_statement_and_showing_the_page_take_constant_queries(
    client, open_2021, financien, django_assert_max_num_queries, aantal
):
    afschrift = Afschrift(
        lijn(datetime.date(2021, 1, 1) + datetime.timedelta(days=n % 300), f"{100 + n}.00", plaats=f"Post {n}")
        for n in range(aantal)
    )
    client.force_login(financien)

    # The lines go in by multi-row INSERTs (COPY on PostgreSQL), their history by one INSERT ... SELECT.
    with django_assert_max_num_queries(20):
        afschrift_opslaan(leerwerkloket=open_2021, afschrift=afschrift, bestandsnaam="groot.xml", door=financien)
    with django_assert_max_num_queries(20):
        assert client.get(reverse("importeren:bank")).status_code == 200


@pytest.mark.parametrize("omschrijving", ["Bijdrage Groningen 2021 regeling", "GRONINGEN", "Q1 2021 LWT-2021-001"])
def test_a_region_named_in_passing_is_not_another_regions_invoice(
    open_2021, financien, groningen_factuur, omschrijving
):
    opslaan(open_2021, financien, lijn(datetime.date(2021, 3, 2), "25000.00", wie="UWV", iban="", tekst=omschrijving))

    assert Voorsteller(open_2021).bezwaar(Bankregel.objects.get()) == ""


def test_the_command_says_why_it_suggests_nothing(open_2021, groningen_factuur, tmp_path):
    bestand = tmp_path / "afschrift.csv"
    bestand.write_text(
        '"Datum";"Naam / Omschrijving";"Rekening";"Tegenrekening";"Code";"Af Bij";"Bedrag (EUR)";"Mededelingen"\r\n'
        '"20210302";"UWV";"NL01";"NL20INGB0001234567";"OV";"Bij";"25000,00";"Factuur GRONINGE-2021-0059"\r\n',
        encoding="utf-8",
    )
    uit = io.StringIO()

    call_command("import_bank", str(bestand), regio="twente", dry_run=True, stdout=uit)

    assert (
        "02-03-2021 €\u00a025.000,00 van UWV: geen voorstel: de omschrijving noemt GRONINGE-2021-0059, een factuur "
        "van een andere regio"
    ) in uit.getvalue()
    assert not Bankregel.objects.exists()


def test_the_split_page_shows_a_refusal_and_keeps_what_was_typed(client, open_2021, financien):
    opslaan(open_2021, financien, lijn(datetime.date(2021, 7, 20), "40000.00", wie="ROC", tekst="twee facturen"))
    regel = Bankregel.objects.get()
    client.force_login(financien)
    adres = reverse("importeren:bank_verdelen", args=[regel.pk])

    antwoord = client.post(
        adres, {"factuur_1": Factuur.objects.get(nummer="LWT-2021-002").pk, "bedrag_1": "30.000,00", "bedrag_2": "5"}
    )

    html = antwoord.content.decode()
    assert antwoord.status_code == 200
    assert "Kies de factuur voor dit bedrag." in html
    assert 'value="30.000,00"' in html
    antwoord = client.post(adres, {"factuur_1": Factuur.objects.get(nummer="LWT-2021-002").pk, "bedrag_1": "30.000"})
    assert (
        "Van de ontvangst van €\u00a040.000,00 blijft €\u00a010.000,00 over. Boek de rest als voorschot op een "
        "toezegging, of verdeel het hele bedrag over de facturen."
    ) in antwoord.content.decode()
    assert Bankregel.objects.get().status == "open" and not Betaling.objects.filter(bankregel=regel).exists()


def test_the_stored_lines_have_their_history_and_who_read_them_in(open_2021, financien):
    with op_dag(datetime.date(2021, 8, 16)):
        opslaan(
            open_2021, financien, lijn(datetime.date(2021, 3, 1), "500.00"), lijn(datetime.date(2021, 3, 2), "600.00")
        )

    regels = Bankregel.objects.order_by("datum")
    assert [(r.ingelezen_door, r.ingelezen_op.date(), r.status) for r in regels] == [
        (financien, datetime.date(2021, 8, 16), "open")
    ] * 2
    geschiedenis = Bankregel.history.order_by("datum")
    assert [(h.history_type, h.history_user, h.bedrag) for h in geschiedenis] == [
        ("+", financien, Decimal("500.00")),
        ("+", financien, Decimal("600.00")),
    ]
