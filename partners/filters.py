import django_filters
from django import forms

from .models import Partner

JA_NEE = [("", "Alle"), ("true", "Ja"), ("false", "Nee")]


class PartnerFilter(django_filters.FilterSet):
    naam = django_filters.CharFilter(
        label="Naam bevat", lookup_expr="icontains", widget=forms.TextInput(attrs={"type": "search"})
    )
    soort = django_filters.ChoiceFilter(label="Soort", choices=Partner.Soort.choices, empty_label="Alle soorten")
    actief = django_filters.BooleanFilter(label="Actief", widget=forms.Select(choices=JA_NEE))

    class Meta:
        model = Partner
        fields = ["naam", "soort", "actief"]
