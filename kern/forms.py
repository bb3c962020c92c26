"""Form fields shared by every app: amounts typed the Dutch way, dates within the years the
administration holds, and the sign-in forms."""

from decimal import Decimal

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.signals import user_login_failed
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import formats
from django.utils.html import conditional_escape as escape
from django.utils.safestring import mark_safe

from .money import CENT, format_bedrag, format_euro, parse_bedrag
from .validators import valideer_datum


def _tekst(waarde) -> str:
    """A value as a template shows `{{ waarde }}`: localized, then escaped."""
    return escape(formats.localize(waarde))


def _attributen(attrs: dict) -> str:
    """Django's attrs.html in Python: ` naam="waarde"`, ` naam` for True, nothing for False."""
    return "".join(
        f" {_tekst(naam)}" if waarde is True else f' {_tekst(naam)}="{escape(str(waarde))}"'
        for naam, waarde in attrs.items()
        if waarde is not False
    )


class BedragInput(forms.TextInput):
    """A text box, not <input type=number>: browsers refuse `75.000,00` in a number field."""

    input_type = "text"

    def __init__(self, attrs=None):
        super().__init__({"inputmode": "decimal", "autocomplete": "off", "class": "bedrag", **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, Decimal | int):
            return format_bedrag(value)
        return super().format_value(value)

    def render(self, name, value, attrs=None, renderer=None):
        """The HTML of Django's input.html and attrs.html templates, written in Python: the
        jaarplan editor shows a hundred amounts, and rendering each through its two templates was
        a third of that page's time (issue 26). A test holds it equal to the templates' HTML."""
        widget = self.get_context(name, value, attrs)["widget"]
        waarde = "" if widget["value"] is None else f' value="{escape(str(widget["value"]))}"'
        html = f'<input type="{_tekst(widget["type"])}" name="{_tekst(widget["name"])}"{waarde}'
        return mark_safe(f"{html}{_attributen(widget['attrs'])}>")  # noqa: S308 (every part is escaped)


class KeuzeSelect(forms.Select):
    """A choice list written in Python, with the HTML of Django's select.html and
    select_option.html: the national financier filter offers some 150 financiers, and an include
    per option was a fifth of a national list's time (issue 26). A test holds it equal."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        delen = [f'<select name="{_tekst(widget["name"])}"{_attributen(widget["attrs"])}>']
        for groep, opties, _ in widget["optgroups"]:
            if groep:
                delen.append(f'\n  <optgroup label="{_tekst(groep)}">')
            for optie in opties:
                delen.append(
                    f'\n  <option value="{escape(str(optie["value"]))}"{_attributen(optie["attrs"])}>'
                    f"{_tekst(optie['label'])}</option>\n"
                )
            if groep:
                delen.append("\n  </optgroup>")
        delen.append("\n</select>")
        return mark_safe("".join(delen))  # noqa: S308 (every part is escaped above)


class BedragField(forms.DecimalField):
    """An amount in euros with cents, typed as `75.000`, `75000,50` or `€ 1.234,56`."""

    widget = BedragInput
    default_error_messages = {
        "invalid": "Dit is geen bedrag. Schrijf bijvoorbeeld 75.000 of 1.234,56.",
        "max_decimal_places": "Een bedrag heeft hoogstens twee cijfers achter de komma (centen).",
        "max_digits": "Dit bedrag is te groot.",
        "max_whole_digits": "Dit bedrag is te groot.",
    }

    def __init__(self, *, max_digits=14, decimal_places=2, **kwargs):
        kwargs.setdefault("localize", False)
        super().__init__(max_digits=max_digits, decimal_places=decimal_places, **kwargs)
        if self.min_value is not None:
            self.error_messages["min_value"] = f"Het bedrag moet ten minste {format_euro(self.min_value)} zijn."
        if self.max_value is not None:
            self.error_messages["max_value"] = f"Het bedrag kan hoogstens {format_euro(self.max_value)} zijn."

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            bedrag = parse_bedrag(value)
        except ValueError as fout:
            # parse_bedrag says in Dutch what is wrong with what was typed.
            raise ValidationError(str(fout), code="invalid") from None
        if len(bedrag.as_tuple().digits) > self.max_digits + 2 * self.decimal_places:
            # Far too many digits: refuse before rounding, which cannot hold them.
            raise ValidationError(self.error_messages["max_digits"], code="max_digits")
        if bedrag != bedrag.quantize(CENT):
            raise ValidationError(self.error_messages["max_decimal_places"], code="max_decimal_places")
        return bedrag

    def prepare_value(self, value):
        # A bound form hands back the text as typed, so a rejected form shows what the user wrote.
        return value

    def widget_attrs(self, widget):
        # DecimalField would add step/min/max meant for <input type=number>.
        return forms.Field.widget_attrs(self, widget)


class DatumField(forms.DateField):
    """A date between VROEGSTE_DATUM and LAATSTE_DATUM, picked in the browser's date picker.
    Every date of every form (and of the admin) is one of these."""

    widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    default_validators = [valideer_datum]


class NaamLengteMixin:
    """No account has a name longer than the user model allows, and django-axes records a tried
    name in a column of 255 characters: a longer name is refused without asking the backends,
    with the message of any wrong name or password, and recorded as a failed sign-in under the
    part that fits."""

    def clean(self):
        naam = self.cleaned_data.get("username")
        lengte = self.username_field.max_length
        if naam and len(naam) > lengte:
            user_login_failed.send(sender=__name__, credentials={"username": naam[:lengte]}, request=self.request)
            raise self.get_invalid_login_error()
        return super().clean()


class AanmeldForm(NaamLengteMixin, AuthenticationForm):
    pass


class BeheerAanmeldForm(NaamLengteMixin, AdminAuthenticationForm):
    pass


def fouten_naar_form(form, fout: ValidationError) -> None:
    """Put a rule's refusal (from a model's clean() or a service) next to the field it is about,
    or above the form when it is about no field of this form."""
    if hasattr(fout, "error_dict"):
        for veld, fouten in fout.message_dict.items():
            form.add_error(veld if veld in form.fields else None, fouten)
    else:
        form.add_error(None, fout)


TE_VEEL_REGELS = "Er zijn te veel regels tegelijk verstuurd; ten hoogste {grens}. Sla op in delen."
REGELS_KLOPPEN_NIET = "De regels van dit formulier kloppen niet meer. Laad de pagina opnieuw en probeer het nog eens."


class BegrensdeFormSetMixin:
    """A formset that builds no more forms than a person could have filled in, whatever the
    management form says: at most the existing rows plus `max_nieuw` new ones (Django's
    absolute_max; its default of 2,000 let a posted TOTAL_FORMS=100000 take half a minute to
    render), and an INITIAL_FORMS outside 0 to the existing rows (a negative one reached an
    IntegrityError) makes the formset invalid with a Dutch message instead of being believed."""

    max_nieuw = 100

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.absolute_max = min(self.absolute_max, self._existing_count() + self.max_nieuw)
        self._initial_ongeldig = False

    def _existing_count(self) -> int:
        if hasattr(self, "get_queryset"):  # a model formset: the rows in the database
            return len(self.get_queryset()) if self.is_bound else 0
        return len(self.initial or ())

    def initial_form_count(self):
        aantal = super().initial_form_count()
        if not self.is_bound:
            return aantal
        hoogste = min(self._existing_count(), self.management_form.cleaned_data.get("TOTAL_FORMS", 0))
        if not 0 <= aantal <= hoogste:
            self._initial_ongeldig = True
            return max(0, min(aantal, hoogste))
        return aantal

    def full_clean(self):
        super().full_clean()
        if not self.is_bound or self._non_form_errors is None:
            return
        fouten = [e for e in self._non_form_errors.as_data() if e.code != "too_many_forms"]
        if self.management_form.is_valid() and self.management_form.cleaned_data["TOTAL_FORMS"] > self.absolute_max:
            fouten.append(ValidationError(TE_VEEL_REGELS.format(grens=self.absolute_max), code="too_many_forms"))
        if self._initial_ongeldig:
            fouten.append(ValidationError(REGELS_KLOPPEN_NIET, code="initial_forms"))
        self._non_form_errors = self.error_class(fouten, error_class="nonform", renderer=self.renderer)


class BegrensdeMeerkeuzeField(forms.ModelMultipleChoiceField):
    """A multiple choice of objects (the admin's groups, a project's deelnemers) where a key the
    database cannot hold, a 20-digit number, is refused as any unknown choice: SQLite cannot even
    look it up (OverflowError, a server error; Django bounds `=` but not `IN`)."""

    def _check_values(self, value):
        sleutel = self.to_field_name or "pk"
        veld = self.queryset.model._meta.pk if sleutel == "pk" else self.queryset.model._meta.get_field(sleutel)
        laagste, hoogste = connection.ops.integer_field_range(veld.get_internal_type())
        if laagste is not None or hoogste is not None:
            for waarde in value if isinstance(value, list | tuple) else [value]:
                try:
                    getal = int(str(waarde))
                except ValueError:
                    continue  # the field's own check refuses it
                if (laagste is not None and getal < laagste) or (hoogste is not None and getal > hoogste):
                    raise ValidationError(
                        self.error_messages["invalid_choice"], code="invalid_choice", params={"value": str(waarde)[:20]}
                    )
        return super()._check_values(value)


class UploadField(forms.FileField):
    """A file to import: one over IMPORT_MAX_BYTES is refused by the size the upload has, before a
    view reads it into memory (Django keeps a large upload in a temporary file until then)."""

    def clean(self, data, initial=None):
        bestand = super().clean(data, initial)
        if bestand is not None:
            from .bestanden import controleer_grootte

            controleer_grootte(bestand.size)
        return bestand
