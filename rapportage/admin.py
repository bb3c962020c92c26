from django.contrib import admin

from kern.admin import RegioAdminMixin

from .models import Importbatch, Kostenplaatskoppeling, Stuurgroeprapport


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


@admin.register(Stuurgroeprapport)
class StuurgroeprapportAdmin(RegioAdminMixin, admin.ModelAdmin):
    """Read only: a report is laid down on the report page and never changed afterwards."""

    list_display = ["vergaderdatum", "jaar", "status", "leerwerkloket", "vastgelegd_door", "vastgelegd_op"]
    list_filter = ["status", "jaar"]
    exclude = ["cijfers"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
