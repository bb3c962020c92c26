"""The read API at /api/v1, as a tool such as Power BI reads it: with a personal key (Bearer, or
HTTP Basic with the key as password), scoped to what the key's user reads, errors as
problem+json, pages with links, CSV on request, every use in the audit trail."""

import base64
import csv
import datetime
import io
import json
from decimal import Decimal

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from api.models import ApiSleutel
from api.services import api_sleutel_intrekken, api_sleutel_maken
from financiering.models import Toezegging
from partners.models import Auditregel, Gebruiker
from partners.roles import Rol
from rapportage.dashboard.selectors.landelijk import landelijk_overzicht
from tests.conftest import DEMO_DATUM
from tests.factories import GebruikerFactory, LeerwerkloketFactory
from tests.pagina import Pagina

pytestmark = pytest.mark.django_db

JAAR = DEMO_DATUM.year
PROBLEEM = "application/problem+json"


def sleutel_voor(gebruiker, dagen=90) -> str:
    return api_sleutel_maken(gebruiker=gebruiker, naam="Power BI", dagen=dagen)[1]


def bearer(sleutel):
    return {"HTTP_AUTHORIZATION": f"Bearer {sleutel}"}


def basic(sleutel, gebruikersnaam="powerbi"):
    return {"HTTP_AUTHORIZATION": "Basic " + base64.b64encode(f"{gebruikersnaam}:{sleutel}".encode()).decode()}


def alle_rijen(client, url, **kop) -> list[dict]:
    """Every result of a list, following `links.next` page by page."""
    rijen = []
    while url:
        antwoord = client.get(url, **kop)
        assert antwoord.status_code == 200, antwoord.content
        inhoud = antwoord.json()
        rijen += inhoud["resultaten"]
        url = inhoud["links"]["next"]
    return rijen


def assert_probleem(antwoord, status):
    assert antwoord.status_code == status, antwoord.content
    assert antwoord["Content-Type"] == PROBLEEM
    inhoud = antwoord.json()
    assert inhoud["status"] == status and inhoud["title"] and inhoud["detail"], inhoud
    assert antwoord["API-Version"] == "1.0.0"
    return inhoud


@pytest.fixture
def stuurgroep(demo):
    return Gebruiker.objects.get(username="stuurgroep")


@pytest.fixture
def achterhoek_lezer(db):
    regio = LeerwerkloketFactory(naam="Leerwerkloket Achterhoek", slug="achterhoek", arbeidsmarktregio="Achterhoek")
    return GebruikerFactory(username="aart", leerwerkloket=regio, rollen=[Rol.STUURGROEP])


# -- the "done when" -------------------------------------------------------------------
def test_a_stuurgroep_key_from_the_command_reads_this_years_toezeggingen_as_the_dashboard_sums_them(client, stuurgroep):
    uit = io.StringIO()
    call_command("api_sleutel", "--gebruiker", "stuurgroep", "--naam", "Power BI stuurgroep", stdout=uit)
    sleutel = uit.getvalue().strip().splitlines()[-1]
    assert sleutel.startswith("lwl_")
    # Kept hashed: the key itself is nowhere in the database.
    opgeslagen = ApiSleutel.objects.get(gebruiker=stuurgroep)
    assert sleutel not in (opgeslagen.hash, opgeslagen.voorvoegsel) and sleutel.startswith(opgeslagen.voorvoegsel)

    rijen = alle_rijen(client, f"/api/v1/toezeggingen?jaar={JAAR}&paginaGrootte=2", **basic(sleutel))

    client.force_login(stuurgroep)
    dashboard = Pagina(client.get(reverse("dashboard:overzicht"), {"jaar": JAAR}).text)
    totaal = dashboard.tabel("Financier", "Toegezegd in geld", "Openstaand").rij("Totaal")
    from kern.money import format_euro

    for veld, kolom in (
        ("bedragGeld", "Toegezegd in geld"),
        ("bedragNatura", "In natura"),
        ("gefactureerd", "Gefactureerd"),
        ("ontvangen", "Ontvangen"),
        ("openstaand", "Openstaand"),
    ):
        som = sum((Decimal(r[veld]) for r in rijen), Decimal("0.00"))
        assert format_euro(som) == totaal[kolom], veld
    assert {r["jaar"] for r in rijen} == {JAAR}


