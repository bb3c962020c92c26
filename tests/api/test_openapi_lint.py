"""The OpenAPI document that /api/v1 serves, linted with Spectral and the rules of the Dutch API
Design Rules (openapi-lint/adr.spectral.yaml): an error fails the suite. `make test` installs
Spectral from openapi-lint/package-lock.json (npm ci); CI (REQUIRE_SPECTRAL=1) fails without it."""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent
LINT = ROOT / "openapi-lint"
SPECTRAL = LINT / "node_modules" / ".bin" / "spectral"
REGELS = LINT / "adr.spectral.yaml"
pytestmark = pytest.mark.django_db
FOUT = 0  # Spectral's severity of an error (1 warning, 2 info, 3 hint)


def spectral(document: dict, tmp_path) -> list[dict]:
    if not SPECTRAL.exists() or shutil.which("node") is None:
        if os.environ.get("REQUIRE_SPECTRAL") == "1":
            pytest.fail("Spectral ontbreekt: `make spectral` installeert het (npm ci in openapi-lint/).")
        pytest.skip("Spectral is niet geïnstalleerd (`make spectral`); REQUIRE_SPECTRAL=1 maakt dit een fout.")
    bestand, uit = tmp_path / "openapi.json", tmp_path / "spectral.json"
    bestand.write_text(json.dumps(document), encoding="utf-8")
    proces = subprocess.run(
        [str(SPECTRAL), "lint", "--ruleset", str(REGELS), "--format", "json", "--output", str(uit), str(bestand)],
        capture_output=True,
        text=True,
        timeout=180,
        cwd=LINT,
    )
    assert uit.exists(), f"Spectral gaf geen uitslag: {proces.stdout} {proces.stderr}"
    return json.loads(uit.read_text(encoding="utf-8"))


def _regels(uitslag: list[dict], ernst: int) -> list[str]:
    return [
        f"{r['code']} op {'.'.join(map(str, r['path']))}: {r['message']}" for r in uitslag if r["severity"] == ernst
    ]


@pytest.fixture
def document(client):
    antwoord = client.get("/api/v1/openapi.json")
    assert antwoord.status_code == 200
    return antwoord.json()


def test_the_served_openapi_document_passes_the_api_design_rules(document, tmp_path):
    uitslag = spectral(document, tmp_path)
    assert _regels(uitslag, FOUT) == [], "De API Design Rules-lint vond fouten"
    assert _regels(uitslag, 1) == [], "De API Design Rules-lint gaf waarschuwingen"


def test_the_lint_finds_a_document_that_breaks_the_rules(document, tmp_path):
    """The rules themselves: a trailing slash, a success without API-Version, an error as plain
    JSON, a snake_case query key, a contact without e-mail, a version that is not SemVer and a
    server without the major version are each an error."""
    operatie = document["paths"]["/toezeggingen"]["get"]
    document["paths"]["/toezeggingen/"] = document["paths"].pop("/toezeggingen")
    del operatie["responses"]["200"]["headers"]["API-Version"]
    operatie["responses"]["404"]["content"] = {"application/json": {"schema": {"type": "object"}}}
    next(p for p in operatie["parameters"] if p["name"] == "paginaGrootte")["name"] = "pagina_grootte"
    del document["info"]["contact"]["email"]
    document["info"]["version"] = "1.0"
    document["servers"] = [{"url": "/api"}]

    fouten = {r["code"] for r in spectral(document, tmp_path) if r["severity"] == FOUT}

    assert fouten >= {
        "adr-no-trailing-slash",
        "adr-version-header",
        "adr-problem-details",
        "adr-query-keys-camel-case",
        "adr-doc-openapi-contact",
        "adr-semver",
        "adr-uri-version",
    }
