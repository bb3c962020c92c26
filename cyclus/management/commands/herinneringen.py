from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from partners.models import Leerwerkloket

from ...herinneringen import herinneringen_versturen


class Command(BaseCommand):
    help = (
        "Mailt elke gebruiker één overzicht van wat vandaag voor hem te doen of verlopen is (dagelijks draaien; "
        "een tweede keer op dezelfde dag verstuurt niets opnieuw)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--regio", help="alleen deze regio (korte naam)")

    def handle(self, *args, regio=None, **options):
        leerwerkloket = None
        if regio:
            leerwerkloket = Leerwerkloket.objects.filter(slug=regio).first()
            if leerwerkloket is None:
                raise CommandError(f"Er is geen regio met de korte naam '{regio}'.")
        vandaag = timezone.localdate()
        aantal = herinneringen_versturen(vandaag, regio=leerwerkloket)
        self.stdout.write(
            f"{vandaag:%d-%m-%Y}: {aantal} {'e-mail' if aantal == 1 else 'e-mails'} met herinneringen verstuurd."
        )
