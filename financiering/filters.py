import django_filters
from django import forms
from django.db.models import Q

from partners.models import Partner

from .models import Factuur, Financieringsafspraak


class AfspraakFilter(django_filters.FilterSet):
    financier = django_filters.ModelChoiceFilter(
        label="Financier", queryset=Partner.objects.none(), empty_label="Alle financiers"
    )
    soort = django_filters.ChoiceFilter(
        label="Soort", choices=Financieringsafspraak.Soort.choices, empty_label="Alle soorten"
    )
    status = django_filters.ChoiceFilter(
        label="Status", choices=Financieringsafspraak.Status.choices, empty_label="Alle statussen"
    )
    jaar = django_filters.NumberFilter(
        label="Loopt in jaar", method="loopt_in", widget=forms.NumberInput(attrs={"min": 2000, "max": 2100})
    )

    class Meta:
        model = Financieringsafspraak
        fields = ["financier", "soort", "status", "jaar"]

    def __init__(self, *args, financiers=None, **kwargs):
        super().__init__(*args, **kwargs)
        if financiers is not None:
            self.filters["financier"].queryset = financiers

    def loopt_in(self, queryset, name, jaar):
        return queryset.filter(Q(startjaar__lte=jaar), Q(eindjaar__isnull=True) | Q(eindjaar__gte=jaar))


class FactuurFilter(django_filters.FilterSet):
    financier = django_filters.ModelChoiceFilter(
        label="Financier",
        field_name="toezegging__afspraak__financier",
        queryset=Partner.objects.none(),
        empty_label="Alle financiers",
    )
    jaar = django_filters.NumberFilter(
        label="Jaar", field_name="toezegging__jaar", widget=forms.NumberInput(attrs={"min": 2000, "max": 2100})
    )
    stand = django_filters.ChoiceFilter(
        label="Stand",
        method="met_stand",
        choices=[("open", "Nog (deels) open"), ("betaald", "Betaald"), ("verlopen", "Verlopen")],
        empty_label="Alle facturen",
    )

    class Meta:
        model = Factuur
        fields = ["financier", "jaar", "stand"]

    def __init__(self, *args, financiers=None, vandaag=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.vandaag = vandaag
        if financiers is not None:
            self.filters["financier"].queryset = financiers

    def met_stand(self, queryset, name, stand):
        if stand == "open":
            return queryset.filter(openstaand__gt=0)
        if stand == "betaald":
            return queryset.filter(openstaand__lte=0)
        return queryset.filter(openstaand__gt=0, vervaldatum__lt=self.vandaag)
