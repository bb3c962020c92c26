"""Annotated querysets built once and filtered per page (kern.db.eenmaal_gebouwd): the same figures
as annotating one's own rows, and never yesterday's rows."""

import datetime
from decimal import Decimal

from django.db.models import Exists, OuterRef, Value
from django.utils import timezone

from cyclus.models import Betalingsherinnering
from financiering.models import Factuur, Toezegging, alle_facturen_met_ontvangen, alle_toezeggingen_met_geldstroom
from jaarplan.models import (
    Activiteit,
    Jaarplan,
    Kostenrealisatie,
    Kostensoort,
    alle_activiteiten_met_totalen,
    alle_jaarplannen_met_totalen,
)
from kern.db import EenmaalGeschreven, aantal_subquery, eenmaal_gebouwd
from partners.models import Partner
from tests.factories import ActiviteitFactory

OP = datetime.date(2021, 8, 16)  # the demo's day (tests/conftest.py)


def test_it_is_built_once_per_argument_and_every_caller_gets_its_own_clone(db):
    gebouwd = []

    @eenmaal_gebouwd
    def alle(dag):
        gebouwd.append(dag)
        return Activiteit.objects.annotate(dag=Value(dag))

    eerste, tweede = alle(1), alle(1)
    alle(2)

    assert gebouwd == [1, 2]
    assert eerste is not tweede
    assert eerste.query is not tweede.query
    alle.cache_clear()
    alle(1)
    assert gebouwd == [1, 2, 1]


def test_what_is_booked_after_a_first_read_is_in_the_next_read(twente):
    activiteit = ActiviteitFactory(jaarplan__leerwerkloket=twente)
    assert alle_activiteiten_met_totalen().get(pk=activiteit.pk).gerealiseerd == Decimal("0.00")
    assert alle_jaarplannen_met_totalen().get(pk=activiteit.jaarplan_id).totaal_gerealiseerd == Decimal("0.00")

    Kostenrealisatie.objects.create(
        activiteit=activiteit,
        kostensoort=Kostensoort.PERSONEEL,
        datum=datetime.date(activiteit.jaarplan.jaar, 3, 1),
        bedrag=Decimal("12.34"),
        omschrijving="uren maart",
    )

    assert alle_activiteiten_met_totalen().get(pk=activiteit.pk).gerealiseerd == Decimal("12.34")
    assert alle_jaarplannen_met_totalen().get(pk=activiteit.jaarplan_id).totaal_gerealiseerd == Decimal("12.34")


def test_the_invoices_figures_are_those_of_annotating_the_regions_own(demo):
    velden = ("nummer", "ontvangen", "gecrediteerd", "openstaand", "leeftijd", "dagen_te_laat")
    eigen = list(Factuur.objects.voor_regio(demo).met_ontvangen(op=OP).order_by("nummer").values_list(*velden))
    gefilterd = list(alle_facturen_met_ontvangen(OP).voor_regio(demo).order_by("nummer").values_list(*velden))

    assert gefilterd == eigen
    # Two invoices of 2021 are 16 days overdue on the demo's day.
    te_laat = list(
        alle_facturen_met_ontvangen(OP).voor_regio(demo).te_laat().values_list("openstaand", "dagen_te_laat")
    )
    assert te_laat == list(Factuur.objects.voor_regio(demo).verlopen(OP).values_list("openstaand", "dagen_te_laat"))
    assert sorted(te_laat) == [(Decimal("17500.00"), 16), (Decimal("38750.00"), 16)]


def test_the_toezeggingen_and_jaarplannen_figures_are_those_of_annotating_the_regions_own(demo):
    velden = ("pk", "toegezegd", "geteld", "gehaald", "gefactureerd", "ontvangen", "openstaand")
    eigen = Toezegging.objects.voor_regio(demo).met_toegezegd().met_geldstroom(op=OP).order_by("pk")
    assert list(alle_toezeggingen_met_geldstroom(OP).voor_regio(demo).order_by("pk").values_list(*velden)) == list(
        eigen.values_list(*velden)
    )
    plannen = ("jaar", "totaal_begroot", "totaal_gedekt", "totaal_gerealiseerd", "totaal_ongedekt", "totaal_overgedekt")
    assert list(alle_jaarplannen_met_totalen().voor_regio(demo).order_by("jaar").values_list(*plannen)) == list(
        Jaarplan.objects.voor_regio(demo).met_totalen().order_by("jaar").values_list(*plannen)
    )
    activiteiten = ("pk", "begroot", "gedekt", "gerealiseerd", "ongedekt", "overgedekt")
    assert list(alle_activiteiten_met_totalen().voor_regio(demo).order_by("pk").values_list(*activiteiten)) == list(
        Activiteit.objects.voor_regio(demo).met_totalen().order_by("pk").values_list(*activiteiten)
    )
    assert Jaarplan.objects.voor_regio(demo).get(jaar=2021).ongedekt_nu() == (
        Jaarplan.objects.voor_regio(demo).met_totalen().get(jaar=2021).totaal_ongedekt
    )


def test_a_subquery_written_once_writes_the_same_sql_and_a_copy_writes_its_own(demo):
    facturen = alle_facturen_met_ontvangen(OP).voor_regio(demo)
    sql, params = facturen.query.sql_with_params()
    ontvangen = facturen.query.annotations["ontvangen"].source_expressions[0]
    assert isinstance(ontvangen, EenmaalGeschreven) and ontvangen._geschreven  # written, and kept
    assert alle_facturen_met_ontvangen(OP).voor_regio(demo).query.sql_with_params() == (sql, params)
    assert ontvangen.copy()._geschreven == {}


def test_a_query_built_once_used_inside_another_query_reads_the_same_rows(demo):
    """Inside another query its tables get other aliases (a relabelled copy): the rows are those
    of the same query annotated there and then."""
    met_verlopen = Partner.objects.voor_regio(demo).filter(
        Exists(alle_facturen_met_ontvangen(OP).te_laat().filter(toezegging__afspraak__financier=OuterRef("pk")))
    )
    eigen = Partner.objects.voor_regio(demo).filter(
        Exists(Factuur.objects.verlopen(OP).filter(toezegging__afspraak__financier=OuterRef("pk")))
    )
    namen = sorted(met_verlopen.values_list("naam", flat=True))
    assert namen == sorted(eigen.values_list("naam", flat=True))
    assert namen == ["ROC van Twente", "Veertien Twentse gemeenten"]


def test_a_subquery_written_once_is_written_again_in_another_time_zone(db):
    """A date of a datetime is written with the time zone it is read in."""
    verzonden = Betalingsherinnering.objects.filter(
        factuur=OuterRef("pk"), verzonden_op__date=datetime.date(2024, 1, 1)
    )
    facturen = Factuur.objects.annotate(verzonden=aantal_subquery(verzonden.annotate(een=Value(1)), "een"))

    with timezone.override("Europe/Amsterdam"):
        amsterdam = facturen.all().query.sql_with_params()
    with timezone.override("America/New_York"):
        new_york = facturen.all().query.sql_with_params()

    assert "Europe/Amsterdam" in amsterdam[1] and "America/New_York" not in amsterdam[1]
    assert "America/New_York" in new_york[1] and "Europe/Amsterdam" not in new_york[1]
