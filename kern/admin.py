"""What every admin page of ours shares: the reader's region scopes every list and choice,
another region's object answers 404, deletes go through the model (so its rules apply), amounts
are only read (services write money) and history is one click away."""

from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.utils import unquote
from django.contrib.admin.views.main import ERROR_FLAG, ChangeList
from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

from kern.forms import BegrensdeFormSetMixin, BegrensdeMeerkeuzeField, DatumField
from kern.scoping import RegioQuerySet
from kern.validators import LAATSTE_DATUM, VROEGSTE_DATUM

# A date part in a list's filters (its date hierarchy, or `?tijdstip__year=`) and what it may be.
DATUMDELEN = {
    "__year": range(VROEGSTE_DATUM.year, LAATSTE_DATUM.year + 1),
    "__month": range(1, 13),
    "__day": range(1, 32),
}


def _scoped(queryset, request):
    if isinstance(queryset, RegioQuerySet):
        return queryset.voor_gebruiker(request.user)
    return queryset


class GeldigeFilterChangeList(ChangeList):
    """A list whose query string holds a NUL byte (which PostgreSQL refuses) or a date part no
    date has (Python's datetime overflows) is refused as Django refuses any filter value it
    cannot use: the list redirects to `?e=1`, without the filters, and says so in Dutch."""

    def get_queryset(self, request, exclude_parameters=None):
        for sleutel, waarden in request.GET.lists():
            if "\x00" in sleutel or any("\x00" in w for w in waarden):
                raise IncorrectLookupParameters("Een filterwaarde bevat een NUL-teken.")
            bereik = next((b for deel, b in DATUMDELEN.items() if sleutel.endswith(deel)), None)
            if bereik is not None and not all(w.isascii() and w.isdigit() and int(w) in bereik for w in waarden):
                raise IncorrectLookupParameters(f"{sleutel}={waarden!r} is geen datum.")
        return super().get_queryset(request, exclude_parameters)


def is_geldveld(veld) -> bool:
    """A field that holds euros: kern's MoneyField and any DecimalField with cents (the money
    convention), found by type so that a new model with money is caught without being named."""
    return isinstance(veld, models.DecimalField) and veld.decimal_places == 2


def geldvelden(model) -> list[str]:
    return [veld.name for veld in model._meta.concrete_fields if is_geldveld(veld)]


def is_vrij_te_wijzigen(veld) -> bool:
    """What the admin may still change on a saved object that holds money: text that names or
    describes it, and its document. Never what places the money: who, which agreement, year,
    invoice or activity (a relation), a date, a number, a kind (a choice, the status), a flag."""
    tekst = isinstance(veld, models.CharField | models.TextField) and not veld.choices
    return tekst or isinstance(veld, models.FileField)


def geld_plaatsende_velden(model, *, behalve: str | None = None) -> list[str]:
    """The fields of a money model the admin only reads once the object exists (its amounts
    included); `behalve` is an inline's link to its parent, which its form does not show."""
    if not geldvelden(model):
        return []
    return [
        veld.name
        for veld in [*model._meta.concrete_fields, *model._meta.many_to_many]
        if veld.editable and not veld.primary_key and veld.name != behalve and not is_vrij_te_wijzigen(veld)
    ]


