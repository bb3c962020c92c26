"""The real queue behind a long export: the request only records the job and `manage.py db_worker`
makes the file. In a module of its own: the demo fixture of the other export tests keeps a
transaction open for its whole module, and the worker, which closes old connections as it starts,
would close the connection inside it (on PostgreSQL: "the connection is closed")."""

import io

import openpyxl
import pytest
from django.core.management import call_command
from django.urls import reverse

from exports.models import Exporttaak
from partners.roles import Rol
from tests.factories import GebruikerFactory


def _inhoud(antwoord) -> bytes:
    return b"".join(antwoord.streaming_content) if antwoord.streaming else antwoord.content


@pytest.mark.django_db(transaction=True)
def test_the_database_queue_worker_makes_the_file_and_the_page_shows_the_progress_until_then(
    client, settings, tmp_path, twente
):
    """The real queue: the request only records the job; `manage.py db_worker` makes the file."""
    from tests.geldstroom import geldstroom

    geldstroom(twente)
    settings.MEDIA_ROOT = tmp_path
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    settings.EXPORT_ACHTERGROND_VANAF = 1
    fin = GebruikerFactory(username="fin", leerwerkloket=twente, rollen=[Rol.FINANCIEN])
    client.force_login(fin)

    antwoord = client.get(reverse("exports:lijst", args=["toezeggingen", "xlsx"]))

    taak = Exporttaak.objects.get()
    pagina = client.get(antwoord["Location"]).content.decode()
    assert "wordt op de achtergrond gemaakt: wacht op zijn beurt" in pagina
    assert '<progress id="voortgang" max="100" value="0">' in pagina
    assert f"0 van {taak.rijen_totaal} rijen" in pagina
    assert 'http-equiv="refresh"' in pagina
    assert client.get(reverse("exports:taak_downloaden", args=[taak.pk])).status_code == 404

    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)

    pagina = client.get(antwoord["Location"]).content.decode()
    assert "De export is klaar" in pagina
    blad = openpyxl.load_workbook(
        io.BytesIO(_inhoud(client.get(reverse("exports:taak_downloaden", args=[taak.pk]))))
    ).worksheets[0]
    assert blad["A2"].value == "Financier"
    assert blad.max_row == taak.rijen_totaal + 3
