"""An agreement is signed through one transition (concept → getekend, with the date and the
signatories); whether it runs, runs out, has not begun or has ended follows from its years and the
day. A signed agreement's amounts change only with a reason, which the history shows."""

import datetime
import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from financiering.models import Financieringsafspraak, Looptoestand, Toezegging
from financiering.selectors import toestand
from financiering.services import afspraak_tekenen
from tests.conftest import op_dag
from tests.factories import AfspraakFactory, PartnerFactory, ToezeggingFactory
from tests.migraties import migreer, naar_de_laatste
from tests.pagina import Pagina

pytestmark = pytest.mark.django_db

CONCEPT = Financieringsafspraak.Status.CONCEPT
DAG_IN_2026 = datetime.date(2026, 12, 7)


@pytest.fixture(autouse=True)
def op_een_dag_in_2026():
    """Every test here runs on 7 December 2026 (unless it travels on), its data made that day too."""
    with op_dag(DAG_IN_2026):
        yield


@pytest.fixture
def roc_2027(twente):
    """ROC van Twente's renewal for 2027-2031, a concept with € 80.000,00 a year."""
    afspraak = AfspraakFactory(
        leerwerkloket=twente,
        financier=PartnerFactory(leerwerkloket=twente, naam="ROC van Twente", soort="roc"),
        naam="Cofinanciering ROC van Twente 2027-2031",
        startjaar=2027,
        eindjaar=2031,
        status=CONCEPT,
    )
    for jaar in range(2027, 2032):
        ToezeggingFactory(afspraak=afspraak, jaar=jaar, bedrag_geld=Decimal("80000.00"))
    return afspraak


def formulier(afspraak, **meer) -> dict:
    data = {
        "financier": afspraak.financier_id,
        "soort": afspraak.soort,
        "naam": afspraak.naam,
        "startjaar": afspraak.startjaar,
        "eindjaar": afspraak.eindjaar,
        "minimum_per_jaar": "75.000",
        "notities": "",
        "toestand": toestand(afspraak),
    }
    for t in afspraak.toezeggingen.all():
        data[f"geld_{t.jaar}"] = f"{t.bedrag_geld:.2f}".replace(".", ",")
        data[f"natura_{t.jaar}"] = ""
    return data | meer


# -- the derived state ----------------------------------------------------------------------------
def test_a_signed_2027_2031_agreement_has_not_begun_on_a_day_in_2026(client, stuurgroeplid, roc_2027, projectleider):
    with op_dag(DAG_IN_2026):
        afspraak_tekenen(
            afspraak=roc_2027,
            getekend_op=datetime.date(2026, 12, 1),
            getekend_door="G. Olde Monnikhof",
            door=projectleider,
        )
        client.force_login(stuurgroeplid)
        detail = Pagina(client.get(reverse("afspraken:detail", args=[roc_2027.pk])).text)
        lijst = Pagina(client.get(reverse("afspraken:lijst")).text)

    assert detail.tekst("looptoestand") == "Nog niet begonnen"
    assert lijst.tabel("Afspraak", "Status").rij("Cofinanciering ROC van Twente 2027-2031")["Status"] == (
        "Nog niet begonnen"
    )


