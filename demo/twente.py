"""Twente's demo data, as the seeds describe it (see ../shared/DOMAIN.md), for `manage.py demo_data`.

The tables below are the demo; `load_demo_data()` puts them in the database through the services
and `full_clean()`, so the demo obeys every rule a user does. The demo lives in today
(`timezone.localdate()`): the first period (2017-2021) is the seeds', the periods after it are
invented renewals, and the demo holds every year up to the current one, with only what has happened
by today (earlier years closed and paid, the current year realised up to last month, this year's
latest invoices partly open). Amounts and dates are fixed per day: two runs on the same day give the
same figures. Jenny Holtrop and Mariska ten Heuw come from the seeds; every other person, the
zorginstelling, the beschikking number, the kostenplaatsen and all e-mail addresses (under the
reserved `.example` domain) are invented for the demo.
"""

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.models import Group
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import transaction
from django.utils import timezone

from demo.cyclus import load_cyclus
from financiering.models import Betaling, Factuur, Financieringsafspraak, Toezegging
from financiering.services import afspraak_tekenen, betaling_registreren, factuur_registreren, toezegging_vastleggen
from jaarplan.models import Activiteit, Indicator, Jaarplan, Kostenrealisatie, Kostensoort, Outputrealisatie
from jaarplan.services import (
    begroting_bijwerken,
    begrotingswijziging_doorvoeren,
    jaarplan_afsluiten,
    jaarplan_vaststellen,
    kostenplaatskoppelingen_opslaan,
)
from kern.db import opgeteld
from kern.money import CENT, format_euro, round_money
from partners.models import (
    Contactpersoon,
    Gebruiker,
    Leerwerkloket,
    Partner,
    Project,
    Verdeelsleutel,
    VerdeelsleutelAandeel,
)
from partners.roles import Rol

Soort = Partner.Soort
Afspraak = Financieringsafspraak
K = Kostensoort

REGIO = {"naam": "Leerwerkloket Twente", "slug": "twente", "arbeidsmarktregio": "Twente"}
JAREN = (2017, 2018, 2019, 2020, 2021)  # the first period, from the seeds
EERSTE_JAAR = JAREN[0]
PERIODE_JAREN = len(JAREN)  # every renewal is again five years (DOMAIN.md: an assumption)

# username, first name, last name, role. Jenny Holtrop and Mariska ten Heuw are from the seeds.
GEBRUIKERS = [
    ("projectleider", "Jenny", "Holtrop", Rol.PROJECTLEIDER),
    ("stuurgroep", "Mariska", "ten Heuw", Rol.STUURGROEP),
    ("financien", "Fenna", "Oude Luttikhuis", Rol.FINANCIEN),  # invented
    ("beheerder", "Bart", "Nijhuis", Rol.BEHEERDER),  # invented; may use the admin (is_staff)
    ("landelijk", "Lotte", "Brouwer", Rol.LANDELIJK),  # invented; no region: reads every region, acts in none
]

# Partners with their contacts: (naam, functie, stuurgroeplid). `sleutel` names them below.
PARTNERS = [
    {
        "sleutel": "uwv",
        "naam": "UWV",
        "soort": Soort.UWV,
        "contacten": [
            ("Annemiek Lammers", "Manager Werkbedrijf UWV Twente", True),
            ("Ruud Kamphuis", "Adviseur aan het loket (0,4 fte)", False),
        ],
    },
    {
        "sleutel": "roc",
        "naam": "ROC van Twente",
        "soort": Soort.ROC,
        "contacten": [
            ("Gerard Olde Monnikhof", "Lid college van bestuur", True),
            ("Inge Wessels", "Coördinator BBL", False),
        ],
    },
    {
        "sleutel": "gemeenten",
        "naam": "Veertien Twentse gemeenten",
        "soort": Soort.GEMEENTE,
        "is_groep": True,
        "notities": "De veertien gemeenten dragen samen één bijdrage; die wordt verdeeld naar inwonertal.",
        "contacten": [
            (
                "Mariska ten Heuw",
                "Wethouder Hengelo, portefeuillehouder Leerwerkloket namens de veertien gemeenten",
                True,
            ),
            ("Marloes Heijink", "Beleidsadviseur arbeidsmarkt, gemeente Enschede", False),
        ],
    },
    {
        "sleutel": "aoc",
        "naam": "AOC Oost",
        "soort": Soort.AOC,
        "contacten": [("Jan Ribbers", "Teamleider volwassenenonderwijs", False)],
    },
    {
        "sleutel": "szw",
        "naam": "Ministerie van SZW",
        "soort": Soort.RIJK,
        "contacten": [("Sanne de Vries", "Beleidsmedewerker Leren en Ontwikkelen", False)],
    },
    {
        "sleutel": "wsp",
        "naam": "WerkgeversServicepunt Twente",
        "soort": Soort.WERKGEVER,
        "contacten": [("Erik Oude Vrielink", "Accountmanager werkgevers", False)],
    },
    {
        # Invented: the seeds speak of "zorginstellingen" in the training project without a name.
        "sleutel": "zorg",
        "naam": "Zorggroep Twente",
        "soort": Soort.ZORGINSTELLING,
        "contacten": [("Monique Pleijsier", "Manager opleidingen", False)],
    },
]

# DOMAIN.md: inhabitants of the fourteen gemeenten (2005), the verdeelsleutel of every year.
INWONERS = {
    "Enschede": 154_267,
    "Hengelo": 81_340,
    "Almelo": 72_031,
    "Rijssen-Holten": 36_432,
    "Hellendoorn": 36_146,
    "Hof van Twente": 35_025,
    "Twenterand": 33_434,
    "Oldenzaal": 31_295,
    "Dinkelland": 26_064,
    "Haaksbergen": 24_336,
    "Wierden": 23_553,
    "Losser": 22_496,
    "Tubbergen": 20_617,
    "Borne": 20_531,
}

