from django import forms

from kern.forms import UploadField

from ..models import Jaarplan, Kostensoort
from .kolommen import VELD_LABELS, ZOEK_KOP_IN_RIJEN

GEEN = ("", "— geen —")


class UploadForm(forms.Form):
    bestand = UploadField(
        label="Export van de boekhouding",
        help_text="Een .xlsx-, .xls- of .csv-bestand met per boeking een datum, een bedrag en een kostenplaats "
        "(Exact Online, Twinfield, AFAS Profit, SnelStart, e-Boekhouden of een eigen indeling), of de XAF-auditfile "
        "(.xaf): daaruit worden de boekingen van het gekozen jaar gelezen.",
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.xls,.csv,.xaf"}),
    )
    jaar = forms.TypedChoiceField(label="Jaarplan", coerce=int)

    def __init__(self, *args, leerwerkloket, **kwargs):
        super().__init__(*args, **kwargs)
        plannen = Jaarplan.objects.voor_regio(leerwerkloket).exclude(status=Jaarplan.Status.AFGESLOTEN)
        plannen = list(plannen.order_by("-jaar"))
        self.fields["jaar"].choices = [(p.jaar, f"{p.jaar} ({p.get_status_display().lower()})") for p in plannen]
        # The year being realised: the latest vastgesteld jaarplan, else the latest concept.
        vastgesteld = [p.jaar for p in plannen if p.status == Jaarplan.Status.VASTGESTELD]
        self.fields["jaar"].initial = (vastgesteld or [p.jaar for p in plannen] or [None])[0]


class KolommenForm(forms.Form):
    """Which row is the header row and which of its columns holds which field; the recognised
    ones are the initial choice. A changed header row is taken first, then the columns."""

    kopregel = forms.IntegerField(
        label="Kopregel (rijnummer)",
        required=False,  # empty: the header row stays where it is
        min_value=1,
        max_value=ZOEK_KOP_IN_RIJEN,
        help_text="De rij met de kolomnamen. Kiest u een andere rij, dan ziet u eerst de kolommen van die rij.",
    )

    def __init__(self, *args, kolomnamen: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        keuzes = [GEEN] + [(str(i), f"{naam} (kolom {i + 1})") for i, naam in enumerate(kolomnamen)]
        for veld, label in VELD_LABELS.items():
            self.fields[veld] = forms.ChoiceField(label=label, choices=keuzes, required=False)

    def kolommen(self) -> dict[str, int]:
        return {veld: int(nummer) for veld, nummer in self.cleaned_data.items() if veld in VELD_LABELS and nummer != ""}


class KoppelingenForm(forms.Form):
    """An activity and a cost kind for every kostenplaats the region has not mapped yet."""

    def __init__(self, *args, kostenplaatsen: list[str], activiteiten, **kwargs):
        super().__init__(*args, **kwargs)
        self.kostenplaatsen = kostenplaatsen
        activiteit_keuzes = [GEEN] + [(a.code, a.naam) for a in activiteiten]
        for i, kostenplaats in enumerate(kostenplaatsen):
            self.fields[f"activiteit_{i}"] = forms.ChoiceField(
                label=f"Kostenplaats {kostenplaats}: activiteit", choices=activiteit_keuzes, required=False
            )
            self.fields[f"kostensoort_{i}"] = forms.ChoiceField(
                label=f"Kostenplaats {kostenplaats}: kostensoort",
                choices=Kostensoort.choices,
                initial=Kostensoort.OVERIG,
            )

    def rijen(self):
        return [(kp, self[f"activiteit_{i}"], self[f"kostensoort_{i}"]) for i, kp in enumerate(self.kostenplaatsen)]

    def koppelingen(self) -> dict[str, tuple[str, str]]:
        gekozen = {}
        for i, kostenplaats in enumerate(self.kostenplaatsen):
            code = self.cleaned_data[f"activiteit_{i}"]
            if code:
                gekozen[kostenplaats] = (code, self.cleaned_data[f"kostensoort_{i}"])
        return gekozen

    def clean(self):
        data = super().clean()
        if not any(data.get(f"activiteit_{i}") for i in range(len(self.kostenplaatsen))):
            raise forms.ValidationError("Kies voor ten minste één kostenplaats een activiteit.")
        return data
