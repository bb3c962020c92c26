from django.contrib import admin

from kern.admin import RegioAdmin, RegioInline

from .models import Betaling, Factuur, Financieringsafspraak, Toezegging


class ToezeggingInline(RegioInline):
    model = Toezegging
    fields = ["jaar", "bedrag_geld", "bedrag_natura", "omschrijving_natura"]


@admin.register(Financieringsafspraak)
class AfspraakAdmin(RegioAdmin):
    list_display = ["naam", "financier", "soort", "status", "startjaar", "eindjaar", "minimum_per_jaar"]
    list_filter = ["soort", "status", "leerwerkloket"]
    search_fields = ["naam", "financier__naam"]
    inlines = [ToezeggingInline]


class FactuurInline(RegioInline):
    model = Factuur


class BetalingInline(RegioInline):
    model = Betaling
    fk_name = "toezegging"


@admin.register(Toezegging)
class ToezeggingAdmin(RegioAdmin):
    list_display = ["afspraak", "jaar", "bedrag_geld", "bedrag_natura"]
    list_filter = ["jaar", "afspraak__soort"]
    search_fields = ["afspraak__financier__naam"]
    list_select_related = ["afspraak__financier"]
    inlines = [FactuurInline, BetalingInline]


@admin.register(Factuur)
class FactuurAdmin(RegioAdmin):
    list_display = ["nummer", "toezegging", "factuurdatum", "vervaldatum", "bedrag"]
    search_fields = ["nummer", "toezegging__afspraak__financier__naam"]
    list_select_related = ["toezegging__afspraak__financier"]


@admin.register(Betaling)
class BetalingAdmin(RegioAdmin):
    list_display = ["datum", "toezegging", "factuur", "bedrag", "referentie"]
    list_select_related = ["toezegging__afspraak__financier", "factuur"]
