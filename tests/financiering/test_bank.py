"""Received payments from a bank statement: suggestions, booking on confirmation, never twice."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from financiering.bankimport.bank import bankafschrift_inlezen, bankregel_boeken, suggestie
from financiering.models import Bankregel, Betaling, Factuur

# As a Dutch bank exports it (ING's columns): ';', amounts with a decimal comma, Af/Bij.
AFSCHRIFT = (
    '"Datum";"Naam / Omschrijving";"Rekening";"Tegenrekening";"Code";"Af Bij";"Bedrag (EUR)";"Mededelingen"\r\n'
    '"20210226";"ROC VAN TWENTE";"NL01";"NL02";"OV";"Bij";"37500,00";"Betaling LWT-2021-002 cofinanciering"\r\n'
    '"20210302";"Gemeente Enschede";"NL01";"NL03";"OV";"Bij";"38750,00";"Bijdrage Leerwerkloket"\r\n'
    '"20210303";"Kantoorartikelen BV";"NL01";"NL04";"IC";"Af";"120,50";"Factuur 998"\r\n'
    '"20210305";"Onbekende stichting";"NL01";"NL05";"OV";"Bij";"500,00";"Gift"\r\n'
)


def inlezen(regio, gebruiker, tekst=AFSCHRIFT, naam="afschrift.csv"):
    return bankafschrift_inlezen(leerwerkloket=regio, bestandsnaam=naam, inhoud=tekst.encode("utf-8"), door=gebruiker)


@pytest.fixture
def open_2021(demo):
    """The demo's 2021 first-term invoices, made open again for this statement."""
    Betaling.objects.filter(factuur__factuurdatum__year=2021).delete()
    return demo


def test_only_new_credit_lines_are_stored_and_nothing_is_booked(open_2021, financien):
    inlezing = inlezen(open_2021, financien)

    assert (inlezing.nieuw, inlezing.al_bekend, inlezing.afschrijvingen) == (3, 0, 1)
    assert list(Bankregel.objects.values_list("tegenpartij", "bedrag", "datum")) == [
        ("ROC VAN TWENTE", Decimal("37500.00"), datetime.date(2021, 2, 26)),
        ("Gemeente Enschede", Decimal("38750.00"), datetime.date(2021, 3, 2)),
        ("Onbekende stichting", Decimal("500.00"), datetime.date(2021, 3, 5)),
    ]
    assert not Betaling.objects.filter(factuur__factuurdatum__year=2021).exists()


def test_an_overlapping_statement_adds_only_what_is_new(open_2021, financien):
    inlezen(open_2021, financien)
    later = AFSCHRIFT + '"20210310";"UWV";"NL01";"NL06";"OV";"Bij";"25000,00";"LWT-2021-001"\r\n'

    inlezing = inlezen(open_2021, financien, later, naam="afschrift-maart.csv")

    assert (inlezing.nieuw, inlezing.al_bekend) == (1, 3)
    assert Bankregel.objects.count() == 4


def test_suggestions_by_invoice_number_and_by_amount_and_financier(open_2021, financien):
    inlezen(open_2021, financien)
    roc, enschede, onbekend = Bankregel.objects.order_by("datum")

    op_nummer = suggestie(roc)
    op_bedrag = suggestie(enschede)

    assert (op_nummer.factuur.nummer, op_nummer.reden) == (
        "LWT-2021-002",
        "factuurnummer LWT-2021-002 staat in de omschrijving",
    )
    assert op_bedrag.factuur.toezegging.afspraak.financier.naam == "Veertien Twentse gemeenten"
    assert op_bedrag.reden == "bedrag €\u00a038.750,00 en Veertien Twentse gemeenten"
    assert suggestie(onbekend) is None


