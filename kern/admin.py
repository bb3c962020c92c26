"""What every admin page of ours shares: the reader's region scopes every list and choice,
another region's object answers 404, deletes go through the model (so its rules apply) and
history is one click away."""

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.core.exceptions import ValidationError
from django.http import Http404
from simple_history.admin import SimpleHistoryAdmin

from kern.scoping import RegioQuerySet


def _scoped(queryset, request):
    if isinstance(queryset, RegioQuerySet):
        return queryset.voor_gebruiker(request.user)
    return queryset


class EigenRegioObjectMixin:
    """An object outside the reader's queryset (another region's, or none at all) answers 404 on
    its change, delete and history pages, as every other page of the app does. Django's admin
    would redirect to the index with a message instead, and simple-history would even show the
    history of an object the reader may not see."""

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


class RegioInline(RegioAdminMixin, admin.TabularInline):
    extra = 0
