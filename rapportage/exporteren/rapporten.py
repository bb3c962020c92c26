"""The report exports finance staff send out: the jaaroverzicht for the stuurgroep, the
verantwoording for one financier, and the meerjarenoverzicht of the agreement period."""

from django.core.exceptions import ValidationError
from django.db.models import Max, Min

from financiering.models import Financieringsafspraak, Toezegging
from jaarplan.models import Jaarplan
from jaarplan.selectors import activiteiten_met_totalen
from kern.figuren import (
    BEGROOT,
    GEFACTUREERD,
    GEREALISEERDE_KOSTEN,
    KOSTEN_PER_EENHEID,
    MINIMUM,
    ONTVANGEN,
    OPENSTAAND,
    OUTPUT,
    TOEGEZEGD_GELD,
    TOEGEZEGD_NATURA,
    UW_AANDEEL,
    UW_BIJDRAGE,
    UW_DEEL_KOSTEN,
    UW_DEEL_OUTPUT,
)
from kern.money import format_euro

from ..dashboard import selectors
from ..dashboard.figuren import figuren
from ..dashboard.selectors.basis import Reeks
from ..dashboard.selectors.geld import geldstroom_per_financier
from .bladen import (
    blad_begroting_realisatie,
    blad_betalingen,
    blad_dekking,
    blad_facturen,
    blad_geldstroom,
    blad_gemeenten,
    blad_output,
    blad_toezeggingen,
    geldstroom_van_het_jaar,
    jaarplan_van,
    samenvatting,
    toezeggingen_met_geldstroom,
    toezeggingen_van_het_jaar,
)
from .registry import Exporter, registreer, vandaag
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
        # Each annotated queryset is read once and its rows given to every sheet that shows them, and
        # each asks only for the figures its sheets show (issue 26: building and compiling them was
        # most of this report's time).
        jaarplan = jaarplan_van(self.leerwerkloket, self.jaar)
        toezeggingen = toezeggingen_van_het_jaar(self.leerwerkloket, self.jaar)
        geldstroom = geldstroom_per_financier(
            self.leerwerkloket, self.jaar, vandaag(), stroom=geldstroom_van_het_jaar(self.leerwerkloket, self.jaar)
        )
        yield Blad(
            naam="Samenvatting",
            titel=f"Jaaroverzicht {self.jaar} – {self.leerwerkloket}",
            kolommen=[Kolom("Onderdeel", breedte=30), Kolom("Bedrag", "bedrag")],
            rijen=[
                [label, waarde]
                for label, waarde in samenvatting(self.leerwerkloket, self.jaar, jaarplan, geldstroom=geldstroom[1])
            ],
            toelichting=(
                f"Jaarplan {self.jaar}: {jaarplan.get_status_display().lower()}."
                if jaarplan
                else f"Er is geen jaarplan {self.jaar}."
            ),
        )
        yield blad_toezeggingen(self.leerwerkloket, self.jaar, toezeggingen=toezeggingen)
        yield blad_geldstroom(self.leerwerkloket, self.jaar, berekend=geldstroom)
        yield blad_facturen(self.leerwerkloket, self.jaar)
        yield blad_betalingen(self.leerwerkloket, self.jaar)
        if jaarplan is not None:
            activiteiten = activiteiten_met_totalen(jaarplan, indicatoren=False)
            yield blad_begroting_realisatie(jaarplan, activiteiten=activiteiten)
            yield blad_dekking(jaarplan, activiteiten=activiteiten, bronnen=toezeggingen)
            yield blad_output(self.leerwerkloket, self.jaar, jaarplan=jaarplan)
        gemeenten = blad_gemeenten(self.leerwerkloket, self.jaar, toezeggingen=toezeggingen)
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

    def controleer(self) -> None:
        super().controleer()
        if (
            not Toezegging.objects.voor_regio(self.leerwerkloket)
            .telt()
            .filter(afspraak__financier=self.financier, jaar=self.jaar)
            .exists()
        ):
            raise ValidationError(
                f"{self.financier} heeft voor {self.jaar} geen toezegging; er is niets te verantwoorden. "
                "Kies een jaar waarin deze financier heeft toegezegd."
            )

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
                Kolom("Van", "jaar"),
                Kolom("Tot en met", "jaar"),
                Kolom.van(MINIMUM),
                Kolom("Beschikking", breedte=20),
            ],
            rijen=[
                [
                    a.naam,
                    a.get_soort_display(),
                    a.get_looptoestand_display(),
                    a.startjaar,
                    a.eindjaar,
                    a.minimum_per_jaar,
                    a.beschikkingsnummer,
                ]
                for a in afspraken
            ],
        )
        yield Blad.van(
            toezeggingen_met_geldstroom(self.leerwerkloket, afspraak__financier=financier),
            naam="Toezeggingen",
            titel=f"Toezeggingen van {financier.naam}, alle jaren",
            kolommen=[
                Kolom("Jaar", "jaar", lees="jaar"),
                Kolom("Afspraak", breedte=40, lees="afspraak.naam"),
                Kolom.van(TOEGEZEGD_GELD, titel=TOEGEZEGD_GELD.kop, lees="bedrag_geld"),
                Kolom.van(TOEGEZEGD_NATURA, titel=TOEGEZEGD_NATURA.kop, lees="bedrag_natura"),
                Kolom.van(GEFACTUREERD, lees="gefactureerd"),
                Kolom.van(ONTVANGEN, lees="ontvangen"),
                Kolom.van(OPENSTAAND, lees="openstaand"),
            ],
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
                Kolom.van(UW_BIJDRAGE),
                Kolom.van(BEGROOT, totaal=False),
                Kolom.van(UW_AANDEEL),
                Kolom.van(GEREALISEERDE_KOSTEN),
                Kolom.van(UW_DEEL_KOSTEN),
                Kolom("Indicator", breedte=30),
                Kolom.van(OUTPUT),
                Kolom.van(UW_DEEL_OUTPUT),
                Kolom.van(KOSTEN_PER_EENHEID),
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

    def controleer(self) -> None:
        if not self.jaren():
            raise ValidationError(f"{self.leerwerkloket} heeft nog geen afspraken en geen jaarplannen.")

    def jaren(self) -> list[int]:
        afspraken = (
            Financieringsafspraak.objects.voor_regio(self.leerwerkloket)
            .telt()
            .filter(soort=Financieringsafspraak.Soort.COFINANCIERING)
        )
        grenzen = afspraken.aggregate(van=Min("startjaar"), tot=Max("eindjaar"))
        if grenzen["van"] is None:
            return sorted(Jaarplan.objects.voor_regio(self.leerwerkloket).values_list("jaar", flat=True))
        return list(range(grenzen["van"], grenzen["tot"] + 1))

    def bladen(self):
        """The dashboard's period tables (section 7), read from the same selectors."""
        jaren = self.jaren()
        periode = f" {jaren[0]}-{jaren[-1]}" if jaren else ""
        financiers, _ = selectors.toezeggingen_per_financier(self.leerwerkloket, jaren)
        activiteiten = selectors.activiteiten_per_jaar(self.leerwerkloket, jaren)
        for naam, titel, eerste, reeksen in (
            ("Toezeggingen", "Toezeggingen per financier", Kolom("Financier", breedte=30), financiers),
            ("Begroot per activiteit", "Begroot per activiteit", Kolom("Activiteit", breedte=40), activiteiten.begroot),
            (
                "Gerealiseerd per activiteit",
                "Gerealiseerd per activiteit",
                Kolom("Activiteit", breedte=40),
                activiteiten.gerealiseerd,
            ),
        ):
            kolommen = [eerste, *_jaarkolommen(jaren)]
            yield Blad(naam=naam, titel=titel + periode, kolommen=kolommen, rijen=_reeksrijen(reeksen))


def _jaarkolommen(jaren: list[int]) -> list[Kolom]:
    """A column per year and one for the period, from the figures `Reeks` declares."""
    kolommen = []
    for f in figuren(Reeks):
        if f.per_jaar:
            kolommen += [Kolom(f.bladkop(jaar=j), f.soort, totaal=True) for j in jaren]
        else:
            kolommen.append(Kolom.van(f))
    return kolommen


def _reeksrijen(reeksen):
    for reeks in reeksen:
        rij = [reeks.naam]
        for f in figuren(Reeks):
            waarde = f.waarde(reeks)
            rij += [f.soort.cel(w) for w in waarde] if f.per_jaar else [f.soort.cel(waarde)]
        yield rij