@pytest.mark.parametrize(
    ("dag", "verwacht"),
    [
        (datetime.date(2016, 12, 20), Looptoestand.NOG_NIET_BEGONNEN),
        (datetime.date(2017, 1, 1), Looptoestand.LOOPT),
        (datetime.date(2020, 12, 30), Looptoestand.LOOPT),
        (datetime.date(2020, 12, 31), Looptoestand.LOOPT_AF),  # 31 December 2021 is twelve months on
        (datetime.date(2021, 12, 31), Looptoestand.LOOPT_AF),
        (datetime.date(2022, 1, 1), Looptoestand.BEEINDIGD),
    ],
)
def test_running_running_out_and_ended_follow_from_the_years_and_the_day(twente, dag, verwacht, settings):
    settings.AFSPRAAK_LOOPT_AF_MAANDEN = 12
    getekend = AfspraakFactory(leerwerkloket=twente)  # 2017-2021
    concept = AfspraakFactory(leerwerkloket=twente, naam="Concept", status=CONCEPT)
    structureel = AfspraakFactory(
        leerwerkloket=twente,
        naam="Open einde",
        soort="structurele_subsidie",
        eindjaar=None,
        minimum_per_jaar=None,
        beschikkingsnummer="SZW-1",
        beschikkingsdatum=datetime.date(2016, 12, 1),
    )

    assert getekend.looptoestand_op(dag) == verwacht
    assert concept.looptoestand_op(dag) == Looptoestand.CONCEPT
    assert structureel.looptoestand_op(dag) == (
        Looptoestand.NOG_NIET_BEGONNEN if dag.year < 2017 else Looptoestand.LOOPT
    )
    # The database says the same, for the list's filter.
    for afspraak in (getekend, concept, structureel):
        toestand = afspraak.looptoestand_op(dag)
        assert list(Financieringsafspraak.objects.in_looptoestand(toestand, op=dag).filter(pk=afspraak.pk)) == [
            afspraak
        ]


# -- signing --------------------------------------------------------------------------------------
def test_the_projectleider_signs_with_the_date_and_who_and_the_page_and_history_say_so(client, projectleider, roc_2027):
    client.force_login(projectleider)
    with op_dag(DAG_IN_2026):
        detail = client.get(reverse("afspraken:detail", args=[roc_2027.pk])).text
        adres = reverse("afspraken:tekenen", args=[roc_2027.pk])
        assert f'href="{adres}">Tekenen</a>' in detail
        assert "concept tot zij getekend is" in detail

        antwoord = client.post(
            adres, {"getekend_op": "2026-12-01", "getekend_door": "G. Olde Monnikhof (ROC van Twente)"}, follow=True
        )

    pagina = antwoord.text
    assert antwoord.redirect_chain[-1][0] == reverse("afspraken:detail", args=[roc_2027.pk])
    assert "is getekend op 01-12-2026; haar toezeggingen tellen nu mee." in pagina
    assert Pagina(pagina).tekst("getekend").startswith("op 01-12-2026 door G. Olde Monnikhof (ROC van Twente)")
    assert "concept tot zij getekend is" not in pagina and f'href="{adres}"' not in pagina
    tabel = Pagina(pagina).tabel("Wanneer", "Wie", "Wat", "Wijziging")
    getekend = dict(zip(tabel.kop, tabel.rijen[0], strict=True))
    assert (getekend["Wie"], getekend["Wat"]) == (
        "Jenny",
        "Gewijzigd: de afspraak (Getekend op 01-12-2026 door G. Olde Monnikhof (ROC van Twente))",
    )
    assert getekend["Wijziging"].startswith("status: Concept → Getekend getekend op: – → 01-12-2026")
    assert getekend["Wijziging"].endswith("ondertekening vastgelegd door: – → Jenny")
    roc_2027.refresh_from_db()
    assert (roc_2027.status, roc_2027.getekend_op, roc_2027.getekend_vastgelegd_door) == (
        Financieringsafspraak.Status.GETEKEND,
        datetime.date(2026, 12, 1),
        projectleider,
    )
    assert Toezegging.objects.filter(afspraak=roc_2027).opgeteld()["toegezegd"] == Decimal("400000.00")


def test_a_signing_date_in_the_future_is_refused_and_what_was_typed_stays(client, projectleider, roc_2027):
    client.force_login(projectleider)
    with op_dag(DAG_IN_2026):
        antwoord = client.post(
            reverse("afspraken:tekenen", args=[roc_2027.pk]),
            {"getekend_op": "2026-12-24", "getekend_door": "G. Olde Monnikhof"},
        )

    assert antwoord.status_code == 200
    assert (
        "De datum van ondertekening (24-12-2026) ligt in de toekomst. Leg de ondertekening vast op of na de dag "
        "dat zij getekend is."
    ) in antwoord.text
    assert 'value="G. Olde Monnikhof"' in antwoord.text and 'value="2026-12-24"' in antwoord.text
    roc_2027.refresh_from_db()
    assert roc_2027.status == CONCEPT and roc_2027.getekend_op is None


