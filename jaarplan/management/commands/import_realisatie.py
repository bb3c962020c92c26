from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from jaarplan.importeren.realisatie import (
    import_analyseren,
    import_doorvoeren,
    import_voorbereiden,
)
from jaarplan.models import Activiteit, Kostenplaatskoppeling, Kostensoort
from jaarplan.services import kostenplaatskoppelingen_opslaan
from kern.money import format_euro
from partners.management.invoer import bestand_van, gebruiker_van, regio_van

MAX_FOUTEN = 50


class Command(BaseCommand):
    help = (
        "Leest de werkelijke kosten in uit een export van de boekhouding (.xlsx, .xls of .csv), met dezelfde "
        "regels als de importpagina: alles of niets. Toont elke foute regel en eindigt dan met een foutcode."
    )

    def add_arguments(self, parser):
        parser.add_argument("bestand", nargs="?", help="het bestand uit de boekhouding (weg te laten met --koppel)")
        parser.add_argument("--regio", required=True, help="het leerwerkloket (slug), bijvoorbeeld twente")
        parser.add_argument(
            "--jaar", type=int, help="het jaar van het jaarplan; zonder: het jaar van de eerste boeking"
        )
        parser.add_argument("--door", help="gebruikersnaam die in de geschiedenis komt te staan")
        parser.add_argument("--dry-run", action="store_true", help="alleen controleren; er wordt niets ingelezen")
        parser.add_argument(
            "--koppel",
            action="append",
            default=[],
            metavar="KOSTENPLAATS=ACTIVITEIT:KOSTENSOORT",
            help="koppel een kostenplaats aan een activiteit (code) en kostensoort, bijvoorbeeld "
            "0410=loketfunctie:personeel; mag vaker; wordt onthouden voor volgende imports",
        )
        parser.add_argument(
            "--max-rijen",
            type=int,
            help=f"hoeveel regels een bestand ten hoogste mag hebben (standaard {settings.IMPORT_MAX_RIJEN})",
        )
        parser.add_argument(
            "--dubbele-behouden",
            action="store_true",
            help="boekingen die een eerdere import al bevat tóch inlezen (standaard: weglaten)",
        )

    def handle(
        self,
        *args,
        bestand=None,
        regio,
        jaar=None,
        door=None,
        dry_run=False,
        koppel=(),
        max_rijen=None,
        dubbele_behouden=False,
        **options,
    ):
        leerwerkloket = regio_van(regio)
        if max_rijen is not None and max_rijen < 1:
            raise CommandError("--max-rijen moet een positief getal zijn.")
        if koppel:
            self.koppelen(leerwerkloket, koppel)
        if bestand is None:
            if not koppel:
                raise CommandError("Geef een bestand om in te lezen, of --koppel.")
            return
        pad = bestand_van(bestand)
        gebruiker = gebruiker_van(door, leerwerkloket)

        try:
            with transaction.atomic():
                batch = import_voorbereiden(
                    leerwerkloket=leerwerkloket,
                    bestandsnaam=pad.name,
                    inhoud=pad.read_bytes(),
                    door=gebruiker,
                    jaar=jaar,
                    max_rijen=max_rijen,
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
                batch = import_doorvoeren(batch=batch, door=gebruiker, dubbele_behouden=dubbele_behouden)
        except ValidationError as fout:
            raise CommandError(" ".join(fout.messages)) from fout
        weggelaten = f"; {batch.weggelaten} al eerder ingelezen regels weggelaten" if batch.weggelaten else ""
        self.stdout.write(
            f"Ingelezen als import {batch.pk}: {batch.aantal_regels} regels, {format_euro(batch.totaal)} "
            f"in jaarplan {batch.jaar}{weggelaten}."
        )

    def koppelen(self, leerwerkloket, opdrachten):
        """Each --koppel KOSTENPLAATS=ACTIVITEIT:KOSTENSOORT, checked by the model's rules first."""
        codes = set(Activiteit.objects.voor_regio(leerwerkloket).values_list("code", flat=True))
        koppelingen = {}
        for opdracht in opdrachten:
            kostenplaats, _, rest = opdracht.partition("=")
            code, _, kostensoort = rest.partition(":")
            kostenplaats, code, kostensoort = kostenplaats.strip(), code.strip(), kostensoort.strip()
            if not (kostenplaats and code and kostensoort):
                raise CommandError(
                    f"--koppel {opdracht}: schrijf KOSTENPLAATS=ACTIVITEIT:KOSTENSOORT, "
                    "bijvoorbeeld 0410=loketfunctie:personeel."
                )
            if code not in codes:
                raise CommandError(f"--koppel {opdracht}: {leerwerkloket} heeft geen activiteit '{code}'.")
            if kostensoort not in Kostensoort.values:
                raise CommandError(
                    f"--koppel {opdracht}: '{kostensoort}' is geen kostensoort; "
                    f"kies uit {', '.join(Kostensoort.values)}."
                )
            try:
                koppeling = Kostenplaatskoppeling(leerwerkloket=leerwerkloket, kostenplaats=kostenplaats)
                koppeling.activiteit_code, koppeling.kostensoort = code, kostensoort
                koppeling.full_clean(validate_unique=False)
            except ValidationError as fout:
                raise CommandError(f"--koppel {opdracht}: {' '.join(fout.messages)}") from fout
            koppelingen[kostenplaats] = (code, kostensoort)
        kostenplaatskoppelingen_opslaan(leerwerkloket=leerwerkloket, koppelingen=koppelingen)
        for kostenplaats, (code, kostensoort) in koppelingen.items():
            self.stdout.write(f"Kostenplaats {kostenplaats} gekoppeld aan {code} ({Kostensoort(kostensoort).label}).")

    def toon(self, analyse):
        for rijnummer, tekst in analyse.fouten[:MAX_FOUTEN]:
            self.stderr.write(f"Rij {rijnummer}: {tekst}" if rijnummer else tekst)
        if len(analyse.fouten) > MAX_FOUTEN:
            self.stderr.write(f"En nog {len(analyse.fouten) - MAX_FOUTEN} fout(en), niet getoond.")
        for tekst in analyse.al_ingelezen():
            self.stdout.write(tekst)
        for rijnummer, tekst in analyse.overgeslagen:
            self.stdout.write(f"Rij {rijnummer}: {tekst}")
        for activiteit, aantal, totaal in analyse.totalen_per_activiteit():
            self.stdout.write(f"  {activiteit.naam}: {aantal} regels, {format_euro(totaal)}")
