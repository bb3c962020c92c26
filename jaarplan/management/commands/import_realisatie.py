from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from jaarplan.importeren.kolommen import VELD_LABELS
from jaarplan.importeren.realisatie import (
    NAAST,
    VERVANGEN,
    import_analyseren,
    import_doorvoeren,
    import_voorbereiden,
    kolommen_op_naam,
)
from jaarplan.models import Activiteit, Kostenplaatskoppeling, Kostensoort
from jaarplan.services import kostenplaatskoppelingen_opslaan
from kern.money import format_euro
from partners.management.invoer import bestand_van, gebruiker_van, regio_van

MAX_FOUTEN = 50


class Command(BaseCommand):
    help = (
        "Leest de werkelijke kosten in uit een export van de boekhouding (.xlsx, .xls of .csv) of een XAF 3.2-"
        "auditfile (.xaf), met dezelfde regels als de importpagina: alles of niets. Toont elke foute regel en eindigt "
        "dan met een foutcode; --dry-run eindigt met het aantal regels en het totaal dat zou worden ingelezen."
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
        parser.add_argument(
            "--kolom",
            action="append",
            default=[],
            metavar="VELD=KOLOMNAAM,...",
            help="welke kolom wat bevat, als de kolommen niet worden herkend, bijvoorbeeld "
            "datum=Boekstukdatum,bedrag=Bedrag,kostenplaats=Kpl; velden: " + ", ".join(VELD_LABELS) + "; wordt "
            "onthouden voor volgende bestanden met dezelfde kopregel",
        )
        handmatig = parser.add_mutually_exclusive_group()
        handmatig.add_argument(
            "--vervang-handmatig",
            action="store_true",
            help="met de hand geboekte kosten in de periode van het bestand, op dezelfde kostenplaatsen, vervangen "
            "door de import",
        )
        handmatig.add_argument(
            "--naast-handmatig",
            action="store_true",
            help="met de hand geboekte kosten in de periode van het bestand laten staan naast de import",
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
        kolom=(),
        vervang_handmatig=False,
        naast_handmatig=False,
        **options,
    ):
        leerwerkloket = regio_van(regio)
        namen = self.kolomnamen(kolom)
        handmatig = VERVANGEN if vervang_handmatig else NAAST if naast_handmatig else None
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
                if namen:
                    batch = kolommen_op_naam(batch=batch, namen=namen, door=gebruiker)
                    onthouden = "" if dry_run else ", onthouden voor volgende bestanden met deze kopregel"
                    self.stdout.write(f"Kolomindeling met rij {batch.kopregel} als kopregel{onthouden}.")
                elif batch.bron:
                    self.stdout.write(f"Herkend als: {batch.bron}.")
                elif not batch.kolommen:
                    raise CommandError(
                        f"In dit bestand staan geen herkenbare kolommen (kopregel vermoedelijk rij {batch.kopregel}). "
                        "Zeg met --kolom welke kolom wat bevat, bijvoorbeeld "
                        "--kolom datum=Boekstukdatum,bedrag=Bedrag,kostenplaats=Kostenplaats; dat wordt onthouden."
                    )
                analyse = import_analyseren(batch)
                self.toon(analyse)
                if analyse.fouten:
                    raise CommandError(f"{len(analyse.fouten)} fout(en); er is niets ingelezen.")
                if analyse.handmatig_aantal:
                    self.stdout.write(analyse.handmatig_tekst())
                    if handmatig is None and not dry_run:
                        raise CommandError(
                            "Er is niets ingelezen. Zeg wat er met de met de hand geboekte kosten moet gebeuren: "
                            "--vervang-handmatig (de import vervangt ze) of --naast-handmatig (ze blijven naast de "
                            "import staan)."
                        )
                if dry_run:
                    transaction.set_rollback(True)
                    if analyse.handmatig_aantal and handmatig is None:
                        self.stdout.write(
                            "Inlezen vraagt --vervang-handmatig of --naast-handmatig; zonder wordt het geweigerd."
                        )
                    self.stdout.write(
                        "Controle geslaagd, er is niets ingelezen (--dry-run). Zou inlezen: "
                        f"{analyse.samenvatting(dubbele_behouden)}."
                    )
                    return
                batch = import_doorvoeren(
                    batch=batch, door=gebruiker, dubbele_behouden=dubbele_behouden, handmatig=handmatig
                )
        except ValidationError as fout:
            raise CommandError(" ".join(fout.messages)) from fout
        weggelaten = f"; {batch.weggelaten} al eerder ingelezen regels weggelaten" if batch.weggelaten else ""
        vervangen = f"; {batch.vervangen} met de hand geboekte regels vervangen" if batch.vervangen else ""
        self.stdout.write(
            f"Ingelezen als import {batch.pk}: {batch.aantal_regels} regels, {format_euro(batch.totaal)} "
            f"in jaarplan {batch.jaar}{weggelaten}{vervangen}."
        )

    def kolomnamen(self, opdrachten) -> dict[str, str]:
        """Each --kolom VELD=KOLOMNAAM[,VELD=KOLOMNAAM...] as {veld: kolomnaam}."""
        namen = {}
        for opdracht in opdrachten:
            for deel in opdracht.split(","):
                veld, _, naam = deel.partition("=")
                veld, naam = veld.strip().lower(), naam.strip()
                if veld not in VELD_LABELS or not naam:
                    raise CommandError(
                        f"--kolom {deel.strip()}: schrijf VELD=KOLOMNAAM, bijvoorbeeld datum=Boekstukdatum; "
                        f"velden: {', '.join(VELD_LABELS)}."
                    )
                namen[veld] = naam
        return namen

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
        for tekst in analyse.meldingen:
            self.stdout.write(tekst)
        for activiteit, aantal, totaal in analyse.totalen_per_activiteit():
            self.stdout.write(f"  {activiteit.naam}: {aantal} regels, {format_euro(totaal)}")
