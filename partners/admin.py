from axes.utils import reset as axes_reset
from django import forms
from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.forms import CheckboxSelectMultiple
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse

from kern import tweestaps
from kern.admin import EigenRegioObjectMixin, RegioAdmin, RegioAdminMixin, RegioInline
from kern.forms import BedragField, fouten_naar_form

from .models import (
    Auditregel,
    Contactpersoon,
    Gebruiker,
    Leerwerkloket,
    Partner,
    Project,
    Verdeelsleutel,
    VerdeelsleutelAandeel,
)
from .roles import Rol
from .services import aandeel_vast_bedrag_wijzigen


@admin.register(Leerwerkloket)
class LeerwerkloketAdmin(EigenRegioObjectMixin, admin.ModelAdmin):
    list_display = ["naam", "arbeidsmarktregio", "slug"]
    prepopulated_fields = {"slug": ["arbeidsmarktregio"]}

    @admin.action(description="Blokkade opheffen (te vaak een verkeerd wachtwoord)", permissions=["change"])
    def blokkade_opheffen(self, request, queryset):
        # Every failed attempt on the account, from every address: the lock-out per account ends,
        # and the per-address ones of those attempts with it. Own region only (get_queryset).
        opgeheven = sum(axes_reset(username=gebruiker.username) for gebruiker in queryset)
        self.message_user(
            request,
            f"Blokkade opgeheven voor {len(queryset)} gebruiker(s) ({opgeheven} geregistreerde poging(en) gewist). "
            "Ze kunnen meteen weer inloggen.",
        )

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        return qs if request.user.leest_alle_regios else qs.filter(pk=request.user.leerwerkloket_id)

    # A region's own beheerder keeps its details up to date; adding or removing a Leerwerkloket is national.
    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


@admin.register(Gebruiker)
class GebruikerAdmin(EigenRegioObjectMixin, UserAdmin):
    list_display = ["username", "first_name", "last_name", "leerwerkloket", "is_active"]
    list_filter = ["leerwerkloket", "groups", "is_active"]
    fieldsets = [*UserAdmin.fieldsets, ("Regio", {"fields": ["leerwerkloket"]})]
    # The roles are a handful of checkboxes: the stock two-pane widget's script writes ARIA that
    # axe-core refuses (aria-label on a plain span), and its split date inputs have no labels.
    filter_horizontal = []
    actions = ["tweestaps_uitzetten", "blokkade_opheffen"]

    @admin.action(description="Tweestapsverificatie uitzetten (telefoon kwijt)", permissions=["change"])
    def tweestaps_uitzetten(self, request, queryset):
        # The queryset is the own region's (get_queryset): no one resets another region's user.
        for gebruiker in queryset:
            tweestaps.tweestaps_uitzetten(gebruiker)
        self.message_user(
            request,
            f"Tweestapsverificatie uitgezet voor {len(queryset)} gebruiker(s). Wie haar moet gebruiken, "
            "stelt haar bij de volgende keer inloggen opnieuw in.",
        )

    @admin.action(description="Blokkade opheffen (te vaak een verkeerd wachtwoord)", permissions=["change"])
    def blokkade_opheffen(self, request, queryset):
        # Every failed attempt on the account, from every address: the lock-out per account ends,
        # and the per-address ones of those attempts with it. Own region only (get_queryset).
        opgeheven = sum(axes_reset(username=gebruiker.username) for gebruiker in queryset)
        self.message_user(
            request,
            f"Blokkade opgeheven voor {len(queryset)} gebruiker(s) ({opgeheven} geregistreerde poging(en) gewist). "
            "Ze kunnen meteen weer inloggen.",
        )

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        return qs if request.user.leest_alle_regios else qs.filter(leerwerkloket=request.user.leerwerkloket_id)

    # A regional beheerder manages the own region's users, but may not lift anyone (themselves
    # included) out of it: no superuser, no separate permissions, no national role, no other region.
    def get_readonly_fields(self, request, obj=None):
        velden = [*super().get_readonly_fields(request, obj), "last_login", "date_joined"]
        if not request.user.is_superuser:
            velden += ["is_superuser", "user_permissions"]
        return velden

    def save_model(self, request, obj, form, change):
        # The add form asks only for a name and a password; a regional beheerder's new colleague
        # is one of the own region (without one, the beheerder could not even open the user).
        if not change and not request.user.leest_alle_regios:
            obj.leerwerkloket_id = request.user.leerwerkloket_id
        super().save_model(request, obj, form, change)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "leerwerkloket" and not request.user.is_superuser:
            kwargs["queryset"] = Leerwerkloket.objects.filter(pk=request.user.leerwerkloket_id)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "groups":
            kwargs["widget"] = CheckboxSelectMultiple
            if not request.user.is_superuser:
                kwargs["queryset"] = Group.objects.exclude(name=Rol.LANDELIJK)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class ContactpersoonInline(RegioInline):
    model = Contactpersoon


