"""The dashboard's GET forms: the stuurgroep report's year, status and meeting date, and the
next period's indexation, years and split over the financiers."""

from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError

from kern.forms import BedragField, BedragInput, DatumField
from kern.money import CENT

from .selectors.volgende_periode import HONDERD, Planbasis

STATUSSEN = [("concept", "Concept"), ("definitief", "Definitief")]


class RapportForm(forms.Form):
    """What the report page prints above the figures; the year is the dashboard's year picker."""

    status = forms.ChoiceField(
        label="Status",
        choices=STATUSSEN,
        initial="concept",
        error_messages={"invalid_choice": "Kies concept of definitief."},
    )
    datum = DatumField(
        label="Vergadering van",
        input_formats=["%Y-%m-%d", "%d-%m-%Y"],
        error_messages={
            "required": "Vul de datum van de vergadering in.",
            "invalid": "Dit is geen datum. Schrijf bijvoorbeeld 14-10-2021.",
        },
    )


class ProcentInput(forms.TextInput):
    """A text box that shows and accepts a Dutch decimal comma (`22,90`)."""

    def __init__(self, attrs=None):
        super().__init__({"inputmode": "decimal", "autocomplete": "off", "class": "procent", **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, Decimal):
            return f"{value:.2f}".replace(".", ",")
        return super().format_value(value)


class ProcentField(forms.Field):
    """A percentage with at most two decimals, typed as `22,5`, `22.5` or `22,5%`."""

    widget = ProcentInput

    def __init__(self, *, minimum: Decimal, maximum: Decimal, **kwargs):
        self.minimum, self.maximum = minimum, maximum
        super().__init__(**kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        tekst = str(value).strip().rstrip("%").strip().replace(",", ".")
        try:
            getal = Decimal(tekst)
        except InvalidOperation:
            raise ValidationError(f"'{value}' is geen percentage. Schrijf bijvoorbeeld 22,5.") from None
        if not getal.is_finite():
            raise ValidationError(f"'{value}' is geen percentage.")
        if not self.minimum <= getal <= self.maximum:  # first: quantizing 1e30 would raise InvalidOperation
            van, tot = _procent(self.minimum), _procent(self.maximum)
            raise ValidationError(f"Kies een percentage van {van} tot en met {tot}.")
        if getal != getal.quantize(CENT):
            raise ValidationError("Een percentage heeft hoogstens twee cijfers achter de komma.")
        return getal.quantize(CENT)


def _procent(getal: Decimal) -> str:
    return f"{getal.normalize():f}".replace(".", ",") + "%"


class VolgendePeriodeForm(forms.Form):
    """The assumptions of the next period. One share field per financier of the base: `aandeel_<pk>`."""

    basisjaar = forms.TypedChoiceField(label="Kosten van jaarplan", coerce=int)
    indexatie = ProcentField(label="Indexatie per jaar", minimum=Decimal("-10"), maximum=Decimal("25"), required=True)
    van = forms.IntegerField(
        label="Eerste jaar",
        min_value=2000,
        max_value=2100,
        error_messages={"required": "Vul het eerste jaar in.", "invalid": "Vul een jaartal in."},
    )
    aantal = forms.IntegerField(
        label="Aantal jaren",
        min_value=1,
        max_value=10,
        error_messages={
            "required": "Vul het aantal jaren in.",
            "invalid": "Vul een aantal jaren in.",
            "min_value": "Een periode heeft ten minste 1 jaar.",
            "max_value": "Reken hoogstens 10 jaren vooruit.",
        },
    )

    def __init__(self, *args, basis: Planbasis, **kwargs):
        super().__init__(*args, **kwargs)
        self.basis = basis
        self.fields["basisjaar"].choices = [(j, str(j)) for j in basis.jaren]
        self.fields["indexatie"].error_messages["required"] = "Vul de indexatie in (0 voor geen indexatie)."
        for f in basis.financiers:
            if f.vast is None:
                self.fields[self.veldnaam(f.financier_id)] = ProcentField(
                    label=f"Aandeel {f.naam}", minimum=Decimal("0"), maximum=HONDERD, required=False
                )
            else:  # a structural grant: its beschikking amount per year, unless changed
                self.fields[self.vast_veldnaam(f.financier_id)] = BedragField(
                    label=f"Vast bedrag per jaar {f.naam}",
                    min_value=Decimal("0"),
                    error_messages={"required": f"Vul het vaste bedrag per jaar van {f.naam} in."},
                )

    @staticmethod
    def veldnaam(financier_id: int) -> str:
        return f"aandeel_{financier_id}"

    @staticmethod
    def vast_veldnaam(financier_id: int) -> str:
        return f"vast_{financier_id}"

    @classmethod
    def standaardwaarden(cls, basis: Planbasis, indexatie: Decimal) -> dict:
        """The form as first shown: the base year's shares, today's indexation, the years after
        the current agreement period."""
        waarden = {
            "basisjaar": str(basis.basisjaar),
            "indexatie": ProcentInput().format_value(indexatie),
            "van": str(basis.standaard_van),
            "aantal": str(basis.standaard_aantal),
        }
        for pk, percentage in basis.standaard_verdeling().items():
            waarden[cls.veldnaam(pk)] = ProcentInput().format_value(percentage)
        for pk, bedrag in basis.standaard_vast().items():
            waarden[cls.vast_veldnaam(pk)] = BedragInput().format_value(bedrag)
        return waarden

    def uitgangspunten(self):
        return [self[naam] for naam in ("basisjaar", "indexatie", "van", "aantal")]

    def aandeelvelden(self):
        """(financier, bound field) per financier, in the order of the base: a share, or a
        structural grant's fixed amount."""
        return [
            (f, self[self.veldnaam(f.financier_id) if f.vast is None else self.vast_veldnaam(f.financier_id)])
            for f in self.basis.financiers
        ]

    def clean_van(self):
        van = self.cleaned_data["van"]
        if self.basis.basisjaar is not None and van <= self.basis.basisjaar:
            raise ValidationError(f"De volgende periode begint na het jaar van de kosten ({self.basis.basisjaar}).")
        return van

    def clean(self):
        cleaned = super().clean()
        delers = self.basis.met_aandeel
        if not delers:
            return cleaned
        waarden = [cleaned.get(self.veldnaam(f.financier_id)) for f in delers]
        if any(self.has_error(self.veldnaam(f.financier_id)) for f in delers):
            return cleaned
        totaal = sum((w or Decimal(0) for w in waarden), Decimal(0))
        if totaal != HONDERD:
            raise ValidationError(
                f"De percentages tellen op tot {_procent(totaal)}; samen moeten ze precies 100% zijn. "
                "Pas de verdeling aan."
            )
        return cleaned

    @property
    def verdeling(self) -> dict[int, Decimal]:
        return {
            f.financier_id: self.cleaned_data.get(self.veldnaam(f.financier_id)) or Decimal("0.00")
            for f in self.basis.met_aandeel
        }

    @property
    def vast(self) -> dict[int, Decimal]:
        return {
            f.financier_id: self.cleaned_data[self.vast_veldnaam(f.financier_id)]
            for f in self.basis.financiers
            if f.vast is not None
        }

    @property
    def jaren(self) -> list[int]:
        return list(range(self.cleaned_data["van"], self.cleaned_data["van"] + self.cleaned_data["aantal"]))
