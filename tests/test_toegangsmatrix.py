"""The permission matrix: every URL of the app, for every role, with the answer it must give.

The URLs come from the URL configuration itself (django.urls.get_resolver(), walked to the
bottom, the admin included), so a new page is in this test the moment it is routed. A URL
without a row FAILS ("Nieuwe URL zonder regel in de toegangsmatrix: ..."): no page can be
forgotten. Each URL x role is its own test; the data is Twente's demo, loaded once per module.

Adding a row
------------
One line in MATRIX, keyed by the URL's name ("namespace:name"; an unnamed URL by its route):

    "afspraken:detail":      GET(INLOG, 200, 200, 200, 200, 200, 404),

The columns are the roles, in the order of ROLLEN:

    anoniem        not signed in
    projectleider  Twente's projectleider (demo user), likewise stuurgroep, financien and
    stuurgroep     beheerder (the regional beheerder: staff, the beheerder group)
    financien
    beheerder
    landelijk      the national role: no region, reads every region, not staff
    andere_regio   a user of Achterhoek with every regional role and staff: the strongest user
                   of another region, so a 404 there comes from the region boundary alone

A cell is a status code (200, 403, 404, 405), INLOG (302 to a login page with ?next=, the
admin's login for the admin) or DOOR (any other 302). GET(...) requests with GET. POST(...) is
for an action that only accepts POST: it posts an empty form (the test client does not check
CSRF) and also checks that a GET answers 405. Object addresses in a row are Twente's, so the
andere_regio column of every page, export and admin page about one object must say 404.

A model registered in the admin needs one line in ADMIN_MODELLEN, naming its kind (or a kind and
the pages where this model answers otherwise); ADMIN_SOORTEN gives each kind's answers for its
changelist, add, change, delete, history, simple_history (one historical version) and
doorverwijzing (the old <id>/ address that redirects to change).
Only staff reaches the admin, so those rows are BEHEER(beheerder, andere_regio).

How URL arguments get values
----------------------------
ARGUMENTEN maps (URL name, argument name) to a function `(g, naam) -> value`, where `g` is the
test data (`Gegevens`: Twente's demo objects plus the ones made below) and `naam` the URL's
name. The lookup tries ("afspraken:detail", "pk"), then the namespace ("admin:*", "object_id"),
then ("*", "pk"). A URL whose argument has no entry fails with a message saying what to add.
Unnamed regex groups get names from POSITIONEEL (by the URL name's ending). QUERY adds a query
string to a URL, for pages whose object address is a parameter (a report's financier).
"""

import datetime
import re
from dataclasses import dataclass, field
from decimal import Decimal
from urllib.parse import urlencode, urlsplit

import pytest
from django.conf import settings
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.test import Client, RequestFactory, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse

from api.models import ApiSleutel
from api.services import api_sleutel_maken
from exports.models import Exporttaak
from financiering.bankimport.bank import bankafschrift_inlezen
from financiering.models import Bankregel, Betaling, Factuur, Financieringsafspraak, Toezegging
from jaarplan.importeren.realisatie import import_voorbereiden
from jaarplan.models import (
    Activiteit,
    Importbatch,
    Indicator,
    Jaarplan,
    Kostenplaatskoppeling,
    Kostenrealisatie,
    Kostensoort,
    Outputrealisatie,
)
from jaarplan.services import jaarplan_kopieren, onderdeel_opslaan
from kern.admin import verwijder_blokkade
from partners.models import Leerwerkloket, Partner
from partners.roles import Rol
from rapportage.dashboard.services import rapport_vastleggen
from rapportage.models import Stuurgroeprapport
from tests.factories import AfspraakFactory, GebruikerFactory, JaarplanFactory, PartnerFactory

ROLLEN = ("anoniem", "projectleider", "stuurgroep", "financien", "beheerder", "landelijk", "andere_regio")
INLOG = "302 naar inloggen"
DOOR = "302 elders"


@dataclass(frozen=True)
class Regel:
    methode: str
    uitkomsten: tuple

    def voor(self, rol: str):
        return self.uitkomsten[ROLLEN.index(rol)]


def GET(*uitkomsten) -> Regel:  # capitals: it reads as the HTTP method in the table
    assert len(uitkomsten) == len(ROLLEN), uitkomsten
    return Regel("GET", uitkomsten)


def POST(*uitkomsten) -> Regel:
    assert len(uitkomsten) == len(ROLLEN), uitkomsten
    return Regel("POST", uitkomsten)


def BEHEER(beheerder, andere_regio) -> Regel:
    """An admin page: everyone who is not staff is sent to the admin's login."""
    return GET(INLOG, INLOG, INLOG, INLOG, beheerder, INLOG, andere_regio)


