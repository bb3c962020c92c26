"""Corrections where finance staff work: an advance without an invoice, a credit invoice, and
correcting or reversing a payment; each with its reason in the history, each by the model's rules."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from financiering.bankimport.bank import bankafschrift_inlezen, bankregel_boeken, open_facturen
from financiering.models import Bankregel, Betaling, Factuur, Toezegging
from financiering.services import betaling_registreren, factuur_crediteren


def _toezegging(financier: str, jaar: int) -> Toezegging:
    return Toezegging.objects.met_geldstroom().get(afspraak__financier__naam=financier, jaar=jaar)


@pytest.fixture
def szw_2021(demo):
    """SZW's 2021 grant: EUR 100,000, of which EUR 75,000 came in as advances without an invoice."""
    toezegging = _toezegging("Ministerie van SZW", 2021)
    assert (toezegging.bedrag_geld, toezegging.gefactureerd, toezegging.ontvangen) == (
        Decimal("100000.00"),
        Decimal("0.00"),
        Decimal("75000.00"),
    )
    return toezegging


def _factuur_posten(client, toezegging, bedrag, nummer):
    return client.post(
        reverse("facturen:nieuw", args=[toezegging.pk]),
        {"nummer": nummer, "factuurdatum": "02-08-2021", "bedrag": bedrag, "omschrijving": "Subsidie 2021"},
        follow=True,
    )


def test_an_invoice_cannot_exceed_what_is_uninvoiced_after_advances(client, szw_2021, financien):
    client.force_login(financien)

    geweigerd = _factuur_posten(client, szw_2021, "75.000,00", "LWT-2021-SZW")

    pagina = geweigerd.content.decode()
    assert (
        "Op de toezegging van Ministerie van SZW voor 2021 (€\u00a0100.000,00 in geld) is al €\u00a00,00 "
        "gefactureerd en €\u00a075.000,00 als voorschot zonder factuur ontvangen; er kan nog €\u00a025.000,00 bij."
    ) in pagina
    assert 'value="75.000,00"' in pagina  # what was typed stays
    assert not Factuur.objects.filter(nummer="LWT-2021-SZW").exists()

    aanvaard = _factuur_posten(client, szw_2021, "25.000,00", "LWT-2021-SZW")

    assert "Factuur LWT-2021-SZW van €\u00a025.000,00 is vastgelegd." in aanvaard.content.decode()


def test_an_advance_is_booked_on_a_toezegging_and_obeys_what_is_left(client, szw_2021, financien):
    client.force_login(financien)
    adres = reverse("facturen:voorschot", args=[szw_2021.pk])

    te_veel = client.post(adres, {"datum": "01-10-2021", "bedrag": "25.000,01", "referentie": ""})
    goed = client.post(
        adres, {"datum": "01-10-2021", "bedrag": "25.000,00", "referentie": "SZW 4e termijn"}, follow=True
    )

    assert "een voorschot kan nog €\u00a025.000,00 zijn." in te_veel.content.decode()
    assert "Voorschot van €\u00a025.000,00 van Ministerie van SZW voor 2021 is vastgelegd." in goed.content.decode()
    assert _toezegging("Ministerie van SZW", 2021).ontvangen == Decimal("100000.00")
    with pytest.raises(ValidationError) as fout:
        _toezegging("Ministerie van SZW", 2021).facturen.model(
            toezegging=szw_2021, nummer="X-1", factuurdatum=datetime.date(2021, 8, 2),
            vervaldatum=datetime.date(2021, 9, 1), bedrag=Decimal("0.01"),
        ).full_clean()  # fmt: skip
    assert (
        "€\u00a0100.000,00 als voorschot zonder factuur ontvangen; er kan nog €\u00a00,00 bij."
        in fout.value.messages[0]
    )