class GeldAlleenLezenMixin:
    """Services are the only writers of money. Every amount is read-only in the admin, on the
    change form, in its inlines and on the add form, and a model whose amount is required is not
    added here at all: it is made on its page, through its service, with the rules, lock, reason
    and history that page asks. Once saved, a money row does not move either (its agreement, year,
    invoice, date, kind and flags are read-only; only text that describes it and its document
    change here), and it is never deleted here. An admin names that page per object in `geld_pagina`, shown as
    the link "Bedragen wijzigen"."""

    # (object) -> (url, link text), or None when the amount no longer changes; None: no link.
    geld_pagina = None
    # Fields of a model without money of its own that place money all the same (a jaarplan's
    # year, an activity's jaarplan): read-only once the object exists.
    vast_na_aanmaken: tuple[str, ...] = ()

    def get_readonly_fields(self, request, obj=None):
        velden = list(super().get_readonly_fields(request, obj))
        velden += [veld for veld in geldvelden(self.model) if veld not in velden]
        if obj is not None:
            # A saved money row does not move either: not to another agreement, year, invoice or
            # date. `obj` is the parent on an inline, whose link to that parent is not in its form.
            ouder = getattr(self, "fk_name", None) or _link_naar_ouder(self)
            vast = [*geld_plaatsende_velden(self.model, behalve=ouder), *self.vast_na_aanmaken]
            velden += [veld for veld in vast if veld not in velden]
        if self.geld_pagina is not None and "bedragen_wijzigen" not in velden:
            velden.append("bedragen_wijzigen")
        return velden

    def get_fields(self, request, obj=None):
        velden = list(super().get_fields(request, obj))
        if self.geld_pagina is not None and "bedragen_wijzigen" not in velden:
            velden.append("bedragen_wijzigen")
        return velden

    def has_delete_permission(self, request, obj=None):
        # Money goes away through its service (a payment reversed, an invoice credited, a booking
        # removed on its page), with a reason and the lock; never by deleting a row here.
        if geldvelden(self.model):
            return False
        return super().has_delete_permission(request, obj)

    def has_add_permission(self, request, *args):
        # An amount that may stay empty (an agreement without a minimum) is set on its page later.
        if any(not self.model._meta.get_field(veld).null for veld in geldvelden(self.model)):
            return False
        return super().has_add_permission(request, *args)

    @admin.display(description="Bedragen wijzigen")
    def bedragen_wijzigen(self, obj):
        if obj is None or obj.pk is None:
            return "Op de pagina van dit onderwerp, na opslaan."
        waar = self.geld_pagina(obj)
        if waar is None:
            return "Dit bedrag wijzigt niet meer."
        url, tekst = waar
        return format_html('<a href="{}">{}</a>', url, tekst)


def _link_naar_ouder(model_admin) -> str | None:
    """An inline's foreign key to its parent model, or None for a model's own admin."""
    ouder = getattr(model_admin, "parent_model", None)
    if ouder is None:
        return None
    return next(
        (v.name for v in model_admin.model._meta.concrete_fields if v.is_relation and v.related_model is ouder),
        None,
    )


class GeldigeInvoerMixin(GeldAlleenLezenMixin):
    """Every admin page of ours: dates within the years the administration holds, list filters
    that refuse what the database cannot take, and amounts that are only read."""

    formfield_overrides = {models.DateField: {"form_class": DatumField}}

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        kwargs.setdefault("form_class", BegrensdeMeerkeuzeField)  # a key no database holds is no choice, not a 500
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def get_changelist(self, request, **kwargs):
        return GeldigeFilterChangeList

    def changelist_view(self, request, extra_context=None):
        antwoord = super().changelist_view(request, extra_context)
        # Django sends a list with filters it cannot use to `?e=1` without them, silently.
        if ERROR_FLAG in request.GET and getattr(antwoord, "template_name", None) != "admin/invalid_setup.html":
            messages.warning(request, "Deze filterwaarde bestaat niet; de lijst toont alles, zonder filter.")
        return antwoord


def elke_lijst_geldig(site: admin.AdminSite) -> None:
    """Every model in the admin gets the same refusal of unusable filter values, also those whose
    admin comes from a library (django-axes' logs, auth's groups): each is registered again as a
    subclass with GeldigeInvoerMixin. Called once the admin modules are loaded (config/urls.py)."""
    for model, model_admin in list(site._registry.items()):
        klasse = type(model_admin)
        if not issubclass(klasse, GeldigeInvoerMixin):
            site.unregister(model)
            site.register(model, type(klasse.__name__, (GeldigeInvoerMixin, klasse), {"__module__": klasse.__module__}))


