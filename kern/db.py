from django.db import models
from django.db.models import F, Func, IntegerField, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from .money import ZERO

GELD = models.DecimalField(max_digits=14, decimal_places=2)


def som(queryset, veld: str = "bedrag"):
    """The sum of `veld` over `queryset` (filtered on an OuterRef) as a correlated subquery, so
    several totals can be annotated side by side without joins multiplying the rows."""
    # ROUND to cents: SQLite sums decimals as floating point, and a comparison in SQL (openstaand > 0)
    # must not see 0.000000001 of a euro. On PostgreSQL (exact numeric) it changes nothing.
    opgeteld_in_sql = Func(Func(F(veld), function="SUM", output_field=GELD), 2, function="ROUND", output_field=GELD)
    totaal = queryset.order_by().annotate(_som=opgeteld_in_sql).values("_som")[:1]
    return Coalesce(Subquery(totaal, output_field=GELD), Value(ZERO), output_field=GELD)


def opgeteld(queryset, veld: str = "bedrag"):
    """The sum of `veld` over `queryset`, computed by the database; zero when empty."""
    return queryset.aggregate(_som=Coalesce(Sum(veld), Value(ZERO), output_field=GELD))["_som"]


def aantal_subquery(queryset, veld: str = "aantal"):
    """The sum of a count over `queryset` (filtered on an OuterRef) as a correlated subquery."""
    totaal = queryset.order_by().annotate(_som=Func(F(veld), function="SUM", output_field=IntegerField()))
    return Coalesce(Subquery(totaal.values("_som")[:1], output_field=IntegerField()), Value(0))
