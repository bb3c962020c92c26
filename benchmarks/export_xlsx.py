"""Our Excel writer against raw openpyxl write-only, on the same rows, in the same run.

1. The ~200,000 cost bookings of the synthetic data as one sheet: our writer (title row, frozen
   header, autofilter, euro and date formats, =SUM() total) against openpyxl write-only appending
   the same tuples raw. Goal: at most 1.3x the time.
2. Memory: our writer on 50,000 and on 200,000 rows fed from a generator. Goal: flat (streaming).
3. The jaaroverzicht of the busiest region-year, end to end (queries included).

Run: .venv/bin/python benchmarks/export_xlsx.py   (or make bench)
"""

import io
import itertools
import tempfile

from _opzet import django_met_data, piekgeheugen, tijd


def main():
    django_met_data()
    from openpyxl import Workbook

    from jaarplan.models import Kostenrealisatie
    from partners.models import Leerwerkloket
    from rapportage.exporteren.registry import EXPORTERS
    from rapportage.exporteren.schrijver import Blad, Info, Kolom, schrijf_xlsx

    rijen = list(
        Kostenrealisatie.objects.order_by("pk").values_list(
            "datum", "activiteit__naam", "kostensoort", "omschrijving", "bedrag"
        )
    )
    kolommen = [
        Kolom("Datum", "datum"),
        Kolom("Activiteit", breedte=36),
        Kolom("Kostensoort"),
        Kolom("Omschrijving"),
        Kolom("Bedrag", "bedrag", totaal=True),
    ]

    def ons(aantal):
        def schrijf():
            blad = Blad(naam="Realisatie", titel="Realisatie", kolommen=kolommen, rijen=itertools.islice(rijen, aantal))
            with tempfile.TemporaryFile() as uit:  # on disk: the finished file is not the writer's memory
                schrijf_xlsx([blad], Info(rapport="benchmark"), uit)

        return schrijf

    def rauw(aantal):
        def schrijf():
            boek = Workbook(write_only=True)
            blad = boek.create_sheet("Realisatie")
            blad.append([k.titel for k in kolommen])
            for rij in itertools.islice(rijen, aantal):
                blad.append(rij)
            with tempfile.TemporaryFile() as uit:
                boek.save(uit)

        return schrijf

    n = len(rijen)
    print(f"{n:,} rijen".replace(",", "."))
    t_rauw = tijd(2, rauw(n))
    t_ons = tijd(2, ons(n))
    print(f"openpyxl write-only, rauw : {t_rauw:.2f} s")
    print(f"onze schrijver            : {t_ons:.2f} s  ({t_ons / t_rauw:.2f}x; doel <= 1.3x)")

    klein, groot = piekgeheugen(ons(50_000)), piekgeheugen(ons(n))
    print(f"geheugen (piek, Python)   : {klein:.1f} MB bij 50.000 rijen, {groot:.1f} MB bij {n} rijen")

    # The busiest region-year: the jaaroverzicht end to end.
    regio = Leerwerkloket.objects.order_by("pk").first()
    jaar = max(regio.jaarplannen.values_list("jaar", flat=True))

    def jaaroverzicht():
        EXPORTERS["jaaroverzicht"](leerwerkloket=regio, jaar=jaar).schrijf(io.BytesIO())

    print(
        f"jaaroverzicht {regio.slug} {jaar}: {tijd(3, jaaroverzicht):.2f} s, piek {piekgeheugen(jaaroverzicht):.1f} MB"
    )


if __name__ == "__main__":
    main()
