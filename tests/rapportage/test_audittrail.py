"""The audit trail: every export and import says who did what, and when."""

from io import StringIO

from django.core.management import call_command
from django.urls import reverse

from jaarplan.importeren.realisatie import import_doorvoeren, import_ongedaan_maken, import_voorbereiden
from partners.models import Auditregel
from partners.roles import Rol
from tests.factories import GebruikerFactory, JaarplanFactory
from tests.jaarplan.bestanden import BOEKHOUDING_2018, xlsx


def test_downloading_a_report_is_recorded(client, financien, twente, jaarplan_2018):
    client.force_login(financien)

    client.get(reverse("exports:downloaden", args=["jaaroverzicht"]), {"jaar": 2018})

    regel = Auditregel.objects.get(actie=Auditregel.Actie.EXPORT)
    assert (regel.gebruiker, regel.leerwerkloket) == (financien, twente)
    assert regel.omschrijving == "Jaaroverzicht (jaar 2018)"


def test_a_list_export_is_recorded_with_its_filters(client, projectleider, twente):
    client.force_login(projectleider)

    client.get(reverse("exports:lijst", args=["partners", "csv"]), {"soort": "uwv"})

    regel = Auditregel.objects.get(actie=Auditregel.Actie.EXPORT)
    assert regel.omschrijving == "Lijst Partners als csv; filters: Soort: UWV"


def test_the_command_line_export_is_recorded(twente, tmp_path):
    JaarplanFactory(leerwerkloket=twente, jaar=2018)  # a year without data is refused
    pad = tmp_path / "j.xlsx"
    argumenten = ["--rapport", "jaaroverzicht", "--jaar", "2018", "--regio", "twente", "-o", str(pad)]

    call_command("export_rapport", *argumenten, stdout=StringIO())

    regel = Auditregel.objects.get()
    assert (regel.gebruiker, regel.leerwerkloket) == (None, twente)
    assert regel.omschrijving == f"Jaaroverzicht 2018 via de opdrachtregel naar {pad}"


def test_reading_in_and_undoing_an_import_are_recorded(twente, financien, jaarplan_2018):
    batch = import_voorbereiden(
        leerwerkloket=twente, bestandsnaam="boekingen.xlsx", inhoud=xlsx(BOEKHOUDING_2018), door=financien, jaar=2018
    )
    import_doorvoeren(batch=batch, door=financien)
    import_ongedaan_maken(batch=batch, door=financien)

    assert list(Auditregel.objects.order_by("pk").values_list("actie", "omschrijving")) == [
        ("import", f"Import {batch.pk} ingelezen: boekingen.xlsx, 4 regels, €\u00a026.001,00"),
        ("import", f"Import {batch.pk} ongedaan gemaakt: 4 regels verwijderd"),
    ]


def test_a_regional_beheerder_reads_only_the_own_regions_trail_in_the_admin(client, twente, achterhoek):
    Auditregel.objects.create(actie="export", omschrijving="Twente exporteert", leerwerkloket=twente)
    Auditregel.objects.create(actie="export", omschrijving="Achterhoek exporteert", leerwerkloket=achterhoek)
    beheerder = GebruikerFactory(username="bart", leerwerkloket=twente, rollen=[Rol.BEHEERDER], is_staff=True)
    client.force_login(beheerder)

    pagina = client.get(reverse("admin:partners_auditregel_changelist")).content.decode()

    assert "Twente exporteert" in pagina
    assert "Achterhoek exporteert" not in pagina
