"""A section's figures, declared once, on the dataclass that carries them.

A figure is a field (`figuur(...)`) or a property computed from the other fields
(`@afgeleid(...)`), with its label and its kind (`kern.soorten`). From that one line follow: the
dataclass field, the page's column (header, row and total cells, `templatetags/figuren.py`), the
line in the list of what changed since a report was laid down (`verschillen.py`, through the
tables of `cijfers.TABELLEN`), the frozen form (`bevriezen.py`) and a sheet's column
(`exporteren.schrijver.Kolom.van`). A new figure is its QuerySet annotation plus one such line."""

import dataclasses
import itertools
from collections.abc import Callable, Iterable, Mapping
from dataclasses import MISSING, dataclass, field
from functools import cache

from kern.figuren import Cijfer
from kern.money import ZERO, round_money
from kern.soorten import Soort

_volgorde = itertools.count()


class Afwezig:
    """A figure a laid-down report does not hold because the dashboard did not show it yet: shown
    as nothing, and in the comparison as "niet in het rapport", never as zero."""

    _enige = None

    def __new__(cls):
        if cls._enige is None:
            cls._enige = super().__new__(cls)
        return cls._enige

    def __bool__(self) -> bool:
        return False

    def __str__(self) -> str:
        return ""

    def __repr__(self) -> str:
        return "AFWEZIG"


AFWEZIG = Afwezig()


@dataclass(frozen=True)
class Figuur:
    label: str  # the column's title; "{jaar}" is the year of the section or of the cell
    soort: Soort
    bron: str | None = None  # the selector's value it is read from; None: the field's own name
    tabel: str = ""  # which of the row's tables shows it, when one row feeds more than one table
    kop: str | Callable | None = None  # the page's header when it says more than the label
    blad: str | bool = True  # a sheet's header when it differs from the label; False: not in sheets
    totaal: bool = False  # it sums: a sheet adds the column with =SUM() (a Cijfer's `somt`)
    breedte: int | None = None  # a sheet's column width, when the kind's does not fit
    vergelijk: bool = True  # False: it changes by itself every day (an invoice's age)
    alleen_als: str | None = None  # the column shows only where this property of the section holds
    per_jaar: bool = False  # a list with one value per year of the period, a column each
    cel: Callable | None = None  # (value, row, section, is_total) -> (css class, html): a cell of its own
    sleutel: str = ""  # the attribute on the row (filled in by `figuren`)
    afgeleid: bool = False
    volgorde: int = 0

    def waarde(self, rij):
        return getattr(rij, self.sleutel)

    def tekst(self, waarde) -> str | None:
        """The figure as the reader sees it; None when the snapshot does not hold it."""
        return None if waarde is AFWEZIG else self.soort.tekst(waarde)

    def koptekst(self, sectie=None, **context) -> str:
        if callable(self.kop):
            return self.kop(sectie)
        return (self.kop or self.label).format(**context)

    def bladkop(self, **context) -> str:
        return (self.blad if isinstance(self.blad, str) else self.label).format(**context)

    def getoond(self, sectie) -> bool:
        return self.alleen_als is None or bool(getattr(sectie, self.alleen_als))


def standaardcel(f: Figuur, waarde, rij, sectie, totaal: bool) -> tuple[str, str]:
    """A cell's class and text on the page: a number right-aligned."""
    return ("getal" if f.soort.rechts else ""), f.soort.tekst(waarde)


def rood(f: Figuur, waarde, rij, sectie, totaal: bool) -> tuple[str, str]:
    klasse, tekst = standaardcel(f, waarde, rij, sectie, totaal)
    return f"{klasse} nee".strip(), tekst


def rood_tenzij_totaal(f: Figuur, waarde, rij, sectie, totaal: bool) -> tuple[str, str]:
    """Red where a row has something open; the total row stays black."""
    if waarde and not totaal:
        return rood(f, waarde, rij, sectie, totaal)
    return standaardcel(f, waarde, rij, sectie, totaal)


def _uit_declaratie(declaratie, soort, opties: dict) -> tuple[str, Soort, dict]:
    """`declaratie` is a `kern.figuren.Cijfer` (the figure's one declaration: label, kind, whether it
    sums) or, for what is no figure of its own (a name, a year's cell), a text with its kind."""
    if isinstance(declaratie, Cijfer):
        opties = {"totaal": declaratie.somt, **opties}
        return opties.pop("label", declaratie.label), declaratie.soort, opties
    return declaratie, soort, opties


