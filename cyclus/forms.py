from django import forms

from kern.forms import DatumField

from .kalender import SOORTEN_PER_ROL
from .models import Soort


class MeldingenForm(forms.Form):
    soorten = forms.MultipleChoiceField(
        label="Stuur mij een e-mail over",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Niets aangevinkt: u krijgt geen herinneringen. Op de startpagina blijft alles staan.",
    )

    def __init__(self, *args, gebruiker, voorkeur, **kwargs):
        super().__init__(*args, **kwargs)
        eigen = {s for rol in gebruiker.rollen for s in SOORTEN_PER_ROL.get(rol, ())}
        self.fields["soorten"].choices = [(s.value, s.label) for s in Soort if s in eigen]
        self.fields["soorten"].initial = [s for s, _ in self.fields["soorten"].choices if voorkeur.wil(s)]


class BetalingsherinneringForm(forms.Form):
    aan = forms.EmailField(label="Aan")
    onderwerp = forms.CharField(label="Onderwerp", max_length=200)
    tekst = forms.CharField(label="Tekst", widget=forms.Textarea(attrs={"rows": 16}))


class VerantwoordingForm(forms.Form):
    ingediend_op = DatumField(label="Ingediend op")