PROJECT = {
    "naam": "Leerwerkarrangement zorg niveau 3 en 4",
    "omschrijving": (
        "Toeleidingstraject met zorginstellingen, ROC van Twente en het WerkgeversServicepunt: kandidaten "
        "werven en opleiden voor functies op mbo-niveau 3 en 4 waarin schaarste ontstaat. Het Leerwerkloket "
        "brengt de financial engineering in."
    ),
    "startjaar": 2018,
    "eindjaar": 2019,
    "deelnemers": ["zorg", "roc", "wsp", "aoc"],
}

# Toezeggingen: {jaar: bedrag in geld} or {jaar: (geld, natura)}.
AFSPRAKEN = [
    {
        "financier": "uwv",
        "soort": Afspraak.Soort.COFINANCIERING,
        "naam": "Cofinanciering UWV 2017-2021",
        "startjaar": 2017,
        "eindjaar": 2021,
        "minimum_per_jaar": 75_000,
        "in_natura_telt_mee": True,
        "omschrijving_natura": "0,4 fte adviseur aan het loket",
        "toezeggingen": dict.fromkeys(JAREN, (50_000, 25_000)),
        "notities": "UWV draagt deels in natura bij: een adviseur werkt 0,4 fte aan het loket.",
    },
    {
        "financier": "roc",
        "soort": Afspraak.Soort.COFINANCIERING,
        "naam": "Cofinanciering ROC van Twente 2017-2021",
        "startjaar": 2017,
        "eindjaar": 2021,
        "minimum_per_jaar": 75_000,
        "toezeggingen": {2017: 75_000, 2018: 75_000, 2019: 80_000, 2020: 80_000, 2021: 75_000},
        "notities": "In 2019 en 2020 € 5.000 extra voor de regionale routekaart BBL.",
    },
    {
        "financier": "gemeenten",
        "soort": Afspraak.Soort.COFINANCIERING,
        "naam": "Cofinanciering Twentse gemeenten 2017-2021",
        "startjaar": 2017,
        "eindjaar": 2021,
        "minimum_per_jaar": 75_000,
        "toezeggingen": {2017: 75_000, 2018: 75_000, 2019: 75_000, 2020: 75_000, 2021: 77_500},
        "notities": "Eén gezamenlijke bijdrage, verdeeld naar inwonertal.",
    },
    {
        "financier": "szw",
        "soort": Afspraak.Soort.STRUCTURELE_SUBSIDIE,
        "naam": "Structurele rijksbijdrage Leerwerkloket Twente",
        "startjaar": 2017,
        "eindjaar": None,
        "beschikkingsnummer": "SZW-2016-0123456",  # invented
        "beschikkingsdatum": datetime.date(2016, 12, 15),
        "toezeggingen": dict.fromkeys(JAREN, 100_000),
        "notities": "Basisbedrag per Leerwerkloket; SZW betaalt per kwartaal een voorschot.",
    },
    {
        "financier": "aoc",
        "soort": Afspraak.Soort.PROJECTBIJDRAGE,
        "naam": "Projectbijdrage AOC Oost leerwerkarrangement zorg",
        "startjaar": 2018,
        "eindjaar": 2019,
        "project": True,
        "toezeggingen": {2018: 15_000, 2019: 20_000},
    },
]

# The periods after the first are invented (README, "Beslissingen"): each co-financier renews for
# five years at or above the same minimum, the money part rising by VERVOLG_STIJGING a year from
# the 2022 amount (UWV's 0,4 fte in kind stays as it was); SZW's structural grant goes on at its
# fixed EUR 100,000, never indexed, recorded year by year as its beschikking comes in (so only up
# to the current year). AOC Oost had a project, which ended in 2019; no new project is invented.
VERVOLG_STIJGING = 2_000
VERVOLGAFSPRAKEN = [
    {
        "financier": "uwv",
        "naam": "Cofinanciering UWV",
        "geld_2022": 55_000,
        "natura": 25_000,
        "in_natura_telt_mee": True,
        "omschrijving_natura": "0,4 fte adviseur aan het loket",
        "notities": "Verlenging; UWV draagt deels in natura bij: een adviseur werkt 0,4 fte aan het loket.",
    },
    {"financier": "roc", "naam": "Cofinanciering ROC van Twente", "geld_2022": 80_000, "notities": "Verlenging."},
    {
        "financier": "gemeenten",
        "naam": "Cofinanciering Twentse gemeenten",
        "geld_2022": 80_000,
        "notities": "Verlenging; één gezamenlijke bijdrage, verdeeld naar inwonertal.",
    },
]


def demo_jaren(vandaag: datetime.date) -> range:
    """Every year of the demo: from 2017 up to and including the current year."""
    return range(EERSTE_JAAR, vandaag.year + 1)


def afspraken_tot(vandaag: datetime.date) -> list[dict]:
    """The agreements of the demo as of `vandaag`: the seeds' first period, and a renewal for every
    later period that has begun. Each is signed (`_Demo.afspraken_en_toezeggingen`); whether it
    runs or has ended follows from its years."""
    jaren = demo_jaren(vandaag)
    afspraken = []
    for gegevens in AFSPRAKEN:
        gegevens = dict(gegevens)
        if gegevens["eindjaar"] is None:  # structural: a toezegging for every year up to this one
            gegevens["toezeggingen"] = dict.fromkeys(jaren, gegevens["toezeggingen"][EERSTE_JAAR])
        else:
            gegevens["toezeggingen"] = {j: b for j, b in gegevens["toezeggingen"].items() if j in jaren}
        afspraken.append(gegevens)
    for startjaar in range(EERSTE_JAAR + PERIODE_JAREN, vandaag.year + 1, PERIODE_JAREN):
        eindjaar = startjaar + PERIODE_JAREN - 1
        for vervolg in VERVOLGAFSPRAKEN:
            natura = vervolg.get("natura", 0)
            toezeggingen = {}
            for jaar in range(startjaar, eindjaar + 1):
                geld = vervolg["geld_2022"] + VERVOLG_STIJGING * (jaar - 2022)
                toezeggingen[jaar] = (geld, natura) if natura else geld
            afspraken.append(
                {
                    "financier": vervolg["financier"],
                    "soort": Afspraak.Soort.COFINANCIERING,
                    "naam": f"{vervolg['naam']} {startjaar}-{eindjaar}",
                    "startjaar": startjaar,
                    "eindjaar": eindjaar,
                    "minimum_per_jaar": 75_000,
                    "in_natura_telt_mee": vervolg.get("in_natura_telt_mee", False),
                    "omschrijving_natura": vervolg.get("omschrijving_natura", ""),
                    "toezeggingen": toezeggingen,
                    "notities": vervolg["notities"],
                }
            )
    return afspraken


