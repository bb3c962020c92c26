"""Reminders by e-mail (issue 24, part 3): `manage.py herinneringen` mails each person one digest
of what became due or overdue for them, each item once; a second run sends nothing; opt-outs hold."""

import datetime
import re

import pytest
from django.core import mail
from django.core.management import call_command

from cyclus import herinneringen
from cyclus.kalender import kalender, voor_gebruiker
from cyclus.models import Soort, VerzondenHerinnering
from cyclus.services import meldingen_kiezen
from partners.models import Gebruiker
from tests.conftest import op_dag

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture(scope="module")
def demo_datum():
    return D(2026, 12, 7)


def _mails_aan(gebruikersnaam):
    adres = Gebruiker.objects.get(username=gebruikersnaam).email
    return [m for m in mail.outbox if m.to == [adres]]


def _punten(bericht) -> list[str]:
    """The items of a digest: its lines that start with "- "."""
    return [regel[2:] for regel in bericht.body.splitlines() if regel.startswith("- ")]


def test_a_second_run_on_the_same_day_sends_nothing(demo, capsys):
    with op_dag(D(2026, 12, 7)):
        call_command("herinneringen")
        eerste = len(mail.outbox)
        call_command("herinneringen")
    assert eerste == 3  # projectleider, stuurgroep, financiën; the beheerder has no items
    assert len(mail.outbox) == 3
    uitvoer = capsys.readouterr().out
    assert "07-12-2026: 3 e-mails met herinneringen verstuurd." in uitvoer
    assert "07-12-2026: 0 e-mails met herinneringen verstuurd." in uitvoer


def test_the_digest_of_finance_staff_names_the_overdue_invoices_in_dutch(demo):
    with op_dag(D(2026, 12, 7)):
        call_command("herinneringen")
    (bericht,) = _mails_aan("financien")
    assert bericht.subject == "Leerwerkloket Twente: 2 punten te doen"
    assert _punten(bericht) == [
        "Factuur LWT-2026-011 van ROC van Twente is verlopen (verlopen sinds 14 november 2026)",
        "Factuur LWT-2026-012 van Veertien Twentse gemeenten is verlopen (verlopen sinds 14 november 2026)",
    ]
    html, soort = bericht.alternatives[0]
    assert soort == "text/html" and "verlopen sinds 14 november 2026" in html
    assert "/cyclus/herinnering/factuur/" in bericht.body


def test_the_projectleiders_digest_lists_the_renewals_and_next_year(demo):
    with op_dag(D(2026, 12, 7)):
        call_command("herinneringen")
    (bericht,) = _mails_aan("projectleider")
    punten = _punten(bericht)
    assert "Jaarplan 2027 maken (verlopen sinds 1 december 2026)" in punten
    assert "UWV: afspraak 2022–2026 verlengen (uiterlijk 31 december 2026)" in punten
    assert "Ministerie van SZW: subsidie 2027 vastleggen (uiterlijk 31 december 2026)" in punten
    assert "Stuurgroeprapport vastleggen voor de vergadering van 10-12-2026 (uiterlijk 9 december 2026)" in punten


def test_a_user_who_chose_none_gets_no_mail_and_one_kind_off_holds(demo):
    meldingen_kiezen(gebruiker=Gebruiker.objects.get(username="financien"), gewild=[])
    alles_behalve_vergadering = [s for s in Soort if s not in (Soort.VERGADERING, Soort.RAPPORT_VASTLEGGEN)]
    meldingen_kiezen(gebruiker=Gebruiker.objects.get(username="stuurgroep"), gewild=alles_behalve_vergadering)
    with op_dag(D(2026, 12, 7)):
        call_command("herinneringen")
    assert _mails_aan("financien") == []
    (bericht,) = _mails_aan("stuurgroep")
    assert not any("vergadering" in p.lower() for p in _punten(bericht))


def test_a_whole_year_day_by_day_sends_every_item_once_and_holds_the_opt_outs(demo, monkeypatch):
    """Every day of 2027, as cron would: each item a user's calendar shows reaches them exactly
    once when it comes up (and once more if it is overdue), and never against their choice."""
    # The calendar of the region and day, as the command reads it: the expected items without
    # computing each day's calendar a second time (it reads nothing the command writes).
    kalenders: dict[tuple[int, datetime.date], list] = {}

    def kalender_onthouden(regio, op):
        kalenders[regio.pk, op] = items = kalender(regio, op)
        return items

    monkeypatch.setattr(herinneringen, "kalender", kalender_onthouden)
    stuurgroep = Gebruiker.objects.get(username="stuurgroep")
    meldingen_kiezen(gebruiker=stuurgroep, gewild=[s for s in Soort if s != Soort.VERGADERING])
    gebruikers = list(Gebruiker.objects.filter(leerwerkloket=demo).exclude(email=""))
    verwacht: dict[tuple[str, str], set[str]] = {}  # (adres, titel) -> {"due", "verlopen"}
    dag = D(2027, 1, 1)
    while dag.year == 2027:
        with op_dag(dag):
            call_command("herinneringen")
            items = kalenders.pop((demo.pk, dag))
            for gebruiker in gebruikers:
                for item in voor_gebruiker(items, gebruiker):
                    if gebruiker == stuurgroep and item.soort == Soort.VERGADERING:
                        continue
                    soorten = verwacht.setdefault((gebruiker.email, item.titel), set())
                    soorten.add("due")
                    if item.verlopen_op(dag):
                        soorten.add("verlopen")
        dag += datetime.timedelta(days=1)

    ontvangen: dict[tuple[str, str], list[str]] = {}
    for bericht in mail.outbox:
        for punt in _punten(bericht):
            titel = re.sub(r" \((verlopen sinds|uiterlijk) .*\)$", "", punt)
            ontvangen.setdefault((bericht.to[0], titel), []).append("verlopen" if "(verlopen sinds" in punt else "due")
    assert set(ontvangen) == set(verwacht)
    for sleutel, keren in ontvangen.items():
        # Once when it came up; once more only if it came up before it was overdue.
        assert len(keren) == len(set(keren)) or keren == ["due", "verlopen"], sleutel
        assert len(keren) <= 2, sleutel
    stuurgroep_mails = [m for m in mail.outbox if m.to == [stuurgroep.email]]
    assert stuurgroep_mails and not any(
        p.startswith("Stuurgroepvergadering") for m in stuurgroep_mails for p in _punten(m)
    )
    # Each mail went once: no person had two digests on one day.
    per_dag = [(m.to[0], m.subject, m.body.splitlines()[2]) for m in mail.outbox]
    assert len(per_dag) == len(set(per_dag))
    # What was recorded as sent is what the mails said: an item first seen overdue is both rows.
    assert VerzondenHerinnering.objects.count() >= sum(len(v) for v in ontvangen.values())
