from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from financiering.bankimport.bank import Voorsteller, bankafschrift_inlezen
from kern.money import format_euro
from partners.management.invoer import bestand_van, gebruiker_van, regio_van


class Command(BaseCommand):
    help = (
        "Leest de ontvangsten uit een bankafschrift in (CSV of Excel van ING, Rabobank, ABN AMRO of Triodos, "
        "CAMT.053 of MT940), met dezelfde regels als de bankpagina: alles of niets, een regel die al bekend is "
        "komt er niet nog eens bij, en er wordt niets geboekt. Toont per nieuwe ontvangst het voorstel. "
        "Eindigt met een foutcode als het bestand fouten heeft."
    )

    def add_arguments(self, parser):
        parser.add_argument("bestand", help="het bankafschrift")
        parser.add_argument("--regio", required=True, help="het leerwerkloket (slug), bijvoorbeeld twente")
        parser.add_argument("--door", help="gebruikersnaam die in de geschiedenis komt te staan")
        parser.add_argument("--dry-run", action="store_true", help="alleen controleren; er wordt niets ingelezen")

    def handle(self, *args, bestand, regio, door=None, dry_run=False, **options):
        pad = bestand_van(bestand)
        leerwerkloket = regio_van(regio)
        gebruiker = gebruiker_van(door, leerwerkloket)
        try:
            with transaction.atomic():
                inlezing = bankafschrift_inlezen(
                    leerwerkloket=leerwerkloket, bestandsnaam=pad.name, inhoud=pad.read_bytes(), door=gebruiker
                )
                voorsteller = Voorsteller(leerwerkloket)
                ontvangsten = voorsteller.ontvangsten(inlezing.regels)
                for regel in inlezing.regels:
                    wat = self._voorstel(voorsteller, ontvangsten, regel)
                    self.stdout.write(
                        f"  {regel.datum:%d-%m-%Y} {format_euro(regel.bedrag)} van {regel.tegenpartij or '?'}: {wat}"
                    )
                if dry_run:
                    transaction.set_rollback(True)
        except ValidationError as fout:
            for melding in fout.messages:
                self.stderr.write(melding)
            raise CommandError("Het bankafschrift heeft fouten; er is niets ingelezen.") from fout
        slot = " Er is niets ingelezen (--dry-run)." if dry_run else " Boek ze op de bankpagina."
        self.stdout.write(f"{inlezing.formaat}: {inlezing.samenvatting()}{slot}")

    @staticmethod
    def _voorstel(voorsteller, ontvangsten, regel) -> str:
        if regel.terugboeking:
            ontvangst = ontvangsten.get(regel.pk)
            if ontvangst is None:
                return "terugboeking; geen ontvangst gevonden die zij ongedaan maakt"
            status = ontvangst.get_status_display().lower()
            return f"terugboeking van de ontvangst van {ontvangst.datum:%d-%m-%Y} ({status})"
        voorstel = voorsteller.voorstel(regel)
        if voorstel:
            return f"factuur {voorstel.factuur.nummer} ({voorstel.reden})"
        bezwaar = voorsteller.bezwaar(regel)
        return f"geen voorstel: {bezwaar}" if bezwaar else "geen voorstel"
