"""The sheets the report exports are made of. Every figure is read from the database as the
pages read it (the same QuerySet methods and selectors); a sheet holds raw values and the
writer adds formats and `=SUM()` totals."""

from decimal import Decimal

from django.db.models import Sum

from financiering.models import Betaling, Factuur, Toezegging
from jaarplan.models import Activiteit, Begrotingsregel, Indicator, Jaarplan, Kostenrealisatie, Kostensoort
from jaarplan.selectors import dekking_matrix
from kern.db import opgeteld
from kern.money import ZERO

from .registry import vandaag
from .schrijver import Blad, Kolom

SOORT_LABEL = dict(Kostensoort.choices)


def _procent(deel, geheel) -> Decimal | None:
    return (Decimal(deel) / Decimal(geheel)).quantize(Decimal("0.0001")) if geheel else None


def toezeggingen_met_geldstroom(leerwerkloket, **filters):
    return (
        Toezegging.objects.voor_regio(leerwerkloket)
        .filter(**filters)
        .met_geldstroom()
        .select_related("afspraak__financier")
        .order_by("jaar", "afspraak__financier__naam", "afspraak__naam")
    )


def jaarplan_van(leerwerkloket, jaar):
    return Jaarplan.objects.voor_regio(leerwerkloket).filter(jaar=jaar).first()


def blad_toezeggingen(leerwerkloket, jaar) -> Blad:
    def rijen():
        for t in toezeggingen_met_geldstroom(leerwerkloket, jaar=jaar):
            afspraak = t.afspraak
            geteld = afspraak.telt_voor_minimum(t.bedrag_geld, t.bedrag_natura)
            minimum = afspraak.minimum_per_jaar
            yield [
                afspraak.financier.naam,
                afspraak.naam,
                afspraak.get_soort_display(),
                minimum,
                t.bedrag_geld,
                t.bedrag_natura,
                t.bedrag_geld + t.bedrag_natura,
                ("ja" if geteld >= minimum else "nee") if minimum is not None else "",
                t.gefactureerd,
                t.ontvangen,
                t.openstaand,
            ]

    return Blad(
        naam="Toezeggingen",
        titel=f"Toezeggingen {jaar} – {leerwerkloket}",
        kolommen=[
            Kolom("Financier", breedte=30),
            Kolom("Afspraak", breedte=40),
            Kolom("Soort"),
            Kolom("Minimum per jaar", "bedrag"),
            Kolom("Toegezegd in geld", "bedrag", totaal=True),
            Kolom("Toegezegd in natura", "bedrag", totaal=True),
            Kolom("Toegezegd totaal", "bedrag", totaal=True),
            Kolom("Minimum gehaald", breedte=10),
            Kolom("Gefactureerd", "bedrag", totaal=True),
            Kolom("Ontvangen", "bedrag", totaal=True),
            Kolom("Openstaand", "bedrag", totaal=True),
        ],
        rijen=rijen(),
        toelichting=(
            "Openstaand = wat gefactureerd is en op die facturen nog niet is betaald. "
            "Een voorschot zonder factuur (SZW) staat als ontvangen en maakt niets openstaand."
        ),
    )


def blad_facturen(leerwerkloket, jaar) -> Blad:
    op = vandaag()
    facturen = (
        Factuur.objects.voor_regio(leerwerkloket)
        .filter(toezegging__jaar=jaar)
        .met_ontvangen()
        .select_related("toezegging__afspraak__financier")
        .order_by("factuurdatum", "nummer")
    )

    def rijen():
        for f in facturen:
            dagen = (op - f.vervaldatum).days if f.openstaand > 0 and f.vervaldatum < op else None
            yield [
                f.nummer,
                f.toezegging.afspraak.financier.naam,
                f.factuurdatum,
                f.vervaldatum,
                f.omschrijving,
                f.bedrag,
                f.ontvangen,
                f.openstaand,
                dagen,
            ]

    return Blad(
        naam="Facturen",
        titel=f"Facturen voor toezeggingen {jaar}",
        kolommen=[
            Kolom("Factuur", breedte=14),
            Kolom("Financier", breedte=30),
            Kolom("Factuurdatum", "datum"),
            Kolom("Vervaldatum", "datum"),
            Kolom("Omschrijving", breedte=36),
            Kolom("Bedrag", "bedrag", totaal=True),
            Kolom("Ontvangen", "bedrag", totaal=True),
            Kolom("Openstaand", "bedrag", totaal=True),
            Kolom("Dagen verlopen", "getal"),
        ],
        rijen=rijen(),
        toelichting=f"Dagen verlopen: op {op:%d-%m-%Y}, voor facturen die nog (deels) openstaan.",
    )


