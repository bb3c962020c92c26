import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone

from kern.forms import KeuzeSelect
from partners.models import Partner

from .models import Betaling, Factuur, Financieringsafspraak, Looptoestand, Toezegging

JAAR_INVOER = forms.NumberInput(attrs={"min": 2000, "max": 2100})
DATUM_INVOER = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class FinancierFilterSet(django_filters.FilterSet):
    """A money list's filters. Its `financier` choice offers the financiers the reader may see
    (their region's, or every region's for the national role) that have an agreement."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        gebruiker = self.request.user if self.request is not None else None
        self.filters["financier"].queryset = (
            Partner.objects.voor_gebruiker(gebruiker).filter(afspraken__isnull=False).distinct()
        )


def financier_filter(pad: str = "") -> django_filters.ModelChoiceFilter:
    """The financier choice; `pad` leads from the listed model to the agreement."""
    return django_filters.ModelChoiceFilter(
        label="Financier",
        field_name=f"{pad}financier",
        queryset=Partner.objects.none(),  # set per reader by FinancierFilterSet
        empty_label="Alle financiers",
        widget=KeuzeSelect,  # nationally some 150 financiers: written in Python, not a template each
    )


class AfspraakFilter(FinancierFilterSet):
    financier = financier_filter()
    soort = django_filters.ChoiceFilter(
        label="Soort", choices=Financieringsafspraak.Soort.choices, empty_label="Alle soorten"
    )
    # The derived state (concept, nog niet begonnen, loopt, loopt af, beëindigd) on today.
    status = django_filters.ChoiceFilter(
        label="Status", choices=Looptoestand.choices, empty_label="Alle statussen", method="in_looptoestand"
    )
    jaar = django_filters.NumberFilter(label="Loopt in jaar", method="loopt_in", widget=JAAR_INVOER)

    class Meta:
        model = Financieringsafspraak
        fields = ["financier", "soort", "status", "jaar"]

    def in_looptoestand(self, queryset, name, looptoestand):
        return queryset.in_looptoestand(looptoestand, op=timezone.localdate())

    def loopt_in(self, queryset, name, jaar):
        return queryset.filter(Q(startjaar__lte=jaar), Q(eindjaar__isnull=True) | Q(eindjaar__gte=jaar))


class ToezeggingFilter(FinancierFilterSet):
    financier = financier_filter("afspraak__")
    jaar = django_filters.NumberFilter(label="Jaar", field_name="jaar", widget=JAAR_INVOER)
    soort = django_filters.ChoiceFilter(
        label="Soort afspraak",
        field_name="afspraak__soort",
        choices=Financieringsafspraak.Soort.choices,
        empty_label="Alle soorten",
    )

    class Meta:
        model = Toezegging
        fields = ["financier", "jaar", "soort"]


class FactuurFilter(FinancierFilterSet):
    financier = financier_filter("toezegging__afspraak__")
    jaar = django_filters.NumberFilter(label="Jaar", field_name="toezegging__jaar", widget=JAAR_INVOER)
    stand = django_filters.ChoiceFilter(
        label="Stand",
        method="met_stand",
        choices=[("open", "Nog (deels) open"), ("betaald", "Betaald"), ("verlopen", "Verlopen")],
        empty_label="Alle facturen",
    )

    class Meta:
        model = Factuur
        fields = ["financier", "jaar", "stand"]

    def __init__(self, *args, vandaag=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.vandaag = vandaag

    def met_stand(self, queryset, name, stand):
        if stand == "open":
            return queryset.filter(openstaand__gt=0)
        if stand == "betaald":
            return queryset.filter(openstaand__lte=0)
        return queryset.filter(dagen_te_laat__gt=0)  # FactuurQuerySet.met_ontvangen(op=today)


class BetalingFilter(FinancierFilterSet):
    financier = financier_filter("toezegging__afspraak__")
    jaar = django_filters.NumberFilter(label="Toezegging voor jaar", field_name="toezegging__jaar", widget=JAAR_INVOER)
    van = django_filters.DateFilter(label="Ontvangen vanaf", field_name="datum", lookup_expr="gte", widget=DATUM_INVOER)
    tot = django_filters.DateFilter(
        label="Ontvangen tot en met", field_name="datum", lookup_expr="lte", widget=DATUM_INVOER
    )
    soort = django_filters.ChoiceFilter(
        label="Soort afspraak",
        field_name="toezegging__afspraak__soort",
        choices=Financieringsafspraak.Soort.choices,
        empty_label="Alle soorten",
    )

    class Meta:
        model = Betaling
        fields = ["financier", "jaar", "van", "tot", "soort"]
