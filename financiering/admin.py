from django.contrib import admin
from django.urls import reverse

from kern.admin import RegioAdmin, RegioInline

from .models import Betaling, Factuur, Financieringsafspraak, Toezegging

# Amounts are read-only in the admin (kern.admin.GeldAlleenLezenMixin); each one links to the
# page whose service changes it, with that page's rules, lock, reason and history.


def _afspraakpagina(afspraak_id):
    return reverse("afspraken:bewerken", args=[afspraak_id]), "Minimum en toezeggingen wijzigen op de afspraakpagina"


def _creditpagina(factuur):
    if factuur.is_credit:
        return None  # a credit invoice is not credited or changed; a new invoice corrects it
    return reverse("facturen:crediteren", args=[factuur.pk]), "Bedrag verlagen met een creditfactuur"


def _correctiepagina(betaling):
    return reverse("facturen:betaling_corrigeren", args=[betaling.pk]), "Betaling corrigeren of terugdraaien"


class ToezeggingInline(RegioInline):
    model = Toezegging
    fields = ["jaar", "bedrag_geld", "bedrag_natura", "omschrijving_natura"]

    def geld_pagina(self, toezegging):
        return _afspraakpagina(toezegging.afspraak_id)


@admin.register(Financieringsafspraak)
class AfspraakAdmin(RegioAdmin):
    list_display = ["naam", "financier", "soort", "status", "getekend_op", "startjaar", "eindjaar", "minimum_per_jaar"]
    list_filter = ["soort", "status", "leerwerkloket"]
    search_fields = ["naam", "financier__naam"]
    # Signing is the transition on the agreement's page ("Tekenen"), never a field here.
    readonly_fields = ["status", "getekend_op", "getekend_door", "getekend_vastgelegd_door"]
    inlines = [ToezeggingInline]

    def geld_pagina(self, afspraak):
        return _afspraakpagina(afspraak.pk)


class FactuurInline(RegioInline):
    model = Factuur

    def geld_pagina(self, factuur):
        return _creditpagina(factuur)


class BetalingInline(RegioInline):
    model = Betaling
    fk_name = "toezegging"

    def geld_pagina(self, betaling):
        return _correctiepagina(betaling)


@admin.register(Toezegging)
class ToezeggingAdmin(RegioAdmin):
    list_display = ["afspraak", "jaar", "bedrag_geld", "bedrag_natura"]
    list_filter = ["jaar", "afspraak__soort"]
    search_fields = ["afspraak__financier__naam"]
    list_select_related = ["afspraak__financier"]
    inlines = [FactuurInline, BetalingInline]

    def geld_pagina(self, toezegging):
        return _afspraakpagina(toezegging.afspraak_id)


@admin.register(Factuur)
class FactuurAdmin(RegioAdmin):
    list_display = ["nummer", "toezegging", "factuurdatum", "vervaldatum", "bedrag"]
    search_fields = ["nummer", "toezegging__afspraak__financier__naam"]
    list_select_related = ["toezegging__afspraak__financier"]

    def geld_pagina(self, factuur):
        return _creditpagina(factuur)


@admin.register(Betaling)
class BetalingAdmin(RegioAdmin):
    list_display = ["datum", "toezegging", "factuur", "bedrag", "referentie"]
    list_select_related = ["toezegging__afspraak__financier", "factuur"]

    def geld_pagina(self, betaling):
        return _correctiepagina(betaling)