def test_amounts_are_text_with_two_decimals_exact_to_the_cent(client, stuurgroep):
    antwoord = client.get(f"/api/v1/toezeggingen?jaar={JAAR}", **bearer(sleutel_voor(stuurgroep)))
    inhoud = antwoord.json()
    uwv = next(r for r in inhoud["resultaten"] if r["financierNaam"] == "UWV")
    definitie = Toezegging.objects.met_geldstroom().get(pk=uwv["id"])
    assert uwv["bedragGeld"] == f"{definitie.bedrag_geld:.2f}" and isinstance(uwv["bedragGeld"], str)
    assert uwv["openstaand"] == f"{definitie.openstaand:.2f}"
    totaal = Toezegging.objects.voor_regio(stuurgroep.leerwerkloket).filter(jaar=JAAR).met_geldstroom().opgeteld()
    assert inhoud["totalen"]["bedragGeld"] == f"{totaal['geld']:.2f}"
    assert set(uwv) >= {"bedragGeld", "bedragNatura", "gefactureerd", "ontvangen", "openstaand", "financierNaam"}


# -- the Design Rules' answers -----------------------------------------------------------------
def test_every_answer_carries_the_api_version(client, stuurgroep):
    sleutel = sleutel_voor(stuurgroep)
    for url, kop in (
        ("/api/v1/openapi.json", {}),
        ("/api/v1/regios", bearer(sleutel)),
        ("/api/v1/regios", {}),
        ("/api/v1/bestaat-niet", bearer(sleutel)),
    ):
        assert client.get(url, **kop)["API-Version"] == "1.0.0", url


def test_without_a_valid_key_it_answers_401_as_problem_json(client, stuurgroep):
    inhoud = assert_probleem(client.get("/api/v1/toezeggingen"), 401)
    assert "Bearer" in inhoud["detail"]
    assert "Bearer" in client.get("/api/v1/toezeggingen")["WWW-Authenticate"]
    assert (
        "bestaat niet" in assert_probleem(client.get("/api/v1/toezeggingen", **bearer("lwl_verzonnen")), 401)["detail"]
    )

    ingetrokken, sleutel = api_sleutel_maken(gebruiker=stuurgroep, naam="Oud", dagen=30)
    assert client.get("/api/v1/toezeggingen", **bearer(sleutel)).status_code == 200
    api_sleutel_intrekken(api_sleutel=ingetrokken)
    assert "ingetrokken" in assert_probleem(client.get("/api/v1/toezeggingen", **bearer(sleutel)), 401)["detail"]

    kort = sleutel_voor(stuurgroep, dagen=1)
    with time_machine.travel(timezone.now() + datetime.timedelta(days=2)):
        assert "verlopen" in assert_probleem(client.get("/api/v1/regios", **basic(kort)), 401)["detail"]


def test_a_regional_key_may_not_read_the_national_overview_403(client, stuurgroep):
    inhoud = assert_probleem(client.get("/api/v1/landelijk-overzicht", **bearer(sleutel_voor(stuurgroep))), 403)
    assert "landelijke rol" in inhoud["detail"]


def test_invalid_input_answers_400_with_every_error_together(client, stuurgroep):
    antwoord = client.get("/api/v1/toezeggingen?jaar=twintig&paginaGrootte=0", **bearer(sleutel_voor(stuurgroep)))
    inhoud = assert_probleem(antwoord, 400)
    assert {p["name"]: p["reason"] for p in inhoud["invalidParams"]} == {
        "jaar": "Geef een geheel getal.",
        "paginaGrootte": "Geef een getal van ten minste 1.",
    }
    # A financier the key may not read is refused by the page's own filter.
    antwoord = client.get("/api/v1/toezeggingen?financier=999999", **bearer(sleutel_voor(stuurgroep)))
    assert [p["name"] for p in assert_probleem(antwoord, 400)["invalidParams"]] == ["financier"]


def test_filters_by_year_and_financier_as_the_pages_do(client, stuurgroep):
    sleutel = sleutel_voor(stuurgroep)
    uwv = Toezegging.objects.voor_regio(stuurgroep.leerwerkloket).filter(afspraak__financier__naam="UWV").first()
    financier = uwv.afspraak.financier_id
    for lijst in ("toezeggingen", "facturen", "afspraken"):
        rijen = alle_rijen(client, f"/api/v1/{lijst}?financier={financier}&jaar={JAAR}", **bearer(sleutel))
        assert rijen and {r["financier"] for r in rijen} == {financier}, lijst
    rijen = alle_rijen(client, f"/api/v1/toezeggingen?financier={financier}&jaar={JAAR}", **bearer(sleutel))
    assert [(r["financierNaam"], r["jaar"]) for r in rijen] == [("UWV", JAAR)]
    assert {r["jaar"] for r in alle_rijen(client, f"/api/v1/activiteiten?jaar={JAAR}", **bearer(sleutel))} == {JAAR}


