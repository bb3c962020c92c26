from django import forms
from django.core.exceptions import NON_FIELD_ERRORS

from kern.forms import BegrensdeFormSetMixin

from .models import Contactpersoon, Partner


class PartnerForm(forms.ModelForm):
    """The partner's own fields; the region comes from the signed-in user, never from the form."""

    class Meta:
        model = Partner
        fields = ["naam", "soort", "is_groep", "groep", "actief", "ibans", "notities"]
        widgets = {"notities": forms.Textarea(attrs={"rows": 3}), "ibans": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.leerwerkloket_id is None:
            raise ValueError("Zet de regio van de partner voordat het formulier wordt gemaakt.")
        groepen = Partner.objects.filter(leerwerkloket=self.instance.leerwerkloket_id, is_groep=True)
        if self.instance.pk:
            groepen = groepen.exclude(pk=self.instance.pk)
        self.fields["groep"].queryset = groepen
        self.fields["groep"].empty_label = "geen"
        self.fields["groep"].help_text = "Alleen voor een lid van een samenwerkingsverband, zoals een gemeente."

    def _get_validation_exclusions(self):
        # The region is set by the view and belongs to the rule "a name once per region"
        # (partner_naam_uniek_per_regio); keep it in the model's validation.
        exclusions = super()._get_validation_exclusions()
        exclusions.discard("leerwerkloket")
        return exclusions

    def _post_clean(self):
        super()._post_clean()
        # The model says "a name once per region" as a form-wide error; show it beside the name.
        fouten = self._errors.get(NON_FIELD_ERRORS) if self._errors else None
        if not fouten:
            return
        uniek = [e for e in fouten.as_data() if e.code == "unique_together"]
        if uniek:
            andere = [e for e in fouten.as_data() if e.code != "unique_together"]
            if andere:
                self._errors[NON_FIELD_ERRORS] = self.error_class(
                    andere, error_class="nonfield", renderer=self.renderer
                )
            else:
                del self._errors[NON_FIELD_ERRORS]
            self.add_error("naam", uniek)


class BegrensdeInlineFormSet(BegrensdeFormSetMixin, forms.BaseInlineFormSet):
    pass


ContactpersoonFormSet = forms.inlineformset_factory(
    Partner,
    Contactpersoon,
    formset=BegrensdeInlineFormSet,
    fields=["naam", "functie", "email", "telefoon", "is_stuurgroeplid"],
    extra=1,
    can_delete=True,
)
