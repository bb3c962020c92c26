from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from demo.twente import demo_logins, load_demo_data


class Command(BaseCommand):
    help = (
        "Laadt de demodata van Leerwerkloket Twente en de demogebruikers (projectleider, stuurgroep, financien, "
        "beheerder, en landelijk zonder regio). Een tweede keer verandert er niets. Het wachtwoord komt uit "
        "DEMO_PASSWORD."
    )

    def add_arguments(self, parser):
        parser.add_argument("--logins", action="store_true", help="Toon alleen de demo-logins; laadt niets.")

    def handle(self, *args, logins=False, **options):
        if not settings.DEMO_PASSWORD:
            raise CommandError(
                "Geen demowachtwoord: DEMO_PASSWORD is niet ingesteld (in productie wordt het standaardwachtwoord "
                "geweigerd). Zet DEMO_PASSWORD op een eigen, sterk wachtwoord als u hier demogebruikers wilt."
            )
        if logins:
            self.print_logins()
            return
        try:
            with transaction.atomic():
                load_demo_data(stdout=self.stdout)
        except (ValidationError, PermissionDenied) as fout:
            tekst = " ".join(fout.messages) if isinstance(fout, ValidationError) else str(fout)
            raise CommandError(f"De demodata is niet geladen: {tekst}") from fout

    def print_logins(self):
        if settings.DEMO_PASSWORD == settings.DEMO_PASSWORD_DEFAULT:
            wachtwoord = settings.DEMO_PASSWORD
        else:
            wachtwoord = "de waarde van DEMO_PASSWORD"
        self.stdout.write(f"  Demo-logins (wachtwoord: {wachtwoord}):")
        for gebruikersnaam, naam, rol in demo_logins():
            self.stdout.write(f"    {gebruikersnaam:<14} {naam} ({rol.lower()})")
