"""Browser tests: Playwright driving Debian's chromium against Django's live_server."""

import os
import shutil

import pytest

from tests.conftest import DEMO_DATUM, op_dag

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


@pytest.fixture(autouse=True)
def _op_de_dag_van_de_demo():
    """Every browser test runs on the demo's test day (tests/conftest.py), so what it loads and
    what the pages say of "today" do not change with the calendar; a test that wants another day
    travels there itself (`with op_dag(...)`)."""
    with op_dag(DEMO_DATUM):
        yield
