"""The bank page's forms: the statement to read, the invoice a line is booked on (or the parts it
is split over), the receipt a reversal undoes, and the confirmation to ignore a line."""

from django import forms

from kern.forms import BedragField, UploadField
from kern.money import format_euro

from ..models import Bankregel, Factuur, Toezegging

DELEN = 5  # invoices one line can be split over on the page (the service takes any number)


class BankForm(forms.Form):
    bestand = UploadField(
        label="Bankafschrift",
        help_text="De CSV- of Excel-export van ING, Rabobank, ABN AMRO (ook .TAB) of Triodos, of een afschrift als "
        "CAMT.053 (.xml) of MT940 (.sta, .940).",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.txt,.tab,.xlsx,.xls,.xml,.sta,.940,.mt940,.swi"}),
    )


class BankboekingForm(forms.Form):
    """The invoice a bank line is booked on: one of the region's, or none (any other value too)."""

    factuur = forms.ModelChoiceField(queryset=Factuur.objects.none())
    rest_als_voorschot = forms.BooleanField(
        label="Wat meer is dan er open staat, als voorschot op de toezegging", required=False
    )

    def __init__(self, *args, leerwerkloket, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["factuur"].queryset = Factuur.objects.voor_regio(leerwerkloket)


class TerugboekingForm(forms.Form):
    """The receipt a reversal undoes: one of the region's receipts."""

    ontvangst = forms.ModelChoiceField(queryset=Bankregel.objects.none())

    def __init__(self, *args, leerwerkloket, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ontvangst"].queryset = Bankregel.objects.voor_regio(leerwerkloket).filter(terugboeking=False)


class _OpenFactuurVeld(forms.ModelChoiceField):
    def label_from_instance(self, factuur):
        return f"{factuur.nummer} · {factuur.toezegging.afspraak.financier} · open {format_euro(factuur.openstaand)}"


class _ToezeggingVeld(forms.ModelChoiceField):
    def label_from_instance(self, toezegging):
        return f"{toezegging.afspraak.financier} {toezegging.jaar} ({toezegging.afspraak.get_soort_display().lower()})"


class VerdeelForm(forms.Form):
    """A line over up to DELEN invoices, each with its amount, and the rest as an advance."""

    voorschot_op = _ToezeggingVeld(
        label="De rest als voorschot op",
        queryset=Toezegging.objects.none(),
        required=False,
        empty_label="— geen voorschot —",
        help_text="Wat de facturen samen niet opnemen, wordt een betaling zonder factuur op deze toezegging.",
    )

    def __init__(self, *args, leerwerkloket, **kwargs):
        super().__init__(*args, **kwargs)
        facturen = (
            Factuur.objects.voor_regio(leerwerkloket)
            .met_ontvangen()
            .filter(openstaand__gt=0)
            .select_related("toezegging__afspraak__financier")
            .order_by("vervaldatum", "nummer")
        )
        velden = {}
        for i in range(1, DELEN + 1):
            velden[f"factuur_{i}"] = _OpenFactuurVeld(
                label=f"Factuur {i}", queryset=facturen, required=False, empty_label="— kies een factuur —"
            )
            velden[f"bedrag_{i}"] = BedragField(label=f"Bedrag {i}", required=False)
        self.fields = {**velden, "voorschot_op": self.fields["voorschot_op"]}
        self.fields["voorschot_op"].queryset = (
            Toezegging.objects.voor_regio(leerwerkloket)
            .telt()
            .select_related("afspraak__financier")
            .order_by("-jaar", "afspraak__financier__naam")
        )

    def clean(self):
        data = super().clean()
        delen = []
        for i in range(1, DELEN + 1):
            factuur, bedrag = data.get(f"factuur_{i}"), data.get(f"bedrag_{i}")
            if factuur and bedrag is None:
                self.add_error(f"bedrag_{i}", f"Vul het bedrag voor factuur {factuur.nummer} in.")
            elif bedrag is not None and not factuur:
                self.add_error(f"factuur_{i}", "Kies de factuur voor dit bedrag.")
            elif factuur:
                delen.append((factuur, bedrag))
        data["delen"] = delen
        return data

    def rijen(self):
        """The form's (factuur, bedrag) field pairs, for the template."""
        return [(self[f"factuur_{i}"], self[f"bedrag_{i}"]) for i in range(1, DELEN + 1)]


class NegerenForm(forms.Form):
    """Ignoring a bank line is confirmed by ticking the box (no script needed)."""

    bevestigd = forms.BooleanField(
        label="Ja, deze ontvangst is geen betaling van een financier (bijvoorbeeld een terugbetaling of rente)",
        error_messages={"required": "Vink aan dat u deze ontvangst wilt negeren, of ga terug zonder te negeren."},
    )
