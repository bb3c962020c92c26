"""The report exports finance staff send out: the jaaroverzicht for the stuurgroep, the
verantwoording for one financier, and the meerjarenoverzicht of the agreement period."""

from django.db.models import F, Max, Min, Sum

from financiering.models import Financieringsafspraak, Toezegging
from jaarplan.models import Activiteit, Jaarplan
from kern.money import ZERO, format_euro

from ..dashboard import selectors
from .bladen import (
    blad_begroting_realisatie,
    blad_betalingen,
    blad_dekking,
    blad_facturen,
    blad_gemeenten,
    blad_output,
    blad_toezeggingen,
    jaarplan_van,
    samenvatting,
    toezeggingen_met_geldstroom,
)
from .registry import Exporter, registreer
from .schrijver import Blad, Kolom


@registreer
class Jaaroverzicht(Exporter):
    identifier = "jaaroverzicht"
    verbose_name = "Jaaroverzicht"
    omschrijving = (
        "Alles van één jaar voor de stuurgroep: toezeggingen, facturen en betalingen, begroting en realisatie, "
        "dekking, output en de verdeling over de gemeenten."
    )

    def bladen(self):
        jaarplan = jaarplan_van(self.leerwerkloket, self.jaar)
        yield Blad(
            naam="Samenvatting",
            titel=f"Jaaroverzicht {self.jaar} – {self.leerwerkloket}",
            kolommen=[Kolom("Onderdeel", breedte=30), Kolom("Bedrag", "bedrag")],
            rijen=[
                [label, waarde]
                for label, waarde in samenvatting(self.leerwerkloket, self.jaar)
                if label not in ("Dekkingsgraad", "Gerealiseerd van begroot")
            ],
            toelichting=(
                f"Jaarplan {self.jaar}: {jaarplan.get_status_display().lower()}."
                if jaarplan
                else f"Er is geen jaarplan {self.jaar}."
            ),
        )
        yield blad_toezeggingen(self.leerwerkloket, self.jaar)
        yield blad_facturen(self.leerwerkloket, self.jaar)
        yield blad_betalingen(self.leerwerkloket, self.jaar)
        if jaarplan is not None:
            yield blad_begroting_realisatie(jaarplan)
            yield blad_dekking(jaarplan)
            yield blad_output(jaarplan)
        gemeenten = blad_gemeenten(self.leerwerkloket, self.jaar)
        if gemeenten is not None:
            yield gemeenten


@registreer
class Verantwoording(Exporter):
    identifier = "verantwoording"
    verbose_name = "Verantwoording per financier"
    omschrijving = (
        "Voor één financier: de afspraak, de toezeggingen, de betalingen, waar het geld naartoe ging en wat dat "
        "opleverde."
    )
    opties = ("jaar", "financier")

    def bladen(self):
        financier = self.financier
        afspraken = list(
            Financieringsafspraak.objects.voor_regio(self.leerwerkloket)
            .filter(financier=financier)
            .order_by("startjaar")
        )
        yield Blad(
            naam="Afspraken",
            titel=f"Verantwoording {self.jaar} aan {financier.naam}",
            kolommen=[
                Kolom("Afspraak", breedte=40),
                Kolom("Soort"),
                Kolom("Status"),
                Kolom("Van", "getal"),
                Kolom("Tot en met", "getal"),
                Kolom("Minimum per jaar", "bedrag"),
                Kolom("Beschikking", breedte=20),
            ],
            rijen=[
                [
                    a.naam,
                    a.get_soort_display(),
                    a.get_status_display(),
                    a.startjaar,
                    a.eindjaar,
                    a.minimum_per_jaar,
                    a.beschikkingsnummer,
                ]
                for a in afspraken
            ],
        )
        toezeggingen = toezeggingen_met_geldstroom(self.leerwerkloket, afspraak__financier=financier)
        yield Blad(
            naam="Toezeggingen",
            titel=f"Toezeggingen van {financier.naam}, alle jaren",
            kolommen=[
                Kolom("Jaar", "getal"),
                Kolom("Afspraak", breedte=40),
                Kolom("In geld", "bedrag", totaal=True),
                Kolom("In natura", "bedrag", totaal=True),
                Kolom("Gefactureerd", "bedrag", totaal=True),
                Kolom("Ontvangen", "bedrag", totaal=True),
                Kolom("Openstaand", "bedrag", totaal=True),
            ],
            rijen=(
                [t.jaar, t.afspraak.naam, t.bedrag_geld, t.bedrag_natura, t.gefactureerd, t.ontvangen, t.openstaand]
                for t in toezeggingen
            ),
        )
        yield blad_betalingen(self.leerwerkloket, self.jaar, financier=financier)
        yield self.blad_besteding()

    def blad_besteding(self) -> Blad:
        """What the dashboard's "waar gaat uw geld naartoe" shows, as a sheet: one row per activity
        and indicator (the same selector, so the workbook and the page cannot differ)."""
        besteding = selectors.besteding(self.leerwerkloket, self.jaar, self.financier)

        def rijen():
            for rij in besteding.rijen:
                kosten_per = {k.eenheid: k.kosten for k in rij.per_eenheid}
                for indicator in rij.indicatoren or [None]:
                    yield [
                        rij.activiteit,
                        rij.uw_bijdrage,
                        rij.begroot,
                        rij.aandeel,
                        rij.gerealiseerd,
                        rij.uw_deel_kosten,
                        f"{indicator.naam} ({indicator.eenheid})" if indicator else "",
                        indicator.gerealiseerd if indicator else None,
                        indicator.uw_deel if indicator else None,
                        kosten_per.get(indicator.eenheid) if indicator else None,
                    ]

        return Blad(
            naam="Waar ging het geld naartoe",
            titel=f"Waar ging het geld van {self.financier.naam} in {self.jaar} naartoe",
            kolommen=[
                Kolom("Activiteit", breedte=36),
                Kolom("Uw bijdrage", "bedrag"),
                Kolom("Begroot", "bedrag"),
                Kolom("Uw aandeel", "procent"),
                Kolom("Gerealiseerde kosten", "bedrag"),
                Kolom("Uw deel van de kosten", "bedrag"),
                Kolom("Indicator", breedte=30),
                Kolom("Gerealiseerd", "getal"),
                Kolom("Uw deel (naar rato)", "getal"),
                Kolom("Kosten per eenheid", "bedrag"),
            ],
            rijen=rijen(),
            toelichting=(
                f"Toegezegd {format_euro(besteding.toegezegd)}, waarvan {format_euro(besteding.toegewezen)} aan "
                "activiteiten toegewezen. Uw aandeel = uw bijdrage / begroot (of gedekt, als dat hoger is). "
                "Kosten per eenheid = gerealiseerde kosten / alle output in die eenheid."
            ),
        )