def test_signing_needs_a_date_and_who_signed(projectleider, roc_2027):
    with pytest.raises(ValidationError) as fout:
        afspraak_tekenen(afspraak=roc_2027, getekend_op=None, getekend_door=" ", door=projectleider)
    assert fout.value.message_dict == {
        "getekend_op": ["Vul de datum in waarop de afspraak getekend is."],
        "getekend_door": ["Vul in wie de afspraak ondertekend hebben."],
    }


@pytest.mark.parametrize("wie", ["stuurgroeplid", "financien"])
def test_only_the_projectleider_signs(client, request, wie, roc_2027):
    client.force_login(request.getfixturevalue(wie))
    with op_dag(DAG_IN_2026):
        detail = client.get(reverse("afspraken:detail", args=[roc_2027.pk])).text
        antwoord = client.post(
            reverse("afspraken:tekenen", args=[roc_2027.pk]), {"getekend_op": "2026-12-01", "getekend_door": "X"}
        )

    assert ">Tekenen</a>" not in detail
    assert antwoord.status_code == 403
    roc_2027.refresh_from_db()
    assert roc_2027.status == CONCEPT


def test_a_signed_agreement_is_not_signed_twice(client, projectleider, twente):
    afspraak = AfspraakFactory(leerwerkloket=twente)
    client.force_login(projectleider)

    antwoord = client.post(
        reverse("afspraken:tekenen", args=[afspraak.pk]),
        {"getekend_op": "2020-01-01", "getekend_door": "X"},
        follow=True,
    )

    assert "is al getekend, op 15-12-2016." in antwoord.text
    afspraak.refresh_from_db()
    assert afspraak.getekend_op == datetime.date(2016, 12, 15)


# -- amounts of a signed agreement ------------------------------------------------------------------
def test_a_concepts_amounts_change_freely_without_a_reason(client, projectleider, roc_2027):
    client.force_login(projectleider)
    adres = reverse("afspraken:bewerken", args=[roc_2027.pk])
    with op_dag(DAG_IN_2026):
        assert 'name="reden"' not in client.get(adres).text
        antwoord = client.post(adres, formulier(roc_2027, geld_2028="85.000"))

    assert antwoord.status_code == 302
    assert Toezegging.objects.get(afspraak=roc_2027, jaar=2028).bedrag_geld == Decimal("85000.00")


def test_a_signed_agreements_amount_changes_only_with_a_reason_that_the_history_shows(
    client, projectleider, stuurgroeplid, roc_2027
):
    client.force_login(projectleider)
    adres = reverse("afspraken:bewerken", args=[roc_2027.pk])
    with op_dag(DAG_IN_2026):
        afspraak_tekenen(
            afspraak=roc_2027, getekend_op=datetime.date(2026, 12, 1), getekend_door="ROC", door=projectleider
        )
        assert 'name="reden"' in client.get(adres).text

        geweigerd = client.post(adres, formulier(roc_2027, geld_2028="85.000", naam="ROC 2027-2031"))
        assert geweigerd.status_code == 200
        assert (
            '<p class="veldfout" id="id_reden_fout">&#x27;ROC 2027-2031&#x27; is getekend '
            "en het bedrag voor 2028 verandert: vul de reden van de wijziging in; die komt in de geschiedenis.</p>"
        ) in geweigerd.text
        assert 'name="geld_2028" value="85.000"' in geweigerd.text and 'value="ROC 2027-2031"' in geweigerd.text
        assert Toezegging.objects.get(afspraak=roc_2027, jaar=2028).bedrag_geld == Decimal("80000.00")
        assert Financieringsafspraak.objects.get(pk=roc_2027.pk).naam == "Cofinanciering ROC van Twente 2027-2031"

        reden = "Extra voor de routekaart BBL, stuurgroep 3 december"
        aanvaard = client.post(adres, formulier(roc_2027, geld_2028="85.000", reden=reden))
        assert aanvaard.status_code == 302

        client.force_login(stuurgroeplid)
        pagina = Pagina(client.get(reverse("afspraken:detail", args=[roc_2027.pk])).text)

    assert Toezegging.objects.get(afspraak=roc_2027, jaar=2028).bedrag_geld == Decimal("85000.00")
    tabel = pagina.tabel("Wanneer", "Wie", "Wat", "Wijziging")
    laatste = dict(zip(tabel.kop, tabel.rijen[0], strict=True))
    assert laatste["Wie"] == "Jenny"
    assert laatste["Wat"] == f"Gewijzigd: toezegging 2028 ({reden})"
    assert laatste["Wijziging"] == "bedrag in geld: €\u00a080.000,00 → €\u00a085.000,00"