class RegioFilter(admin.RelatedFieldListFilter):
    """The region filter of a list names only the regions the reader may read (a regional
    beheerder's own region alone, so the filter does not show at all)."""

    def field_choices(self, field, request, model_admin):
        if request.user.leest_alle_regios:
            return super().field_choices(field, request, model_admin)
        ordering = self.field_admin_ordering(field, request, model_admin)
        return field.get_choices(
            include_blank=False, limit_choices_to={"pk": request.user.leerwerkloket_id}, ordering=ordering
        )


class EigenRegioObjectMixin(GeldigeInvoerMixin):
    """An object outside the reader's queryset (another region's, or none at all) answers 404 on
    its change, delete and history pages, as every other page of the app does. Django's admin
    would redirect to the index with a message instead, and simple-history would even show the
    history of an object the reader may not see."""

    def get_list_filter(self, request):
        return [("leerwerkloket", RegioFilter) if f == "leerwerkloket" else f for f in super().get_list_filter(request)]

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            raise Http404("Dit object bestaat niet of hoort bij een andere regio.")
        return obj

    def history_view(self, request, object_id, extra_context=None):
        self._zichtbaar_of_404(request, object_id)
        return super().history_view(request, object_id, extra_context=extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # Only SimpleHistoryAdmin has this view (one historical version of the object).
        self._zichtbaar_of_404(request, object_id)
        return super().history_form_view(request, object_id, version_id, extra_context=extra_context)

    def _zichtbaar_of_404(self, request, object_id):
        # simple-history shows the history of a deleted object from its historical rows, which
        # carry no region we can scope on; only a reader of every region keeps that.
        if not request.user.leest_alle_regios:
            self.get_object(request, unquote(object_id))


class RegioAdminMixin(EigenRegioObjectMixin):
    def get_queryset(self, request):
        return _scoped(super().get_queryset(request), request)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if field is not None and hasattr(field, "queryset"):
            if db_field.name == "leerwerkloket" and not request.user.leest_alle_regios:
                field.queryset = field.queryset.filter(pk=request.user.leerwerkloket_id)
            else:
                field.queryset = _scoped(field.queryset, request)
        return field

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        if field is not None and hasattr(field, "queryset"):
            field.queryset = _scoped(field.queryset, request)
        return field

    def get_actions(self, request):
        # Bulk delete skips each model's delete() and with it the rules about what may go.
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    def has_delete_permission(self, request, obj=None):
        if obj is not None and verwijder_blokkade(obj):
            return False
        return super().has_delete_permission(request, obj)


def verwijder_blokkade(obj) -> str | None:
    """The Dutch reason `obj` may not be deleted, or None."""
    controle = getattr(obj, "controleer_bewerkbaar", None)
    if controle is None:
        return None
    try:
        controle(verwijderen=True)
    except ValidationError as fout:
        return " ".join(fout.messages)
    return None


class RegioAdmin(RegioAdminMixin, SimpleHistoryAdmin):
    pass


class GelabeldeRegelsMixin:
    """A tabular inline shows each field's label once, as a column head, which a screen reader
    does not tie to the inputs below it (axe: "Form elements must have labels"). Each input gets
    its label and row as its accessible name: "Bedrag in geld, regel 2"."""

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)

        class GelabeldeRegels(BegrensdeFormSetMixin, formset):
            def add_fields(self, form, index):  # after the formset's own fields (DELETE) are added
                super().add_fields(form, index)
                waar = "nieuwe regel" if index is None else f"regel {index + 1}"
                for veld in form.fields.values():
                    # A related-object wrapper renders the widget it wraps, with that one's attrs.
                    getattr(veld.widget, "widget", veld.widget).attrs["aria-label"] = f"{veld.label}, {waar}"

        GelabeldeRegels.__name__ = formset.__name__
        return GelabeldeRegels


class RegioInline(GelabeldeRegelsMixin, RegioAdminMixin, admin.TabularInline):
    extra = 0