def test_another_regions_rows_answer_404_and_never_show_in_a_list(client, stuurgroep, achterhoek_lezer):
    twente = Toezegging.objects.voor_regio(stuurgroep.leerwerkloket).filter(jaar=JAAR).first()
    sleutel = sleutel_voor(achterhoek_lezer)
    assert client.get(f"/api/v1/toezeggingen/{twente.pk}", **bearer(sleutel_voor(stuurgroep))).status_code == 200
    for url in (
        f"/api/v1/toezeggingen/{twente.pk}",
        f"/api/v1/afspraken/{twente.afspraak_id}",
        f"/api/v1/financiers/{twente.afspraak.financier_id}",
        f"/api/v1/regios/{stuurgroep.leerwerkloket_id}",
        f"/api/v1/jaarplannen/{stuurgroep.leerwerkloket.jaarplannen.get(jaar=JAAR).pk}",
    ):
        assert_probleem(client.get(url, **bearer(sleutel)), 404)
    for lijst in ("toezeggingen", "afspraken", "facturen", "jaarplannen", "activiteiten", "financiers"):
        assert client.get(f"/api/v1/{lijst}", **bearer(sleutel)).json()["aantal"] == 0, lijst
    assert [r["korteNaam"] for r in client.get("/api/v1/regios", **bearer(sleutel)).json()["resultaten"]] == [
        "achterhoek"
    ]
    # An empty list as CSV still has its header, for a tool that reads the columns.
    leeg = client.get("/api/v1/toezeggingen", HTTP_ACCEPT="text/csv", **bearer(sleutel)).content.decode()
    assert leeg.splitlines() == [
        "id,regio,afspraak,afspraakNaam,financier,financierNaam,soort,jaar,bedragGeld,bedragNatura,toegezegd,"
        "geteld,gehaald,gefactureerd,ontvangen,openstaand"
    ]


def test_a_trailing_slash_or_an_unknown_path_is_a_404_not_a_redirect(client, stuurgroep):
    sleutel = sleutel_voor(stuurgroep)
    for url in ("/api/v1/toezeggingen/", "/api/v1", "/api/v1/", "/api/v2/toezeggingen", "/api/v1/Toezeggingen"):
        assert_probleem(client.get(url, **bearer(sleutel)), 404)


def test_a_server_error_is_problem_json_too(stuurgroep, monkeypatch):
    def stuk(jaar):
        raise RuntimeError("stuk")

    monkeypatch.setattr("api.v1.landelijk_overzicht", stuk)
    landelijk = Gebruiker.objects.get(username="landelijk")
    antwoord = Client(raise_request_exception=False).get(
        "/api/v1/landelijk-overzicht", **bearer(sleutel_voor(landelijk))
    )
    assert "probeer het later opnieuw" in assert_probleem(antwoord, 500)["detail"]


def test_only_reading_a_post_answers_405_as_problem_json(client, stuurgroep):
    assert_probleem(client.post("/api/v1/toezeggingen", **bearer(sleutel_voor(stuurgroep))), 405)


def test_accept_text_csv_gives_the_same_data_as_csv(client, stuurgroep):
    sleutel = sleutel_voor(stuurgroep)
    url = f"/api/v1/toezeggingen?jaar={JAAR}"
    json_rijen = client.get(url, **bearer(sleutel)).json()["resultaten"]
    antwoord = client.get(url, HTTP_ACCEPT="text/csv", **bearer(sleutel))
    assert antwoord.status_code == 200 and antwoord["Content-Type"].startswith("text/csv")
    csv_rijen = list(csv.DictReader(io.StringIO(antwoord.content.decode())))
    assert [r["id"] for r in csv_rijen] == [str(r["id"]) for r in json_rijen]
    for c, j in zip(csv_rijen, json_rijen, strict=True):
        assert (c["financierNaam"], c["bedragGeld"], c["openstaand"]) == (
            j["financierNaam"],
            j["bedragGeld"],
            j["openstaand"],
        )
    # A list in a row (an agreement's years) is one CSV row per element.
    afspraken = client.get("/api/v1/afspraken", HTTP_ACCEPT="text/csv", **bearer(sleutel)).content.decode()
    kop = next(csv.reader(io.StringIO(afspraken)))
    assert {"naam", "toezeggingen.jaar", "toezeggingen.openstaand"} <= set(kop)
    assert_probleem(client.get(url, HTTP_ACCEPT="application/xml", **bearer(sleutel)), 406)


