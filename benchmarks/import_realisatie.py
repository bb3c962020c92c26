"""Importing 100,000 bookings from an .xlsx export, against a bare pandas read of the same file.

- pandas (calamine) reading the file: the baseline.
- our preview: reading, finding the header, parsing every amount and date, checking every row.
- our import: the preview plus writing the rows (with history) in one transaction.
- the floor: the pandas read plus a checked COPY of the same rows into the same tables and the
  same history insert, nothing else; the import is reported against it too (goal, issue 26:
  1.1x on PostgreSQL).
Goal (issue 14): the import at most 3x the bare read on SQLite, 3.5x on PostgreSQL, with every
row through the model's field rules, each row's fingerprint and the look-up of earlier imports.
Read in by a finance employee of the region, as in the application (the history records carry
who). Everything is rolled back afterwards; on PostgreSQL the checks it leaves for the commit
(the foreign keys, deferred) are run first, so the time is what a committed import costs. The
four are run in turn, RONDES times (default 7: on a shared machine one slow round moves a median
of five); the medians and the median ratio per round are printed. The region's koppelingen of the
file's kostenplaatsen are made once beforehand, outside the timing of both the floor and the import.

Run: .venv/bin/python benchmarks/import_realisatie.py   (or make bench)
"""

import datetime
import os
import random
from pathlib import Path

from _opzet import ROOT, django_met_data, meet, verhouding

BESTAND = ROOT / "benchmarks" / ".boekingen-100000-stuknr.xlsx"
RIJEN = 100_000


def maak_bestand(pad: Path, codes: list[str], jaar: int) -> None:
    from openpyxl import Workbook

    rnd = random.Random(1)
    boek = Workbook(write_only=True)
    blad = boek.create_sheet("Boekingen")
    blad.append(["Boekingen uit de boekhouding"])
    blad.append([])
    blad.append(["Boekdatum", "Stuknr", "Omschrijving", "Kostenplaats", "Grootboekrekening", "Bedrag"])
    for i in range(RIJEN):
        datum = datetime.date(jaar, 1, 1) + datetime.timedelta(days=rnd.randrange(180))
        blad.append(
            [
                datum,
                f"M{jaar % 100}-{i:06d}",
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
    from django.db import connection, transaction

    from jaarplan.importeren.realisatie import import_analyseren, import_doorvoeren, import_voorbereiden
    from jaarplan.models import Importbatch, Jaarplan, Kostenplaatskoppeling, Kostenrealisatie, Kostensoort
    from kern.db import invoegen
    from kern.geschiedenis import vastleggen_voor
    from partners.models import Gebruiker

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

    door, _ = Gebruiker.objects.get_or_create(
        username="bench-financien", defaults={"leerwerkloket": regio, "first_name": "Bench", "last_name": "Financiën"}
    )

    # The file's kostenplaatsen are linked to the activities once, before anything is timed: a
    # region's koppelingen are made before its imports, and the floor does not make them either.
    for i, code in enumerate(codes, start=1):
        Kostenplaatskoppeling.objects.update_or_create(
            leerwerkloket=regio,
            kostenplaats=f"K{i}",
            defaults={"activiteit_code": code, "kostensoort": Kostensoort.OVERIG},
        )

    def in_terugrol(functie):
        def uitvoeren():
            with transaction.atomic():
                batch = import_voorbereiden(
                    leerwerkloket=regio, bestandsnaam=BESTAND.name, inhoud=inhoud, door=door, jaar=jaarplan.jaar
                )
                functie(batch)
                if connection.vendor == "postgresql":
                    # What COMMIT would do before ending: the deferred foreign-key checks, one per row.
                    with connection.cursor() as cursor:
                        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                transaction.set_rollback(True)

        return uitvoeren

    def vloer():
        # The floor no importer can go below: the same pandas read, then the same rows into the same
        # tables by a checked COPY (the same statement as the app's, every constraint and index of
        # the table, the foreign keys checked as at commit) and the same history insert, with
        # nothing of the app between them: no row rule, no fingerprint, no stored file.
        with transaction.atomic():
            tabel = pd.read_excel(BESTAND, sheet_name=0, header=None, dtype=object, engine="calamine")
            batch = Importbatch.objects.create(
                leerwerkloket=regio, bestandsnaam=BESTAND.name, checksum="vloer", inhoud=b"", aangemaakt_door=door
            )
            activiteiten = dict(jaarplan.activiteiten.values_list("code", "pk"))
            per_kostenplaats = {f"K{i}": activiteiten[code] for i, code in enumerate(codes, start=1)}
            afdruk = "0" * 32
            rijen = [
                (per_kostenplaats[kp], Kostensoort.OVERIG, d.date(), b, o, st, str(gb), kp, True, batch.pk, n, afdruk)
                for n, (d, st, o, kp, gb, b) in enumerate(tabel.iloc[3 : 3 + RIJEN].itertuples(index=False), start=4)
            ]
            invoegen(
                Kostenrealisatie,
                ["activiteit", *Kostenrealisatie.BOEKINGSVELDEN, "geimporteerd", "importbatch", "rijnummer"]
                + ["vingerafdruk"],
                rijen,
            )
            vastleggen_voor(batch.boekingen.all(), soort="+", door=door)
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            transaction.set_rollback(True)

    def voorbeeld(batch):
        analyse = import_analyseren(batch)
        assert not analyse.fouten, analyse.fouten[:3]
        assert len(analyse.regels) == RIJEN

    def inlezen(batch):
        # The demo's year holds hand bookings on the same activities: kept beside, as before (issue 23).
        batch = import_doorvoeren(batch=batch, door=door, handmatig="naast")
        assert batch.aantal_regels == RIJEN

    rondes = int(os.environ.get("RONDES", "7"))

    def opruimen():
        # A rolled-back import leaves 100,000 dead rows in each table it wrote; PostgreSQL's
        # autovacuum clears them some time later. Cleared before each run, so every round
        # starts from the same tables instead of the garbage of the rounds before it.
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    f"VACUUM {Kostenrealisatie._meta.db_table}, {Kostenrealisatie.history.model._meta.db_table}"
                )

    m = meet(
        rondes,
        opruimen,
        pandas=pandas_lezen,
        vloer=vloer,
        voorbeeld=in_terugrol(voorbeeld),
        inlezen=in_terugrol(inlezen),
    )
    print(f"{rondes} rondes, mediaan (klok / cpu van dit proces); tussen haakjes t.o.v. pandas, dan t.o.v. de vloer:")
    for naam, uitleg, doel in (
        ("pandas", "pandas (calamine), kaal      ", ""),
        ("vloer", "vloer (pandas + COPY + hist.)", ""),
        ("voorbeeld", "voorbeeld (lezen + controle) ", ""),
        ("inlezen", "inlezen (voorbeeld + opslaan)", "; doel <= 3x / 3,5x pandas (SQLite / PostgreSQL), 1,1x vloer"),
    ):
        klok, cpu = verhouding(m[naam], m["pandas"])
        vklok, vcpu = verhouding(m[naam], m["vloer"])
        print(
            f"{uitleg}: {m[naam].mediaan:.2f} s / {m[naam].cpu_mediaan:.2f} s cpu  "
            f"({klok:.2f}x / {cpu:.2f}x pandas; {vklok:.2f}x / {vcpu:.2f}x vloer{doel})"
        )


if __name__ == "__main__":
    main()
