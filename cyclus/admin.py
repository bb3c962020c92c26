"""The calendar's data that a beheerder keeps: meeting dates, verantwoording deadlines and
invoicing schedules per agreement, and the verantwoordingen recorded as submitted."""

from django.contrib import admin

from kern.admin import RegioAdmin

from .models import Factuurschema, Stuurgroepvergadering, Verantwoording, Verantwoordingstermijn


@admin.register(Stuurgroepvergadering)
class StuurgroepvergaderingAdmin(RegioAdmin):
    list_display = ["datum", "omschrijving", "leerwerkloket"]
    list_filter = ["leerwerkloket"]
    date_hierarchy = "datum"


@admin.register(Verantwoordingstermijn)
class VerantwoordingstermijnAdmin(RegioAdmin):
    list_display = ["afspraak", "dag", "maand"]


@admin.register(Factuurschema)
class FactuurschemaAdmin(RegioAdmin):
    list_display = ["afspraak", "momenten"]


@admin.register(Verantwoording)
class VerantwoordingAdmin(RegioAdmin):
    """Recorded on its page ("Vastleggen als ingediend"), with who did it; here it is read."""

    list_display = ["afspraak", "jaar", "ingediend_op", "vastgelegd_door"]
    readonly_fields = ["afspraak", "jaar", "ingediend_op", "vastgelegd_door"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