@admin.register(Partner)
class PartnerAdmin(RegioAdmin):
    list_display = ["naam", "soort", "is_groep", "groep", "actief", "leerwerkloket"]
    list_filter = ["soort", "actief", "is_groep", "leerwerkloket"]
    search_fields = ["naam"]
    inlines = [ContactpersoonInline]


@admin.register(Project)
class ProjectAdmin(RegioAdmin):
    list_display = ["naam", "startjaar", "eindjaar", "leerwerkloket"]
    # Checkboxes rather than the two-pane widget, for the reason given at GebruikerAdmin.
    formfield_overrides = {models.ManyToManyField: {"widget": CheckboxSelectMultiple}}


def _vast_bedrag_pagina(aandeel):
    return reverse("admin:partners_verdeelsleutelaandeel_vast_bedrag", args=[aandeel.pk]), "Vast bedrag wijzigen"


class VastBedragForm(forms.Form):
    vast_bedrag = BedragField(label="Vast bedrag", required=False, help_text="Leeg: geen vast bedrag.")
    reden = forms.CharField(label="Reden", max_length=100, help_text="Komt in de geschiedenis.")


class AandeelInline(RegioInline):
    model = VerdeelsleutelAandeel

    def geld_pagina(self, aandeel):
        return _vast_bedrag_pagina(aandeel)


@admin.register(Verdeelsleutel)
class VerdeelsleutelAdmin(RegioAdmin):
    list_display = ["groep", "jaar", "methode"]
    list_filter = ["jaar", "methode"]
    inlines = [AandeelInline]


@admin.register(Contactpersoon)
class ContactpersoonAdmin(RegioAdminMixin, admin.ModelAdmin):
    # A contact person keeps no simple-history (no money, no decision); its history page is the admin's own.
    list_display = ["naam", "partner", "functie", "email", "is_stuurgroeplid"]
    search_fields = ["naam", "partner__naam"]
    list_select_related = ["partner"]


@admin.register(VerdeelsleutelAandeel)
class VerdeelsleutelAandeelAdmin(RegioAdmin):
    list_display = ["partner", "verdeelsleutel", "inwoners", "percentage", "vast_bedrag"]
    list_select_related = ["partner", "verdeelsleutel__groep"]

    # A fixed amount has no page of its own: it changes here, through the service, with a reason.
    def geld_pagina(self, aandeel):
        return _vast_bedrag_pagina(aandeel)

    def get_urls(self):
        eigen = path(
            "<path:object_id>/vast-bedrag/",
            self.admin_site.admin_view(self.vast_bedrag_view),
            name="partners_verdeelsleutelaandeel_vast_bedrag",
        )
        return [eigen, *super().get_urls()]

    def vast_bedrag_view(self, request, object_id):
        aandeel = self.get_object(request, unquote(object_id))  # another region's: 404
        if not self.has_change_permission(request, aandeel):
            raise PermissionDenied
        form = VastBedragForm(request.POST or None, initial={"vast_bedrag": aandeel.vast_bedrag})
        if request.method == "POST" and form.is_valid():
            try:
                aandeel_vast_bedrag_wijzigen(aandeel=aandeel, door=request.user, **form.cleaned_data)
            except ValidationError as fout:
                fouten_naar_form(form, fout)
            else:
                self.message_user(request, f"Het vaste bedrag van {aandeel.partner} is gewijzigd.")
                return redirect("admin:partners_verdeelsleutelaandeel_change", aandeel.pk)
        context = {
            **self.admin_site.each_context(request),
            "title": f"Vast bedrag van {aandeel.partner} wijzigen",
            "opts": self.model._meta,
            "form": form,
            "aandeel": aandeel,
        }
        return TemplateResponse(request, "admin/partners/vast_bedrag.html", context)


@admin.register(Auditregel)
class AuditregelAdmin(RegioAdminMixin, admin.ModelAdmin):
    """Read only: the trail of sign-ins, exports, imports and backups is written by the app, never by hand."""

    list_display = ["tijdstip", "actie", "omschrijving", "gebruiker", "leerwerkloket"]
    list_select_related = ["gebruiker", "leerwerkloket"]
    date_hierarchy = "tijdstip"
    list_filter = ["actie"]
    search_fields = ["omschrijving", "gebruiker__username"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# Authenticator apps and backup codes (kern.models) belong to their user alone: set up on the user's
# own page, reset by the action above, never read or edited in the admin; they are not registered.
