from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from kern.money import format_euro
from partners.models import Gebruiker, Leerwerkloket
from rapportage.importeren.realisatie import import_analyseren, import_doorvoeren, import_voorbereiden


class Command(BaseCommand):
    help = (
        "Leest de werkelijke kosten in uit een export van de boekhouding (.xlsx, .xls of .csv), met dezelfde "
        "regels als de importpagina: alles of niets. Toont elke foute regel en eindigt dan met een foutcode."
    )

    def add_arguments(self, parser):
        parser.add_argument("bestand", help="het bestand uit de boekhouding")
        parser.add_argument("--regio", required=True, help="het leerwerkloket (slug), bijvoorbeeld twente")
        parser.add_argument(
            "--jaar", type=int, help="het jaar van het jaarplan; zonder: het jaar van de eerste boeking"
        )
        parser.add_argument("--door", help="gebruikersnaam die in de geschiedenis komt te staan")
        parser.add_argument("--dry-run", action="store_true", help="alleen controleren; er wordt niets ingelezen")

    def handle(self, *args, bestand, regio, jaar=None, door=None, dry_run=False, **options):
        pad = Path(bestand)
        if not pad.is_file():
            raise CommandError(f"Het bestand {bestand} bestaat niet.")
        leerwerkloket = Leerwerkloket.objects.filter(slug=regio).first()
        if leerwerkloket is None:
            raise CommandError(f"Er is geen leerwerkloket '{regio}'.")
        gebruiker = None
        if door:
            gebruiker = Gebruiker.objects.filter(username=door, leerwerkloket=leerwerkloket).first()
            if gebruiker is None:
                raise CommandError(f"Er is geen gebruiker '{door}' bij {leerwerkloket}.")

        try:
            with transaction.atomic():
                batch = import_voorbereiden(
                    leerwerkloket=leerwerkloket,
                    bestandsnaam=pad.name,
                    inhoud=pad.read_bytes(),
                    door=gebruiker,
                    jaar=jaar,
                )
                analyse = import_analyseren(batch)
                self.toon(analyse)
                if analyse.fouten:
                    raise CommandError(f"{len(analyse.fouten)} fout(en); er is niets ingelezen.")
                if dry_run:
                    transaction.set_rollback(True)
                    self.stdout.write(
                        f"Controle geslaagd: {len(analyse.regels)} regels; er is niets ingelezen (--dry-run)."
                    )
                    return
                batch = import_doorvoeren(batch=batch, door=gebruiker)
        except ValidationError as fout:
            raise CommandError(" ".join(fout.messages)) from fout
        self.stdout.write(
            f"Ingelezen als import {batch.pk}: {batch.aantal_regels} regels, {format_euro(batch.totaal)} "
            f"in jaarplan {batch.jaar}."
        )

    def toon(self, analyse):
        for rijnummer, tekst in analyse.fouten:
            self.stderr.write(f"Rij {rijnummer}: {tekst}" if rijnummer else tekst)
        for rijnummer, tekst in analyse.overgeslagen:
            self.stdout.write(f"Rij {rijnummer}: {tekst}")
        for activiteit, aantal, totaal in analyse.totalen_per_activiteit():
            self.stdout.write(f"  {activiteit.naam}: {aantal} regels, {format_euro(totaal)}")
