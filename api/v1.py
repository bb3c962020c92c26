"""The read API, version 1 (/api/v1), by the Dutch government's API Design Rules (Logius): every
resource a plural Dutch noun in kebab-case, no trailing slash, lowerCamelCase fields and query
keys, ISO 8601 dates, pages with links, CSV on `Accept: text/csv`, errors as problem+json, 400
for invalid input, the `API-Version` header on every answer (api.middleware).

Every figure is read from its QuerySet home, through the same queryset and FilterSet as the page
that shows it (the toezeggingen list, the facturen list, the agreement page, the jaarplan editor,
the national view); a key reads what its user reads (`voor_gebruiker`)."""

from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import NinjaAPI, Query
from ninja.errors import AuthenticationError, HttpError, ValidationError
from pydantic import Field

from financiering.filters import AfspraakFilter, FactuurFilter, ToezeggingFilter
from financiering.models import (
    Factuur,
    Financieringsafspraak,
    Toezegging,
    alle_facturen_met_ontvangen,
    alle_toezeggingen_met_geldstroom,
)
from jaarplan.models import Activiteit, Indicator, Jaarplan, alle_activiteiten_met_totalen, alle_jaarplannen_met_totalen
from partners.models import Leerwerkloket, Partner
from rapportage.dashboard.selectors.landelijk import landelijk_overzicht

from . import schemas
from .antwoord import MAXIMALE_GROOTTE, STANDAARD_GROOTTE, een, lijst
from .gebruik import BasicSleutel, BearerSleutel, TeVaak
from .openapi import nl_api_regels
from .permissions import can_read_landelijk
from .problemen import probleem
from .versie import API_VERSIE

BESCHRIJVING = """\
De cijfers van het Leerwerkloket: regio's, financiers, afspraken met hun toezeggingen per jaar,
toezeggingen met wat gefactureerd, ontvangen en openstaand is, facturen, jaarplannen met begroot,
gedekt, ongedekt en dekkingsgraad, activiteiten met hun indicatoren, output en realisatie, en het
landelijke overzicht. Alleen lezen.

Aanmelden met een persoonlijke API-sleutel (pagina "API-sleutels" in de applicatie):
`Authorization: Bearer <sleutel>`, of HTTP Basic met de sleutel als wachtwoord (de gebruikersnaam
wordt niet gelezen). Een sleutel leest precies wat zijn gebruiker mag lezen: de eigen regio, of
alle regio's voor de landelijke rol; een adres van een andere regio geeft 404.

Bedragen zijn tekst met een punt en twee decimalen ("75000.00"), exact op de cent. Lijsten komen in
pagina's (`pagina`, `paginaGrootte`, met `links.next`); `Accept: text/csv` geeft dezelfde gegevens
als CSV. Fouten zijn `application/problem+json`."""


class LeerwerkloketAPI(NinjaAPI):
    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        # Paths relative to the server /api/v1 (the major version is in the server's address).
        return nl_api_regels(super().get_openapi_schema(path_prefix="", path_params=path_params))


api = LeerwerkloketAPI(
    title="Leerwerkloket Financiering API",
    version=API_VERSIE,
    description=BESCHRIJVING,
    urls_namespace="api_v1",
    docs_url=None,  # Swagger UI would load from a CDN; the document itself is at /api/v1/openapi.json
    auth=[BearerSleutel(), BasicSleutel()],
)

# -- errors as problem+json --------------------------------------------------------------------
MELDINGEN = {
    "int_parsing": "Geef een geheel getal.",
    "int_type": "Geef een geheel getal.",
    "missing": "Deze parameter is verplicht.",
    "string_too_long": "Deze tekst is te lang.",
}


def _reden(fout: dict) -> str:
    context = fout.get("ctx") or {}
    if fout["type"] == "greater_than_equal":
        return f"Geef een getal van ten minste {context.get('ge')}."
    if fout["type"] == "less_than_equal":
        return f"Geef een getal van ten hoogste {context.get('le')}."
    return MELDINGEN.get(fout["type"], f"Deze waarde klopt niet ({fout.get('msg', '')}).")


