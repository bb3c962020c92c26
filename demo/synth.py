"""Synthetic data at national scale (`manage.py synth_data`): every Leerwerkloket with partners,
agreements, jaarplannen, realisatie, invoices and payments, for measuring and load tests.

Rows go in with bulk inserts and are valid by construction (every named constraint holds, every
toezegging meets its minimum, no toezegging is allocated beyond itself, payments never exceed
their invoice). There is no history for synthetic rows: nobody made them. The same seed gives
the same data.
"""

import datetime
import random
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from financiering.models import Betaling, Factuur, Financieringsafspraak, Toezegging
from jaarplan.models import (
    Activiteit,
    Begrotingsregel,
    Dekking,
    Indicator,
    Jaarplan,
    Kostenrealisatie,
    Kostensoort,
    Outputrealisatie,
)
from kern.money import round_money, verdeel
from partners.models import Leerwerkloket, Partner, Verdeelsleutel, VerdeelsleutelAandeel

# The 35 labour-market regions (arbeidsmarktregio's) of the Netherlands.
REGIOS = [
    "Groningen", "Friesland", "Drenthe", "Regio Zwolle", "Twente", "Stedendriehoek en Noordwest Veluwe",
    "Achterhoek", "Midden-Gelderland", "Rijk van Nijmegen", "FoodValley", "Rivierenland", "Flevoland",
    "Amersfoort", "Midden-Utrecht", "Gooi en Vechtstreek", "Groot Amsterdam", "Zaanstreek/Waterland",
    "Noord-Holland Noord", "Zuid-Kennemerland en IJmond", "Midden-Holland", "Holland Rijnland",
    "Zuid-Holland Centraal", "Haaglanden", "Rijnmond", "Drechtsteden", "Gorinchem", "Zeeland", "West-Brabant",
    "Midden-Brabant", "Noordoost-Brabant", "Zuidoost-Brabant", "Helmond-De Peel", "Noord-Limburg",
    "Midden-Limburg", "Zuid-Limburg",
]  # fmt: skip
ACTIVITEITEN = [
    ("loketfunctie", "Loketfunctie en adviesgesprekken", Activiteit.Soort.LOKETFUNCTIE, "gesprekken"),
    ("spreekuur-1", "Spreekuur vrije inloop (1)", Activiteit.Soort.SPREEKUUR, "bezoekers"),
    ("spreekuur-2", "Spreekuur vrije inloop (2)", Activiteit.Soort.SPREEKUUR, "bezoekers"),
    ("e-portfolio", "E-portfolio", Activiteit.Soort.E_PORTFOLIO, "deelnemers"),
    ("leerwerkarrangement", "Leerwerkarrangement", Activiteit.Soort.LEERWERKARRANGEMENT, "kandidaten"),
    ("routekaart-bbl", "Regionale routekaart BBL", Activiteit.Soort.ROUTEKAART_BBL, "plaatsen"),
    ("taalakkoord", "Taalakkoord", Activiteit.Soort.TAALAKKOORD, "bedrijven"),
    ("werkgeversdienst", "Werkgeversdienstverlening", Activiteit.Soort.OVERIG, "werkgevers"),
]
KOSTENSOORTEN = [k for k, _ in Kostensoort.choices if k != Kostensoort.OVERIG]
COFINANCIERS = [("UWV", Partner.Soort.UWV), ("ROC", Partner.Soort.ROC), ("Gemeenten", Partner.Soort.GEMEENTE)]
BATCH = 5000


@dataclass
class Counts:
    regios: int = 0
    skipped: list[str] = field(default_factory=list)
    rows: dict[str, int] = field(default_factory=dict)

    def add(self, naam: str, aantal: int) -> None:
        self.rows[naam] = self.rows.get(naam, 0) + aantal


def make_synthetic_data(*, regios: int, jaren: int, seed: int = 2017, boekingen: int = 30, eerste_jaar: int = 2017):
    """Regions 1..`regios` of REGIOS, each with `jaren` years from `eerste_jaar`; `boekingen` cost
    bookings per budget line a year. Existing regions (by slug) are left alone."""
    counts = Counts()
    for nummer, naam in enumerate(REGIOS[:regios]):
        slug = slugify(naam.replace("/", "-"))
        if Leerwerkloket.objects.filter(slug=slug).exists():
            counts.skipped.append(naam)
            continue
        with transaction.atomic():
            _Regio(naam, slug, random.Random(seed * 1000 + nummer), jaren, eerste_jaar, boekingen, counts).make()
        counts.regios += 1
    return counts


