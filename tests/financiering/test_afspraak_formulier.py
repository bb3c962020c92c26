"""Creating and editing an agreement with all its years in one form, and recording invoices and
payments, as the projectleider and finance staff do it."""

import datetime
import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from financiering.models import Betaling, Factuur, Financieringsafspraak, Toezegging
from financiering.selectors import toestand
from financiering.services import afspraak_opslaan
from tests.factories import AfspraakFactory, FactuurFactory, PartnerFactory, ToezeggingFactory

MELDING = (
    "Iemand anders heeft deze afspraak gewijzigd nadat u dit formulier opende, dus er is niets opgeslagen. "
    "Wat u invoerde staat hieronder nog. Open deze afspraak opnieuw in een nieuw tabblad om de nieuwe stand "
    "te zien en breng uw wijzigingen daar opnieuw aan."
)


def gegevens(financier, **meer):
    data = {
        "financier": financier.pk,
        "soort": "cofinanciering",
        "naam": "Cofinanciering ROC van Twente 2022-2026",
        "reden": "Nieuwe bedragen afgesproken",  # asked only when the agreement is signed
        "startjaar": "2022",
        "eindjaar": "2026",
        "minimum_per_jaar": "75.000",
        "notities": "",
        "toestand": "",
    }
    for jaar in range(2022, 2027):
        data[f"geld_{jaar}"] = "75.000"
        data[f"natura_{jaar}"] = ""
    data.update(meer)
    return data


def test_a_new_agreement_shows_its_five_years_prefilled_with_the_minimum(client, projectleider, twente):
    client.force_login(projectleider)
    roc = PartnerFactory(leerwerkloket=twente, naam="ROC van Twente", soort="roc")
    data = gegevens(roc)
    data["jaren_bijwerken"] = "1"
    for jaar in range(2022, 2027):
        data.pop(f"geld_{jaar}")

    pagina = client.post(reverse("afspraken:nieuw"), data).content.decode()

    for jaar in range(2022, 2027):
        assert f'name="geld_{jaar}" value="75.000,00"' in pagina, jaar
    assert not Financieringsafspraak.objects.exists()


def test_the_projectleider_creates_an_agreement_with_every_year(client, projectleider, twente):
    client.force_login(projectleider)
    roc = PartnerFactory(leerwerkloket=twente, naam="ROC van Twente", soort="roc")

    antwoord = client.post(reverse("afspraken:nieuw"), gegevens(roc, geld_2024="80.000,50"))

    afspraak = Financieringsafspraak.objects.get()
    assert antwoord.status_code == 302 and antwoord.url == reverse("afspraken:detail", args=[afspraak.pk])
    assert dict(afspraak.toezeggingen.values_list("jaar", "bedrag_geld")) == {
        2022: Decimal("75000.00"),
        2023: Decimal("75000.00"),
        2024: Decimal("80000.50"),
        2025: Decimal("75000.00"),
        2026: Decimal("75000.00"),
    }
    assert afspraak.leerwerkloket == twente
    assert afspraak.history.get().history_user == projectleider


def test_a_wrong_amount_is_refused_next_to_its_year_and_everything_typed_stays(client, projectleider, twente):
    client.force_login(projectleider)
    roc = PartnerFactory(leerwerkloket=twente, naam="ROC van Twente", soort="roc")

    antwoord = client.post(reverse("afspraken:nieuw"), gegevens(roc, geld_2023="70.000", geld_2025="tachtig"))

    pagina = antwoord.content.decode()
    assert antwoord.status_code == 200
    assert (
        '<p class="veldfout" id="id_geld_2025_fout">&#x27;tachtig&#x27; is geen bedrag. '
        "Schrijf bijvoorbeeld 75.000 of 1.234,56.</p>"
    ) in pagina
    assert 'name="geld_2025" value="tachtig"' in pagina
    assert 'name="geld_2023" value="70.000"' in pagina
    assert not Financieringsafspraak.objects.exists()
    assert not Toezegging.objects.exists()


