import time

from django.core.management.base import BaseCommand, CommandError

from demo.synth import REGIOS, make_synthetic_data


class Command(BaseCommand):
    help = (
        "Maakt synthetische gegevens voor veel leerwerkloketten (partners, afspraken, jaarplannen, realisatie, "
        "facturen, betalingen) om te meten en te belasten. Dezelfde --seed geeft dezelfde gegevens; een regio die al "
        "bestaat wordt overgeslagen."
    )

    def add_arguments(self, parser):
        parser.add_argument("--regios", type=int, default=35, help=f"aantal regio's (1-{len(REGIOS)}), standaard 35")
        parser.add_argument("--jaren", type=int, default=10, help="aantal jaren vanaf 2017, standaard 10")
        parser.add_argument("--seed", type=int, default=2017, help="startwaarde van de toevalsgenerator")
        parser.add_argument(
            "--boekingen", type=int, default=30, help="kostenboekingen per begrotingsregel per jaar, standaard 30"
        )

    def handle(self, *args, regios, jaren, seed, boekingen, **options):
        if not 1 <= regios <= len(REGIOS):
            raise CommandError(f"--regios moet tussen 1 en {len(REGIOS)} liggen.")
        if not 1 <= jaren <= 40:
            raise CommandError("--jaren moet tussen 1 en 40 liggen.")
        begin = time.perf_counter()
        counts = make_synthetic_data(regios=regios, jaren=jaren, seed=seed, boekingen=boekingen)
        duur = time.perf_counter() - begin
        for naam in counts.skipped:
            self.stdout.write(f"Overgeslagen (bestaat al): {naam}")
        self.stdout.write(f"{counts.regios} regio's gemaakt in {duur:.1f} s:")
        for naam, aantal in counts.rows.items():
            self.stdout.write(f"  {aantal:>9,} {naam}".replace(",", "."))
