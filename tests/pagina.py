"""Read a page as a person reads it: its tables (header, rows of cell texts) and the texts of the
elements marked with a data- attribute (data-testid and the like). Whitespace is folded, except
the non-breaking space that keeps an amount on one line: a cell reads "€\u00a075.000,00", as
kern.money.format_euro writes it."""

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser


def _tekst(stukken: list[str]) -> str:
    return re.sub(r"[^\S\xa0]+", " ", "".join(stukken)).strip()


@dataclass
class Tabel:
    kop: list[str]
    rijen: list[list[str]] = field(default_factory=list)

    def rij(self, begin: str) -> dict[str, str]:
        """The first row whose first cell reads `begin` (or starts with it), by column title."""
        for rij in self.rijen:
            if rij and (rij[0] == begin or rij[0].startswith(begin + " ")):
                return dict(zip(self.kop, rij, strict=False))
        raise KeyError(f"Geen rij {begin!r} in {[r[0] for r in self.rijen if r]}")


class _Lezer(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tabellen: list[Tabel] = []
        self.testids: dict[str, str] = {}
        self._stapel: list[Tabel] = []
        self._rij: list | None = None
        self._cel: list[str] | None = None
        self._celsoort = ("", 1)
        self._in_kop = False
        self._open_testids: list[tuple[str, str, list[str], int]] = []
        self._diepte = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag not in ("br", "img", "input", "meta", "link", "hr"):
            self._diepte += 1
            for naam, waarde in attrs.items():
                if naam.startswith("data-") and waarde is not None:
                    self._open_testids.append((f"{naam}={waarde}", tag, [], self._diepte))
        if tag == "table":
            self._stapel.append(Tabel(kop=[]))
        elif tag == "thead":
            self._in_kop = True
        elif tag == "tr" and self._stapel:
            self._rij = []
        elif tag in ("td", "th") and self._rij is not None:
            self._cel = []
            self._celsoort = (tag, int(attrs.get("colspan") or 1))
        # A tag inside a cell separates words as the page shows them (a hint under a name).
        self._data(" ")

    def handle_endtag(self, tag):
        self._data(" ")
        if tag in ("td", "th") and self._cel is not None and self._rij is not None:
            self._rij.extend([_tekst(self._cel)] * self._celsoort[1])
            self._cel = None
        elif tag == "tr" and self._rij is not None and self._stapel:
            tabel = self._stapel[-1]
            if self._in_kop:
                tabel.kop = self._rij
            else:
                tabel.rijen.append(self._rij)
            self._rij = None
        elif tag == "thead":
            self._in_kop = False
        elif tag == "table" and self._stapel:
            self.tabellen.append(self._stapel.pop())
        if tag not in ("br", "img", "input", "meta", "link", "hr"):
            while self._open_testids and self._open_testids[-1][3] == self._diepte:
                naam, _, stukken, _ = self._open_testids.pop()
                self.testids.setdefault(naam, _tekst(stukken))
            self._diepte -= 1

    def _data(self, data):
        if self._cel is not None:
            self._cel.append(data)
        for _, _, stukken, _ in self._open_testids:
            stukken.append(data)

    def handle_data(self, data):
        self._data(data)


class Pagina:
    def __init__(self, html: str):
        lezer = _Lezer()
        lezer.feed(html)
        self.tabellen = lezer.tabellen
        self.testids = lezer.testids

    def tabel(self, *kolommen: str) -> Tabel:
        """The first table with every one of `kolommen` in its header."""
        for tabel in self.tabellen:
            if all(k in tabel.kop for k in kolommen):
                return tabel
        raise KeyError(f"Geen tabel met de kolommen {kolommen}; wel: {[t.kop for t in self.tabellen]}")

    def tekst(self, testid: str) -> str:
        return self.testids[f"data-testid={testid}"]

    def data(self, attribuut: str, waarde) -> str:
        """The text of the element marked `data-<attribuut>="<waarde>"`."""
        return self.testids[f"data-{attribuut}={waarde}"]