def test_booking_makes_the_payment_once(open_2021, financien):
    inlezen(open_2021, financien)
    regel = Bankregel.objects.get(tegenpartij="ROC VAN TWENTE")
    factuur = Factuur.objects.get(nummer="LWT-2021-002")

    bankregel_boeken(regel=regel, factuur=factuur, door=financien)

    betaling = Betaling.objects.get(factuur=factuur)
    assert (betaling.bedrag, betaling.datum) == (Decimal("37500.00"), datetime.date(2021, 2, 26))
    assert list(Bankregel.objects.get(pk=regel.pk).betalingen.all()) == [betaling]
    with pytest.raises(ValidationError, match="Deze bankregel is al geboekt; hij wordt niet nog eens geboekt."):
        bankregel_boeken(regel=regel, factuur=factuur, door=financien)
    assert Betaling.objects.filter(factuur=factuur).count() == 1


def test_booking_more_than_is_open_is_refused_by_the_payment_rule(open_2021, financien):
    inlezen(open_2021, financien)
    regel = Bankregel.objects.get(tegenpartij="Gemeente Enschede")  # 38,750 on a 37,500 invoice
    factuur = Factuur.objects.get(nummer="LWT-2021-002")

    with pytest.raises(ValidationError) as fout:
        bankregel_boeken(regel=regel, factuur=factuur, door=financien)
    assert "Op factuur LWT-2021-002 staat nog €\u00a037.500,00 open" in " ".join(fout.value.messages)
    assert Bankregel.objects.get(pk=regel.pk).status == Bankregel.Status.OPEN


def test_a_bad_line_refuses_the_whole_statement(open_2021, financien):
    fout = AFSCHRIFT + '"2021-13-45";"UWV";"NL01";"NL06";"OV";"Bij";"veel";"x"\r\n'

    with pytest.raises(ValidationError) as uitzondering:
        inlezen(open_2021, financien, fout)

    assert uitzondering.value.messages[-1] == "Er is niets ingelezen; verbeter het bestand."
    assert "Rij 6:" in uitzondering.value.messages[0]
    assert not Bankregel.objects.exists()


def test_the_page_shows_suggestions_and_books_on_confirmation(client, open_2021, financien):
    client.force_login(financien)
    bestand = SimpleUploadedFile("afschrift.csv", AFSCHRIFT.encode(), content_type="text/csv")

    antwoord = client.post(reverse("importeren:bank"), {"bestand": bestand}, follow=True)

    pagina = antwoord.content.decode()
    assert "3 nieuwe ontvangst(en) ingelezen; 0 waren al bekend en 1 afschrijving(en) zijn overgeslagen." in pagina
    assert "Voorstel: factuurnummer LWT-2021-002 staat in de omschrijving" in pagina
    assert "Geen voorstel gevonden." in pagina
    regel = Bankregel.objects.get(tegenpartij="ROC VAN TWENTE")
    factuur = Factuur.objects.get(nummer="LWT-2021-002")

    antwoord = client.post(reverse("importeren:bank_boeken", args=[regel.pk]), {"factuur": factuur.pk}, follow=True)

    assert "€\u00a037.500,00 van ROC VAN TWENTE is geboekt op factuur LWT-2021-002." in antwoord.content.decode()
    assert Betaling.objects.filter(factuur=factuur).count() == 1


def test_other_roles_and_regions_cannot_book(client, open_2021, financien, stuurgroeplid, collega_achterhoek):
    inlezen(open_2021, financien)
    regel = Bankregel.objects.get(tegenpartij="ROC VAN TWENTE")
    factuur = Factuur.objects.get(nummer="LWT-2021-002")

    client.force_login(stuurgroeplid)
    assert client.post(reverse("importeren:bank_boeken", args=[regel.pk]), {"factuur": factuur.pk}).status_code == 403
    client.force_login(collega_achterhoek)
    assert client.post(reverse("importeren:bank_boeken", args=[regel.pk]), {"factuur": factuur.pk}).status_code == 404
    assert not Betaling.objects.filter(factuur=factuur).exists()
