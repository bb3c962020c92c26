from django import forms

from financiering.models import Financieringsafspraak
from jaarplan.models import Jaarplan
from partners.models import Partner


class RapportForm(forms.Form):
    """The options of one report (year, financier), with the region's own choices."""

    def __init__(self, *args, exporter, leerwerkloket, **kwargs):
        super().__init__(*args, **kwargs)
        self.exporter = exporter
        if "jaar" in exporter.opties:
            jaren = list(Jaarplan.objects.voor_regio(leerwerkloket).order_by("-jaar").values_list("jaar", flat=True))
            self.fields["jaar"] = forms.TypedChoiceField(
                label="Jaar", coerce=int, choices=[(j, j) for j in jaren], initial=jaren[0] if jaren else None
            )
        if "financier" in exporter.opties:
            financiers = Partner.objects.voor_regio(leerwerkloket).filter(
                pk__in=Financieringsafspraak.objects.voor_regio(leerwerkloket).values("financier")
            )
            self.fields["financier"] = forms.ModelChoiceField(
                label="Financier", queryset=financiers.order_by("naam"), empty_label=None
            )