def test_a_signed_agreements_minimum_changes_only_with_a_reason(projectleider, twente):
    from financiering.services import afspraak_opslaan

    afspraak = AfspraakFactory(leerwerkloket=twente)
    afspraak.minimum_per_jaar = Decimal("70000.00")
    with pytest.raises(ValidationError) as fout:
        afspraak_opslaan(afspraak=afspraak, bedragen={}, door=projectleider)
    assert fout.value.message_dict["reden"] == [
        "'Cofinanciering UWV 2017-2021' is getekend en het minimum per jaar verandert: vul de reden van de "
        "wijziging in; die komt in de geschiedenis."
    ]

    afspraak_opslaan(afspraak=afspraak, bedragen={}, door=projectleider, reden="Stuurgroep 1 maart")
    assert afspraak.history.latest().history_change_reason == "Stuurgroep 1 maart"


def test_on_the_page_a_signed_agreements_minimum_and_period_change_with_the_reason_typed(
    client, projectleider, roc_2027
):
    afspraak_tekenen(afspraak=roc_2027, getekend_op=datetime.date(2026, 12, 1), getekend_door="ROC", door=projectleider)
    client.force_login(projectleider)
    adres = reverse("afspraken:bewerken", args=[roc_2027.pk])

    zonder = client.post(adres, formulier(roc_2027, minimum_per_jaar="70.000"))
    met = client.post(adres, formulier(roc_2027, minimum_per_jaar="70.000", reden="Addendum 2 december"))

    assert "is getekend en het minimum per jaar verandert: vul de reden van de wijziging in" in zonder.text
    assert 'value="70.000"' in zonder.text
    assert met.status_code == 302
    roc_2027.refresh_from_db()
    assert roc_2027.minimum_per_jaar == Decimal("70000.00")
    assert roc_2027.history.first().history_change_reason == "Addendum 2 december"


def test_a_signed_agreement_keeps_its_financier_even_with_a_reason(projectleider, twente):
    from financiering.services import afspraak_opslaan

    afspraak = AfspraakFactory(leerwerkloket=twente)
    afspraak.financier = PartnerFactory(leerwerkloket=twente, naam="ROC van Twente", soort="roc")
    with pytest.raises(ValidationError) as fout:
        afspraak_opslaan(afspraak=afspraak, bedragen={}, door=projectleider, reden="Andere partner")

    assert fout.value.message_dict["financier"] == [
        "De afspraak is getekend: zij blijft bij deze financier, soort en project. Leg een andere afspraak vast "
        "als dat verandert."
    ]
    assert Financieringsafspraak.objects.get(pk=afspraak.pk).financier.naam == "UWV"


def test_a_signed_agreements_period_changes_only_with_a_reason(projectleider, twente):
    from financiering.services import afspraak_opslaan

    afspraak = AfspraakFactory(leerwerkloket=twente)
    afspraak.eindjaar = 2022
    with pytest.raises(ValidationError) as fout:
        afspraak_opslaan(afspraak=afspraak, bedragen={}, door=projectleider)
    assert fout.value.message_dict["reden"] == [
        "'Cofinanciering UWV 2017-2021' is getekend en de looptijd verandert: vul de reden van de wijziging in; "
        "die komt in de geschiedenis."
    ]

    afspraak_opslaan(afspraak=afspraak, bedragen={}, door=projectleider, reden="Addendum: een jaar langer")
    assert Financieringsafspraak.objects.get(pk=afspraak.pk).eindjaar == 2022


