"""The agreement form with a money and an in-kind amount for every year of its period, and the
forms finance staff use to record an invoice or a payment. Rules stay in the model and the
services; the forms only read what was typed and put a refusal next to the field it is about."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from kern.forms import BedragField, DatumField, fouten_naar_form
from partners.models import Partner, Project

from .models import VOORUITGEDATEERD, Financieringsafspraak, Toezegging

MAX_JAREN = 10


class AfspraakForm(forms.ModelForm):
    minimum_per_jaar = BedragField(label="Minimum per jaar", required=False)
    toestand = forms.CharField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Financieringsafspraak
        fields = [
            "financier",
            "soort",
            "naam",
            "startjaar",
            "eindjaar",
            "minimum_per_jaar",
            "in_natura_telt_mee",
            "project",
            "beschikkingsnummer",
            "beschikkingsdatum",
            "document",
            "notities",
        ]
        field_classes = {"beschikkingsdatum": DatumField}
        widgets = {
            "notities": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, leerwerkloket, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.leerwerkloket = leerwerkloket
        # A member of the gemeenten group finances through its group.
        self.fields["financier"].queryset = Partner.objects.voor_regio(leerwerkloket).filter(groep__isnull=True)
        self.fields["project"].queryset = Project.objects.voor_regio(leerwerkloket)
        if self.instance.is_getekend:
            # What was signed with whom stays (the model refuses a change); shown, not typed.
            for naam in Financieringsafspraak.GETEKEND_VAST:
                self.fields[naam].disabled = True
            # A signed agreement's amounts change only with a reason (the model refuses without).
            self.fields["reden"] = forms.CharField(
                label="Reden van de wijziging",
                max_length=100,
                required=False,
                help_text="De afspraak is getekend: een bedrag verandert alleen met een reden. Die komt in de "
                "geschiedenis.",
            )
        self.jaren = self._jaren()
        toezeggingen = {t.jaar: t for t in self.instance.toezeggingen.all()} if self.instance.pk else {}
        # A concept's empty years start at the minimum; a signed agreement's stay empty (a new
        # year there is a change with a reason, not something a save adds unasked).
        minimum = None if self.instance.is_getekend else self._minimum()
        for jaar in self.jaren:
            bestaand = toezeggingen.get(jaar)
            # What was typed (when the years were refreshed), else what is stored, else the minimum.
            getypt_geld, getypt_natura = self.initial.get(f"geld_{jaar}"), self.initial.get(f"natura_{jaar}")
            self.fields[f"geld_{jaar}"] = BedragField(label=f"{jaar}: in geld", required=False)
            self.fields[f"natura_{jaar}"] = BedragField(label=f"{jaar}: in natura", required=False)
            self.initial[f"geld_{jaar}"] = getypt_geld or (bestaand.bedrag_geld if bestaand else minimum)
            self.initial[f"natura_{jaar}"] = getypt_natura or (bestaand.bedrag_natura if bestaand else None)

    def _waarde(self, naam):
        if self.is_bound:
            return self.data.get(self.add_prefix(naam))
        return self.initial.get(naam, getattr(self.instance, naam, None))

    def _jaren(self) -> list[int]:
        """The years of the period as typed (or stored); a new agreement starts with five."""
        try:
            start = int(self._waarde("startjaar"))
        except (TypeError, ValueError):
            start = timezone.localdate().year
        try:
            eind = int(self._waarde("eindjaar"))
        except (TypeError, ValueError):
            laatste = (
                max((t.jaar for t in self.instance.toezeggingen.all()), default=None) if self.instance.pk else None
            )
            eind = max(filter(None, [laatste, start, timezone.localdate().year]))
        if eind < start:
            return []
        return list(range(start, min(eind, start + MAX_JAREN - 1) + 1))

    def _minimum(self):
        try:
            return BedragField(required=False).clean(self._waarde("minimum_per_jaar"))
        except forms.ValidationError:
            return None

    def clean(self):
        data = super().clean()
        # The model's rules (run on the instance after this) let a signed agreement's minimum and
        # period change only with a reason; the one typed here is the save's reason.
        if "reden" in self.fields:
            self.instance._change_reason = data.get("reden", "")
        return data

    def reden_veld(self):
        """The reason field, in a signed agreement only; the page shows it beside the years."""
        return self["reden"] if "reden" in self.fields else None

    def jaarvelden(self):
        return [(jaar, self[f"geld_{jaar}"], self[f"natura_{jaar}"]) for jaar in self.jaren]

    def bedragen(self) -> dict[int, tuple]:
        """{jaar: (geld, natura)} for the years with something typed."""
        uitkomst = {}
        for jaar in self.jaren:
            geld, natura = self.cleaned_data.get(f"geld_{jaar}"), self.cleaned_data.get(f"natura_{jaar}")
            if geld is not None or natura is not None:
                uitkomst[jaar] = (geld, natura)
        return uitkomst


class TekenenForm(forms.Form):
    getekend_op = DatumField(label="Getekend op")
    getekend_door = forms.CharField(
        label="Ondertekend door",
        max_length=200,
        help_text="De namen van wie tekenden, bijvoorbeeld 'M. Jansen (UWV) en wethouder De Boer'.",
    )


class VooruitgedateerdMixin:
    """The checkbox that confirms a future invoice date, offered only once the model refused the
    date (so nobody ticks it by habit), and kept while the form comes back."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.data.get("vooruitgedateerd"):
            self.bied_vooruitgedateerd_aan()

    def bied_vooruitgedateerd_aan(self) -> None:
        self.fields["vooruitgedateerd"] = forms.BooleanField(label=VOORUITGEDATEERD, required=False)

    def fouten_van_de_regels(self, fout: ValidationError) -> None:
        """`fouten_naar_form`, and the checkbox when the refusal was the future date."""
        fouten = getattr(fout, "error_dict", {}).get("factuurdatum", [])
        if any(f.code == "vooruitgedateerd" for f in fouten):
            self.bied_vooruitgedateerd_aan()
        fouten_naar_form(self, fout)


