from django.contrib import admin

from kern.admin import RegioAdminMixin

from .models import Stuurgroeprapport


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