@api.exception_handler(ValidationError)
def ongeldige_invoer(request, fout):
    """Invalid input: 400 (not 422), with every invalid parameter at once."""
    ongeldig = [
        {"name": str(f["loc"][-1]) if f.get("loc") else "", "code": f["type"], "reason": _reden(f)} for f in fout.errors
    ]
    namen = ", ".join(p["name"] for p in ongeldig)
    return probleem(request, 400, f"Ongeldige parameter: {namen}.", invalidParams=ongeldig)


@api.exception_handler(AuthenticationError)
def niet_aangemeld(request, fout):
    detail = fout.message if fout.message != "Unauthorized" else ""
    return probleem(
        request, 401, detail, headers={"WWW-Authenticate": 'Bearer realm="api", Basic realm="api", charset="UTF-8"'}
    )


@api.exception_handler(TeVaak)
def te_vaak(request, fout):
    return probleem(request, 429, fout.message, headers={"Retry-After": str(fout.wacht)})


@api.exception_handler(HttpError)
def http_fout(request, fout):
    return probleem(request, fout.status_code, fout.message)


@api.exception_handler(Http404)
def niet_gevonden(request, fout):
    return probleem(request, 404)


class Ongeldig(HttpError):
    """A filter the page's FilterSet refused: 400 with its reasons."""

    def __init__(self, fouten: dict):
        self.fouten = fouten
        super().__init__(400, "Ongeldige parameter: " + ", ".join(fouten) + ".")


@api.exception_handler(Ongeldig)
def ongeldig_filter(request, fout):
    ongeldig = [{"name": naam, "code": "invalid", "reason": " ".join(redenen)} for naam, redenen in fout.fouten.items()]
    return probleem(request, 400, fout.message, invalidParams=ongeldig)


# -- parameters --------------------------------------------------------------------------------
class Paginering(schemas.ApiSchema):
    pagina: int = Field(1, ge=1, description="De pagina, vanaf 1.")
    pagina_grootte: int = Field(
        STANDAARD_GROOTTE, ge=1, le=MAXIMALE_GROOTTE, description="Het aantal resultaten per pagina."
    )


class RegioFilter(Paginering):
    regio: str | None = Field(None, max_length=50, description="Alleen deze regio (korte naam).")


class JaarFilter(RegioFilter):
    jaar: int | None = Field(None, ge=2000, le=2100, description="Alleen dit jaar.")


class GeldFilter(JaarFilter):
    financier: int | None = Field(None, ge=1, description="Alleen deze financier (zijn id in /financiers).")


def _gebruiker(request):
    return request.auth.gebruiker


def _in_regio(objecten, regio: str | None):
    return objecten.filter(**{f"{objecten.regio_pad}__slug": regio}) if regio else objecten


def _gefilterd(filterset_class, request, objecten, data: dict, **kwargs):
    """The rows the page's own FilterSet gives for these parameters."""
    filterset = filterset_class(
        {k: v for k, v in data.items() if v is not None}, queryset=objecten, request=request, **kwargs
    )
    if not filterset.is_valid():
        raise Ongeldig({naam: list(redenen) for naam, redenen in filterset.errors.items()})
    return filterset.qs


def _pagina(request, objecten, schema, rij, filters: Paginering, **velden):
    return lijst(request, objecten, schema, rij, pagina=filters.pagina, pagina_grootte=filters.pagina_grootte, **velden)


FOUTEN = {
    400: schemas.Probleem,
    401: schemas.Probleem,
    404: schemas.Probleem,
    406: schemas.Probleem,
    429: schemas.Probleem,
}
FOUTEN_LANDELIJK = FOUTEN | {403: schemas.Probleem}


# -- regios ------------------------------------------------------------------------------------
def _regios(request):
    gebruiker = _gebruiker(request)
    regios = Leerwerkloket.objects.order_by("naam", "pk")
    return regios if gebruiker.leest_alle_regios else regios.filter(pk=gebruiker.leerwerkloket_id)


def _regio(r: Leerwerkloket) -> dict:
    return {"id": r.pk, "naam": r.naam, "korte_naam": r.slug, "arbeidsmarktregio": r.arbeidsmarktregio}