# fmt: off
MATRIX = {
    #                              anoniem projectl stuurgr financ beheer landel andere_regio
    # The national role has no region: it starts on the national overview.
    "home":                    GET(INLOG,  200,     200,    200,   200,   DOOR,  200),
    "favicon":                 GET(301,    301,     301,    301,   301,   301,   301),
    # The calendar (issue 24): one's own reminders and agenda link, for everyone with a region.
    "cyclus:meldingen":        GET(INLOG,  200,     200,    200,   200,   403,   200),
    "cyclus:agenda_koppelen": POST(INLOG,  DOOR,    DOOR,   DOOR,  DOOR,  403,   DOOR),
    "cyclus:agenda_intrekken": POST(INLOG, DOOR,    DOOR,   DOOR,  DOOR,  403,   DOOR),
    # The feed needs no sign-in: its token is the key (here one that does not exist).
    "cyclus:agenda_feed":      GET(404,    404,     404,    404,   404,   404,   404),
    "cyclus:betalingsherinnering": GET(INLOG, 403,  403,    200,   403,   403,   404),
    "cyclus:verantwoording":   GET(INLOG,  200,     403,    200,   403,   403,   404),
    "login":                   GET(200,    DOOR,    DOOR,   DOOR,  DOOR,  DOOR,  DOOR),
    "logout":                 POST(DOOR,   DOOR,    DOOR,   DOOR,  DOOR,  DOOR,  DOOR),
    # Setting one's own password through a one-time link (here a link that does not work).
    "wachtwoord_vergeten":     GET(200,    200,     200,    200,   200,   200,   200),
    "wachtwoord_verstuurd":    GET(200,    200,     200,    200,   200,   200,   200),
    "wachtwoord_instellen":    GET(200,    200,     200,    200,   200,   200,   200),
    "wachtwoord_ingesteld":    GET(200,    200,     200,    200,   200,   200,   200),
    # A new region: the national role's alone.
    "regios:nieuw":            GET(INLOG,  403,     403,    403,   403,   200,   403),
    # Two-factor sign-in: no demo user has an app yet, so the code page sends on to the home page.
    "tweestaps_code":          GET(INLOG,  DOOR,    DOOR,   DOOR,  DOOR,  DOOR,  DOOR),
    "tweestaps_instellen":     GET(INLOG,  200,     200,    200,   200,   200,   200),
    "partners:lijst":          GET(INLOG,  200,     200,    200,   200,   200,   200),
    "partners:nieuw":          GET(INLOG,  200,     403,    403,   403,   403,   200),
    "partners:detail":         GET(INLOG,  200,     200,    200,   200,   200,   404),
    "partners:bewerken":       GET(INLOG,  200,     403,    403,   403,   403,   404),
    "afspraken:lijst":         GET(INLOG,  200,     200,    200,   200,   200,   200),
    "afspraken:nieuw":         GET(INLOG,  200,     403,    403,   403,   403,   200),
    "afspraken:detail":        GET(INLOG,  200,     200,    200,   200,   200,   404),
    "afspraken:bewerken":      GET(INLOG,  200,     403,    403,   403,   403,   404),
    "afspraken:document":      GET(INLOG,  200,     200,    200,   200,   200,   404),
    "afspraken:verlengen":     GET(INLOG,  200,     403,    403,   403,   403,   404),
    # UWV's agreement is signed already: the projectleider is sent back to it (a message).
    "afspraken:tekenen":       GET(INLOG,  DOOR,    403,    403,   403,   403,   404),
    # The projectleider confirms a structural grant's year; UWV's agreement is refused (a message).
    "afspraken:doorzetten":    POST(INLOG, DOOR,    403,    403,   403,   403,   404),
    "toezeggingen:lijst":      GET(INLOG,  200,     200,    200,   200,   200,   200),
    "facturen:lijst":          GET(INLOG,  200,     200,    200,   200,   200,   200),
    "facturen:betalingen":     GET(INLOG,  200,     200,    200,   200,   200,   200),
    "facturen:kiezen":         GET(INLOG,  403,     403,    200,   403,   403,   200),
    "facturen:nieuw":          GET(INLOG,  403,     403,    200,   403,   403,   404),
    "facturen:betaling":       GET(INLOG,  403,     403,    200,   403,   403,   404),
    "facturen:voorschot":      GET(INLOG,  403,     403,    200,   403,   403,   404),
    "facturen:crediteren":     GET(INLOG,  403,     403,    200,   403,   403,   404),
    "facturen:betaling_corrigeren": GET(INLOG, 403, 403,    200,   403,   403,   404),
    "facturen:betaling_terugdraaien": POST(INLOG, 403, 403, 200,   403,   403,   404),
    "jaarplan:lijst":          GET(INLOG,  200,     200,    200,   200,   200,   200),
    "jaarplan:nieuw":         POST(INLOG,  DOOR,    403,    403,   403,   403,   DOOR),
    "jaarplan:detail":         GET(INLOG,  200,     200,    200,   200,   200,   404),
    "jaarplan:vaststellen":    GET(INLOG,  403,     200,    403,   403,   403,   404),  # a concept jaarplan
    "jaarplan:afsluiten":      GET(INLOG,  200,     403,    200,   403,   403,   404),  # a vastgesteld one
    "jaarplan:geschiedenis":   GET(INLOG,  200,     200,    200,   200,   200,   404),
    # Activities and indicators: the concept jaarplan's, shaped by the projectleider alone.
    "jaarplan:activiteit_nieuw":      GET(INLOG,  200,  403,  403,  403,  403,  404),
    "jaarplan:activiteit_bewerken":   GET(INLOG,  200,  403,  403,  403,  403,  404),
    "jaarplan:activiteit_verwijderen": GET(INLOG,  200,  403,  403,  403,  403,  404),
    "jaarplan:indicator_nieuw":       GET(INLOG,  200,  403,  403,  403,  403,  404),
    "jaarplan:indicator_bewerken":    GET(INLOG,  200,  403,  403,  403,  403,  404),
    "jaarplan:indicator_verwijderen": GET(INLOG,  200,  403,  403,  403,  403,  404),
    # Realisatie: everyone reads; finance staff book by hand (bookings made below, not imported).
    "jaarplan:realisatie_lijst": GET(INLOG, 200,     200,    200,   200,   200,   200),
    "jaarplan:realisatie":     GET(INLOG,  200,     200,    200,   200,   200,   404),
    "jaarplan:kosten_nieuw":  POST(INLOG,  403,     403,    200,   403,   403,   404),  # empty form: shown again
    "jaarplan:output_nieuw":  POST(INLOG,  403,     403,    200,   403,   403,   404),
    "jaarplan:kosten_bewerken":       GET(INLOG,  403,  403,  200,  403,  403,  404),
    "jaarplan:kosten_verwijderen":    GET(INLOG,  403,  403,  200,  403,  403,  404),
    "jaarplan:output_bewerken":       GET(INLOG,  403,  403,  200,  403,  403,  404),
    "jaarplan:output_verwijderen":    GET(INLOG,  403,  403,  200,  403,  403,  404),
    "importeren:realisatie":   GET(INLOG,  403,     403,    200,   403,   403,   200),
    "importeren:batch":        GET(INLOG,  403,     403,    200,   403,   403,   404),
    "importeren:kolommen":    POST(INLOG,  403,     403,    200,   403,   403,   404),
    "importeren:koppelingen": POST(INLOG,  403,     403,    200,   403,   403,   404),
    "importeren:inlezen":     POST(INLOG,  403,     403,    DOOR,  403,   403,   404),
    "importeren:ongedaan":    POST(INLOG,  403,     403,    DOOR,  403,   403,   404),
    "importeren:verwijderen": POST(INLOG,  403,     403,    DOOR,  403,   403,   404),
    "importeren:bank":         GET(INLOG,  403,     403,    200,   403,   403,   200),
    "importeren:bank_boeken": POST(INLOG,  403,     403,    DOOR,  403,   403,   404),
    "importeren:bank_verdelen": GET(INLOG, 403,     403,    200,   403,   403,   404),
    "importeren:bank_negeren": GET(INLOG,  403,     403,    200,   403,   403,   404),
    "importeren:bank_heropenen":POST(INLOG, 403,    403,    DOOR,  403,   403,   404),
    "exports:overzicht":       GET(INLOG,  200,     200,    200,   200,   403,   200),
    "exports:downloaden":      GET(INLOG,  200,     200,    200,   200,   403,   404),  # Twente's financier
    "exports:lijst":           GET(INLOG,  200,     200,    200,   200,   200,   200),
    # A background export (exports/) is its maker's alone: Twente's finance staff made this one.
    "exports:taak":            GET(INLOG,  404,     404,    200,   404,   404,   404),
    "exports:taak_downloaden": GET(INLOG,  404,     404,    200,   404,   404,   404),
    "dashboard:overzicht":     GET(INLOG,  200,     200,    200,   200,   200,   404),  # ?regio=twente
    "dashboard:financier":     GET(INLOG,  200,     200,    200,   200,   200,   404),
    "dashboard:landelijk":     GET(INLOG,  403,     403,    403,   403,   200,   403),
    "dashboard:rapport":       GET(INLOG,  200,     200,    200,   200,   200,   404),  # ?regio=twente
    # Laid down by the stuurgroep or projectleider of the user's own region (andere_regio: its own).
    "dashboard:rapport_vastleggen": POST(INLOG, DOOR,  DOOR,   403,   403,   403,   DOOR),
    "dashboard:vastgelegde_rapporten": GET(INLOG, 200, 200,    200,   200,   200,   404),  # ?regio=twente
    "dashboard:vastgelegd_rapport": GET(INLOG, 200,    200,    200,   200,   200,   404),
    "dashboard:verschillen":   GET(INLOG,  200,     200,    200,   200,   200,   404),
    "dashboard:volgende_periode": GET(INLOG, 200,   200,    200,   200,   200,   404),  # ?regio=twente
    "dashboard:volgende_periode_omzetten": POST(INLOG, DOOR, 403, 403, 403, 403, DOOR),
    # The admin's own pages.                                           beheerder andere_regio
    "admin:index":                                              BEHEER(200,      200),
    "admin:login":             GET(200,    200,     200,    200,   DOOR,  200,   DOOR),
    "admin:logout":            GET(DOOR,   DOOR,    DOOR,   DOOR,  405,   DOOR,  405),
    "admin:password_change":                                    BEHEER(200,      200),
    "admin:password_change_done":                               BEHEER(200,      200),
    "admin:autocomplete":                                       BEHEER(403,      403),  # no autocomplete fields
    "admin:jsi18n":                                             BEHEER(200,      200),
    "admin:view_on_site":                                       BEHEER(404,      404),  # no model has a page URL
    "admin:app_list":                                           BEHEER(200,      200),
    "admin:auth_user_password_change":                          BEHEER(200,      404),  # a Twente user
    "beheer/(?P<url>.*)$":                                      BEHEER(404,      404),  # the admin's catch-all
    # Personal API keys: everyone's own page; revoking another's key is 404 (stuurgroep has one).
    "api_sleutels:lijst":      GET(INLOG,  200,     200,    200,   200,   200,   200),
    "api_sleutels:intrekken": POST(INLOG,  404,     DOOR,   404,   404,   404,   404),
    # The read API answers to a key, never to a session: 401 for everyone here (tests/api).
    "api_v1:openapi-json":     GET(200,    200,     200,    200,   200,   200,   200),
    "api_v1:api-root":         GET(404,    404,     404,    404,   404,   404,   404),
    "api_niet_gevonden":       GET(404,    404,     404,    404,   404,   404,   404),
    **{f"api_v1:{naam}":       GET(401,    401,     401,    401,   401,   401,   401) for naam in (
        "regios", "regio", "financiers", "financier", "afspraken", "afspraak", "toezeggingen", "toezegging",
        "facturen", "factuur", "jaarplannen", "jaarplan", "activiteiten", "activiteit", "landelijk")},
}

