"""The rules of money in, each allowed and refused, with the Dutch message a user reads.
They live in the model and the services, so every path (forms, admin, imports) obeys them."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction

from financiering.models import Factuur, Financieringsafspraak, Toezegging
from financiering.services import afspraak_opslaan, betaling_registreren, factuur_registreren, toezegging_vastleggen
from tests.factories import AfspraakFactory, FactuurFactory, PartnerFactory, ProjectFactory, ToezeggingFactory

Soort = Financieringsafspraak.Soort


@pytest.fixture
def uwv_afspraak(twente):
    # UWV, cofinanciering 2017-2021, minimum € 75.000,00, being drafted (its amounts change freely).
    return AfspraakFactory(leerwerkloket=twente, status=Financieringsafspraak.Status.CONCEPT)


@pytest.fixture
def getekende_uwv(twente):
    """The same agreement, signed: what invoices and payments are recorded on."""
    return AfspraakFactory(leerwerkloket=twente)


def berichten(fout: ValidationError) -> list[str]:
    return fout.messages


# -- cofinanciering: the minimum, the period, one toezegging a year ----------------------------
def test_a_toezegging_at_exactly_the_minimum_is_accepted(uwv_afspraak, projectleider):
    toezegging = toezegging_vastleggen(
        afspraak=uwv_afspraak, jaar=2018, bedrag_geld=Decimal("75000.00"), door=projectleider
    )
    assert toezegging.pk and toezegging.totaal == Decimal("75000.00")


def test_a_toezegging_above_the_minimum_is_accepted(uwv_afspraak, projectleider):
    toezegging = toezegging_vastleggen(
        afspraak=uwv_afspraak, jaar=2019, bedrag_geld=Decimal("80000.00"), door=projectleider
    )
    assert toezegging.bedrag_geld == Decimal("80000.00")


def test_it_refuses_a_commitment_below_the_minimum_naming_financier_year_and_minimum(uwv_afspraak, projectleider):
    with pytest.raises(ValidationError) as fout:
        toezegging_vastleggen(afspraak=uwv_afspraak, jaar=2018, bedrag_geld=Decimal("74999.99"), door=projectleider)

    assert berichten(fout.value) == [
        "De toezegging van UWV voor 2018 is €\u00a074.999,99; afgesproken is minimaal €\u00a075.000,00 per jaar. "
        "Verhoog de toezegging of pas eerst de afspraak aan."
    ]
    assert not Toezegging.objects.exists()


def test_it_refuses_a_year_outside_the_period(uwv_afspraak, projectleider):
    with pytest.raises(ValidationError) as fout:
        toezegging_vastleggen(afspraak=uwv_afspraak, jaar=2022, bedrag_geld=Decimal("75000.00"), door=projectleider)

    assert fout.value.message_dict["jaar"] == [
        "2022 valt buiten de looptijd van 'Cofinanciering UWV 2017-2021' (2017–2021) van UWV."
    ]


def test_it_refuses_a_second_toezegging_for_the_same_year(uwv_afspraak):
    ToezeggingFactory(afspraak=uwv_afspraak, jaar=2018)
    tweede = Toezegging(afspraak=uwv_afspraak, jaar=2018, bedrag_geld=Decimal("90000.00"))

    with pytest.raises(ValidationError) as fout:
        tweede.full_clean()

    assert (
        "UWV heeft voor 2018 al een toezegging in 'Cofinanciering UWV 2017-2021'; pas die toezegging aan in "
        "plaats van een tweede te maken."
    ) in berichten(fout.value)


def test_the_service_changes_the_years_toezegging_instead_of_adding_one(uwv_afspraak, projectleider):
    toezegging_vastleggen(afspraak=uwv_afspraak, jaar=2018, bedrag_geld=Decimal("75000.00"), door=projectleider)
    toezegging_vastleggen(afspraak=uwv_afspraak, jaar=2018, bedrag_geld=Decimal("82500.00"), door=projectleider)

    assert list(Toezegging.objects.values_list("jaar", "bedrag_geld")) == [(2018, Decimal("82500.00"))]


def test_in_kind_counts_toward_the_minimum_only_when_the_agreement_says_so(twente, projectleider):
    concept = Financieringsafspraak.Status.CONCEPT
    uwv = AfspraakFactory(leerwerkloket=twente, in_natura_telt_mee=True, status=concept)
    roc = AfspraakFactory(
        leerwerkloket=twente,
        financier=PartnerFactory(leerwerkloket=twente, naam="ROC van Twente", soort="roc"),
        status=concept,
    )

    met_adviseur = toezegging_vastleggen(
        afspraak=uwv, jaar=2018, bedrag_geld=Decimal("50000"), bedrag_natura=Decimal("25000"), door=projectleider
    )
    assert met_adviseur.totaal == Decimal("75000.00")
    with pytest.raises(ValidationError) as fout:
        toezegging_vastleggen(
            afspraak=roc, jaar=2018, bedrag_geld=Decimal("50000"), bedrag_natura=Decimal("25000"), door=projectleider
        )
    assert berichten(fout.value) == [
        "De toezegging van ROC van Twente voor 2018 is €\u00a050.000,00 (in natura telt in deze afspraak niet mee); "
        "afgesproken is minimaal €\u00a075.000,00 per jaar. Verhoog de toezegging of pas eerst de afspraak aan."
    ]


def test_raising_the_minimum_above_an_existing_toezegging_is_refused(uwv_afspraak):
    ToezeggingFactory(afspraak=uwv_afspraak, jaar=2018, bedrag_geld=Decimal("75000.00"))
    uwv_afspraak.minimum_per_jaar = Decimal("80000.00")

    with pytest.raises(ValidationError) as fout:
        uwv_afspraak.full_clean()

    assert fout.value.message_dict["minimum_per_jaar"] == [
        "De toezegging voor 2018 (€\u00a075.000,00) is lager dan dit minimum; pas eerst die toezegging aan."
    ]


# -- the three kinds -------------------------------------------------------------------------
def test_a_cofinanciering_needs_a_minimum_and_a_last_year(twente):
    afspraak = AfspraakFactory.build(leerwerkloket=twente, financier=PartnerFactory(leerwerkloket=twente))
    afspraak.minimum_per_jaar = None
    afspraak.eindjaar = None

    with pytest.raises(ValidationError) as fout:
        afspraak.full_clean()

    assert fout.value.message_dict["minimum_per_jaar"] == [
        "Vul het minimum per jaar in; cofinanciering heeft altijd een minimum."
    ]
    assert fout.value.message_dict["eindjaar"] == [
        "Cofinanciering geldt voor een vaste periode; vul het laatste jaar in."
    ]


def test_a_projectbijdrage_belongs_to_a_project_of_the_own_region(twente, achterhoek):
    aoc = PartnerFactory(leerwerkloket=twente, naam="AOC Oost", soort="aoc")
    afspraak = Financieringsafspraak(
        leerwerkloket=twente, financier=aoc, soort=Soort.PROJECTBIJDRAGE, naam="Projectbijdrage AOC", startjaar=2018
    )
    with pytest.raises(ValidationError) as fout:
        afspraak.full_clean()
    assert fout.value.message_dict["project"] == ["Kies het project waaraan deze projectbijdrage is verbonden."]

    afspraak.project = ProjectFactory(leerwerkloket=achterhoek)
    with pytest.raises(ValidationError) as fout:
        afspraak.full_clean()
    assert fout.value.message_dict["project"] == ["Kies een project uit de eigen regio."]

    afspraak.project = ProjectFactory(leerwerkloket=twente)
    afspraak.full_clean()


def test_a_granted_subsidie_has_its_beschikking(twente):
    szw = PartnerFactory(leerwerkloket=twente, naam="Ministerie van SZW", soort="rijk")
    subsidie = Financieringsafspraak(
        leerwerkloket=twente,
        financier=szw,
        soort=Soort.STRUCTURELE_SUBSIDIE,
        naam="Rijksbijdrage",
        startjaar=2017,
    )
    with pytest.raises(ValidationError) as fout:
        subsidie.tekenen(getekend_op=datetime.date(2016, 12, 20), getekend_door="SZW")
    assert fout.value.message_dict["beschikkingsnummer"] == [
        "Een toegekende subsidie heeft een beschikking: vul eerst bij Bewerken het nummer en de datum in."
    ]
    assert subsidie.status == Financieringsafspraak.Status.CONCEPT

    subsidie.beschikkingsnummer = "SZW-2016-1"
    subsidie.beschikkingsdatum = datetime.date(2016, 12, 15)
    subsidie.tekenen(getekend_op=datetime.date(2016, 12, 20), getekend_door="SZW")
    subsidie.full_clean()
    assert subsidie.looptijd == "vanaf 2017"


def test_a_subsidie_is_granted_in_money_not_in_kind(twente, projectleider):
    szw = PartnerFactory(leerwerkloket=twente, naam="Ministerie van SZW", soort="rijk")
    subsidie = Financieringsafspraak.objects.create(
        leerwerkloket=twente, financier=szw, soort=Soort.STRUCTURELE_SUBSIDIE, naam="Rijksbijdrage", startjaar=2017
    )
    with pytest.raises(ValidationError) as fout:
        toezegging_vastleggen(
            afspraak=subsidie, jaar=2017, bedrag_geld=Decimal("100000"), bedrag_natura=Decimal("1"), door=projectleider
        )
    assert fout.value.message_dict["bedrag_natura"] == [
        "Een subsidie wordt in geld toegekend; maak de waarde in natura nul."
    ]


# -- amounts -----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("bedrag", "melding"),
    [
        (Decimal("75000.001"), "Zorg dat er niet meer dan 2 cijfers achter de komma staan."),
        (Decimal("-1.00"), "Een bedrag kan hier niet negatief zijn."),
        (Decimal("1000000000.00"), "Dit bedrag is te groot; het maximum is €\u00a0999.999.999,99."),
    ],
)
def test_a_wrong_amount_is_a_clear_error_not_a_crash(uwv_afspraak, bedrag, melding):
    toezegging = Toezegging(afspraak=uwv_afspraak, jaar=2018, bedrag_geld=bedrag)

    with pytest.raises(ValidationError) as fout:
        toezegging.full_clean()

    assert melding in fout.value.message_dict["bedrag_geld"]


@pytest.mark.parametrize(
    ("bijwerken", "constraint"),
    [
        ({"bedrag_geld": Decimal("-5.00")}, "toezegging_geld_niet_negatief"),
        ({"bedrag_natura": Decimal("-5.00")}, "toezegging_natura_niet_negatief"),
    ],
)
def test_the_database_itself_refuses_a_negative_toezegging(uwv_afspraak, bijwerken, constraint):
    toezegging = ToezeggingFactory(afspraak=uwv_afspraak)

    with pytest.raises(IntegrityError, match=constraint), transaction.atomic():
        Toezegging.objects.filter(pk=toezegging.pk).update(**bijwerken)


def test_the_database_itself_refuses_a_second_toezegging_for_a_year(uwv_afspraak):
    ToezeggingFactory(afspraak=uwv_afspraak, jaar=2018)

    with pytest.raises(IntegrityError), transaction.atomic():
        Toezegging.objects.bulk_create([Toezegging(afspraak=uwv_afspraak, jaar=2018, bedrag_geld=Decimal("80000"))])


@pytest.mark.parametrize(
    ("bijwerken", "constraint"),
    [
        ({"minimum_per_jaar": None}, "afspraak_cofinanciering_heeft_minimum_en_looptijd"),
        ({"eindjaar": 2015}, "afspraak_eindjaar_na_startjaar"),
    ],
)
def test_the_database_itself_refuses_a_broken_agreement(uwv_afspraak, bijwerken, constraint):
    with pytest.raises(IntegrityError, match=constraint), transaction.atomic():
        Financieringsafspraak.objects.filter(pk=uwv_afspraak.pk).update(**bijwerken)


# -- the signed document -----------------------------------------------------------------------
def test_the_signed_document_must_really_be_a_pdf_or_an_image(uwv_afspraak, settings):
    uwv_afspraak.document = SimpleUploadedFile("afspraak.pdf", b"dit is gewoon tekst")
    with pytest.raises(ValidationError) as fout:
        uwv_afspraak.full_clean()
    assert fout.value.message_dict["document"] == [
        "Dit bestand is geen echte PDF; upload het ondertekende document zelf."
    ]

    uwv_afspraak.document = SimpleUploadedFile("afspraak.exe", b"MZ")
    with pytest.raises(ValidationError) as fout:
        uwv_afspraak.full_clean()
    assert fout.value.message_dict["document"] == ["Upload een PDF of een afbeelding (PNG of JPEG)."]

    settings.DOCUMENT_MAX_BYTES = 1024 * 1024
    uwv_afspraak.document = SimpleUploadedFile("afspraak.pdf", b"%PDF-1.7" + b"0" * (3 * 1024 * 1024))
    with pytest.raises(ValidationError) as fout:
        uwv_afspraak.full_clean()
    assert fout.value.message_dict["document"] == ["Dit bestand is 3,0 MB; het maximum is 1 MB."]

    uwv_afspraak.document = SimpleUploadedFile("afspraak.pdf", b"%PDF-1.7\n%echt")
    uwv_afspraak.full_clean()


def _bestanden(map) -> list[str]:
    return sorted(p.name for p in map.rglob("*") if p.is_file())


def _document_opslaan(afspraak, bestand, door, bedragen=None):
    afspraak.document = bestand
    return afspraak_opslaan(afspraak=afspraak, bedragen=bedragen or {}, door=door)


def test_a_replaced_document_is_removed_from_disk(
    uwv_afspraak, projectleider, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    with django_capture_on_commit_callbacks(execute=True):
        _document_opslaan(uwv_afspraak, SimpleUploadedFile("oud.pdf", b"%PDF-1.7\n%oud"), projectleider)
    with django_capture_on_commit_callbacks(execute=True):
        _document_opslaan(uwv_afspraak, SimpleUploadedFile("nieuw.pdf", b"%PDF-1.7\n%nieuw"), projectleider)

    assert _bestanden(tmp_path) == ["nieuw.pdf"]
    uwv_afspraak.refresh_from_db()
    assert uwv_afspraak.document.read() == b"%PDF-1.7\n%nieuw"


def test_a_cleared_document_is_removed_from_disk(
    uwv_afspraak, projectleider, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    with django_capture_on_commit_callbacks(execute=True):
        _document_opslaan(uwv_afspraak, SimpleUploadedFile("oud.pdf", b"%PDF-1.7\n%oud"), projectleider)
    with django_capture_on_commit_callbacks(execute=True):
        _document_opslaan(uwv_afspraak, None, projectleider)

    assert _bestanden(tmp_path) == []


def test_a_refused_save_keeps_the_old_document_and_leaves_no_new_file(
    uwv_afspraak, projectleider, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    with django_capture_on_commit_callbacks(execute=True):
        _document_opslaan(uwv_afspraak, SimpleUploadedFile("oud.pdf", b"%PDF-1.7\n%oud"), projectleider)

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError):
        _document_opslaan(
            uwv_afspraak,
            SimpleUploadedFile("nieuw.pdf", b"%PDF-1.7\n%nieuw"),
            projectleider,
            bedragen={2018: (Decimal("1.00"), None)},  # below the minimum
        )

    assert _bestanden(tmp_path) == ["oud.pdf"]
    assert Financieringsafspraak.objects.get(pk=uwv_afspraak.pk).document.read() == b"%PDF-1.7\n%oud"


# -- invoices and payments ---------------------------------------------------------------------
def test_invoices_never_exceed_the_money_committed(getekende_uwv, financien):
    toezegging = ToezeggingFactory(
        afspraak=getekende_uwv, bedrag_geld=Decimal("50000.00"), bedrag_natura=Decimal("25000")
    )
    factuur_registreren(
        toezegging=toezegging,
        nummer="LWT-2018-001",
        factuurdatum=datetime.date(2018, 2, 1),
        vervaldatum=datetime.date(2018, 3, 3),
        bedrag=Decimal("30000.00"),
        door=financien,
    )

    with pytest.raises(ValidationError) as fout:
        factuur_registreren(
            toezegging=toezegging,
            nummer="LWT-2018-002",
            factuurdatum=datetime.date(2018, 7, 1),
            vervaldatum=datetime.date(2018, 7, 31),
            bedrag=Decimal("20000.01"),
            door=financien,
        )

    assert fout.value.message_dict["bedrag"] == [
        "Op de toezegging van UWV voor 2018 (€\u00a050.000,00 in geld) is al €\u00a030.000,00 gefactureerd; "
        "er kan nog €\u00a020.000,00 bij."
    ]


def test_an_invoice_number_is_used_once_per_region(getekende_uwv, financien):
    factuur = FactuurFactory(toezegging=ToezeggingFactory(afspraak=getekende_uwv), nummer="LWT-2018-001")

    with pytest.raises(ValidationError) as fout:
        factuur_registreren(
            toezegging=factuur.toezegging,
            nummer="LWT-2018-001",
            factuurdatum=datetime.date(2018, 7, 1),
            vervaldatum=datetime.date(2018, 7, 31),
            bedrag=Decimal("100.00"),
            door=financien,
        )

    assert fout.value.message_dict["nummer"] == [
        "Factuurnummer LWT-2018-001 is al gebruikt; elk nummer komt één keer voor."
    ]


def test_a_payment_above_what_is_open_on_the_invoice_is_refused(getekende_uwv, financien):
    factuur = FactuurFactory(
        toezegging=ToezeggingFactory(afspraak=getekende_uwv), nummer="F-1", bedrag=Decimal("37500")
    )
    betaling_registreren(factuur=factuur, bedrag=Decimal("20000.00"), datum=datetime.date(2018, 3, 20), door=financien)

    with pytest.raises(ValidationError) as fout:
        betaling_registreren(
            factuur=factuur, bedrag=Decimal("17500.01"), datum=datetime.date(2018, 4, 2), door=financien
        )

    assert fout.value.message_dict["bedrag"] == [
        "Op factuur F-1 staat nog €\u00a017.500,00 open; deze betaling van €\u00a017.500,01 is hoger."
    ]
    rij = Factuur.objects.met_ontvangen().get(pk=factuur.pk)
    assert (rij.ontvangen, rij.openstaand) == (Decimal("20000.00"), Decimal("17500.00"))


def test_overdue_invoices_are_those_past_due_with_money_open(getekende_uwv):
    toezegging = ToezeggingFactory(afspraak=getekende_uwv)
    open_en_verlopen = FactuurFactory(toezegging=toezegging, vervaldatum=datetime.date(2018, 3, 31))
    FactuurFactory(toezegging=toezegging, factuurdatum=datetime.date(2018, 4, 1), vervaldatum=datetime.date(2018, 5, 1))

    verlopen = Factuur.objects.verlopen(op=datetime.date(2018, 4, 15))

    assert list(verlopen) == [open_en_verlopen]
    assert Factuur.objects.verlopen(op=datetime.date(2018, 3, 31)).count() == 0
