from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from partners.models import Gebruiker
from partners.wachtwoord import wachtwoordpad


class Command(BaseCommand):
    help = (
        "Drukt de eenmalige link af waarmee een gebruiker zelf een wachtwoord instelt: voor de beheerder van de "
        "server, als de installatie geen e-mail verstuurt. Geef de link alleen aan die persoon; hij werkt één keer."
    )

    def add_arguments(self, parser):
        parser.add_argument("gebruikersnaam")
        parser.add_argument(
            "--adres", default="", help=f"Adres van de site in de link (standaard {settings.BASIS_URL})."
        )

    def handle(self, *args, gebruikersnaam, adres="", **options):
        try:
            gebruiker = Gebruiker.objects.get(username=gebruikersnaam, is_active=True)
        except Gebruiker.DoesNotExist:
            raise CommandError(f"Er is geen actieve gebruiker {gebruikersnaam!r}.") from None
        self.stdout.write((adres or settings.BASIS_URL).rstrip("/") + wachtwoordpad(gebruiker))