class _Regio:
    def __init__(self, naam, slug, rnd, jaren, eerste_jaar, boekingen, counts):
        self.naam, self.slug, self.rnd, self.counts = naam, slug, rnd, counts
        self.jaren = list(range(eerste_jaar, eerste_jaar + jaren))
        self.boekingen = boekingen

    def random_bedrag(self, low: int, high: int, step: int = 500) -> Decimal:
        return Decimal(self.rnd.randrange(low, high + 1, step)).quantize(Decimal("0.01"))

    def bulk(self, model, rijen):
        model.objects.bulk_create(rijen, batch_size=BATCH)
        self.counts.add(model._meta.verbose_name_plural, len(rijen))
        return rijen

    def make(self):
        regio = Leerwerkloket.objects.create(
            naam=f"Leerwerkloket {self.naam}", slug=self.slug, arbeidsmarktregio=self.naam
        )
        financiers = self.partners(regio)
        toezeggingen = self.afspraken(regio, financiers)
        self.geldstroom(toezeggingen)
        for jaar in self.jaren:
            self.jaarplan(regio, jaar, [t for t in toezeggingen if t.jaar == jaar])

    def partners(self, regio):
        partners = {
            naam: Partner(leerwerkloket=regio, naam=f"{naam} {self.naam}", soort=soort, is_groep=naam == "Gemeenten")
            for naam, soort in [*COFINANCIERS, ("SZW", Partner.Soort.RIJK), ("Werkgevers", Partner.Soort.WERKGEVER)]
        }
        self.bulk(Partner, list(partners.values()))
        groep = partners["Gemeenten"]
        leden = self.bulk(
            Partner,
            [
                Partner(
                    leerwerkloket=regio, naam=f"Gemeente {self.naam} {i}", soort=Partner.Soort.GEMEENTE, groep=groep
                )
                for i in range(1, self.rnd.randint(3, 12) + 1)
            ],
        )
        sleutels = self.bulk(
            Verdeelsleutel,
            [Verdeelsleutel(groep=groep, jaar=jaar, methode=Verdeelsleutel.Methode.INWONERS) for jaar in self.jaren],
        )
        inwoners = [self.rnd.randint(10_000, 350_000) for _ in leden]
        self.bulk(
            VerdeelsleutelAandeel,
            [
                VerdeelsleutelAandeel(verdeelsleutel=sleutel, partner=lid, inwoners=aantal)
                for sleutel in sleutels
                for lid, aantal in zip(leden, inwoners, strict=True)
            ],
        )
        return partners

    def afspraken(self, regio, financiers):
        eerste, laatste = self.jaren[0], self.jaren[-1]
        afspraken = []
        for naam, _ in COFINANCIERS:
            minimum = self.random_bedrag(50_000, 100_000, 5000)
            afspraken.append(
                Financieringsafspraak(
                    leerwerkloket=regio,
                    financier=financiers[naam],
                    soort=Financieringsafspraak.Soort.COFINANCIERING,
                    naam=f"Cofinanciering {naam} {eerste}-{laatste}",
                    startjaar=eerste,
                    eindjaar=laatste,
                    minimum_per_jaar=minimum,
                    in_natura_telt_mee=naam == "UWV",
                )
            )
        afspraken.append(
            Financieringsafspraak(
                leerwerkloket=regio,
                financier=financiers["SZW"],
                soort=Financieringsafspraak.Soort.STRUCTURELE_SUBSIDIE,
                naam=f"Rijksbijdrage Leerwerkloket {self.naam}",
                startjaar=eerste,
                beschikkingsnummer=f"SZW-{eerste - 1}-{self.rnd.randrange(10**6):06d}",
                beschikkingsdatum=datetime.date(eerste - 1, 12, 15),
            )
        )
        for afspraak in afspraken:  # signed through the transition, in December before the first year
            afspraak.tekenen(
                getekend_op=min(datetime.date(eerste - 1, 12, 15), timezone.localdate()),
                getekend_door=f"{afspraak.financier} en {regio}",
            )
        self.bulk(Financieringsafspraak, afspraken)
        toezeggingen = []
        for afspraak in afspraken:
            for jaar in self.jaren:
                if afspraak.minimum_per_jaar is None:
                    geld, natura = Decimal("100000.00"), Decimal("0.00")
                else:
                    totaal = afspraak.minimum_per_jaar + self.random_bedrag(0, 10_000, 2500)
                    natura = round_money(totaal * Decimal("0.3")) if afspraak.in_natura_telt_mee else Decimal("0.00")
                    geld = totaal - natura
                toezeggingen.append(Toezegging(afspraak=afspraak, jaar=jaar, bedrag_geld=geld, bedrag_natura=natura))
        return self.bulk(Toezegging, toezeggingen)

    def geldstroom(self, toezeggingen):
        facturen, betalingen = [], []
        volgnummer = 0
        vandaag = timezone.localdate()
        for t in toezeggingen:
            if t.afspraak.soort != Financieringsafspraak.Soort.COFINANCIERING:
                for kwartaal, maand in enumerate((1, 4, 7, 10), start=1):
                    betalingen.append(
                        Betaling(
                            toezegging=t,
                            datum=datetime.date(t.jaar, maand, 15),
                            bedrag=round_money(t.bedrag_geld / 4),
                            referentie=f"Voorschot {t.jaar} kwartaal {kwartaal}",
                        )
                    )
                continue
            for termijn, deel in enumerate(verdeel(t.bedrag_geld, [1, 1]), start=1):
                volgnummer += 1
                datum = datetime.date(t.jaar, 2 if termijn == 1 else 7, 1)
                factuur = Factuur(
                    toezegging=t,
                    nummer=f"{self.slug[:8].upper()}-{t.jaar}-{volgnummer:04d}",
                    factuurdatum=datum,
                    vervaldatum=datum + datetime.timedelta(days=30),
                    bedrag=deel,
                    omschrijving=f"Cofinanciering {t.jaar}, termijn {termijn}",
                    # Written in bulk, past Factuur.clean(): the years the data is asked to reach may lie
                    # ahead, and an invoice dated after today is one finance staff confirmed.
                    vooruitgedateerd=datum > vandaag,
                )
                facturen.append(factuur)
                if self.rnd.random() < 0.9:  # one in ten invoices is still open
                    betalingen.append(
                        Betaling(
                            toezegging=t,
                            factuur=factuur,
                            datum=datum + datetime.timedelta(days=self.rnd.randint(7, 60)),
                            bedrag=deel,
                            referentie=f"Factuur {factuur.nummer}",
                        )
                    )
        self.bulk(Factuur, facturen)
        self.bulk(Betaling, betalingen)

    def jaarplan(self, regio, jaar, toezeggingen):
        laatste = jaar == self.jaren[-1]
        status = Jaarplan.Status.VASTGESTELD if laatste else Jaarplan.Status.AFGESLOTEN
        jaarplan = Jaarplan.objects.create(
            leerwerkloket=regio, jaar=jaar, status=status, besluitdatum=datetime.date(jaar - 1, 12, 14)
        )
        self.counts.add("jaarplannen", 1)
        activiteiten = self.bulk(
            Activiteit,
            [
                Activiteit(jaarplan=jaarplan, code=code, naam=naam, soort=soort, volgorde=i * 10)
                for i, (code, naam, soort, _) in enumerate(ACTIVITEITEN, start=1)
            ],
        )
        # The budget is what the toezeggingen bring in, give or take: spread over the activities.
        beschikbaar = sum((t.totaal for t in toezeggingen), Decimal("0"))
        begroting = verdeel(round_money(beschikbaar * Decimal(self.rnd.uniform(0.95, 1.05))), [5, 1, 1, 2, 2, 2, 1, 1])
        regels = []
        for activiteit, budget in zip(activiteiten, begroting, strict=True):
            soorten = self.rnd.sample(KOSTENSOORTEN, self.rnd.randint(2, 3))
            delen = verdeel(budget, [self.rnd.randint(1, 5) for _ in soorten])
            regels += [
                Begrotingsregel(activiteit=activiteit, kostensoort=k, bedrag=d)
                for k, d in zip(soorten, delen, strict=True)
            ]
        self.bulk(Begrotingsregel, regels)
        self.dekking(activiteiten, begroting, toezeggingen)
        indicatoren = self.bulk(
            Indicator,
            [
                Indicator(
                    activiteit=a,
                    code=eenheid,
                    naam=eenheid.capitalize(),
                    eenheid=eenheid,
                    streefwaarde=self.rnd.randint(20, 1200),
                )
                for a, (_, _, _, eenheid) in zip(activiteiten, ACTIVITEITEN, strict=True)
            ],
        )
        maanden = 6 if laatste else 12
        boekingen = max(1, self.boekingen * maanden // 12)
        kosten = []
        for regel in regels:
            for b in range(boekingen):
                dag = datetime.date(jaar, 1 + (b * maanden) // boekingen, self.rnd.randint(1, 28))
                bedrag = round_money(regel.bedrag / self.boekingen * Decimal(self.rnd.uniform(0.8, 1.2)))
                kosten.append(
                    Kostenrealisatie(
                        activiteit=regel.activiteit,
                        kostensoort=regel.kostensoort,
                        datum=dag,
                        bedrag=bedrag,
                        omschrijving=f"Boeking {b + 1}",
                    )
                )
        self.bulk(Kostenrealisatie, kosten)
        self.bulk(
            Outputrealisatie,
            [
                Outputrealisatie(
                    indicator=i,
                    datum=datetime.date(jaar, maand, 28),
                    aantal=max(0, round(i.streefwaarde / 12 * self.rnd.uniform(0.7, 1.3))),
                )
                for i in indicatoren
                for maand in range(1, maanden + 1)
            ],
        )

    def dekking(self, activiteiten, begroting, toezeggingen):
        """Each toezegging fills the activities in turn, never beyond the budget or itself."""
        ongedekt = dict(zip((a.pk for a in activiteiten), begroting, strict=True))
        rijen = []
        for t in toezeggingen:
            vrij = t.totaal
            volgorde = list(activiteiten)
            self.rnd.shuffle(volgorde)
            for activiteit in volgorde:
                bedrag = min(vrij, ongedekt[activiteit.pk])
                if bedrag > 0:
                    rijen.append(Dekking(activiteit=activiteit, toezegging=t, bedrag=bedrag))
                    ongedekt[activiteit.pk] -= bedrag
                    vrij -= bedrag
                if vrij <= 0:
                    break
        self.bulk(Dekking, rijen)
