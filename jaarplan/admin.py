from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from kern.admin import RegioAdmin, RegioAdminMixin, RegioInline

from . import services
from .models import (
    Activiteit,
    Begrotingsregel,
    Begrotingswijziging,
    Begrotingswijzigingsregel,
    Dekking,
    Importbatch,
    Indicator,
    Jaarplan,
    Kostenplaatskoppeling,
    Kostenrealisatie,
    Outputrealisatie,
)


class ActiviteitInline(RegioInline):
    model = Activiteit
    fields = ["volgorde", "code", "naam", "soort", "locatie", "project"]
    show_change_link = True


@admin.register(Jaarplan)
class JaarplanAdmin(RegioAdmin):
    list_display = ["jaar", "leerwerkloket", "status", "besluitdatum"]
    list_filter = ["status", "leerwerkloket"]
    readonly_fields = [
        "status",
        "besluitdatum",
        "vastgesteld_door",
        "aanvaard_ongedekt",
        "afgesloten_op",
        "aanvaard_geboekt_tot",
    ]
    inlines = [ActiviteitInline]
    actions = ["afsluiten"]

    @admin.action(description="Geselecteerde jaarplannen afsluiten", permissions=["change"])
    def afsluiten(self, request, queryset):
        # Through the service, so the transition's condition (the year has ended) and the realisatie
        # through December hold here as on the page; a shortfall is accepted on the page only.
        for jaarplan in queryset:
            try:
                services.jaarplan_afsluiten(jaarplan=jaarplan, door=request.user)
            except (ValidationError, PermissionDenied) as fout:
                melding = " ".join(getattr(fout, "messages", [str(fout)]))
                self.message_user(request, f"Jaarplan {jaarplan.jaar}: {melding}", messages.ERROR)
            else:
                self.message_user(request, f"Jaarplan {jaarplan.jaar} is afgesloten.")


def _begrotingspagina(deel):
    # The jaarplan's editor: a concept directly, a vastgesteld plan by a begrotingswijziging with a reason.
    return reverse(
        "jaarplan:detail", args=[deel.activiteit.jaarplan_id]
    ), "Begroting en dekking wijzigen in het jaarplan"


def _boekingspagina(boeking):
    return reverse("jaarplan:kosten_bewerken", args=[boeking.pk]), "Boeking wijzigen op de realisatiepagina"


class BegrotingsregelInline(RegioInline):
    model = Begrotingsregel

    def geld_pagina(self, regel):
        return _begrotingspagina(regel)


class IndicatorInline(RegioInline):
    model = Indicator


class DekkingInline(RegioInline):
    model = Dekking

    def geld_pagina(self, dekking):
        return _begrotingspagina(dekking)


@admin.register(Activiteit)
class ActiviteitAdmin(RegioAdmin):
    list_display = ["naam", "jaarplan", "soort", "locatie", "project"]
    list_filter = ["jaarplan__jaar", "soort"]
    list_select_related = ["jaarplan__leerwerkloket", "project"]
    inlines = [BegrotingsregelInline, DekkingInline, IndicatorInline]
    vast_na_aanmaken = ("jaarplan",)


class WijzigingsregelInline(admin.TabularInline):
    model = Begrotingswijzigingsregel
    extra = 0
    can_delete = False
    readonly_fields = ["omschrijving", "oud_bedrag", "nieuw_bedrag"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Begrotingswijziging)
class BegrotingswijzigingAdmin(RegioAdminMixin, admin.ModelAdmin):
    """A record, written by jaarplan.services.begrotingswijziging_doorvoeren; read here."""

    list_display = ["jaarplan", "tijdstip", "door", "reden"]
    readonly_fields = ["jaarplan", "reden", "door", "tijdstip"]
    inlines = [WijzigingsregelInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        # The stuurgroep's adopted budget changed through it: removing the record would hide why.
        return False


@admin.register(Kostenrealisatie)
class KostenrealisatieAdmin(RegioAdmin):
    list_display = ["datum", "activiteit", "kostensoort", "bedrag", "omschrijving"]
    list_filter = ["activiteit__jaarplan__jaar", "kostensoort"]
    list_select_related = ["activiteit__jaarplan"]
    # Where a booking read in from the bookkeeping came from: shown, never typed.
    readonly_fields = ["geimporteerd", "importbatch", "rijnummer"]

    def geld_pagina(self, boeking):
        return _boekingspagina(boeking)


@admin.register(Outputrealisatie)
class OutputrealisatieAdmin(RegioAdmin):
    list_display = ["datum", "indicator", "aantal"]
    list_filter = ["indicator__activiteit__jaarplan__jaar"]
    list_select_related = ["indicator__activiteit"]


@admin.register(Begrotingsregel)
class BegrotingsregelAdmin(RegioAdmin):
    list_display = ["activiteit", "kostensoort", "bedrag"]
    list_filter = ["activiteit__jaarplan__jaar", "kostensoort"]
    list_select_related = ["activiteit__jaarplan"]

    def geld_pagina(self, regel):
        return _begrotingspagina(regel)


@admin.register(Dekking)
class DekkingAdmin(RegioAdmin):
    list_display = ["activiteit", "toezegging", "bedrag"]
    list_filter = ["activiteit__jaarplan__jaar"]
    list_select_related = ["activiteit__jaarplan", "toezegging__afspraak__financier"]

    def geld_pagina(self, dekking):
        return _begrotingspagina(dekking)


@admin.register(Indicator)
class IndicatorAdmin(RegioAdmin):
    list_display = ["naam", "activiteit", "eenheid", "streefwaarde"]
    list_filter = ["activiteit__jaarplan__jaar"]
    list_select_related = ["activiteit__jaarplan"]


@admin.register(Kostenplaatskoppeling)
class KostenplaatskoppelingAdmin(RegioAdminMixin, admin.ModelAdmin):
    list_display = ["kostenplaats", "activiteit_code", "kostensoort", "leerwerkloket"]
    list_filter = ["kostensoort"]
    search_fields = ["kostenplaats", "activiteit_code"]


@admin.register(Importbatch)
class ImportbatchAdmin(RegioAdminMixin, admin.ModelAdmin):
    """Read only: a batch is read in and undone on the import pages, through the service."""

    list_display = ["pk", "bestandsnaam", "status", "jaar", "aantal_regels", "totaal", "aangemaakt_op"]
    list_filter = ["status", "jaar"]
    exclude = ["inhoud"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