# The activities of every jaarplan. `code` stays the same each year. An indicator with `stand`
# is measured once a year (the number at that date); the others are counted per quarter.
ACTIVITEITEN = [
    {
        "code": "loketfunctie",
        "naam": "Loketfunctie en adviesgesprekken",
        "soort": Activiteit.Soort.LOKETFUNCTIE,
        "omschrijving": "Onafhankelijk advies over leren en werken; bij de aanmelding wordt bepaald welk gesprek.",
        "indicatoren": [
            {"code": "loopbaangesprekken", "naam": "Loopbaangesprekken", "eenheid": "gesprekken", "streef": 400},
            {"code": "vraagverheldering", "naam": "Vraagverheldering", "eenheid": "gesprekken", "streef": 350},
            {"code": "informatie", "naam": "Informatiegesprekken", "eenheid": "gesprekken", "streef": 250},
        ],
    },
    {
        "code": "spreekuur-enschede",
        "naam": "Spreekuur vrije inloop Enschede",
        "soort": Activiteit.Soort.SPREEKUUR,
        "locatie": "Werkplein Enschede",
        "indicatoren": [{"code": "bezoekers", "naam": "Bezoekers", "eenheid": "bezoekers", "streef": 300}],
    },
    {
        "code": "spreekuur-almelo",
        "naam": "Spreekuur vrije inloop Almelo",
        "soort": Activiteit.Soort.SPREEKUUR,
        "locatie": "Werkplein Almelo",
        "indicatoren": [{"code": "bezoekers", "naam": "Bezoekers", "eenheid": "bezoekers", "streef": 200}],
    },
    {
        "code": "spreekuur-hengelo",
        "naam": "Spreekuur vrije inloop Hengelo",
        "soort": Activiteit.Soort.SPREEKUUR,
        "locatie": "Werkplein Hengelo",
        "indicatoren": [{"code": "bezoekers", "naam": "Bezoekers", "eenheid": "bezoekers", "streef": 200}],
    },
    {
        "code": "e-portfolio",
        "naam": "E-portfolio",
        "soort": Activiteit.Soort.E_PORTFOLIO,
        "omschrijving": (
            "De klant houdt zelf regie op zijn gegevens; na de statushouders een proef met reguliere klanten."
        ),
        "indicatoren": [{"code": "deelnemers", "naam": "Deelnemers", "eenheid": "deelnemers", "streef": 50}],
    },
    {
        "code": "leerwerkarrangement-zorg",
        "naam": "Leerwerkarrangement zorg niveau 3 en 4",
        "soort": Activiteit.Soort.LEERWERKARRANGEMENT,
        "project": True,
        "jaren": (2018, 2019),
        "indicatoren": [
            {
                "code": "kandidaten",
                "naam": "Kandidaten in opleiding",
                "eenheid": "kandidaten",
                "streef": {2018: 30, 2019: 40},
            }
        ],
    },
    {
        "code": "routekaart-bbl",
        "naam": "Regionale routekaart BBL",
        "soort": Activiteit.Soort.ROUTEKAART_BBL,
        "omschrijving": "BBL-plaatsen en kandidaten bij elkaar brengen, zodat geen opleidingsplaats verloren gaat.",
        "indicatoren": [{"code": "bbl-plaatsen", "naam": "BBL-plaatsen", "eenheid": "plaatsen", "streef": 25}],
    },
    {
        "code": "taalakkoord",
        "naam": "Taalakkoord",
        "soort": Activiteit.Soort.TAALAKKOORD,
        "omschrijving": "Werkgevers die de taalvaardigheid van hun medewerkers verbeteren.",
        "indicatoren": [
            {
                "code": "deelnemende-bedrijven",
                "naam": "Deelnemende bedrijven",
                "eenheid": "bedrijven",
                "streef": 3,
                # From 2022 invented; later years keep the last number.
                "stand": {2017: 2, 2018: 3, 2019: 3, 2020: 4, 2021: 4, 2022: 5, 2023: 5, 2024: 6, 2025: 6, 2026: 7},
            }
        ],
    },
]

# The budget as the stuurgroep adopted it, per activity and cost kind, in euros.
#                                              2017     2018     2019     2020     2021
BEGROTING = {
    "loketfunctie": {
        K.PERSONEEL: (160_000, 163_000, 166_000, 174_000, 178_000),
        K.HUISVESTING: (24_000, 24_000, 24_500, 24_500, 25_000),
        K.MATERIAAL: (6_000, 6_000, 6_000, 6_500, 6_500),
    },
    "spreekuur-enschede": {
        K.PERSONEEL: (16_000, 16_000, 16_500, 16_500, 17_500),
        K.HUISVESTING: (3_000, 3_000, 3_000, 3_000, 3_000),
    },
    "spreekuur-almelo": {
        K.PERSONEEL: (11_000, 11_000, 11_500, 11_500, 12_000),
        K.HUISVESTING: (2_000, 2_000, 2_000, 2_000, 2_000),
    },
    "spreekuur-hengelo": {
        K.PERSONEEL: (11_000, 11_000, 11_500, 11_500, 12_000),
        K.HUISVESTING: (2_000, 2_000, 2_000, 2_000, 2_000),
    },
    "e-portfolio": {
        K.INHUUR: (10_000, 2_000, 2_000, 3_000, 3_000),
        K.MATERIAAL: (8_000, 6_000, 6_000, 6_000, 6_000),
        K.PERSONEEL: (6_000, 8_000, 8_000, 10_500, 9_000),
    },
    "leerwerkarrangement-zorg": {
        K.PERSONEEL: (None, 22_000, 26_000, None, None),
        K.INHUUR: (None, 8_000, 8_000, None, None),
    },
    "routekaart-bbl": {
        K.PERSONEEL: (38_000, 36_000, 34_000, 40_000, 36_000),
        K.COMMUNICATIE: (6_000, 3_000, 4_000, 4_000, 3_000),
    },
    "taalakkoord": {
        K.PERSONEEL: (18_000, 14_000, 14_000, 16_000, 14_000),
        K.COMMUNICATIE: (4_000, 3_000, 3_000, 3_000, 3_000),
    },
}

