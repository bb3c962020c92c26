import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from kern.forms import BedragField, DatumField
from kern.money import ZERO, format_euro
from partners.models import Project

from .models import Activiteit, Indicator, Jaarplan, Kostenrealisatie, Outputrealisatie
from .selectors import DekkingMatrix

DATUM = {"input_formats": ["%Y-%m-%d", "%d-%m-%Y"]}


def begroting_veld(activiteit_id: int, kostensoort: str) -> str:
    return f"b-{activiteit_id}-{kostensoort}"


def dekking_veld(activiteit_id: int, toezegging_id: int) -> str:
    return f"d-{activiteit_id}-{toezegging_id}"


class BegrotingForm(forms.Form):
    """The budget (activities × kostensoorten) and the dekking matrix (activities × sources) in
    one form. It carries the fingerprint of what it was drawn from (`toestand`), so a save on
    top of someone else's is refused instead of overwriting it."""

    toestand = forms.CharField(widget=forms.HiddenInput)
    reden = forms.CharField(
        label="Reden van de begrotingswijziging",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Verplicht zodra het jaarplan is vastgesteld.",
    )

    def __init__(self, *args, matrix: DekkingMatrix, **kwargs):
        super().__init__(*args, **kwargs)
        self.matrix = matrix
        self.vastgesteld = matrix.jaarplan.status == Jaarplan.Status.VASTGESTELD
        for rij in matrix.rijen:
            a = rij.activiteit
            for kostensoort, label in matrix.kostensoorten:
                self.fields[begroting_veld(a.pk, kostensoort)] = BedragField(
                    required=False,
                    min_value=ZERO,
                    label=f"Begroting {a.naam}, {label.lower()}",
                    initial=rij.begroting.get(kostensoort),
                )
            for bron, bedrag in zip(matrix.bronnen, rij.cellen, strict=True):
                self.fields[dekking_veld(a.pk, bron.pk)] = BedragField(
                    required=False,
                    min_value=ZERO,
                    label=f"Dekking {a.naam} door {bron.afspraak.financier}",
                    initial=bedrag,
                )

        # The cells have no visible label of their own; screen readers and tests read this one.
        for naam, veld in self.fields.items():
            if naam.startswith(("b-", "d-")):
                veld.widget.attrs["aria-label"] = veld.label

    def clean(self):
        cleaned = super().clean()
        if self.vastgesteld and not (cleaned.get("reden") or "").strip():
            self.add_error("reden", "Dit jaarplan is vastgesteld: geef de reden van de begrotingswijziging op.")
        return cleaned

    def begroting(self):
        return {
            (rij.activiteit, k): self.cleaned_data.get(begroting_veld(rij.activiteit.pk, k)) or ZERO
            for rij in self.matrix.rijen
            for k, _ in self.matrix.kostensoorten
        }

    def toewijzing(self):
        return {
            (rij.activiteit, bron): self.cleaned_data.get(dekking_veld(rij.activiteit.pk, bron.pk)) or ZERO
            for rij in self.matrix.rijen
            for bron in self.matrix.bronnen
        }

    def veld_voor(self, sleutel: tuple) -> str | None:
        soort, activiteit_id, ander = sleutel
        return begroting_veld(activiteit_id, ander) if soort == "begroting" else dekking_veld(activiteit_id, ander)


class VaststellenForm(forms.Form):
    besluitdatum = DatumField(
        label="Datum van het stuurgroepbesluit",
        **DATUM,
        error_messages={"invalid": "Vul een geldige datum in, bijvoorbeeld 14-12-2020."},
    )
    bevestig = forms.BooleanField(
        label="Ik bevestig dat de stuurgroep dit jaarplan heeft vastgesteld; daarna wijzigt de begroting alleen "
        "nog via een begrotingswijziging.",
        error_messages={"required": "Bevestig het vaststellen."},
    )

    def __init__(self, *args, ongedekt, **kwargs):
        super().__init__(*args, **kwargs)
        if ongedekt > 0:
            # The amount the member saw travels with the form: the model refuses if it changed since.
            self.fields["getoond_ongedekt"] = forms.DecimalField(
                widget=forms.HiddenInput, initial=ongedekt, max_digits=14, decimal_places=2
            )
            self.fields["aanvaard_tekort"] = forms.BooleanField(
                label=f"De stuurgroep aanvaardt uitdrukkelijk dat {format_euro(ongedekt)} van dit jaarplan niet "
                "gedekt is.",
                error_messages={
                    "required": f"Van dit jaarplan is {format_euro(ongedekt)} niet gedekt. Vink aan dat de stuurgroep "
                    "dit tekort aanvaardt, of dek de activiteiten eerst."
                },
            )

    def clean_besluitdatum(self):
        datum = self.cleaned_data["besluitdatum"]
        if datum > timezone.localdate():
            raise ValidationError("De datum van het stuurgroepbesluit kan niet in de toekomst liggen.")
        return datum

    @property
    def aanvaard_ongedekt(self):
        """The shortfall the stuurgroep accepted, as the member saw it; None without one."""
        if self.cleaned_data.get("aanvaard_tekort"):
            return self.cleaned_data["getoond_ongedekt"]
        return None


