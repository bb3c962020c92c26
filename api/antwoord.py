"""One list answer for every resource: a page of results with links to the next page, as JSON,
or the same data as CSV when the client asks `Accept: text/csv`."""

import csv
import io
import json
import math
import re
import typing
from urllib.parse import urlencode

from django.http import HttpResponse
from ninja.errors import HttpError

from rapportage.exporteren.schrijver import veilige_tekst

JSON = "application/json"
CSV = "text/csv"
STANDAARD_GROOTTE = 100
MAXIMALE_GROOTTE = 1000
GETAL = re.compile(r"-?[0-9]+(\.[0-9]+)?")


def formaat(request) -> str:
    """JSON unless the client asks for CSV; 406 for an Accept that allows neither."""
    accept = request.headers.get("Accept", "").lower()
    soorten = [deel.split(";")[0].strip() for deel in accept.split(",") if deel.strip()]
    if not soorten:
        return JSON
    for soort in soorten:
        if soort == CSV:
            return CSV
        if soort in (JSON, "application/*", "*/*", "application/problem+json"):
            return JSON
    raise HttpError(406, "Deze API geeft JSON (application/json) of CSV (text/csv); vraag een van beide met Accept.")


def _adres(request, pagina: int) -> str:
    parameters = [(k, v) for k, v in request.GET.items() if k != "pagina"]
    if pagina > 1:
        parameters.append(("pagina", str(pagina)))
    query = f"?{urlencode(parameters)}" if parameters else ""
    return request.build_absolute_uri(request.path + query)


def lijst(request, objecten, schema, rij, *, pagina: int, pagina_grootte: int, **velden) -> HttpResponse:
    """Page `pagina` of `objecten` (a QuerySet or a list) as `schema` (a page schema), each
    object made a row by `rij`. `velden`: what the page carries beside its results (totalen)."""
    gevraagd = formaat(request)
    aantal = len(objecten) if isinstance(objecten, list) else objecten.count()
    laatste = max(1, math.ceil(aantal / pagina_grootte))
    if pagina > laatste:
        raise HttpError(404, f"Pagina {pagina} bestaat niet; de laatste pagina is {laatste}.")
    begin = (pagina - 1) * pagina_grootte
    links = {
        "self": _adres(request, pagina),
        "first": _adres(request, 1),
        "prev": _adres(request, pagina - 1) if pagina > 1 else None,
        "next": _adres(request, pagina + 1) if pagina < laatste else None,
        "last": _adres(request, laatste),
    }
    inhoud = schema.model_validate(
        {
            "links": links,
            "aantal": aantal,
            "pagina": pagina,
            "pagina_grootte": pagina_grootte,
            "resultaten": [rij(o) for o in objecten[begin : begin + pagina_grootte]],
            **velden,
        }
    ).model_dump(by_alias=True, mode="json")
    if gevraagd == CSV:
        item = typing.get_args(schema.model_fields["resultaten"].annotation)[0]
        antwoord = HttpResponse(csv_tekst(inhoud["resultaten"], item), content_type=f"{CSV}; charset=utf-8")
    else:
        antwoord = HttpResponse(json.dumps(inhoud, ensure_ascii=False), content_type=JSON)
    # The same links as a Link header (RFC 8288), which a CSV cannot carry in its body.
    antwoord["Link"] = ", ".join(f'<{adres}>; rel="{rel}"' for rel, adres in links.items() if adres)
    antwoord["X-Total-Count"] = str(aantal)
    return antwoord


def een(request, obj, schema, rij) -> HttpResponse:
    """One object, as JSON or as a CSV of one row."""
    gevraagd = formaat(request)
    inhoud = schema.model_validate(rij(obj)).model_dump(by_alias=True, mode="json")
    if gevraagd == CSV:
        return HttpResponse(csv_tekst([inhoud], schema), content_type=f"{CSV}; charset=utf-8")
    return HttpResponse(json.dumps(inhoud, ensure_ascii=False), content_type=JSON)


def _plat(rij: dict) -> list[dict]:
    """A row with a list of rows in it (an agreement's years, an activity's indicators) becomes
    one row per element, the outer fields repeated; its columns are named `lijst.veld`."""
    lijsten = {k: v for k, v in rij.items() if isinstance(v, list)}
    buiten = {k: v for k, v in rij.items() if k not in lijsten}
    if not lijsten:
        return [buiten]
    (naam, elementen), *_ = lijsten.items()
    if not elementen:
        return [buiten]
    return [buiten | {f"{naam}.{k}": v for k, v in element.items()} for element in elementen]


def _cel(waarde) -> str:
    if waarde is None:
        return ""
    if isinstance(waarde, bool):
        return "true" if waarde else "false"
    tekst = str(waarde)
    if isinstance(waarde, str) and not GETAL.fullmatch(tekst) and not veilige_tekst(tekst):
        return "'" + tekst  # a spreadsheet opening the CSV must not run it as a formula
    return tekst


def kolommen_van(schema) -> list[str]:
    """The CSV's columns: the schema's fields by their JSON names, a nested list's as `lijst.veld`."""
    kolommen = []
    for naam, veld in schema.model_fields.items():
        alias = veld.alias or naam
        binnen = typing.get_args(veld.annotation)
        if typing.get_origin(veld.annotation) is list and binnen and hasattr(binnen[0], "model_fields"):
            kolommen += [f"{alias}.{k}" for k in kolommen_van(binnen[0])]
        else:
            kolommen.append(alias)
    return kolommen


def csv_tekst(rijen: list[dict], schema) -> str:
    """The rows as CSV: a header of the JSON's field names, `,`, a decimal point, ISO dates."""
    platte = [p for rij in rijen for p in _plat(rij)]
    kolommen = kolommen_van(schema)
    uit = io.StringIO()
    schrijver = csv.writer(uit, lineterminator="\r\n")
    schrijver.writerow(kolommen)
    for rij in platte:
        schrijver.writerow([_cel(rij.get(k)) for k in kolommen])
    return uit.getvalue()
