import argparse
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from partners.models import Auditregel, Leerwerkloket, Partner, vastleggen
from rapportage.exporteren.registry import EXPORTERS


class Command(BaseCommand):
    help = "Schrijft een rapport als Excel-bestand (.xlsx), voor gebruik vanuit een planning (cron)."

    def create_parser(self, prog_name, subcommand, **kwargs):
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.formatter_class = argparse.RawDescriptionHelpFormatter
        regels = ["rapporten:"]
        for identifier, exporter in EXPORTERS.items():
            opties = ", ".join(f"--{o}" for o in exporter.opties) or "geen"
            regels.append(f"  {identifier:<20} {exporter.verbose_name} (opties: {opties})")
            regels.append(f"  {'':<20} {exporter.omschrijving}")
        parser.epilog = "\n".join(regels)
        return parser

    def add_arguments(self, parser):
        parser.add_argument("--rapport", required=True, choices=sorted(EXPORTERS), help="welk rapport (zie onder)")
        parser.add_argument("--regio", required=True, help="het leerwerkloket (slug), bijvoorbeeld twente")
        parser.add_argument("--jaar", type=int, help="het jaar van het rapport")
        parser.add_argument("--financier", help="de naam van de financier (voor de verantwoording)")
        parser.add_argument("-o", "--output", required=True, help="het bestand, bijvoorbeeld rapport.xlsx")

    def handle(self, *args, rapport, regio, jaar=None, financier=None, output, **options):
        exporter_klasse = EXPORTERS[rapport]
        leerwerkloket = Leerwerkloket.objects.filter(slug=regio).first()
        if leerwerkloket is None:
            raise CommandError(f"Er is geen leerwerkloket '{regio}'.")
        if "jaar" in exporter_klasse.opties and jaar is None:
            raise CommandError(f"Het rapport {rapport} heeft een jaar nodig: --jaar 2018.")
        partner = None
        if "financier" in exporter_klasse.opties:
            if not financier:
                raise CommandError(f"Het rapport {rapport} heeft een financier nodig: --financier UWV.")
            partner = Partner.objects.voor_regio(leerwerkloket).filter(naam__iexact=financier).first()
            if partner is None:
                raise CommandError(f"Er is geen financier '{financier}' bij {leerwerkloket}.")
        pad = Path(output)
        if not pad.parent.is_dir():
            raise CommandError(f"De map {pad.parent} bestaat niet.")
        exporter = exporter_klasse(leerwerkloket=leerwerkloket, jaar=jaar, financier=partner)
        try:
            exporter.controleer()
        except ValidationError as fout:
            raise CommandError(" ".join(fout.messages)) from fout
        tijdelijk = pad.with_name(pad.name + ".deel")
        try:
            exporter.schrijf(tijdelijk)
            tijdelijk.replace(pad)  # a half-written file never carries the real name
        finally:
            tijdelijk.unlink(missing_ok=True)
        vastleggen(
            Auditregel.Actie.EXPORT,
            f"{exporter.verbose_name} {jaar or ''} via de opdrachtregel naar {pad}".replace("  ", " "),
            leerwerkloket=leerwerkloket,
        )
        self.stdout.write(f"{exporter.verbose_name} geschreven naar {pad}.")
