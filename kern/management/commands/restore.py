from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from kern.backup import OngeldigeBackup, database_description, restore_backup


class Command(BaseCommand):
    help = (
        "Zet een backup terug. Eerst wordt het hele archief gecontroleerd (gzip, inhoudsopgave, SHA-256 van elk "
        "bestand); pas daarna wordt alles in de database vervangen door de inhoud van de backup, en worden de "
        "documenten die van de backup. Daarna is iedereen uitgelogd en zijn de reservecodes vervallen."
    )

    def add_arguments(self, parser):
        parser.add_argument("bestand", help="de backup (van manage.py backup of make backup)")
        parser.add_argument("--ja", action="store_true", help="niet om bevestiging vragen")

    def handle(self, *args, bestand, ja=False, **options):
        pad = Path(bestand)
        if not pad.is_file():
            raise CommandError(f"De backup {pad} bestaat niet.")
        database = database_description()
        self.stdout.write(f"Terugzetten in {database}.")
        if (
            not ja
            and self.bevestiging(f"Alles in {database} en alle documenten vervangen door {pad}? Typ ja: ") != "ja"
        ):
            raise CommandError("Niets teruggezet.")
        try:
            restore_backup(pad)
        except OngeldigeBackup as fout:
            raise CommandError(f"Niets teruggezet: {fout}") from fout
        except Exception as fout:
            uitleg = getattr(fout, "stderr", b"") or str(fout)
            raise CommandError(f"Terugzetten is niet gelukt: {uitleg!s}") from fout
        self.stdout.write(
            f"Backup {pad} is teruggezet in {database}: de database en de documenten. Iedereen is uitgelogd; "
            "reservecodes zijn vervallen (nieuwe maken op /inloggen/tweestaps/)."
        )

    @staticmethod
    def bevestiging(vraag: str) -> str:
        try:
            return input(vraag).strip().lower()
        except EOFError:  # no one at the keyboard (a script, a pipe): no answer is no
            raise CommandError(
                "Niets teruggezet: er kon niet om bevestiging worden gevraagd. Geef --ja mee "
                "(make restore FILE=... ARGS=--ja) als u het zeker weet."
            ) from None