def test_a_credit_invoice_reverses_what_is_open_and_the_figures_follow(client, demo, financien):
    factuur = Factuur.objects.get(nummer="LWT-2021-006")  # gemeenten, EUR 38,750, nothing received
    voor = _toezegging("Veertien Twentse gemeenten", 2021)
    client.force_login(financien)
    adres = reverse("facturen:crediteren", args=[factuur.pk])

    zonder_reden = client.post(adres, {"nummer": "LWT-2021-006-C", "factuurdatum": "02-08-2021", "bedrag": "38.750"})
    antwoord = client.post(
        adres,
        {"nummer": "LWT-2021-006-C", "factuurdatum": "02-08-2021", "bedrag": "38.750", "reden": "Dubbel gefactureerd"},
        follow=True,
    )

    assert "Dit veld is verplicht." in zonder_reden.content.decode()
    pagina = antwoord.content.decode()
    assert "Creditfactuur LWT-2021-006-C van €\u00a0-38.750,00 voor factuur LWT-2021-006 is vastgelegd." in pagina
    assert "creditfactuur voor LWT-2021-006" in pagina
    na = _toezegging("Veertien Twentse gemeenten", 2021)
    assert na.gefactureerd == voor.gefactureerd - Decimal("38750.00")
    assert na.openstaand == voor.openstaand - Decimal("38750.00")
    assert factuur not in open_facturen(demo)
    credit = Factuur.objects.get(nummer="LWT-2021-006-C")
    assert (credit.bedrag, credit.crediteert, credit.reden) == (Decimal("-38750.00"), factuur, "Dubbel gefactureerd")
    assert credit.history.first().history_change_reason == "Creditfactuur voor LWT-2021-006: Dubbel gefactureerd"
    assert credit.history.first().history_user == financien


def test_a_credit_invoice_cannot_take_off_what_was_received(demo, financien):
    factuur = Factuur.objects.get(nummer="LWT-2021-005")  # ROC, EUR 37,500, EUR 20,000 received

    with pytest.raises(ValidationError) as fout:
        factuur_crediteren(
            factuur=factuur,
            nummer="C-1",
            factuurdatum=datetime.date(2021, 8, 2),
            bedrag=Decimal("17500.01"),
            reden="Te hoog",
            door=financien,
        )
    factuur_crediteren(
        factuur=factuur,
        nummer="C-1",
        factuurdatum=datetime.date(2021, 8, 2),
        bedrag=Decimal("17500.00"),
        reden="Rest kwijtgescholden",
        door=financien,
    )

    assert "Op factuur LWT-2021-005 staat nog €\u00a017.500,00 open" in " ".join(fout.value.messages)
    assert Factuur.objects.met_ontvangen().get(pk=factuur.pk).openstaand == Decimal("0.00")
    with pytest.raises(ValidationError) as fout:
        betaling_registreren(factuur=factuur, bedrag=Decimal("1"), datum=datetime.date(2021, 9, 2), door=financien)
    assert "Op factuur LWT-2021-005 staat nog €\u00a00,00 open" in fout.value.messages[0]


def test_a_payment_is_corrected_with_a_reason_by_the_payment_rules(client, demo, financien):
    betaling = Betaling.objects.get(factuur__nummer="LWT-2021-005")  # EUR 20,000 on EUR 37,500
    client.force_login(financien)
    adres = reverse("facturen:betaling_corrigeren", args=[betaling.pk])
    gegevens = {"datum": "15-07-2021", "referentie": "ROC termijn 2", "reden": "Bedrag verkeerd overgenomen"}

    te_veel = client.post(adres, {**gegevens, "bedrag": "37.500,01"})
    goed = client.post(adres, {**gegevens, "bedrag": "21.000,00"}, follow=True)

    assert "Op factuur LWT-2021-005 staat nog €\u00a037.500,00 open" in te_veel.content.decode()
    assert "De betaling is gecorrigeerd: €\u00a021.000,00." in goed.content.decode()
    betaling.refresh_from_db()
    assert (betaling.bedrag, betaling.datum) == (Decimal("21000.00"), datetime.date(2021, 7, 15))
    assert betaling.history.first().history_change_reason == "Bedrag verkeerd overgenomen"