def blad_betalingen(leerwerkloket, jaar, financier=None) -> Blad:
    betalingen = Betaling.objects.voor_regio(leerwerkloket).filter(toezegging__jaar=jaar)
    if financier is not None:
        betalingen = betalingen.filter(toezegging__afspraak__financier=financier)
    betalingen = betalingen.select_related("toezegging__afspraak__financier", "factuur").order_by("datum", "pk")

    def rijen():
        for b in betalingen:
            yield [
                b.datum,
                b.toezegging.afspraak.financier.naam,
                b.factuur.nummer if b.factuur else "",
                b.referentie,
                b.bedrag,
            ]

    return Blad(
        naam="Betalingen",
        titel=f"Ontvangen betalingen op toezeggingen {jaar}",
        kolommen=[
            Kolom("Datum", "datum"),
            Kolom("Financier", breedte=30),
            Kolom("Factuur", breedte=14),
            Kolom("Referentie", breedte=40),
            Kolom("Bedrag", "bedrag", totaal=True),
        ],
        rijen=rijen(),
    )


def blad_begroting_realisatie(jaarplan) -> Blad:
    begroot = {
        (a, k): b
        for a, k, b in Begrotingsregel.objects.filter(activiteit__jaarplan=jaarplan).values_list(
            "activiteit_id", "kostensoort", "bedrag"
        )
    }
    gerealiseerd = {
        (r["activiteit_id"], r["kostensoort"]): r["totaal"]
        for r in Kostenrealisatie.objects.filter(activiteit__jaarplan=jaarplan)
        .values("activiteit_id", "kostensoort")
        .annotate(totaal=Sum("bedrag"))
    }
    activiteiten = list(Activiteit.objects.filter(jaarplan=jaarplan).order_by("volgorde", "naam"))

    def rijen():
        for activiteit in activiteiten:
            for soort, label in Kostensoort.choices:
                b = begroot.get((activiteit.pk, soort))
                g = gerealiseerd.get((activiteit.pk, soort))
                if b is None and g is None:
                    continue
                b, g = b or ZERO, g or ZERO
                yield [activiteit.naam, label, b, g, g - b, _procent(g, b)]

    return Blad(
        naam="Begroting en realisatie",
        titel=f"Begroting en realisatie {jaarplan.jaar} (jaarplan {jaarplan.get_status_display().lower()})",
        kolommen=[
            Kolom("Activiteit", breedte=40),
            Kolom("Kostensoort", breedte=22),
            Kolom("Begroot", "bedrag", totaal=True),
            Kolom("Gerealiseerd", "bedrag", totaal=True),
            Kolom("Verschil", "bedrag", totaal=True),
            Kolom("Gerealiseerd van begroot", "procent"),
        ],
        rijen=rijen(),
        toelichting="Verschil = gerealiseerd - begroot; positief is meer uitgegeven dan begroot.",
    )


def blad_dekking(jaarplan) -> Blad:
    matrix = dekking_matrix(jaarplan)
    bronnen = matrix.bronnen

    def rijen():
        for rij in matrix.rijen:
            yield [rij.activiteit.naam, rij.begroot, *[c or ZERO for c in rij.cellen], rij.gedekt, rij.ongedekt]

    return Blad(
        naam="Dekking",
        titel=f"Dekking {jaarplan.jaar}: welke toezegging betaalt welke activiteit",
        kolommen=[
            Kolom("Activiteit", breedte=40),
            Kolom("Begroot", "bedrag", totaal=True),
            *[
                Kolom(f"{b.afspraak.financier.naam} ({b.afspraak.get_soort_display().lower()})", "bedrag", totaal=True)
                for b in bronnen
            ],
            Kolom("Gedekt", "bedrag", totaal=True),
            Kolom("Ongedekt", "bedrag", totaal=True),
        ],
        rijen=rijen(),
    )