# What each kind of admin model answers, per page.             beheerder andere_regio
ADMIN_SOORTEN = {
    # One region's rows (kern.admin.RegioAdmin and the like): the beheerder edits the own region's.
    "regio": {
        "changelist":     BEHEER(200,  200),
        "add":            BEHEER(200,  200),
        "change":         BEHEER(200,  404),
        "delete":         BEHEER(200,  404),
        "history":        BEHEER(200,  404),
        "simple_history": BEHEER(200,  404),
        "doorverwijzing": BEHEER(DOOR, DOOR),
    },
    # A required amount: made on its page through its service, never added or deleted in the
    # admin, where every amount is read-only (kern.admin.GeldAlleenLezenMixin).
    "geld": {
        "changelist":     BEHEER(200,  200),
        "add":            BEHEER(403,  403),
        "change":         BEHEER(200,  404),
        "delete":         BEHEER(403,  404),
        "history":        BEHEER(200,  404),
        "simple_history": BEHEER(200,  404),
        "doorverwijzing": BEHEER(DOOR, DOOR),
    },
    # Written by the app and only read in the admin (the audit trail, import batches).
    "alleen_lezen": {
        "changelist":     BEHEER(200,  200),
        "add":            BEHEER(403,  403),
        "change":         BEHEER(200,  404),
        "delete":         BEHEER(403,  404),
        "history":        BEHEER(200,  404),
        "doorverwijzing": BEHEER(DOOR, DOOR),
    },
    # Not the regional beheerder's (roles and permissions, the lock-out log): superusers only.
    "geen_toegang": {
        "changelist":     BEHEER(403,  403),
        "add":            BEHEER(403,  403),
        "change":         BEHEER(403,  403),
        "delete":         BEHEER(403,  403),
        "history":        BEHEER(403,  403),
        "doorverwijzing": BEHEER(DOOR, DOOR),
    },
}