def test_a_list_comes_in_pages_linked_by_next(client, stuurgroep):
    sleutel = sleutel_voor(stuurgroep)
    eerste = client.get("/api/v1/toezeggingen?paginaGrootte=3", **bearer(sleutel))
    inhoud = eerste.json()
    assert inhoud["pagina"] == 1 and inhoud["paginaGrootte"] == 3 and inhoud["links"]["prev"] is None
    assert inhoud["links"]["next"].endswith("/api/v1/toezeggingen?paginaGrootte=3&pagina=2")
    assert f'<{inhoud["links"]["next"]}>; rel="next"' in eerste["Link"]
    rijen = alle_rijen(client, "/api/v1/toezeggingen?paginaGrootte=3", **bearer(sleutel))
    assert len(rijen) == inhoud["aantal"] == len({r["id"] for r in rijen})
    assert inhoud["aantal"] == Toezegging.objects.voor_regio(stuurgroep.leerwerkloket).telt().count()
    assert_probleem(client.get("/api/v1/toezeggingen?pagina=999", **bearer(sleutel)), 404)


def test_every_use_of_a_key_is_in_the_audit_trail(client, stuurgroep):
    sleutel = sleutel_voor(stuurgroep)
    client.get(f"/api/v1/toezeggingen?jaar={JAAR}", **bearer(sleutel))
    client.get("/api/v1/toezeggingen/0", **basic(sleutel))
    client.get("/api/v1/regios", **bearer("lwl_niet-bestaand"))
    client.get("/api/v1/toezeggingen/", **bearer(sleutel))  # a trailing slash: 404, and still a use
    regels = list(Auditregel.objects.order_by("-pk")[:4])[::-1]
    assert regels[0].gebruiker == stuurgroep and regels[0].actie == Auditregel.Actie.EXPORT
    assert f"API GET /api/v1/toezeggingen?jaar={JAAR} met sleutel “Power BI” (" in regels[0].omschrijving
    assert regels[0].omschrijving.endswith(": 200")
    assert regels[1].omschrijving.endswith(": 404")
    assert regels[2].actie == Auditregel.Actie.INLOGGEN_MISLUKT and "onbekende sleutel" in regels[2].omschrijving
    assert (
        regels[3].omschrijving.startswith("API GET /api/v1/toezeggingen/ met sleutel")
        and "404" in regels[3].omschrijving
    )
    assert ApiSleutel.objects.get(gebruiker=stuurgroep).laatst_gebruikt_op is not None


def test_requests_per_key_are_limited(client, stuurgroep, settings):
    settings.API_VERZOEKEN_PER_MINUUT = 3
    sleutel, ander = sleutel_voor(stuurgroep), sleutel_voor(stuurgroep)
    with time_machine.travel(timezone.now().replace(second=5), tick=False):
        assert [client.get("/api/v1/regios", **bearer(sleutel)).status_code for _ in range(3)] == [200] * 3
        inhoud = assert_probleem(client.get("/api/v1/regios", **bearer(sleutel)), 429)
        assert "3 keer per minuut" in inhoud["detail"]
        assert client.get("/api/v1/regios", **bearer(sleutel))["Retry-After"] == "55"
        assert client.get("/api/v1/regios", **bearer(ander)).status_code == 200  # per key
    with time_machine.travel(timezone.now().replace(second=5) + datetime.timedelta(minutes=1), tick=False):
        assert client.get("/api/v1/regios", **bearer(sleutel)).status_code == 200


def test_the_openapi_document_is_readable_without_a_key(client):
    antwoord = client.get("/api/v1/openapi.json")
    assert antwoord.status_code == 200
    document = json.loads(antwoord.content)
    assert document["info"]["version"] == "1.0.0" and document["info"]["contact"]["email"]
    assert "Bedragen zijn tekst" in document["info"]["description"]
    assert document["servers"] == [{"url": "/api/v1", "description": "Deze server"}]
    assert set(document["paths"]) >= {"/toezeggingen", "/landelijk-overzicht", "/afspraken/{id}"}
    parameters = {p["name"] for p in document["paths"]["/toezeggingen"]["get"]["parameters"]}
    assert parameters == {"pagina", "paginaGrootte", "regio", "jaar", "financier"}
    eigenschappen = document["components"]["schemas"]["Toezegging"]["properties"]
    assert eigenschappen["bedragGeld"]["type"] == "string" and "financierNaam" in eigenschappen