# From 2022 (invented): the budget of 2021 as changed (BEGROTINGSWIJZIGING_2021), indexed by this
# much a year and rounded to hundreds of euros.
INDEXATIE = Decimal("0.02")

# Kostenplaatsen of the bookkeeping (invented), one per activity and cost kind, linked in the demo so
# that an export of the bookkeeping reads in at once: 41xx the desk, 42xx-44xx the walk-in hours,
# 45xx the e-portfolio, 46xx the project, 47xx the BBL routekaart, 48xx the taalakkoord.
KOSTENPLAATSEN = {
    "loketfunctie": 4100,
    "spreekuur-enschede": 4200,
    "spreekuur-almelo": 4300,
    "spreekuur-hengelo": 4400,
    "e-portfolio": 4500,
    "leerwerkarrangement-zorg": 4600,
    "routekaart-bbl": 4700,
    "taalakkoord": 4800,
}
KOSTENSOORT_CIJFER = {K.PERSONEEL: 1, K.INHUUR: 2, K.HUISVESTING: 3, K.MATERIAAL: 4, K.COMMUNICATIE: 5, K.OVERIG: 9}


def kostenplaatsen() -> dict[str, tuple[str, str]]:
    """{kostenplaats: (activiteit code, kostensoort)} for every line of the demo's budgets."""
    return {
        str(KOSTENPLAATSEN[code] + 10 * KOSTENSOORT_CIJFER[soort]): (code, soort)
        for code, regels in BEGROTING.items()
        for soort in regels
    }


# Dekking: each financier's toezegging fills these activities in this order, up to what is still
# uncovered; the financiers take turns in this order too (SZW last, it pays for whatever is left).
DEKKING_VOLGORDE = {
    "aoc": ["leerwerkarrangement-zorg"],
    "uwv": ["loketfunctie"],
    "roc": ["routekaart-bbl", "leerwerkarrangement-zorg", "e-portfolio", "loketfunctie"],
    "gemeenten": ["spreekuur-enschede", "spreekuur-hengelo", "spreekuur-almelo", "taalakkoord", "loketfunctie"],
    "szw": [
        "loketfunctie",
        "e-portfolio",
        "leerwerkarrangement-zorg",
        "taalakkoord",
        "spreekuur-enschede",
        "spreekuur-almelo",
        "spreekuur-hengelo",
        "routekaart-bbl",
    ],
}
# Left unallocated on purpose, so that the pages have free money to show.
NIET_TOEGEWEZEN = {("roc", 2019): 2_000, ("gemeenten", 2021): 2_500}

BEGROTINGSWIJZIGING_2021 = {
    "vanaf": datetime.date(2021, 8, 1),  # decided in August, for the extra hours from September
    "reden": (
        "Extra spreekuur vrije inloop op het Werkplein Almelo vanaf september wegens de drukte; de licentie "
        "van het e-portfolio valt € 1.000 lager uit. De gemeenten dekken € 1.500 uit hun nog vrije bijdrage."
    ),
    "begroting": {("spreekuur-almelo", K.PERSONEEL): 15_000, ("e-portfolio", K.MATERIAAL): 5_000},
    "extra_dekking": {("spreekuur-almelo", "gemeenten"): 1_500},
}

# Invoices for the money part of each cofinanciering, payable in 30 days: two halves a year in the
# first period, a quarter at the start of each quarter from 2022 (invented).
# Payments arrive after this many days, unless an exception below says otherwise.
FACTUURMOMENTEN = ((2, 1), (7, 1))  # (month, day) of the first and second invoice
FACTUURMOMENTEN_VANAF_2022 = ((1, 15), (4, 15), (7, 15), (10, 15))
BETAALTERMIJN = 30
BETAALT_NA_DAGEN = {"uwv": 14, "roc": 21, "gemeenten": 28}
# (financier, jaar, termijn) -> [(datum, bedrag)]; a payment after today has not happened yet.
AFWIJKENDE_BETALINGEN = {
    ("roc", 2018, 1): [(datetime.date(2018, 3, 19), None)],  # paid a fortnight late, in full
    ("gemeenten", 2020, 2): [(datetime.date(2020, 8, 14), 20_000), (datetime.date(2020, 9, 4), None)],  # in two parts
    ("roc", 2021, 2): [(datetime.date(2021, 7, 26), 20_000), (datetime.date(2021, 9, 27), None)],  # the rest late
    ("gemeenten", 2021, 2): [(datetime.date(2021, 9, 13), None)],  # overdue in August, paid after a reminder
}
# AOC Oost is invoiced once a year for the project: (factuurdatum, betaald op).
AOC_FACTUREN = {
    2018: (datetime.date(2018, 10, 1), datetime.date(2018, 10, 24)),
    2019: (datetime.date(2019, 10, 1), datetime.date(2020, 1, 20)),  # paid late
}
# SZW pays its grant in advance, a quarter on the 15th of January, April, July and October,
# without an invoice.
SZW_VOORSCHOTMAANDEN = (1, 4, 7, 10)

# Realisatie: a fixed cycle of percentages of the budget (92%-108%), so the actuals differ a
# little from the plan in a way that is the same on every run.
AFWIJKINGEN = tuple(
    Decimal(p) for p in ("0.97", "1.04", "0.92", "1.06", "1.00", "0.95", "1.08", "0.99", "1.02", "0.94", "1.05")
)
KWARTAALEINDEN = ((3, 31), (6, 30), (9, 30), (12, 31))


def euro(bedrag) -> Decimal:
    return Decimal(bedrag).quantize(CENT)


def _for_year(waarde, jaar: int):
    """A value that is the same every year, or a {jaar: waarde} dict."""
    return waarde.get(jaar) if isinstance(waarde, dict) else waarde


