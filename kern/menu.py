"""The main menu: one line per section. A section shows when its check passes for the user.

Checks are dotted paths so kern does not import the apps above it; a later page adds a line
here (e.g. ("Afspraken", "afspraken:lijst", "afspraken", "financiering.permissions.can_view_afspraken"))."""

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class MenuItem:
    label: str
    url_naam: str
    sectie: str  # the URL namespace (or URL name, for a page without one) that marks it current
    check: str


MENU = [
    MenuItem("Overzicht", "home", "home", "kern.permissions.ingelogd"),
    MenuItem("Dashboard", "dashboard:overzicht", "dashboard", "rapportage.dashboard.permissions.can_view_dashboard"),
    MenuItem("Partners", "partners:lijst", "partners", "partners.permissions.can_view_partners"),
    MenuItem("Afspraken", "afspraken:lijst", "afspraken", "financiering.permissions.can_view_afspraken"),
    MenuItem("Toezeggingen", "toezeggingen:lijst", "toezeggingen", "financiering.permissions.can_view_afspraken"),
    MenuItem("Facturen", "facturen:lijst", "facturen", "financiering.permissions.can_view_facturen"),
    MenuItem("Jaarplan", "jaarplan:lijst", "jaarplan", "jaarplan.permissions.can_view_jaarplannen"),
    # Finance staff book here daily; the others reach it from the jaarplan ("Realisatie").
    MenuItem("Realisatie", "jaarplan:realisatie_lijst", "realisatie", "jaarplan.permissions.can_record_realisaties"),
    MenuItem(
        "Import", "importeren:realisatie", "importeren", "rapportage.importeren.permissions.can_import_realisatie"
    ),
    MenuItem("Exports", "exports:overzicht", "exports", "rapportage.exporteren.permissions.can_export"),
    MenuItem("Beheer", "admin:index", "admin", "kern.permissions.is_beheerder"),
]


def menu_voor(request) -> list[dict]:
    gebruiker = request.user
    match = getattr(request, "resolver_match", None)
    huidig = (match.namespace or match.url_name) if match else None
    items = []
    for item in MENU:
        if not import_string(item.check)(gebruiker):
            continue
        try:
            url = reverse(item.url_naam)
        except NoReverseMatch:
            continue
        items.append({"label": item.label, "url": url, "huidig": item.sectie == huidig})
    return items