ADMIN_MODELLEN = {
    "auth_group":                      "geen_toegang",
    "axes_accessattempt":              "geen_toegang",
    "axes_accesslog":                  "geen_toegang",
    "axes_accessfailurelog":           "geen_toegang",
    "partners_auditregel":             "alleen_lezen",
    # Adding or removing a region is not the regional beheerder's.
    "partners_leerwerkloket":          ("regio", {"add": BEHEER(403, 403), "delete": BEHEER(403, 404)}),
    "partners_gebruiker":              "regio",
    "partners_partner":                "regio",
    "partners_project":                "regio",
    "partners_verdeelsleutel":         "regio",
    "partners_contactpersoon":         "regio",
    # A fixed amount has no page of its own: the admin changes it through the service, with a reason.
    # Money (even an optional amount) is not deleted in the admin.
    "partners_verdeelsleutelaandeel":  ("regio", {"vast_bedrag": BEHEER(200, 404), "delete": BEHEER(403, 404)}),
    "financiering_financieringsafspraak": ("regio", {"delete": BEHEER(403, 404)}),
    "financiering_toezegging":         "geld",
    "financiering_factuur":            "geld",
    "financiering_betaling":           "geld",
    # A jaarplan holds money (the accepted shortfall): not deleted in the admin.
    "jaarplan_jaarplan":               ("regio", {"delete": BEHEER(403, 404)}),
    "jaarplan_activiteit":             "regio",
    "jaarplan_begrotingswijziging":    "alleen_lezen",
    "jaarplan_kostenrealisatie":       "geld",
    "jaarplan_outputrealisatie":       "regio",
    "jaarplan_begrotingsregel":        "geld",
    "jaarplan_dekking":                "geld",
    "jaarplan_indicator":              "regio",
    "jaarplan_kostenplaatskoppeling": "regio",
    "jaarplan_importbatch":            "alleen_lezen",
    "rapportage_stuurgroeprapport":    "alleen_lezen",
    "cyclus_stuurgroepvergadering":    "regio",
    "cyclus_verantwoordingstermijn":   "regio",
    "cyclus_factuurschema":            "regio",
    # Recorded on its page (who and when); the admin only reads it.
    "cyclus_verantwoording":           ("alleen_lezen", {"simple_history": BEHEER(200, 404)}),
}
# fmt: on