@api.get(
    "/regios",
    response={200: schemas.RegioPagina, **FOUTEN},
    by_alias=True,
    tags=["Regio's"],
    operation_id="regiosLijst",
    summary="De regio's die de sleutel leest",
)
def regios(request, filters: Query[Paginering]):
    return _pagina(request, _regios(request), schemas.RegioPagina, _regio, filters)


@api.get(
    "/regios/{id}",
    response={200: schemas.Regio, **FOUTEN},
    by_alias=True,
    tags=["Regio's"],
    operation_id="regioLezen",
    summary="Eén regio",
)
def regio(request, id: int):
    return een(request, get_object_or_404(_regios(request), pk=id), schemas.Regio, _regio)


# -- financiers --------------------------------------------------------------------------------
def _financiers(request):
    # The financiers the money lists offer as a choice (financiering.filters.FinancierFilterSet).
    return (
        Partner.objects.voor_gebruiker(_gebruiker(request))
        .filter(afspraken__isnull=False)
        .distinct()
        .select_related("leerwerkloket")
        .order_by("leerwerkloket__naam", "naam", "pk")
    )


def _financier(p: Partner) -> dict:
    return {
        "id": p.pk,
        "regio": p.leerwerkloket.slug,
        "naam": p.naam,
        "soort": p.soort,
        "samenwerkingsverband": p.is_groep,
        "actief": p.actief,
    }


@api.get(
    "/financiers",
    response={200: schemas.FinancierPagina, **FOUTEN},
    by_alias=True,
    tags=["Financiers"],
    operation_id="financiersLijst",
    summary="De financiers: partners met een afspraak",
)
def financiers(request, filters: Query[RegioFilter]):
    objecten = _in_regio(_financiers(request), filters.regio)
    return _pagina(request, objecten, schemas.FinancierPagina, _financier, filters)


@api.get(
    "/financiers/{id}",
    response={200: schemas.Financier, **FOUTEN},
    by_alias=True,
    tags=["Financiers"],
    operation_id="financierLezen",
    summary="Eén financier",
)
def financier(request, id: int):
    return een(request, get_object_or_404(_financiers(request), pk=id), schemas.Financier, _financier)


# -- afspraken ---------------------------------------------------------------------------------
def _afspraken(request):
    # As the agreement page shows its years: a concept's too, marked by its status.
    jaren = Toezegging.objects.met_toegezegd(ook_concept=True).met_geldstroom(ook_concept=True).order_by("jaar")
    return (
        Financieringsafspraak.objects.voor_gebruiker(_gebruiker(request))
        .select_related("financier", "leerwerkloket")
        .prefetch_related(Prefetch("toezeggingen", queryset=jaren, to_attr="api_jaren"))
        .order_by("leerwerkloket__naam", "financier__naam", "startjaar", "pk")
    )


def _toezegging_van_afspraak(t: Toezegging) -> dict:
    return {
        "id": t.pk,
        "jaar": t.jaar,
        "bedrag_geld": t.bedrag_geld,
        "bedrag_natura": t.bedrag_natura,
        "toegezegd": t.toegezegd,
        "geteld": t.geteld,
        "gehaald": t.gehaald,
        "gefactureerd": t.gefactureerd,
        "ontvangen": t.ontvangen,
        "openstaand": t.openstaand,
    }


def _afspraak(a: Financieringsafspraak) -> dict:
    return {
        "id": a.pk,
        "regio": a.leerwerkloket.slug,
        "naam": a.naam,
        "financier": a.financier_id,
        "financier_naam": a.financier.naam,
        "soort": a.soort,
        "status": a.status,
        "looptoestand": a.looptoestand.value,
        "startjaar": a.startjaar,
        "eindjaar": a.eindjaar,
        "minimum_per_jaar": a.minimum_per_jaar,
        "in_natura_telt_mee": a.in_natura_telt_mee,
        "getekend_op": a.getekend_op,
        "toezeggingen": [_toezegging_van_afspraak(t) for t in a.api_jaren],
    }


