"""The API's version (SemVer): in the OpenAPI document's info.version and in the `API-Version`
header of every answer. The major version is in the address (/api/v1)."""

API_VERSIE = "1.0.0"
