from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from kern.backup import extensie, maak_backup
from kern.models import Auditregel, vastleggen


class Command(BaseCommand):
    help = "Maakt een backup van de hele database (PostgreSQL: pg_dump; SQLite: een consistente kopie)."

    def add_arguments(self, parser):
        parser.add_argument("-o", "--output", help="het bestand; standaard backups/leerwerkloket-<tijdstip><ext>")

    def handle(self, *args, output=None, **options):
        doel = (
            Path(output)
            if output
            else Path("backups") / (f"leerwerkloket-{timezone.localtime():%Y%m%d-%H%M%S}{extensie()}")
        )
        try:
            maak_backup(doel)
        except Exception as fout:  # pg_dump's own message is what the operator needs
            uitleg = getattr(fout, "stderr", b"") or str(fout)
            raise CommandError(f"De backup is niet gelukt: {uitleg!s}") from fout
        vastleggen(Auditregel.Actie.BACKUP, f"Backup geschreven naar {doel}")
        self.stdout.write(f"Backup geschreven naar {doel} ({doel.stat().st_size / 1024:.0f} kB).")
