"""A huge integer in every query parameter of every page, and in every number of a page's path,
for every role, the sign-in steps included (issue 27: `?next=99999999999999999999` on the code
page was a server error, because `redirect()` took it for the name of a URL pattern). Each page
answers with itself, a refusal, a redirect or "niet gevonden": never a server error. The pages are
found in the URLconf, so a new page is covered without being named here."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from kern.models import AuthenticatorApp
from kern.tweestaps import reservecodes_maken

pytestmark = [pytest.mark.django_db, pytest.mark.matrix]

GROOT = "99999999999999999999"
PARAMETERS = ["next", "jaar", "regio", "page", "per_page", "pk", "id", "financier", "van", "tot", "basisjaar", "x"]
QUERY = "&".join(f"{p}={GROOT}" for p in PARAMETERS)
ZONDER = {"logout", "admin:logout"}  # signs out: nothing to read


def _paginas(patronen=None, voorvoegsel="", namespace=""):
    """(name, arguments) of every named page outside the admin, its numbers the huge integer."""
    for patroon in get_resolver().url_patterns if patronen is None else patronen:
        if isinstance(patroon, URLResolver):
            if patroon.namespace == "admin":
                continue
            ruimte = f"{namespace}{patroon.namespace}:" if patroon.namespace else namespace
            yield from _paginas(patroon.url_patterns, voorvoegsel, ruimte)
        elif isinstance(patroon, URLPattern) and patroon.name:
            naam = f"{namespace}{patroon.name}"
            if naam in ZONDER:
                continue
            omzetters = patroon.pattern.converters
            soorten = {k: type(o).__name__ for k, o in omzetters.items()}
            if set(soorten.values()) <= {"IntConverter", "StringConverter", "SlugConverter"}:
                yield naam, {k: GROOT if soort == "IntConverter" else "x" for k, soort in soorten.items()}


PAGINAS = sorted(_paginas())


# The stuurgroep reads a part of what the projectleider reads; these three reach every page.
@pytest.mark.parametrize("rol", ["projectleider", "financien", "landelijk"])
def test_a_huge_integer_in_any_parameter_or_path_of_any_page_is_no_server_error(client, request, rol):
    client.force_login(request.getfixturevalue(rol))
    client.raise_request_exception = False
    fouten = []
    for naam, argumenten in PAGINAS:
        adres = reverse(naam, kwargs=argumenten)
        for methode in (client.get, client.post):
            antwoord = methode(f"{adres}?{QUERY}", dict.fromkeys(PARAMETERS, GROOT))
            if antwoord.status_code >= 500:
                fouten.append((methode.__name__, adres, antwoord.status_code))
    assert not fouten, fouten


@pytest.mark.parametrize("stap", ["login", "admin:login", "tweestaps_code", "tweestaps_instellen"])
@pytest.mark.parametrize("waarde", [GROOT, "-" + GROOT, "9" * 400, "/" + "9" * 3000, "javascript:alert(1)", "\x00"])
def test_a_hostile_next_at_every_sign_in_step_goes_home_or_stays(client, projectleider, stap, waarde):
    """Both steps, with the password and then a good backup code, each with the hostile `next`
    (and the same in another parameter): the user ends at a page of the app, never a 500."""
    client.raise_request_exception = False
    AuthenticatorApp.objects.create(user=projectleider, name="Authenticator-app", confirmed=True)
    code = reservecodes_maken(projectleider)[0]
    query = f"?next={waarde}&jaar={waarde}"

    aanmelden = client.post(
        reverse("login") + query, {"username": "jenny", "password": "wachtwoord-voor-tests", "next": waarde}
    )
    assert aanmelden.status_code in (200, 302), aanmelden.status_code
    pagina = client.get(reverse(stap) + query)
    assert pagina.status_code in (200, 302), pagina.status_code
    doorgaan = client.post(reverse("tweestaps_code") + query, {"code": code, "next": waarde})

    assert doorgaan.status_code == 302
    assert doorgaan["Location"] == reverse("home")
    assert client.get(reverse("home")).status_code == 200


@pytest.mark.parametrize("terug", [GROOT, "9" * 400, "/" + "9" * 3000, "//kwaad.example/", "\x00", ""])
@pytest.mark.parametrize("jaar", [2022, int(GROOT)])
def test_carrying_on_a_grant_with_a_hostile_return_address_goes_back_to_the_agreement(
    client, projectleider, twente, terug, jaar
):
    """The one-click form of a structural grant ("SZW 2022 vastleggen") posts where to go back to:
    a huge integer there was tried as the name of a URL pattern (issue 27)."""
    from decimal import Decimal

    from tests.factories import PartnerFactory, SubsidieAfspraakFactory, ToezeggingFactory

    szw = SubsidieAfspraakFactory(leerwerkloket=twente, financier=PartnerFactory(leerwerkloket=twente, naam="SZW"))
    ToezeggingFactory(afspraak=szw, jaar=2021, bedrag_geld=Decimal("100000.00"))
    client.force_login(projectleider)
    client.raise_request_exception = False

    antwoord = client.post(reverse("afspraken:doorzetten", args=[szw.pk, jaar]), {"terug": terug})

    assert antwoord.status_code == 302
    assert antwoord["Location"] == reverse("afspraken:detail", args=[szw.pk])
    assert szw.toezeggingen.count() == (2 if jaar == 2022 else 1)
