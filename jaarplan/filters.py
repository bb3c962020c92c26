import django_filters
from django import forms

from .models import Kostenrealisatie, Kostensoort


class KostenrealisatieFilter(django_filters.FilterSet):
    jaar = django_filters.NumberFilter(
        label="Jaar",
        field_name="activiteit__jaarplan__jaar",
        widget=forms.NumberInput(attrs={"min": 2000, "max": 2100}),
    )
    activiteit = django_filters.ChoiceFilter(
        label="Activiteit", field_name="activiteit__code", choices=(), empty_label="Alle activiteiten"
    )
    kostensoort = django_filters.ChoiceFilter(
        label="Kostensoort", choices=Kostensoort.choices, empty_label="Alle kostensoorten"
    )
    herkomst = django_filters.ChoiceFilter(
        label="Herkomst",
        field_name="geimporteerd",
        choices=[("handmatig", "Handmatig geboekt"), ("import", "Uit de boekhouding ingelezen")],
        method="met_herkomst",
        empty_label="Handmatig en ingelezen",
    )
    kostenplaats = django_filters.CharFilter(label="Kostenplaats")
    omschrijving = django_filters.CharFilter(label="Omschrijving bevat", lookup_expr="icontains")

    class Meta:
        model = Kostenrealisatie
        fields = ["jaar", "activiteit", "kostensoort", "kostenplaats", "herkomst", "omschrijving"]

    def __init__(self, *args, activiteiten=(), **kwargs):
        super().__init__(*args, **kwargs)
        # An activity keeps its code from year to year: one choice per code, across the years.
        self.filters["activiteit"].extra["choices"] = activiteiten

    def met_herkomst(self, queryset, name, herkomst):
        return queryset.filter(geimporteerd=herkomst == "import")