def test_a_rule_refusal_of_one_year_rolls_back_the_agreement_and_every_year(client, projectleider, twente):
    client.force_login(projectleider)
    roc = PartnerFactory(leerwerkloket=twente, naam="ROC van Twente", soort="roc")

    antwoord = client.post(reverse("afspraken:nieuw"), gegevens(roc, geld_2023="70.000"))

    assert (
        '<p class="veldfout" id="id_geld_2023_fout">De toezegging van ROC van Twente voor 2023 is €\u00a070.000,00; '
        "afgesproken is minimaal €\u00a075.000,00 per jaar. Verhoog de toezegging of pas eerst de afspraak aan.</p>"
    ) in antwoord.content.decode()
    assert 'name="naam" value="Cofinanciering ROC van Twente 2022-2026"' in antwoord.content.decode()
    assert not Financieringsafspraak.objects.exists()
    assert not Toezegging.objects.exists()


def test_editing_changes_the_years_and_a_concurrent_save_is_refused(client, projectleider, twente):
    client.force_login(projectleider)
    afspraak = AfspraakFactory(leerwerkloket=twente, startjaar=2022, eindjaar=2026, naam="Cofinanciering UWV")
    for jaar in range(2022, 2027):
        ToezeggingFactory(afspraak=afspraak, jaar=jaar)
    adres = reverse("afspraken:bewerken", args=[afspraak.pk])
    vingerafdruk = toestand(afspraak)
    data = gegevens(afspraak.financier, naam="Cofinanciering UWV", geld_2026="90.000", toestand=vingerafdruk)

    # Someone else saves first.
    Toezegging.objects.filter(afspraak=afspraak, jaar=2022).update(bedrag_geld=Decimal("76000"))
    geweigerd = client.post(adres, data)

    assert MELDING in geweigerd.content.decode()
    assert Toezegging.objects.get(afspraak=afspraak, jaar=2026).bedrag_geld == Decimal("75000.00")

    data["toestand"] = toestand(afspraak)
    data["geld_2022"] = "76.000"
    assert client.post(adres, data).status_code == 302
    assert Toezegging.objects.get(afspraak=afspraak, jaar=2026).bedrag_geld == Decimal("90000.00")


def test_the_form_shows_the_state_its_fingerprint_stands_for(client, projectleider, twente, monkeypatch):
    """A colleague's save that commits after the view read the agreement but before the
    fingerprint was taken: the form must show that save, or saving it would undo it unseen."""
    from financiering import views_afspraken

    client.force_login(projectleider)
    afspraak = AfspraakFactory(leerwerkloket=twente, startjaar=2022, eindjaar=2026, naam="Cofinanciering UWV")
    vingerafdruk = views_afspraken.selectors.toestand

    def collega_slaat_eerst_op(a):
        Financieringsafspraak.objects.filter(pk=a.pk).update(naam="Cofinanciering UWV Twente")
        return vingerafdruk(a)

    monkeypatch.setattr(views_afspraken.selectors, "toestand", collega_slaat_eerst_op)
    pagina = client.get(reverse("afspraken:bewerken", args=[afspraak.pk])).content.decode()

    assert 'value="Cofinanciering UWV Twente"' in pagina


def test_two_saves_drawn_from_the_same_state_the_second_is_refused_and_keeps_what_was_typed(
    client, projectleider, twente
):
    client.force_login(projectleider)
    afspraak = AfspraakFactory(leerwerkloket=twente, startjaar=2022, eindjaar=2026, naam="Cofinanciering UWV")
    for jaar in range(2022, 2027):
        ToezeggingFactory(afspraak=afspraak, jaar=jaar)
    adres = reverse("afspraken:bewerken", args=[afspraak.pk])
    # Two tabs open the same form.
    getekend = re.search(r'name="toestand" value="(\w+)"', client.get(adres).content.decode()).group(1)
    eerste = gegevens(afspraak.financier, naam="Cofinanciering UWV", geld_2024="80.000", toestand=getekend)
    tweede = gegevens(afspraak.financier, naam="Cofinanciering UWV 2022-2026", geld_2025="95.000,50", toestand=getekend)

    assert client.post(adres, eerste).status_code == 302
    geweigerd = client.post(adres, tweede)

    pagina = geweigerd.content.decode()
    assert geweigerd.status_code == 200
    assert f'<div class="fout" role="alert"><p>{MELDING}</p></div>' in pagina
    assert 'name="naam" value="Cofinanciering UWV 2022-2026"' in pagina
    assert 'name="geld_2025" value="95.000,50"' in pagina
    afspraak.refresh_from_db()
    assert afspraak.naam == "Cofinanciering UWV"
    assert dict(afspraak.toezeggingen.values_list("jaar", "bedrag_geld")) == {
        2022: Decimal("75000.00"),
        2023: Decimal("75000.00"),
        2024: Decimal("80000.00"),
        2025: Decimal("75000.00"),
        2026: Decimal("75000.00"),
    }