@dataclass
class Gegevens:
    """Twente's demo objects that the URLs point at, and Achterhoek, the other region."""

    twente: Leerwerkloket
    achterhoek: Leerwerkloket
    uwv: Partner
    afspraak: Financieringsafspraak
    toezegging: Toezegging
    factuur: Factuur
    betaling: Betaling  # on `factuur`
    jaarplan: Jaarplan  # vastgesteld (2021)
    concept: Jaarplan  # a concept (2022)
    batch: Importbatch
    bankregel: Bankregel
    activiteit: Activiteit  # of the concept jaarplan, with
    indicator: Indicator  # this indicator
    kosten: Kostenrealisatie  # booked by hand (not imported) in the vastgesteld jaarplan
    output: Outputrealisatie  # likewise
    rapport: Stuurgroeprapport  # Twente's report of 2021, vastgelegd
    exporttaak: Exporttaak  # a finished background export of Twente's finance staff
    gebruikers: dict
    adressen: dict = field(default_factory=dict)  # URL per Adres, worked out once per module


def _admin_object(g: Gegevens, naam: str):
    """An object of the URL's admin model that Twente's beheerder sees, one that may be deleted
    where there is one (newest first: the demo's oldest years are closed)."""
    model, model_admin = _admin_model(naam)
    verzoek = RequestFactory().get("/")
    verzoek.user = g.gebruikers["beheerder"]
    kandidaten = list(model_admin.get_queryset(verzoek).order_by("-pk")[:25])
    assert kandidaten, f"Geen {model._meta.verbose_name} van Twente om {naam} mee te openen; maak er een in de fixture."
    return next((o for o in kandidaten if verwijder_blokkade(o) is None), kandidaten[0])


# (URL name or "namespace:*" or "*", argument) -> (g, URL name) -> value
ARGUMENTEN = {
    ("partners:detail", "pk"): lambda g, _: g.uwv.pk,
    ("partners:bewerken", "pk"): lambda g, _: g.uwv.pk,
    ("dashboard:financier", "pk"): lambda g, _: g.uwv.pk,
    ("afspraken:*", "pk"): lambda g, _: g.afspraak.pk,
    ("afspraken:doorzetten", "jaar"): lambda g, _: 2022,
    ("facturen:nieuw", "toezegging_pk"): lambda g, _: g.toezegging.pk,
    ("facturen:betaling", "factuur_pk"): lambda g, _: g.factuur.pk,
    ("facturen:voorschot", "toezegging_pk"): lambda g, _: g.toezegging.pk,
    ("facturen:crediteren", "factuur_pk"): lambda g, _: g.factuur.pk,
    ("facturen:*", "betaling_pk"): lambda g, _: g.betaling.pk,
    ("jaarplan:detail", "pk"): lambda g, _: g.jaarplan.pk,
    ("jaarplan:vaststellen", "pk"): lambda g, _: g.concept.pk,
    ("jaarplan:afsluiten", "pk"): lambda g, _: g.jaarplan.pk,
    ("importeren:*", "pk"): lambda g, _: g.batch.pk,
    ("importeren:bank_boeken", "pk"): lambda g, _: g.bankregel.pk,
    ("importeren:bank_verdelen", "pk"): lambda g, _: g.bankregel.pk,
    ("importeren:bank_negeren", "pk"): lambda g, _: g.bankregel.pk,
    ("importeren:bank_heropenen", "pk"): lambda g, _: g.bankregel.pk,
    ("jaarplan:geschiedenis", "pk"): lambda g, _: g.jaarplan.pk,
    ("jaarplan:activiteit_nieuw", "pk"): lambda g, _: g.concept.pk,
    ("jaarplan:activiteit_bewerken", "pk"): lambda g, _: g.activiteit.pk,
    ("jaarplan:activiteit_verwijderen", "pk"): lambda g, _: g.activiteit.pk,
    ("jaarplan:indicator_nieuw", "pk"): lambda g, _: g.activiteit.pk,
    ("jaarplan:indicator_bewerken", "pk"): lambda g, _: g.indicator.pk,
    ("jaarplan:indicator_verwijderen", "pk"): lambda g, _: g.indicator.pk,
    ("jaarplan:realisatie", "pk"): lambda g, _: g.jaarplan.pk,
    ("jaarplan:kosten_nieuw", "pk"): lambda g, _: g.jaarplan.pk,
    ("jaarplan:output_nieuw", "pk"): lambda g, _: g.jaarplan.pk,
    ("jaarplan:kosten_bewerken", "pk"): lambda g, _: g.kosten.pk,
    ("jaarplan:kosten_verwijderen", "pk"): lambda g, _: g.kosten.pk,
    ("jaarplan:output_bewerken", "pk"): lambda g, _: g.output.pk,
    ("jaarplan:output_verwijderen", "pk"): lambda g, _: g.output.pk,
    ("dashboard:vastgelegd_rapport", "pk"): lambda g, _: g.rapport.pk,
    ("dashboard:verschillen", "pk"): lambda g, _: g.rapport.pk,
    ("exports:downloaden", "identifier"): lambda g, _: "verantwoording",
    ("exports:lijst", "naam"): lambda g, _: "afspraken",
    ("exports:lijst", "formaat"): lambda g, _: "csv",
    ("exports:*", "pk"): lambda g, _: g.exporttaak.pk,
    ("admin:*", "object_id"): lambda g, naam: _admin_object(g, naam).pk,
    ("admin:*", "history_id"): lambda g, naam: _admin_object(g, naam).history.latest("history_date").history_id,
    ("admin:*", "app_label"): lambda g, _: "partners",
    ("admin:*", "url"): lambda g, _: "bestaat-niet/",
    ("admin:view_on_site", "content_type_id"): lambda g, _: ContentType.objects.get_for_model(Partner).pk,
    ("admin:view_on_site", "object_id"): lambda g, _: g.uwv.pk,
    ("admin:auth_user_password_change", "id"): lambda g, _: g.gebruikers["stuurgroep"].pk,
    ("cyclus:agenda_feed", "token"): lambda g, _: "bestaat-niet",
    ("cyclus:betalingsherinnering", "pk"): lambda g, _: g.factuur.pk,
    ("cyclus:verantwoording", "pk"): lambda g, _: g.afspraak.pk,
    ("cyclus:verantwoording", "jaar"): lambda g, _: 2020,
    ("wachtwoord_instellen", "uidb64"): lambda g, _: "MTIzNDU2Nzg",
    ("wachtwoord_instellen", "token"): lambda g, _: "ongeldig-token",
    ("api_sleutels:intrekken", "pk"): lambda g, _: ApiSleutel.objects.get(gebruiker=g.gebruikers["stuurgroep"]).pk,
    ("api_v1:*", "id"): lambda g, naam: (
        {
            "api_v1:regio": g.twente,
            "api_v1:financier": g.uwv,
            "api_v1:afspraak": g.afspraak,
            "api_v1:toezegging": g.toezegging,
            "api_v1:factuur": g.factuur,
            "api_v1:jaarplan": g.jaarplan,
            "api_v1:activiteit": g.activiteit,
        }[naam].pk
    ),
}
# Names for unnamed regex groups, by the end of the URL name.
POSITIONEEL = {"_simple_history": ("object_id", "history_id")}
# Query strings, by URL name: where an object's address is a parameter.
QUERY = {
    "exports:downloaden": lambda g: {"jaar": g.jaarplan.jaar, "financier": g.uwv.pk},
    "dashboard:overzicht": lambda g: {"regio": g.twente.slug},
    "dashboard:rapport": lambda g: {"regio": g.twente.slug},
    "dashboard:vastgelegde_rapporten": lambda g: {"regio": g.twente.slug},
    "dashboard:volgende_periode": lambda g: {"regio": g.twente.slug},
}