def test_the_form_of_a_signed_agreement_shows_its_financier_but_does_not_take_another(
    client, projectleider, roc_2027, twente
):
    afspraak_tekenen(afspraak=roc_2027, getekend_op=datetime.date(2026, 12, 1), getekend_door="ROC", door=projectleider)
    ander = PartnerFactory(leerwerkloket=twente, naam="UWV", soort="uwv")
    client.force_login(projectleider)
    adres = reverse("afspraken:bewerken", args=[roc_2027.pk])

    formulier_html = client.get(adres).text
    antwoord = client.post(adres, formulier(roc_2027, financier=ander.pk, notities="Gesprek 4 december"))

    assert re.search(r'<select name="financier"[^>]*disabled', formulier_html)
    assert antwoord.status_code == 302
    roc_2027.refresh_from_db()
    assert (roc_2027.financier.naam, roc_2027.notities) == ("ROC van Twente", "Gesprek 4 december")


# -- the migration ---------------------------------------------------------------------------------
@pytest.mark.django_db(transaction=True)
def test_the_migration_signs_what_was_agreed_and_keeps_concepts():
    """Old rows (toegezegd, lopend, beëindigd) become getekend on the earliest of their first
    year's 1 January and today; a renewal's "concept" note goes; a concept stays a concept. And back."""
    voor, na = (
        ("financiering", "0006_bankregel_status_overgangen"),
        ("financiering", "0009_afspraak_getekend_heeft_datum"),
    )
    oud_apps = migreer([voor])
    try:
        regio = oud_apps.get_model("partners", "Leerwerkloket").objects.create(
            naam="Leerwerkloket Twente", slug="twente", arbeidsmarktregio="Twente"
        )
        partner = oud_apps.get_model("partners", "Partner").objects.create(leerwerkloket=regio, naam="UWV", soort="uwv")
        afspraken = oud_apps.get_model("financiering", "Financieringsafspraak").objects
        velden = {"leerwerkloket": regio, "financier": partner, "soort": "projectbijdrage"}
        velden["project"] = oud_apps.get_model("partners", "Project").objects.create(
            leerwerkloket=regio, naam="Zorg", startjaar=2017
        )
        oud = afspraken.create(naam="Oud", status="lopend", startjaar=2017, eindjaar=2021, **velden)
        toekomst = afspraken.create(
            naam="Volgend",
            status="toegezegd",
            startjaar=2027,
            eindjaar=2031,
            notities="Verlenging van 'Oud' (2017–2021); concept tot zij getekend is.",
            **velden,
        )
        concept = afspraken.create(naam="Concept", status="concept", startjaar=2027, eindjaar=2031, **velden)

        with op_dag(DAG_IN_2026):
            migreer([na])
        rijen = {a.pk: a for a in Financieringsafspraak.objects.all()}
        assert (rijen[oud.pk].status, rijen[oud.pk].getekend_op) == ("getekend", datetime.date(2017, 1, 1))
        assert (rijen[toekomst.pk].status, rijen[toekomst.pk].getekend_op) == ("getekend", DAG_IN_2026)
        assert rijen[toekomst.pk].notities == "Verlenging van 'Oud' (2017–2021)."
        assert (rijen[concept.pk].status, rijen[concept.pk].getekend_op) == (CONCEPT, None)

        with op_dag(DAG_IN_2026):
            migreer([voor])
        assert dict(afspraken.values_list("pk", "status")) == {
            oud.pk: "beeindigd",
            toekomst.pk: "toegezegd",
            concept.pk: CONCEPT,
        }
    finally:
        naar_de_laatste("financiering")