def _activiteiten_in(jaar: int):
    return [a for a in ACTIVITEITEN if "jaren" not in a or jaar in a["jaren"]]


def begroting_van(jaar: int) -> dict[tuple[str, str], Decimal]:
    """{(code, kostensoort): bedrag} of the adopted budget of `jaar`: the seeds' table up to 2021,
    then 2021's budget as changed, indexed by INDEXATIE a year."""
    if jaar in JAREN:
        i = JAREN.index(jaar)
        return {
            (code, soort): euro(bedragen[i])
            for code, regels in BEGROTING.items()
            for soort, bedragen in regels.items()
            if bedragen[i] is not None
        }
    basis = begroting_van(JAREN[-1]) | {
        regel: euro(bedrag) for regel, bedrag in BEGROTINGSWIJZIGING_2021["begroting"].items()
    }
    factor = (1 + INDEXATIE) ** (jaar - JAREN[-1])
    return {
        regel: euro((bedrag * factor / 100).quantize(Decimal(1), ROUND_HALF_UP) * 100)
        for regel, bedrag in basis.items()
    }


def toezeggingen_van(jaar: int, afspraken: list[dict]) -> dict[str, Decimal]:
    """{financier: total committed (money and in kind)} in `jaar`."""
    totaal = {}
    for afspraak in afspraken:
        bedrag = afspraak["toezeggingen"].get(jaar)
        if bedrag is not None:
            geld, natura = bedrag if isinstance(bedrag, tuple) else (bedrag, 0)
            totaal[afspraak["financier"]] = euro(geld) + euro(natura)
    return totaal


def dekking_van(jaar: int, afspraken: list[dict]) -> dict[tuple[str, str], Decimal]:
    """{(code, financier): bedrag}: the toezeggingen of `jaar` filling the budget in the order
    of DEKKING_VOLGORDE, never beyond an activity's budget or a toezegging."""
    ongedekt = {}
    for (code, _), bedrag in begroting_van(jaar).items():
        ongedekt[code] = ongedekt.get(code, 0) + bedrag
    vrij = toezeggingen_van(jaar, afspraken)
    dekking = {}
    for financier, codes in DEKKING_VOLGORDE.items():
        if financier not in vrij:
            continue
        over = vrij[financier] - euro(NIET_TOEGEWEZEN.get((financier, jaar), 0))
        for code in codes:
            bedrag = min(over, ongedekt.get(code, 0))
            if bedrag > 0:
                dekking[(code, financier)] = bedrag
                ongedekt[code] -= bedrag
                over -= bedrag
    return dekking


def _afwijking(*getallen: int) -> Decimal:
    return AFWIJKINGEN[sum(getallen) % len(AFWIJKINGEN)]


def _kwartaaleinde(jaar: int, kwartaal: int) -> datetime.date:
    maand, dag = KWARTAALEINDEN[kwartaal - 1]
    return datetime.date(jaar, maand, dag)


