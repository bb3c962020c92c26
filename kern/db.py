from django.db import models
from django.db.models import F, Func, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from .money import ZERO

GELD = models.DecimalField(max_digits=14, decimal_places=2)


def som(queryset, veld: str = "bedrag"):
    """The sum of `veld` over `queryset` (filtered on an OuterRef) as a correlated subquery, so
    several totals can be annotated side by side without joins multiplying the rows."""
    totaal = queryset.order_by().annotate(_som=Func(F(veld), function="SUM", output_field=GELD)).values("_som")[:1]
    return Coalesce(Subquery(totaal, output_field=GELD), Value(ZERO), output_field=GELD)


def opgeteld(queryset, veld: str = "bedrag"):
    """The sum of `veld` over `queryset`, computed by the database; zero when empty."""
    return queryset.aggregate(_som=Coalesce(Sum(veld), Value(ZERO), output_field=GELD))["_som"]
