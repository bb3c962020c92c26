"""Importing 100,000 bookings from an .xlsx export, against a bare pandas read of the same file.

- pandas (calamine) reading the file: the baseline.
- our preview: reading, finding the header, parsing every amount and date, checking every row.
- our import: the preview plus writing the rows (with history) in one transaction.
Goal: the import at most 2x the bare read. Everything is rolled back afterwards.

Run: .venv/bin/python benchmarks/import_realisatie.py   (or make bench)
"""

import datetime
import random
from pathlib import Path

from _opzet import ROOT, django_met_data, tijd

BESTAND = ROOT / "benchmarks" / ".boekingen-100000.xlsx"
RIJEN = 100_000


def maak_bestand(pad: Path, codes: list[str], jaar: int) -> None:
    from openpyxl import Workbook

    rnd = random.Random(1)
    boek = Workbook(write_only=True)
    blad = boek.create_sheet("Boekingen")
    blad.append(["Boekingen uit de boekhouding"])
    blad.append([])
    blad.append(["Boekdatum", "Omschrijving", "Kostenplaats", "Grootboekrekening", "Bedrag"])
    for i in range(RIJEN):
        datum = datetime.date(jaar, 1, 1) + datetime.timedelta(days=rnd.randrange(180))
        blad.append(
            [
                datum,
                f"Boeking {i}",
                f"K{rnd.randrange(len(codes)) + 1}",
                4000 + rnd.randrange(9),
                rnd.randrange(100, 500_000) / 100,
            ]
        )
    blad.append([None, "Totaal", None, None, None])
    boek.save(pad)


def main():
    django_met_data()
    import pandas as pd
    from django.db import transaction

    from jaarplan.models import Jaarplan, Kostensoort
    from rapportage.importeren.realisatie import import_analyseren, import_doorvoeren, import_voorbereiden
    from rapportage.models import Kostenplaatskoppeling

    jaarplan = Jaarplan.objects.filter(status=Jaarplan.Status.VASTGESTELD).select_related("leerwerkloket").first()
    regio = jaarplan.leerwerkloket
    codes = list(jaarplan.activiteiten.values_list("code", flat=True))
    if not BESTAND.exists():
        print(f"bestand met {RIJEN} boekingen maken...", flush=True)
        maak_bestand(BESTAND, codes, jaarplan.jaar)
    inhoud = BESTAND.read_bytes()
    print(f"{BESTAND.name}: {len(inhoud) / 1024 / 1024:.1f} MB, {RIJEN} boekingen, regio {regio.slug} {jaarplan.jaar}")

    def pandas_lezen():
        pd.read_excel(BESTAND, sheet_name=0, header=None, dtype=object, engine="calamine")

    def in_terugrol(functie):
        def uitvoeren():
            with transaction.atomic():
                for i, code in enumerate(codes, start=1):
                    Kostenplaatskoppeling.objects.update_or_create(
                        leerwerkloket=regio,
                        kostenplaats=f"K{i}",
                        defaults={"activiteit_code": code, "kostensoort": Kostensoort.OVERIG},
                    )
                batch = import_voorbereiden(
                    leerwerkloket=regio, bestandsnaam=BESTAND.name, inhoud=inhoud, door=None, jaar=jaarplan.jaar
                )
                functie(batch)
                transaction.set_rollback(True)

        return uitvoeren

    def voorbeeld(batch):
        analyse = import_analyseren(batch)
        assert not analyse.fouten, analyse.fouten[:3]
        assert len(analyse.regels) == RIJEN

    def inlezen(batch):
        batch = import_doorvoeren(batch=batch, door=None)
        assert batch.aantal_regels == RIJEN

    t_pandas = tijd(2, pandas_lezen)
    t_voorbeeld = tijd(2, in_terugrol(voorbeeld))
    t_inlezen = tijd(1, in_terugrol(inlezen))
    print(f"pandas (calamine), kaal      : {t_pandas:.2f} s")
    print(f"voorbeeld (lezen + controle) : {t_voorbeeld:.2f} s  ({t_voorbeeld / t_pandas:.2f}x)")
    print(f"inlezen (voorbeeld + opslaan): {t_inlezen:.2f} s  ({t_inlezen / t_pandas:.2f}x; doel <= 2x)")


if __name__ == "__main__":
    main()
