from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from kern.bestanden import controleer_grootte
from regios.bestanden import lees_gebruikers, lees_gemeenten
from regios.services import regio_aanmaken

VELDEN = {
    "naam": "--naam",
    "slug": "--kort",
    "arbeidsmarktregio": "--arbeidsmarktregio",
    "uwv": "--uwv",
    "roc": "--roc",
    "gemeenten": "--gemeenten",
    "gebruikers": "--gebruikers",
    "activiteiten_van": "--activiteiten-van",
}


class Command(BaseCommand):
    help = (
        "Maakt een nieuw Leerwerkloket in één keer: de regio, UWV en ROC als partners, de gemeenten als groep met "
        "een verdeelsleutel naar inwonertal voor dit jaar, de gebruikers (elk met een eenmalige link om zelf een "
        "wachtwoord in te stellen) en een leeg eerste jaarplan; vanaf oktober ook dat van volgend jaar. Bij een "
        "fout wordt niets opgeslagen."
    )

    def add_arguments(self, parser):
        parser.add_argument("--naam", required=True, help="Naam van het Leerwerkloket, bv. 'Leerwerkloket Groningen'.")
        parser.add_argument(
            "--kort", required=True, help="Korte naam (kleine letters, cijfers, streepjes), bv. groningen."
        )
        parser.add_argument(
            "--gemeenten",
            required=True,
            type=Path,
            help="CSV 'gemeente;inwoners', zoals gekopieerd uit CBS StatLine (docs/gemeenten-voorbeeld.csv).",
        )
        parser.add_argument("--arbeidsmarktregio", default="", help="Standaard: de naam zonder 'Leerwerkloket'.")
        parser.add_argument("--uwv", default="", help="Naam van de UWV-vestiging als partner, bv. 'UWV Groningen'.")
        parser.add_argument("--roc", default="", help="Naam van het ROC als partner, bv. 'Noorderpoort'.")
        parser.add_argument(
            "--gebruikers",
            type=Path,
            help="CSV 'rol;naam;e-mail' (rol: projectleider, stuurgroep, financien of beheerder).",
        )
        parser.add_argument(
            "--activiteiten-van",
            default="",
            help="Korte naam van een regio waarvan activiteiten en indicatoren (zonder bedragen) worden overgenomen.",
        )
        parser.add_argument(
            "--adres", default="", help=f"Adres van de site in de links (standaard {settings.BASIS_URL})."
        )

    def handle(self, *args, **opties):
        try:
            gemeenten = lees_gemeenten(self._lees(opties["gemeenten"]), opties["gemeenten"].name)
        except ValidationError as fout:
            raise CommandError(self._tekst("--gemeenten", fout.messages)) from fout
        gebruikers = []
        if opties["gebruikers"]:
            try:
                gebruikers = lees_gebruikers(self._lees(opties["gebruikers"]), opties["gebruikers"].name)
            except ValidationError as fout:
                raise CommandError(self._tekst("--gebruikers", fout.messages)) from fout
        try:
            nieuw = regio_aanmaken(
                naam=opties["naam"],
                slug=opties["kort"],
                arbeidsmarktregio=opties["arbeidsmarktregio"],
                uwv=opties["uwv"],
                roc=opties["roc"],
                gemeenten=gemeenten,
                gebruikers=gebruikers,
                activiteiten_van=opties["activiteiten_van"],
                basis_url=opties["adres"] or settings.BASIS_URL,
            )
        except ValidationError as fout:
            raise CommandError(
                "Niets aangemaakt.\n"
                + "\n".join(
                    f"{VELDEN.get(veld, veld)}: {m}" for veld, meldingen in fout.message_dict.items() for m in meldingen
                )
            ) from fout
        self._samenvatting(nieuw, len(gemeenten))

    def _lees(self, pad: Path) -> bytes:
        try:
            controleer_grootte(pad.stat().st_size)  # refused before it is read, as every upload
            return pad.read_bytes()
        except OSError as fout:
            raise CommandError(f"Het bestand {pad} kan niet worden gelezen: {fout.strerror}.") from fout

    @staticmethod
    def _tekst(optie: str, meldingen: list[str]) -> str:
        return "Niets aangemaakt.\n" + "\n".join(f"{optie}: {m}" for m in meldingen)

    def _samenvatting(self, nieuw, aantal_gemeenten: int) -> None:
        regel = self.stdout.write
        regel(self.style.SUCCESS(f"{nieuw.regio} ({nieuw.regio.slug}) is aangemaakt."))
        regel(
            f"  {aantal_gemeenten} gemeenten in {nieuw.gemeenten}, verdeelsleutel {nieuw.verdeelsleutel.jaar} "
            "naar inwonertal"
        )
        for plan in nieuw.jaarplannen:
            regel(
                f"  jaarplan {plan.jaar} (concept)"
                + (f" met {nieuw.activiteiten} activiteiten zonder bedragen" if nieuw.activiteiten else ", nog leeg")
            )
        if not nieuw.uitnodigingen:
            regel("  Geen gebruikers opgegeven; maak ze aan in het beheer of met --gebruikers.")
            return
        verstuurd = " (ook per e-mail verstuurd)" if nieuw.per_email else ""
        regel(f"  Eenmalige links om zelf een wachtwoord in te stellen{verstuurd}:")
        for u in nieuw.uitnodigingen:
            rollen = u.rolnamen.lower()
            regel(
                f"    {u.gebruiker.get_full_name()} <{u.gebruiker.email}> ({rollen}), "
                f"gebruikersnaam {u.gebruiker.username}"
            )
            regel(f"      {u.link}")
