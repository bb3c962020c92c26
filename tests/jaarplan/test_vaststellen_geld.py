"""Vaststellen looks at the money (issue 13, part 5): the confirmation page shows begroot, gedekt,
ongedekt and overgedekt per activity; with ongedekt above zero the plan is adopted only when the
stuurgroep explicitly accepts that shortfall, which is recorded with the decision and shown in the
history and on the report. The model's transition holds the rule, so the service, the page and
the admin (where status and the accepted shortfall are read-only) obey it alike."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from jaarplan.models import Jaarplan, Kostensoort
from jaarplan.services import jaarplan_vaststellen
from tests.factories import (
    ActiviteitFactory,
    BegrotingsregelFactory,
    DekkingFactory,
    GebruikerFactory,
    JaarplanFactory,
    ToezeggingFactory,
)
from tests.pagina import Pagina

pytestmark = pytest.mark.django_db

BESLUIT = datetime.date(2020, 12, 14)


@pytest.fixture
def plan(twente):
    """Jaarplan 2021: the loket € 100.000,00 budgeted and € 80.000,00 covered (€ 20.000,00
    ongedekt); the e-portfolio € 10.000,00 budgeted and € 15.000,00 covered (€ 5.000,00
    overgedekt, which covers no shortfall elsewhere)."""
    jaarplan = JaarplanFactory(leerwerkloket=twente, jaar=2021)
    loket = ActiviteitFactory(jaarplan=jaarplan, code="loketfunctie", naam="Loketfunctie", volgorde=1)
    portfolio = ActiviteitFactory(
        jaarplan=jaarplan, code="e-portfolio", naam="E-portfolio", soort="e_portfolio", volgorde=2
    )
    BegrotingsregelFactory(activiteit=loket, kostensoort=Kostensoort.PERSONEEL, bedrag=Decimal("100000.00"))
    BegrotingsregelFactory(activiteit=portfolio, kostensoort=Kostensoort.MATERIAAL, bedrag=Decimal("10000.00"))
    uwv = ToezeggingFactory(afspraak__leerwerkloket=twente, jaar=2021, bedrag_geld=Decimal("95000.00"))
    DekkingFactory(activiteit=loket, toezegging=uwv, bedrag=Decimal("80000.00"))
    DekkingFactory(activiteit=portfolio, toezegging=uwv, bedrag=Decimal("15000.00"))
    jaarplan.loket = loket
    return jaarplan


def test_a_plan_with_ongedekt_is_refused_naming_the_shortfall(plan, stuurgroeplid):
    with pytest.raises(ValidationError) as fout:
        jaarplan_vaststellen(jaarplan=plan, door=stuurgroeplid, besluitdatum=BESLUIT)

    assert fout.value.message_dict["aanvaard_ongedekt"] == [
        "Van jaarplan 2021 is €\u00a020.000,00 niet gedekt. Dek de activiteiten eerst, of laat de stuurgroep dit "
        "tekort uitdrukkelijk aanvaarden bij het vaststellen."
    ]
    assert Jaarplan.objects.get(pk=plan.pk).is_concept


def test_an_accepted_shortfall_is_recorded_with_the_decision(plan, stuurgroeplid):
    vastgesteld = jaarplan_vaststellen(
        jaarplan=plan, door=stuurgroeplid, besluitdatum=BESLUIT, aanvaard_ongedekt=Decimal("20000.00")
    )

    opgeslagen = Jaarplan.objects.get(pk=vastgesteld.pk)
    assert (opgeslagen.status, opgeslagen.besluitdatum, opgeslagen.aanvaard_ongedekt) == (
        Jaarplan.Status.VASTGESTELD,
        BESLUIT,
        Decimal("20000.00"),
    )
    assert opgeslagen.history.first().aanvaard_ongedekt == Decimal("20000.00")


def test_accepting_another_amount_than_the_shortfall_of_now_is_refused(plan, stuurgroeplid):
    # The member saw € 20.000,00; since then the projectleider removed coverage.
    plan.loket.dekkingen.update(bedrag=Decimal("70000.00"))

    with pytest.raises(ValidationError) as fout:
        jaarplan_vaststellen(
            jaarplan=plan, door=stuurgroeplid, besluitdatum=BESLUIT, aanvaard_ongedekt=Decimal("20000.00")
        )

    assert fout.value.messages == [
        "Het ongedekte bedrag van jaarplan 2021 is nu €\u00a030.000,00, niet €\u00a020.000,00. "
        "Bekijk de dekking opnieuw en aanvaard het tekort van nu."
    ]
    assert Jaarplan.objects.get(pk=plan.pk).is_concept


def test_a_fully_covered_plan_needs_no_acceptance_and_has_nothing_to_accept(plan, stuurgroeplid):
    plan.loket.dekkingen.update(bedrag=Decimal("100000.00"))
    with pytest.raises(ValidationError, match="volledig gedekt; er is geen tekort om te aanvaarden"):
        jaarplan_vaststellen(
            jaarplan=plan, door=stuurgroeplid, besluitdatum=BESLUIT, aanvaard_ongedekt=Decimal("20000.00")
        )

    vastgesteld = jaarplan_vaststellen(jaarplan=plan, door=stuurgroeplid, besluitdatum=BESLUIT)

    assert vastgesteld.aanvaard_ongedekt is None


def test_the_transition_itself_holds_the_rule(plan, stuurgroeplid):
    """Whoever calls it (a service, a command, a future admin action) meets the same refusal."""
    with pytest.raises(ValidationError) as fout:
        plan.vaststellen(besluitdatum=BESLUIT, door=stuurgroeplid)
    assert "Van jaarplan 2021 is €\u00a020.000,00 niet gedekt." in fout.value.messages[0]
    assert plan.is_concept


def test_only_a_decision_carries_an_accepted_shortfall(plan):
    plan.aanvaard_ongedekt = Decimal("20000.00")
    with pytest.raises(ValidationError, match="jaarplan_aanvaard_ongedekt_bij_besluit"):
        plan.full_clean()


# -- The page ---------------------------------------------------------------------------------
def test_the_confirmation_page_shows_the_money_per_activity(client, plan, stuurgroeplid):
    client.force_login(stuurgroeplid)
    tekst = client.get(reverse("jaarplan:vaststellen", args=[plan.pk])).text
    pagina = Pagina(tekst)

    tabel = pagina.tabel("Activiteit", "Begroot", "Gedekt", "Ongedekt", "Overgedekt")
    assert tabel.rij("Loketfunctie") == {
        "Activiteit": "Loketfunctie",
        "Begroot": "€\u00a0100.000,00",
        "Gedekt": "€\u00a080.000,00",
        "Ongedekt": "€\u00a020.000,00",
        "Overgedekt": "€\u00a00,00",
    }
    assert tabel.rij("E-portfolio")["Overgedekt"] == "€\u00a05.000,00"
    assert tabel.rij("Totaal") == {
        "Activiteit": "Totaal",
        "Begroot": "€\u00a0110.000,00",
        "Gedekt": "€\u00a095.000,00",
        "Ongedekt": "€\u00a020.000,00",
        "Overgedekt": "€\u00a05.000,00",
    }
    assert "De stuurgroep aanvaardt uitdrukkelijk dat €\u00a020.000,00 van dit jaarplan niet gedekt is." in tekst


def test_vaststellen_on_the_page_is_refused_without_and_accepted_with_the_named_shortfall(
    client, plan, stuurgroeplid, projectleider
):
    client.force_login(stuurgroeplid)
    url = reverse("jaarplan:vaststellen", args=[plan.pk])
    gegevens = {"besluitdatum": "2020-12-14", "bevestig": "on", "getoond_ongedekt": "20000.00"}

    geweigerd = client.post(url, gegevens)
    assert geweigerd.status_code == 200
    assert (
        "Van dit jaarplan is €\u00a020.000,00 niet gedekt. Vink aan dat de stuurgroep dit tekort aanvaardt, of dek de "
        "activiteiten eerst." in geweigerd.text
    )
    assert Jaarplan.objects.get(pk=plan.pk).is_concept

    aanvaard = client.post(url, gegevens | {"aanvaard_tekort": "on"})
    assert aanvaard.status_code == 302
    assert Jaarplan.objects.get(pk=plan.pk).aanvaard_ongedekt == Decimal("20000.00")

    geschiedenis = client.get(reverse("jaarplan:geschiedenis", args=[plan.pk])).text
    assert "aanvaard ongedekt bij vaststellen" in geschiedenis and "€\u00a020.000,00" in geschiedenis
    rapport = Pagina(client.get(reverse("dashboard:rapport"), {"jaar": 2021}).text)
    assert rapport.tekst("besluit").startswith(
        "Vastgesteld door de stuurgroep op 14 december 2020, met een uitdrukkelijk aanvaard tekort van "
        "€\u00a020.000,00 ongedekt"
    )


def test_a_shortfall_that_changed_since_the_page_was_opened_is_refused_on_the_page(client, plan, stuurgroeplid):
    client.force_login(stuurgroeplid)
    plan.loket.dekkingen.update(bedrag=Decimal("70000.00"))
    response = client.post(
        reverse("jaarplan:vaststellen", args=[plan.pk]),
        {"besluitdatum": "2020-12-14", "bevestig": "on", "getoond_ongedekt": "20000.00", "aanvaard_tekort": "on"},
    )
    assert "Het ongedekte bedrag van jaarplan 2021 is nu €\u00a030.000,00, niet €\u00a020.000,00." in response.text
    assert Jaarplan.objects.get(pk=plan.pk).is_concept


def test_the_admin_shows_the_accepted_shortfall_and_cannot_change_it(client, plan, stuurgroeplid, twente):
    jaarplan_vaststellen(jaarplan=plan, door=stuurgroeplid, besluitdatum=BESLUIT, aanvaard_ongedekt=Decimal("20000"))
    beheerder = GebruikerFactory(username="bart", leerwerkloket=twente, is_staff=True, rollen=["beheerder"])
    client.force_login(beheerder)
    pagina = client.get(reverse("admin:jaarplan_jaarplan_change", args=[plan.pk])).text
    assert "<label>Aanvaard ongedekt bij vaststellen:</label>" in pagina
    assert '<div class="readonly">20000,00</div>' in pagina  # Django's own (localised) display
    assert 'name="aanvaard_ongedekt"' not in pagina