@registreer
class Meerjarenoverzicht(Exporter):
    identifier = "meerjarenoverzicht"
    verbose_name = "Meerjarenoverzicht"
    omschrijving = (
        "De looptijd van de afspraken met de jaren als kolommen: toezeggingen per financier, begroting en "
        "realisatie per activiteit."
    )
    opties = ()

    def jaren(self) -> list[int]:
        afspraken = Financieringsafspraak.objects.voor_regio(self.leerwerkloket).filter(
            soort=Financieringsafspraak.Soort.COFINANCIERING
        )
        grenzen = afspraken.aggregate(van=Min("startjaar"), tot=Max("eindjaar"))
        if grenzen["van"] is None:
            return sorted(Jaarplan.objects.voor_regio(self.leerwerkloket).values_list("jaar", flat=True))
        return list(range(grenzen["van"], grenzen["tot"] + 1))

    def bladen(self):
        jaren = self.jaren()
        toegezegd = {}
        for financier, jaar, bedrag in (
            Toezegging.objects.voor_regio(self.leerwerkloket)
            .filter(jaar__in=jaren)
            .values_list("afspraak__financier__naam", "jaar")
            .annotate(totaal=Sum(F("bedrag_geld") + F("bedrag_natura")))
        ):
            toegezegd.setdefault(financier, {})[jaar] = bedrag
        jaarkolommen = [Kolom(str(j), "bedrag", totaal=True) for j in jaren]
        yield Blad(
            naam="Toezeggingen",
            titel=f"Toezeggingen per financier {jaren[0]}-{jaren[-1]}" if jaren else "Toezeggingen per financier",
            kolommen=[Kolom("Financier", breedte=30), *jaarkolommen, Kolom("Totaal periode", "bedrag", totaal=True)],
            rijen=(
                [naam, *[per_jaar.get(j, ZERO) for j in jaren], sum(per_jaar.values(), ZERO)]
                for naam, per_jaar in sorted(toegezegd.items())
            ),
        )
        for titel, waarde in (("Begroot", "begroot"), ("Gerealiseerd", "gerealiseerd")):
            per_code = {}
            for activiteit in (
                Activiteit.objects.voor_regio(self.leerwerkloket)
                .filter(jaarplan__jaar__in=jaren)
                .met_totalen()
                .select_related("jaarplan")
                .order_by("volgorde", "code")
            ):
                rij = per_code.setdefault(activiteit.code, {"naam": activiteit.naam})
                rij[activiteit.jaarplan.jaar] = getattr(activiteit, waarde)
                rij["naam"] = activiteit.naam
            yield Blad(
                naam=f"{titel} per activiteit",
                titel=f"{titel} per activiteit {jaren[0]}-{jaren[-1]}" if jaren else titel,
                kolommen=[
                    Kolom("Activiteit", breedte=40),
                    *jaarkolommen,
                    Kolom("Totaal periode", "bedrag", totaal=True),
                ],
                rijen=(
                    [rij["naam"], *[rij.get(j, ZERO) for j in jaren], sum((rij.get(j, ZERO) for j in jaren), ZERO)]
                    for rij in per_code.values()
                ),
            )
