"""Two costs of django-tables2 per cell, taken out (issue 26).

1. It asks `inspect.signature` of a cell's render or value method for every cell it shows
   (`django_tables2.utils.call_with_appropriate`): a fifth of a list page's time at 50 rows. The
   answer depends only on the function, so it is remembered per function here; a bound method is
   remembered by its function (a new bound method is made on every attribute access) and gives the
   same answer, `self` left out. Anything else (a partial, a class) is asked each time, as before.
   Installed once from kern's AppConfig.ready (decision 0068).
2. Its table template renders every cell through the template engine, and works out each column's
   `<td>` attributes again for every cell: half of a list page's time. `tabelrijen` writes the
   rows of the table's body in Python instead, each cell as django-tables2 makes it
   (`BoundRow.items`) and shown as the template would (`{{ cell }}`: localized and escaped), each
   column's attributes worked out once per page (decision 0074).

And one rule every list table follows (`Tabel`, their base): whatever column a reader sorts on,
the order ends with the primary key, so rows sharing a sort value (a year, a status) keep one order
and every page of the list holds rows no other page holds.
"""

import functools

import django_tables2 as tables
from django.template.base import render_value_in_context
from django.templatetags.l10n import localize, unlocalize
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django_tables2 import utils
from django_tables2.data import TableQuerysetData

_vragen = utils.signature


@functools.lru_cache(maxsize=1024)
def _van_functie(functie, gebonden: bool):
    if gebonden:
        # The bound method's signature is the function's without its first argument (self).
        argumenten, rest = _vragen(functie)
        return argumenten[1:], rest
    return _vragen(functie)


def signature(fn):
    functie = getattr(fn, "__func__", None)
    if functie is not None and getattr(fn, "__self__", None) is not None:
        return _van_functie(functie, True)
    if isinstance(fn, type(signature)):
        return _van_functie(fn, False)
    return _vragen(fn)


def installeren() -> None:
    utils.signature = signature


def _attributen(kolom) -> str | None:
    """A column's `<td>` attributes as HTML, the same for every row; None when they depend on the
    row (a callable in the table's or the column's attrs), to be worked out per cell as before."""
    delen = [deel for bron in (kolom._table.attrs, kolom.column.attrs) for deel in bron.values()]
    if any(callable(waarde) for deel in delen if isinstance(deel, dict) for waarde in deel.values()):
        return None
    return kolom.attrs["td"].as_html()


def _td(attributen: str) -> str:
    return f"<td {attributen}>" if attributen else "<td>"


def tabelrijen(tabel, context) -> SafeString:
    """The `<tr>`s of the table's body (this page's rows), or its empty text in one cell."""
    kolommen = list(tabel.columns)
    vast = {kolom.name: _attributen(kolom) for kolom in kolommen}
    delen = []
    for rij in tabel.paginated_rows:
        delen.append(f"<tr {rij.attrs.as_html()}>")
        for kolom, cel in rij.items():
            attributen = vast[kolom.name]
            if attributen is None:
                attributen = kolom.attrs["td"].as_html()
            if kolom.localize is None:
                tekst = render_value_in_context(cel, context)
            else:
                tekst = conditional_escape(localize(cel) if kolom.localize else unlocalize(cel))
            delen.append(f"{_td(attributen)}{tekst}</td>")
        delen.append("</tr>\n")
    if not delen and tabel.empty_text:
        return format_html('<tr><td colspan="{}">{}</td></tr>\n', len(kolommen), tabel.empty_text)
    return mark_safe("".join(delen))  # noqa: S308 (every cell is escaped above, the attributes by as_html)


class Tabel(tables.Table):
    """A list table whose order always ends with the primary key (see above): django-tables2
    replaces the view's whole ordering by the sorted column's, tie-break included."""

    @property
    def order_by(self):
        return tables.Table.order_by.fget(self)

    @order_by.setter
    def order_by(self, value):
        tables.Table.order_by.fset(self, value)
        if not isinstance(self.data, TableQuerysetData):
            return
        queryset = self.data.data
        volgorde = list(queryset.query.order_by) or list(queryset.model._meta.ordering)
        if not volgorde or any(isinstance(v, str) and v.lstrip("-") in ("pk", "id") for v in volgorde):
            return
        self.data.data = queryset.order_by(*volgorde, "pk")