@api.get(
    "/afspraken",
    response={200: schemas.AfspraakPagina, **FOUTEN},
    by_alias=True,
    tags=["Afspraken"],
    operation_id="afsprakenLijst",
    summary="Financieringsafspraken met hun toezeggingen per jaar",
)
def afspraken(request, filters: Query[GeldFilter]):
    """`jaar`: de afspraken die in dat jaar lopen (zoals het filter van de pagina Afspraken)."""
    data = {"jaar": filters.jaar, "financier": filters.financier}
    objecten = _gefilterd(AfspraakFilter, request, _in_regio(_afspraken(request), filters.regio), data)
    return _pagina(request, objecten, schemas.AfspraakPagina, _afspraak, filters)


@api.get(
    "/afspraken/{id}",
    response={200: schemas.Afspraak, **FOUTEN},
    by_alias=True,
    tags=["Afspraken"],
    operation_id="afspraakLezen",
    summary="Eén afspraak met haar toezeggingen",
)
def afspraak(request, id: int):
    return een(request, get_object_or_404(_afspraken(request), pk=id), schemas.Afspraak, _afspraak)


# -- toezeggingen ------------------------------------------------------------------------------
def _toezeggingen(request):
    # The toezeggingen list's queryset (financiering.views_afspraken.ToezeggingLijst): commitments only.
    return (
        alle_toezeggingen_met_geldstroom(timezone.localdate())
        .voor_gebruiker(_gebruiker(request))
        .select_related("afspraak__financier", "afspraak__leerwerkloket")
        .order_by("-jaar", "afspraak__leerwerkloket__naam", "afspraak__financier__naam", "afspraak__naam", "pk")
    )


def _toezegging(t: Toezegging) -> dict:
    return _toezegging_van_afspraak(t) | {
        "regio": t.afspraak.leerwerkloket.slug,
        "afspraak": t.afspraak_id,
        "afspraak_naam": t.afspraak.naam,
        "financier": t.afspraak.financier_id,
        "financier_naam": t.afspraak.financier.naam,
        "soort": t.afspraak.soort,
    }


@api.get(
    "/toezeggingen",
    response={200: schemas.ToezeggingPagina, **FOUTEN},
    by_alias=True,
    tags=["Toezeggingen"],
    operation_id="toezeggingenLijst",
    summary="Toezeggingen per jaar met gefactureerd, ontvangen en openstaand",
)
def toezeggingen(request, filters: Query[GeldFilter]):
    """Alleen toezeggingen die meetellen (niet die van een conceptafspraak), zoals de pagina
    Toezeggingen en het dashboard; `totalen` zijn de sommen over alle pagina's."""
    data = {"jaar": filters.jaar, "financier": filters.financier}
    objecten = _gefilterd(ToezeggingFilter, request, _in_regio(_toezeggingen(request), filters.regio), data)
    totaal = objecten.opgeteld()
    totalen = {
        "bedrag_geld": totaal["geld"],
        "bedrag_natura": totaal["natura"],
        "toegezegd": totaal["toegezegd"],
        "gefactureerd": totaal["gefactureerd"],
        "ontvangen": totaal["ontvangen"],
        "openstaand": totaal["openstaand"],
    }
    return _pagina(request, objecten, schemas.ToezeggingPagina, _toezegging, filters, totalen=totalen)


@api.get(
    "/toezeggingen/{id}",
    response={200: schemas.Toezegging, **FOUTEN},
    by_alias=True,
    tags=["Toezeggingen"],
    operation_id="toezeggingLezen",
    summary="Eén toezegging",
)
def toezegging(request, id: int):
    return een(request, get_object_or_404(_toezeggingen(request), pk=id), schemas.Toezegging, _toezegging)


# -- facturen ----------------------------------------------------------------------------------
def _facturen(request):
    # The facturen list's queryset (financiering.views_facturen.FactuurLijst).
    return (
        alle_facturen_met_ontvangen(timezone.localdate())
        .voor_gebruiker(_gebruiker(request))
        .select_related("toezegging__afspraak__financier", "toezegging__afspraak__leerwerkloket")
        .order_by("-factuurdatum", "nummer", "pk")
    )