# -- the URLs, from the URL configuration ------------------------------------------------------
@dataclass(frozen=True)
class Adres:
    sleutel: str  # the URL name, or the route of an unnamed URL
    naam: str | None
    namespace: str
    route: str
    argumenten: tuple[str, ...]
    positioneel: int
    callback: object


def _alle_adressen(resolver=None, voorvoegsel="", namespace="", groepen=(), posities=0):
    resolver = resolver or get_resolver()
    for patroon in resolver.url_patterns:
        regex = patroon.pattern.regex
        namen = (*groepen, *regex.groupindex)
        aantal = posities + regex.groups - len(regex.groupindex)
        route = voorvoegsel + str(patroon.pattern)
        if isinstance(patroon, URLResolver):
            ns = f"{namespace}:{patroon.namespace}".lstrip(":") if patroon.namespace else namespace
            yield from _alle_adressen(patroon, route, ns, namen, aantal)
        elif isinstance(patroon, URLPattern):
            naam = f"{namespace}:{patroon.name}".lstrip(":") if patroon.name else None
            yield Adres(naam or route, naam, namespace, route, namen, 0 if namen else aantal, patroon.callback)


ADRESSEN = sorted(_alle_adressen(), key=lambda a: a.sleutel)


def _admin_model(sleutel: str):
    """(model, model admin) of an admin URL of one model, by its name or its route."""
    for model, model_admin in admin.site._registry.items():
        info = f"{model._meta.app_label}_{model._meta.model_name}"
        if sleutel.startswith(f"admin:{info}_") or sleutel.startswith(
            f"beheer/{model._meta.app_label}/{model._meta.model_name}/"
        ):
            return model, model_admin
    raise LookupError(sleutel)


def _regel(adres: Adres) -> Regel:
    if adres.sleutel in MATRIX:
        return MATRIX[adres.sleutel]
    try:
        model, _ = _admin_model(adres.sleutel)
    except LookupError:
        pytest.fail(
            f"Nieuwe URL zonder regel in de toegangsmatrix: {adres.sleutel} ({adres.route}); voeg hem toe aan MATRIX."
        )
    info = f"{model._meta.app_label}_{model._meta.model_name}"
    if info not in ADMIN_MODELLEN:
        pytest.fail(
            f"Nieuwe URL zonder regel in de toegangsmatrix: {adres.sleutel}; voeg model {info} toe aan ADMIN_MODELLEN."
        )
    pagina = adres.naam.removeprefix(f"admin:{info}_") if adres.naam else "doorverwijzing"
    soort, afwijkend = ADMIN_MODELLEN[info] if isinstance(ADMIN_MODELLEN[info], tuple) else (ADMIN_MODELLEN[info], {})
    regels = ADMIN_SOORTEN[soort] | afwijkend
    if pagina not in regels:
        pytest.fail(
            f"Nieuwe URL zonder regel in de toegangsmatrix: {adres.sleutel}; geef soort {soort!r} een regel {pagina!r}."
        )
    return regels[pagina]


def _waarde(g: Gegevens, adres: Adres, argument: str):
    naam = adres.naam or adres.sleutel
    for sleutel in ((naam, argument), (f"{adres.namespace}:*", argument), ("*", argument)):
        if sleutel in ARGUMENTEN:
            return ARGUMENTEN[sleutel](g, naam)
    pytest.fail(
        f"Geen waarde voor argument {argument!r} van {adres.sleutel}; voeg ({naam!r}, {argument!r}) toe aan ARGUMENTEN."
    )


