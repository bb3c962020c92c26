"""The OpenAPI document as the API Design Rules want it, beyond what django-ninja writes from the
schemas: contact, the server with the major version, the `API-Version` header on every success,
CSV beside JSON, and every error as problem+json (the lint in tests/api checks it with Spectral)."""

import json

from .problemen import PROBLEEM, titel

CONTACT = {
    "name": "Leerwerkloket Financiering, beheer",
    "email": "beheer@leerwerkloket.example",
    "url": "https://leerwerkloket.example/",
}
# Every operation can answer these; a detail or a page past the last answers 404.
FOUTEN = (400, 401, 404, 406, 429)


def _fout(status: int) -> dict:
    return {
        "description": titel(status),
        "headers": {"API-Version": {"$ref": "#/components/headers/API-Version"}},
        "content": {PROBLEEM: {"schema": {"$ref": "#/components/schemas/Probleem"}}},
    }


def nl_api_regels(schema: dict) -> dict:
    schema["info"]["contact"] = CONTACT
    schema["info"]["license"] = {"name": "EUPL-1.2", "url": "https://eupl.eu/1.2/nl/"}
    schema["servers"] = [{"url": "/api/v1", "description": "Deze server"}]
    componenten = schema.setdefault("components", {})
    componenten.setdefault("headers", {})["API-Version"] = {
        "description": "De volledige versie van de API (SemVer).",
        "schema": {"type": "string", "examples": [schema["info"]["version"]]},
    }
    tags = []
    for pad in schema.get("paths", {}).values():
        for operatie in pad.values():
            operatie.setdefault("description", operatie.get("summary", ""))
            tags += [t for t in operatie.get("tags", []) if t not in tags]
            antwoorden = operatie["responses"] = {str(k): v for k, v in operatie.get("responses", {}).items()}
            for status in FOUTEN:
                antwoorden.setdefault(str(status), {})
            for status, antwoord in antwoorden.items():
                if int(status) >= 400:
                    antwoorden[status] = _fout(int(status))
                    continue
                if antwoord.get("description") in (None, "", "OK"):
                    antwoord["description"] = "Gelukt"
                antwoord["headers"] = {
                    "API-Version": {"$ref": "#/components/headers/API-Version"},
                    "Link": {
                        "description": "De pagina's van een lijst (RFC 8288): first, prev, next, last.",
                        "schema": {"type": "string"},
                    },
                }
                inhoud = antwoord.setdefault("content", {})
                inhoud["text/csv"] = {
                    "schema": {"type": "string", "description": "Dezelfde gegevens als CSV (Accept: text/csv)."}
                }
    schema["tags"] = [{"name": t, "description": f"{t}: lijst en één object."} for t in tags]
    _zonder_ongebruikte_schemas(schema)
    return schema


def _zonder_ongebruikte_schemas(schema: dict) -> None:
    """ninja lists the query parameters' models as components too; nothing refers to them."""
    schemas = schema.get("components", {}).get("schemas", {})
    while True:
        tekst = json.dumps({k: v for k, v in schema.items() if k != "components"}) + json.dumps(schemas)
        ongebruikt = [naam for naam in schemas if f'"#/components/schemas/{naam}"' not in tekst]
        if not ongebruikt:
            return
        for naam in ongebruikt:
            del schemas[naam]
