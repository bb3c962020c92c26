"""Browser tests: Playwright driving Debian's chromium against Django's live_server."""

import os
import shutil

import pytest

# live_server runs Django in a thread beside Playwright's event loop.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not os.path.exists(CHROMIUM):
        if os.environ.get("REQUIRE_BROWSER"):
            pytest.fail(
                f"REQUIRE_BROWSER is gezet, maar chromium ontbreekt ({CHROMIUM}); installeer het pakket chromium."
            )
        pytest.skip("Geen chromium geïnstalleerd; browsertests overgeslagen (zet REQUIRE_BROWSER om dit te weigeren).")
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture
def inloggen(page, live_server):
    """Sign in through the real login page; returns the page."""

    page.set_default_timeout(10_000)

    def _inloggen(gebruikersnaam: str, wachtwoord: str = "wachtwoord-voor-tests"):
        page.goto(f"{live_server.url}/inloggen/")
        page.get_by_label("Gebruikersnaam").fill(gebruikersnaam)
        page.get_by_label("Wachtwoord").fill(wachtwoord)
        page.get_by_role("button", name="Inloggen").click()
        return page

    return _inloggen