class FactuurForm(VooruitgedateerdMixin, forms.Form):
    nummer = forms.CharField(label="Factuurnummer", max_length=50)
    factuurdatum = DatumField(label="Factuurdatum")
    vervaldatum = DatumField(
        label="Vervaldatum",
        required=False,
        help_text="Leeg: 30 dagen na de factuurdatum.",
    )
    bedrag = BedragField(label="Bedrag")
    omschrijving = forms.CharField(label="Omschrijving", max_length=200, required=False)

    def clean(self):
        data = super().clean()
        if data.get("factuurdatum") and not data.get("vervaldatum"):
            data["vervaldatum"] = data["factuurdatum"] + datetime.timedelta(days=30)
        return data


class ToezeggingKeuzeForm(forms.Form):
    """Which toezegging a new invoice is for: the region's counting ones with money, newest year first."""

    toezegging = forms.ModelChoiceField(label="Toezegging", queryset=Toezegging.objects.none())

    def __init__(self, *args, leerwerkloket, **kwargs):
        super().__init__(*args, **kwargs)
        veld = self.fields["toezegging"]
        veld.queryset = (
            Toezegging.objects.voor_regio(leerwerkloket)
            .telt()
            .filter(bedrag_geld__gt=0)
            .select_related("afspraak__financier")
            .order_by("-jaar", "afspraak__financier__naam")
        )
        veld.label_from_instance = lambda t: f"{t.jaar} – {t.afspraak.financier} ({t.afspraak})"


class BetalingForm(forms.Form):
    datum = DatumField(label="Ontvangen op")
    bedrag = BedragField(label="Bedrag")
    referentie = forms.CharField(
        label="Referentie", max_length=200, required=False, help_text="Omschrijving op het bankafschrift."
    )


class VoorschotForm(BetalingForm):
    """A payment without an invoice on a toezegging (SZW pays its grant so)."""


class CreditfactuurForm(VooruitgedateerdMixin, forms.Form):
    nummer = forms.CharField(label="Nummer van de creditfactuur", max_length=50)
    factuurdatum = DatumField(label="Datum")
    bedrag = BedragField(label="Te crediteren bedrag", help_text="Positief; ten hoogste wat op de factuur openstaat.")
    reden = forms.CharField(label="Reden", max_length=100, help_text="Komt op de creditfactuur en in de geschiedenis.")


class BetalingCorrectieForm(BetalingForm):
    reden = forms.CharField(label="Reden van de correctie", max_length=100, help_text="Komt in de geschiedenis.")


class TerugdraaienForm(forms.Form):
    prefix = "terug"  # beside the correction form on one page: its own field ids
    reden = forms.CharField(label="Reden van het terugdraaien", max_length=100, help_text="Komt in de geschiedenis.")
    bevestigd = forms.BooleanField(label="Ik wil deze betaling terugdraaien", required=True)