def figuur(declaratie: "Cijfer | str", soort: Soort | None = None, *, default=MISSING, **opties):
    """A stored figure: `openstaand: Decimal = figuur(OPENSTAAND)`, its label and kind from its
    declaration in `kern.figuren`."""
    label, soort, opties = _uit_declaratie(declaratie, soort, opties)
    return field(default=default, metadata={"figuur": Figuur(label, soort, volgorde=next(_volgorde), **opties)})


class _Afgeleid(property):
    figuur: Figuur


def afgeleid(declaratie: "Cijfer | str", soort: Soort | None = None, **opties):
    """A figure computed from the row's other figures, declared as a property:

        @afgeleid("Verschil", BEDRAG)
        def verschil(self): ...

    In a snapshot that lacks one of the figures it is computed from, it is absent too."""
    label, soort, opties = _uit_declaratie(declaratie, soort, opties)
    declaratie = Figuur(label, soort, afgeleid=True, volgorde=next(_volgorde), **opties)

    def maak(functie):
        def waarde(self):
            try:
                return functie(self)
            except TypeError:
                if any(getattr(self, f.name) is AFWEZIG for f in dataclasses.fields(self)):
                    return AFWEZIG
                raise

        eigenschap = _Afgeleid(waarde, doc=functie.__doc__)
        eigenschap.figuur = declaratie
        return eigenschap

    return maak


@cache
def alle_figuren(klasse) -> tuple[Figuur, ...]:
    """Every figure `klasse` declares, stored and derived, in the order they were declared."""
    gevonden = [
        dataclasses.replace(f.metadata["figuur"], sleutel=f.name)
        for f in dataclasses.fields(klasse)
        if "figuur" in f.metadata
    ]
    for basis in reversed(klasse.__mro__):
        for naam, waarde in vars(basis).items():
            if isinstance(waarde, _Afgeleid):
                gevonden.append(dataclasses.replace(waarde.figuur, sleutel=naam))
    return tuple(sorted(gevonden, key=lambda f: f.volgorde))


def figuren(klasse, tabel: str = "", sectie=None) -> list[Figuur]:
    """The figures of `klasse` that `tabel` shows (for `sectie`, when a column shows only sometimes)."""
    return [f for f in alle_figuren(klasse) if f.tabel == tabel and (sectie is None or f.getoond(sectie))]


def is_figuur(veld: dataclasses.Field) -> bool:
    return "figuur" in veld.metadata


def opgeslagen(klasse) -> list[Figuur]:
    return [f for f in alle_figuren(klasse) if not f.afgeleid]


def bronnen(klasse) -> list[str]:
    """The names of the values a selector reads `klasse`'s stored figures from."""
    return [f.bron or f.sleutel for f in opgeslagen(klasse)]


def uit(klasse, waarden: Mapping, **overig):
    """A `klasse` from a selector's values (a dict of `.values()`, or a model instance): every
    stored figure read from its source, an amount rounded to cents (zero when there is none)."""
    lees = waarden.__getitem__ if isinstance(waarden, Mapping) else lambda naam: getattr(waarden, naam)
    gelezen = {}
    for f in opgeslagen(klasse):
        waarde = lees(f.bron or f.sleutel)
        if f.soort.naam == "bedrag":
            waarde = round_money(waarde if waarde is not None else ZERO)
        gelezen[f.sleutel] = waarde
    return klasse(**gelezen, **overig)


@dataclass(frozen=True)
class Tabel:
    """A table of the report as the list of what changed walks it: its section's title and its
    rows as (row name, row, the values its labels are filled with). The columns are the figures
    the row's class declares for the table (`naam`); `omgedraaid`: the figures are the rows and
    the row names the columns (the joint totals per year)."""

    sectie: str
    rijen: Callable[[object], Iterable[tuple[str, object, dict]]]
    naam: str = ""
    omgedraaid: bool = False
    onderdeel: Callable[[object], object] | None = None  # the section whose state shows a column or not

    def vakjes(self, cijfers) -> Iterable[tuple[tuple[str, str, str], str | None]]:
        """Every compared figure as ((section, row, column), text); text None: not in the report."""
        sectie = self.onderdeel(cijfers) if self.onderdeel else None
        for rijnaam, rij, context in self.rijen(cijfers):
            for f in figuren(type(rij), self.naam, sectie):
                if not f.vergelijk:
                    continue
                waarde = f.waarde(rij)
                if waarde is AFWEZIG:
                    continue  # not in the report then: the comparison says so
                if f.per_jaar:
                    paren = [(f.label.format(jaar=j), w) for j, w in zip(context["jaren"], waarde, strict=True)]
                else:
                    paren = [(f.label.format(**context), waarde)]
                for kolom, w in paren:
                    sleutel = (self.sectie, kolom, rijnaam) if self.omgedraaid else (self.sectie, rijnaam, kolom)
                    yield sleutel, f.tekst(w)