def _factuur(f: Factuur) -> dict:
    afspraak = f.toezegging.afspraak
    return {
        "id": f.pk,
        "regio": afspraak.leerwerkloket.slug,
        "nummer": f.nummer,
        "toezegging": f.toezegging_id,
        "financier": afspraak.financier_id,
        "financier_naam": afspraak.financier.naam,
        "jaar": f.toezegging.jaar,
        "factuurdatum": f.factuurdatum,
        "vervaldatum": f.vervaldatum,
        "bedrag": f.bedrag,
        "ontvangen": f.ontvangen,
        "gecrediteerd": f.gecrediteerd,
        "openstaand": f.openstaand,
        "dagen_te_laat": f.dagen_te_laat,
        "crediteert": f.crediteert_id,
        "omschrijving": f.omschrijving,
    }


@api.get(
    "/facturen",
    response={200: schemas.FactuurPagina, **FOUTEN},
    by_alias=True,
    tags=["Facturen"],
    operation_id="facturenLijst",
    summary="Facturen met ontvangen en openstaand",
)
def facturen(request, filters: Query[GeldFilter]):
    """`jaar`: het jaar van de toezegging (zoals het filter van de pagina Facturen)."""
    data = {"jaar": filters.jaar, "financier": filters.financier}
    objecten = _in_regio(_facturen(request), filters.regio)
    objecten = _gefilterd(FactuurFilter, request, objecten, data, vandaag=timezone.localdate())
    return _pagina(request, objecten, schemas.FactuurPagina, _factuur, filters)


@api.get(
    "/facturen/{id}",
    response={200: schemas.Factuur, **FOUTEN},
    by_alias=True,
    tags=["Facturen"],
    operation_id="factuurLezen",
    summary="Eén factuur",
)
def factuur(request, id: int):
    return een(request, get_object_or_404(_facturen(request), pk=id), schemas.Factuur, _factuur)


# -- jaarplannen -------------------------------------------------------------------------------
def _jaarplannen(request):
    return (
        alle_jaarplannen_met_totalen()
        .voor_gebruiker(_gebruiker(request))
        .select_related("leerwerkloket")
        .order_by("leerwerkloket__naam", "-jaar", "pk")
    )


def _jaarplan(j: Jaarplan) -> dict:
    return {
        "id": j.pk,
        "regio": j.leerwerkloket.slug,
        "jaar": j.jaar,
        "status": j.status,
        "begroot": j.totaal_begroot,
        "gedekt": j.totaal_gedekt,
        "ongedekt": j.totaal_ongedekt,
        "overgedekt": j.totaal_overgedekt,
        "gerealiseerd": j.totaal_gerealiseerd,
        "dekkingsgraad": j.dekkingsgraad,
    }


@api.get(
    "/jaarplannen",
    response={200: schemas.JaarplanPagina, **FOUTEN},
    by_alias=True,
    tags=["Jaarplannen"],
    operation_id="jaarplannenLijst",
    summary="Jaarplannen met begroot, gedekt, ongedekt en dekkingsgraad",
)
def jaarplannen(request, filters: Query[JaarFilter]):
    objecten = _in_regio(_jaarplannen(request), filters.regio)
    if filters.jaar is not None:
        objecten = objecten.filter(jaar=filters.jaar)
    return _pagina(request, objecten, schemas.JaarplanPagina, _jaarplan, filters)


@api.get(
    "/jaarplannen/{id}",
    response={200: schemas.Jaarplan, **FOUTEN},
    by_alias=True,
    tags=["Jaarplannen"],
    operation_id="jaarplanLezen",
    summary="Eén jaarplan",
)
def jaarplan(request, id: int):
    return een(request, get_object_or_404(_jaarplannen(request), pk=id), schemas.Jaarplan, _jaarplan)


# -- activiteiten ------------------------------------------------------------------------------
def _activiteiten(request):
    indicatoren = Indicator.objects.met_gerealiseerd().order_by("naam", "pk")
    return (
        alle_activiteiten_met_totalen()
        .voor_gebruiker(_gebruiker(request))
        .select_related("jaarplan__leerwerkloket")
        .prefetch_related(Prefetch("indicatoren", queryset=indicatoren, to_attr="api_indicatoren"))
        .order_by("jaarplan__leerwerkloket__naam", "-jaarplan__jaar", "volgorde", "naam", "pk")
    )


