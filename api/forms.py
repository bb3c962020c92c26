from django import forms

GELDIGHEID = [(30, "30 dagen"), (90, "90 dagen"), (180, "180 dagen"), (365, "een jaar")]


class SleutelForm(forms.Form):
    naam = forms.CharField(
        label="Naam", max_length=100, help_text="Waarvoor u de sleutel gebruikt, bijvoorbeeld 'Power BI stuurgroep'."
    )
    dagen = forms.TypedChoiceField(
        label="Geldig", choices=GELDIGHEID, coerce=int, initial=90, help_text="Daarna werkt de sleutel niet meer."
    )