def blad_output(jaarplan) -> Blad:
    indicatoren = (
        Indicator.objects.filter(activiteit__jaarplan=jaarplan)
        .select_related("activiteit")
        .annotate(gerealiseerd=Sum("realisaties__aantal"))
        .order_by("activiteit__volgorde", "activiteit__naam", "pk")
    )

    def rijen():
        for i in indicatoren:
            gerealiseerd = i.gerealiseerd or 0
            yield [
                i.activiteit.naam,
                i.naam,
                i.eenheid,
                i.streefwaarde,
                gerealiseerd,
                _procent(gerealiseerd, i.streefwaarde),
            ]

    return Blad(
        naam="Output",
        titel=f"Output tegen streefwaarden {jaarplan.jaar}",
        kolommen=[
            Kolom("Activiteit", breedte=40),
            Kolom("Indicator", breedte=28),
            Kolom("Eenheid", breedte=14),
            Kolom("Streefwaarde", "getal"),
            Kolom("Gerealiseerd", "getal"),
            Kolom("Gerealiseerd van streefwaarde", "procent"),
        ],
        rijen=rijen(),
    )


def blad_gemeenten(leerwerkloket, jaar) -> Blad | None:
    """Each member's share of a group's toezegging by the verdeelsleutel, adding up to the cent."""
    toezeggingen = list(
        Toezegging.objects.voor_regio(leerwerkloket)
        .filter(jaar=jaar, afspraak__financier__is_groep=True)
        .select_related("afspraak__financier")
        .order_by("afspraak__financier__naam")
    )
    if not toezeggingen:
        return None

    def rijen():
        for t in toezeggingen:
            groep = t.afspraak.financier
            sleutel = groep.verdeelsleutel_voor(jaar)
            if sleutel is None:
                yield [groep.naam, "geen verdeelsleutel", None, None, t.totaal]
                continue
            for aandeel, fractie, bedrag in sleutel.verdeel(t.totaal):
                yield [
                    groep.naam,
                    aandeel.partner.naam,
                    aandeel.inwoners,
                    fractie.quantize(Decimal("0.000001")),
                    bedrag,
                ]

    return Blad(
        naam="Gemeenten",
        titel=f"Verdeling van de gezamenlijke bijdrage {jaar} naar verdeelsleutel",
        kolommen=[
            Kolom("Samenwerkingsverband", breedte=30),
            Kolom("Gemeente", breedte=28),
            Kolom("Inwoners", "getal", totaal=True),
            Kolom("Aandeel", "procent", totaal=True),
            Kolom("Bedrag", "bedrag", totaal=True),
        ],
        rijen=rijen(),
        toelichting="De bedragen tellen op tot de toezegging, tot op de cent (grootste-restmethode).",
    )


def samenvatting(leerwerkloket, jaar) -> list[tuple[str, Decimal | None]]:
    """The year's key figures, each from the database."""
    toezeggingen = Toezegging.objects.voor_regio(leerwerkloket).filter(jaar=jaar)
    sommen = toezeggingen.aggregate(geld=Sum("bedrag_geld"), natura=Sum("bedrag_natura"))
    jaarplan = Jaarplan.objects.voor_regio(leerwerkloket).filter(jaar=jaar).met_totalen().first()
    begroot = jaarplan.totaal_begroot if jaarplan else ZERO
    gedekt = jaarplan.totaal_gedekt if jaarplan else ZERO
    ongedekt = jaarplan.totaal_ongedekt if jaarplan else ZERO
    gerealiseerd = jaarplan.totaal_gerealiseerd if jaarplan else ZERO
    gefactureerd = opgeteld(Factuur.objects.voor_regio(leerwerkloket).filter(toezegging__jaar=jaar))
    ontvangen = opgeteld(Betaling.objects.voor_regio(leerwerkloket).filter(toezegging__jaar=jaar))
    return [
        ("Toegezegd in geld", sommen["geld"] or ZERO),
        ("Toegezegd in natura", sommen["natura"] or ZERO),
        ("Gefactureerd", gefactureerd),
        ("Ontvangen", ontvangen),
        ("Begroot", begroot),
        ("Gedekt", gedekt),
        ("Nog niet gedekt", ongedekt),
        ("Gerealiseerd", gerealiseerd),
        ("Dekkingsgraad", jaarplan.dekkingsgraad.quantize(Decimal("0.0001")) if jaarplan and begroot else None),
        ("Gerealiseerd van begroot", _procent(gerealiseerd, begroot)),
    ]