def _indicator(i: Indicator) -> dict:
    return {
        "id": i.pk,
        "code": i.code,
        "naam": i.naam,
        "eenheid": i.eenheid,
        "streefwaarde": i.streefwaarde,
        "gerealiseerd": i.gerealiseerd,
        "deel": i.deel(),
        "gehaald": i.gehaald(),
    }


def _activiteit(a: Activiteit) -> dict:
    return {
        "id": a.pk,
        "regio": a.jaarplan.leerwerkloket.slug,
        "jaarplan": a.jaarplan_id,
        "jaar": a.jaarplan.jaar,
        "code": a.code,
        "naam": a.naam,
        "soort": a.soort,
        "locatie": a.locatie,
        "begroot": a.begroot,
        "gedekt": a.gedekt,
        "ongedekt": a.ongedekt,
        "overgedekt": a.overgedekt,
        "gerealiseerd": a.gerealiseerd,
        "indicatoren": [_indicator(i) for i in a.api_indicatoren],
    }


@api.get(
    "/activiteiten",
    response={200: schemas.ActiviteitPagina, **FOUTEN},
    by_alias=True,
    tags=["Activiteiten"],
    operation_id="activiteitenLijst",
    summary="Activiteiten met begroting, dekking, realisatie en hun indicatoren met output",
)
def activiteiten(request, filters: Query[JaarFilter]):
    objecten = _in_regio(_activiteiten(request), filters.regio)
    if filters.jaar is not None:
        objecten = objecten.filter(jaarplan__jaar=filters.jaar)
    return _pagina(request, objecten, schemas.ActiviteitPagina, _activiteit, filters)


@api.get(
    "/activiteiten/{id}",
    response={200: schemas.Activiteit, **FOUTEN},
    by_alias=True,
    tags=["Activiteiten"],
    operation_id="activiteitLezen",
    summary="Eén activiteit",
)
def activiteit(request, id: int):
    return een(request, get_object_or_404(_activiteiten(request), pk=id), schemas.Activiteit, _activiteit)


# -- landelijk overzicht -----------------------------------------------------------------------
class LandelijkFilter(Paginering):
    jaar: int | None = Field(None, ge=2000, le=2100, description="Het jaar; zonder: dit jaar.")


def _regio_overzicht(r) -> dict:
    return {
        "regio": r.slug,
        "naam": r.naam,
        "jaarplan": r.jaarplan,
        "begroot": r.begroot,
        "gedekt": r.gedekt,
        "ongedekt": r.ongedekt,
        "dekkingsgraad": r.dekkingsgraad,
        "cofinanciers": r.cofinanciers,
        "cofinanciers_gehaald": r.cofinanciers_gehaald,
        "cofinanciering": r.cofinanciering,
        "vereist": r.vereist,
        "aandeel_gehaald": r.aandeel_gehaald,
    }


@api.get(
    "/landelijk-overzicht",
    response={200: schemas.LandelijkOverzicht, **FOUTEN_LANDELIJK},
    by_alias=True,
    tags=["Landelijk overzicht"],
    operation_id="landelijkOverzicht",
    summary="Alle regio's naast elkaar voor één jaar (alleen de landelijke rol)",
)
def landelijk(request, filters: Query[LandelijkFilter]):
    """Dezelfde cijfers als het landelijke dashboard: per regio dekking, cofinanciers op hun
    minimum en het cofinancieringsaandeel, met de landelijke totalen."""
    if not can_read_landelijk(_gebruiker(request)):
        raise HttpError(403, "Het landelijke overzicht is voor de landelijke rol; deze sleutel leest één regio.")
    overzicht = landelijk_overzicht(filters.jaar or timezone.localdate().year)
    totalen = {
        "begroot": overzicht.begroot,
        "gedekt": overzicht.gedekt,
        "ongedekt": overzicht.ongedekt,
        "dekkingsgraad": overzicht.dekkingsgraad,
        "cofinanciers": overzicht.cofinanciers,
        "cofinanciers_gehaald": overzicht.cofinanciers_gehaald,
        "cofinanciering": overzicht.cofinanciering,
    }
    return _pagina(
        request,
        overzicht.rijen,
        schemas.LandelijkOverzicht,
        _regio_overzicht,
        filters,
        jaar=overzicht.jaar,
        totalen=totalen,
    )
