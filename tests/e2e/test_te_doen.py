"""Each role's home page is its to-do list (issue 24): opened in the browser on five days of the
cycle, with the demo as it stands on each day, every role sees its own items and not another's."""

import datetime

import pytest
from django.conf import settings
from playwright.sync_api import expect

from demo.twente import load_demo_data
from tests.conftest import op_dag

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
D = datetime.date

# Per day and role: what the to-do list shows, and what it must not show.
DAGEN = {
    D(2026, 9, 15): {
        "projectleider": (
            [
                "Stuurgroeprapport vastleggen voor de vergadering van 24-09-2026",
                "Jaarplan 2027 maken",
                "Ministerie van SZW: subsidie 2027 vastleggen",
                "UWV: afspraak 2022–2026 verlengen",
            ],
            ["is verlopen"],
        ),
        "stuurgroep": (["Stuurgroepvergadering 24-09-2026", "UWV: afspraak 2022–2026 verlengen"], ["Jaarplan 2027"]),
        "financien": (["Factuur LWT-2026-009 van Veertien Twentse gemeenten is verlopen"], ["verlengen"]),
    },
    D(2026, 12, 7): {
        "projectleider": (
            ["Jaarplan 2027 maken", "Stuurgroeprapport vastleggen voor de vergadering van 10-12-2026"],
            [],
        ),
        "stuurgroep": (["Veertien Twentse gemeenten: afspraak 2022–2026 verlengen"], ["is verlopen"]),
        "financien": (["Factuur LWT-2026-012 van Veertien Twentse gemeenten is verlopen"], ["Jaarplan"]),
    },
    D(2027, 1, 2): {
        "projectleider": ([], ["verlengen", "Jaarplan 2027 maken"]),
        "stuurgroep": ([], ["verlengen"]),
        "financien": (["UWV: factuur 2027, termijn 1 van 4"], []),
    },
    D(2027, 3, 1): {
        "projectleider": (["Stuurgroeprapport vastleggen voor de vergadering van 12-03-2027"], []),
        "stuurgroep": (["Stuurgroepvergadering 12-03-2027"], ["factuur"]),
        "financien": (["Factuur LWT-2027-003 van Veertien Twentse gemeenten is verlopen"], ["Stuurgroep"]),
    },
    D(2027, 7, 1): {
        "projectleider": (["Verantwoording 2026 aan Ministerie van SZW"], ["termijn 3 van 4"]),
        "stuurgroep": ([], ["Verantwoording"]),
        "financien": (["Verantwoording 2026 aan Ministerie van SZW", "UWV: factuur 2027, termijn 3 van 4"], []),
    },
}


@pytest.mark.parametrize("dag", list(DAGEN), ids=str)
def test_each_roles_home_page_lists_what_is_due_on_the_day(inloggen, page, live_server, transactional_db, dag):
    with op_dag(dag):
        load_demo_data()
        for gebruiker, (wel, niet) in DAGEN[dag].items():
            page.context.clear_cookies()
            inloggen(gebruiker, settings.DEMO_PASSWORD)
            lijst = page.get_by_test_id("te-doen")
            expect(lijst).to_be_visible()
            for tekst in wel:
                expect(lijst.locator("strong", has_text=tekst)).to_be_visible()
            for tekst in niet:
                expect(lijst.get_by_text(tekst)).to_have_count(0)
            if not wel:
                expect(lijst.get_by_text("Er is op dit moment niets voor u te doen.")).to_be_visible()
            # Each item's action opens its page.
            rijen = lijst.locator("tbody tr")
            if rijen.count():
                link = rijen.first.get_by_role("link")
                href = link.get_attribute("href")
                link.click()
                page.wait_for_url(f"{live_server.url}{href.split('?')[0]}*")
