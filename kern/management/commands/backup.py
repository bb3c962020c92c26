from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from kern.backup import backup_written, extension, make_backup


class Command(BaseCommand):
    help = (
        "Maakt een backup van de hele database (PostgreSQL: pg_dump; SQLite: een consistente kopie) en van alle "
        "geüploade documenten, samen in één archief dat alleen de eigenaar kan lezen (0600)."
    )

    def add_arguments(self, parser):
        parser.add_argument("-o", "--output", help="het bestand; standaard backups/leerwerkloket-<tijdstip><ext>")

    def handle(self, *args, output=None, **options):
        doel = (
            Path(output)
            if output
            else Path("backups") / (f"leerwerkloket-{timezone.localtime():%Y%m%d-%H%M%S}{extension()}")
        )
        try:
            make_backup(doel)
        except Exception as fout:  # pg_dump's own message is what the operator needs
            uitleg = getattr(fout, "stderr", b"") or str(fout)
            raise CommandError(f"De backup is niet gelukt: {uitleg!s}") from fout
        backup_written.send(sender=self.__class__, path=doel)
        self.stdout.write(f"Backup geschreven naar {doel} ({doel.stat().st_size / 1024:.0f} kB).")