def _maandeinde(jaar: int, maand: int) -> datetime.date:
    return datetime.date(jaar + maand // 12, maand % 12 + 1, 1) - datetime.timedelta(days=1)


MAANDEN = [
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
]


def _clean_and_save(obj, door):
    """Check every rule of the model, then save it with `door` as the author in its history."""
    obj._history_user = door
    obj.full_clean()
    obj.save()
    return obj


def _write_line(stdout, tekst: str = "") -> None:
    if stdout is not None:
        stdout.write(tekst + "\n")


@transaction.atomic
def load_demo_data(stdout=None) -> bool:
    """Load Twente's demo and the demo users; returns whether anything was created.

    The demo runs up to today (`timezone.localdate()`). A region that already holds data is left
    alone (the demo is loaded only once), but missing role groups and demo users are still added;
    existing users keep their password."""
    wachtwoord = settings.DEMO_PASSWORD
    if not wachtwoord:
        raise ImproperlyConfigured("Er is geen DEMO_PASSWORD ingesteld; zonder wachtwoord geen demogebruikers.")
    vandaag = timezone.localdate()
    if vandaag.year < EERSTE_JAAR:
        raise ValidationError(
            f"De demo begint in {EERSTE_JAAR}, maar de datum van vandaag is {vandaag:%d-%m-%Y}; "
            "zet de klok van deze computer goed."
        )
    regio, regio_nieuw = Leerwerkloket.objects.get_or_create(slug=REGIO["slug"], defaults=REGIO)
    heeft_al_gegevens = not regio_nieuw and (
        regio.partners.exists() or regio.afspraken.exists() or regio.jaarplannen.exists() or regio.projecten.exists()
    )
    for rol in Rol:
        Group.objects.get_or_create(name=rol.value)
    gebruikers, nieuwe_gebruikers = _ensure_demo_users(regio, wachtwoord)

    if heeft_al_gegevens:
        _write_line(stdout, f"De demodata van {regio} is er al; er is niets opnieuw geladen.")
        laatste = regio.jaarplannen.order_by("-jaar").values_list("jaar", flat=True).first()
        if laatste is not None and laatste < vandaag.year:
            _write_line(
                stdout,
                f"De jaarplannen lopen tot en met {laatste}; de demo groeit niet mee met een bestaande database. "
                "Laad de demodata in een lege database om tot vandaag te komen.",
            )
        if nieuwe_gebruikers:
            _write_line(stdout, f"Ontbrekende demogebruikers aangemaakt: {', '.join(nieuwe_gebruikers)}.")
        return bool(nieuwe_gebruikers)

    _Demo(regio, gebruikers, vandaag).load()
    _print_summary(regio, stdout)
    return True


def _ensure_demo_users(regio, wachtwoord) -> tuple[dict[str, Gebruiker], list[str]]:
    gebruikers, nieuw = {}, []
    gehasht = None  # one (slow, deliberately) hash serves every demo user: they share the password anyway
    for username, voornaam, achternaam, rol in GEBRUIKERS:
        gebruiker = Gebruiker.objects.filter(username=username).first()
        if gebruiker is None:
            gebruiker = Gebruiker(
                username=username,
                first_name=voornaam,
                last_name=achternaam,
                email=f"{username}@lwl-twente.example",
                leerwerkloket=None if rol == Rol.LANDELIJK else regio,
                is_staff=rol == Rol.BEHEERDER,
            )
            password_validation.validate_password(wachtwoord, gebruiker)
            if gehasht is None:
                gebruiker.set_password(wachtwoord)
                gehasht = gebruiker.password
            gebruiker.password = gehasht
            gebruiker.full_clean()
            gebruiker.save()
            gebruiker.groups.add(Group.objects.get(name=rol.value))
            nieuw.append(username)
        gebruikers[rol] = gebruiker
    return gebruikers, nieuw


class _Demo:
    """The steps of loading the demo, in the order a real year would have gone."""

    def __init__(self, regio: Leerwerkloket, gebruikers: dict[str, Gebruiker], vandaag: datetime.date):
        self.regio = regio
        self.vandaag = vandaag
        self.jaren = demo_jaren(vandaag)
        self.afspraken = afspraken_tot(vandaag)
        # Bookings are in up to the end of last month.
        self.geboekt_tot = vandaag.replace(day=1) - datetime.timedelta(days=1)
        self.projectleider = gebruikers[Rol.PROJECTLEIDER]
        self.stuurgroep = gebruikers[Rol.STUURGROEP]
        self.financien = gebruikers[Rol.FINANCIEN]
        self.partners: dict[str, Partner] = {}
        self.toezeggingen: dict[tuple[str, int], Toezegging] = {}
        self.factuurnummers: dict[int, int] = {}

    def load(self) -> None:
        self.partners_en_project()
        self.afspraken_en_toezeggingen()
        for jaar in self.jaren:
            self.jaarplan(jaar)
        self.facturen_en_betalingen()
        kostenplaatskoppelingen_opslaan(leerwerkloket=self.regio, koppelingen=kostenplaatsen())
        load_cyclus(self.regio, self.vandaag, self.projectleider)

    # -- who ---------------------------------------------------------------------------------
    def partners_en_project(self) -> None:
        for gegevens in PARTNERS:
            partner = _clean_and_save(
                Partner(
                    leerwerkloket=self.regio,
                    naam=gegevens["naam"],
                    soort=gegevens["soort"],
                    is_groep=gegevens.get("is_groep", False),
                    notities=gegevens.get("notities", ""),
                ),
                self.projectleider,
            )
            self.partners[gegevens["sleutel"]] = partner
            for naam, functie, stuurgroeplid in gegevens["contacten"]:
                email = naam.lower().replace(" ", ".") + f"@{gegevens['sleutel']}.example"
                _clean_and_save(
                    Contactpersoon(
                        partner=partner, naam=naam, functie=functie, email=email, is_stuurgroeplid=stuurgroeplid
                    ),
                    self.projectleider,
                )

        groep = self.partners["gemeenten"]
        leden = [
            _clean_and_save(
                Partner(leerwerkloket=self.regio, naam=f"Gemeente {naam}", soort=Soort.GEMEENTE, groep=groep),
                self.projectleider,
            )
            for naam in INWONERS
        ]
        for jaar in self.jaren:
            sleutel = _clean_and_save(
                Verdeelsleutel(
                    groep=groep,
                    jaar=jaar,
                    methode=Verdeelsleutel.Methode.INWONERS,
                    toelichting="Inwonertallen 2005.",
                ),
                self.projectleider,
            )
            for lid, inwoners in zip(leden, INWONERS.values(), strict=True):
                _clean_and_save(
                    VerdeelsleutelAandeel(verdeelsleutel=sleutel, partner=lid, inwoners=inwoners), self.projectleider
                )

        self.project = _clean_and_save(
            Project(
                leerwerkloket=self.regio,
                naam=PROJECT["naam"],
                omschrijving=PROJECT["omschrijving"],
                startjaar=PROJECT["startjaar"],
                eindjaar=PROJECT["eindjaar"],
            ),
            self.projectleider,
        )
        self.project.deelnemers.set([self.partners[s] for s in PROJECT["deelnemers"]])

    # -- money in ----------------------------------------------------------------------------
    def afspraken_en_toezeggingen(self) -> None:
        for gegevens in self.afspraken:
            minimum = gegevens.get("minimum_per_jaar")
            afspraak = _clean_and_save(
                Financieringsafspraak(
                    leerwerkloket=self.regio,
                    financier=self.partners[gegevens["financier"]],
                    soort=gegevens["soort"],
                    naam=gegevens["naam"],
                    startjaar=gegevens["startjaar"],
                    eindjaar=gegevens["eindjaar"],
                    minimum_per_jaar=None if minimum is None else euro(minimum),
                    in_natura_telt_mee=gegevens.get("in_natura_telt_mee", False),
                    project=self.project if gegevens.get("project") else None,
                    beschikkingsnummer=gegevens.get("beschikkingsnummer", ""),
                    beschikkingsdatum=gegevens.get("beschikkingsdatum"),
                    notities=gegevens.get("notities", ""),
                ),
                self.projectleider,
            )
            for jaar, bedrag in gegevens["toezeggingen"].items():
                geld, natura = bedrag if isinstance(bedrag, tuple) else (bedrag, 0)
                self.toezeggingen[(gegevens["financier"], jaar)] = toezegging_vastleggen(
                    afspraak=afspraak,
                    jaar=jaar,
                    bedrag_geld=euro(geld),
                    bedrag_natura=euro(natura),
                    omschrijving_natura=gegevens.get("omschrijving_natura", "") if natura else "",
                    door=self.projectleider,
                )
            # Signed as a real one is: after its years are agreed, through the transition, in
            # December before its first year (the first period in December 2016, DOMAIN.md).
            getekend = afspraak_tekenen(
                afspraak=afspraak,
                getekend_op=min(datetime.date(afspraak.startjaar - 1, 12, 15), self.vandaag),
                getekend_door=self.ondertekenaars(gegevens["financier"]),
                door=self.projectleider,
            )
            for jaar in gegevens["toezeggingen"]:  # the jaarplan's dekking reads them signed
                self.toezeggingen[(gegevens["financier"], jaar)].afspraak = getekend

    def ondertekenaars(self, financier: str) -> str:
        """Who signs: the financier's first contact, and the projectleider for the region (invented)."""
        partner = self.partners[financier]
        contact = partner.contactpersonen.order_by("pk").first()
        namens = f"{contact.naam} ({partner})" if contact else str(partner)
        return f"{namens} en {self.projectleider.get_full_name()} ({self.regio})"

    def facturen_en_betalingen(self) -> None:
        cofinanciers = [v["financier"] for v in VERVOLGAFSPRAKEN]
        for jaar in self.jaren:
            momenten = FACTUURMOMENTEN if jaar in JAREN else FACTUURMOMENTEN_VANAF_2022
            for termijn, (maand, dag) in enumerate(momenten, start=1):
                datum = datetime.date(jaar, maand, dag)
                if datum > self.vandaag:
                    continue
                for financier in cofinanciers:
                    toezegging = self.toezeggingen[(financier, jaar)]
                    deel = round_money(toezegging.bedrag_geld / len(momenten))
                    bedrag = deel if termijn < len(momenten) else toezegging.bedrag_geld - deel * (len(momenten) - 1)
                    factuur = self.factuur(
                        toezegging, datum, bedrag, f"Cofinanciering {jaar}, termijn {termijn} van {len(momenten)}"
                    )
                    for betaald_op, betaald in self.betalingen_van(financier, jaar, termijn, factuur):
                        if betaald_op <= self.vandaag:
                            self.betaling(factuur, betaald_op, betaald)
            if jaar in AOC_FACTUREN and AOC_FACTUREN[jaar][0] <= self.vandaag:
                datum, betaald_op = AOC_FACTUREN[jaar]
                toezegging = self.toezeggingen[("aoc", jaar)]
                factuur = self.factuur(toezegging, datum, toezegging.bedrag_geld, f"Projectbijdrage {jaar}")
                if betaald_op <= self.vandaag:
                    self.betaling(factuur, betaald_op, None)
            toezegging = self.toezeggingen[("szw", jaar)]
            for kwartaal, maand in enumerate(SZW_VOORSCHOTMAANDEN, start=1):
                datum = datetime.date(jaar, maand, 15)
                if datum > self.vandaag:
                    continue
                betaling_registreren(
                    toezegging=toezegging,
                    bedrag=round_money(toezegging.bedrag_geld / 4),
                    datum=datum,
                    referentie=f"Voorschot rijksbijdrage {jaar}, kwartaal {kwartaal}",
                    door=self.financien,
                )

    def betalingen_van(self, financier: str, jaar: int, termijn: int, factuur: Factuur) -> list:
        """[(datum, bedrag or None for the rest)] of an invoice. In the current year, of the invoices
        already due, the latest is partly open: the gemeenten have not paid it, ROC paid half."""
        if (financier, jaar, termijn) in AFWIJKENDE_BETALINGEN:
            return AFWIJKENDE_BETALINGEN[(financier, jaar, termijn)]
        op_tijd = factuur.factuurdatum + datetime.timedelta(days=BETAALT_NA_DAGEN[financier])
        if jaar == self.vandaag.year and jaar not in JAREN:
            verlopen = [
                datetime.date(jaar, maand, dag) + datetime.timedelta(days=BETAALTERMIJN)
                for maand, dag in FACTUURMOMENTEN_VANAF_2022
                if datetime.date(jaar, maand, dag) + datetime.timedelta(days=BETAALTERMIJN) < self.vandaag
            ]
            if verlopen and factuur.vervaldatum == verlopen[-1]:
                if financier == "gemeenten":
                    return []
                if financier == "roc":
                    return [(op_tijd, round_money(factuur.bedrag / 2))]
        return [(op_tijd, None)]

    def factuur(self, toezegging: Toezegging, datum: datetime.date, bedrag: Decimal, omschrijving: str) -> Factuur:
        volgnummer = self.factuurnummers[datum.year] = self.factuurnummers.get(datum.year, 0) + 1
        return factuur_registreren(
            toezegging=toezegging,
            nummer=f"LWT-{datum.year}-{volgnummer:03d}",
            factuurdatum=datum,
            vervaldatum=datum + datetime.timedelta(days=BETAALTERMIJN),
            bedrag=bedrag,
            omschrijving=omschrijving,
            door=self.financien,
        )

    def betaling(self, factuur: Factuur, datum: datetime.date, bedrag) -> Betaling:
        """`bedrag` None: what is still open on the invoice."""
        if bedrag is None:
            bedrag = factuur.bedrag - opgeteld(factuur.betalingen.all())
        return betaling_registreren(
            factuur=factuur,
            bedrag=euro(bedrag),
            datum=datum,
            referentie=f"{factuur.toezegging.financier} factuur {factuur.nummer}",
            door=self.financien,
        )

    # -- money out ---------------------------------------------------------------------------
    def jaarplan(self, jaar: int) -> None:
        jaarplan = _clean_and_save(
            Jaarplan(leerwerkloket=self.regio, jaar=jaar, toelichting=f"Jaarplan {jaar} van het Leerwerkloket Twente."),
            self.projectleider,
        )
        activiteiten = {}
        for volgorde, gegevens in enumerate(_activiteiten_in(jaar), start=1):
            activiteit = _clean_and_save(
                Activiteit(
                    jaarplan=jaarplan,
                    code=gegevens["code"],
                    naam=gegevens["naam"],
                    soort=gegevens["soort"],
                    locatie=gegevens.get("locatie", ""),
                    project=self.project if gegevens.get("project") else None,
                    omschrijving=gegevens.get("omschrijving", ""),
                    volgorde=volgorde * 10,
                ),
                self.projectleider,
            )
            activiteiten[gegevens["code"]] = activiteit
            for indicator in gegevens["indicatoren"]:
                _clean_and_save(
                    Indicator(
                        activiteit=activiteit,
                        code=indicator["code"],
                        naam=indicator["naam"],
                        eenheid=indicator["eenheid"],
                        streefwaarde=_for_year(indicator["streef"], jaar),
                    ),
                    self.projectleider,
                )

        begroting_bijwerken(
            jaarplan=jaarplan,
            door=self.projectleider,
            begroting={(activiteiten[code], soort): bedrag for (code, soort), bedrag in begroting_van(jaar).items()},
            toewijzing={
                (activiteiten[code], self.toezeggingen[(financier, jaar)]): bedrag
                for (code, financier), bedrag in dekking_van(jaar, self.afspraken).items()
            },
        )
        # The stuurgroep adopts the plan in the December before the year, accepting explicitly
        # what the seeds leave uncovered (vaststellen refuses a shortfall nobody accepted).
        jaarplan = jaarplan_vaststellen(
            jaarplan=jaarplan,
            door=self.stuurgroep,
            besluitdatum=datetime.date(jaar - 1, 12, 14),
            aanvaard_ongedekt=jaarplan.ongedekt_nu() or None,
        )
        self.realisatie(jaar, activiteiten)
        if jaar == JAREN[-1] and self.vandaag >= BEGROTINGSWIJZIGING_2021["vanaf"]:
            self.begrotingswijziging(jaarplan, activiteiten)
        if jaar < self.vandaag.year:
            jaarplan_afsluiten(jaarplan=jaarplan, door=self.financien)

    def realisatie(self, jaar: int, activiteiten: dict[str, Activiteit]) -> None:
        """What was spent and delivered in `jaar` up to the end of last month: costs per quarter in
        the first period, per month from 2022; outputs per quarter."""
        kwartalen = [k for k in range(1, 5) if _kwartaaleinde(jaar, k) <= self.geboekt_tot]
        if jaar in JAREN:
            perioden = [(k, _kwartaaleinde(jaar, k), f"{k}e kwartaal {jaar}") for k in kwartalen]
        else:
            perioden = [
                (m, _maandeinde(jaar, m), f"{MAANDEN[m - 1]} {jaar}")
                for m in range(1, 13)
                if _maandeinde(jaar, m) <= self.geboekt_tot
            ]
        for a, (code, activiteit) in enumerate(activiteiten.items()):
            for k, regel in enumerate(activiteit.begrotingsregels.order_by("kostensoort")):
                for periode, datum, naam in perioden:
                    bedrag = round_money(
                        regel.bedrag / (4 if jaar in JAREN else 12) * _afwijking(a * 5, k * 3, jaar, periode)
                    )
                    _clean_and_save(
                        Kostenrealisatie(
                            activiteit=activiteit,
                            kostensoort=regel.kostensoort,
                            datum=datum,
                            bedrag=bedrag,
                            omschrijving=f"Boekingen {naam}",
                        ),
                        self.financien,
                    )
            if not kwartalen:
                continue
            gegevens = next(g for g in ACTIVITEITEN if g["code"] == code)
            for i, (indicator, meting) in enumerate(
                zip(activiteit.indicatoren.order_by("pk"), gegevens["indicatoren"], strict=True)
            ):
                if "stand" in meting:
                    stand = meting["stand"].get(jaar, meting["stand"][max(meting["stand"])])
                    metingen = [(_kwartaaleinde(jaar, kwartalen[-1]), stand, "Stand op deze datum")]
                else:
                    streef = Decimal(indicator.streefwaarde) / 4
                    metingen = [
                        (
                            _kwartaaleinde(jaar, kwartaal),
                            int((streef * _afwijking(a * 7, i, jaar, kwartaal)).to_integral_value(ROUND_HALF_UP)),
                            f"Aantal in het {kwartaal}e kwartaal",
                        )
                        for kwartaal in kwartalen
                    ]
                for datum, aantal, toelichting in metingen:
                    _clean_and_save(
                        Outputrealisatie(indicator=indicator, datum=datum, aantal=aantal, toelichting=toelichting),
                        self.financien,
                    )

    def begrotingswijziging(self, jaarplan: Jaarplan, activiteiten: dict[str, Activiteit]) -> None:
        wijziging = BEGROTINGSWIJZIGING_2021
        toewijzing = {}
        for (code, financier), extra in wijziging["extra_dekking"].items():
            activiteit, toezegging = activiteiten[code], self.toezeggingen[(financier, jaarplan.jaar)]
            huidig = opgeteld(activiteit.dekkingen.filter(toezegging=toezegging))
            toewijzing[(activiteit, toezegging)] = huidig + euro(extra)
        begrotingswijziging_doorvoeren(
            jaarplan=jaarplan,
            door=self.projectleider,
            reden=wijziging["reden"],
            begroting={
                (activiteiten[code], soort): euro(bedrag) for (code, soort), bedrag in wijziging["begroting"].items()
            },
            toewijzing=toewijzing,
        )


def _print_summary(regio: Leerwerkloket, stdout) -> None:
    if stdout is None:
        return
    partners = Partner.objects.voor_regio(regio)
    facturen = Factuur.objects.voor_regio(regio)
    openstaand = Toezegging.objects.voor_regio(regio).met_geldstroom().opgeteld()["openstaand"]
    plannen = Jaarplan.objects.voor_regio(regio).order_by("jaar")
    _write_line(stdout, f"Demodata van {regio} geladen:")
    _write_line(
        stdout,
        f"  {partners.count()} partners (waarvan {partners.filter(groep__isnull=False).count()} gemeenten "
        f"in één samenwerkingsverband) en {Project.objects.voor_regio(regio).count()} project",
    )
    _write_line(
        stdout,
        f"  {Financieringsafspraak.objects.voor_regio(regio).count()} financieringsafspraken met "
        f"{Toezegging.objects.voor_regio(regio).count()} toezeggingen",
    )
    _write_line(
        stdout,
        "  jaarplannen: " + ", ".join(f"{p.jaar} {p.get_status_display().lower()}" for p in plannen),
    )
    _write_line(
        stdout,
        f"  {facturen.count()} facturen en {Betaling.objects.voor_regio(regio).count()} betalingen; "
        f"nog open op facturen: {format_euro(openstaand)}",
    )
    _write_line(stdout, f"  demogebruikers: {', '.join(g[0] for g in GEBRUIKERS)}")


def demo_logins() -> list[tuple[str, str, str]]:
    """(username, name, role) of the demo users, for `demo_data --logins`."""
    return [(username, f"{voornaam} {achternaam}", rol.label) for username, voornaam, achternaam, rol in GEBRUIKERS]