def test_a_national_key_reads_every_region_and_the_national_overview(client, demo):
    landelijk = Gebruiker.objects.get(username="landelijk")
    sleutel = sleutel_voor(landelijk)
    inhoud = client.get(f"/api/v1/landelijk-overzicht?jaar={JAAR}", **bearer(sleutel)).json()
    overzicht = landelijk_overzicht(JAAR)
    rij = overzicht.rijen[0]
    assert len(inhoud["resultaten"]) == len(overzicht.rijen)
    assert (inhoud["resultaten"][0]["regio"], inhoud["resultaten"][0]["ongedekt"]) == (rij.slug, f"{rij.ongedekt:.2f}")
    assert inhoud["totalen"]["begroot"] == f"{overzicht.begroot:.2f}"
    assert inhoud["jaar"] == JAAR
    # The national role reads every region, one at a time with `regio`.
    twente = client.get(f"/api/v1/toezeggingen?jaar={JAAR}&regio=twente", **bearer(sleutel)).json()
    assert twente["aantal"] > 0 and {r["regio"] for r in twente["resultaten"]} == {"twente"}
    assert client.get("/api/v1/toezeggingen?regio=achterhoek", **bearer(sleutel)).json()["aantal"] == 0


# -- the keys page -----------------------------------------------------------------------------
def test_the_keys_page_makes_a_key_shown_once_and_revokes_it(client, stuurgroep):
    client.force_login(stuurgroep)
    home = client.get(reverse("home")).text
    assert '<small><a href="/api-sleutels/">API-sleutels</a></small>' in home
    pagina = client.post(reverse("api_sleutels:lijst"), {"naam": "Excel", "dagen": "30"})
    sleutel = Pagina(pagina.text).tekst("nieuwe-sleutel")
    assert sleutel.startswith("lwl_")
    assert sleutel not in client.get(reverse("api_sleutels:lijst")).text  # shown once
    tabel = Pagina(client.get(reverse("api_sleutels:lijst")).text).tabel("Naam", "Stand")
    assert tabel.rij("Excel")["Stand"] == "geldig"
    client.logout()
    assert client.get("/api/v1/regios", **bearer(sleutel)).status_code == 200

    client.force_login(stuurgroep)
    api_sleutel = ApiSleutel.objects.get(naam="Excel")
    client.post(reverse("api_sleutels:intrekken", args=[api_sleutel.pk]))
    assert (
        Pagina(client.get(reverse("api_sleutels:lijst")).text).tabel("Naam", "Stand").rij("Excel")["Stand"]
        == "ingetrokken"
    )
    client.logout()
    assert_probleem(client.get("/api/v1/regios", **bearer(sleutel)), 401)


def test_the_keys_page_refuses_a_key_without_a_name_and_another_users_key_is_404(client, stuurgroep):
    client.force_login(stuurgroep)
    antwoord = client.post(reverse("api_sleutels:lijst"), {"naam": " ", "dagen": "30"})
    assert "Dit veld is verplicht." in antwoord.text or "Geef de sleutel een naam" in antwoord.text
    assert not ApiSleutel.objects.exists()
    ander = GebruikerFactory(username="ander", leerwerkloket=stuurgroep.leerwerkloket, rollen=[Rol.FINANCIEN])
    van_ander, _ = api_sleutel_maken(gebruiker=ander, naam="Van een ander", dagen=30)
    assert client.post(reverse("api_sleutels:intrekken", args=[van_ander.pk])).status_code == 404


def test_the_command_refuses_an_unknown_user_and_too_long_a_key(stuurgroep):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="Er is geen gebruiker 'niemand'"):
        call_command("api_sleutel", "--gebruiker", "niemand")
    with pytest.raises(CommandError, match="1 tot 365 dagen"):
        call_command("api_sleutel", "--gebruiker", "stuurgroep", "--dagen", "400")


def test_a_hostile_key_name_is_shown_escaped(client, stuurgroep):
    client.force_login(stuurgroep)
    naam = "<script>alert('x')</script>"
    html = client.post(reverse("api_sleutels:lijst"), {"naam": naam, "dagen": "30"}).content.decode()
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html and naam not in html


@pytest.mark.parametrize(
    "lijst", ["toezeggingen", "afspraken", "facturen", "jaarplannen", "activiteiten", "financiers"]
)
def test_a_page_costs_the_same_queries_however_many_rows(client, stuurgroep, lijst):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    sleutel = sleutel_voor(stuurgroep)
    tellingen = []
    for grootte in (1, 1000):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"/api/v1/{lijst}?paginaGrootte={grootte}", **bearer(sleutel)).status_code == 200
        tellingen.append(len(queries))
    assert tellingen[0] == tellingen[1] <= 12, tellingen
