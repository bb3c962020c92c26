from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from kern import tekst
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
        if not settings.EMAIL_VERSTUREN:
            # Recording reminders that no mail carried would keep them from ever being sent.
            raise CommandError("Er is geen EMAIL_HOST ingesteld: er is niets verstuurd en niets vastgelegd.")
        leerwerkloket = None
        if regio:
            leerwerkloket = Leerwerkloket.objects.filter(slug=regio).first()
            if leerwerkloket is None:
                raise CommandError(f"Er is geen regio met de korte naam '{regio}'.")
        vandaag = timezone.localdate()
        aantal = herinneringen_versturen(vandaag, regio=leerwerkloket)
        self.stdout.write(f"{vandaag:%d-%m-%Y}: {tekst.aantal(aantal, 'e-mail,e-mails')} met herinneringen verstuurd.")
