"""The exports against openpyxl write-only writing the same rows raw, in the same run.

The baseline stays raw openpyxl write-only (what issue 26 measures against); our writer itself
writes with XlsxWriter in constant_memory mode (decision 0072).

1. The busiest region-year of the synthetic data (the one with the most cost bookings):
   - ours: the jaaroverzicht through the exporter registry, end to end (its queries, the sheets,
     the writer's title rows, formats, autofilters and =SUM() totals, the Info sheet);
   - our writer alone, on the same rows read beforehand (what the writer adds, without queries);
   - raw: openpyxl write-only appending the same rows (read beforehand) to the same sheets.
   Goal: the jaaroverzicht at most 2x raw by CPU (issue 26). Peak Python memory (tracemalloc) for each.
2. Memory flat: the jaaroverzicht of the quietest region-year against the busiest.
3. A big sheet: all ~200,000 cost bookings through our writer and through raw openpyxl, time
   (RONDES_GROOT rounds, default 3) and peak memory at 50,000 rows and at all of them.
4. The list export (rapportage.exporteren.lijsten, rows as tuples: issue 26): the realisatie list
   of the busiest region as its finance staff export it, end to end (the filter, the query, the
   sheet), against raw openpyxl writing the same rows read beforehand. Goal: at most 1.3x. And the
   national realisatie list (every booking, what the background job writes) once, with its time.

Run: .venv/bin/python benchmarks/export_xlsx.py   (or make bench); RONDES=5 by default.
"""

import itertools
import os
import tempfile

from _opzet import django_met_data, meet, piekgeheugen, verhouding


def naar_schijf(schrijf):
    """Write to a temporary file on disk: the finished file is not the writer's memory."""
    with tempfile.TemporaryFile() as uit:
        schrijf(uit)


