"""The main menu: one line per section, in the order shown. A section shows when its check passes
for the user. It lives in config, the layer that knows every app; kern's menu machinery finds it
through the setting MAIN_MENU."""

from financiering.permissions import can_view_afspraken, can_view_facturen
from jaarplan.importeren.permissions import can_import_realisatie
from jaarplan.permissions import can_record_realisaties, can_view_jaarplannen
from kern.menu import MenuItem
from kern.permissions import ingelogd, is_beheerder
from partners.permissions import can_view_partners
from rapportage.dashboard.permissions import can_view_dashboard
from rapportage.exporteren.permissions import can_export

MAIN_MENU = [
    MenuItem("Overzicht", "home", "home", ingelogd),
    MenuItem("Dashboard", "dashboard:overzicht", "dashboard", can_view_dashboard),
    MenuItem("Partners", "partners:lijst", "partners", can_view_partners),
    MenuItem("Afspraken", "afspraken:lijst", "afspraken", can_view_afspraken),
    MenuItem("Toezeggingen", "toezeggingen:lijst", "toezeggingen", can_view_afspraken),
    MenuItem("Facturen", "facturen:lijst", "facturen", can_view_facturen),
    MenuItem("Jaarplan", "jaarplan:lijst", "jaarplan", can_view_jaarplannen),
    # Finance staff book here daily; the others reach it from the jaarplan ("Realisatie").
    MenuItem("Realisatie", "jaarplan:realisatie_lijst", "realisatie", can_record_realisaties),
    MenuItem("Import", "importeren:realisatie", "importeren", can_import_realisatie),
    MenuItem("Exports", "exports:overzicht", "exports", can_export),
    MenuItem("Beheer", "admin:index", "admin", is_beheerder),
]