def _invullen(route: str, waarden: dict) -> str:
    """The address of an unnamed URL: its route with the values filled in."""
    adres = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(waarden[m.group(1)]), route)
    adres = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: str(waarden[m.group(1)]), adres)
    return "/" + adres.replace("^", "").replace("$", "")


def _adres_van(g: Gegevens, adres: Adres) -> str:
    # Every test starts from the same data (each one is rolled back), so one address serves all roles.
    if adres not in g.adressen:
        g.adressen[adres] = _invullen_of_omkeren(g, adres)
    return g.adressen[adres]


def _invullen_of_omkeren(g: Gegevens, adres: Adres) -> str:
    if adres.positioneel:
        namen = next((v for k, v in POSITIONEEL.items() if (adres.naam or "").endswith(k)), None)
        if namen is None or len(namen) != adres.positioneel:
            pytest.fail(f"{adres.sleutel} heeft naamloze argumenten; geef ze namen in POSITIONEEL.")
        url = reverse(adres.naam, args=[_waarde(g, adres, n) for n in namen])
    else:
        waarden = {a: _waarde(g, adres, a) for a in adres.argumenten}
        url = reverse(adres.naam, kwargs=waarden) if adres.naam else _invullen(adres.route, waarden)
    assert resolve(url).func is adres.callback, f"{url} leidt niet naar {adres.sleutel}"
    return url


def adres_met_query(g: Gegevens, adres: Adres) -> str:
    """The address as a browser opens it, with the URL's QUERY."""
    url = _adres_van(g, adres)
    return f"{url}?{urlencode(QUERY[adres.naam](g))}" if adres.naam in QUERY else url


def _uitkomst(antwoord):
    if antwoord.status_code == 302:
        doel = urlsplit(antwoord["Location"])
        if doel.path in (reverse("login"), reverse("admin:login")) and "next=" in doel.query:
            return INLOG
        return DOOR
    return antwoord.status_code


# -- the data ----------------------------------------------------------------------------------
BANKAFSCHRIFT = (
    '"Datum";"Naam / Omschrijving";"Rekening";"Tegenrekening";"Code";"Af Bij";"Bedrag (EUR)";"Mededelingen"\r\n'
    '"20210705";"UWV";"NL01";"NL02";"OV";"Bij";"1000,00";"Cofinanciering"\r\n'
)
BOEKINGEN = (
    "Boekdatum;Omschrijving;Kostenplaats;Bedrag\r\n"
    "15-07-2021;Salarissen juli;4100;1000,00\r\n"
    "31-07-2021;Zaalhuur;9999;250,00\r\n"
)


def maak_gegevens() -> Gegevens:
    """Beside the demo: a concept jaarplan, a signed document (in MEDIA_ROOT), an import in
    preview, a bank line, a cost and an output booked by hand, a vastgelegd stuurgroep report, the
    lock-out log's rows, Achterhoek with its own data, report and user, and a national user. The
    browser test of the Content Security Policy uses it too."""
    twente = Leerwerkloket.objects.get(slug="twente")
    gebruikers = {g.username: g for g in twente.gebruikers.all()}
    gebruikers["landelijk"] = GebruikerFactory(username="matrix-landelijk", leerwerkloket=None, rollen=[Rol.LANDELIJK])
    achterhoek = Leerwerkloket.objects.create(
        naam="Leerwerkloket Achterhoek", slug="achterhoek", arbeidsmarktregio="Achterhoek"
    )
    gebruikers["andere_regio"] = GebruikerFactory(
        username="matrix-achterhoek",
        leerwerkloket=achterhoek,
        is_staff=True,
        rollen=[Rol.PROJECTLEIDER, Rol.STUURGROEP, Rol.FINANCIEN, Rol.BEHEERDER],
    )
    AfspraakFactory(leerwerkloket=achterhoek, financier=PartnerFactory(leerwerkloket=achterhoek, naam="UWV Achterhoek"))
    JaarplanFactory(leerwerkloket=achterhoek, jaar=2021)
    rapport_vastleggen(
        regio=achterhoek,
        jaar=2021,
        vergaderdatum=datetime.date(2021, 10, 14),
        status=Stuurgroeprapport.Status.CONCEPT,
        door=gebruikers["andere_regio"],
    )

    uwv = Partner.objects.get(leerwerkloket=twente, naam="UWV")
    afspraak = Financieringsafspraak.objects.filter(financier=uwv).order_by("pk").first()
    naam = default_storage.save("afspraken/2017/uwv.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"))
    Financieringsafspraak.objects.filter(pk=afspraak.pk).update(document=naam)
    toezegging = afspraak.toezeggingen.get(jaar=2021)
    jaarplan = Jaarplan.objects.get(leerwerkloket=twente, jaar=2021)
    concept = jaarplan_kopieren(bron=jaarplan, jaar=2022, door=gebruikers["projectleider"])
    financien = gebruikers["financien"]
    batch = import_voorbereiden(
        leerwerkloket=twente, bestandsnaam="boekingen.csv", inhoud=BOEKINGEN.encode(), door=financien, jaar=2021
    )
    bankafschrift_inlezen(leerwerkloket=twente, bestandsnaam="bank.csv", inhoud=BANKAFSCHRIFT.encode(), door=financien)
    Kostenplaatskoppeling.objects.get_or_create(
        leerwerkloket=twente,
        kostenplaats="4100",
        defaults={"activiteit_code": "loketfunctie", "kostensoort": "personeel"},
    )
    _lock_out_log()
    activiteit = concept.activiteiten.order_by("volgorde", "pk").first()
    indicator = activiteit.indicatoren.order_by("pk").first()  # copied from 2021
    geboekt = jaarplan.activiteiten.order_by("volgorde", "pk").first()
    kosten = onderdeel_opslaan(
        onderdeel=Kostenrealisatie(
            activiteit=geboekt,
            kostensoort=Kostensoort.OVERIG,
            datum=datetime.date(2021, 8, 2),
            bedrag=Decimal("125.00"),
        ),
        door=financien,
    )
    output = onderdeel_opslaan(
        onderdeel=Outputrealisatie(
            indicator=Indicator.objects.filter(activiteit__jaarplan=jaarplan).order_by("pk").first(),
            datum=datetime.date(2021, 8, 2),
            aantal=3,
        ),
        door=financien,
    )
    api_sleutel_maken(gebruiker=gebruikers["stuurgroep"], naam="Power BI", dagen=30)
    rapport = rapport_vastleggen(
        regio=twente,
        jaar=2021,
        vergaderdatum=datetime.date(2021, 10, 14),
        status=Stuurgroeprapport.Status.CONCEPT,
        door=gebruikers["stuurgroep"],
    )

    exporttaak = Exporttaak.objects.create(
        gebruiker=financien,
        lijst="afspraken",
        formaat="csv",
        status=Exporttaak.Status.KLAAR,
        rijen_totaal=1,
        bestandsnaam="afspraken.csv",
    )
    exporttaak.bestand.save("afspraken.csv", ContentFile(b"Afspraak\r\n"))

    return Gegevens(
        twente=twente,
        achterhoek=achterhoek,
        uwv=uwv,
        afspraak=afspraak,
        toezegging=toezegging,
        factuur=Factuur.objects.filter(toezegging=toezegging).order_by("pk").first(),
        betaling=Betaling.objects.filter(toezegging=toezegging).order_by("pk").first(),
        jaarplan=jaarplan,
        concept=concept,
        batch=batch,
        bankregel=Bankregel.objects.get(leerwerkloket=twente),
        activiteit=activiteit,
        indicator=indicator,
        kosten=kosten,
        output=output,
        rapport=rapport,
        exporttaak=exporttaak,
        gebruikers=gebruikers,
    )