class AfsluitenForm(forms.Form):
    bevestig = forms.BooleanField(
        label="Ik bevestig dat de realisatie compleet is; "
        "na afsluiten kan niets in dit jaarplan meer worden gewijzigd.",
        error_messages={"required": "Bevestig het afsluiten."},
    )

    def __init__(self, *args, jaarplan, geboekt_tot: datetime.date, **kwargs):
        super().__init__(*args, **kwargs)
        if not jaarplan.tot_december(geboekt_tot):
            # The date the closer saw travels with the form: the model refuses if more was booked since.
            self.fields["getoond_geboekt_tot"] = forms.DateField(widget=forms.HiddenInput, initial=geboekt_tot)
            self.fields["aanvaard_onvolledig"] = forms.BooleanField(
                label=f"Ik aanvaard uitdrukkelijk dat de realisatie van jaarplan {jaarplan.jaar} geboekt is tot en "
                f"met {geboekt_tot:%d-%m-%Y} en niet tot en met december.",
                error_messages={
                    "required": f"De realisatie van jaarplan {jaarplan.jaar} is geboekt tot en met "
                    f"{geboekt_tot:%d-%m-%Y}. Vink aan dat u dat aanvaardt, of boek eerst de rest van het jaar."
                },
            )

    @property
    def aanvaard_geboekt_tot(self) -> datetime.date | None:
        """The date through which the closer accepted the realisatie as it stands; None without."""
        if self.cleaned_data.get("aanvaard_onvolledig"):
            return self.cleaned_data["getoond_geboekt_tot"]
        return None


class NieuwJaarplanForm(forms.Form):
    jaar = forms.IntegerField(label="Jaar", min_value=2000, max_value=2100)


def rijen_met_velden(matrix: DekkingMatrix, form: BegrotingForm | None):
    """Per activity: the row, its budget cells and its coverage cells, each (amount, bound field
    or None) so one template draws both the editor and the read-only page."""
    for rij in matrix.rijen:
        a = rij.activiteit
        begroting = [
            (rij.begroting.get(k), form[begroting_veld(a.pk, k)] if form else None) for k, _ in matrix.kostensoorten
        ]
        dekking = [
            (bedrag, form[dekking_veld(a.pk, bron.pk)] if form else None)
            for bron, bedrag in zip(matrix.bronnen, rij.cellen, strict=True)
        ]
        yield rij, begroting, dekking


class ActiviteitForm(forms.ModelForm):
    """What an activity is; its budget and coverage are typed in the editor's matrix. The name comes
    first: a new activity left without a code gets one made from its name (Activiteit.vrije_code),
    and its place in the list is after the others unless typed otherwise."""

    class Meta:
        model = Activiteit
        fields = ["naam", "code", "soort", "locatie", "project", "omschrijving", "volgorde"]
        widgets = {
            "omschrijving": forms.Textarea(attrs={"rows": 3}),
            # static/js/activiteit.js shows the code made from the name as the empty field's placeholder.
            "code": forms.TextInput(attrs={"data-code-uit": "id_naam"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = Project.objects.voor_regio(self.instance.jaarplan.leerwerkloket_id)
        self.fields["project"].empty_label = "Geen project"
        if self.instance.pk is None:
            code = self.fields["code"]
            code.required = False
            code.help_text = f"Leeg laten: de code wordt gemaakt van de naam. {code.help_text}"
            self.fields["volgorde"].help_text = "Standaard na de andere activiteiten."


class IndicatorForm(forms.ModelForm):
    class Meta:
        model = Indicator
        fields = ["naam", "code", "eenheid", "streefwaarde"]


class KostenrealisatieForm(forms.ModelForm):
    """A cost booking by hand: one of this jaarplan's activities, a date in its year, an amount the Dutch way."""

    datum = DatumField(label="Boekdatum", **DATUM)
    bedrag = BedragField(label="Bedrag", help_text="Een correctie of creditering is negatief, bijvoorbeeld -250,00.")

    class Meta:
        model = Kostenrealisatie
        fields = ["activiteit", *Kostenrealisatie.BOEKINGSVELDEN]
        help_texts = {
            "stuknummer": "Het boekstuk in de boekhouding, zodat de kosten terug te vinden zijn.",
        }

    def __init__(self, *args, jaarplan: Jaarplan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["activiteit"].queryset = jaarplan.activiteiten.order_by("volgorde", "naam")


class OutputrealisatieForm(forms.ModelForm):
    """What an activity delivered on one of its indicators, as of a date in the jaarplan's year."""

    datum = DatumField(label="Datum", **DATUM)

    class Meta:
        model = Outputrealisatie
        fields = ["indicator", "datum", "aantal", "toelichting"]

    def __init__(self, *args, jaarplan: Jaarplan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].queryset = (
            Indicator.objects.filter(activiteit__jaarplan=jaarplan)
            .select_related("activiteit")
            .order_by("activiteit__volgorde", "activiteit__naam", "naam")
        )