def test_a_payment_is_reversed_and_its_bank_line_is_open_again(client, demo, financien):
    Betaling.objects.filter(factuur__nummer="LWT-2021-006").delete()
    afschrift = (
        '"Datum";"Naam / Omschrijving";"Af Bij";"Bedrag (EUR)";"Mededelingen"\r\n'
        '"20210802";"Gemeente Hengelo";"Bij";"38750,00";"LWT-2021-006"\r\n'
    )
    bankafschrift_inlezen(leerwerkloket=demo, bestandsnaam="a.csv", inhoud=afschrift.encode(), door=financien)
    regel = bankregel_boeken(
        regel=Bankregel.objects.get(), factuur=Factuur.objects.get(nummer="LWT-2021-006"), door=financien
    )
    betaling = regel.betalingen.get()
    client.force_login(financien)
    adres = reverse("facturen:betaling_terugdraaien", args=[betaling.pk])

    zonder_vinkje = client.post(adres, {"terug-reden": "Verkeerde factuur"})
    antwoord = client.post(adres, {"terug-reden": "Verkeerde factuur", "terug-bevestigd": "on"}, follow=True)

    assert "Dit veld is verplicht." in zonder_vinkje.content.decode()
    assert (
        "De betaling van €\u00a038.750,00 van Veertien Twentse gemeenten op 02-08-2021 is teruggedraaid."
        in antwoord.content.decode()
    )
    assert not Betaling.objects.filter(pk=betaling.pk).exists()
    weg = Betaling.history.filter(id=betaling.pk).first()
    assert (weg.history_type, weg.history_change_reason) == ("-", "Teruggedraaid: Verkeerde factuur")
    assert Bankregel.objects.get(pk=regel.pk).status == Bankregel.Status.OPEN


def test_a_payment_booked_from_the_bank_keeps_the_statements_amount_and_date(client, demo, financien):
    Betaling.objects.filter(factuur__nummer="LWT-2021-006").delete()
    afschrift = (
        '"Datum";"Naam / Omschrijving";"Af Bij";"Bedrag (EUR)";"Mededelingen"\r\n'
        '"20210802";"Gemeente Hengelo";"Bij";"38750,00";"LWT-2021-006"\r\n'
    )
    bankafschrift_inlezen(leerwerkloket=demo, bestandsnaam="a.csv", inhoud=afschrift.encode(), door=financien)
    regel = bankregel_boeken(
        regel=Bankregel.objects.get(), factuur=Factuur.objects.get(nummer="LWT-2021-006"), door=financien
    )
    client.force_login(financien)
    adres = reverse("facturen:betaling_corrigeren", args=[regel.betalingen.get().pk])
    gegevens = {"datum": "02-08-2021", "bedrag": "38.000,00", "referentie": "", "reden": "Bedrag verkeerd"}

    geweigerd = client.post(adres, gegevens)
    alleen_kenmerk = client.post(adres, {**gegevens, "bedrag": "38.750,00", "referentie": "Hengelo Q3"})

    assert (
        "Deze betaling is geboekt uit het bankafschrift (€\u00a038.750,00 op 02-08-2021); bedrag en datum staan "
        "daar vast. Draai de betaling terug (de bankregel komt weer open) en boek die opnieuw."
    ) in geweigerd.content.decode()
    assert 'value="38.000,00"' in geweigerd.content.decode()  # what was typed stays
    assert alleen_kenmerk.status_code == 302
    betaling = regel.betalingen.get()
    assert (betaling.bedrag, betaling.referentie) == (Decimal("38750.00"), "Hengelo Q3")


def test_a_credit_invoice_is_not_dated_before_the_invoice_it_credits(demo, financien):
    factuur = Factuur.objects.get(nummer="LWT-2021-005")

    with pytest.raises(ValidationError) as fout:
        factuur_crediteren(
            factuur=factuur,
            nummer="C-1",
            factuurdatum=factuur.factuurdatum - datetime.timedelta(days=1),
            bedrag=Decimal("100.00"),
            reden="Te hoog",
            door=financien,
        )

    assert fout.value.message_dict["factuurdatum"] == [
        f"Factuur LWT-2021-005 is gedateerd op {factuur.factuurdatum:%d-%m-%Y}; een creditfactuur is niet eerder "
        "gedateerd dan de factuur die zij crediteert."
    ]
    assert not Factuur.objects.filter(nummer="C-1").exists()


def test_other_roles_cannot_correct(client, demo, stuurgroeplid, collega_achterhoek):
    betaling = Betaling.objects.filter(factuur__nummer="LWT-2021-005").get()
    adres = reverse("facturen:betaling_terugdraaien", args=[betaling.pk])
    gegevens = {"terug-reden": "x", "terug-bevestigd": "on"}

    client.force_login(stuurgroeplid)
    assert client.post(adres, gegevens).status_code == 403
    client.force_login(collega_achterhoek)
    assert client.post(adres, gegevens).status_code == 404
    assert Betaling.objects.filter(pk=betaling.pk).exists()