@pytest.fixture(scope="module")
def _matrix_gegevens(_demo_voor_module, django_db_blocker, tmp_path_factory):
    """The data, and a signed-in session for every role: made once per module; each test's
    changes are rolled back."""
    media = override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media"))
    media.enable()
    with django_db_blocker.unblock():
        gegevens = maak_gegevens()
        sessies = {}
        for rol in ROLLEN[1:]:
            client = Client()
            client.force_login(gegevens.gebruikers[rol])
            sessies[rol] = client.cookies[settings.SESSION_COOKIE_NAME].value
    yield gegevens, sessies
    media.disable()


def _lock_out_log():
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    velden = {
        "user_agent": "test",
        "ip_address": "127.0.0.1",
        "username": "fenna",
        "http_accept": "*/*",
        "path_info": "/",
    }
    AccessAttempt.objects.create(**velden, get_data="", post_data="", failures_since_start=1)
    AccessLog.objects.create(**velden)
    AccessFailureLog.objects.create(**velden)


@pytest.fixture
def gegevens(_matrix_gegevens, db):
    return _matrix_gegevens


# Left out of `make test-snel`, like tests/test_vijandige_invoer.py: `make test` runs it.
pytestmark = pytest.mark.matrix


# -- the tests ---------------------------------------------------------------------------------
@pytest.mark.parametrize("rol", ROLLEN)
@pytest.mark.parametrize("adres", ADRESSEN, ids=lambda a: a.sleutel)
def test_toegang(adres, rol, gegevens):
    g, sessies = gegevens
    regel = _regel(adres)
    url = _adres_van(g, adres)
    query = QUERY[adres.naam](g) if adres.naam in QUERY else {}
    client = Client()
    if rol != "anoniem":
        client.cookies[settings.SESSION_COOKIE_NAME] = sessies[rol]

    if regel.methode == "POST":
        assert client.get(url, query).status_code == 405, (
            f"{adres.sleutel} neemt alleen POST aan, maar GET gaf geen 405"
        )
        antwoord = client.post(url, query)
    else:
        antwoord = client.get(url, query)

    verwacht, kreeg = regel.voor(rol), _uitkomst(antwoord)
    assert kreeg == verwacht, f"{regel.methode} {url} als {rol}: {kreeg}, de toegangsmatrix zegt {verwacht}"


def test_every_row_of_the_matrix_is_a_url():
    bestaand = {a.sleutel for a in ADRESSEN}
    assert sorted(set(MATRIX) - bestaand) == [], "Regels in MATRIX voor URLs die niet (meer) bestaan"
    modellen = {f"{m._meta.app_label}_{m._meta.model_name}" for m in admin.site._registry}
    assert sorted(set(ADMIN_MODELLEN) - modellen) == [], "Modellen in ADMIN_MODELLEN die niet in de admin staan"