def main():
    django_met_data()
    from django.db.models import Count
    from openpyxl import Workbook

    from jaarplan.models import Kostenrealisatie
    from partners.models import Leerwerkloket
    from rapportage.exporteren.registry import EXPORTERS
    from rapportage.exporteren.schrijver import Blad, Info, Kolom, schrijf_xlsx

    rondes = int(os.environ.get("RONDES", "5"))
    per_regiojaar = list(
        Kostenrealisatie.objects.values("activiteit__jaarplan__leerwerkloket", "activiteit__jaarplan__jaar")
        .annotate(aantal=Count("pk"))
        .order_by("-aantal", "activiteit__jaarplan__leerwerkloket", "activiteit__jaarplan__jaar")
    )
    drukst, stilst = per_regiojaar[0], per_regiojaar[-1]

    def exporter(regiojaar):
        regio = Leerwerkloket.objects.get(pk=regiojaar["activiteit__jaarplan__leerwerkloket"])
        return EXPORTERS["jaaroverzicht"](leerwerkloket=regio, jaar=regiojaar["activiteit__jaarplan__jaar"])

    def jaaroverzicht(regiojaar):
        return lambda: naar_schijf(exporter(regiojaar).schrijf)

    # The same rows, read once beforehand, for the raw baseline and for our writer alone.
    voorbeeld = exporter(drukst)
    bladen = [(b, list(b.rijen)) for b in voorbeeld.bladen()]
    info_regels = voorbeeld.info_regels()
    aantal_rijen = sum(len(rijen) for _, rijen in bladen) + len(info_regels)

    def rauw():
        boek = Workbook(write_only=True)
        for blad, rijen in bladen:
            ws = boek.create_sheet(blad.naam[:31])
            ws.append([k.titel for k in blad.kolommen])
            for rij in rijen:
                ws.append(rij)
        info = boek.create_sheet("Info")
        for regel in info_regels:
            info.append(list(regel))
        naar_schijf(boek.save)

    def alleen_schrijver():
        kopie = [
            Blad(naam=b.naam, titel=b.titel, kolommen=b.kolommen, rijen=rijen, toelichting=b.toelichting)
            for b, rijen in bladen
        ]
        naar_schijf(lambda uit: schrijf_xlsx(kopie, Info(rapport="benchmark", regels=info_regels), uit))

    regio, jaar = voorbeeld.leerwerkloket, voorbeeld.jaar
    print(
        f"drukste regio-jaar: {regio.slug} {jaar}, {drukst['aantal']} kostenboekingen; "
        f"jaaroverzicht: {len(bladen) + 1} bladen, {aantal_rijen} rijen"
    )
    m = meet(rondes, rauw=rauw, jaaroverzicht=jaaroverzicht(drukst), schrijver=alleen_schrijver)
    print(f"{rondes} rondes, mediaan (klok / cpu van dit proces), piekgeheugen (tracemalloc, aparte run):")
    for naam, uitleg, doel in (
        ("rauw", "openpyxl write-only, rauw          ", ""),
        ("jaaroverzicht", "jaaroverzicht, van begin tot eind  ", "; doel <= 2x (issue 26)"),
        ("schrijver", "onze schrijver op dezelfde rijen   ", ""),
    ):
        klok, cpu = verhouding(m[naam], m["rauw"])
        functie = {"rauw": rauw, "jaaroverzicht": jaaroverzicht(drukst), "schrijver": alleen_schrijver}[naam]
        print(
            f"{uitleg}: {m[naam].mediaan * 1000:.0f} ms / {m[naam].cpu_mediaan * 1000:.0f} ms cpu "
            f"({klok:.2f}x / {cpu:.2f}x{doel}), piek {piekgeheugen(functie):.2f} MB"
        )
    print(
        f"geheugen jaaroverzicht: {piekgeheugen(jaaroverzicht(stilst)):.2f} MB bij het stilste regio-jaar "
        f"({stilst['aantal']} boekingen), {piekgeheugen(jaaroverzicht(drukst)):.2f} MB bij het drukste"
    )

    # Memory flat for a big sheet: every cost booking as one sheet, through our writer and raw.
    boekingen = list(
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
        def schrijf(uit):
            rijen = itertools.islice(boekingen, aantal)
            blad = Blad(naam="Realisatie", titel="Realisatie", kolommen=kolommen, rijen=rijen)
            schrijf_xlsx([blad], Info(rapport="benchmark"), uit)

        return lambda: naar_schijf(schrijf)

    def rauw_groot(aantal):
        def schrijf(uit):
            boek = Workbook(write_only=True)
            ws = boek.create_sheet("Realisatie")
            ws.append([k.titel for k in kolommen])
            for rij in itertools.islice(boekingen, aantal):
                ws.append(rij)
            boek.save(uit)

        return lambda: naar_schijf(schrijf)

    n = len(boekingen)
    groot = meet(int(os.environ.get("RONDES_GROOT", "3")), rauw=rauw_groot(n), ons=ons(n))
    klok, cpu = verhouding(groot["ons"], groot["rauw"])
    print(
        f"{n} boekingen als één blad: openpyxl rauw {groot['rauw'].mediaan:.2f} s, onze schrijver "
        f"{groot['ons'].mediaan:.2f} s ({klok:.2f}x / {cpu:.2f}x cpu)"
    )
    print(
        f"geheugen, {n} boekingen als één blad: onze schrijver {piekgeheugen(ons(50_000)):.2f} MB bij 50.000 rijen, "
        f"{piekgeheugen(ons(n)):.2f} MB bij {n}; openpyxl rauw {piekgeheugen(rauw_groot(50_000)):.2f} MB "
        f"en {piekgeheugen(rauw_groot(n)):.2f} MB"
    )

    lijst_export(drukst["activiteit__jaarplan__leerwerkloket"], rondes)


def lijst_export(regio_id, rondes: int) -> None:
    from django.contrib.auth.models import Group
    from django.test import RequestFactory
    from openpyxl import Workbook

    from partners.models import Gebruiker, Leerwerkloket
    from partners.roles import Rol
    from rapportage.exporteren import lijsten

    regio = Leerwerkloket.objects.get(pk=regio_id)
    lezers = {}
    for naam, rol, eigen in (("financien", Rol.FINANCIEN, regio), ("landelijk", Rol.LANDELIJK, None)):
        lezers[naam], _ = Gebruiker.objects.get_or_create(username=f"bench-{naam}", defaults={"leerwerkloket": eigen})
        lezers[naam].groups.add(Group.objects.get_or_create(name=rol.value)[0])

    def lijst(wie):
        verzoek = RequestFactory().get("/")
        verzoek.user = lezers[wie]
        return lijsten.gefilterde_lijst(verzoek, "realisatie")

    def ons(wie):
        return lambda: naar_schijf(lambda uit: lijsten.schrijf_lijst(lijst(wie), "xlsx", uit=uit, door=lezers[wie]))

    voorbeeld = lijst("financien")
    kop = [k.titel for k in voorbeeld.blad.kolommen]
    rijen = list(voorbeeld.blad.rijen)

    def rauw():
        def schrijf(uit):
            boek = Workbook(write_only=True)
            ws = boek.create_sheet("Kostenboekingen")
            ws.append(kop)
            for rij in rijen:
                ws.append(rij)
            boek.save(uit)

        naar_schijf(schrijf)

    m = meet(rondes, rauw=rauw, ons=ons("financien"))
    klok, cpu = verhouding(m["ons"], m["rauw"])
    print(
        f"lijstexport realisatie van {regio.slug} ({len(rijen)} rijen): openpyxl rauw {m['rauw'].mediaan:.2f} s, "
        f"de export {m['ons'].mediaan:.2f} s ({klok:.2f}x / {cpu:.2f}x cpu; doel <= 1.3x)"
    )
    landelijk = meet(1, ons=ons("landelijk"))["ons"]
    print(
        f"lijstexport realisatie landelijk ({lijst('landelijk').aantal()} rijen, de achtergrondtaak): "
        f"{landelijk.mediaan:.1f} s, {landelijk.cpu_mediaan:.1f} s cpu"
    )


if __name__ == "__main__":
    main()
