from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils import timezone

from kern.backup import backup_written, database_description, extension, make_backup


class Command(BaseCommand):
    help = (
        "Maakt een backup van de hele database (PostgreSQL: pg_dump; SQLite: een consistente kopie, zonder sessies) "
        "en van alle geüploade documenten, met een inhoudsopgave (SHA-256 per bestand), samen in één archief dat "
        "alleen de eigenaar kan lezen (0600). `make backup` draait het met de productie-instellingen."
    )

    def add_arguments(self, parser):
        parser.add_argument("-o", "--output", help="het bestand; standaard backups/leerwerkloket-<tijdstip><ext>")

    def handle(self, *args, output=None, **options):
        database = database_description()
        # A database that was never migrated is no installation: a backup of it would restore
        # as an empty administration (a development fallback, a wrong DATABASE_URL).
        if "django_migrations" not in connection.introspection.table_names():
            raise CommandError(
                f"Geen backup gemaakt: {database} is leeg (nooit gemigreerd). Klopt DATABASE_URL, en draait u met de "
                "productie-instellingen (make backup)?"
            )
        self.stdout.write(f"Backup van {database}.")
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
