from django import forms
from django.core.exceptions import ValidationError

from kern.forms import BegrensdeFormSetMixin
from partners.models import Leerwerkloket

from .bestanden import GebruikerRegel, lees_gemeenten
from .services import REGIONALE_ROLLEN

MAX_BESTAND = 1024 * 1024  # a list of gemeenten is a few kilobytes


class RegioForm(forms.Form):
    naam = forms.CharField(
        label="Naam van het Leerwerkloket", max_length=100, help_text="Bijvoorbeeld 'Leerwerkloket Groningen'."
    )
    slug = forms.CharField(
        label="Korte naam",
        max_length=50,
        help_text="Kleine letters, cijfers en streepjes, bijvoorbeeld 'groningen'; staat in adressen en exports.",
    )
    arbeidsmarktregio = forms.CharField(
        label="Arbeidsmarktregio", max_length=100, required=False, help_text="Leeg: de naam zonder 'Leerwerkloket'."
    )
    uwv = forms.CharField(
        label="UWV-vestiging",
        max_length=200,
        required=False,
        help_text="Wordt een partner van de soort UWV, bijvoorbeeld 'UWV Groningen'. Leeg: nog geen.",
    )
    roc = forms.CharField(
        label="ROC",
        max_length=200,
        required=False,
        help_text="Wordt een partner van de soort ROC, bijvoorbeeld 'Noorderpoort'. Leeg: nog geen.",
    )
    gemeenten = forms.CharField(
        label="Gemeenten en inwoners",
        required=False,
        widget=forms.Textarea(attrs={"rows": 10, "spellcheck": "false"}),
        help_text=(
            "Een kopregel 'gemeente;inwoners' en dan één gemeente per regel, zoals gekopieerd uit CBS StatLine "
            "(ook met tabs). Ze worden samen één financier met een verdeelsleutel naar inwonertal voor dit jaar."
        ),
    )
    gemeenten_bestand = forms.FileField(
        label="Of een CSV-bestand met de gemeenten",
        required=False,
        help_text="Zelfde indeling; het voorbeeld staat in docs/gemeenten-voorbeeld.csv.",
    )
    activiteiten_van = forms.ModelChoiceField(
        label="Activiteiten overnemen van",
        queryset=Leerwerkloket.objects.order_by("naam"),
        to_field_name="slug",
        required=False,
        empty_label="niet overnemen, leeg beginnen",
        help_text="Namen, codes en indicatoren van het laatste jaarplan van die regio; geen bedragen of streefwaarden.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.is_bound:
            self.data = self.data.copy()  # a chosen file's text goes back into the text field

    def clean(self):
        cleaned = super().clean()
        bestand = cleaned.get("gemeenten_bestand")
        try:
            if bestand:
                if bestand.size > MAX_BESTAND:
                    raise ValidationError("Het bestand is groter dan 1 MB; een lijst gemeenten is veel kleiner.")
                inhoud = bestand.read()
                tekst = _als_tekst(inhoud)
                if tekst is not None:  # shown again in the text field, so nothing is lost on an error
                    self.data["gemeenten"] = tekst
                cleaned["gemeenten"] = lees_gemeenten(inhoud, bestand.name)
            elif cleaned.get("gemeenten", "").strip():
                cleaned["gemeenten"] = lees_gemeenten(cleaned["gemeenten"].encode("utf-8"), "gemeenten.csv")
            else:
                raise ValidationError("Plak de gemeenten met hun inwonertal hierboven, of kies een CSV-bestand.")
        except ValidationError as fout:
            self.add_error("gemeenten", fout)
        return cleaned


def _als_tekst(inhoud: bytes) -> str | None:
    if inhoud.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):  # a spreadsheet
        return None
    for codering in ("utf-8-sig", "cp1252"):
        try:
            return inhoud.decode(codering)
        except UnicodeDecodeError:
            continue
    return None


class GebruikerForm(forms.Form):
    rol = forms.ChoiceField(label="Rol", choices=[(r.value, r.label) for r in REGIONALE_ROLLEN])
    naam = forms.CharField(label="Naam", max_length=150)
    email = forms.EmailField(label="E-mailadres", max_length=150)


class BaseGebruikersFormSet(BegrensdeFormSetMixin, forms.BaseFormSet):
    """One row per regional role, ready to fill in; an untouched row is left out."""

    def get_form_kwargs(self, index):
        kwargs = super().get_form_kwargs(index)
        rol = REGIONALE_ROLLEN[index] if index < len(REGIONALE_ROLLEN) else REGIONALE_ROLLEN[1]
        kwargs["initial"] = {"rol": rol.value}
        return kwargs

    def regels(self) -> list[GebruikerRegel]:
        return [
            GebruikerRegel(rol=f.cleaned_data["rol"], naam=f.cleaned_data["naam"], email=f.cleaned_data["email"])
            for f in self.forms
            if f.cleaned_data
        ]


GebruikersFormSet = forms.formset_factory(
    GebruikerForm, formset=BaseGebruikersFormSet, extra=6, max_num=30, absolute_max=30
)
