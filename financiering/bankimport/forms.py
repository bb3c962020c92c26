"""The bank page's forms: the statement to read, and the invoice a line is booked on."""

from django import forms

from kern.forms import UploadField

from ..models import Factuur


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

    def __init__(self, *args, leerwerkloket, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["factuur"].queryset = Factuur.objects.voor_regio(leerwerkloket)


class NegerenForm(forms.Form):
    """Ignoring a bank line is confirmed by ticking the box (no script needed)."""

    bevestigd = forms.BooleanField(
        label="Ja, deze ontvangst is geen betaling van een financier (bijvoorbeeld een terugbetaling of rente)",
        error_messages={"required": "Vink aan dat u deze ontvangst wilt negeren, of ga terug zonder te negeren."},
    )
