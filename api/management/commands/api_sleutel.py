"""`manage.py api_sleutel --gebruiker NAAM`: a personal API key for that user, printed once."""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from api.services import api_sleutel_maken


class Command(BaseCommand):
    help = "Maakt een persoonlijke API-sleutel voor een gebruiker en drukt hem één keer af."

    def add_arguments(self, parser):
        parser.add_argument("--gebruiker", required=True, help="De gebruikersnaam.")
        parser.add_argument("--naam", default="Opdrachtregel", help="Waarvoor de sleutel is.")
        parser.add_argument("--dagen", type=int, default=90, help="Hoeveel dagen hij geldig is (standaard 90).")

    def handle(self, *args, gebruiker, naam, dagen, **options):
        model = get_user_model()
        try:
            wie = model._default_manager.get(**{model.USERNAME_FIELD: gebruiker})
        except model.DoesNotExist:
            raise CommandError(f"Er is geen gebruiker '{gebruiker}'.") from None
        try:
            api_sleutel, sleutel = api_sleutel_maken(gebruiker=wie, naam=naam, dagen=dagen)
        except ValidationError as fout:
            raise CommandError(" ".join(fout.messages)) from None
        self.stdout.write(
            f"API-sleutel “{api_sleutel.naam}” voor {wie.username}, geldig tot {api_sleutel.verloopt_op:%d-%m-%Y}.\n"
            "Bewaar hem nu: hij wordt niet nog eens getoond.\n"
        )
        self.stdout.write(sleutel)