def test_the_service_compares_the_state_under_the_lock_so_two_saves_from_one_state_cannot_both_pass(
    projectleider, twente
):
    afspraak = AfspraakFactory(leerwerkloket=twente, startjaar=2022, eindjaar=2022)
    ToezeggingFactory(afspraak=afspraak, jaar=2022)
    getekend = toestand(afspraak)
    afspraak_opslaan(
        afspraak=afspraak,
        bedragen={2022: (Decimal("80000"), None)},
        door=projectleider,
        toestand=getekend,
        reden="Meer",
    )

    with pytest.raises(ValidationError, match="Iemand anders heeft deze afspraak gewijzigd nadat u dit formulier"):
        afspraak_opslaan(
            afspraak=afspraak,
            bedragen={2022: (Decimal("90000"), None)},
            door=projectleider,
            toestand=getekend,
            reden="Nog meer",
        )
    assert Toezegging.objects.get(afspraak=afspraak).bedrag_geld == Decimal("80000.00")


def test_finance_staff_record_an_invoice_and_a_payment(client, financien, twente):
    client.force_login(financien)
    toezegging = ToezeggingFactory(afspraak=AfspraakFactory(leerwerkloket=twente), jaar=2018)

    antwoord = client.post(
        reverse("facturen:nieuw", args=[toezegging.pk]),
        {
            "nummer": "LWT-2018-101",
            "factuurdatum": "2018-02-01",
            "vervaldatum": "",
            "bedrag": "37.500",
            "omschrijving": "",
        },
    )

    factuur = Factuur.objects.get()
    assert antwoord.status_code == 302
    assert (factuur.bedrag, factuur.vervaldatum) == (Decimal("37500.00"), datetime.date(2018, 3, 3))

    te_veel = client.post(
        reverse("facturen:betaling", args=[factuur.pk]), {"datum": "2018-03-01", "bedrag": "40.000", "referentie": ""}
    )
    assert "Op factuur LWT-2018-101 staat nog €\u00a037.500,00 open; deze betaling van €\u00a040.000,00 is hoger." in (
        te_veel.content.decode()
    )
    assert 'name="bedrag" value="40.000"' in te_veel.content.decode()

    client.post(
        reverse("facturen:betaling", args=[factuur.pk]), {"datum": "2018-03-01", "bedrag": "37.500", "referentie": "x"}
    )
    assert Betaling.objects.get().bedrag == Decimal("37500.00")


def test_invoicing_more_than_committed_is_refused_next_to_the_amount(client, financien, twente):
    client.force_login(financien)
    toezegging = ToezeggingFactory(afspraak=AfspraakFactory(leerwerkloket=twente), jaar=2018)
    FactuurFactory(toezegging=toezegging, bedrag=Decimal("75000.00"))

    antwoord = client.post(
        reverse("facturen:nieuw", args=[toezegging.pk]),
        {"nummer": "LWT-2018-102", "factuurdatum": "2018-07-01", "vervaldatum": "", "bedrag": "1", "omschrijving": ""},
    )

    assert '<p class="veldfout" id="id_bedrag_fout">Op de toezegging van UWV voor 2018' in antwoord.content.decode()
    assert Factuur.objects.count() == 1


def test_only_finance_staff_record_money(client, projectleider, stuurgroeplid, collega_achterhoek, twente):
    toezegging = ToezeggingFactory(afspraak=AfspraakFactory(leerwerkloket=twente), jaar=2018)
    factuur = FactuurFactory(toezegging=toezegging)
    for wie in (projectleider, stuurgroeplid):
        client.force_login(wie)
        assert client.get(reverse("facturen:nieuw", args=[toezegging.pk])).status_code == 403
        assert client.get(reverse("facturen:betaling", args=[factuur.pk])).status_code == 403
    client.force_login(collega_achterhoek)
    assert client.get(reverse("facturen:nieuw", args=[toezegging.pk])).status_code == 404
    assert client.get(reverse("facturen:betaling", args=[factuur.pk])).status_code == 404
